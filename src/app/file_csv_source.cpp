#include "app/file_csv_source.h"

#include <cerrno>
#include <cstring>

namespace pregon {

Result<std::unique_ptr<FileCsvSource>> FileCsvSource::Open(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr)
    return Status::InvalidArgument("cannot read '" + path + "': " + std::strerror(errno));
  return std::unique_ptr<FileCsvSource>(new FileCsvSource(path, file));
}

Result<size_t> FileCsvSource::Read(char* out, size_t size) {
  size_t n = std::fread(out, 1, size, file_.get());
  if (n == 0 && std::ferror(file_.get()))
    return Status::Internal("reading '" + path_ + "' failed: " + std::strerror(errno));
  return n;
}

Status FileCsvSource::Rewind() {
  if (std::fseek(file_.get(), 0, SEEK_SET) != 0)
    return Status::Internal("cannot rewind '" + path_ + "': " + std::strerror(errno));
  std::clearerr(file_.get());
  return Status::Ok();
}

}  // namespace pregon
