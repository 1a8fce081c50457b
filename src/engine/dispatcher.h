// Dispatcher: sends the deliveries of one claimed range (DESIGN §3.2).
//
// It keeps a window of deliveries in flight and slides it: while the campaign's send window
// is open and the campaign still sends, it takes sends from the sender's rate limiter and
// permits from the sender's in-flight gate, marks that many deliveries in_flight
// (committed) and hands them to the channel; as results come back it records their outcomes
// (committed) a small group at a time and only then gives their permits back. So the
// deliveries marked in_flight never exceed the sender's cap (the at_most_once crash window),
// and a channel that streams (HTTP) keeps the cap's worth on the wire instead of waiting for
// the slowest answer of a chunk. The cap is shared by every thread through the gate: a thread
// takes permits only while it has work, so an idle one holds none. A channel that sends in
// batches (SMTP, the sandbox) gets one thread's share of the cap a batch, as one claim.
// When nothing is left due, it waits for what is in flight, records it and releases the
// range.
// While it works, an optional LeaseKeeper renews the lease in the background. A Conflict from the
// store means the lease was lost: the dispatcher drops the range at once and writes nothing more.
//
// The channel is taken from a ChannelPool shared by the worker threads once the thread holds
// permits of the gate, and given back when it has nothing out (before it waits for permits
// again, and at the end of the range): a thread waiting for its turn holds no connection.
//
// Thread-safety: one Dispatcher per worker thread. It caches its senders' settings and
// the renderers of the few campaigns it worked last (kCachedCampaigns): a long-running worker
// does not hold every campaign's attachments it ever sent.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>

#include "channels/channel.h"
#include "engine/channel_pool.h"
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
  // `metrics` (where outcomes, provider latency and throttles are counted), and `channels`
  // (the pool the worker threads share; null: the dispatcher keeps its own).
  Dispatcher(EngineStore store, Clock& clock, SenderLimits& limits, const EngineOptions& options,
             LeaseKeeper* keeper = nullptr, EngineMetrics* metrics = nullptr,
             ChannelPool* channels = nullptr);

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

  // For a channel that streams: a claim takes at most 1/kClaimsPerWindow of the cap, and
  // results are recorded once 1/kRecordsPerWindow of the cap (at most kMaxRecordGroup) are
  // in, or when the first of them has waited kRecordDelay. Smaller groups keep the wire
  // fuller but cost more transactions.
  static constexpr int kClaimsPerWindow = 16;
  static constexpr int kRecordsPerWindow = 32;
  static constexpr int kMaxRecordGroup = 8;
  static constexpr std::chrono::milliseconds kRecordDelay{20};
  // How long to wait for results when more could be claimed once another thread frees
  // permits, and when the window is full. When the rate holds the next claim back, the wait
  // is until its next send falls due.
  static constexpr std::chrono::milliseconds kRefillWait{2};
  static constexpr std::chrono::milliseconds kResultWait{1000};

 private:
  struct SenderState {
    Sender sender;
    bool streams = false;  // its channels stream (see Channel)
  };
  // One delivery handed to the channel, under its slot's index as the tag.
  struct Sending {
    DeliveryTask task;
    Instant claimed;  // when it was marked in_flight
    Instant handed;   // when it went to the channel
  };
  // What one ProcessRange works with.
  struct Run {
    RangeLease& lease;
    const Campaign& campaign;
    SenderState& sender;
    const MessageRenderer& renderer;
    RateLimiter& rate;
    InFlightGate& gate;
    bool streams = false;  // the channel streams (see Channel)
    int window = 1;        // most deliveries of the range in flight (handed, not recorded) at once
    int group = 1;         // most claimed at once
    int record_group = 1;  // results recorded together once this many are in
    bool more = true;      // the range may still have deliveries due to claim
    std::optional<SendResult> sender_problem;  // a throttle or block: pause when drained
    std::optional<Timestamp> checked;          // when the campaign's status was last read
    std::unique_ptr<Channel> channel;          // held while permits are (see ChannelPool)
    Millis rate_wait{0};  // when the last claim found the rate spent: until its next send
  };
  // The loop of ProcessRange, without the release.
  Status WorkRange(RangeLease& lease, const std::atomic<bool>& stop);
  // The sender, checked once per dispatcher by taking a channel for it and giving it back.
  Result<SenderState*> SenderFor(const RangeLease& lease);
  // An idle channel of the sender from the pool, else a new one. When none can be set up
  // (bad settings, an outbox that cannot be opened) the sender is paused and the error
  // returned.
  Result<std::unique_ptr<Channel>> TakeChannel(const Sender& sender, int64_t campaign_id);
  // Gives the run's channel back to the pool, if it holds one.
  void GiveBackChannel(Run& run);
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
  // The window's loop: claims while it may, collects results, records them. A failed
  // claim stops the claiming; what is out is still recorded before the error is returned.
  Status Slide(Run& run, const std::atomic<bool>& stop);
  // How long Slide waits for results after claiming `claimed`: none while it can claim
  // more, until the rate's next send when the rate held the claim back, briefly when the
  // gate did (another thread's permits), long when nothing more can be claimed now.
  std::chrono::milliseconds ResultWait(const Run& run, int claimed) const;
  // MayClaim, then Claim.
  Result<int> ClaimIfOpen(Run& run);
  // False (and run.more cleared) when the send window closed or the campaign stopped sending.
  Result<bool> MayClaim(Run& run);
  // Claims up to run.group due deliveries within the rate and the gate's free permits,
  // waiting for both only when nothing is in flight (with the channel given back), and
  // hands them to the channel. Clears run.more when none is due. Returns how many went out.
  Result<int> Claim(Run& run);
  // Takes the channel's results within `wait` and decides each one's outcome.
  void CollectResults(Run& run, std::chrono::milliseconds wait);
  // Records the outcomes decided so far and gives their permits back.
  Status RecordDone(Run& run);
  // After an error: waits out the channel's requests and drops their results (the
  // deliveries stay in_flight in the store and are settled as after a crash), gives every
  // permit back.
  void Abandon(Run& run);

  EngineStore store_;
  Clock& clock_;
  SenderLimits& limits_;
  const EngineOptions& options_;
  LeaseKeeper* keeper_;
  EngineMetrics* metrics_;
  RetryPolicy retry_;
  ChannelPool own_channels_;
  ChannelPool& channels_;
  std::map<int64_t, SenderState> senders_;
  std::map<int64_t, CampaignState> campaigns_;
  uint64_t campaign_uses_ = 0;
  std::vector<OutgoingMessage> messages_buf_;
  std::vector<Sending> sending_;     // by tag
  std::vector<uint64_t> free_tags_;  // slots of sending_ free for reuse
  int in_flight_ = 0;                // handed to the channel, not yet recorded: permits held
  std::vector<uint64_t> done_tags_;  // results decided into outcomes_buf_ (same order)
  Instant oldest_done_{};            // when the first of them came in
  std::vector<DeliveryOutcome> outcomes_buf_;
  int64_t messages_ = 0;
};

}  // namespace pregon
