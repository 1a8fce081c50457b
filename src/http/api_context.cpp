#include "http/api_context.h"

namespace pregon::http {

void ShutdownSignal::Trigger() {
  {
    MutexLock lock(mu_);
    triggered_ = true;
  }
  cv_.notify_all();
}

bool ShutdownSignal::triggered() const {
  MutexLock lock(mu_);
  return triggered_;
}

bool ShutdownSignal::WaitFor(Millis d) {
  MutexLock lock(mu_);
  return clock_.WaitFor(lock, cv_, d, [this]() REQUIRES(mu_) { return triggered_; });
}

}  // namespace pregon::http
