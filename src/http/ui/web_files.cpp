#include "http/ui/web_files.h"

namespace pregon::http::ui {

const WebFile* FindWebFile(std::string_view name) {
  for (const WebFile& f : WebFiles())
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace pregon::http::ui
