// MessageRenderer: turns a campaign's templates and one recipient into an OutgoingMessage.
//
// Templates are Mustache ({{name}}, {{Ciudad}}, sections) rendered with mstch. Values are
// HTML-escaped in the HTML body and left as they are in the subject and text body — unless
// the campaign has a Telegram parse_mode, which the text's values are escaped for (HTML, or
// a backslash before Markdown's special characters). So the escaping is done here, on the
// values, and mstch's own escaping is switched off.
//
// The campaign's parse_mode, template_id and attachments are passed on with every message;
// with a template_id the message also carries the recipient's fields as a JSON `model`
// (the provider renders the template, so subject and bodies are left empty).
//
// Thread-safety: Render is const and safe to call from several threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "channels/channel.h"
#include "core/campaign.h"
#include "core/delivery.h"
#include "core/status.h"
#include "engine/message_tracking.h"

namespace pregon {

class MessageRenderer {
 public:
  // Attachments are taken from campaign.attachments, which should hold their bytes
  // (Store::GetAttachments), not only their metadata.
  // `tracking`, when given, decorates each campaign message (engine/message_tracking.h).
  explicit MessageRenderer(const Campaign& campaign,
                           std::shared_ptr<const MessageTracking> tracking = nullptr);

  // Renders for one recipient. `fields_json` is the contact's free fields (a JSON object);
  // a malformed one renders as if it were empty.
  OutgoingMessage Render(const DeliveryTask& task) const;

 private:
  struct Part {
    std::string text;
    bool has_tags;  // no "{{": the text is used as it is (most subjects)
  };
  Part subject_, text_, html_;
  int64_t campaign_id_;
  std::string reply_to_;
  std::string parse_mode_;
  std::string template_id_;
  std::shared_ptr<const std::vector<Attachment>> attachments_;  // null when none
  std::shared_ptr<const MessageTracking> tracking_;             // null when none
};

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view in);

}  // namespace pregon
