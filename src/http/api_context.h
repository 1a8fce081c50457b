// What every API handler may use: the store, the clock, the settings, the auth use cases,
// the failed-login limiter, the shutdown signal (event streams end on it) and the tracking
// recorder and link targets.
//
// Thread-safety: each member is safe for concurrent use by the server's threads.
#pragma once

#include <condition_variable>

#include "app/auth/auth_service.h"
#include "app/feedback/feedback_service.h"
#include "app/feedback/webhooks.h"
#include "app/tracking/hit_recorder.h"
#include "app/tracking/link_targets.h"
#include "engine/engine_metrics.h"
#include "http/http_options.h"
#include "http/login_limiter.h"
#include "http/request_metrics.h"
#include "http/stream_slots.h"
#include "store/store.h"

namespace pregon::http {

// Set once when the server stops; long-running handlers (event streams) wait on it.
class ShutdownSignal {
 public:
  explicit ShutdownSignal(Clock& clock) : clock_(clock) {}
  void Trigger();
  bool triggered() const;
  // Waits up to `d`; true when triggered (at once if it already was).
  bool WaitFor(Millis d);

 private:
  Clock& clock_;
  mutable Mutex mu_;
  std::condition_variable cv_;
  bool triggered_ GUARDED_BY(mu_) = false;
};

struct ApiContext {
  Store& store;
  Clock& clock;
  const HttpOptions& options;
  AuthService& auth;
  LoginLimiter& login_limiter;
  ShutdownSignal& shutdown;
  StreamSlots& streams;
  HitRecorder& hits;               // opens and clicks on their way to the store
  LinkTargets& links;              // where tracked clicks go
  SnsCertificates& sns;            // the certificates Amazon SNS signs the SES webhook with
  const RequestMetrics& requests;  // what /metrics reports of the HTTP requests
  FeedbackTotals& feedback;        // bounces and complaints recorded by the webhooks
  const EngineMetrics* engine;     // what this process's engine sent (none: serve --no-engine)
  ReportTableStore* analytics;     // the analytics database (none when not configured)
};

}  // namespace pregon::http
