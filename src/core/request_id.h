// The id of the HTTP request a thread is handling, so that what it causes — its log lines and
// the campaign events it writes — can be traced back to it (X-Request-Id, which nginx sets
// from its own $request_id and pregon answers with).
//
//   ScopedRequestId scope(RequestIdFrom(req.Header("X-Request-Id")));
//   ... CurrentRequestId() is that id on this thread until scope ends ...
//
// Thread-safety: the id is per thread (thread_local); each function touches only the
// calling thread's.
#pragma once

#include <string>
#include <string_view>

namespace pregon {

// The client's id when it is one a log can carry safely (1 to 64 of A-Z a-z 0-9 . _ : -),
// otherwise a new random one (16 hex digits).
std::string RequestIdFrom(std::string_view given);

// "" outside a request.
std::string_view CurrentRequestId();

class ScopedRequestId {
 public:
  explicit ScopedRequestId(std::string id);
  ~ScopedRequestId();
  ScopedRequestId(const ScopedRequestId&) = delete;
  ScopedRequestId& operator=(const ScopedRequestId&) = delete;

 private:
  std::string previous_;
};

}  // namespace pregon
