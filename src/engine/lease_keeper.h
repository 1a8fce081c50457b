// LeaseKeeper: renews the leases of ranges being worked, every ttl/3, on its own thread.
//
// A worker also renews between chunks, but one chunk waits on the provider (up to the
// request timeout) and on the rate limit; without a heartbeat a slow provider would let the
// lease expire under a live worker, and its in-flight messages would be rescued as unknown.
//
// Thread-safety: Add/Remove may be called from any thread.
#pragma once

#include <condition_variable>
#include <map>
#include <thread>

#include "core/clock.h"
#include "core/delivery.h"
#include "store/roles/work_queue.h"

namespace pregon {

class LeaseKeeper {
 public:
  LeaseKeeper(WorkQueue& work, Clock& clock, Millis ttl);
  ~LeaseKeeper();  // stops the heartbeat thread
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

  // Keeps renewing `lease` (a copy) until Remove(returned id).
  int64_t Add(const RangeLease& lease);
  void Remove(int64_t id);

 private:
  void Loop();

  WorkQueue& work_;
  Clock& clock_;
  const Millis ttl_;
  Mutex mu_;
  std::condition_variable cv_;
  bool stop_ GUARDED_BY(mu_) = false;
  int64_t next_id_ GUARDED_BY(mu_) = 1;
  std::map<int64_t, RangeLease> leases_ GUARDED_BY(mu_);
  std::thread thread_;
};

// Registers a lease with a keeper for the scope of one range (a no-op without a keeper).
class ScopedKeepAlive {
 public:
  ScopedKeepAlive(LeaseKeeper* keeper, const RangeLease& lease)
      : keeper_(keeper), id_(keeper ? keeper->Add(lease) : 0) {}
  ~ScopedKeepAlive() {
    if (keeper_) keeper_->Remove(id_);
  }
  ScopedKeepAlive(const ScopedKeepAlive&) = delete;
  ScopedKeepAlive& operator=(const ScopedKeepAlive&) = delete;

 private:
  LeaseKeeper* keeper_;
  int64_t id_;
};

}  // namespace pregon
