#include "app/tracking/hit_recorder.h"

#include <spdlog/spdlog.h>

#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace pregon {

HitRecorder::HitRecorder(TrackingStore& store, Clock& clock, HitRecorderOptions options)
    : store_(store), clock_(clock), options_(options) {}

HitRecorder::~HitRecorder() { Stop(); }

bool HitRecorder::Add(const TrackingHit& hit) {
  MutexLock lock(mu_);
  if (queue_.size() >= options_.max_pending) {
    // Logged once per thousand, not once per hit, under a flood.
    if (dropped_.fetch_add(1) % 1000 == 0)
      spdlog::warn("tracking: {} hits waiting to be written; dropping hits ({} so far)",
                   queue_.size(), dropped_.load());
    return false;
  }
  queue_.push_back(hit);
  return true;
}

size_t HitRecorder::pending() const {
  MutexLock lock(mu_);
  return queue_.size();
}

Result<size_t> HitRecorder::Flush(bool all) {
  MutexLock flushing(flush_mu_);
  size_t written = 0;
  while (true) {
    std::vector<TrackingHit> batch;
    {
      MutexLock lock(mu_);
      const Timestamp ripe = clock_.Now() - options_.rules.burst_window;
      while (!queue_.empty() && batch.size() < options_.max_batch &&
             (all || queue_.front().at <= ripe)) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      TakeLaterClicks(batch);
    }
    if (batch.empty()) return written;
    PREGON_ASSIGN_OR_RETURN(size_t n, WriteBatch(batch));
    written += n;
  }
}

void HitRecorder::TakeLaterClicks(std::vector<TrackingHit>& batch) {
  std::unordered_set<int64_t> clicked;
  for (const TrackingHit& h : batch)
    if (h.kind == HitKind::kClick) clicked.insert(h.delivery_id);
  if (clicked.empty()) return;
  std::erase_if(queue_, [&](const TrackingHit& h) {
    if (h.kind != HitKind::kClick || !clicked.count(h.delivery_id)) return false;
    batch.push_back(h);
    return true;
  });
}

Result<size_t> HitRecorder::WriteBatch(std::vector<TrackingHit>& batch) {
  std::vector<int64_t> ids;
  ids.reserve(batch.size());
  for (const TrackingHit& h : batch)
    if (h.verdict == HitVerdict::kHuman) ids.push_back(h.delivery_id);
  std::unordered_map<int64_t, Timestamp> sent;
  if (!ids.empty() && options_.rules.too_soon.count() > 0) {
    auto times = store_.SentTimes(ids);
    if (!times.ok()) {
      spdlog::warn("tracking: {} hits dropped: {}", batch.size(), times.status().ToString());
      return times.status();
    }
    sent = std::move(*times);
  }
  JudgeInContext(std::span<TrackingHit>(batch), options_.rules,
                 [&](int64_t id) -> std::optional<Timestamp> {
                   const auto it = sent.find(id);
                   if (it == sent.end()) return std::nullopt;
                   return it->second;
                 });
  if (Status st = store_.RecordHits(batch); !st.ok()) {
    spdlog::warn("tracking: {} hits dropped: {}", batch.size(), st.ToString());
    return st;
  }
  for (const TrackingHit& h : batch) written_[Slot(h.kind, h.verdict)].fetch_add(1);
  return batch.size();
}

void HitRecorder::Start() {
  thread_ = std::thread([this] {
    MutexLock lock(mu_);
    while (!stopping_) {
      clock_.WaitFor(lock, cv_, options_.flush_interval,
                     [this]() REQUIRES(mu_) { return stopping_; });
      lock.Unlock();
      (void)Flush();
      lock.Lock();
    }
  });
}

void HitRecorder::Stop() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  (void)Flush(/*all=*/true);
}

}  // namespace pregon
