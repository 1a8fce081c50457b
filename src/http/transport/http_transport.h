// HttpTransport: pregon's event-driven HTTP/1.1 server — Boost.Beast's request parser on
// Boost.Asio — under HttpServer. A connection costs no thread while it waits (an idle
// keep-alive connection, a slow client, an open event stream), so clients can hold
// connections but not the server's threads. What it bounds, and how:
//   - the request head: at most max_head_bytes (431), and whole within head_timeout of the
//     moment the server began waiting for it — however slowly its bytes trickle in
//     (slowloris); between requests on a keep-alive connection, within keep_alive_timeout;
//   - the body: at most what the handler allows for that head (413 before it is read), and
//     whole within body_timeout;
//   - connections: at most max_connections, and max_per_address from one client address
//     (trusted proxies and Unix socket peers excepted); beyond them a new one is closed at once;
//   - every write within write_timeout: a client that stopped reading is dropped;
//   - a body the handler asks to spool (an upload) goes to an unlinked temporary file as it
//     arrives and is handed over mapped (HttpRequest::spooled), never whole in the heap.
// The parser is strict (400, and the connection closed, so that no later byte is read as a
// request): a Content-Length that is not plain digits or is given twice, Transfer-Encoding
// with Content-Length or other than chunked, obs-fold, a missing or repeated Host. A request
// with neither Content-Length nor Transfer-Encoding has an empty body; chunked bodies are
// read; `Expect: 100-continue` is answered; pipelined requests are answered in order.
//
// Handlers run on the transport's `threads` (all running one event loop) and may block —
// a database call, a password hash — holding only that thread. A streamed response
// (HttpResponse::stream) is polled by a timer every stream_interval, with a heartbeat comment
// on an idle event stream, and ends cleanly when the server stops.
//
// Thread-safety: Start once; Stop, Wait and port from any thread.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "http/http_message.h"
#include "net/ip_ranges.h"
#include "net/listen_address.h"

namespace pregon::http {

struct TransportOptions {
  int threads = 16;
  size_t max_head_bytes = 16 * 1024;
  Millis head_timeout{10'000};
  Millis keep_alive_timeout{5'000};
  Millis body_timeout{60'000};
  Millis write_timeout{30'000};
  int max_connections = 10'000;
  int max_per_address = 256;
  IpRanges trusted_proxies;  // exempt from max_per_address
  Millis stream_interval{250};
  Millis stream_heartbeat{15'000};
};

// What to do with a request once its head is read, before any of its body.
struct HeadDecision {
  size_t body_limit = 0;  // the largest body it may send (413 beyond)
  // Write the body to a temporary file as it arrives (HttpRequest::spooled), not to memory.
  bool spool = false;
  // Set: answer this at once, read no body, and close (a large upload from someone who may
  // not send it is refused before it costs memory).
  std::optional<HttpResponse> answer;
};

class TransportHandler {
 public:
  virtual ~TransportHandler() = default;
  // Decides about a request from its head. Runs on a transport thread and may block.
  virtual HeadDecision OnHead(const HttpRequest& head) = 0;
  // Answers a complete request. Runs on a transport thread and may block.
  virtual void Handle(HttpRequest& req, HttpResponse& res) = 0;
  // The answer to a request the transport refuses by itself (400, 413, 431).
  virtual void Refuse(int status, const std::string& message, HttpResponse& res) = 0;
};

class HttpTransport {
 public:
  HttpTransport(TransportHandler& handler, TransportOptions options);
  ~HttpTransport();  // Stop() and Wait()
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Binds `address` (a TCP host and port — 0 for a free one — or a Unix socket, made 0660;
  // a stale socket file of a dead server is replaced, a live one is an error) and serves.
  // Unavailable when it cannot be bound.
  Status Start(const ListenAddress& address);
  int port() const;  // the bound TCP port; 0 for a Unix socket or before Start

  // Stops accepting; idle connections close, event streams end at their next tick, requests
  // being handled finish and get their answer. Safe to call more than once.
  void Stop();
  // Blocks until every connection has closed and the threads have ended.
  void Wait();

  class Impl;  // the event loop and its connections (the .cpp); public for those only

 private:
  std::shared_ptr<Impl> impl_;
};

// The first request head in `text` (up to and including its blank line) checked for what
// the strict parser refuses; an empty string when it is acceptable, else why not.
std::string StrictHeadProblem(std::string_view head);

}  // namespace pregon::http
