#include "engine/lease_keeper.h"

#include <spdlog/spdlog.h>

#include <vector>

namespace pregon {

LeaseKeeper::LeaseKeeper(WorkQueue& work, Clock& clock, Millis ttl)
    : work_(work), clock_(clock), ttl_(ttl), thread_([this] { Loop(); }) {}

LeaseKeeper::~LeaseKeeper() {
  {
    MutexLock lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

int64_t LeaseKeeper::Add(const RangeLease& lease) {
  MutexLock lock(mu_);
  leases_[next_id_] = lease;
  return next_id_++;
}

void LeaseKeeper::Remove(int64_t id) {
  MutexLock lock(mu_);
  leases_.erase(id);
}

void LeaseKeeper::Loop() {
  const auto period = std::max(Millis(100), ttl_ / 3);
  MutexLock lock(mu_);
  while (!stop_) {
    clock_.WaitFor(lock, cv_, period, [this]() REQUIRES(mu_) { return stop_; });
    if (stop_) break;
    std::vector<std::pair<int64_t, RangeLease>> due(leases_.begin(), leases_.end());
    lock.Unlock();
    for (auto& [id, lease] : due) {
      auto r = work_.RenewLease(lease, clock_.Now(), ttl_);
      if (r.status().code() == StatusCode::kConflict) {
        // A range released while this renewal waited (say, on a database reconnect) was
        // not lost: only warn about one its dispatcher still works on.
        MutexLock still(mu_);
        if (leases_.count(id) == 0) continue;
        spdlog::warn("range {} of campaign {}: lease lost ({})", lease.range_id, lease.campaign_id,
                     r.status().message());
      } else if (!r.ok()) {
        spdlog::error("renewing the lease of range {}: {}", lease.range_id, r.status().ToString());
      }
    }
    lock.Lock();
  }
}

}  // namespace pregon
