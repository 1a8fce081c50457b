// Settings of the dispatch engine (a `serve` or `worker` process), with their defaults.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "channels/channel_factory.h"
#include "core/clock.h"
#include "engine/message_tracking.h"
#include "engine/retry_policy.h"

namespace pregon {

struct EngineOptions {
  std::string owner = "worker";  // lease owner prefix: host:pid; a thread suffix is added
  int concurrency = 2;           // ranges processed at once (one thread each)
  Millis lease_ttl{30'000};      // a claimed range stays owned this long without renewal
  int max_rescues = 5;           // a range rescued more often is parked as failed
  Millis poll_interval{500};     // longest idle sleep: work from other processes is seen by then
  // While working a range, how often a worker renews its lease and reads its campaign's
  // status, to give a paused or cancelled range back early. (No chunk starts after a pause or
  // cancel whatever this is: the store checks the status as it marks deliveries in flight.)
  // Not every chunk: on PostgreSQL each renewal is a commit.
  Millis status_check_interval{1'000};
  bool until_idle = false;  // exit when nothing is due now nor within idle_max_wait
  Millis idle_max_wait{60'000};
  Millis sender_block_pause{300'000};  // how long a 401/402/403 or unusable sender is paused
  // A range given back after a store error is not claimed again for this long, and a failed
  // RecordOutcomes is tried this many times more (waiting 1x, 2x, 4x... this long) first.
  Millis error_backoff{1'000};
  int record_retries = 3;
  RetryOptions retry;
  ChannelSettings channel;
  // What e-mails carry for pregon's own tracking and unsubscribe page (message_tracking.h).
  TrackingSettings tracking;
  // Builds a sender's channel; empty = MakeChannel (tests put a recording fake here).
  std::function<Result<std::unique_ptr<Channel>>(const Sender&)> make_channel;
};

}  // namespace pregon
