// RecordLog: the sandbox's append-only JSON-lines record of accepted messages.
//
// Tests compare this file with what pregon believes it sent, so it must be exact: each
// Append is a single write(2) on an O_APPEND descriptor (no user-space buffer), so a line
// is either wholly in the file or not at all, lines from concurrent requests never
// interleave, and another process reading the file sees complete lines at once.
//
// Thread-safety: Append may be called from any number of threads.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace pregon {

class RecordLog {
 public:
  // Opens `path` for appending, creating it if needed; Internal with the OS reason if not.
  static Result<std::unique_ptr<RecordLog>> Open(const std::string& path);
  ~RecordLog();
  RecordLog(const RecordLog&) = delete;
  RecordLog& operator=(const RecordLog&) = delete;

  // Appends `lines` (whole lines, each ending in '\n'). Internal with the OS reason when
  // the write fails (disk full...).
  Status Append(std::string_view lines);

 private:
  RecordLog(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  const int fd_;
  const std::string path_;
};

// One accepted message, as the record file shows it.
struct MessageRecord {
  Timestamp ts;
  std::string_view channel;  // "relay" or "telegram"
  std::string_view to;       // e-mail address or chat id
  std::optional<int64_t> campaign_id;
  std::optional<int64_t> delivery_id;
  std::string_view subject;  // relay
  std::string_view text;     // telegram
  std::string_view provider_id;
  // Relay, only when the message had them (written after provider_id): the provider-side
  // template's id and model, and the attachments as {"filename","content_type","size"}.
  std::string_view template_id;
  const nlohmann::json* model = nullptr;
  const nlohmann::json* attachments = nullptr;
  std::string_view html;  // relay, with SandboxOptions::record_bodies (written last)
};

// Appends the record's line, newline included, to `out`. Field order is fixed:
// ts, channel, to, campaign_id, delivery_id, then subject (relay) or text (telegram),
// then provider_id, then template_id, model and attachments when present.
void AppendRecordLine(const MessageRecord& record, std::string& out);

}  // namespace pregon
