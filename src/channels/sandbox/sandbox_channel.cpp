#include "channels/sandbox/sandbox_channel.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "channels/json_writer.h"

namespace pregon {
namespace {

void AppendIdOrNull(std::string& out, int64_t id) {
  if (id == 0) {
    out += "null";
  } else {
    AppendJsonInt(out, id);
  }
}

// Writes all of `data`, resuming after a short write or an interrupted call.
bool WriteAll(int fd, std::string_view data, int& error) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      error = errno;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

std::string SandboxProviderId(const OutgoingMessage& message) {
  return fmt::format("sandbox-{}-{}", message.campaign_id, message.delivery_id);
}

Result<std::unique_ptr<SandboxChannel>> SandboxChannel::Open(const std::string& path,
                                                             const Clock& clock) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::Internal(fmt::format("sandbox outbox {}: {}", path, std::strerror(errno)));
  }
  return std::unique_ptr<SandboxChannel>(new SandboxChannel(fd, path, clock));
}

SandboxChannel::SandboxChannel(int fd, std::string path, const Clock& clock)
    : fd_(fd), path_(std::move(path)), clock_(clock) {}

SandboxChannel::~SandboxChannel() { ::close(fd_); }

void SandboxChannel::AppendLine(const OutgoingMessage& message, std::string_view ts,
                                std::string_view provider_id) {
  std::string& out = buffer_;
  out += "{\"ts\":";
  out += ts;
  out += ",\"channel\":\"sandbox\",\"to\":";
  AppendJsonString(out, message.to);
  out += ",\"campaign_id\":";
  AppendIdOrNull(out, message.campaign_id);
  out += ",\"delivery_id\":";
  AppendIdOrNull(out, message.delivery_id);
  out += ",\"subject\":";
  AppendJsonString(out, message.subject);
  out += ",\"provider_id\":";
  AppendJsonString(out, provider_id);
  out += "}\n";
}

std::vector<SendResult> SandboxChannel::SendBatch(std::span<const OutgoingMessage> messages) {
  const int64_t now_ms = ToUnixMillis(clock_.Now());
  const std::string ts = fmt::format("{}.{:03d}", now_ms / 1000, now_ms % 1000);

  std::vector<SendResult> results(messages.size());
  buffer_.clear();
  for (size_t i = 0; i < messages.size(); ++i) {
    results[i].outcome = SendOutcome::kSent;
    results[i].provider_id = SandboxProviderId(messages[i]);
    AppendLine(messages[i], ts, results[i].provider_id);
  }
  if (int error = 0; !WriteAll(fd_, buffer_, error)) {
    const std::string reason = fmt::format("sandbox outbox {}: {}", path_, std::strerror(error));
    for (SendResult& result : results) {
      result = SendResult{};
      result.outcome = SendOutcome::kTransient;
      result.error = reason;
    }
  }
  return results;
}

}  // namespace pregon
