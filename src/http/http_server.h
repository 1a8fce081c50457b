// HttpServer: the HTTP side of `pregon serve` — the /api/v1 JSON API (http/api/), the
// health checks, and what guards them all:
//   - the transport (http/transport/http_transport.h) bounds connections, heads, bodies and
//     time, and parses strictly; a body is refused (413) past its route's limit (Route::max_body,
//     at most max_body_bytes) before it is read;
//   - Host must be in PREGON_ALLOWED_HOSTS (400 otherwise);
//   - multipart/form-data bodies are parsed into their parts (400 when malformed);
//   - /api/v1 answers 503 until the database schema is current (`pregon migrate`);
//   - every /api/v1 route but login needs a signed-in user with the route's permission
//     (401 / 403; http/authenticate.h);
//   - POST routes honour Idempotency-Key (http/idempotency.h);
//   - every error is one JSON shape (http/api_error.h) with the security headers, and no
//     secret is logged: the access log (debug level) names method, path, status, time and
//     user only.
//
// Thread-safety: Start once; Stop and Wait from any thread (a signal watcher). Requests are
// handled on `threads` threads; idle connections and event streams hold none.
#pragma once

#include <memory>

#include "core/clock.h"
#include "core/status.h"
#include "engine/engine_metrics.h"
#include "http/http_options.h"
#include "http/router.h"
#include "store/store.h"

namespace pregon::http {

class HttpServer {
 public:
  // /metrics adds what `engine` counted when given (serve's own engine). `analytics` is the
  // second database reports may be loaded into (ANALYTICS_DATABASE_URL), when there is one.
  HttpServer(Store& store, Clock& clock, HttpOptions options, const EngineMetrics* engine = nullptr,
             ReportTableStore* analytics = nullptr);
  ~HttpServer();  // Stop() and Wait()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds options.listen and serves in the background. Unavailable when the address
  // cannot be bound.
  Status Start();
  int port() const;  // the bound TCP port (0 for a Unix socket)
  // Stops accepting, ends open event streams, and lets requests in progress finish.
  void Stop();
  void Wait();

  const Router& router() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pregon::http
