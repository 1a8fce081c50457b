// The admin UI's files, compiled into the binary from web/ (cmake/embed_web.cmake), by name:
//   templates/campaigns.mustache   the pages (http/ui/view.h renders them)
//   i18n/es.json, i18n/en.json     their words (http/ui/texts.h)
//   static/pico.min.css …          what the browser loads (GET /static/{name})
// The browser libraries come from npm at the versions web/package-lock.json pins.
//
// Thread-safety: immutable after the first call; safe from any thread.
#pragma once

#include <string_view>
#include <vector>

namespace pregon::http::ui {

struct WebFile {
  std::string_view name;
  std::string_view content;
};

const std::vector<WebFile>& WebFiles();

// The file called `name`, or null.
const WebFile* FindWebFile(std::string_view name);

}  // namespace pregon::http::ui
