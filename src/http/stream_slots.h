// StreamSlots: how many event streams may be open at once, per user and in all. Each open
// stream holds a connection (and, on today's transport, a server thread) for as long as it
// lasts, so without a cap a handful of viewer tokens could take every thread and /healthz
// would stop answering. A stream takes a Slot before it starts and gives it back when it
// ends (the Slot's destructor).
//
// Thread-safety: safe for concurrent use; a Slot may be released from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>

#include "core/mutex.h"

namespace pregon::http {

class StreamSlots {
 public:
  // REQUIRES: per_user >= 1, total >= 1.
  StreamSlots(int per_user, int total) : per_user_(per_user), total_(total) {}

  enum class Refusal { kNone, kUserFull, kServerFull };

  // Held while a stream is open; released when destroyed.
  class Slot {
   public:
    ~Slot() { owner_.Release(user_id_); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    friend class StreamSlots;
    Slot(StreamSlots& owner, int64_t user_id) : owner_(owner), user_id_(user_id) {}
    StreamSlots& owner_;
    const int64_t user_id_;
  };

  // A slot for one more stream of `user_id`, or null with *why set: the user has per_user
  // open (kUserFull), or the server has total open (kServerFull).
  std::unique_ptr<Slot> Take(int64_t user_id, Refusal* why) EXCLUDES(mu_);

  int per_user() const { return per_user_; }
  int total() const { return total_; }
  int open() const EXCLUDES(mu_);

 private:
  void Release(int64_t user_id) EXCLUDES(mu_);

  const int per_user_, total_;
  mutable Mutex mu_;
  std::map<int64_t, int> by_user_ GUARDED_BY(mu_);
  int open_ GUARDED_BY(mu_) = 0;
};

}  // namespace pregon::http
