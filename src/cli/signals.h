// SignalWatcher: turns SIGINT/SIGTERM into a call on a dedicated thread, so shutdown code
// may lock mutexes and log (nothing of that is allowed inside a signal handler).
//
// REQUIRES: constructed before any other thread starts, so every thread inherits the
// blocked signal mask.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace pregon::cli {

class SignalWatcher {
 public:
  explicit SignalWatcher(std::function<void(int signal)> on_signal);
  ~SignalWatcher();  // stops watching (without calling on_signal)

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace pregon::cli
