// SandboxChannel: "sends" by appending each message to a local JSON-lines outbox file.
//
// For demos and dry runs (DESIGN §1.2): no network, every message is sent. Each message
// becomes one line shaped like the sandbox provider's record (`pregon sandbox`, see
// sandbox/sandbox_server.h), with "channel":"sandbox":
//   {"ts":1767225600.123,"channel":"sandbox","to":"ana@example.com","campaign_id":7,
//    "delivery_id":42,"subject":"Hi","provider_id":"sandbox-7-42"}
// campaign_id/delivery_id are null when 0 (a test send has no delivery).
//
// The file is opened with O_APPEND and each batch is written with one write(2) of whole
// lines, so several channels (threads or processes) may share one file and lines never
// interleave (on a local file system).
// Thread-safety: one thread at a time per instance (see Channel).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "channels/channel.h"
#include "core/clock.h"
#include "core/status.h"

namespace pregon {

class SandboxChannel final : public Channel {
 public:
  // The outbox used when the sender names none (relative to the working directory).
  static constexpr const char* kDefaultPath = "sandbox-outbox.jsonl";

  // Opens `path` for appending, creating it if needed. `clock` stamps each line and must
  // outlive the channel. Fails with Internal (with the OS reason) when the file cannot be
  // opened.
  static Result<std::unique_ptr<SandboxChannel>> Open(const std::string& path, const Clock& clock);
  ~SandboxChannel() override;
  SandboxChannel(const SandboxChannel&) = delete;
  SandboxChannel& operator=(const SandboxChannel&) = delete;

  // Every message is sent, unless the write fails (disk full...): then every message of
  // the batch is transient with the OS error.
  std::vector<SendResult> SendBatch(std::span<const OutgoingMessage> messages) override;

 private:
  SandboxChannel(int fd, std::string path, const Clock& clock);
  void AppendLine(const OutgoingMessage& message, std::string_view ts,
                  std::string_view provider_id);

  const int fd_;
  const std::string path_;
  const Clock& clock_;
  std::string buffer_;  // the batch's lines; reused between batches
};

// "sandbox-<campaign>-<delivery>": stable for a delivery, so a resend shows as a repeat.
std::string SandboxProviderId(const OutgoingMessage& message);

}  // namespace pregon
