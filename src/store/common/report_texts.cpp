#include "store/common/report_texts.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace pregon::store {
namespace {

using nlohmann::json;

json TalliesJson(const std::vector<ReportTally>& tallies) {
  json out = json::array();
  for (const ReportTally& t : tallies) out.push_back({t.label, t.count, t.total});
  return out;
}

std::vector<ReportTally> TalliesFrom(const json& lines, int top) {
  std::vector<ReportTally> out;
  for (const json& t : lines) {
    if (static_cast<int>(out.size()) >= top) break;
    out.push_back({t.at(0).get<std::string>(), t.at(1).get<int64_t>(), t.at(2).get<int64_t>()});
  }
  return out;
}

}  // namespace

std::string ReconciliationText(const std::optional<ReportReconciliation>& r) {
  if (!r) return "";
  return json{
      {"sent_by_pregon", r->sent_by_pregon}, {"missing_at_provider", r->missing_at_provider},
      {"missing_sample", r->missing_sample}, {"bounced", r->bounced},
      {"complained", r->complained},         {"unsubscribed", r->unsubscribed}}
      .dump();
}

std::optional<ReportReconciliation> ReconciliationFromText(const std::string& text, int sample) {
  if (text.empty()) return std::nullopt;
  const json j = json::parse(text);
  ReportReconciliation r;
  r.sent_by_pregon = j.at("sent_by_pregon").get<int64_t>();
  r.missing_at_provider = j.at("missing_at_provider").get<int64_t>();
  r.missing_sample = j.at("missing_sample").get<std::vector<std::string>>();
  r.missing_sample.resize(std::min<size_t>(r.missing_sample.size(), std::max(sample, 0)));
  r.bounced = j.at("bounced").get<int64_t>();
  r.complained = j.at("complained").get<int64_t>();
  r.unsubscribed = j.at("unsubscribed").get<int64_t>();
  return r;
}

std::string BreakdownsText(const ReportBreakdowns& b) {
  return json{{"bounce_reasons", TalliesJson(b.bounce_reasons)},
              {"opens_by_domain", TalliesJson(b.opens_by_domain)}}
      .dump();
}

ReportBreakdowns BreakdownsFromText(const std::string& text, int top) {
  const json j = json::parse(text);
  return {TalliesFrom(j.at("bounce_reasons"), top), TalliesFrom(j.at("opens_by_domain"), top)};
}

Status ReportRequestNotFound(int64_t id) {
  return Status::NotFound("report request " + std::to_string(id) + " does not exist");
}

Status LostReportLease(const ReportLease& lease) {
  return Status::Conflict("report request " + std::to_string(lease.request.id) +
                          ": the lease of '" + lease.owner +
                          "' expired and another node took the request; its step is not saved");
}

Status ReportAlreadyLoaded(int64_t request_id, int64_t rows) {
  return Status::AlreadyExists("report request " + std::to_string(request_id) +
                               " is already loaded here (" + std::to_string(rows) +
                               " rows); replacing them must be asked for (--replace)");
}

Status PostSendReportsAlreadyStarted(int64_t campaign_id) {
  return Status::FailedPrecondition("campaign " + std::to_string(campaign_id) +
                                    ": its reports were already asked for");
}

std::optional<ReportReconciliation> ReadReconciliation(const Row& row) {
  if (row.IsNull(0)) return std::nullopt;
  ReportReconciliation r;
  r.sent_by_pregon = row.Int(1);
  r.missing_at_provider = row.Int(2);
  r.bounced = row.Int(3);
  r.complained = row.Int(4);
  r.unsubscribed = row.Int(5);
  return r;
}

ReportTally ReadReportTally(const Row& row) {
  return {row.Text(0), row.Int(1), row.IsNull(2) ? 0 : row.Int(2)};
}

DeliveryExportRow ReadDeliveryExportRow(const Row& row) {
  DeliveryExportRow d;
  d.seq = row.Int(0);
  d.address = row.Text(1);
  d.status = row.Text(2);
  d.attempts = static_cast<int>(row.Int(3));
  d.last_error = row.Text(4);
  d.sent_at = row.OptionalTime(5);
  if (!row.IsNull(6)) d.provider_status = row.Text(6);
  d.opens = row.IsNull(7) ? 0 : row.Int(7);
  d.clicks = row.IsNull(8) ? 0 : row.Int(8);
  return d;
}

}  // namespace pregon::store
