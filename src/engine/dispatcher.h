// Dispatcher: sends the deliveries of one claimed range (DESIGN §3.2).
//
// For each chunk: check the campaign's send window, take tokens from the sender's rate bucket
// and permits from its in-flight cap, renew the lease (and learn whether the campaign still
// sends), mark that many deliveries in_flight (committed), send them through the sender's
// channel, record the outcomes (committed). When nothing is left due, release the range.
// While it works, an optional LeaseKeeper renews the lease in the background. A Conflict from the
// store means the lease was lost: the dispatcher drops the range at once and writes nothing more.
//
// Thread-safety: one Dispatcher per worker thread. It caches the channels of its senders and
// the renderers of the few campaigns it worked last (kCachedCampaigns): a long-running worker
// does not hold every campaign's attachments it ever sent.
#pragma once

#include <map>
#include <memory>

#include "channels/channel.h"
#include "engine/engine_metrics.h"
#include "engine/engine_options.h"
#include "engine/engine_store.h"
#include "engine/lease_keeper.h"
#include "engine/message_renderer.h"
#include "engine/rate_limiter.h"
#include "engine/retry_policy.h"
#include "engine/sender_limits.h"

namespace pregon {

class Dispatcher {
 public:
  // `keeper` may be null (then only the between-chunk renewals keep the lease); so may
  // `metrics` (where outcomes, provider latency and throttles are counted).
  Dispatcher(EngineStore store, Clock& clock, SenderLimits& limits, const EngineOptions& options,
             LeaseKeeper* keeper = nullptr, EngineMetrics* metrics = nullptr);

  // Works the range until it has nothing due, then releases it; returns early (releasing)
  // when `stop` becomes true. Returns Conflict when the lease was lost (nothing more is
  // written). On any other error it records the outcomes it knows (retrying the store), then
  // gives the range back, not to be claimed for options.error_backoff, and returns the error;
  // a sender whose channel cannot be set up is also paused, with an event saying why. Only
  // when even that fails (the store is down) is the range left to lease expiry.
  Status ProcessRange(RangeLease& lease, const std::atomic<bool>& stop);

  // Messages handed to the channel so far by this dispatcher.
  int64_t messages_sent() const { return messages_; }

  // Campaigns whose settings and renderer (with its attachments) stay loaded.
  static constexpr size_t kCachedCampaigns = 4;

 private:
  struct SenderState {
    Sender sender;
    std::unique_ptr<Channel> channel;
  };
  // The loop of ProcessRange, without the release.
  Status WorkRange(RangeLease& lease, const std::atomic<bool>& stop);
  // The sender and its channel. When the channel cannot be set up (bad settings, an outbox
  // that cannot be opened) the sender is paused and the error returned.
  Result<SenderState*> SenderFor(const RangeLease& lease);
  // Records outcomes, trying a failed store again (not a lost lease) before giving up.
  Status RecordKnown(const RangeLease& lease, Timestamp now);
  struct CampaignState {
    Campaign campaign;  // its attachments' bytes are held by the renderer only
    std::unique_ptr<MessageRenderer> renderer;
    uint64_t last_used = 0;
  };
  // The campaign and its renderer, loaded (with its attachments) when not cached; the least
  // recently used beyond kCachedCampaigns is dropped.
  Result<const CampaignState*> CampaignFor(int64_t campaign_id);
  // What the campaign's e-mails carry for tracking and unsubscribing (its link table saved
  // first), or null when nothing.
  Result<std::shared_ptr<const MessageTracking>> TrackingFor(const Campaign& c);
  // Pauses the sender after a provider throttle or block, and logs why.
  void PauseSender(const SenderState& s, const RangeLease& lease, const SendResult& r);
  // True (and the campaign deferred to its next opening) when its send window is closed.
  Result<bool> OutsideWindow(const Campaign& campaign);
  // Sends one chunk of up to `limit` due deliveries, taking their sends from `rate` right
  // before they go out. Returns how many were sent (0 = none left due); sets *stop_range
  // when the sender had to be paused.
  Result<int> SendChunk(RangeLease& lease, const Campaign& campaign, SenderState& sender,
                        const MessageRenderer& renderer, RateLimiter& rate, int limit,
                        bool* stop_range);

  EngineStore store_;
  Clock& clock_;
  SenderLimits& limits_;
  const EngineOptions& options_;
  LeaseKeeper* keeper_;
  EngineMetrics* metrics_;
  RetryPolicy retry_;
  std::map<int64_t, SenderState> senders_;
  std::map<int64_t, CampaignState> campaigns_;
  uint64_t campaign_uses_ = 0;
  std::vector<OutgoingMessage> messages_buf_;
  std::vector<DeliveryOutcome> outcomes_buf_;
  int64_t messages_ = 0;
};

}  // namespace pregon
