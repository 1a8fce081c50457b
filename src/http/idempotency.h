// Idempotency-Key on POST requests: a client that retries a request (a timeout, a dropped
// connection) with the same key gets the first answer again instead of creating or sending
// twice.
//
// The key is claimed in the store (per user) before the handler runs, atomically, so two
// concurrent requests with one key cannot both run; the answer is stored after it. Then:
//   same key, same request (method, path, body)  → the stored answer, replayed (with the
//                                                  header Idempotent-Replayed: true)
//   same key, different request                   → 422 idempotency_key_reused
//   same key while the first is still running     → 409 idempotency_key_in_use
// 5xx answers are not stored (the key is released, so a retry runs again). A claim left
// behind by a process that died is taken over after stale_after. Keys are kept for
// keep_for (then purged).
//
// Thread-safety: as safe as the Store it uses.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "http/api_error.h"
#include "http/http_message.h"
#include "store/roles/idempotency_store.h"

namespace pregon::http {

struct IdempotencyOptions {
  Millis stale_after{5 * 60'000};
  Millis keep_for{24 * 3'600'000};
};

// What to do with a request that carries an Idempotency-Key.
struct IdempotencyDecision {
  enum Kind { kProceed, kReplay, kReject } kind = kProceed;
  int status = 0;  // kReplay: the stored answer
  std::string body;
  std::optional<ApiError> error;  // kReject
};

class IdempotencyGuard {
 public:
  IdempotencyGuard(IdempotencyStore& store, Clock& clock, IdempotencyOptions options = {})
      : store_(store), clock_(clock), options_(options) {}

  // Keys are 1 to 255 printable ASCII characters (400 otherwise).
  IdempotencyDecision Begin(int64_t user_id, const std::string& key, const HttpRequest& req);
  // Stores the answer of a request that got kProceed (or releases the key on a 5xx).
  void Finish(int64_t user_id, const std::string& key, int status, const std::string& body);

  const IdempotencyOptions& options() const { return options_; }

 private:
  IdempotencyStore& store_;
  Clock& clock_;
  const IdempotencyOptions options_;
};

// "POST /api/v1/campaigns <hash of the body>": what makes two requests the same. A
// multipart body is hashed part by part (name, file name, type, content).
std::string RequestFingerprint(const HttpRequest& req);

}  // namespace pregon::http
