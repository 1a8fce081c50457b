#include "engine/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace pregon {

Millis RetryPolicy::Backoff(int attempts) {
  double base =
      static_cast<double>(options_.base_delay.count()) * std::pow(2.0, std::max(0, attempts - 1));
  base = std::min(base, static_cast<double>(options_.max_delay.count()));
  std::uniform_real_distribution<double> spread(1.0 - options_.jitter, 1.0 + options_.jitter);
  return Millis(static_cast<int64_t>(base * spread(rng_)));
}

DeliveryOutcome RetryPolicy::Decide(const DeliveryTask& task, const SendResult& r, int max_attempts,
                                    DeliveryGuarantee guarantee, Timestamp now) {
  DeliveryOutcome o;
  o.delivery_id = task.delivery_id;
  o.provider_id = r.provider_id;
  o.error = r.error;
  o.suppress = r.suppress;
  switch (r.outcome) {
    case SendOutcome::kSent:
      o.status = DeliveryStatus::kSent;
      break;
    case SendOutcome::kPermanent:
      o.status = DeliveryStatus::kFailed;
      break;
    case SendOutcome::kUnavailable:
      o.status = DeliveryStatus::kUnavailable;
      break;
    case SendOutcome::kTransient:
      if (r.ambiguous && guarantee == DeliveryGuarantee::kAtMostOnce) {
        o.status = DeliveryStatus::kUnknown;
        o.error = "may have reached the provider, not resent (at_most_once): " + r.error;
      } else if (r.throttled || r.sender_blocked) {
        // Not an attempt: the sender is paused, and the message waits for it.
        o.status = DeliveryStatus::kPending;
        o.attempt_not_counted = true;
        o.retry_at = now + r.retry_after.value_or(Millis(0));
      } else if (task.attempts >= max_attempts) {
        // The last try may have arrived: unknown says so; failed would be a guess.
        o.status = r.ambiguous ? DeliveryStatus::kUnknown : DeliveryStatus::kFailed;
        o.error = "gave up after " + std::to_string(task.attempts) + " attempts: " + r.error;
      } else {
        o.status = DeliveryStatus::kPending;
        Millis wait = Backoff(task.attempts);
        if (r.retry_after) wait = std::max(wait, *r.retry_after);
        o.retry_at = now + wait;
      }
      break;
  }
  return o;
}

}  // namespace pregon
