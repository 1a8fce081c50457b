// JsonLogFormatter: PREGON_LOG_FORMAT=json — one JSON object a line on stderr,
//   {"ts":"2026-12-06T21:54:09.931Z","level":"warning","msg":"campaign 1: sender correo paused…"}
// for journald, Loki and anything else that reads structured logs. The message is the same
// text as the human format (which never holds a secret), escaped as JSON.
//
// Thread-safety: spdlog calls it under its sink's lock; clone() gives each sink its own.
#pragma once

#include <spdlog/formatter.h>

#include <memory>

namespace pregon::cli {

class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace pregon::cli
