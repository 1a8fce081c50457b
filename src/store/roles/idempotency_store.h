// IdempotencyStore: the answers kept for requests made with an Idempotency-Key, and the
// purge of what has expired (those answers, and login sessions).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"
#include "store/store_queries.h"

namespace pregon {

class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;

  // Claims (record.user_id, record.key) for a request about to be handled, atomically: nullopt
  // when the caller got it (and must Finish or Abandon it), or the record already there — the
  // answer to replay (status != 0), or a request still in progress (status == 0). An
  // in-progress record created before `stale_before` (its process died) is taken over.
  virtual Result<std::optional<IdempotencyRecord>> BeginIdempotentRequest(
      const IdempotencyRecord& record, Timestamp stale_before) = 0;
  // Stores the answer of a claimed request. REQUIRES: status != 0.
  virtual Status FinishIdempotentRequest(int64_t user_id, std::string_view key, int status,
                                         std::string_view response) = 0;
  // Forgets a claimed request that failed without an answer worth replaying.
  virtual Status AbandonIdempotentRequest(int64_t user_id, std::string_view key) = 0;
  // Deletes sessions expired at `now` and idempotency records created before `keys_before`;
  // returns how many rows went.
  virtual Result<int64_t> PurgeExpired(Timestamp now, Timestamp keys_before) = 0;
};

}  // namespace pregon
