#include "engine/dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "core/duration.h"
#include "core/html_links.h"
#include "core/send_window.h"

namespace pregon {

Dispatcher::Dispatcher(EngineStore store, Clock& clock, SenderLimits& limits,
                       const EngineOptions& options, LeaseKeeper* keeper, EngineMetrics* metrics)
    : store_(store),
      clock_(clock),
      limits_(limits),
      options_(options),
      keeper_(keeper),
      metrics_(metrics),
      retry_(options.retry) {}

Result<Dispatcher::SenderState*> Dispatcher::SenderFor(const RangeLease& lease) {
  const int64_t sender_id = lease.sender_id;
  auto it = senders_.find(sender_id);
  if (it != senders_.end()) return &it->second;
  PREGON_ASSIGN_OR_RETURN(Sender sender, store_.senders.GetSender(sender_id));
  auto channel =
      options_.make_channel ? options_.make_channel(sender) : MakeChannel(sender, options_.channel);
  if (!channel.ok()) {
    // The sender's own settings are at fault, not any message: every range of it would fail
    // the same way, so it waits (durably, for every worker) until someone fixes it.
    const Timestamp now = clock_.Now();
    const Millis wait = options_.sender_block_pause;
    const std::string why = "sender " + sender.name + " cannot send, paused for " +
                            FormatDuration(wait) + ": " + channel.status().message();
    Status paused = store_.work.PauseSender(sender_id, now + wait);
    if (!paused.ok()) spdlog::warn("pausing sender {}: {}", sender.name, paused.ToString());
    (void)store_.campaigns.AppendEvent(lease.campaign_id, now, "sender_unusable", why);
    return channel.status().WithContext("sender " + sender.name);
  }
  auto& s = senders_[sender_id];
  s.sender = std::move(sender);
  s.channel = std::move(channel).value();
  return &s;
}

Result<const Dispatcher::CampaignState*> Dispatcher::CampaignFor(int64_t campaign_id) {
  auto it = campaigns_.find(campaign_id);
  if (it != campaigns_.end()) {
    it->second.last_used = ++campaign_uses_;
    return &it->second;
  }
  PREGON_ASSIGN_OR_RETURN(Campaign c, store_.campaigns.GetCampaign(campaign_id));
  // GetCampaign reads only the attachments' metadata; the renderer needs their bytes.
  if (!c.attachments.empty()) {
    PREGON_ASSIGN_OR_RETURN(c.attachments, store_.campaigns.GetAttachments(campaign_id));
  }
  if (campaigns_.size() >= kCachedCampaigns) {
    auto oldest = std::min_element(campaigns_.begin(), campaigns_.end(), [](auto& a, auto& b) {
      return a.second.last_used < b.second.last_used;
    });
    campaigns_.erase(oldest);
  }
  PREGON_ASSIGN_OR_RETURN(auto tracking, TrackingFor(c));
  CampaignState& state = campaigns_[campaign_id];
  state.renderer = std::make_unique<MessageRenderer>(c, std::move(tracking));
  for (Attachment& a : c.attachments) a.content = {};  // the renderer has them
  state.campaign = std::move(c);
  state.last_used = ++campaign_uses_;
  return &state;
}

Result<std::shared_ptr<const MessageTracking>> Dispatcher::TrackingFor(const Campaign& c) {
  using Tracking = std::shared_ptr<const MessageTracking>;
  const TrackingSettings& settings = options_.tracking;
  if (!settings.signer) return Tracking();
  PREGON_ASSIGN_OR_RETURN(Sender sender, store_.senders.GetSender(c.sender_id));
  // Telegram: only the links of an HTML text can be tracked (plain text shows its URLs).
  const bool telegram = sender.kind == ChannelKind::kTelegram;
  if (telegram && c.parse_mode != "HTML") return Tracking();
  const auto medium =
      telegram ? MessageTracking::Medium::kTelegramHtml : MessageTracking::Medium::kEmail;
  const bool track = c.tracking == CampaignTracking::kPregon && settings.tracking_on &&
                     !settings.public_url.empty() && store_.tracking != nullptr;
  std::vector<std::string> links;
  if (track) {
    links = TrackedUrls(telegram ? c.text_body : c.html_body);
    // Before any message carries a token naming one of them.
    if (!links.empty()) PREGON_RETURN_IF_ERROR(store_.tracking->SaveCampaignLinks(c.id, links));
  }
  auto tracking =
      std::make_shared<const MessageTracking>(settings, c.id, track, std::move(links), medium);
  return tracking->active() ? tracking : Tracking();
}

void Dispatcher::PauseSender(const SenderState& s, const RangeLease& lease, const SendResult& r) {
  Timestamp now = clock_.Now();
  Millis wait =
      r.sender_blocked ? options_.sender_block_pause : r.retry_after.value_or(Millis(1000));
  Status st = store_.work.PauseSender(s.sender.id, now + wait);
  if (!st.ok()) spdlog::warn("pausing sender {}: {}", s.sender.name, st.ToString());
  std::string why = r.sender_blocked ? "provider refused the sender (" + r.error + ")"
                                     : "provider throttled us (" + r.error + ")";
  (void)store_.campaigns.AppendEvent(
      lease.campaign_id, now, r.sender_blocked ? "sender_blocked" : "throttled",
      "sender " + s.sender.name + " paused for " + FormatDuration(wait) + ": " + why);
  spdlog::warn("campaign {}: sender {} paused for {}: {}", lease.campaign_id, s.sender.name,
               FormatDuration(wait), why);
}

Result<bool> Dispatcher::OutsideWindow(const Campaign& campaign) {
  if (!campaign.window.enabled()) return false;
  Timestamp now = clock_.Now();
  PREGON_ASSIGN_OR_RETURN(Timestamp next, NextSendTime(campaign.window, now));
  if (next <= now) return false;
  PREGON_RETURN_IF_ERROR(store_.work.DeferCampaign(
      campaign.id, next,
      "outside the send window " + DescribeWindow(campaign.window) + "; waiting until " +
          FormatLocal(next, campaign.window.time_zone),
      now));
  return true;
}

// The in-flight permits of one chunk, sized by what the rate allows now; released when the
// chunk is done. (The rate's sends themselves are taken right before they go out.)
class ChunkPermits {
 public:
  ChunkPermits(RateLimiter& rate, InFlightGate& gate, int want)
      : gate_(gate), permits_(gate_.Acquire(rate.WaitAvailable(want))) {}
  ~ChunkPermits() { gate_.Release(permits_); }
  int limit() const { return permits_; }

 private:
  InFlightGate& gate_;
  const int permits_;
};

Result<int> Dispatcher::SendChunk(RangeLease& lease, const Campaign& campaign, SenderState& sender,
                                  const MessageRenderer& renderer, RateLimiter& rate, int limit,
                                  bool* stop_range) {
  // Measured on the clock's monotonic time: this is the process's own latency, for the
  // summary and benchmarks, and must not jump when the wall clock is set.
  const Instant claimed = clock_.Monotonic();
  PREGON_ASSIGN_OR_RETURN(auto tasks, store_.work.BeginDeliveries(lease, clock_.Now(), limit));
  if (tasks.empty()) return 0;
  messages_buf_.clear();
  for (const auto& t : tasks) messages_buf_.push_back(renderer.Render(t));
  rate.Take(static_cast<int>(tasks.size()));
  const Instant handed = clock_.Monotonic();
  auto results = sender.channel->SendBatch(messages_buf_);
  messages_ += static_cast<int64_t>(messages_buf_.size());
  const ChannelKind channel = sender.sender.kind;
  if (metrics_)
    metrics_->ObserveProviderCall(channel, std::chrono::duration_cast<std::chrono::microseconds>(
                                               clock_.Monotonic() - handed));

  Timestamp now = clock_.Now();
  outcomes_buf_.clear();
  std::optional<SendResult> sender_problem;
  // A result the channel did not give may still have been sent: ambiguous.
  static const SendResult kMissing = [] {
    SendResult r{SendOutcome::kTransient, "", "channel gave no result", {}, false};
    r.ambiguous = true;
    return r;
  }();
  for (size_t i = 0; i < tasks.size(); ++i) {
    const SendResult& r = i < results.size() ? results[i] : kMissing;
    outcomes_buf_.push_back(
        retry_.Decide(tasks[i], r, campaign.throttle.max_attempts, campaign.guarantee, now));
    if (r.sender_blocked || r.throttled || r.retry_after) sender_problem = r;
    if (metrics_) metrics_->CountOutcome(channel, r.outcome);
  }
  PREGON_RETURN_IF_ERROR(RecordKnown(lease, now));
  if (metrics_) {
    metrics_->claim_to_result().Record(
        std::chrono::duration_cast<LatencyHistogram::Micros>(clock_.Monotonic() - claimed),
        tasks.size());
    if (sender_problem) metrics_->CountThrottle(channel, sender_problem->sender_blocked);
  }
  if (sender_problem) {
    PauseSender(sender, lease, *sender_problem);
    *stop_range = true;
  }
  return static_cast<int>(tasks.size());
}

Status Dispatcher::RecordKnown(const RangeLease& lease, Timestamp now) {
  Status recorded = store_.work.RecordOutcomes(lease, outcomes_buf_, now);
  Millis wait = options_.error_backoff;
  // Recording is idempotent (only deliveries still in flight change), so a try whose answer
  // was lost is safe to repeat. Messages already sent must not be forgotten for a blip.
  for (int retry = 0; retry < options_.record_retries && !recorded.ok() &&
                      recorded.code() != StatusCode::kConflict;
       ++retry) {
    spdlog::warn("campaign {}: recording {} results failed ({}); trying again in {}",
                 lease.campaign_id, outcomes_buf_.size(), recorded.ToString(),
                 FormatDuration(wait));
    clock_.SleepFor(wait);
    wait *= 2;
    recorded = store_.work.RecordOutcomes(lease, outcomes_buf_, now);
  }
  return recorded;
}

Status Dispatcher::ProcessRange(RangeLease& lease, const std::atomic<bool>& stop) {
  const Status worked = WorkRange(lease, stop);
  if (worked.code() == StatusCode::kConflict) return worked;  // not ours: write nothing more
  const Timestamp now = clock_.Now();
  // After an error the range goes back at once (not left for its lease to expire), but is not
  // claimed again before the backoff, so a failing store or sender is not hammered.
  const Timestamp hold_until = worked.ok() ? Timestamp{} : now + options_.error_backoff;
  auto released = store_.work.ReleaseRange(lease, now, hold_until);
  if (!worked.ok()) return worked;
  return released.status();
}

Status Dispatcher::WorkRange(RangeLease& lease, const std::atomic<bool>& stop) {
  PREGON_ASSIGN_OR_RETURN(const CampaignState* loaded, CampaignFor(lease.campaign_id));
  const Campaign* campaign = &loaded->campaign;
  const MessageRenderer* renderer = loaded->renderer.get();
  PREGON_ASSIGN_OR_RETURN(SenderState * sender, SenderFor(lease));
  double rate = sender->sender.rate;
  if (campaign->throttle.rate > 0)
    rate = rate > 0 ? std::min(rate, campaign->throttle.rate) : campaign->throttle.rate;
  RateLimiter& bucket = limits_.Rate(sender->sender.id, rate, sender->sender.burst);
  InFlightGate& gate =
      limits_.InFlight(sender->sender.id, sender->sender.name, sender->sender.concurrency);
  // Each thread takes its share of the sender's in-flight cap, so that while one records
  // its chunk in the store another's requests are on the wire; all of them together still
  // never have more than the cap marked in flight (the at_most_once crash window).
  const int chunk = std::max(1, sender->sender.concurrency / std::max(1, options_.concurrency));
  ScopedKeepAlive keep_alive(keeper_, lease);

  bool stop_range = false;
  std::optional<Timestamp> checked;  // when the campaign's status was last read
  while (!stop.load() && !stop_range) {
    PREGON_ASSIGN_OR_RETURN(bool closed, OutsideWindow(*campaign));
    if (closed) break;
    ChunkPermits permits(bucket, gate, chunk);
    if (!checked || clock_.Now() - *checked >= options_.status_check_interval) {
      checked = clock_.Now();
      PREGON_ASSIGN_OR_RETURN(CampaignStatus status,
                              store_.work.RenewLease(lease, *checked, options_.lease_ttl));
      if (status != CampaignStatus::kSending) break;  // paused or cancelled: give it back
    }
    PREGON_ASSIGN_OR_RETURN(int sent, SendChunk(lease, *campaign, *sender, *renderer, bucket,
                                                permits.limit(), &stop_range));
    if (sent == 0) break;
  }
  return Status::Ok();
}

}  // namespace pregon
