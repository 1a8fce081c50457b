// Files sent with every message of a campaign (DESIGN §1.1): base64 in the relay's JSON
// body, MIME parts over SMTP. They are stored with the campaign (not as paths) so that a
// worker on another node can send them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace pregon {

// Limits checked when a campaign is created: providers refuse larger messages (most take
// 10–25 MB after base64's +33 %), and every message of the send carries these bytes.
inline constexpr int64_t kMaxAttachmentBytes = 5 * 1024 * 1024;        // per file
inline constexpr int64_t kMaxTotalAttachmentBytes = 10 * 1024 * 1024;  // per campaign
inline constexpr int kMaxAttachments = 10;

struct Attachment {
  std::string filename;      // base name only, UTF-8, no '/', no control characters
  std::string content_type;  // "application/pdf"
  int64_t size = 0;          // bytes (content.size() when the content is loaded)
  std::string content;       // the bytes; empty when only the metadata was read
};

// Checks names, types and the limits above; InvalidArgument naming the file and the limit.
Status ValidateAttachments(const std::vector<Attachment>& attachments);

}  // namespace pregon
