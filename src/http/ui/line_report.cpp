#include "http/ui/line_report.h"

namespace pregon::http::ui {

nlohmann::json ContactImportView(const ImportReport& r, Language lang) {
  nlohmann::json view = LineReport(
      lang,
      FormatText(lang, "contacts_import_summary",
                 FormatCount(static_cast<int64_t>(r.parsed.imported), lang), r.list,
                 FormatCount(r.stored.created, lang), FormatCount(r.stored.updated, lang),
                 FormatCount(r.stored.added_to_list, lang),
                 FormatCount(static_cast<int64_t>(r.parsed.skipped), lang)),
      r.parsed.issues, r.parsed.skipped);
  std::string fields;
  for (const std::string& f : r.parsed.field_names) fields += (fields.empty() ? "" : ", ") + f;
  if (!fields.empty()) view["fields"] = FormatText(lang, "contacts_import_fields", fields);
  return view;
}

}  // namespace pregon::http::ui
