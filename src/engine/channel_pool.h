// ChannelPool: the channels of each sender, shared by all the worker threads of a process.
//
// A channel holds a sender's open connections (and, for HTTP, a curl handle per request in
// flight). A worker thread takes one only while it holds permits of the sender's in-flight
// gate and gives it back when it has nothing out, so the channels, connections and handles
// a sender keeps open follow the requests in flight, not the number of threads: with
// `worker --concurrency 256` and a cap of 256, a few dozen channels serve every thread
// instead of one each, and idle threads hold none.
//
// The channel given back last is taken first, so its warm connections are the ones reused
// and the others stay idle rather than each getting a share.
//
// Thread-safety: safe for concurrent use; a channel itself is used by one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "channels/channel.h"
#include "core/mutex.h"

namespace pregon {

class ChannelPool {
 public:
  // The sender's idle channel given back last, or null when it has none (the caller makes
  // one).
  std::unique_ptr<Channel> Take(int64_t sender_id);
  // Keeps the channel for the sender's next Take. A channel with results still pending
  // belongs to the requests of its last holder, so it is closed instead.
  void GiveBack(int64_t sender_id, std::unique_ptr<Channel> channel);
  // Idle channels kept for the sender.
  size_t idle(int64_t sender_id) const;

 private:
  mutable Mutex mu_;
  std::map<int64_t, std::vector<std::unique_ptr<Channel>>> idle_ GUARDED_BY(mu_);
};

}  // namespace pregon
