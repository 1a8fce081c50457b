#include "http/http_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "channels/http/curl_fetch.h"
#include "core/request_id.h"
#include "core/text.h"
#include "http/api/routes.h"
#include "http/authenticate.h"
#include "http/call.h"
#include "http/host_check.h"
#include "http/idempotency.h"
#include "http/multipart.h"
#include "http/transport/http_transport.h"
#include "http/ui/page.h"
#include "http/ui/ui_routes.h"

namespace pregon::http {

namespace {

constexpr std::string_view kApiPrefix = "/api/v1/";
constexpr Millis kPurgeEvery{10 * 60'000};

// The headers every answer carries, the transport's own included.
constexpr std::pair<const char*, const char*> kSecurityHeaders[] = {
    {"X-Content-Type-Options", "nosniff"}, {"Cache-Control", "no-store"}};

void SetSecurityHeaders(HttpResponse& res) {
  for (const auto& [name, value] : kSecurityHeaders) res.SetHeader(name, value);
}

void ReplyError(HttpResponse& res, const ApiError& e) {
  res.status = e.status;
  res.SetContent(DumpJson(e.ToJson()), "application/json");
  if (e.status == 405) res.SetHeader("Allow", e.details.value("allow", ""));
}

ApiError ForeignHost() {
  return ApiError::BadRequest(
      "the Host header names a host this server does not answer for (PREGON_ALLOWED_HOSTS)",
      "Host");
}

// An SNS signing certificate, over HTTPS with the system's authorities, small and quick.
Result<std::string> FetchSnsCertificate(const std::string& url) {
  pregon::HttpRequest request;
  request.method = "GET";
  request.url = url;
  FetchOptions options;
  options.timeout = Millis(10'000);
  options.max_bytes = 64 * 1024;
  FetchResult r = Fetch(request, options);
  if (!r.response.answered() || r.response.status != 200)
    return Status::Transient(
        "fetching the SNS certificate " + url + " failed: " +
        (r.response.answered() ? "HTTP " + std::to_string(r.response.status) : r.response.error));
  return r.response.body;
}

TransportOptions TransportOptionsFrom(const HttpOptions& o) {
  TransportOptions t;
  t.threads = o.threads;
  t.max_connections = o.max_connections;
  t.max_per_address = o.max_connections_per_client;
  t.head_timeout = o.head_timeout;
  t.trusted_proxies = o.trusted_proxies;
  t.stream_interval = o.sse_interval;
  t.stream_heartbeat = o.sse_heartbeat;
  return t;
}

}  // namespace

class HttpServer::Impl final : public TransportHandler {
 public:
  Impl(Store& store, Clock& clock, HttpOptions options, const EngineMetrics* engine,
       ReportTableStore* analytics)
      : store_(store),
        clock_(clock),
        options_(std::move(options)),
        hosts_(options_.allowed_hosts),
        auth_(store, clock, AuthOptions{options_.session_ttl}),
        limiter_(clock, options_.login),
        idempotency_(store, clock, options_.idempotency),
        shutdown_(clock),
        streams_(std::max(1, options_.sse_per_user), std::max(1, options_.sse_total)),
        hits_(store, clock, options_.hits),
        links_(store),
        sns_(options_.webhooks.sns_cert_dir, FetchSnsCertificate),
        ctx_{store_, clock_, options_, auth_,     limiter_,  shutdown_, streams_,
             hits_,  links_, sns_,     requests_, feedback_, engine,    analytics},
        transport_(*this, TransportOptionsFrom(options_)) {
    AddApiRoutes(router_);
    ui::AddUiRoutes(router_);
  }

  Status Start() {
    PREGON_RETURN_IF_ERROR(transport_.Start(options_.listen));
    hits_.Start();
    maintenance_ = std::thread([this] { Maintain(); });
    return Status::Ok();
  }
  void Stop() {
    shutdown_.Trigger();
    transport_.Stop();  // event streams end at their next tick
  }
  void Wait() {
    transport_.Wait();
    MutexLock lock(wait_mu_);
    if (maintenance_.joinable()) maintenance_.join();
    hits_.Stop();  // the last opens and clicks written
  }
  int port() const { return transport_.port(); }
  const Router& router() const { return router_; }

  // TransportHandler:
  HeadDecision OnHead(const HttpRequest& head) override;
  void Handle(HttpRequest& req, HttpResponse& res) override;
  void Refuse(int status, const std::string& message, HttpResponse& res) override;

 private:
  void Dispatch(const HttpRequest& req, HttpResponse& res);
  // Answers 503 and returns false while the schema is not current.
  bool SchemaReady(HttpResponse& res);
  void Run(const RouteMatch& match, const HttpRequest& req, HttpResponse& res,
           std::optional<Principal> principal);
  // Answers a request the credentials or the permission check refused, as its route speaks:
  // JSON for the API, a page (or the way to the login page) for the admin UI.
  void RefuseCaller(const Route& route, const HttpRequest& req, HttpResponse& res,
                    const ApiError& e);
  void Maintain();

  Store& store_;
  Clock& clock_;
  const HttpOptions options_;
  const HostAllowList hosts_;
  AuthService auth_;
  LoginLimiter limiter_;
  IdempotencyGuard idempotency_;
  ShutdownSignal shutdown_;
  StreamSlots streams_;
  HitRecorder hits_;
  LinkTargets links_;
  SnsCertificates sns_;
  RequestMetrics requests_;
  FeedbackTotals feedback_;
  ApiContext ctx_;
  Router router_;
  HttpTransport transport_;
  std::atomic<bool> schema_ready_{false};
  Mutex wait_mu_;
  std::thread maintenance_;
};

HeadDecision HttpServer::Impl::OnHead(const HttpRequest& head) {
  auto found = router_.Find(head.method == "HEAD" ? "GET" : head.method, head.path);
  const auto* match = std::get_if<RouteMatch>(&found);
  if (!match) return {kSmallBody, false, std::nullopt};  // answered 404 or 405 anyway
  HeadDecision d{std::min(match->route->max_body, options_.max_body_bytes),
                 match->route->spool_body, std::nullopt};
  // A large body is read only from someone who may send it: the host, the schema, the
  // credentials and the permission are checked from the head, and anyone else is answered
  // before a byte of the body costs memory.
  if (d.body_limit <= kSmallBody || !match->route->permission) return d;
  HttpResponse res;
  SetSecurityHeaders(res);
  if (!hosts_.Allows(head.Header("Host"))) {
    ReplyError(res, ForeignHost());
  } else if (SchemaReady(res)) {
    auto who = Authenticate(auth_, head, match->route->page ? Caller::kPageHead : Caller::kApi);
    if (auto* e = std::get_if<ApiError>(&who)) {
      RefuseCaller(*match->route, head, res, *e);
    } else if (auto denied = Authorize(std::get<Principal>(who).user, *match->route->permission)) {
      RefuseCaller(*match->route, head, res, *denied);
    } else {
      return d;
    }
  }
  d.answer = std::move(res);
  return d;
}

void HttpServer::Impl::Refuse(int status, const std::string& message, HttpResponse& res) {
  ApiError e = ErrorForHttpStatus(status);
  if (!message.empty()) e.message = message;
  SetSecurityHeaders(res);
  ReplyError(res, e);
}

void HttpServer::Impl::Handle(HttpRequest& req, HttpResponse& res) {
  if (!hosts_.Allows(req.Header("Host"))) {
    SetSecurityHeaders(res);
    return ReplyError(res, ForeignHost());
  }
  if (IsMultipartFormData(req.Header("Content-Type"))) {
    auto parts = ParseMultipart(req.Header("Content-Type"), req.Body());
    if (!parts.ok()) {
      SetSecurityHeaders(res);
      return ReplyError(res, ApiError::BadRequest(parts.status().message()));
    }
    req.multipart = true;
    req.form = std::move(*parts);
  }
  // Everything this request causes — log lines, campaign events — carries its id.
  ScopedRequestId request_id(RequestIdFrom(req.Header("X-Request-Id")));
  try {
    Dispatch(req, res);
  } catch (const std::exception& e) {
    spdlog::error("{} {}: unexpected exception: {}", req.method, LogSafe(req.path, 200), e.what());
    res = HttpResponse{};
    Refuse(500, "", res);
  }
}

bool HttpServer::Impl::SchemaReady(HttpResponse& res) {
  if (schema_ready_.load()) return true;
  Status st = store_.CheckSchema();
  if (st.ok()) {
    schema_ready_ = true;
    return true;
  }
  ReplyError(res, ApiError::Unavailable(st.code() == StatusCode::kFailedPrecondition
                                            ? st.message()
                                            : "the database is not reachable"));
  res.SetHeader("Retry-After", "5");
  return false;
}

void HttpServer::Impl::Dispatch(const HttpRequest& req, HttpResponse& res) {
  const Instant started = ctx_.clock.Monotonic();
  SetSecurityHeaders(res);
  res.SetHeader("X-Request-Id", std::string(CurrentRequestId()));
  auto found = router_.Find(req.method == "HEAD" ? "GET" : req.method, req.path);
  std::optional<Principal> principal;
  if (auto* error = std::get_if<ApiError>(&found)) {
    ReplyError(res, *error);
  } else {
    const RouteMatch& match = std::get<RouteMatch>(found);
    const bool api = req.path.compare(0, kApiPrefix.size(), kApiPrefix) == 0;
    bool go = !api || SchemaReady(res);
    if (go && match.route->permission) {
      auto who = Authenticate(auth_, req, match.route->page ? Caller::kPage : Caller::kApi);
      if (auto* e = std::get_if<ApiError>(&who)) {
        RefuseCaller(*match.route, req, res, *e);
        go = false;
      } else if (auto denied = Authorize(std::get<Principal>(who).user, *match.route->permission)) {
        RefuseCaller(*match.route, req, res, *denied);
        go = false;
      } else {
        principal = std::get<Principal>(std::move(who));
      }
    }
    if (go) Run(match, req, res, principal);
  }
  const double ms =
      std::chrono::duration<double, std::milli>(ctx_.clock.Monotonic() - started).count();
  requests_.Record(req.path, res.status, ms / 1000);
  spdlog::debug("{} {} {} {:.1f} ms{}{}", req.method, req.path, res.status, ms,
                principal ? " user=" : "", principal ? principal->user.username : "");
}

void HttpServer::Impl::Run(const RouteMatch& match, const HttpRequest& req, HttpResponse& res,
                           std::optional<Principal> principal) {
  const Route& route = *match.route;
  Call call(ctx_, req, res, match.params, principal);
  for (const auto& [name, value] : call.query()) {
    if (std::find(route.query.begin(), route.query.end(), name) == route.query.end())
      return RefuseCaller(route, req, res,
                          ApiError::BadRequest("unknown query parameter '" + name + "'", name));
  }
  const std::string key = req.Header("Idempotency-Key");
  const bool idempotent =
      req.method == "POST" && route.idempotent && principal && req.HasHeader("Idempotency-Key");
  if (idempotent) {
    IdempotencyDecision d = idempotency_.Begin(principal->user.id, key, req);
    if (d.kind == IdempotencyDecision::kReject) return call.Fail(*d.error);
    if (d.kind == IdempotencyDecision::kReplay) {
      res.status = d.status;
      res.SetContent(d.body, "application/json");
      res.SetHeader("Idempotent-Replayed", "true");
      return;
    }
  }
  try {
    route.handler(call);
  } catch (...) {
    // Answered 500 by the exception handler: release the key so that a retry runs again.
    if (idempotent) idempotency_.Finish(principal->user.id, key, 500, "");
    throw;
  }
  if (idempotent) idempotency_.Finish(principal->user.id, key, res.status, res.body);
}

void HttpServer::Impl::RefuseCaller(const Route& route, const HttpRequest& req, HttpResponse& res,
                                    const ApiError& e) {
  if (route.page) return ui::RefusePage(ctx_, req, res, e);
  Call(ctx_, req, res, {}, std::nullopt).Fail(e);
}

void HttpServer::Impl::Maintain() {
  // Expired sessions and old idempotency keys go away every few minutes.
  while (!shutdown_.WaitFor(kPurgeEvery)) {
    if (!schema_ready_.load()) continue;
    const Timestamp now = clock_.Now();
    auto purged = store_.PurgeExpired(now, now - options_.idempotency.keep_for);
    if (!purged.ok())
      spdlog::warn("purging expired sessions and idempotency keys: {}", purged.status().ToString());
  }
}

HttpServer::HttpServer(Store& store, Clock& clock, HttpOptions options, const EngineMetrics* engine,
                       ReportTableStore* analytics)
    : impl_(std::make_unique<Impl>(store, clock, std::move(options), engine, analytics)) {}
HttpServer::~HttpServer() {
  Stop();
  Wait();
}
Status HttpServer::Start() { return impl_->Start(); }
int HttpServer::port() const { return impl_->port(); }
void HttpServer::Stop() { impl_->Stop(); }
void HttpServer::Wait() { impl_->Wait(); }
const Router& HttpServer::router() const { return impl_->router(); }

}  // namespace pregon::http
