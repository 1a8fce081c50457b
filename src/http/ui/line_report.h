// What an import or a report load says of the rows it skipped, as _line_report shows it: a
// summary, then each skipped row by its line — the first kLinesShown of them, and how many
// more there were — so an operator can mend exactly those rows of the file.
//
// Pure functions; safe from any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/audience/contact_importer.h"
#include "core/language.h"
#include "http/ui/campaign_views.h"
#include "http/ui/texts.h"

namespace pregon::http::ui {

inline constexpr size_t kLinesShown = 200;

// `problems` have .line and .reason; `skipped` counts every skipped row, also those a reader
// did not keep.
template <typename Problem>
nlohmann::json LineReport(Language lang, std::string summary, const std::vector<Problem>& problems,
                          size_t skipped) {
  nlohmann::json lines = nlohmann::json::array();
  for (size_t i = 0; i < problems.size() && i < kLinesShown; ++i)
    lines.push_back({{"line", problems[i].line}, {"reason", problems[i].reason}});
  const size_t more = skipped > lines.size() ? skipped - lines.size() : 0;
  return {{"summary", std::move(summary)},
          {"has_issues", !lines.empty()},
          {"issues", std::move(lines)},
          {"more_issues",
           more > 0 ? nlohmann::json(FormatText(lang, "import_more_issues",
                                                FormatCount(static_cast<int64_t>(more), lang)))
                    : nlohmann::json(nullptr)}};
}

// A list name typed in a form is cut to this many bytes.
inline constexpr size_t kMaxListName = 200;

// A contact import's report: its counts, each skipped row by line and the fields it kept (the
// lists page and the campaign form both import).
nlohmann::json ContactImportView(const ImportReport& r, Language lang);

}  // namespace pregon::http::ui
