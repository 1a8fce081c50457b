#include "http/http_message.h"

#include <algorithm>

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
