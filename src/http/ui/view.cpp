#include "http/ui/view.h"

#include <kainjow/mustache.hpp>

#include "engine/message_renderer.h"
#include "http/ui/web_files.h"

namespace pregon::http::ui {

namespace mustache = kainjow::mustache;

namespace {

constexpr std::string_view kPrefix = "templates/", kSuffix = ".mustache";

mustache::data ToData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data out{mustache::data::type::object};
      for (const auto& [key, value] : j.items()) out.set(key, ToData(value));
      return out;
    }
    case nlohmann::json::value_t::array: {
      mustache::data out{mustache::data::type::list};
      for (const auto& value : j) out.push_back(ToData(value));
      return out;
    }
    case nlohmann::json::value_t::string:
      return mustache::data(j.get<std::string>());
    case nlohmann::json::value_t::boolean:
      return mustache::data(j.get<bool>() ? mustache::data::type::bool_true
                                          : mustache::data::type::bool_false);
    case nlohmann::json::value_t::null:
      return mustache::data(mustache::data::type::bool_false);
    default:
      return mustache::data(j.dump());
  }
}

std::string_view Source(std::string_view name) {
  const std::string path = std::string(kPrefix) + std::string(name) + std::string(kSuffix);
  const WebFile* file = FindWebFile(path);
  return file ? file->content : std::string_view();
}

}  // namespace

std::string Render(std::string_view name, const nlohmann::json& data) {
  const std::string_view source = Source(name);
  if (source.empty()) return "[missing template " + std::string(name) + "]";
  mustache::mustache tmpl{std::string(source)};
  if (!tmpl.is_valid()) return "[template " + std::string(name) + ": " + tmpl.error_message() + "]";
  tmpl.set_custom_escape([](const std::string& s) { return HtmlEscape(s); });
  mustache::data root = ToData(data.is_object() ? data : nlohmann::json::object());
  // Templates whose names start with '_' are partials any template can include: {{> _progress}}.
  // (The '_' keeps their names apart from the data's keys, which share one namespace.)
  for (const WebFile& f : WebFiles()) {
    if (f.name.substr(0, kPrefix.size() + 1) != std::string(kPrefix) + "_") continue;
    std::string partial_name(
        f.name.substr(kPrefix.size(), f.name.size() - kPrefix.size() - kSuffix.size()));
    const std::string_view content = f.content;
    root.set(partial_name, mustache::partial([content] { return std::string(content); }));
  }
  return tmpl.render(root);
}

}  // namespace pregon::http::ui
