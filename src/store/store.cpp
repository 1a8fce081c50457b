#include "store/store.h"

#include <string>

namespace pregon {

Status SchemaStore::CheckSchema() {
  PREGON_ASSIGN_OR_RETURN(int version, SchemaVersion());
  int latest = LatestSchemaVersion();
  if (version == latest) return Status::Ok();
  if (version < latest)
    return Status::FailedPrecondition("the database schema is at version " +
                                      std::to_string(version) + ", this pregon needs " +
                                      std::to_string(latest) + ": run `pregon migrate`");
  return Status::FailedPrecondition("the database schema (version " + std::to_string(version) +
                                    ") is newer than this pregon (" + std::to_string(latest) +
                                    "): upgrade pregon");
}

Result<bool> WorkQueue::AcquireSchedulerLeadership(std::string_view, Timestamp, Millis) {
  return true;
}

Status WorkQueue::ReleaseSchedulerLeadership(std::string_view) { return Status::Ok(); }

Result<bool> WorkQueue::WaitForWork(Millis) { return false; }

}  // namespace pregon
