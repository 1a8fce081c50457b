// Settings of the dispatch engine (a `serve` or `worker` process), with their defaults.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "channels/channel_factory.h"
#include "core/clock.h"
#include "engine/retry_policy.h"

namespace pregon {

struct EngineOptions {
  std::string owner = "worker";  // lease owner prefix: host:pid; a thread suffix is added
  int concurrency = 2;           // ranges processed at once (one thread each)
  Millis lease_ttl{30'000};      // a claimed range stays owned this long without renewal
  int max_rescues = 5;           // a range rescued more often is parked as failed
  Millis poll_interval{500};     // longest idle sleep: work from other processes is seen by then
  // While working a range, how often a worker reads its campaign's status (and renews the
  // lease with it): a pause or cancel takes effect within this long. Not every chunk: on
  // PostgreSQL each check is a commit.
  Millis status_check_interval{1'000};
  bool until_idle = false;  // exit when nothing is due now nor within idle_max_wait
  Millis idle_max_wait{60'000};
  Millis sender_block_pause{300'000};  // how long a 401/402/403 sender is paused
  RetryOptions retry;
  ChannelSettings channel;
  // Builds a sender's channel; empty = MakeChannel (tests put a recording fake here).
  std::function<Result<std::unique_ptr<Channel>>(const Sender&)> make_channel;
};

}  // namespace pregon
