// SandboxContext: what the sandbox's API handlers share (options, record, faults, counters).
//
// Built once by SandboxServer::Start and read-only afterwards except for its atomic
// counters and the idempotency set, which is guarded by a mutex.
// Thread-safety: every method may be called from any number of handler threads.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/clock.h"
#include "core/mutex.h"
#include "sandbox/fault_plan.h"
#include "sandbox/record_log.h"
#include "sandbox/sandbox_server.h"

namespace pregon {

class SandboxContext {
 public:
  // `record` may be null (nothing is recorded).
  SandboxContext(const SandboxOptions& options, std::unique_ptr<RecordLog> record,
                 std::unordered_set<std::string> blocked_chat_ids);

  const SandboxOptions& options() const { return options_; }
  FaultPlan& faults() { return faults_; }
  Timestamp Now() const { return clock_.Now(); }

  // Sleeps options().latency_ms, standing in for a provider's response time.
  void Delay();

  // Appends record lines; OK when there is no record file.
  Status Record(std::string_view lines);

  bool IsBlocked(const std::string& chat_id) const { return blocked_.count(chat_id) > 0; }

  // Remembers `key`; false when it was already seen (a resend of an accepted message).
  bool FirstUse(std::string_view key);
  // Undoes FirstUse(key) when the message could not be recorded after all.
  void ForgetKey(std::string_view key);

  // 1, 2, 3... across the server's life (message ids, resource ids).
  uint64_t NextSequence() { return sequence_.fetch_add(1, std::memory_order_relaxed) + 1; }

  void CountAccepted() { accepted_.fetch_add(1, std::memory_order_relaxed); }
  void CountRejected() { rejected_.fetch_add(1, std::memory_order_relaxed); }
  void CountFailed() { failed_.fetch_add(1, std::memory_order_relaxed); }
  void CountThrottled() { throttled_.fetch_add(1, std::memory_order_relaxed); }
  SandboxStats stats() const;

 private:
  const SandboxOptions options_;
  SystemClock clock_;
  FaultPlan faults_;
  const std::unique_ptr<RecordLog> record_;
  const std::unordered_set<std::string> blocked_;

  Mutex idempotency_mu_;
  // Hashes, not the keys: 8 bytes a message keeps a million-message run small.
  std::unordered_set<uint64_t> idempotency_keys_ GUARDED_BY(idempotency_mu_);

  std::atomic<uint64_t> sequence_{0};
  std::atomic<uint64_t> accepted_{0};
  std::atomic<uint64_t> rejected_{0};
  std::atomic<uint64_t> failed_{0};
  std::atomic<uint64_t> throttled_{0};
};

}  // namespace pregon
