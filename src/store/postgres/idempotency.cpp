// PostgresStore: idempotent requests and the purge of expired rows (IdempotencyStore).
#include <string>

#include "store/postgres/pg_rows.h"
#include "store/postgres/postgres_store.h"

namespace pregon::store {

Result<std::optional<IdempotencyRecord>> PostgresStore::BeginIdempotentRequest(
    const IdempotencyRecord& rec, Timestamp stale_before) {
  return session_->Transact(
      "claiming idempotency key", [&](PgTx& tx) -> Result<std::optional<IdempotencyRecord>> {
        // The insert either claims the key or waits for a concurrent claimer's transaction and
        // then does nothing; the row is locked for the take-over check either way.
        static const char* kInsert =
            "INSERT INTO idempotency_keys (user_id, key, fingerprint, status, response, "
            "created_at) "
            "VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT (user_id, key) DO NOTHING RETURNING 1";
        if (!tx.Exec(kInsert, rec.user_id, rec.key, rec.fingerprint, Ms(rec.created_at)).empty())
          return std::optional<IdempotencyRecord>();
        static const char* kGet =
            "SELECT fingerprint, status, response, created_at FROM idempotency_keys "
            "WHERE user_id = $1 AND key = $2 FOR UPDATE";
        auto r = tx.Exec(kGet, rec.user_id, rec.key);
        if (r.empty())
          return Status::Transient("idempotency key '" + rec.key + "' vanished: retry");
        IdempotencyRecord found{rec.user_id,
                                rec.key,
                                r[0][0].as<std::string>(),
                                r[0][1].as<int>(),
                                r[0][2].as<std::string>(),
                                FromUnixMillis(r[0][3].as<int64_t>())};
        if (found.status != 0 || found.created_at >= stale_before) return std::optional(found);
        static const char* kTakeOver =
            "UPDATE idempotency_keys SET fingerprint = $3, created_at = $4 WHERE user_id = $1 AND "
            "key = $2";
        tx.Exec(kTakeOver, rec.user_id, rec.key, rec.fingerprint, Ms(rec.created_at));
        return std::optional<IdempotencyRecord>();
      });
}

Status PostgresStore::FinishIdempotentRequest(int64_t user_id, std::string_view key, int status,
                                              std::string_view response) {
  return session_->Transact("storing idempotent response", [&](PgTx& tx) -> Status {
    static const char* kSql =
        "UPDATE idempotency_keys SET status = $1, response = $2 WHERE user_id = $3 AND key = $4";
    if (tx.Exec(kSql, status, std::string(response), user_id, std::string(key)).affected_rows() ==
        0)
      return Status::NotFound("idempotency key '" + std::string(key) + "' was not claimed");
    return Status::Ok();
  });
}

Status PostgresStore::AbandonIdempotentRequest(int64_t user_id, std::string_view key) {
  return session_->Transact("releasing idempotency key", [&](PgTx& tx) -> Status {
    static const char* kSql =
        "DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status = 0";
    tx.Exec(kSql, user_id, std::string(key));
    return Status::Ok();
  });
}

Result<int64_t> PostgresStore::PurgeExpired(Timestamp now, Timestamp keys_before) {
  return session_->Transact("purging expired sessions and keys", [&](PgTx& tx) -> Result<int64_t> {
    static const char* kSessions = "DELETE FROM sessions WHERE expires_at <= $1";
    static const char* kKeys = "DELETE FROM idempotency_keys WHERE created_at < $1";
    int64_t n = tx.Exec(kSessions, Ms(now)).affected_rows();
    n += tx.Exec(kKeys, Ms(keys_before)).affected_rows();
    return n;
  });
}

}  // namespace pregon::store
