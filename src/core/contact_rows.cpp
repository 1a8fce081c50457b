#include "core/contact_rows.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "core/email.h"
#include "core/seen_keys.h"
#include "core/text.h"

namespace pregon {
// Named (not anonymous) because ContactRowValidator, declared in the header, holds them.
namespace contact_columns {

enum class ColumnRole { kEmail, kChatId, kName, kField, kUnnamed };

struct Column {
  ColumnRole role;
  std::string header;  // trimmed, as written
};

}  // namespace contact_columns

namespace {

using contact_columns::Column;
using contact_columns::ColumnRole;

constexpr std::string_view kEmailNames[] = {"email", "correo",        "e-mail",
                                            "mail",  "email_address", "correo_electronico"};
constexpr std::string_view kAcceptedNames =
    "email (or correo, e-mail, mail, email_address, correo_electronico) and/or chat_id";

ColumnRole RoleOf(std::string_view lowered) {
  if (lowered.empty()) return ColumnRole::kUnnamed;
  if (std::find(std::begin(kEmailNames), std::end(kEmailNames), lowered) != std::end(kEmailNames)) {
    return ColumnRole::kEmail;
  }
  if (lowered == "chat_id") return ColumnRole::kChatId;
  if (lowered == "name" || lowered == "nombre") return ColumnRole::kName;
  return ColumnRole::kField;
}

std::string_view RoleNoun(ColumnRole role) {
  switch (role) {
    case ColumnRole::kEmail:
      return "the e-mail";
    case ColumnRole::kChatId:
      return "the chat id";
    default:
      return "the name";
  }
}

// A value shown inside a message: line breaks flattened, at most ~60 bytes (cut on a UTF-8
// character boundary), so one huge or multi-line cell cannot wreck the summary.
std::string Quoted(std::string_view value) {
  constexpr size_t kMax = 60;
  std::string out(value.substr(0, kMax));
  if (value.size() > kMax) {
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
    out += "...";
  }
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  return "'" + out + "'";
}

// A header cell that is itself an address suggests the file has no header row at all.
std::string MissingHeaderHint(const CsvRecord& header) {
  for (const std::string& cell : header.fields) {
    if (IsValidEmail(NormalizeEmail(TrimCell(cell)))) {
      return fmt::format(" (line {} looks like data: is the header row missing?)", header.line);
    }
  }
  return "";
}

// Checks that no two columns share a name or a role (email + correo would make one of them
// silently lost).
Status CheckNoDuplicates(const std::vector<Column>& columns) {
  std::unordered_map<std::string, size_t> by_name;
  std::unordered_map<int, size_t> by_role;
  for (size_t i = 0; i < columns.size(); ++i) {
    const Column& c = columns[i];
    if (c.role == ColumnRole::kUnnamed) continue;
    auto [named, fresh_name] = by_name.emplace(AsciiLower(c.header), i);
    if (!fresh_name) {
      return Status::InvalidArgument(
          fmt::format("column '{}' appears twice in the header "
                      "(columns {} and {})",
                      c.header, named->second + 1, i + 1));
    }
    if (c.role == ColumnRole::kField) continue;
    auto [same_role, fresh_role] = by_role.emplace(static_cast<int>(c.role), i);
    if (!fresh_role) {
      return Status::InvalidArgument(fmt::format("columns '{}' and '{}' both give {}; keep one",
                                                 columns[same_role->second].header, c.header,
                                                 RoleNoun(c.role)));
    }
  }
  return Status::Ok();
}

Result<std::vector<Column>> ParseHeader(const CsvRecord& header) {
  if (!header.limit_error.empty()) {
    return Status::InvalidArgument(
        fmt::format("line {}: header row: {}", header.line, header.limit_error));
  }
  std::vector<Column> columns;
  bool has_address = false;
  for (const std::string& cell : header.fields) {
    std::string text(TrimCell(cell));
    ColumnRole role = RoleOf(AsciiLower(text));
    has_address = has_address || role == ColumnRole::kEmail || role == ColumnRole::kChatId;
    columns.push_back({role, std::move(text)});
  }
  if (!has_address) {
    return Status::InvalidArgument(
        fmt::format("line {}: the header has no e-mail or chat id column; name one {}{}",
                    header.line, kAcceptedNames, MissingHeaderHint(header)));
  }
  PREGON_RETURN_IF_ERROR(CheckNoDuplicates(columns));
  return columns;
}

}  // namespace

// Validates data rows against the header and remembers the addresses seen, to catch repeats.
class ContactRowValidator {
 public:
  ContactRowValidator(std::vector<Column> columns, size_t max_field_bytes)
      : columns_(std::move(columns)), max_field_bytes_(max_field_bytes) {
    for (const Column& c : columns_) {
      has_email_ = has_email_ || c.role == ColumnRole::kEmail;
      has_chat_id_ = has_chat_id_ || c.role == ColumnRole::kChatId;
    }
  }

  // Returns nullopt and fills *row when `record` is a new, valid contact; else the reason.
  std::optional<std::string> Check(const CsvRecord& record, ContactRow* row) {
    if (auto reason = CheckShape(record)) return reason;
    if (auto reason = Fill(record, row)) return reason;
    if (auto reason = CheckAddress(*row)) return reason;
    return CheckRepeat(*row);
  }

 private:
  std::optional<std::string> CheckShape(const CsvRecord& record) const {
    if (record.oversized_field >= 0) {
      size_t i = static_cast<size_t>(record.oversized_field);
      std::string name = i < columns_.size() && !columns_[i].header.empty()
                             ? "'" + columns_[i].header + "'"
                             : fmt::format("{}", i + 1);
      return fmt::format("field {} is longer than {} bytes", name, max_field_bytes_);
    }
    if (record.too_many_fields) {
      return fmt::format("more than {} fields, header has {}", record.fields.size(),
                         columns_.size());
    }
    // Extra empty cells (a trailing ';' from a spreadsheet) carry no data: only real values
    // beyond the header are an error.
    for (size_t i = columns_.size(); i < record.fields.size(); ++i) {
      if (!TrimCell(record.fields[i]).empty()) {
        return fmt::format("{} fields, header has {}", record.fields.size(), columns_.size());
      }
    }
    return std::nullopt;
  }

  // Copies the trimmed cells into *row; cells missing at the end of the row count as empty.
  std::optional<std::string> Fill(const CsvRecord& record, ContactRow* row) const {
    *row = ContactRow{};
    row->line = record.line;
    for (size_t i = 0; i < columns_.size(); ++i) {
      std::string_view value = i < record.fields.size() ? TrimCell(record.fields[i]) : "";
      switch (columns_[i].role) {
        case ColumnRole::kEmail:
          row->email = NormalizeEmail(value);
          break;
        case ColumnRole::kChatId:
          row->chat_id = std::string(value);
          break;
        case ColumnRole::kName:
          row->name = std::string(value);
          break;
        case ColumnRole::kField:
          row->fields.emplace_back(columns_[i].header, value);
          break;
        case ColumnRole::kUnnamed:
          if (!value.empty()) {
            return fmt::format("value {} in column {}, which has no header", Quoted(value), i + 1);
          }
          break;
      }
    }
    return std::nullopt;
  }

  // A filled-in address must be valid even when the other one is: dropping a bad value and
  // importing the rest of the row would be a silent loss.
  std::optional<std::string> CheckAddress(const ContactRow& row) const {
    if (!row.email.empty() && !IsValidEmail(row.email)) {
      return fmt::format("invalid e-mail {}", Quoted(row.email));
    }
    if (!row.chat_id.empty() && !IsValidChatId(row.chat_id)) {
      return fmt::format("invalid chat_id {}", Quoted(row.chat_id));
    }
    if (row.email.empty() && row.chat_id.empty()) {
      if (has_email_ && has_chat_id_) return "no e-mail or chat_id";
      return has_email_ ? "no e-mail" : "no chat_id";
    }
    return std::nullopt;
  }

  // Remembers the row's addresses unless one was seen before; then names the first line.
  std::optional<std::string> CheckRepeat(const ContactRow& row) {
    // Telegram usernames are case-insensitive; numeric ids are unaffected by lower-casing.
    const std::string chat_key = AsciiLower(row.chat_id);
    std::optional<int> first;
    if (!row.email.empty()) first = emails_.Find(row.email);
    if (!first && !chat_key.empty()) first = chat_ids_.Find(chat_key);
    // A skipped row holds neither of its addresses.
    if (first) return fmt::format("duplicate of line {}", *first);
    if (!row.email.empty()) emails_.Insert(row.email, row.line);
    if (!chat_key.empty()) chat_ids_.Insert(chat_key, row.line);
    return std::nullopt;
  }

  std::vector<Column> columns_;
  size_t max_field_bytes_;
  bool has_email_ = false;
  bool has_chat_id_ = false;
  SeenKeys emails_;    // normalised e-mail -> first line
  SeenKeys chat_ids_;  // lower-cased chat id -> first line
};

namespace {

ContactImport EmptyImport(const CsvReader& reader, const std::vector<Column>& columns) {
  ContactImport result;
  result.delimiter = reader.delimiter();
  result.encoding = reader.encoding();
  for (const Column& c : columns) {
    if (c.role == ColumnRole::kField) result.field_names.push_back(c.header);
  }
  return result;
}

}  // namespace

bool IsValidChatId(std::string_view id) {
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (id.starts_with('@')) {
    std::string_view name = id.substr(1);
    auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    return name.size() >= 5 && name.size() <= 32 && is_letter(name.front()) &&
           std::all_of(name.begin(), name.end(),
                       [&](char c) { return is_letter(c) || is_digit(c) || c == '_'; });
  }
  if (id.starts_with('-')) id.remove_prefix(1);
  // Telegram ids fit in a signed 64-bit integer: at most 19 digits.
  return !id.empty() && id.size() <= 19 && std::all_of(id.begin(), id.end(), is_digit);
}

ContactRowReader::ContactRowReader(CsvReader csv, std::unique_ptr<ContactRowValidator> validator,
                                   ContactImport summary, ContactImportOptions options)
    : csv_(std::move(csv)),
      validator_(std::move(validator)),
      summary_(std::move(summary)),
      options_(options) {}
ContactRowReader::ContactRowReader(ContactRowReader&&) noexcept = default;
ContactRowReader& ContactRowReader::operator=(ContactRowReader&&) noexcept = default;
ContactRowReader::~ContactRowReader() = default;

Result<ContactRowReader> ContactRowReader::Open(CsvSource& source, ContactImportOptions options) {
  PREGON_ASSIGN_OR_RETURN(CsvReader csv, CsvReader::Open(source, options.csv));
  CsvRecord header;
  Status error;
  if (!csv.Next(&header, &error)) {
    if (!error.ok()) return error;
    return Status::InvalidArgument("the file is empty");
  }
  PREGON_ASSIGN_OR_RETURN(std::vector<Column> columns, ParseHeader(header));
  ContactImport summary = EmptyImport(csv, columns);
  auto validator =
      std::make_unique<ContactRowValidator>(std::move(columns), options.csv.max_field_bytes);
  return ContactRowReader(std::move(csv), std::move(validator), std::move(summary), options);
}

bool ContactRowReader::Next(ContactRow* row, Status* error) {
  while (!done_) {
    if (!csv_.Next(&record_, &failure_)) {
      done_ = true;
      if (failure_.ok() && data_rows_ == 0)
        failure_ = Status::InvalidArgument("the file has a header row but no contacts");
      break;
    }
    if (++data_rows_ > options_.max_rows) {
      done_ = true;
      failure_ = Status::InvalidArgument(fmt::format("line {}: more than {} rows; split the file",
                                                     record_.line, options_.max_rows));
      break;
    }
    if (auto reason = validator_->Check(record_, row)) {
      ++summary_.skipped;
      if (summary_.issues.size() < options_.max_kept_issues)
        summary_.issues.push_back({record_.line, std::move(*reason)});
      continue;
    }
    ++summary_.imported;
    return true;
  }
  *error = failure_;
  return false;
}

Result<ContactImport> ParseContacts(std::string_view content, ContactImportOptions options) {
  StringCsvSource source(content);
  PREGON_ASSIGN_OR_RETURN(ContactRowReader reader, ContactRowReader::Open(source, options));
  std::vector<ContactRow> rows;
  ContactRow row;
  Status error;
  while (reader.Next(&row, &error)) rows.push_back(std::move(row));
  if (!error.ok()) return error;
  ContactImport result = reader.summary();
  result.rows = std::move(rows);
  return result;
}

std::string FormatImportSummary(const ContactImport& result, size_t max_listed) {
  std::string out = fmt::format("imported {}, skipped {}", result.imported, result.skipped);
  size_t listed = std::min(max_listed, result.issues.size());
  for (size_t i = 0; i < listed; ++i) {
    out += fmt::format("{}line {} {}", i == 0 ? ": " : "; ", result.issues[i].line,
                       result.issues[i].reason);
  }
  if (result.skipped > listed) {
    out += fmt::format("{}and {} more", listed == 0 ? ": " : "; ", result.skipped - listed);
  }
  return out;
}

}  // namespace pregon
