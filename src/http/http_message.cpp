#include "http/http_message.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pregon::http {

static bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

void HttpHeaders::Add(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
}

void HttpHeaders::Set(std::string name, std::string value) {
  std::erase_if(fields_, [&](const auto& f) { return SameName(f.first, name); });
  Add(std::move(name), std::move(value));
}

size_t HttpHeaders::Count(std::string_view name) const {
  return static_cast<size_t>(std::count_if(fields_.begin(), fields_.end(),
                                           [&](const auto& f) { return SameName(f.first, name); }));
}

std::string HttpHeaders::Get(std::string_view name, size_t index) const {
  for (const auto& [n, v] : fields_)
    if (SameName(n, name) && index-- == 0) return v;
  return "";
}

Result<std::shared_ptr<const SpooledBody>> SpooledBody::Map(int fd, size_t size) {
  const char* data = "";
  if (size > 0) {
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      const int err = errno;
      ::close(fd);
      return Status::Internal(std::string("mapping a spooled request body: ") + std::strerror(err));
    }
    data = static_cast<const char*>(p);
  }
  return std::shared_ptr<const SpooledBody>(new SpooledBody(fd, data, size));
}

SpooledBody::~SpooledBody() {
  if (size_ > 0) ::munmap(const_cast<char*>(data_), size_);
  ::close(fd_);
}

size_t HttpRequest::PartCount(std::string_view name) const {
  return static_cast<size_t>(
      std::count_if(form.begin(), form.end(), [&](const FormPart& p) { return p.name == name; }));
}

const FormPart* HttpRequest::Part(std::string_view name) const {
  for (const auto& p : form)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace pregon::http
