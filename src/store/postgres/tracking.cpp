// PostgresStore: link tables, judged hits and engagement reads (TrackingStore). A batch of
// hits is three statements whatever its size: each kind of change is passed as arrays and
// applied with unnest, so a node taking thousands of hits a second makes few round trips.
#include "store/common/engagement_texts.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/postgres_store.h"

namespace pregon::store {
namespace {

// A PostgreSQL array literal of the values Item(x) gives for each element ("{1,NULL,3}").
// Only numbers and pregon's own lower-case names go in, so nothing needs quoting.
template <typename T, typename Fn>
std::string ArrayOf(const std::vector<T>& items, Fn item) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += item(items[i]);
  }
  return out + "}";
}

std::string MsOrNull(const std::optional<Timestamp>& t) {
  return t ? std::to_string(Ms(*t)) : "NULL";
}

// Adds each campaign's differences to its kept totals (campaign_engagement).
void AddEngagementTotals(PgTx& tx, const TotalsByCampaign& totals) {
  for (const auto& [campaign_id, add] : totals) {
    const auto p = TotalsParams(add);
    tx.Exec(kAddEngagementTotalsSql, campaign_id, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7],
            p[8], p[9], p[10]);
  }
}

// The campaign of the one row a "first time only" update returned, if it returned one.
std::optional<int64_t> CampaignOfFirst(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<int64_t>();
}

}  // namespace

Status PostgresStore::SaveCampaignLinks(int64_t campaign_id, std::span<const std::string> urls) {
  return session_->Transact("saving a campaign's links", [&](PgTx& tx) -> Status {
    for (size_t i = 0; i < urls.size(); ++i)
      tx.Exec(kSaveLinkSql, campaign_id, static_cast<int64_t>(i + 1), urls[i]);
    return Status::Ok();
  });
}

Result<std::vector<CampaignLink>> PostgresStore::ListCampaignLinks(int64_t campaign_id) {
  return session_->Transact("listing a campaign's links",
                            [&](PgTx& tx) -> Result<std::vector<CampaignLink>> {
                              std::vector<CampaignLink> out;
                              for (const auto& r : tx.Exec(kListLinksSql, campaign_id))
                                out.push_back(ReadLink(PgRow(r)));
                              return out;
                            });
}

Result<std::unordered_map<int64_t, Timestamp>> PostgresStore::SentTimes(
    std::span<const int64_t> delivery_ids) {
  return session_->Transact(
      "reading send times", [&](PgTx& tx) -> Result<std::unordered_map<int64_t, Timestamp>> {
        static const char* kSql =
            "SELECT id, updated_at FROM deliveries WHERE id = ANY($1::bigint[]) "
            "AND status IN ('sent', 'in_flight')";
        const std::vector<int64_t> ids(delivery_ids.begin(), delivery_ids.end());
        std::unordered_map<int64_t, Timestamp> out;
        for (const auto& r :
             tx.Exec(kSql, ArrayOf(ids, [](int64_t id) { return std::to_string(id); })))
          out[r[0].as<int64_t>()] = FromUnixMillis(r[1].as<int64_t>());
        return out;
      });
}

Status PostgresStore::RecordHits(std::span<const TrackingHit> hits) {
  const HitBatch b = FoldHits(hits);
  const auto n = [](int64_t v) { return std::to_string(v); };
  return session_->Transact("recording opens and clicks", [&](PgTx& tx) -> Status {
    static const char* kDeliveries =
        "UPDATE deliveries d SET opens = d.opens + u.o, machine_opens = d.machine_opens + u.mo, "
        "clicks = d.clicks + u.c, machine_clicks = d.machine_clicks + u.mc, "
        "first_open_at = COALESCE(d.first_open_at, u.fo), "
        "first_click_at = COALESCE(d.first_click_at, u.fc) "
        "FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], "
        "$6::bigint[], $7::bigint[]) AS u(id, o, mo, c, mc, fo, fc) WHERE d.id = u.id "
        "RETURNING d.campaign_id, d.opens, d.machine_opens, d.clicks, d.machine_clicks, "
        "u.o, u.mo, u.c, u.mc";
    const auto& d = b.deliveries;
    if (!d.empty()) {
      TotalsByCampaign totals;
      for (const auto& r :
           tx.Exec(kDeliveries, ArrayOf(d, [&](auto& x) { return n(x.delivery_id); }),
                   ArrayOf(d, [&](auto& x) { return n(x.opens); }),
                   ArrayOf(d, [&](auto& x) { return n(x.machine_opens); }),
                   ArrayOf(d, [&](auto& x) { return n(x.clicks); }),
                   ArrayOf(d, [&](auto& x) { return n(x.machine_clicks); }),
                   ArrayOf(d, [&](auto& x) { return MsOrNull(x.first_open); }),
                   ArrayOf(d, [&](auto& x) { return MsOrNull(x.first_click); }))) {
        const auto v = [&](int i) { return r[i].as<int64_t>(); };
        DeliveryHits added;
        added.opens = v(5);
        added.machine_opens = v(6);
        added.clicks = v(7);
        added.machine_clicks = v(8);
        AddHitTotals(added, HitCounts{v(1), v(2), v(3), v(4)}, totals[v(0)]);
      }
      AddEngagementTotals(tx, totals);
    }
    static const char* kLinks =
        "UPDATE campaign_links l SET human_clicks = l.human_clicks + u.h, "
        "machine_clicks = l.machine_clicks + u.m "
        "FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[]) AS u(c, l, h, m) "
        "WHERE l.campaign_id = u.c AND l.link_id = u.l";
    const auto& l = b.links;
    if (!l.empty())
      tx.Exec(kLinks, ArrayOf(l, [&](auto& x) { return n(x.campaign_id); }),
              ArrayOf(l, [&](auto& x) { return n(x.link_id); }),
              ArrayOf(l, [&](auto& x) { return n(x.human); }),
              ArrayOf(l, [&](auto& x) { return n(x.machine); }));
    static const char* kHours =
        "INSERT INTO engagement_hours (campaign_id, hour, kind, verdict, hits) "
        "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bigint[]) "
        "ON CONFLICT (campaign_id, hour, kind, verdict) "
        "DO UPDATE SET hits = engagement_hours.hits + EXCLUDED.hits";
    const auto& h = b.hours;
    if (!h.empty())
      tx.Exec(kHours, ArrayOf(h, [&](auto& x) { return n(x.campaign_id); }),
              ArrayOf(h, [&](auto& x) { return n(Ms(x.hour)); }),
              ArrayOf(h, [&](auto& x) { return std::string(HitKindName(x.kind)); }),
              ArrayOf(h, [&](auto& x) { return std::string(HitVerdictName(x.verdict)); }),
              ArrayOf(h, [&](auto& x) { return n(x.hits); }));
    return Status::Ok();
  });
}

Status PostgresStore::MarkUnsubscribed(int64_t delivery_id, Timestamp at) {
  return session_->Transact("marking an unsubscribe", [&](PgTx& tx) -> Status {
    if (auto campaign = CampaignOfFirst(tx.Exec(kMarkUnsubscribedSql, Ms(at), delivery_id)))
      AddEngagementTotals(tx, {{*campaign, EngagementSummary{.unsubscribed = 1}}});
    else if (tx.Exec(kDeliveryExistsSql, delivery_id).empty())
      return Status::NotFound("delivery " + std::to_string(delivery_id) + " not found");
    return Status::Ok();
  });
}

Result<bool> PostgresStore::RecordFeedback(const MailFeedback& f) {
  return session_->Transact("recording a bounce or complaint", [&](PgTx& tx) -> Result<bool> {
    const std::string type(FeedbackTypeName(f.type));
    if (tx.Exec(kInsertFeedbackSql, f.source, f.event_key, type, f.address, f.campaign_id,
                f.delivery_id, f.reason, Ms(f.received_at))
            .affected_rows() == 0)
      return false;
    if (f.delivery_id) {
      const bool complaint = f.type == FeedbackType::kComplaint;
      if (auto campaign = CampaignOfFirst(tx.Exec(complaint ? kMarkComplainedSql : kMarkBouncedSql,
                                                  Ms(f.received_at), *f.delivery_id, f.address)))
        AddEngagementTotals(tx, {{*campaign, FirstFeedbackTotals(f.type)}});
      if (!complaint) tx.Exec(kSetBounceTypeSql, type, *f.delivery_id, f.address);
    }
    return true;
  });
}

Result<int64_t> PostgresStore::CountFeedback(std::string_view address, FeedbackType type,
                                             std::optional<Timestamp> since) {
  return session_->Transact("counting bounces and complaints", [&](PgTx& tx) -> Result<int64_t> {
    return tx
        .Exec(kCountFeedbackSql, std::string(address), std::string(FeedbackTypeName(type)),
              since ? Ms(*since) : int64_t{0})[0][0]
        .as<int64_t>();
  });
}

Result<std::vector<DeliveryEngagement>> PostgresStore::ListEngagement(
    const EngagementQuery& query) {
  return session_->Transact(
      "listing engagement", [&](PgTx& tx) -> Result<std::vector<DeliveryEngagement>> {
        std::vector<DeliveryEngagement> out;
        for (const auto& r : tx.Exec(kListEngagementSql, query.campaign_id, query.after_seq,
                                     std::string(EngagementFilterName(query.filter)), query.limit))
          out.push_back(ReadEngagement(PgRow(r)));
        return out;
      });
}

Result<EngagementSummary> PostgresStore::GetEngagementSummary(int64_t campaign_id) {
  return session_->Transact("summing engagement", [&](PgTx& tx) -> Result<EngagementSummary> {
    return ReadEngagementSummary(PgRow(tx.Exec(kEngagementSummarySql, campaign_id)[0]));
  });
}

Result<std::vector<EngagementHour>> PostgresStore::ListEngagementHours(int64_t campaign_id) {
  return session_->Transact("listing engagement by hour",
                            [&](PgTx& tx) -> Result<std::vector<EngagementHour>> {
                              std::vector<EngagementHour> out;
                              for (const auto& r : tx.Exec(kListEngagementHoursSql, campaign_id))
                                out.push_back(ReadEngagementHour(PgRow(r)));
                              return out;
                            });
}

}  // namespace pregon::store
