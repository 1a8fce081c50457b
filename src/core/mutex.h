// Mutex and MutexLock: std::mutex and std::unique_lock with clang's thread-safety capability
// (core/thread_annotations.h), so that `int n_ GUARDED_BY(mu_);` is checked, not hoped for:
// scripts/check-clang analyses pregon with clang's -Wthread-safety and fails on a
// guarded field touched without its mutex. libstdc++'s own types carry no annotations, which
// is the only reason these wrappers exist.
//
// Thread-safety: a Mutex is shared by threads; a MutexLock belongs to the thread that made it.
#pragma once

#include <condition_variable>
#include <mutex>

#include "core/thread_annotations.h"

namespace pregon {

class CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() ACQUIRE() { mu_.lock(); }
  void Unlock() RELEASE() { mu_.unlock(); }

 private:
  friend class MutexLock;
  std::mutex mu_;
};

// Holds a Mutex from construction to destruction. Unlock()/Lock() give it up for a stretch
// in between (e.g. around a call to the database); a condition variable or Clock::WaitFor
// waits on native(), which they release while waiting and hold again on return.
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mu) ACQUIRE(mu) : lock_(mu.mu_) {}
  ~MutexLock() RELEASE() = default;
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  void Unlock() RELEASE() { lock_.unlock(); }
  void Lock() ACQUIRE() { lock_.lock(); }

  // For std::condition_variable::wait*: held again when the wait returns.
  std::unique_lock<std::mutex>& native() { return lock_; }

 private:
  std::unique_lock<std::mutex> lock_;
};

}  // namespace pregon
