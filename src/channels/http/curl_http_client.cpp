#include "channels/http/curl_http_client.h"

#include <curl/curl.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

#include "channels/http/curl_global.h"

namespace pregon {
namespace {

// curl would otherwise add "Expect: 100-continue" to larger POSTs and wait a round trip
// for the server's go-ahead; an empty "Expect:" line turns that off. curl only reads it.
char kNoExpectHeader[] = "Expect:";

// How long to sleep when curl has set no timer; any socket event wakes us sooner.
constexpr int kIdleWaitMs = 1000;
constexpr int kMaxEvents = 64;

TransportError ClassifyCurlCode(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return TransportError::kTimeout;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      return TransportError::kConnect;
    default:
      return TransportError::kOther;
  }
}

}  // namespace

struct CurlHttpClient::Transfer {
  CURL* easy = nullptr;
  bool in_flight = false;  // attached to the multi handle
  uint64_t tag = 0;        // the caller's name for the request (Submit)
  HttpRequest request;     // curl reads the URL, headers and body from here
  HttpResponse response;
  // The request's header lines as a curl_slist whose nodes point into the request's own
  // strings: curl only reads the list, and building it this way costs no allocation per
  // request (curl_slist_append would copy every line).
  std::vector<curl_slist> header_nodes;
  char error[CURL_ERROR_SIZE] = {};

  ~Transfer() {
    if (easy != nullptr) curl_easy_cleanup(easy);
  }

  static size_t OnBody(char* data, size_t size, size_t count, void* user) {
    HttpResponse& response = static_cast<Transfer*>(user)->response;
    const size_t bytes = size * count;
    const size_t room =
        HttpResponse::kMaxBodyBytes - std::min(response.body.size(), HttpResponse::kMaxBodyBytes);
    response.body.append(data, std::min(bytes, room));
    return bytes;  // the excess is dropped, not an error
  }
};

Result<std::unique_ptr<CurlHttpClient>> CurlHttpClient::Create(
    const CurlHttpClientOptions& options) {
  if (options.max_in_flight < 1) {
    return Status::InvalidArgument("HTTP client: max_in_flight must be at least 1");
  }
  if (options.connect_timeout.count() <= 0 || options.request_timeout.count() <= 0) {
    return Status::InvalidArgument("HTTP client: timeouts must be positive");
  }
  if (const CURLcode code = EnsureCurlGlobalInit(); code != CURLE_OK) {
    return Status::Internal(std::string("curl_global_init: ") + curl_easy_strerror(code));
  }
  const int epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd < 0) return Status::Internal(std::string("epoll_create1: ") + strerror(errno));
  CURLM* multi = curl_multi_init();
  if (multi == nullptr) {
    ::close(epoll_fd);
    return Status::Internal("curl_multi_init failed");
  }
  std::unique_ptr<CurlHttpClient> client(new CurlHttpClient(options, multi, epoll_fd));
  PREGON_RETURN_IF_ERROR(client->Init());
  return client;
}

CurlHttpClient::CurlHttpClient(const CurlHttpClientOptions& options, void* multi, int epoll_fd)
    : options_(options), multi_(multi), epoll_fd_(epoll_fd) {}

CurlHttpClient::~CurlHttpClient() {
  CURLM* multi = static_cast<CURLM*>(multi_);
  for (const auto& transfer : transfers_) {
    if (transfer->in_flight) curl_multi_remove_handle(multi, transfer->easy);
  }
  transfers_.clear();
  curl_multi_cleanup(static_cast<CURLM*>(multi_));
  ::close(epoll_fd_);
}

Status CurlHttpClient::Init() {
  CURLM* multi = static_cast<CURLM*>(multi_);
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &CurlHttpClient::OnSocket);
  curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &CurlHttpClient::OnTimer);
  curl_multi_setopt(multi, CURLMOPT_TIMERDATA, this);
  // Keep one open connection per transfer; the default (4x the handles added) would let
  // idle connections pile up toward a provider that limits them.
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(options_.max_in_flight));
  return Status::Ok();
}

CurlHttpClient::Transfer* CurlHttpClient::NewTransfer() {
  auto transfer = std::make_unique<Transfer>();
  transfer->easy = curl_easy_init();
  if (CURL* easy = transfer->easy; easy != nullptr) {  // else Start fails the request
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "pregon/0.1");
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::OnBody);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error);
    if (!options_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
    // HTTP/2 when the provider offers it in the TLS handshake (ALPN), HTTP/1.1 otherwise.
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  }
  transfers_.push_back(std::move(transfer));
  return transfers_.back().get();
}

int CurlHttpClient::OnSocket(void* /*easy*/, int socket, int what, void* self,
                             void* /*socket_data*/) {
  auto* client = static_cast<CurlHttpClient*>(self);
  auto& registered = client->registered_;
  if (static_cast<size_t>(socket) >= registered.size()) registered.resize(socket + 1, false);
  if (what == CURL_POLL_REMOVE) {
    ::epoll_ctl(client->epoll_fd_, EPOLL_CTL_DEL, socket, nullptr);  // ENOENT: already gone
    registered[socket] = false;
    return 0;
  }
  epoll_event event{};
  event.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
  event.data.fd = socket;
  // A socket number can be closed (epoll forgets it) and reused without a REMOVE from curl,
  // so a failed MOD falls back to ADD.
  if (!registered[socket] ||
      (::epoll_ctl(client->epoll_fd_, EPOLL_CTL_MOD, socket, &event) != 0 && errno == ENOENT)) {
    ::epoll_ctl(client->epoll_fd_, EPOLL_CTL_ADD, socket, &event);
  }
  registered[socket] = true;
  return 0;
}

int CurlHttpClient::OnTimer(void* /*multi*/, long timeout_ms, void* self) {
  auto* client = static_cast<CurlHttpClient*>(self);
  if (timeout_ms < 0) {
    client->timer_deadline_.reset();
  } else {
    // The event loop's own monotonic timing, not the domain Clock: curl's timers are in
    // real elapsed time whatever clock the engine runs on.
    client->timer_deadline_ = SteadyNow() + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

Status CurlHttpClient::Start(Transfer& transfer) {
  CURL* easy = transfer.easy;
  if (easy == nullptr) return Status::Internal("curl_easy_init failed");
  const HttpRequest& request = transfer.request;
  transfer.error[0] = '\0';
  transfer.response.Clear();

  auto& nodes = transfer.header_nodes;
  nodes.resize(request.headers.size() + 1);
  for (size_t i = 0; i < request.headers.size(); ++i) {
    nodes[i].data = const_cast<char*>(request.headers[i].c_str());
    nodes[i].next = &nodes[i + 1];
  }
  nodes.back().data = kNoExpectHeader;
  nodes.back().next = nullptr;

  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  // Over TLS the provider may speak HTTP/2: a request then waits for the connection being
  // opened to say so, and shares it (up to 100 streams each, libcurl's default) instead of
  // opening one of its own, so the requests in flight go over a few connections instead of
  // one each. Plain http:// is HTTP/1.1, one request per connection: nothing to wait for.
  curl_easy_setopt(easy, CURLOPT_PIPEWAIT, request.url.starts_with("https:") ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nodes.data());
  if (request.method == "GET") {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, static_cast<const char*>(nullptr));
  } else {
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(
        easy, CURLOPT_CUSTOMREQUEST,
        request.method == "POST" ? static_cast<const char*>(nullptr) : request.method.c_str());
  }
  const CURLMcode code = curl_multi_add_handle(static_cast<CURLM*>(multi_), easy);
  if (code != CURLM_OK) {
    return Status::Internal(std::string("curl_multi_add_handle: ") + curl_multi_strerror(code));
  }
  transfer.in_flight = true;
  return Status::Ok();
}

void CurlHttpClient::Submit(uint64_t tag, const HttpRequest& request) {
  Transfer* transfer = nullptr;
  if (idle_.empty()) {
    transfer = NewTransfer();
  } else {
    transfer = idle_.back();
    idle_.pop_back();
  }
  transfer->tag = tag;
  transfer->request = request;  // assignment reuses the transfer's buffers
  if (Status s = Start(*transfer); !s.ok()) {
    transfer->response.transport_error = TransportError::kOther;
    transfer->response.error = s.message();
    finished_.push_back(transfer);
  }
}

void CurlHttpClient::Poll(std::chrono::milliseconds wait, const OnResponse& on_done) {
  const Instant deadline = SteadyNow() + wait;
  while (finished_.empty() && pending() > 0) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - SteadyNow());
    if (RunOnce(std::max(left, std::chrono::milliseconds(0)))) CollectFinished();
    if (SteadyNow() >= deadline) break;
  }
  for (Transfer* transfer : finished_) {
    on_done(transfer->tag, transfer->response);
    idle_.push_back(transfer);
  }
  finished_.clear();
}

void CurlHttpClient::Execute(std::span<const HttpRequest> requests,
                             std::vector<HttpResponse>& responses) {
  responses.resize(requests.size());
  size_t next = 0;
  size_t answered = 0;
  const OnResponse take = [&responses, &answered](uint64_t tag, HttpResponse& response) {
    std::swap(responses[tag], response);
    ++answered;
  };
  while (answered < requests.size()) {
    for (; next < requests.size() && room() > 0; ++next) Submit(next, requests[next]);
    Poll(std::chrono::milliseconds(kIdleWaitMs), take);
  }
}

bool CurlHttpClient::RunOnce(std::chrono::milliseconds max_wait) {
  CURLM* multi = static_cast<CURLM*>(multi_);
  int wait_ms = static_cast<int>(std::clamp<int64_t>(max_wait.count(), 0, kIdleWaitMs));
  if (timer_deadline_) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*timer_deadline_ - SteadyNow());
    wait_ms = static_cast<int>(std::clamp<int64_t>(left.count(), 0, wait_ms));
  }
  epoll_event events[kMaxEvents];
  const int n = ::epoll_wait(epoll_fd_, events, kMaxEvents, wait_ms);
  if (n < 0 && errno != EINTR) {
    AbortInFlight(std::string("epoll_wait: ") + strerror(errno));
    return false;
  }
  int running = 0;
  CURLMcode code = CURLM_OK;
  for (int i = 0; i < n && code == CURLM_OK; ++i) {
    const uint32_t ev = events[i].events;
    const int flags = ((ev & EPOLLIN) ? CURL_CSELECT_IN : 0) |
                      ((ev & EPOLLOUT) ? CURL_CSELECT_OUT : 0) |
                      ((ev & (EPOLLERR | EPOLLHUP)) ? CURL_CSELECT_ERR : 0);
    code = curl_multi_socket_action(multi, events[i].data.fd, flags, &running);
  }
  if (code == CURLM_OK && timer_deadline_ && SteadyNow() >= *timer_deadline_) {
    timer_deadline_.reset();  // curl sets a new one from inside the call if it needs it
    code = curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
  }
  if (code != CURLM_OK) {
    AbortInFlight(std::string("curl multi: ") + curl_multi_strerror(code));
    return false;
  }
  return true;
}

void CurlHttpClient::CollectFinished() {
  CURLM* multi = static_cast<CURLM*>(multi_);
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    Transfer* transfer = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &transfer);
    HttpResponse& response = transfer->response;
    if (msg->data.result == CURLE_OK) {
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      response.status = static_cast<int>(status);
      curl_header* header = nullptr;
      if (curl_easy_header(easy, "Retry-After", 0, CURLH_HEADER, -1, &header) == CURLHE_OK) {
        response.retry_after = header->value;
      }
    } else {
      response.transport_error = ClassifyCurlCode(msg->data.result);
      // CURLINFO_REQUEST_SIZE counts the request bytes curl has sent: none means the
      // request never left (connect, DNS or TLS failed), so it cannot have been acted on.
      long request_bytes = 0;
      curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_bytes);
      response.request_written = request_bytes > 0;
      response.error =
          transfer->error[0] != '\0' ? transfer->error : curl_easy_strerror(msg->data.result);
    }
    // Removing the handle hands its connection back to the multi handle's cache.
    curl_multi_remove_handle(multi, easy);
    transfer->in_flight = false;
    finished_.push_back(transfer);
  }
}

void CurlHttpClient::AbortInFlight(const std::string& message) {
  CURLM* multi = static_cast<CURLM*>(multi_);
  for (const auto& transfer : transfers_) {
    if (!transfer->in_flight) continue;
    transfer->response.transport_error = TransportError::kOther;
    transfer->response.error = message;
    curl_multi_remove_handle(multi, transfer->easy);
    transfer->in_flight = false;
    finished_.push_back(transfer.get());
  }
}

}  // namespace pregon
