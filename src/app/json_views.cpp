#include "app/json_views.h"

#include "core/duration.h"
#include "core/send_window.h"
#include "core/time_format.h"
#include "core/url.h"

namespace pregon {

using nlohmann::json;

json TimeJson(const std::optional<Timestamp>& t) {
  return t ? json(FormatIso8601(*t)) : json(nullptr);
}

json CampaignStatusJson(const Campaign& c, const Counters& k) {
  return {{"id", c.id},
          {"name", c.name},
          {"status", CampaignStatusName(c.status)},
          {"total", k.total()},
          {"pending", k.pending},
          {"in_flight", k.in_flight},
          {"sent", k.sent},
          {"failed", k.failed},
          {"unavailable", k.unavailable},
          {"suppressed", k.suppressed},
          {"unknown", k.unknown},
          {"cancelled", k.cancelled},
          {"scheduled_at", TimeJson(c.scheduled_at)},
          {"started_at", TimeJson(c.started_at)},
          {"completed_at", TimeJson(c.completed_at)},
          {"post_reports_status", c.post_reports_status}};
}

json CampaignJson(const Campaign& c, const Counters& k, const std::string& sender,
                  const std::string& list) {
  json window = nullptr;
  if (c.window.enabled())
    window = {{"times", FormatWindowTimes(c.window)}, {"time_zone", c.window.time_zone}};
  json counters = CampaignStatusJson(c, k);
  for (const char* key : {"id", "name", "status", "scheduled_at", "started_at", "completed_at",
                          "post_reports_status"})
    counters.erase(key);
  return {{"id", c.id},
          {"name", c.name},
          {"status", CampaignStatusName(c.status)},
          {"sender", sender},
          {"sender_id", c.sender_id},
          {"list", list},
          {"list_id", c.list_id},
          {"subject", c.subject},
          {"text", c.text_body},
          {"html", c.html_body},
          {"reply_to", c.reply_to},
          {"parse_mode", c.parse_mode},
          {"template_id", c.template_id},
          {"attachments", AttachmentsJson(c.attachments)},
          {"batch_size", c.throttle.batch_size},
          {"batch_pause", FormatDuration(c.throttle.batch_pause)},
          {"rate", c.throttle.rate},
          {"max_attempts", c.throttle.max_attempts},
          {"guarantee", DeliveryGuaranteeName(c.guarantee)},
          {"tracking", CampaignTrackingName(c.tracking)},
          {"window", window},
          {"scheduled_at", TimeJson(c.scheduled_at)},
          {"started_at", TimeJson(c.started_at)},
          {"completed_at", TimeJson(c.completed_at)},
          {"created_at", FormatIso8601(c.created_at)},
          {"post_reports_status", c.post_reports_status},
          {"counters", counters}};
}

json AttachmentsJson(const std::vector<Attachment>& attachments) {
  json arr = json::array();
  for (const auto& a : attachments)
    arr.push_back({{"filename", a.filename}, {"content_type", a.content_type}, {"size", a.size}});
  return arr;
}

json EventJson(const CampaignEvent& e) {
  return {{"id", e.id},
          {"ts", FormatIso8601(e.ts)},
          {"kind", e.kind},
          {"message", e.message},
          {"request_id", e.request_id}};
}

json DeliveryJson(const Delivery& d) {
  return {{"id", d.id},
          {"seq", d.seq},
          {"contact_id", d.contact_id},
          {"address", d.address},
          {"status", DeliveryStatusName(d.status)},
          {"attempts", d.attempts},
          {"provider_id", d.provider_id},
          {"error", d.last_error},
          {"updated_at", FormatIso8601(d.updated_at)}};
}

json PreviewJson(const RenderedMessage& r) {
  const OutgoingMessage& m = r.message;
  json j = {{"campaign_id", r.campaign.id},
            {"channel", ChannelKindName(r.sender.kind)},
            {"to", m.to},
            {"to_name", m.to_name},
            {"subject", m.subject},
            {"text", m.text},
            {"html", m.html},
            {"reply_to", m.reply_to},
            {"parse_mode", m.parse_mode},
            {"template_id", m.template_id},
            {"attachments", AttachmentsJson(r.campaign.attachments)}};
  j["model"] = m.template_model_json.empty() ? json(nullptr)
                                             : json::parse(m.template_model_json, nullptr, false);
  return j;
}

json SenderJson(const Sender& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"kind", ChannelKindName(s.kind)},
          {"base_url", RedactUrl(s.base_url)},
          {"auth_scheme", s.auth_scheme},
          {"account_id", s.account_id},
          {"from_email", s.from_email},
          {"from_name", s.from_name},
          {"smtp_url", RedactUrl(s.smtp_url)},
          {"has_api_key", !s.api_key.empty()},
          {"has_bot_token", !s.bot_token.empty()},
          {"rate", s.rate},
          {"burst", s.burst},
          {"concurrency", s.concurrency},
          {"time_zone", s.time_zone}};
}

json ListJson(const ContactList& l) {
  return {{"id", l.id}, {"name", l.name}, {"members", l.members}};
}

json ContactFields(const Contact& c) {
  json fields = json::parse(c.fields_json.empty() ? "{}" : c.fields_json, nullptr, false);
  return fields.is_object() ? fields : json::object();
}

json ContactJson(const Contact& c) {
  return {{"id", c.id},
          {"email", c.email},
          {"chat_id", c.chat_id},
          {"name", c.name},
          {"fields", ContactFields(c)}};
}

json ImportReportJson(const ImportReport& r) {
  json issues = json::array();
  for (const auto& i : r.parsed.issues) issues.push_back({{"line", i.line}, {"reason", i.reason}});
  return {{"list", r.list},
          {"imported", r.parsed.imported},
          {"skipped", r.parsed.skipped},
          {"created", r.stored.created},
          {"updated", r.stored.updated},
          {"added_to_list", r.stored.added_to_list},
          {"issues", issues}};
}

json SuppressionJson(const Suppression& s) {
  return {{"address", s.address},
          {"reason", SuppressionReasonName(s.reason)},
          {"campaign_id", s.campaign_id ? json(*s.campaign_id) : json(nullptr)},
          {"created_at", FormatIso8601(s.created_at)}};
}

json SuppressionImportJson(const SuppressionImportReport& r) {
  json issues = json::array();
  for (const auto& i : r.issues) issues.push_back({{"line", i.line}, {"reason", i.reason}});
  return {{"added", r.counts.added},
          {"updated", r.counts.updated},
          {"skipped", r.issues.size()},
          {"issues", issues}};
}

json UserJson(const User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"role", RoleName(u.role)},
          {"can_log_in", !u.password_hash.empty()},
          {"created_at", FormatIso8601(u.created_at)}};
}

json SessionJson(const Session& s) {
  return {{"created_at", FormatIso8601(s.created_at)}, {"expires_at", FormatIso8601(s.expires_at)}};
}

json ApiTokenJson(const ApiToken& t) {
  return {{"id", t.id},
          {"username", t.username},
          {"name", t.name},
          {"prefix", t.prefix},
          {"created_at", FormatIso8601(t.created_at)},
          {"revoked_at", TimeJson(t.revoked_at)}};
}

nlohmann::json ReportRequestJson(const ReportRequest& r) {
  return {{"id", r.id},
          {"campaign_id", r.campaign_id ? nlohmann::json(*r.campaign_id) : nlohmann::json()},
          {"sender_id", r.sender_id},
          {"type", ReportTypeName(r.type)},
          {"from", r.day_from},
          {"to", r.day_to},
          {"time_zone", r.time_zone},
          {"state", ReportStateName(r.state)},
          {"provider_request_id", r.provider_request_id},
          {"file_path", r.file_path},
          {"rows", r.rows},
          {"bad_rows", r.bad_rows},
          {"attempts", r.attempts},
          {"last_error", r.last_error},
          {"next_step_at", r.state == ReportState::kPending || r.state == ReportState::kProcessing
                               ? TimeJson(r.not_before)
                               : nlohmann::json()},
          {"default_loaded_at", TimeJson(r.default_loaded_at)},
          {"analytics_loaded_at", TimeJson(r.analytics_loaded_at)},
          {"created_at", TimeJson(r.created_at)}};
}

nlohmann::json ReportLoadJson(int64_t id, std::string_view alias, const ReportLoadResult& r) {
  json problems = json::array();
  for (const auto& p : r.problems) problems.push_back({{"line", p.line}, {"reason", p.reason}});
  return {{"id", id},
          {"alias", alias},
          {"rows", r.rows},
          {"bad_rows", r.bad_rows},
          {"replaced", r.replaced},
          {"encoding", r.encoding},
          {"problems", problems}};
}

}  // namespace pregon
