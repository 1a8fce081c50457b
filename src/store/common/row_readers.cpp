#include "store/common/row_readers.h"

#include <utility>

#include "core/time_format.h"

namespace pregon::store {

Campaign ReadCampaign(const Row& row) {
  Campaign c;
  c.id = row.Int(0);
  c.name = row.Text(1);
  c.sender_id = row.Int(2);
  c.list_id = row.Int(3);
  c.subject = row.Text(4);
  c.text_body = row.Text(5);
  c.html_body = row.Text(6);
  c.reply_to = row.Text(7);
  c.status = ParseCampaignStatus(row.Text(8)).value();
  c.throttle.batch_size = static_cast<int>(row.Int(9));
  c.throttle.batch_pause = Millis(row.Int(10));
  c.throttle.rate = row.Real(11);
  c.throttle.max_attempts = static_cast<int>(row.Int(12));
  c.guarantee = ParseDeliveryGuarantee(row.Text(13)).value();
  c.window.start_minute = static_cast<int>(row.Int(14));
  c.window.end_minute = static_cast<int>(row.Int(15));
  c.window.time_zone = row.Text(16);
  c.scheduled_at = row.OptionalTime(17);
  c.started_at = row.OptionalTime(18);
  c.completed_at = row.OptionalTime(19);
  c.created_at = row.Time(20);
  c.post_reports_status = row.Text(21);
  c.parse_mode = row.Text(22);
  c.template_id = row.Text(23);
  c.tracking = ParseCampaignTracking(row.Text(24)).value();
  return c;
}

Sender ReadSender(const Row& row) {
  Sender s;
  s.id = row.Int(0);
  s.name = row.Text(1);
  s.kind = ParseChannelKind(row.Text(2)).value();
  s.base_url = row.Text(3);
  s.api_key = row.Text(4);
  s.auth_scheme = row.Text(5);
  s.account_id = row.Text(6);
  s.from_email = row.Text(7);
  s.from_name = row.Text(8);
  s.bot_token = row.Text(9);
  s.smtp_url = row.Text(10);
  s.rate = row.Real(11);
  s.burst = static_cast<int>(row.Int(12));
  s.concurrency = static_cast<int>(row.Int(13));
  s.time_zone = row.Text(14);
  s.paused_until = FromUnixMillis(row.Int(15));
  return s;
}

CampaignEvent ReadCampaignEvent(const Row& row) {
  return {row.Int(0), row.Int(1), row.Time(2), row.Text(3), row.Text(4), row.Text(5)};
}

User ReadUser(const Row& row) {
  User u;
  u.id = row.Int(0);
  u.username = row.Text(1);
  u.role = ParseRole(row.Text(2)).value();
  u.password_hash = row.Text(3);
  u.created_at = row.Time(4);
  u.language = row.Text(5);
  return u;
}

Session ReadSession(const Row& row) {
  return Session{row.Text(0), row.Int(1), row.Text(2), row.Time(3), row.Time(4)};
}

Contact ReadContact(const Row& row) {
  return Contact{row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4)};
}

Delivery ReadDelivery(const Row& row) {
  Delivery d;
  d.id = row.Int(0);
  d.campaign_id = row.Int(1);
  d.seq = row.Int(2);
  d.contact_id = row.Int(3);
  d.address = row.Text(4);
  d.status = ParseDeliveryStatus(row.Text(5)).value();
  d.attempts = static_cast<int>(row.Int(6));
  d.provider_id = row.Text(7);
  d.last_error = row.Text(8);
  d.updated_at = row.Time(9);
  return d;
}

ContactList ReadList(const Row& row) { return ContactList{row.Int(0), row.Text(1), row.Int(2)}; }

Suppression ReadSuppression(const Row& row) {
  Suppression s;
  s.address = row.Text(0);
  s.reason = ParseSuppressionReason(row.Text(1)).value();
  s.campaign_id = row.OptionalInt(2);
  s.created_at = row.Time(3);
  return s;
}

ReportRequest ReadReportRequest(const Row& row) {
  ReportRequest r;
  r.id = row.Int(0);
  r.campaign_id = row.OptionalInt(1);
  r.sender_id = row.Int(2);
  r.type = ParseReportType(row.Text(3)).value();
  r.day_from = row.Text(4);
  r.day_to = row.Text(5);
  r.time_zone = row.Text(6);
  r.state = ParseReportState(row.Text(7)).value();
  r.provider_request_id = row.Text(8);
  r.file_path = row.Text(9);
  r.rows = row.Int(10);
  r.bad_rows = row.Int(11);
  r.attempts = static_cast<int>(row.Int(12));
  r.last_error = row.Text(13);
  r.not_before = row.Time(14);
  r.polling_since = row.OptionalTime(15);
  r.default_loaded_at = row.OptionalTime(16);
  r.analytics_loaded_at = row.OptionalTime(17);
  r.created_at = row.Time(18);
  r.updated_at = row.Time(19);
  return r;
}

ReportRow ReadReportRow(const Row& row) {
  ReportRow r;
  r.line = static_cast<int>(row.Int(0));
  r.email = row.Text(1);
  r.subject = row.Text(2);
  r.sender = row.Text(3);
  r.sender_name = row.Text(4);
  r.status = row.Text(5);
  if (!row.IsNull(6)) r.date = ParseIso8601(row.Text(6)).value();
  r.date_local = row.Text(7);
  r.opens = row.Int(8);
  r.clicks = row.Int(9);
  r.extra_json = row.Text(10);
  return r;
}

ReportLoad ReadReportLoad(const Row& row) {
  ReportLoad l;
  l.request_id = row.Int(0);
  l.campaign_id = row.OptionalInt(1);
  l.type = ParseReportType(row.Text(2)).value();
  l.rows = row.Int(3);
  l.loaded_at = ParseIso8601(row.Text(4)).value();
  return l;
}

DeliveryTask ReadTask(const Row& row) {
  DeliveryTask t;
  t.delivery_id = row.Int(0);
  t.seq = row.Int(1);
  t.contact_id = row.Int(2);
  t.address = row.Text(3);
  t.attempts = static_cast<int>(row.Int(4));
  t.name = row.Text(5);
  t.fields_json = row.Text(6);
  return t;
}

Counters ReadCounters(const Row& row, int first) {
  Counters k;
  int col = first;
  for (int64_t* n : {&k.pending, &k.in_flight, &k.sent, &k.failed, &k.unavailable, &k.suppressed,
                     &k.unknown, &k.cancelled})
    *n = row.Int(col++);
  return k;
}

}  // namespace pregon::store
