#include "core/attachment.h"

#include <fmt/format.h>

namespace pregon {

static std::string Mib(int64_t bytes) { return fmt::format("{:.1f} MiB", bytes / 1048576.0); }

Status ValidateAttachments(const std::vector<Attachment>& attachments) {
  if (static_cast<int>(attachments.size()) > kMaxAttachments)
    return Status::InvalidArgument(
        fmt::format("{} attachments: at most {} are allowed", attachments.size(), kMaxAttachments));
  int64_t total = 0;
  for (const auto& a : attachments) {
    if (a.filename.empty() || a.filename.find('/') != std::string::npos)
      return Status::InvalidArgument("attachment name '" + a.filename + "' is not a file name");
    for (char c : a.filename)
      if (static_cast<unsigned char>(c) < 32 || c == 127)
        return Status::InvalidArgument("attachment name '" + a.filename +
                                       "' has control characters");
    if (a.content_type.find('/') == std::string::npos)
      return Status::InvalidArgument("attachment '" + a.filename + "' has no media type");
    if (a.size > kMaxAttachmentBytes)
      return Status::InvalidArgument(fmt::format("attachment '{}' is {}: the limit is {} per file",
                                                 a.filename, Mib(a.size),
                                                 Mib(kMaxAttachmentBytes)));
    total += a.size;
  }
  if (total > kMaxTotalAttachmentBytes)
    return Status::InvalidArgument(fmt::format("attachments total {}: the limit is {} per campaign",
                                               Mib(total), Mib(kMaxTotalAttachmentBytes)));
  return Status::Ok();
}

}  // namespace pregon
