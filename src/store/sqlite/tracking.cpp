// SqliteStore: link tables, judged hits and engagement reads (TrackingStore).
#include "store/common/engagement_texts.h"
#include "store/sqlite/sqlite_store.h"

namespace pregon::store {
namespace {

void BindOptionalMs(SQLite::Statement& q, int index, const std::optional<Timestamp>& t) {
  if (t)
    q.bind(index, Ms(*t));
  else
    q.bind(index);
}

// Adds each campaign's differences to its kept totals (campaign_engagement).
void AddEngagementTotals(SqliteDb& db, const TotalsByCampaign& totals) {
  for (const auto& [campaign_id, add] : totals) {
    auto& q = db.Prepare(kAddEngagementTotalsSql);
    q.bind(1, campaign_id);
    int index = 2;
    for (int64_t value : TotalsParams(add)) q.bind(index++, value);
    q.exec();
  }
}

}  // namespace

Status SqliteStore::SaveCampaignLinks(int64_t campaign_id, std::span<const std::string> urls) {
  SqliteSession session(mu_, *db_);
  return Guard("saving a campaign's links", [&]() REQUIRES(mu_) -> Status {
    SqliteTx tx(*db_);
    for (size_t i = 0; i < urls.size(); ++i) {
      auto& q = db_->Prepare(kSaveLinkSql);
      SQLite::bind(q, campaign_id, static_cast<int64_t>(i + 1), urls[i]);
      q.exec();
    }
    tx.Commit();
    return Status::Ok();
  });
}

Result<std::vector<CampaignLink>> SqliteStore::ListCampaignLinks(int64_t campaign_id) {
  SqliteSession session(mu_, *db_);
  return Guard("listing a campaign's links",
               [&]() REQUIRES(mu_) -> Result<std::vector<CampaignLink>> {
                 auto& q = db_->Prepare(kListLinksSql);
                 q.bind(1, campaign_id);
                 std::vector<CampaignLink> out;
                 while (q.executeStep()) out.push_back(ReadLink(SqliteRow(q)));
                 return out;
               });
}

Result<std::unordered_map<int64_t, Timestamp>> SqliteStore::SentTimes(
    std::span<const int64_t> delivery_ids) {
  SqliteSession session(mu_, *db_);
  return Guard("reading send times",
               [&]() REQUIRES(mu_) -> Result<std::unordered_map<int64_t, Timestamp>> {
                 std::unordered_map<int64_t, Timestamp> out;
                 for (int64_t id : delivery_ids) {
                   auto& q = db_->Prepare(kSentTimeSql);
                   q.bind(1, id);
                   if (q.executeStep()) out[id] = SqliteRow(q).Time(0);
                   q.reset();
                 }
                 return out;
               });
}

Status SqliteStore::RecordHits(std::span<const TrackingHit> hits) {
  const HitBatch batch = FoldHits(hits);
  SqliteSession session(mu_, *db_);
  return Guard("recording opens and clicks", [&]() REQUIRES(mu_) -> Status {
    SqliteTx tx(*db_);
    TotalsByCampaign totals;
    for (const DeliveryHits& d : batch.deliveries) {
      auto& q = db_->Prepare(kAddDeliveryHitsSql);
      SQLite::bind(q, d.opens, d.machine_opens, d.clicks, d.machine_clicks);
      BindOptionalMs(q, 5, d.first_open);
      BindOptionalMs(q, 6, d.first_click);
      q.bind(7, d.delivery_id);
      if (!q.executeStep()) continue;  // no such delivery
      const SqliteRow after(q);
      AddHitTotals(d, HitCounts{after.Int(1), after.Int(2), after.Int(3), after.Int(4)},
                   totals[after.Int(0)]);
      q.reset();
    }
    AddEngagementTotals(*db_, totals);
    for (const LinkHits& l : batch.links) {
      auto& q = db_->Prepare(kAddLinkHitsSql);
      SQLite::bind(q, l.human, l.machine, l.campaign_id, l.link_id);
      q.exec();
    }
    for (const HourHits& h : batch.hours) {
      auto& q = db_->Prepare(kAddHourHitsSql);
      SQLite::bind(q, h.campaign_id, Ms(h.hour), std::string(HitKindName(h.kind)),
                   std::string(HitVerdictName(h.verdict)), h.hits);
      q.exec();
    }
    tx.Commit();
    return Status::Ok();
  });
}

Status SqliteStore::MarkUnsubscribed(int64_t delivery_id, Timestamp at) {
  SqliteSession session(mu_, *db_);
  return Guard("marking an unsubscribe", [&]() REQUIRES(mu_) -> Status {
    SqliteTx tx(*db_);
    auto& q = db_->Prepare(kMarkUnsubscribedSql);
    SQLite::bind(q, Ms(at), delivery_id);
    if (q.executeStep()) {
      const int64_t campaign_id = q.getColumn(0).getInt64();
      q.reset();
      AddEngagementTotals(*db_, {{campaign_id, EngagementSummary{.unsubscribed = 1}}});
    } else {
      auto& exists = db_->Prepare(kDeliveryExistsSql);
      exists.bind(1, delivery_id);
      if (!exists.executeStep())
        return Status::NotFound("delivery " + std::to_string(delivery_id) + " not found");
    }
    tx.Commit();
    return Status::Ok();
  });
}

Result<bool> SqliteStore::RecordFeedback(const MailFeedback& f) {
  SqliteSession session(mu_, *db_);
  return Guard("recording a bounce or complaint", [&]() REQUIRES(mu_) -> Result<bool> {
    SqliteTx tx(*db_);
    auto& insert = db_->Prepare(kInsertFeedbackSql);
    SQLite::bind(insert, f.source, f.event_key, std::string(FeedbackTypeName(f.type)), f.address);
    if (f.campaign_id)
      insert.bind(5, *f.campaign_id);
    else
      insert.bind(5);
    if (f.delivery_id)
      insert.bind(6, *f.delivery_id);
    else
      insert.bind(6);
    insert.bind(7, f.reason);
    insert.bind(8, Ms(f.received_at));
    if (insert.exec() == 0) return false;
    if (f.delivery_id) {
      const bool complaint = f.type == FeedbackType::kComplaint;
      auto& q = db_->Prepare(complaint ? kMarkComplainedSql : kMarkBouncedSql);
      SQLite::bind(q, Ms(f.received_at), *f.delivery_id, f.address);
      if (q.executeStep()) {
        const int64_t campaign_id = q.getColumn(0).getInt64();
        q.reset();
        AddEngagementTotals(*db_, {{campaign_id, FirstFeedbackTotals(f.type)}});
      }
      if (!complaint) {
        auto& type = db_->Prepare(kSetBounceTypeSql);
        SQLite::bind(type, std::string(FeedbackTypeName(f.type)), *f.delivery_id, f.address);
        type.exec();
      }
    }
    tx.Commit();
    return true;
  });
}

Result<int64_t> SqliteStore::CountFeedback(std::string_view address, FeedbackType type,
                                           std::optional<Timestamp> since) {
  SqliteSession session(mu_, *db_);
  return Guard("counting bounces and complaints", [&]() REQUIRES(mu_) -> Result<int64_t> {
    auto& q = db_->Prepare(kCountFeedbackSql);
    SQLite::bind(q, std::string(address), std::string(FeedbackTypeName(type)),
                 since ? Ms(*since) : int64_t{0});
    q.executeStep();
    const int64_t n = q.getColumn(0).getInt64();
    q.reset();
    return n;
  });
}

Result<std::vector<DeliveryEngagement>> SqliteStore::ListEngagement(const EngagementQuery& query) {
  SqliteSession session(mu_, *db_);
  return Guard("listing engagement",
               [&]() REQUIRES(mu_) -> Result<std::vector<DeliveryEngagement>> {
                 auto& q = db_->Prepare(kListEngagementSql);
                 SQLite::bind(q, query.campaign_id, query.after_seq,
                              std::string(EngagementFilterName(query.filter)), query.limit);
                 std::vector<DeliveryEngagement> out;
                 while (q.executeStep()) out.push_back(ReadEngagement(SqliteRow(q)));
                 return out;
               });
}

Result<EngagementSummary> SqliteStore::GetEngagementSummary(int64_t campaign_id) {
  SqliteSession session(mu_, *db_);
  return Guard("summing engagement", [&]() REQUIRES(mu_) -> Result<EngagementSummary> {
    auto& q = db_->Prepare(kEngagementSummarySql);
    q.bind(1, campaign_id);
    q.executeStep();
    EngagementSummary s = ReadEngagementSummary(SqliteRow(q));
    q.reset();
    return s;
  });
}

Result<std::vector<EngagementHour>> SqliteStore::ListEngagementHours(int64_t campaign_id) {
  SqliteSession session(mu_, *db_);
  return Guard("listing engagement by hour",
               [&]() REQUIRES(mu_) -> Result<std::vector<EngagementHour>> {
                 auto& q = db_->Prepare(kListEngagementHoursSql);
                 q.bind(1, campaign_id);
                 std::vector<EngagementHour> out;
                 while (q.executeStep()) out.push_back(ReadEngagementHour(SqliteRow(q)));
                 return out;
               });
}

}  // namespace pregon::store
