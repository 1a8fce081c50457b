#include "store/common/migration.h"

#include <algorithm>
#include <string>

namespace pregon::store {

int LatestVersion(std::span<const Migration> migrations) {
  int latest = 0;
  for (const auto& m : migrations) latest = std::max(latest, m.version);
  return latest;
}

Status ApplyPendingMigrations(std::span<const Migration> migrations, int current,
                              const std::function<Status(const Migration&)>& apply) {
  int latest = LatestVersion(migrations);
  if (current > latest)
    return Status::FailedPrecondition("the database schema (version " + std::to_string(current) +
                                      ") is newer than this pregon (" + std::to_string(latest) +
                                      "): upgrade pregon");
  std::vector<const Migration*> pending;
  for (const auto& m : migrations)
    if (m.version > current) pending.push_back(&m);
  std::sort(pending.begin(), pending.end(),
            [](const Migration* a, const Migration* b) { return a->version < b->version; });
  for (const Migration* m : pending) PREGON_RETURN_IF_ERROR(apply(*m));
  return Status::Ok();
}

}  // namespace pregon::store
