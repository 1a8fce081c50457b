// How pregon's log lines look on stderr.
//
// JsonLogFormatter: PREGON_LOG_FORMAT=json — one JSON object a line,
//   {"ts":"2026-12-06T21:54:09.931Z","level":"warning","msg":"campaign 1: sender correo paused…"}
// for journald, Loki and anything else that reads structured logs, with "request_id" when the
// line was written while handling an HTTP request (core/request_id.h). The message is the same
// text as the human format (which never holds a secret), escaped as JSON.
//
// RequestIdFlag: the human format's %* — " [req ID]" while handling a request, nothing
// otherwise.
//
// Thread-safety: spdlog calls it under its sink's lock; clone() gives each sink its own.
#pragma once

#include <spdlog/pattern_formatter.h>

#include <memory>

namespace pregon::cli {

class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

class RequestIdFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm& time,
              spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::custom_flag_formatter> clone() const override;
};

}  // namespace pregon::cli
