#include "store/store_factory.h"

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace pregon {

Result<std::string> SqlitePathFromUrl(std::string_view url) {
  constexpr std::string_view kPrefix = "sqlite://";
  if (url.substr(0, kPrefix.size()) != kPrefix)
    return Status::InvalidArgument("'" + std::string(url) + "' is not a sqlite:// URL");
  std::string path(url.substr(kPrefix.size()));  // "/abs/x.db" or "rel.db"
  if (path.empty())
    return Status::InvalidArgument("database URL '" + std::string(url) + "' has no path");
  return path;
}

Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const StoreOptions& options) {
  if (url.substr(0, 9) == "sqlite://") {
    PREGON_ASSIGN_OR_RETURN(auto path, SqlitePathFromUrl(url));
    store::SqliteOptions so{path, options.sqlite_busy_timeout_ms, options.sqlite_synchronous};
    PREGON_ASSIGN_OR_RETURN(auto s, store::SqliteStore::Open(so));
    return std::unique_ptr<Store>(std::move(s));
  }
  if (url.substr(0, 13) == "postgresql://" || url.substr(0, 11) == "postgres://") {
    if (options.pg_pool_size < 1)
      return Status::InvalidArgument("the PostgreSQL pool size must be at least 1");
    store::PostgresOptions po{std::string(url), options.pg_pool_size, options.pg_reconnect_window};
    PREGON_ASSIGN_OR_RETURN(auto s, store::PostgresStore::Open(po));
    return std::unique_ptr<Store>(std::move(s));
  }
  return Status::InvalidArgument("database URL '" + RedactUrl(url) +
                                 "' must start with sqlite://, postgresql:// or postgres://");
}

}  // namespace pregon
