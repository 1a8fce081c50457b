// Renders the admin UI's templates (web/templates/*.mustache, compiled in) with data given as
// JSON. Templates are logic-less Mustache: objects, lists, strings, booleans, and numbers
// (written as text); null, false and "" skip a {{#section}}. {{> _name}} includes
// templates/_name.mustache (partials start with '_', data keys never do).
//
// Every {{value}} is HTML-escaped (quotes too, so values are safe in attributes). {{{value}}}
// is written as it is, and templates use it only for HTML the server itself rendered.
//
// The UI uses kainjow's Mustache (Debian's libkainjow-mustache-dev) rather than the mstch that
// renders campaign messages: mstch escapes through one process-wide hook, which the message
// renderer turns off because it escapes each value itself; kainjow escapes per template.
//
// Thread-safety: safe from any thread (each render parses its own copy; templates are small).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace pregon::http::ui {

// templates/<name>.mustache rendered with `data`. A missing or invalid template renders as
// a short error text naming it (the unit tests render every template).
std::string Render(std::string_view name, const nlohmann::json& data);

// templates/<name> rendered with `data`, then templates/<layout> with the same data and the
// result as {{{content}}} (the data is converted once for both).
std::string RenderInLayout(std::string_view layout, std::string_view name,
                           const nlohmann::json& data);

// A compiled-in template: its name as Render takes it, and its source.
struct TemplateSource {
  std::string name;
  std::string_view source;
};
// Every template, partials included.
std::vector<TemplateSource> Templates();

}  // namespace pregon::http::ui
