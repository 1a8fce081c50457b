#include "http/idempotency.h"

#include <spdlog/spdlog.h>

#include "app/auth/credentials.h"

namespace pregon::http {

std::string RequestFingerprint(const HttpRequest& req) {
  // The body as sent: a multipart one holds its parts, names and all.
  return req.method + " " + req.path + " " + HashSecret(req.Body());
}

IdempotencyDecision IdempotencyGuard::Begin(int64_t user_id, const std::string& key,
                                            const HttpRequest& req) {
  IdempotencyDecision d;
  bool printable = !key.empty() && key.size() <= 255;
  for (unsigned char c : key) printable = printable && c >= 0x20 && c < 0x7f;
  if (!printable) {
    d.kind = IdempotencyDecision::kReject;
    d.error = ApiError::BadRequest("Idempotency-Key must be 1 to 255 printable ASCII characters",
                                   "Idempotency-Key");
    return d;
  }
  const Timestamp now = clock_.Now();
  IdempotencyRecord rec{user_id, key, RequestFingerprint(req), 0, "", now};
  auto found = store_.BeginIdempotentRequest(rec, now - options_.stale_after);
  if (!found.ok()) {
    d.kind = IdempotencyDecision::kReject;
    d.error = ApiError::FromStatus(found.status());
    if (d.error->status >= 500) spdlog::error("idempotency key: {}", found.status().ToString());
    return d;
  }
  if (!found->has_value()) return d;  // claimed: proceed
  const IdempotencyRecord& prior = **found;
  d.kind = IdempotencyDecision::kReject;
  if (prior.fingerprint != rec.fingerprint) {
    d.error =
        ApiError::Invalid("Idempotency-Key '" + key + "' was already used for a different request",
                          "Idempotency-Key");
    d.error->code = "idempotency_key_reused";
  } else if (prior.status == 0) {
    d.error = ApiError::BadRequest(
        "a request with Idempotency-Key '" + key + "' is still being handled; retry later",
        "Idempotency-Key");
    d.error->status = 409;
    d.error->code = "idempotency_key_in_use";
  } else {
    d.kind = IdempotencyDecision::kReplay;
    d.status = prior.status;
    d.body = prior.response;
  }
  return d;
}

void IdempotencyGuard::Finish(int64_t user_id, const std::string& key, int status,
                              const std::string& body) {
  Status st = status >= 500 ? store_.AbandonIdempotentRequest(user_id, key)
                            : store_.FinishIdempotentRequest(user_id, key, status, body);
  if (!st.ok()) spdlog::error("storing the answer to Idempotency-Key: {}", st.ToString());
}

}  // namespace pregon::http
