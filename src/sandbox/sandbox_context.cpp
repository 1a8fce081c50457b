#include "sandbox/sandbox_context.h"

namespace pregon {

SandboxContext::SandboxContext(const SandboxOptions& options, std::unique_ptr<RecordLog> record,
                               std::unordered_set<std::string> blocked_chat_ids)
    : options_(options),
      faults_(options.fail_rate, options.throttle_every, options.seed),
      record_(std::move(record)),
      blocked_(std::move(blocked_chat_ids)) {}

void SandboxContext::Delay() {
  if (options_.latency_ms > 0) clock_.SleepFor(Millis(options_.latency_ms));
}

Status SandboxContext::Record(std::string_view lines) {
  if (record_ == nullptr) return Status::Ok();
  return record_->Append(lines);
}

bool SandboxContext::FirstUse(std::string_view key) {
  const uint64_t hash = StableHash(key);
  MutexLock lock(idempotency_mu_);
  return idempotency_keys_.insert(hash).second;
}

void SandboxContext::ForgetKey(std::string_view key) {
  const uint64_t hash = StableHash(key);
  MutexLock lock(idempotency_mu_);
  idempotency_keys_.erase(hash);
}

SandboxStats SandboxContext::stats() const {
  SandboxStats s;
  s.accepted = accepted_.load(std::memory_order_relaxed);
  s.rejected = rejected_.load(std::memory_order_relaxed);
  s.failed = failed_.load(std::memory_order_relaxed);
  s.throttled = throttled_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace pregon
