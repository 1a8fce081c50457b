// SqliteStore: idempotent requests and the purge of expired rows (IdempotencyStore).
#include <string>

#include "store/sqlite/sqlite_store.h"

namespace pregon::store {

Result<std::optional<IdempotencyRecord>> SqliteStore::BeginIdempotentRequest(
    const IdempotencyRecord& r, Timestamp stale_before) {
  SqliteSession session(mu_, *db_);
  return Guard(
      "claiming idempotency key", [&]() REQUIRES(mu_) -> Result<std::optional<IdempotencyRecord>> {
        SqliteTx tx(*db_);
        auto& get = db_->Prepare(
            "SELECT fingerprint, status, response, created_at FROM idempotency_keys "
            "WHERE user_id = ? AND key = ?");
        SQLite::bind(get, r.user_id, r.key);
        if (get.executeStep()) {
          IdempotencyRecord found{r.user_id,
                                  r.key,
                                  get.getColumn(0).getString(),
                                  get.getColumn(1).getInt(),
                                  get.getColumn(2).getString(),
                                  FromUnixMillis(get.getColumn(3).getInt64())};
          get.reset();
          if (found.status != 0 || found.created_at >= stale_before) return std::optional(found);
          auto& del = db_->Prepare("DELETE FROM idempotency_keys WHERE user_id = ? AND key = ?");
          SQLite::bind(del, r.user_id, r.key);
          del.exec();
        }
        get.reset();
        auto& ins = db_->Prepare(
            "INSERT INTO idempotency_keys (user_id, key, fingerprint, status, response, "
            "created_at) "
            "VALUES (?, ?, ?, 0, '', ?)");
        SQLite::bind(ins, r.user_id, r.key, r.fingerprint, Ms(r.created_at));
        ins.exec();
        tx.Commit();
        return std::optional<IdempotencyRecord>();
      });
}

Status SqliteStore::FinishIdempotentRequest(int64_t user_id, std::string_view key, int status,
                                            std::string_view response) {
  SqliteSession session(mu_, *db_);
  return Guard("storing idempotent response", [&]() REQUIRES(mu_) -> Status {
    auto& q = db_->Prepare(
        "UPDATE idempotency_keys SET status = ?, response = ? WHERE user_id = ? AND key = ?");
    SQLite::bind(q, status, std::string(response), user_id, std::string(key));
    if (q.exec() == 0)
      return Status::NotFound("idempotency key '" + std::string(key) + "' was not claimed");
    return Status::Ok();
  });
}

Status SqliteStore::AbandonIdempotentRequest(int64_t user_id, std::string_view key) {
  SqliteSession session(mu_, *db_);
  return Guard("releasing idempotency key", [&]() REQUIRES(mu_) -> Status {
    auto& q =
        db_->Prepare("DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND status = 0");
    SQLite::bind(q, user_id, std::string(key));
    q.exec();
    return Status::Ok();
  });
}

Result<int64_t> SqliteStore::PurgeExpired(Timestamp now, Timestamp keys_before) {
  SqliteSession session(mu_, *db_);
  return Guard("purging expired sessions and keys", [&]() REQUIRES(mu_) -> Result<int64_t> {
    SqliteTx tx(*db_);
    auto& s = db_->Prepare("DELETE FROM sessions WHERE expires_at <= ?");
    s.bind(1, Ms(now));
    int64_t n = s.exec();
    auto& k = db_->Prepare("DELETE FROM idempotency_keys WHERE created_at < ?");
    k.bind(1, Ms(keys_before));
    n += k.exec();
    tx.Commit();
    return n;
  });
}

}  // namespace pregon::store
