#include "store/common/engagement_texts.h"

#include <map>
#include <tuple>

namespace pregon::store {
namespace {

constexpr int64_t kHourMs = 3'600'000;

Timestamp HourOf(Timestamp t) {
  const int64_t ms = ToUnixMillis(t);
  return FromUnixMillis(ms - ((ms % kHourMs) + kHourMs) % kHourMs);
}

void KeepEarliest(std::optional<Timestamp>& slot, Timestamp t) {
  if (!slot || t < *slot) slot = t;
}

// Whether a delivery with `human` and `machine` hits of a kind counts among the deliveries
// opened (clicked) by a human, or among those only a machine opened (clicked).
int64_t ByHuman(int64_t human) { return human > 0 ? 1 : 0; }
int64_t ByMachineOnly(int64_t human, int64_t machine) { return human == 0 && machine > 0 ? 1 : 0; }

}  // namespace

CampaignLink ReadLink(const Row& row) {
  return CampaignLink{row.Int(0), row.Text(1), row.Int(2), row.Int(3)};
}

DeliveryEngagement ReadEngagement(const Row& row) {
  DeliveryEngagement e;
  e.delivery = ReadDelivery(row);
  e.first_open_at = row.OptionalTime(10);
  e.opens = row.Int(11);
  e.machine_opens = row.Int(12);
  e.first_click_at = row.OptionalTime(13);
  e.clicks = row.Int(14);
  e.machine_clicks = row.Int(15);
  e.unsubscribed_at = row.OptionalTime(16);
  e.bounced_at = row.OptionalTime(17);
  e.bounce_type = row.Text(18);
  e.complained_at = row.OptionalTime(19);
  return e;
}

EngagementSummary ReadEngagementSummary(const Row& row) {
  EngagementSummary s;
  int c = 0;
  for (int64_t* field : {&s.sent, &s.opened, &s.opened_by_machine_only, &s.opens, &s.machine_opens,
                         &s.clicked, &s.clicked_by_machine_only, &s.clicks, &s.machine_clicks,
                         &s.unsubscribed, &s.bounced, &s.complained})
    *field = row.Int(c++);
  return s;
}

std::array<int64_t, 11> TotalsParams(const EngagementSummary& a) {
  return {a.opened,       a.opened_by_machine_only,
          a.opens,        a.machine_opens,
          a.clicked,      a.clicked_by_machine_only,
          a.clicks,       a.machine_clicks,
          a.unsubscribed, a.bounced,
          a.complained};
}

void AddHitTotals(const DeliveryHits& added, const HitCounts& after, EngagementSummary& totals) {
  const HitCounts before{after.opens - added.opens, after.machine_opens - added.machine_opens,
                         after.clicks - added.clicks, after.machine_clicks - added.machine_clicks};
  totals.opened += ByHuman(after.opens) - ByHuman(before.opens);
  totals.opened_by_machine_only += ByMachineOnly(after.opens, after.machine_opens) -
                                   ByMachineOnly(before.opens, before.machine_opens);
  totals.clicked += ByHuman(after.clicks) - ByHuman(before.clicks);
  totals.clicked_by_machine_only += ByMachineOnly(after.clicks, after.machine_clicks) -
                                    ByMachineOnly(before.clicks, before.machine_clicks);
  totals.opens += added.opens;
  totals.machine_opens += added.machine_opens;
  totals.clicks += added.clicks;
  totals.machine_clicks += added.machine_clicks;
}

EngagementSummary FirstFeedbackTotals(FeedbackType type) {
  EngagementSummary add;
  (type == FeedbackType::kComplaint ? add.complained : add.bounced) = 1;
  return add;
}

EngagementHour ReadEngagementHour(const Row& row) {
  EngagementHour h;
  h.hour = row.Time(0);
  h.kind = ParseHitKind(row.Text(1)).value();
  h.verdict = ParseHitVerdict(row.Text(2)).value();
  h.hits = row.Int(3);
  return h;
}

HitBatch FoldHits(std::span<const TrackingHit> hits) {
  std::map<int64_t, DeliveryHits> deliveries;
  std::map<std::pair<int64_t, int64_t>, LinkHits> links;
  std::map<std::tuple<int64_t, int64_t, HitKind, HitVerdict>, int64_t> hours;
  for (const TrackingHit& h : hits) {
    const bool human = h.verdict == HitVerdict::kHuman;
    DeliveryHits& d = deliveries[h.delivery_id];
    d.delivery_id = h.delivery_id;
    if (h.kind == HitKind::kOpen) {
      ++(human ? d.opens : d.machine_opens);
      if (human) KeepEarliest(d.first_open, h.at);
    } else {
      ++(human ? d.clicks : d.machine_clicks);
      if (human) KeepEarliest(d.first_click, h.at);
      if (h.link_id > 0) {
        LinkHits& l = links[{h.campaign_id, h.link_id}];
        l.campaign_id = h.campaign_id;
        l.link_id = h.link_id;
        ++(human ? l.human : l.machine);
      }
    }
    ++hours[{h.campaign_id, ToUnixMillis(HourOf(h.at)), h.kind, h.verdict}];
  }
  HitBatch batch;
  for (auto& [id, d] : deliveries) batch.deliveries.push_back(d);
  for (auto& [key, l] : links) batch.links.push_back(l);
  for (auto& [key, n] : hours)
    batch.hours.push_back(HourHits{std::get<0>(key), FromUnixMillis(std::get<1>(key)),
                                   std::get<2>(key), std::get<3>(key), n});
  return batch;
}

}  // namespace pregon::store
