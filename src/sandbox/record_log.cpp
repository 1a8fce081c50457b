#include "sandbox/record_log.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

namespace pregon {

Result<std::unique_ptr<RecordLog>> RecordLog::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::Internal(fmt::format("record file {}: {}", path, std::strerror(errno)));
  }
  return std::unique_ptr<RecordLog>(new RecordLog(fd, path));
}

RecordLog::~RecordLog() { ::close(fd_); }

Status RecordLog::Append(std::string_view lines) {
  while (!lines.empty()) {
    const ssize_t n = ::write(fd_, lines.data(), lines.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::Internal(fmt::format("record file {}: {}", path_, std::strerror(errno)));
    }
    lines.remove_prefix(static_cast<size_t>(n));  // short only when the disk is full
  }
  return Status::Ok();
}

void AppendRecordLine(const MessageRecord& record, std::string& out) {
  using Json = nlohmann::ordered_json;
  const auto id_or_null = [](std::optional<int64_t> id) { return id ? Json(*id) : Json(nullptr); };
  Json line = Json::object();
  // Dividing the exact integer by 1000 gives the double nearest the decimal value, and
  // nlohmann prints the shortest form that reads back the same: 1767225600.123.
  line["ts"] = static_cast<double>(ToUnixMillis(record.ts)) / 1000.0;
  line["channel"] = record.channel;
  line["to"] = record.to;
  line["campaign_id"] = id_or_null(record.campaign_id);
  line["delivery_id"] = id_or_null(record.delivery_id);
  if (record.channel == "telegram") {
    line["text"] = record.text;
  } else {
    line["subject"] = record.subject;
  }
  line["provider_id"] = record.provider_id;
  if (!record.template_id.empty()) line["template_id"] = record.template_id;
  if (record.model != nullptr) line["model"] = *record.model;
  if (record.attachments != nullptr) line["attachments"] = *record.attachments;
  if (!record.html.empty()) line["html"] = record.html;
  // Invalid UTF-8 from a client becomes U+FFFD instead of an exception.
  out += line.dump(-1, ' ', false, Json::error_handler_t::replace);
  out.push_back('\n');
}

}  // namespace pregon
