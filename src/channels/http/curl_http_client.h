// CurlHttpClient: the HttpClient on libcurl's multi interface.
//
// A client lives as long as its channel: it keeps easy handles (one per request in flight,
// made when first needed, up to max_in_flight, then reused) and one multi handle whose
// connection cache holds the open connections, so consecutive requests to the same provider reuse
// warm keep-alive (and TLS) connections instead of reconnecting. Each handle keeps its own copy of
// its request and its own response, whose buffers are reused from one request to the next (a
// batch's answers are swapped out, not copied).
//
// Sockets are watched with epoll through curl's socket interface (curl_multi_socket_action),
// so the work per network event does not grow with the number of requests in flight: with
// 256 in flight, curl_multi_perform + poll would walk every transfer on every wake-up.
//
// Timeouts bound every request: `connect_timeout` for the TCP/TLS connect, and
// `request_timeout` for the whole exchange, connect included. Signals are never used
// (CURLOPT_NOSIGNAL), so the client is safe in a multi-threaded process.
//
// Thread-safety: one thread at a time per instance; separate instances are independent.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "channels/http/http_client.h"
#include "core/clock.h"
#include "core/status.h"

namespace pregon {

struct CurlHttpClientOptions {
  int max_in_flight = 16;                            // requests at once; also connections kept
  std::chrono::milliseconds connect_timeout{5000};   // TCP + TLS handshake
  std::chrono::milliseconds request_timeout{30000};  // whole request, connect included
  std::string ca_file;  // PEM certificate authorities to trust; "" = the system's
};

class CurlHttpClient final : public HttpClient {
 public:
  // Creates a client. Fails with InvalidArgument for max_in_flight < 1 or non-positive
  // timeouts, and with Internal when libcurl or epoll cannot be initialised.
  static Result<std::unique_ptr<CurlHttpClient>> Create(const CurlHttpClientOptions& options);

  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  // See HttpClient::Execute. Runs up to max_in_flight requests at once, starting the next
  // as soon as one finishes. REQUIRES: every request's url is non-empty.
  void Execute(std::span<const HttpRequest> requests,
               std::vector<HttpResponse>& responses) override;

  // The streaming form (see HttpClient): up to max_in_flight requests at once.
  size_t room() const override {
    return idle_.size() + static_cast<size_t>(options_.max_in_flight) - transfers_.size();
  }
  void Submit(uint64_t tag, const HttpRequest& request) override;
  void Poll(std::chrono::milliseconds wait, const OnResponse& on_done) override;
  size_t pending() const override { return transfers_.size() - idle_.size(); }

 private:
  struct Transfer;  // one reusable easy handle and what it is working on

  CurlHttpClient(const CurlHttpClientOptions& options, void* multi, int epoll_fd);
  Status Init();
  // A new easy handle, set up and counted in transfers_ (not idle).
  Transfer* NewTransfer();
  // Hands the transfer's own request to curl.
  Status Start(Transfer& transfer);
  // Waits up to `max_wait` for socket events or curl's timer and lets curl act on them.
  // False when the multi handle itself failed (AbortInFlight has then been called).
  bool RunOnce(std::chrono::milliseconds max_wait);
  // Moves finished transfers' results into their responses and onto finished_.
  void CollectFinished();
  // Fails every transfer in flight with `message` (the multi handle itself broke).
  void AbortInFlight(const std::string& message);

  // curl's callbacks: which sockets to watch for what, and when to wake it up.
  static int OnSocket(void* easy, int socket, int what, void* self, void* socket_data);
  static int OnTimer(void* multi, long timeout_ms, void* self);

  const CurlHttpClientOptions options_;
  void* multi_;                   // CURLM*, kept opaque so this header does not pull in curl.h
  int epoll_fd_;                  // the sockets curl asked to watch
  std::vector<bool> registered_;  // by socket number: added to epoll_fd_ (saves a syscall)
  std::optional<Instant> timer_deadline_;  // when curl wants CURL_SOCKET_TIMEOUT
  std::vector<std::unique_ptr<Transfer>> transfers_;
  std::vector<Transfer*> idle_;      // transfers free for a new request
  std::vector<Transfer*> finished_;  // done, their answer not yet handed over by Poll
};

}  // namespace pregon
