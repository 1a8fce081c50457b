#include "http/api/campaign_input.h"

#include <sodium.h>

#include "app/attachment_files.h"

namespace pregon::http {

namespace {

constexpr size_t kMaxBody = 1 << 20;  // subject and bodies, as `--text-file` allows

// One attachment: {"filename", "content_type"?, "content_base64"}.
void ReadAttachment(const nlohmann::json& object, size_t index, JsonFields& parent,
                    std::vector<Attachment>* out) {
  const std::string prefix = "attachments[" + std::to_string(index) + "].";
  JsonFields f(object, prefix);
  Attachment a;
  std::string base64;
  f.String("filename", &a.filename, JsonFields::kRequired, 255);
  f.String("content_type", &a.content_type, JsonFields::kOptional, 255);
  f.String("content_base64", &base64, JsonFields::kRequired,
           (kMaxAttachmentBytes / 3 + 1) * 4 + 1024);
  if (auto error = f.Finish()) return parent.Fail(*error);
  a.content.resize(base64.size() / 4 * 3 + 3);
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(a.content.data()), a.content.size(),
                        base64.data(), base64.size(), " \r\n\t", &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return parent.Fail(
        ApiError::BadRequest(prefix + "content_base64 is not base64", prefix + "content_base64"));
  a.content.resize(len);
  a.size = static_cast<int64_t>(len);
  if (a.content_type.empty()) a.content_type = MediaTypeFor(a.filename);
  out->push_back(std::move(a));
}

}  // namespace

void ReadCampaignFields(JsonFields& f, CampaignInput* in, bool create) {
  const auto need = create ? JsonFields::kRequired : JsonFields::kOptional;
  CampaignSpec& s = in->spec;
  CampaignSpecText& t = in->text;
  f.String("name", &s.name, need, 1000);
  f.String("sender", &s.sender, need, 100);
  f.String("list", &s.list, need, 100);
  f.String("subject", &s.subject, JsonFields::kOptional, kMaxBody);
  f.String("text", &s.text, JsonFields::kOptional, kMaxBody);
  f.String("html", &s.html, JsonFields::kOptional, kMaxBody);
  f.String("reply_to", &s.reply_to, JsonFields::kOptional, 320);
  f.String("parse_mode", &s.parse_mode, JsonFields::kOptional, 20);
  f.String("template_id", &s.template_id, JsonFields::kOptional, 1000);
  f.Int("batch_size", &s.throttle.batch_size, INT32_MIN, INT32_MAX);
  f.String("batch_pause", &t.batch_pause, JsonFields::kOptional, 100);
  f.Number("rate", &s.throttle.rate, -1e9, 1e9);
  f.Int("max_attempts", &s.throttle.max_attempts, INT32_MIN, INT32_MAX);
  f.String("guarantee", &t.guarantee, JsonFields::kOptional, 100);
  f.String("tracking", &t.tracking, JsonFields::kOptional, 20);
  if (!f.String("window", &t.window, JsonFields::kNullable, 100) && f.IsNull("window"))
    t.window.clear();
  if (!f.String("time_zone", &t.time_zone, JsonFields::kNullable, 100) && f.IsNull("time_zone"))
    t.time_zone.clear();
  if (!f.String("scheduled_at", &t.scheduled_at, JsonFields::kNullable, 100) &&
      f.IsNull("scheduled_at"))
    t.scheduled_at.clear();
  std::vector<nlohmann::json> files;
  if (f.ObjectArray("attachments", &files, kMaxAttachments + 1, JsonFields::kNullable)) {
    in->attachments_given = true;
    s.attachments.clear();
    for (size_t i = 0; i < files.size() && f.ok(); ++i)
      ReadAttachment(files[i], i, f, &s.attachments);
  } else if (f.IsNull("attachments")) {
    in->attachments_given = true;
    s.attachments.clear();
  }
}

}  // namespace pregon::http
