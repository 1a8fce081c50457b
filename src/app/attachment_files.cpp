#include "app/attachment_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "app/audience/contact_importer.h"

namespace pregon {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// extension → type, from /etc/mime.types ("type ext1 ext2 ..." lines, '#' comments).
std::map<std::string, std::string> ReadMimeTypes(const char* path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string type, ext;
    words >> type;
    while (words >> ext) out.emplace(Lower(ext), type);
  }
  return out;
}

}  // namespace

std::string MediaTypeFor(std::string_view filename) {
  static const std::map<std::string, std::string> kTypes = ReadMimeTypes("/etc/mime.types");
  const std::string ext = Lower(std::filesystem::path(filename).extension().string());
  if (ext.size() > 1) {
    auto it = kTypes.find(ext.substr(1));
    if (it != kTypes.end()) return it->second;
  }
  return "application/octet-stream";
}

Result<std::vector<Attachment>> LoadAttachments(const std::vector<std::string>& paths) {
  std::vector<Attachment> out;
  for (const auto& path : paths) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
      return Status::InvalidField("attachments", "'" + path + "' is not a readable file");
    Attachment a;
    a.filename = std::filesystem::path(path).filename().string();
    a.content_type = MediaTypeFor(a.filename);
    a.size = static_cast<int64_t>(std::filesystem::file_size(path, ec));
    out.push_back(std::move(a));
  }
  // Check the limits on the sizes first: nothing is read when a file is too large.
  PREGON_RETURN_IF_ERROR(ValidateAttachments(out).InField("attachments"));
  for (size_t i = 0; i < out.size(); ++i) {
    PREGON_ASSIGN_OR_RETURN(out[i].content, ReadWholeFile(paths[i], kMaxAttachmentBytes));
    out[i].size = static_cast<int64_t>(out[i].content.size());
  }
  return out;
}

}  // namespace pregon
