#include "cli/signals.h"

#include <pthread.h>
#include <signal.h>

namespace pregon::cli {

static sigset_t ShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

SignalWatcher::SignalWatcher(std::function<void(int)> on_signal) {
  sigset_t set = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::thread([this, set, on_signal = std::move(on_signal)] {
    for (;;) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) continue;
      if (done_.load()) return;
      on_signal(sig);
    }
  });
}

SignalWatcher::~SignalWatcher() {
  done_.store(true);
  pthread_kill(thread_.native_handle(), SIGTERM);  // wakes sigwait; done_ makes it return
  thread_.join();
}

}  // namespace pregon::cli
