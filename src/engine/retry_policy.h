// RetryPolicy: what the engine does with each classified send result (DESIGN §1.2, §1.3).
//
//   sent         → sent
//   permanent    → failed (with the provider's reason; suppressed too when the channel
//                  says so, e.g. an SMTP 550 user unknown as bounced)
//   unavailable  → unavailable (and suppressed for later campaigns by the store)
//   transient    → pending again after an exponential backoff with jitter, until the
//                  campaign's max_attempts; then failed with the last error kept
//   throttled or sender blocked → pending, the try not counted (the sender is paused)
//   ambiguous (may have reached the provider):
//     at_most_once  → unknown at once: never resent
//     at_least_once → resent like a transient failure (same idempotency key); unknown,
//                     not failed, once max_attempts is used up
//
// Thread-safety: Decide is const; the jitter source is per instance (not shared).
#pragma once

#include <random>

#include "channels/channel.h"
#include "core/campaign.h"
#include "core/clock.h"
#include "core/delivery.h"

namespace pregon {

struct RetryOptions {
  Millis base_delay{2'000};   // first retry after ~2 s
  Millis max_delay{300'000};  // never wait more than 5 min between tries
  double jitter = 0.2;        // ±20 % so a retry wave does not hit the provider at once
};

class RetryPolicy {
 public:
  explicit RetryPolicy(RetryOptions options = {}, uint64_t seed = std::random_device{}())
      : options_(options), rng_(seed) {}

  // The delay before try number `attempts + 1` (attempts = tries made so far, >= 1).
  Millis Backoff(int attempts);

  DeliveryOutcome Decide(const DeliveryTask& task, const SendResult& result, int max_attempts,
                         DeliveryGuarantee guarantee, Timestamp now);

 private:
  RetryOptions options_;
  std::mt19937_64 rng_;
};

}  // namespace pregon
