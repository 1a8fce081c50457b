#include "cli/json_log_formatter.h"

#include <fmt/format.h>

#include <chrono>

#include "core/enum_names.h"
#include "core/request_id.h"

namespace pregon::cli {
namespace {

void AppendJsonString(std::string_view s, spdlog::memory_buf_t& dest) {
  dest.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        dest.append(std::string_view("\\\""));
        break;
      case '\\':
        dest.append(std::string_view("\\\\"));
        break;
      case '\n':
        dest.append(std::string_view("\\n"));
        break;
      case '\r':
        dest.append(std::string_view("\\r"));
        break;
      case '\t':
        dest.append(std::string_view("\\t"));
        break;
      default:
        if (c < 0x20)
          fmt::format_to(std::back_inserter(dest), "\\u{:04x}", c);
        else
          dest.push_back(static_cast<char>(c));
    }
  }
  dest.push_back('"');
}

constexpr EnumNames<spdlog::level::level_enum, 6> kLevels = {
    {{spdlog::level::trace, "trace"},
     {spdlog::level::debug, "debug"},
     {spdlog::level::info, "info"},
     {spdlog::level::warn, "warning"},
     {spdlog::level::err, "error"},
     {spdlog::level::critical, "critical"}}};

}  // namespace

void JsonLogFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  fmt::format_to(std::back_inserter(dest),
                 "{{\"ts\":\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z\",", utc.tm_year + 1900,
                 utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, ms % 1000);
  const std::string_view level = NameIn(kLevels, msg.level);  // "?" for spdlog's "off"
  fmt::format_to(std::back_inserter(dest),
                 "\"level\":\"{}\",\"msg\":", level == "?" ? "info" : level);
  AppendJsonString(std::string_view(msg.payload.data(), msg.payload.size()), dest);
  if (const std::string_view id = CurrentRequestId(); !id.empty()) {
    dest.append(std::string_view(",\"request_id\":"));
    AppendJsonString(id, dest);
  }
  dest.append(std::string_view("}\n"));
}

std::unique_ptr<spdlog::formatter> JsonLogFormatter::clone() const {
  return std::make_unique<JsonLogFormatter>();
}

void RequestIdFlag::format(const spdlog::details::log_msg&, const std::tm&,
                           spdlog::memory_buf_t& dest) {
  const std::string_view id = CurrentRequestId();
  if (id.empty()) return;
  dest.append(std::string_view(" [req "));
  dest.append(id);
  dest.push_back(']');
}

std::unique_ptr<spdlog::custom_flag_formatter> RequestIdFlag::clone() const {
  return std::make_unique<RequestIdFlag>();
}

}  // namespace pregon::cli
