// PostgresStore: opening the database.
#include <cctype>

#include "store/postgres/postgres_store.h"

namespace pregon::store {

// The NOTIFY channel of the schema the connection works in: nodes sharing a schema share
// announcements, other pregon instances in the same database do not hear them.
static std::string WorkChannelFor(std::string schema) {
  for (char& ch : schema)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return "pregon_work_" + schema;
}

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const PostgresOptions& options) {
  PREGON_ASSIGN_OR_RETURN(auto session, PgSession::Open(options));
  auto schema =
      session->Transact("reading the current schema", [](PgTx& tx) -> Result<std::string> {
        static const char* kSql = "SELECT current_schema()";
        auto r = tx.Exec(kSql);
        if (r[0][0].is_null())
          return Status::FailedPrecondition(
              "the connection has no current schema (check search_path)");
        return r[0][0].as<std::string>();
      });
  if (!schema.ok()) return schema.status();
  return std::unique_ptr<PostgresStore>(
      new PostgresStore(std::move(session), WorkChannelFor(*schema)));
}

PostgresStore::PostgresStore(std::unique_ptr<PgSession> session, std::string work_channel)
    : session_(std::move(session)), work_channel_(std::move(work_channel)) {}

}  // namespace pregon::store
