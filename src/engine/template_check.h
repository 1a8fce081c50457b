// Checks a campaign's Mustache templates when the campaign is created, so that a typo is
// refused with its position instead of rendering as an empty string for every recipient
// (mstch itself never reports errors: it renders what it can).
//
// Supported: {{name}}, {{{name}}}, {{&name}}, sections {{#name}}…{{/name}}, inverted
// sections {{^name}}…{{/name}}, comments {{! … }}, dotted names (the first part is checked)
// and {{.}} inside a section. Refused: partials ({{> …}}) and delimiter changes ({{= =}}),
// which campaigns have no use for.
//
// Pure functions; safe from any thread.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "core/status.h"

namespace pregon {

// The fields every contact has, whatever its list: name, email, address (the channel
// address: e-mail or chat id).
const std::set<std::string>& BuiltInTemplateFields();

// OK when `text` parses and every variable or section name is in `fields`. Otherwise
// InvalidArgument "<what>: line L, column C: <why>" (1-based, columns in bytes), e.g.
// "--subject: line 1, column 6: unknown field 'nmae' (known: Ciudad, address, email, name)".
Status CheckTemplate(std::string_view what, std::string_view text,
                     const std::set<std::string>& fields);

}  // namespace pregon
