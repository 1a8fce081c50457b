// HttpClient: executes outbound HTTP requests for the channels, in two forms.
//
// Channels speak HTTP through this interface so that the transport (libcurl, see
// curl_http_client.h) stays apart from each provider's request shape and result
// classification. It never throws.
//   - Execute runs the requests of one batch concurrently and returns when every request
//     has an answer or has failed.
//   - Submit and Poll stream: a request starts as soon as there is room, and each answer
//     is handed over as it arrives, so a sender can keep its window of requests full
//     instead of waiting for the slowest answer of a batch.
//
// Thread-safety: an HttpClient instance is used by one thread at a time, like the
// Channel that owns it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pregon {

struct HttpRequest {
  std::string method = "POST";       // "GET", "POST", or any other verb
  std::string url;                   // absolute http:// or https:// URL
  std::vector<std::string> headers;  // complete header lines: "Content-Type: application/json"
  std::string body;                  // sent as is (not for GET)
};

// Why a request got no HTTP answer at all.
enum class TransportError {
  kNone,     // an HTTP answer arrived (whatever its status)
  kTimeout,  // connect or total timeout expired
  kConnect,  // could not resolve or connect (refused, unreachable)
  kOther,    // anything else: TLS failure, connection reset, malformed answer...
};

struct HttpResponse {
  int status = 0;           // HTTP status; 0 when transport_error != kNone
  std::string body;         // at most kMaxBodyBytes (the rest is dropped)
  std::string retry_after;  // the Retry-After header's value; empty when absent
  TransportError transport_error = TransportError::kNone;
  std::string error;  // the transport's message when transport_error != kNone
  // Some of the request was written to the server before the transfer failed, so the
  // server may have acted on it (meaningful when transport_error != kNone).
  bool request_written = false;

  // Bodies are read for ids and error texts only; a provider sending more is cut here so a
  // misbehaving endpoint cannot balloon a worker's memory.
  static constexpr size_t kMaxBodyBytes = 1 << 20;

  bool answered() const { return transport_error == TransportError::kNone; }

  // Retry-After as delay-seconds (RFC 9110 §10.2.3). The HTTP-date form, negative or
  // malformed values give nullopt: the caller then falls back to its own backoff.
  std::optional<std::chrono::seconds> RetryAfterSeconds() const;

  // Back to the freshly constructed state, keeping the buffers' capacity.
  void Clear();
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;

  // Executes every request, several at once, and leaves exactly one response per request
  // in `responses` (resized to requests.size()), in the same order. A request that fails
  // gets a response with transport_error set; the call itself cannot fail. Reusing the
  // same `responses` vector between calls reuses its buffers.
  virtual void Execute(std::span<const HttpRequest> requests,
                       std::vector<HttpResponse>& responses) = 0;

  // How many more requests Submit takes now (requests in flight count against it).
  virtual size_t room() const { return SIZE_MAX; }
  // Starts `request` (copied: the caller may reuse it at once); its answer comes out of
  // Poll under `tag`. REQUIRES: room() > 0.
  virtual void Submit(uint64_t tag, const HttpRequest& request);
  // Waits up to `wait` until at least one submitted request has finished, then calls
  // `on_done` once for every finished one (the response may be moved from). Returns at
  // once when nothing is in flight.
  using OnResponse = std::function<void(uint64_t tag, HttpResponse& response)>;
  virtual void Poll(std::chrono::milliseconds wait, const OnResponse& on_done);
  // Requests submitted whose answer Poll has not handed over yet.
  virtual size_t pending() const { return queued_.size(); }

 private:
  // The streaming form of a client that only batches: Submit queues, and Poll runs the
  // queue through Execute.
  std::vector<HttpRequest> queued_;
  std::vector<uint64_t> queued_tags_;
  std::vector<HttpResponse> queued_responses_;
};

// Joins an API base URL and a path with exactly one '/' between them:
// JoinUrl("http://h/v1/", "/accounts") == "http://h/v1/accounts".
std::string JoinUrl(std::string_view base, std::string_view path);

// Percent-encodes everything but RFC 3986 unreserved characters, so an operator-supplied
// value (an account id) stays one path segment.
std::string EncodePathSegment(std::string_view segment);

}  // namespace pregon
