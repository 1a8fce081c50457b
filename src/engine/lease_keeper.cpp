#include "engine/lease_keeper.h"

#include <spdlog/spdlog.h>

#include <vector>

namespace pregon {

LeaseKeeper::LeaseKeeper(WorkQueue& work, Clock& clock, Millis ttl)
    : work_(work), clock_(clock), ttl_(ttl), thread_([this] { Loop(); }) {}

LeaseKeeper::~LeaseKeeper() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

int64_t LeaseKeeper::Add(const RangeLease& lease) {
  std::lock_guard lock(mu_);
  leases_[next_id_] = lease;
  return next_id_++;
}

void LeaseKeeper::Remove(int64_t id) {
  std::lock_guard lock(mu_);
  leases_.erase(id);
}

void LeaseKeeper::Loop() {
  const auto period = std::max(Millis(100), ttl_ / 3);
  std::unique_lock lock(mu_);
  while (!stop_) {
    clock_.WaitFor(lock, cv_, period, [this] { return stop_; });
    if (stop_) break;
    std::vector<std::pair<int64_t, RangeLease>> due(leases_.begin(), leases_.end());
    lock.unlock();
    for (auto& [id, lease] : due) {
      auto r = work_.RenewLease(lease, clock_.Now(), ttl_);
      if (r.status().code() == StatusCode::kConflict) {
        // A range released while this renewal waited (say, on a database reconnect) was
        // not lost: only warn about one its dispatcher still works on.
        std::lock_guard still(mu_);
        if (leases_.count(id) == 0) continue;
        spdlog::warn("range {} of campaign {}: lease lost ({})", lease.range_id, lease.campaign_id,
                     r.status().message());
      } else if (!r.ok()) {
        spdlog::error("renewing the lease of range {}: {}", lease.range_id, r.status().ToString());
      }
    }
    lock.lock();
  }
}

}  // namespace pregon
