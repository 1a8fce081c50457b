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
      // Empty skips a section, as in every other Mustache: {{#last_error}}…{{/last_error}}.
      if (j.get_ref<const std::string&>().empty())
        return mustache::data(mustache::data::type::bool_false);
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

// The data a render reads: `data`, and every partial by its name.
mustache::data RootOf(const nlohmann::json& data) {
  mustache::data root = ToData(data.is_object() ? data : nlohmann::json::object());
  // Templates whose names start with '_' are partials any template can include: {{> _progress}}.
  // (The '_' keeps their names apart from the data's keys, which share one namespace.)
  for (const TemplateSource& t : Templates()) {
    if (!t.name.starts_with('_')) continue;
    const std::string_view content = t.source;
    root.set(t.name, mustache::partial([content] { return std::string(content); }));
  }
  return root;
}

std::string RenderData(std::string_view name, const mustache::data& root) {
  const std::string_view source = Source(name);
  if (source.empty()) return "[missing template " + std::string(name) + "]";
  mustache::mustache tmpl{std::string(source)};
  if (!tmpl.is_valid()) return "[template " + std::string(name) + ": " + tmpl.error_message() + "]";
  tmpl.set_custom_escape([](const std::string& s) { return HtmlEscape(s); });
  return tmpl.render(root);
}

}  // namespace

std::string Render(std::string_view name, const nlohmann::json& data) {
  return RenderData(name, RootOf(data));
}

std::string RenderInLayout(std::string_view layout, std::string_view name,
                           const nlohmann::json& data) {
  mustache::data root = RootOf(data);
  root.set("content", RenderData(name, root));
  return RenderData(layout, root);
}

std::vector<TemplateSource> Templates() {
  std::vector<TemplateSource> out;
  for (const WebFile& f : WebFiles()) {
    if (!f.name.starts_with(kPrefix) || !f.name.ends_with(kSuffix)) continue;
    out.push_back({std::string(f.name.substr(kPrefix.size(),
                                             f.name.size() - kPrefix.size() - kSuffix.size())),
                   f.content});
  }
  return out;
}

}  // namespace pregon::http::ui
