// A campaign as API JSON → the CampaignSpec the campaign use cases take (the same one the
// CLI builds from flags), so both validate alike.
//
//   {"name", "sender", "list", "subject", "text", "html", "reply_to", "parse_mode",
//    "template_id", "attachments": [{"filename", "content_type"?, "content_base64"}],
//    "batch_size", "batch_pause": "12m", "rate", "max_attempts", "guarantee",
//    "window": "08:00-21:00", "time_zone", "scheduled_at": ISO 8601}
//
// For an edit every field is optional (absent = unchanged); "window": null and
// "scheduled_at": null remove them.
#pragma once

#include "app/campaign_service.h"
#include "http/json_body.h"

namespace pregon::http {

struct CampaignInput {
  CampaignSpec spec;
  CampaignSpecText text;
  bool attachments_given = false;
};

// Reads the fields present in `f` onto `in` (which holds defaults, or the campaign being
// edited). Errors are left in `f`. `create` makes name, sender and list required.
void ReadCampaignFields(JsonFields& f, CampaignInput* in, bool create);

}  // namespace pregon::http
