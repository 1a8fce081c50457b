// SandboxServer: `pregon sandbox`, a local provider that stands in for the real ones.
//
// It speaks the two provider APIs pregon sends through, over plain HTTP:
//   relay     POST /accounts/{id}/messages       (Doppler-Relay-style send, see relay_api.h)
//   telegram  POST /bot{token}/sendMessage, getMe (Telegram Bot API, see telegram_api.h)
//   reports   /reports/reportrequest              (the relay's reports API, see reports_api.h)
// and appends one JSON line per accepted message to the record file, which tests and
// benchmarks compare with what pregon believes it sent (DESIGN §4):
//   {"ts":1767225600.123,"channel":"relay","to":"ana@example.com","campaign_id":7,
//    "delivery_id":42,"subject":"Hi","provider_id":"…"}
// ts is the receive time (Unix seconds, millisecond fraction); campaign_id/delivery_id
// come from the X-Pregon-Campaign-Id / X-Pregon-Delivery-Id headers (null when absent).
// Only accepted messages are recorded, each line with a single write, so a reader in
// another process always sees whole lines.
//
// Faults are injected per send request, deterministically for a given seed and request
// order: every Nth request is throttled (429), otherwise a fail_rate fraction gets 503.
//
// Thread-safety: Start/Stop/Wait may be called from different threads (Stop typically
// from a signal-handling thread while another Waits); requests are served concurrently on
// `threads` handler threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"

namespace pregon {

struct SandboxOptions {
  std::string host = "127.0.0.1";
  int port = 0;                  // 0 = any free port; port() tells which after Start()
  std::string record_path;       // JSON-lines record of accepted messages; "" = none
  bool record_bodies = false;    // the record also keeps each e-mail's HTML
  double fail_rate = 0;          // fraction of send requests answered 503, in [0, 1]
  int throttle_every = 0;        // every Nth send request is answered 429; 0 = never
  std::string blocked_ids_path;  // Telegram chat ids that "blocked the bot", one a line
  int latency_ms = 0;            // delay before every answer, like a real provider's
  uint64_t seed = 0;             // makes fail_rate's choices and the ids reproducible
  // The reports API (reports_api.h): a report is ready this long after it was asked for;
  // this fraction of reports calls is answered 503; quirks of the CSVs it serves, a comma
  // list of bom, cp1252 (Windows-1252 bytes) and broken-row (one row a loader must refuse).
  int report_delay_ms = 0;
  double report_fail_rate = 0;
  std::string report_quirks;
  // Handler threads. The HTTP library serves each open connection on one thread for the
  // connection's life, so this must exceed the clients' requests in flight (a worker runs
  // up to 256) or their connections queue.
  int threads = 512;
};

// Counts since Start(); each send request lands in exactly one of them.
struct SandboxStats {
  uint64_t accepted = 0;   // recorded (or a repeat of an accepted Idempotency-Key)
  uint64_t rejected = 0;   // 4xx: bad auth, bad JSON, missing fields, blocked chat
  uint64_t failed = 0;     // 503 from fail_rate, or 500 when the record cannot be written
  uint64_t throttled = 0;  // 429 from throttle_every
};

class SandboxServer {
 public:
  explicit SandboxServer(SandboxOptions options);
  // Stops and waits for the serving thread.
  ~SandboxServer();
  SandboxServer(const SandboxServer&) = delete;
  SandboxServer& operator=(const SandboxServer&) = delete;

  // Checks the options, opens the record file (appending), reads the blocked ids, binds
  // the port and starts serving on a background thread; returns once requests are being
  // accepted. Fails with InvalidArgument for bad options, NotFound/Internal when a file
  // cannot be read or opened, and Unavailable when the address cannot be bound.
  // REQUIRES: called at most once.
  Status Start();

  // The bound port; 0 before a successful Start().
  int port() const;

  // Stops accepting and makes Wait() return once open connections end (idle keep-alive
  // connections are closed within ~5 s). Safe to call more than once and from any thread;
  // a Stop() before or during Start() stops the server as soon as it has started.
  void Stop();

  // Blocks until the server has stopped. Returns at once if it never started.
  void Wait();

  // REQUIRES: Start() has returned (then safe from any thread).
  SandboxStats stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pregon
