// HitRecorder: the way from a pixel or link request to the store (DESIGN §1.4b).
//
// The HTTP handler judges what the request alone tells (core/hit_classifier.h JudgeRequest)
// and Adds the hit; it never waits for the database, so a redirect costs microseconds. The
// recorder holds each hit at least rules.burst_window — so a scanner's burst of clicks is
// seen whole — then, in one batch, judges the hits in context (too soon after the send,
// bursts) and writes them in one transaction (TrackingStore::RecordHits).
//
// A hit is at most a few hundred milliseconds in memory: a process that dies loses those,
// never a message. The queue is bounded (max_pending); beyond it hits are dropped and
// counted, and the drop is logged, rather than memory growing under a flood.
//
// Thread-safety: Add, Flush and dropped may be called from any thread.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <thread>

#include "core/clock.h"
#include "core/hit_classifier.h"
#include "core/mutex.h"
#include "core/thread_annotations.h"
#include "store/roles/tracking_store.h"

namespace pregon {

struct HitRecorderOptions {
  HitRules rules;
  size_t max_pending = 200'000;
  Millis flush_interval{250};  // how often Start's thread flushes
  size_t max_batch = 5'000;    // hits per transaction at most
};

class HitRecorder {
 public:
  HitRecorder(TrackingStore& store, Clock& clock, HitRecorderOptions options = {});
  ~HitRecorder();  // Stop()

  // Queues a hit (stamped by the caller). False when the queue is full: it is dropped.
  bool Add(const TrackingHit& hit);
  // Judges and writes the hits held at least burst_window (every hit with `all`), in batches
  // of max_batch. Returns how many were written; on a store error the batch is dropped
  // (logged) rather than retried forever.
  Result<size_t> Flush(bool all = false);
  size_t pending() const;
  uint64_t dropped() const { return dropped_.load(); }
  // Hits written so far, by kind and verdict (for /metrics).
  uint64_t written(HitKind kind, HitVerdict verdict) const {
    return written_[Slot(kind, verdict)].load();
  }

  // A thread flushing every flush_interval until Stop, which flushes everything left.
  void Start();
  void Stop();

 private:
  Result<size_t> WriteBatch(std::vector<TrackingHit>& batch);
  // Moves the queued clicks of the batch's clicked deliveries into the batch (ripe or not),
  // so a burst is never split between two batches and judged in halves.
  void TakeLaterClicks(std::vector<TrackingHit>& batch) REQUIRES(mu_);

  TrackingStore& store_;
  Clock& clock_;
  const HitRecorderOptions options_;
  mutable Mutex mu_;
  std::condition_variable cv_;
  std::deque<TrackingHit> queue_ GUARDED_BY(mu_);
  bool stopping_ GUARDED_BY(mu_) = false;
  Mutex flush_mu_;  // one flush at a time, so hits are written in order
  std::atomic<uint64_t> dropped_{0};
  static size_t Slot(HitKind k, HitVerdict v) {
    return static_cast<size_t>(k) * 4 + static_cast<size_t>(v);
  }
  std::array<std::atomic<uint64_t>, 8> written_{};
  std::thread thread_;
};

}  // namespace pregon
