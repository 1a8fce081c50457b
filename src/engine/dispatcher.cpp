#include "engine/dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "core/duration.h"

namespace pregon {

Dispatcher::Dispatcher(Store& store, Clock& clock, RateLimits& limits, const EngineOptions& options)
    : store_(store), clock_(clock), limits_(limits), options_(options), retry_(options.retry) {}

Result<Dispatcher::SenderState*> Dispatcher::SenderFor(int64_t sender_id) {
  auto it = senders_.find(sender_id);
  if (it != senders_.end()) return &it->second;
  PREGON_ASSIGN_OR_RETURN(Sender sender, store_.GetSender(sender_id));
  PREGON_ASSIGN_OR_RETURN(auto channel, options_.make_channel ? options_.make_channel(sender)
                                                              : MakeChannel(sender, options_.channel));
  auto& s = senders_[sender_id];
  s.sender = std::move(sender);
  s.channel = std::move(channel);
  return &s;
}

Result<const Campaign*> Dispatcher::CampaignFor(int64_t campaign_id) {
  auto it = campaigns_.find(campaign_id);
  if (it != campaigns_.end()) return &it->second;
  PREGON_ASSIGN_OR_RETURN(Campaign c, store_.GetCampaign(campaign_id));
  return &(campaigns_[campaign_id] = std::move(c));
}

Result<const MessageRenderer*> Dispatcher::RendererFor(const Campaign& campaign) {
  auto& r = renderers_[campaign.id];
  if (!r) r = std::make_unique<MessageRenderer>(campaign);
  return r.get();
}

void Dispatcher::PauseSender(const SenderState& s, const RangeLease& lease, const SendResult& r) {
  Timestamp now = clock_.Now();
  Millis wait = r.sender_blocked ? options_.sender_block_pause : r.retry_after.value_or(Millis(1000));
  Status st = store_.PauseSender(s.sender.id, now + wait);
  if (!st.ok()) spdlog::warn("pausing sender {}: {}", s.sender.name, st.ToString());
  std::string why = r.sender_blocked ? "provider refused the sender (" + r.error + ")"
                                     : "provider throttled us (" + r.error + ")";
  (void)store_.AppendEvent(lease.campaign_id, now, r.sender_blocked ? "sender_blocked" : "throttled",
                           "sender " + s.sender.name + " paused for " + FormatDuration(wait) + ": " + why);
  spdlog::warn("campaign {}: sender {} paused for {}: {}", lease.campaign_id, s.sender.name,
               FormatDuration(wait), why);
}

Status Dispatcher::ProcessRange(RangeLease& lease, const std::atomic<bool>& stop) {
  PREGON_ASSIGN_OR_RETURN(const Campaign* campaign, CampaignFor(lease.campaign_id));
  PREGON_ASSIGN_OR_RETURN(SenderState * sender, SenderFor(lease.sender_id));
  PREGON_ASSIGN_OR_RETURN(const MessageRenderer* renderer, RendererFor(*campaign));
  double rate = sender->sender.rate;
  if (campaign->throttle.rate > 0) rate = rate > 0 ? std::min(rate, campaign->throttle.rate)
                                                   : campaign->throttle.rate;
  TokenBucket& bucket = limits_.For(sender->sender.id, rate, sender->sender.burst);
  const int chunk = std::max(1, sender->sender.concurrency);

  std::vector<OutgoingMessage> messages;
  std::vector<DeliveryOutcome> outcomes;
  while (!stop.load()) {
    PREGON_ASSIGN_OR_RETURN(CampaignStatus status,
                            store_.RenewLease(lease, clock_.Now(), options_.lease_ttl));
    if (status != CampaignStatus::kSending) break;  // paused or cancelled: give it back
    int tokens = bucket.Acquire(chunk);
    PREGON_ASSIGN_OR_RETURN(auto tasks, store_.BeginDeliveries(lease, clock_.Now(), tokens));
    bucket.Return(tokens - static_cast<int>(tasks.size()));
    if (tasks.empty()) break;

    messages.clear();
    for (const auto& t : tasks) messages.push_back(renderer->Render(t));
    auto results = sender->channel->SendBatch(messages);
    messages_ += static_cast<int64_t>(messages.size());

    Timestamp now = clock_.Now();
    outcomes.clear();
    std::optional<SendResult> sender_problem;
    static const SendResult kMissing{SendOutcome::kTransient, "", "channel gave no result", {}, false};
    for (size_t i = 0; i < tasks.size(); ++i) {
      const SendResult& r = i < results.size() ? results[i] : kMissing;
      outcomes.push_back(retry_.Decide(tasks[i], r, campaign->throttle.max_attempts, now));
      if (r.sender_blocked || r.retry_after) sender_problem = r;
    }
    PREGON_RETURN_IF_ERROR(store_.RecordOutcomes(lease, outcomes, now));
    if (sender_problem) {
      PauseSender(*sender, lease, *sender_problem);
      break;
    }
  }
  return store_.ReleaseRange(lease, clock_.Now()).status();
}

}  // namespace pregon
