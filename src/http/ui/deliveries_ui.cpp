// GET /campaigns/{id}/deliveries?status=failed&after=1200: a campaign's recipients, 100 a
// page in send order, optionally of one status, each with its attempts, its provider id and
// its last error — and the link to the whole list as CSV (the API's streamed export, which
// adds what the provider's reports say of each address).
#include "http/call.h"
#include "http/ui/campaign_views.h"
#include "http/ui/page.h"
#include "http/ui/texts.h"
#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

namespace {

constexpr int kDeliveriesPage = 100;

constexpr DeliveryStatus kStatuses[] = {DeliveryStatus::kPending,     DeliveryStatus::kInFlight,
                                        DeliveryStatus::kSent,        DeliveryStatus::kFailed,
                                        DeliveryStatus::kUnavailable, DeliveryStatus::kSuppressed,
                                        DeliveryStatus::kUnknown,     DeliveryStatus::kCancelled};

std::string DeliveryStatusLabel(DeliveryStatus s, Language lang) {
  return Text(lang, "delivery_" + std::string(DeliveryStatusName(s)));
}

void Deliveries(Call& call) {
  Page page(call);
  const auto c = CampaignOfPath(call, page);
  if (!c) return;
  const int64_t id = c->id;
  DeliveryQuery q;
  q.campaign_id = id;
  const std::string status = call.Query("status");
  if (!status.empty()) {
    auto parsed = ParseDeliveryStatus(status);
    if (!parsed.ok()) return page.Error(400, parsed.status().message());
    q.status = *parsed;
  }
  if (!PagePosition(call, page, "after", &q.after_seq)) return;
  q.limit = kDeliveriesPage + 1;
  auto rows = call.ctx.store.ListDeliveries(q);
  if (!rows.ok()) return page.Error(rows.status());
  const bool more = TrimToPage(*rows, kDeliveriesPage);

  nlohmann::json items = nlohmann::json::array();
  for (const Delivery& d : *rows) {
    items.push_back({{"seq", d.seq},
                     {"address", d.address},
                     {"status", std::string(DeliveryStatusName(d.status))},
                     {"status_label", DeliveryStatusLabel(d.status, page.lang())},
                     {"attempts", d.attempts},
                     {"provider_id", d.provider_id},
                     {"last_error", d.last_error},
                     {"updated", FormatTime(d.updated_at)}});
  }
  Choices choices{{"", page.T("filter_any_status")}};
  for (DeliveryStatus s : kStatuses)
    choices.push_back({std::string(DeliveryStatusName(s)), DeliveryStatusLabel(s, page.lang())});
  const std::string base =
      fmt::format("/campaigns/{}/deliveries{}", id, status.empty() ? "" : "?status=" + status);
  nlohmann::json data = {
      {"nav_campaigns", true},
      {"id", id},
      {"status", status},
      {"status_options", SelectOptions(choices, status)},
      {"has_rows", !items.empty()},
      {"rows", items},
      {"csv_url", fmt::format("/api/v1/campaigns/{}/report/deliveries.csv", id)}};
  data.update(
      PagingUrls(base, !q.after_seq, "after", NextCursor(more, [&] { return rows->back().seq; })));
  page.Show("deliveries", std::move(data), FormatText(page.lang(), "deliveries_title", c->name));
}

}  // namespace

void AddDeliveryRoutes(Router& router) {
  router.Add(PageRoute("GET", "/campaigns/{id}/deliveries", Permission::kRead, Deliveries,
                       {"status", "after"}));
}

}  // namespace pregon::http::ui
