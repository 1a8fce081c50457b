// GET /static/{name}: the UI's styles and scripts, compiled into the binary (web_files.h).
// Pages link them with ?v=<version>, so a browser may keep them for a year: a new version
// links new URLs.
#include "core/version.h"
#include "http/call.h"
#include "http/ui/ui_routes.h"
#include "http/ui/web_files.h"

namespace pregon::http::ui {

namespace {

std::string ContentType(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

void Static(Call& call) {
  const std::string name = call.Param("name");
  const WebFile* file = FindWebFile("static/" + name);
  if (!file) return call.Fail(ApiError::NotFound("no file /static/" + name));
  call.res.status = 200;
  call.res.SetContent(std::string(file->content), ContentType(name));
  call.res.SetHeader("Cache-Control", call.Query("v") == kPregonVersion
                                          ? "public, max-age=31536000, immutable"
                                          : "public, max-age=300");
}

}  // namespace

void AddStaticRoutes(Router& router) {
  router.Add({"GET", "/static/{name}", std::nullopt, Static, {"v"}});
}

}  // namespace pregon::http::ui
