#include "http/http_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "http/api/routes.h"
#include "http/authenticate.h"
#include "http/call.h"
#include "http/host_check.h"
#include "http/idempotency.h"
#include "net/listening_server.h"

namespace pregon::http {

namespace {

constexpr std::string_view kApiPrefix = "/api/v1/";
constexpr Millis kPurgeEvery{10 * 60'000};

// The headers every answer carries, the transport's own included.
constexpr std::pair<const char*, const char*> kSecurityHeaders[] = {
    {"X-Content-Type-Options", "nosniff"}, {"Cache-Control", "no-store"}};

// For the answers the transport gives before any handler runs.
void ReplyError(httplib::Response& res, const ApiError& e) {
  for (const auto& [name, value] : kSecurityHeaders)
    if (!res.has_header(name)) res.set_header(name, value);
  res.status = e.status;
  res.set_content(DumpJson(e.ToJson()), "application/json");
  if (e.status == 405) res.set_header("Allow", e.details.value("allow", ""));
}

void ReplyError(HttpResponse& res, const ApiError& e) {
  res.status = e.status;
  res.SetContent(DumpJson(e.ToJson()), "application/json");
  if (e.status == 405) res.SetHeader("Allow", e.details.value("allow", ""));
}

// The library's request as pregon's handlers see it (http_message.h). A copy: the library
// hands handlers a const request.
HttpRequest FromLibrary(const httplib::Request& in) {
  HttpRequest r;
  r.method = in.method;
  r.target = in.target;
  r.path = in.path;
  for (const auto& [name, value] : in.headers) r.headers.Add(name, value);
  r.body = in.body;
  r.remote_addr = in.remote_addr;
  r.multipart = in.is_multipart_form_data();
  for (const auto& [name, f] : in.files)
    r.form.push_back({name, f.filename, f.content_type, f.content});
  return r;
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(Store& store, Clock& clock, HttpOptions options)
      : store_(store),
        clock_(clock),
        options_(std::move(options)),
        hosts_(options_.allowed_hosts),
        auth_(store, clock, AuthOptions{options_.session_ttl}),
        limiter_(clock, options_.login),
        idempotency_(store, clock, options_.idempotency),
        shutdown_(clock),
        streams_(std::max(1, options_.sse_per_user),
                 options_.sse_total > 0 ? options_.sse_total : std::max(1, options_.threads / 2)),
        ctx_{store_, clock_, options_, auth_, limiter_, shutdown_, streams_} {
    AddApiRoutes(router_);
    Configure();
  }

  Status Start() {
    PREGON_RETURN_IF_ERROR(server_.Start(options_.listen));
    maintenance_ = std::thread([this] { Maintain(); });
    return Status::Ok();
  }
  void Stop() {
    shutdown_.Trigger();  // event streams end at their next tick
    server_.Stop();
  }
  void Wait() {
    server_.Wait();
    MutexLock lock(wait_mu_);
    if (maintenance_.joinable()) maintenance_.join();
  }
  int port() const { return server_.port(); }
  const Router& router() const { return router_; }

 private:
  void Configure();
  void Dispatch(const HttpRequest& req, HttpResponse& res);
  // Answers 503 and returns false while the schema is not current.
  bool SchemaReady(HttpResponse& res);
  void Run(const RouteMatch& match, const HttpRequest& req, HttpResponse& res,
           std::optional<Principal> principal);
  // Writes `res` to the library's response; an event stream is polled every sse_interval
  // (with a heartbeat when idle) on the connection's thread until it ends, the client goes
  // away or the server stops.
  void ToLibrary(HttpResponse&& res, httplib::Response& out);
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
  ApiContext ctx_;
  Router router_;
  ListeningServer server_;
  std::atomic<bool> schema_ready_{false};
  Mutex wait_mu_;
  std::thread maintenance_;
};

void HttpServer::Impl::Configure() {
  const size_t threads = static_cast<size_t>(std::max(1, options_.threads));
  server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_.set_payload_max_length(options_.max_body_bytes);
  // Short: an idle keep-alive connection holds a thread, and delays a shutdown this long.
  server_.set_keep_alive_timeout(2);
  const auto dispatch = [this](const httplib::Request& in, httplib::Response& out) {
    const HttpRequest req = FromLibrary(in);
    HttpResponse res;
    Dispatch(req, res);
    ToLibrary(std::move(res), out);
  };
  server_.set_pre_routing_handler([this, dispatch](const httplib::Request& req,
                                                   httplib::Response& res) {
    if (!hosts_.Allows(req.get_header_value("Host"))) {
      ReplyError(
          res, ApiError::BadRequest("the Host header names a host this server does not answer for "
                                    "(PREGON_ALLOWED_HOSTS)",
                                    "Host"));
      return httplib::Server::HandlerResponse::Handled;
    }
    // httplib 0.11 applies the body limit to Content-Length only, not to a chunked body:
    // refuse chunked bodies (nginx and curl send a length), and close the connection.
    if (req.has_header("Transfer-Encoding")) {
      ApiError e = ApiError::BadRequest("send the request body with a Content-Length");
      e.status = 411;
      e.code = "length_required";
      ReplyError(res, e);
      res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112
    // §6.3): `curl -X POST .../pause` is a complete request. httplib would wait for a body
    // until its read timeout and answer 400; it is dispatched here, with an empty body.
    if (!req.has_header("Content-Length") &&
        (req.method == "POST" || req.method == "PUT" || req.method == "PATCH")) {
      dispatch(req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_.Get(".*", dispatch);
  server_.Post(".*", dispatch);
  server_.Put(".*", dispatch);
  server_.Patch(".*", dispatch);
  server_.Delete(".*", dispatch);
  server_.Options(".*", dispatch);
  // Errors httplib answers by itself (413, a request it cannot parse) get the JSON shape too.
  server_.set_error_handler(
      httplib::Server::HandlerWithResponse([this](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        ApiError e = ErrorForHttpStatus(res.status);
        if (res.status == 413) e = ApiError::PayloadTooLarge(options_.max_body_bytes);
        ReplyError(res, e);
        return httplib::Server::HandlerResponse::Handled;
      }));
  server_.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          spdlog::error("{} {}: unexpected exception: {}", req.method, req.path, e.what());
        } catch (...) {
          spdlog::error("{} {}: unexpected exception", req.method, req.path);
        }
        ReplyError(res, ApiError::Internal());
      });
}

void HttpServer::Impl::ToLibrary(HttpResponse&& res, httplib::Response& out) {
  out.status = res.status;
  for (const auto& [name, value] : res.headers.all()) out.set_header(name, value);
  if (!res.stream) {
    if (!res.body.empty() || !res.content_type.empty()) out.set_content(res.body, res.content_type);
    return;
  }
  struct State {
    std::shared_ptr<EventSource> source;
    bool at_once = true;  // the first step, or the last one said `more`
    bool events = false;  // text/event-stream: idle gets heartbeats
    Instant last_write;
  };
  auto state = std::make_shared<State>(State{
      std::move(res.stream), true, res.content_type == "text/event-stream", clock_.Monotonic()});
  out.set_chunked_content_provider(
      res.content_type, [this, state](size_t, httplib::DataSink& sink) {
        if (state->at_once ? shutdown_.triggered() : shutdown_.WaitFor(options_.sse_interval)) {
          sink.done();  // the server is stopping: end the stream cleanly
          return true;
        }
        if (!sink.is_writable()) return false;  // the client went away
        EventSource::Step step = state->source->Next();
        state->at_once = step.more;
        const Instant now = clock_.Monotonic();
        if (state->events && step.text.empty() && now - state->last_write >= options_.sse_heartbeat)
          step.text = ": keep-alive\n\n";
        if (!step.text.empty()) {
          if (!sink.write(step.text.data(), step.text.size())) return false;
          state->last_write = now;
        }
        if (step.done) sink.done();
        return true;
      });
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
  for (const auto& [name, value] : kSecurityHeaders) res.SetHeader(name, value);
  auto found = router_.Find(req.method == "HEAD" ? "GET" : req.method, req.path);
  std::optional<Principal> principal;
  if (auto* error = std::get_if<ApiError>(&found)) {
    ReplyError(res, *error);
  } else {
    const RouteMatch& match = std::get<RouteMatch>(found);
    const bool api = req.path.compare(0, kApiPrefix.size(), kApiPrefix) == 0;
    bool go = !api || SchemaReady(res);
    if (go && match.route->permission) {
      auto who = Authenticate(auth_, req);
      if (auto* e = std::get_if<ApiError>(&who)) {
        Call(ctx_, req, res, {}, std::nullopt).Fail(*e);
        go = false;
      } else if (auto denied = Authorize(std::get<Principal>(who).user, *match.route->permission)) {
        Call(ctx_, req, res, {}, std::nullopt).Fail(*denied);
        go = false;
      } else {
        principal = std::get<Principal>(std::move(who));
      }
    }
    if (go) Run(match, req, res, principal);
  }
  const double ms =
      std::chrono::duration<double, std::milli>(ctx_.clock.Monotonic() - started).count();
  spdlog::debug("{} {} {} {:.1f} ms{}{}", req.method, req.path, res.status, ms,
                principal ? " user=" : "", principal ? principal->user.username : "");
}

void HttpServer::Impl::Run(const RouteMatch& match, const HttpRequest& req, HttpResponse& res,
                           std::optional<Principal> principal) {
  const Route& route = *match.route;
  Call call(ctx_, req, res, match.params, principal);
  for (const auto& [name, value] : call.query()) {
    if (std::find(route.query.begin(), route.query.end(), name) == route.query.end())
      return call.Fail(ApiError::BadRequest("unknown query parameter '" + name + "'", name));
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

HttpServer::HttpServer(Store& store, Clock& clock, HttpOptions options)
    : impl_(std::make_unique<Impl>(store, clock, std::move(options))) {}
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
