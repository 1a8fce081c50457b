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
                       const EngineOptions& options, LeaseKeeper* keeper, EngineMetrics* metrics,
                       ChannelPool* channels)
    : store_(store),
      clock_(clock),
      limits_(limits),
      options_(options),
      keeper_(keeper),
      metrics_(metrics),
      retry_(options.retry),
      channels_(channels != nullptr ? *channels : own_channels_) {}

Result<Dispatcher::SenderState*> Dispatcher::SenderFor(const RangeLease& lease) {
  const int64_t sender_id = lease.sender_id;
  auto it = senders_.find(sender_id);
  if (it != senders_.end()) return &it->second;
  PREGON_ASSIGN_OR_RETURN(Sender sender, store_.senders.GetSender(sender_id));
  PREGON_ASSIGN_OR_RETURN(std::unique_ptr<Channel> channel, TakeChannel(sender, lease.campaign_id));
  auto& s = senders_[sender_id];
  s.streams = channel->streams();
  s.sender = std::move(sender);
  channels_.GiveBack(sender_id, std::move(channel));
  return &s;
}

Result<std::unique_ptr<Channel>> Dispatcher::TakeChannel(const Sender& sender,
                                                         int64_t campaign_id) {
  if (std::unique_ptr<Channel> idle = channels_.Take(sender.id)) return idle;
  auto channel =
      options_.make_channel ? options_.make_channel(sender) : MakeChannel(sender, options_.channel);
  if (channel.ok()) return channel;
  // The sender's own settings are at fault, not any message: every range of it would fail
  // the same way, so it waits (durably, for every worker) until someone fixes it.
  const Timestamp now = clock_.Now();
  const Millis wait = options_.sender_block_pause;
  const std::string why = "sender " + sender.name + " cannot send, paused for " +
                          FormatDuration(wait) + ": " + channel.status().message();
  Status paused = store_.work.PauseSender(sender.id, now + wait);
  if (!paused.ok()) spdlog::warn("pausing sender {}: {}", sender.name, paused.ToString());
  (void)store_.campaigns.AppendEvent(campaign_id, now, "sender_unusable", why);
  return channel.status().WithContext("sender " + sender.name);
}

void Dispatcher::GiveBackChannel(Run& run) {
  if (run.channel != nullptr) channels_.GiveBack(run.sender.sender.id, std::move(run.channel));
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
  const Campaign& campaign = loaded->campaign;
  PREGON_ASSIGN_OR_RETURN(SenderState * sender, SenderFor(lease));
  double rate = sender->sender.rate;
  if (campaign.throttle.rate > 0)
    rate = rate > 0 ? std::min(rate, campaign.throttle.rate) : campaign.throttle.rate;
  RateLimiter& bucket = limits_.Rate(sender->sender.id, rate, sender->sender.burst);
  const int cap = std::max(1, sender->sender.concurrency);
  InFlightGate& gate = limits_.InFlight(sender->sender.id, sender->sender.name, cap);
  Run run{lease, campaign, *sender, *loaded->renderer, bucket, gate};
  run.streams = sender->streams;
  if (run.streams) {
    run.window = cap;
    run.group = std::max(1, cap / kClaimsPerWindow);
    run.record_group = std::clamp(cap / kRecordsPerWindow, 1, kMaxRecordGroup);
  } else {
    // A batch goes out as a whole, so each thread sends its share of the cap at a time:
    // while one records its batch, another's is on the wire.
    run.window = std::max(1, cap / std::max(1, options_.concurrency));
    run.group = run.window;
    run.record_group = run.window;
  }
  ScopedKeepAlive keep_alive(keeper_, lease);
  Status slid = Slide(run, stop);
  if (!slid.ok()) Abandon(run);
  GiveBackChannel(run);
  if (!slid.ok()) return slid;
  if (run.sender_problem) {
    if (metrics_) metrics_->CountThrottle(sender->sender.kind, run.sender_problem->sender_blocked);
    PauseSender(*sender, lease, *run.sender_problem);
  }
  return Status::Ok();
}

Status Dispatcher::Slide(Run& run, const std::atomic<bool>& stop) {
  Status failed;  // a claim that failed: what is out is still recorded, then it is returned
  for (;;) {
    if (stop.load()) run.more = false;
    int claimed = 0;
    run.rate_wait = Millis(0);
    // A batch channel sends what was claimed before claiming again.
    if (run.more && in_flight_ < run.window && (run.streams || in_flight_ == 0)) {
      Result<int> got = ClaimIfOpen(run);
      if (got.ok()) {
        claimed = *got;
      } else if (got.status().code() == StatusCode::kConflict) {
        return got.status();  // the lease is lost: write nothing more
      } else {
        failed = got.status();
        run.more = false;
      }
    }
    if (in_flight_ == 0) return failed;  // nothing due, told to stop, or failed
    CollectResults(run, ResultWait(run, claimed));
    const int done = static_cast<int>(done_tags_.size());
    if (done > 0 && (done >= run.record_group || done == in_flight_ || !run.more ||
                     clock_.Monotonic() - oldest_done_ >= kRecordDelay)) {
      PREGON_RETURN_IF_ERROR(RecordDone(run));
    }
  }
}

std::chrono::milliseconds Dispatcher::ResultWait(const Run& run, int claimed) const {
  if (!run.more || in_flight_ >= run.window) return kResultWait;  // nothing more to claim now
  if (claimed > 0) return std::chrono::milliseconds(0);           // claim again at once
  if (run.rate_wait > Millis(0))
    return std::min<std::chrono::milliseconds>(run.rate_wait, kResultWait);
  return kRefillWait;  // another thread's permits may free soon
}

Result<int> Dispatcher::ClaimIfOpen(Run& run) {
  PREGON_ASSIGN_OR_RETURN(bool may, MayClaim(run));
  if (!may) return 0;
  return Claim(run);
}

Result<bool> Dispatcher::MayClaim(Run& run) {
  PREGON_ASSIGN_OR_RETURN(bool closed, OutsideWindow(run.campaign));
  if (!closed && (!run.checked || clock_.Now() - *run.checked >= options_.status_check_interval)) {
    run.checked = clock_.Now();
    PREGON_ASSIGN_OR_RETURN(CampaignStatus status,
                            store_.work.RenewLease(run.lease, *run.checked, options_.lease_ttl));
    closed = status != CampaignStatus::kSending;  // paused or cancelled: give it back
  }
  if (closed) run.more = false;
  return !closed;
}

Result<int> Dispatcher::Claim(Run& run) {
  // With nothing in flight there are no results to take meanwhile, so it waits for the
  // rate and for permits; otherwise it takes only what is free now. A thread starting to
  // stream waits for a whole group's permits: with many threads, a few keep the cap's worth
  // in flight in groups worth a transaction, instead of each holding a permit or two.
  const bool idle = in_flight_ == 0;
  if (idle) GiveBackChannel(run);  // another thread may send on it while this one waits
  const int want = std::min(run.group, run.window - in_flight_);
  const int allowed =
      idle ? run.rate.WaitAvailable(want) : run.rate.AvailableNow(want, &run.rate_wait);
  if (allowed == 0) return 0;
  const int permits =
      idle ? run.gate.Acquire(allowed, run.streams ? allowed : 1) : run.gate.TryAcquire(allowed);
  if (permits == 0) return 0;
  if (run.channel == nullptr) {
    auto channel = TakeChannel(run.sender.sender, run.lease.campaign_id);
    if (!channel.ok()) {
      run.gate.Release(permits);
      return channel.status();
    }
    run.channel = std::move(channel).value();
  }
  // Measured on the clock's monotonic time: this is the process's own latency, for the
  // summary and benchmarks, and must not jump when the wall clock is set.
  const Instant claimed = clock_.Monotonic();
  auto tasks = store_.work.BeginDeliveries(run.lease, clock_.Now(), permits);
  if (!tasks.ok()) {
    run.gate.Release(permits);
    return tasks.status();
  }
  const int n = static_cast<int>(tasks->size());
  run.gate.Release(permits - n);
  if (n == 0) {
    run.more = false;
    return 0;
  }
  messages_buf_.clear();
  for (const auto& t : *tasks) messages_buf_.push_back(run.renderer.Render(t));
  run.rate.Take(n);
  const Instant handed = clock_.Monotonic();
  for (int i = 0; i < n; ++i) {
    uint64_t tag = sending_.size();
    if (free_tags_.empty()) {
      sending_.emplace_back();
    } else {
      tag = free_tags_.back();
      free_tags_.pop_back();
    }
    sending_[tag] = {std::move((*tasks)[i]), claimed, handed};
    run.channel->Submit(tag, messages_buf_[i]);
  }
  in_flight_ += n;
  messages_ += n;
  return n;
}

void Dispatcher::CollectResults(Run& run, std::chrono::milliseconds wait) {
  const ChannelKind channel = run.sender.sender.kind;
  const Campaign& campaign = run.campaign;
  run.channel->Collect(wait, [&](uint64_t tag, SendResult& r) {
    const Sending& s = sending_[tag];
    const Instant now = clock_.Monotonic();
    if (done_tags_.empty()) oldest_done_ = now;
    outcomes_buf_.push_back(
        retry_.Decide(s.task, r, campaign.throttle.max_attempts, campaign.guarantee, clock_.Now()));
    done_tags_.push_back(tag);
    if (r.sender_blocked || r.throttled || r.retry_after) {
      run.sender_problem = r;
      run.more = false;  // the sender is paused once what is in flight is recorded
    }
    if (metrics_) {
      metrics_->CountOutcome(channel, r.outcome);
      metrics_->ObserveProviderCall(
          channel, std::chrono::duration_cast<std::chrono::microseconds>(now - s.handed));
    }
  });
}

Status Dispatcher::RecordDone(Run& run) {
  PREGON_RETURN_IF_ERROR(RecordKnown(run.lease, clock_.Now()));
  const Instant now = clock_.Monotonic();
  for (const uint64_t tag : done_tags_) {
    if (metrics_) {
      metrics_->claim_to_result().Record(
          std::chrono::duration_cast<LatencyHistogram::Micros>(now - sending_[tag].claimed), 1);
    }
    free_tags_.push_back(tag);
  }
  const int done = static_cast<int>(done_tags_.size());
  run.gate.Release(done);
  in_flight_ -= done;
  done_tags_.clear();
  outcomes_buf_.clear();
  return Status::Ok();
}

void Dispatcher::Abandon(Run& run) {
  if (Channel* channel = run.channel.get()) {
    while (channel->pending() > 0) channel->Collect(kResultWait, [](uint64_t, SendResult&) {});
  }
  run.gate.Release(in_flight_);
  in_flight_ = 0;
  done_tags_.clear();
  outcomes_buf_.clear();
  free_tags_.clear();
  sending_.clear();
}

}  // namespace pregon
