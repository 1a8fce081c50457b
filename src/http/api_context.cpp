#include "http/api_context.h"

namespace pregon::http {

void ShutdownSignal::Trigger() {
  {
    std::lock_guard lock(mu_);
    triggered_ = true;
  }
  cv_.notify_all();
}

bool ShutdownSignal::triggered() const {
  std::lock_guard lock(mu_);
  return triggered_;
}

bool ShutdownSignal::WaitFor(Millis d) {
  std::unique_lock lock(mu_);
  return clock_.WaitFor(lock, cv_, d, [this] { return triggered_; });
}

}  // namespace pregon::http
