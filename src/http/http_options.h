// Settings of the HTTP server of `pregon serve`, with their defaults (src/cli/config.cpp
// maps the PREGON_* settings onto them).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "app/feedback/webhooks.h"
#include "app/slots/secret_box.h"
#include "app/tracking/hit_recorder.h"
#include "channels/channel_factory.h"
#include "core/clock.h"
#include "core/slots.h"
#include "http/idempotency.h"
#include "http/login_limiter.h"
#include "net/ip_ranges.h"
#include "net/listen_address.h"

namespace pregon::http {

struct HttpOptions {
  ListenAddress listen;                                   // PREGON_LISTEN
  std::string allowed_hosts = "localhost,127.0.0.1,::1";  // PREGON_ALLOWED_HOSTS (host_check.h)
  size_t max_body_bytes = 16u << 20;     // PREGON_HTTP_MAX_BODY: larger bodies get 413
  int threads = 16;                      // PREGON_HTTP_THREADS: requests handled at once
  int max_connections = 10'000;          // PREGON_HTTP_MAX_CONNECTIONS
  int max_connections_per_client = 256;  // PREGON_HTTP_MAX_CONNECTIONS_PER_CLIENT
  Millis head_timeout{10'000};  // PREGON_HTTP_HEAD_TIMEOUT: a request head arrives whole in this
  bool cookie_secure = true;    // PREGON_COOKIE_SECURE: session cookie Secure flag
  Millis session_ttl{12 * 3'600'000};  // PREGON_SESSION_TTL
  Millis sse_interval{250};            // how often an event stream looks for changes
  Millis sse_heartbeat{15'000};        // comment line on an idle stream
  Millis sse_idle_end{10 * 60'000};    // PREGON_SSE_IDLE_END: a stream with no news this long ends
  int sse_per_user = 4;                // PREGON_HTTP_STREAMS_PER_USER: open streams of one user
  int sse_total = 1000;                // PREGON_HTTP_MAX_STREAMS: in all
  IpRanges trusted_proxies;            // PREGON_TRUSTED_PROXIES (http/client_address.h)
  LoginLimits login;                   // failed-login limits, PREGON_LOGIN_CONCURRENCY
  IdempotencyOptions idempotency;
  ChannelSettings channel;  // for test sends
  // PREGON_SECRET_KEY: seals the secret job parameters clients give with their reservation;
  // none = such parameters are refused.
  std::optional<SecretBox> job_secrets;
  double pending_factor = kDefaultPendingFactor;  // PREGON_SLOT_PENDING_FACTOR
  // Opens and clicks: PREGON_TRACKING=off answers the pixel and redirects without recording;
  // PREGON_TRACKING_TOO_SOON is hits.rules.too_soon.
  bool tracking_on = true;
  HitRecorderOptions hits;
  // Bounce and complaint webhooks (app/feedback/webhooks.h); a provider's endpoint answers
  // 404 until its secret is set.
  struct Webhooks {
    std::string generic_secret;                   // PREGON_WEBHOOK_SECRET
    std::string sendgrid_key;                     // PREGON_SENDGRID_WEBHOOK_KEY
    std::string postmark_auth;                    // PREGON_POSTMARK_WEBHOOK_AUTH (user:password)
    std::string mailgun_key;                      // PREGON_MAILGUN_WEBHOOK_KEY
    bool ses = false;                             // PREGON_SES_WEBHOOK=on
    std::string sns_cert_dir = "data/sns-certs";  // PREGON_DATA_DIR/sns-certs
    FeedbackThresholds thresholds;                // PREGON_FEEDBACK_THRESHOLDS
  } webhooks;
};

}  // namespace pregon::http
