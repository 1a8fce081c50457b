// Reads the files given with `campaign create --attach FILE` into Attachments.
//
// The media type comes from the file's extension as Debian's media-types package lists it
// (/etc/mime.types), falling back to application/octet-stream. Sizes are checked before a
// file is read, so a 2 GB file is refused at once with its size and the limit.
//
// Thread-safety: free functions; MediaTypeFor reads /etc/mime.types once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/attachment.h"
#include "core/status.h"

namespace pregon {

// "application/pdf" for "report.PDF"; application/octet-stream when the extension is
// unknown or missing.
std::string MediaTypeFor(std::string_view filename);

// Reads every file. InvalidArgument naming the file when it cannot be read, is not a
// regular file, or the files break the limits of core/attachment.h.
Result<std::vector<Attachment>> LoadAttachments(const std::vector<std::string>& paths);

}  // namespace pregon
