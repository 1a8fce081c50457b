#include "http/ui/campaign_views.h"

#include <fmt/format.h>

#include "core/time_format.h"
#include "http/ui/texts.h"

namespace pregon::http::ui {

std::string FormatCount(int64_t n, Language lang) {
  const char separator = lang == Language::kSpanish ? '.' : ',';
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string FormatTime(Timestamp t) {
  const std::string iso = FormatIso8601(t);  // 2026-12-07T14:05:09Z (or with fractions)
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

std::string StatusLabel(CampaignStatus s, Language lang) {
  return Text(lang, "status_" + std::string(CampaignStatusName(s)));
}

nlohmann::json ProgressView(const Campaign& c, const Counters& k, Language lang) {
  const int64_t total = k.total();
  const int64_t finished = total - k.pending - k.in_flight;
  const int percent = total > 0 ? static_cast<int>(finished * 100 / total) : 0;
  const int64_t failed = k.failed + k.unknown;
  return {{"id", c.id},
          {"name", c.name},
          {"status", std::string(CampaignStatusName(c.status))},
          {"status_label", StatusLabel(c.status, lang)},
          {"finished", finished},
          {"total", total},
          {"percent", percent},
          {"finished_text", FormatCount(finished, lang)},
          {"total_text", FormatCount(total, lang)},
          {"has_failed", failed > 0},
          {"failed_text", FormatCount(failed, lang)}};
}

nlohmann::json CampaignRow(const CampaignSummary& s, CampaignNames& names, Language lang) {
  const Campaign& c = s.campaign;
  nlohmann::json row = ProgressView(c, s.counters, lang);
  row["sender"] = names.Sender(c.sender_id);
  row["list"] = names.List(c.list_id);
  row["live"] = !IsFinal(c.status);
  if (c.status == CampaignStatus::kScheduled && c.scheduled_at) {
    row["when"] = FormatText(lang, "scheduled_for", FormatTime(*c.scheduled_at));
  } else if (IsFinal(c.status) && c.completed_at) {
    row["when"] = FormatText(lang, "finished_at", FormatTime(*c.completed_at));
  }
  return row;
}

std::optional<CampaignAction> ActionNamed(std::string_view name) {
  if (name == "send") return CampaignAction::kSend;
  if (name == "pause") return CampaignAction::kPause;
  if (name == "resume") return CampaignAction::kResume;
  if (name == "cancel") return CampaignAction::kCancel;
  return std::nullopt;
}

std::vector<std::string_view> ActionsFor(CampaignStatus status) {
  switch (status) {
    case CampaignStatus::kDraft:
    case CampaignStatus::kScheduled:
      return {"send", "cancel"};
    case CampaignStatus::kQueued:
    case CampaignStatus::kSending:
      return {"pause", "cancel"};
    case CampaignStatus::kPaused:
      return {"resume", "cancel"};
    default:
      return {};
  }
}

nlohmann::json ActionNotice(const Call& call, Language lang) {
  const std::string done = call.Query("done");
  const auto ok = ParsePositiveId(call.Query("ok"));
  if (!ActionNamed(done) || !ok) return nullptr;
  return FormatText(lang, "done_" + done, FormatCount(*ok, lang));
}

std::optional<Campaign> CampaignOfPath(const Call& call, Page& page) {
  return OfPath<Campaign>(call, page, "campaign_not_found",
                          [&](int64_t id) { return call.ctx.store.GetCampaign(id); });
}

bool PagePosition(const Call& call, Page& page, const char* name, int64_t* out) {
  *out = 0;
  if (!call.HasQuery(name)) return true;
  const auto at = ParsePositiveId(call.Query(name));
  if (!at) {
    page.Error(400, page.T("error_bad_page"));
    return false;
  }
  *out = *at;
  return true;
}

nlohmann::json EventRow(const CampaignEvent& e) {
  return {{"id", e.id},
          {"ts", FormatIso8601(e.ts)},
          {"ts_text", FormatTime(e.ts)},
          {"kind", e.kind},
          {"message", e.message}};
}

nlohmann::json CountersView(const Counters& k, Language lang) {
  const std::pair<const char*, int64_t> counters[] = {
      {"counter_total", k.total()},         {"counter_sent", k.sent},
      {"counter_pending", k.pending},       {"counter_in_flight", k.in_flight},
      {"counter_failed", k.failed},         {"counter_unavailable", k.unavailable},
      {"counter_suppressed", k.suppressed}, {"counter_unknown", k.unknown},
      {"counter_cancelled", k.cancelled}};
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [key, value] : counters)
    out.push_back({{"label", Text(lang, key)}, {"value", FormatCount(value, lang)}});
  return {{"counters", out}};
}

bool HasReport(Store& store, const Campaign& c) {
  if (c.tracking == CampaignTracking::kPregon && c.started_at) return true;
  auto requests = store.ListReportRequests({.campaign_id = c.id, .limit = 20});
  if (!requests.ok()) return false;
  for (const ReportRequest& r : *requests)
    if (r.default_loaded_at) return true;
  return false;
}

}  // namespace pregon::http::ui
