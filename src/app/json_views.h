// JSON views of pregon's values, shared by the CLI (`--json`) and the HTTP API so that both
// show the same shapes. Secrets never appear: a sender shows whether it has an API key or
// bot token, never the value, and an SMTP URL only without its password.
//
// Pure functions; safe from any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/audience/contact_importer.h"
#include "app/campaign_service.h"
#include "app/reports/report_loader.h"
#include "app/suppression_service.h"
#include "core/user.h"
#include "store/store.h"

namespace pregon {

// ISO 8601 UTC, or null.
nlohmann::json TimeJson(const std::optional<Timestamp>& t);

// `campaign status --json` (DESIGN §4): id, name, status, the counters and the times.
nlohmann::json CampaignStatusJson(const Campaign& c, const Counters& k);
// A campaign with everything an operator gave it (bodies, throttle, window…) and its
// status and counters; `sender`/`list` are the names of sender_id/list_id.
nlohmann::json CampaignJson(const Campaign& c, const Counters& k, const std::string& sender,
                            const std::string& list);
nlohmann::json AttachmentsJson(const std::vector<Attachment>& attachments);  // without bytes
nlohmann::json EventJson(const CampaignEvent& e);
nlohmann::json DeliveryJson(const Delivery& d);
nlohmann::json PreviewJson(const RenderedMessage& r);

nlohmann::json SenderJson(const Sender& s);
nlohmann::json ListJson(const ContactList& l);
nlohmann::json ContactJson(const Contact& c);
// A contact's free fields as an object ({} when it has none, or they do not read as one).
nlohmann::json ContactFields(const Contact& c);
nlohmann::json ReportRequestJson(const ReportRequest& r);
// {"id", "alias", "rows", "bad_rows", "replaced", "encoding", "problems": [{"line", "reason"}]}
nlohmann::json ReportLoadJson(int64_t id, std::string_view alias, const ReportLoadResult& r);
nlohmann::json ImportReportJson(const ImportReport& r);  // `contacts import --json`

nlohmann::json SuppressionJson(const Suppression& s);
nlohmann::json SuppressionImportJson(const SuppressionImportReport& r);

nlohmann::json UserJson(const User& u);          // never the password hash
nlohmann::json ApiTokenJson(const ApiToken& t);  // never the hash
nlohmann::json SessionJson(const Session& s);    // when, never the id or its hash

}  // namespace pregon
