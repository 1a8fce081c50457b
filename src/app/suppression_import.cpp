#include "app/suppression_import.h"

#include <algorithm>

#include "core/csv.h"
#include "core/email.h"

namespace pregon {
namespace {

std::string HeaderKey(std::string_view raw) {
  std::string key(TrimAscii(raw));
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return key;
}

bool IsAddressColumn(const std::string& key) {
  static const char* kNames[] = {"address", "email", "chat_id",       "correo",
                                 "e-mail",  "mail",  "email_address", "correo_electronico"};
  return std::any_of(std::begin(kNames), std::end(kNames), [&](const char* n) { return key == n; });
}

}  // namespace

Result<ParsedSuppressions> ParseSuppressionCsv(std::string_view content,
                                               SuppressionReason default_reason, Timestamp now) {
  PREGON_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::Open(content));
  CsvRecord record;
  Status error;
  if (!reader.Next(&record, &error)) {
    PREGON_RETURN_IF_ERROR(error);
    return Status::InvalidArgument("the file is empty (expected a header row)");
  }
  int address_col = -1, reason_col = -1;
  for (size_t i = 0; i < record.fields.size(); ++i) {
    const std::string key = HeaderKey(record.fields[i]);
    if (address_col < 0 && IsAddressColumn(key)) address_col = static_cast<int>(i);
    if (key == "reason") reason_col = static_cast<int>(i);
  }
  if (address_col < 0)
    return Status::InvalidArgument(
        "no address column in the header (expected address, email or chat_id)");

  ParsedSuppressions out;
  while (reader.Next(&record, &error)) {
    const auto field = [&](int col) -> std::string_view {
      return col >= 0 && col < static_cast<int>(record.fields.size())
                 ? TrimAscii(record.fields[col])
                 : "";
    };
    if (!record.limit_error.empty()) {
      out.issues.push_back({record.line, record.limit_error});
      continue;
    }
    auto address = NormalizeChannelAddress(field(address_col));
    if (!address.ok()) {
      out.issues.push_back({record.line, address.status().message()});
      continue;
    }
    SuppressionReason reason = default_reason;
    if (!field(reason_col).empty()) {
      auto parsed = ParseSuppressionReason(field(reason_col));
      if (!parsed.ok()) {
        out.issues.push_back({record.line, parsed.status().message()});
        continue;
      }
      reason = *parsed;
    }
    out.rows.push_back({*address, reason, std::nullopt, now});
  }
  PREGON_RETURN_IF_ERROR(error);
  return out;
}

}  // namespace pregon
