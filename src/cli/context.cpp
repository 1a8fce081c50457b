#include "cli/context.h"

#include <iostream>

#include "core/duration.h"
#include "store/store_factory.h"

namespace pregon::cli {

Result<Store*> Context::store(bool for_migrate) {
  if (!store_) {
    StoreOptions options;
    options.sqlite_synchronous = config_.Get("PREGON_SQLITE_SYNCHRONOUS");
    PREGON_ASSIGN_OR_RETURN(store_, OpenStore(config_.Get("DATABASE_URL"), options));
  }
  if (!for_migrate) PREGON_RETURN_IF_ERROR(store_->CheckSchema());
  return store_.get();
}

void Context::Print(const nlohmann::json& j, const std::function<void()>& human) const {
  if (json) {
    std::cout << j.dump() << "\n";
  } else {
    human();
  }
}

Result<Millis> FlagDuration(const std::string& flag, const std::string& value) {
  auto d = ParseDuration(value);
  if (!d.ok()) return d.status().WithContext(flag);
  return d;
}

}  // namespace pregon::cli
