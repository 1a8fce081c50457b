#include "app/audience/contact_importer.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/text.h"

namespace pregon {

Result<std::string> ReadWholeFile(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot read '" + path + "': " + std::strerror(errno));
  in.seekg(0, std::ios::end);
  auto size = static_cast<size_t>(in.tellg());
  if (size > max_bytes)
    return Status::InvalidArgument("'" + path + "' is larger than " + std::to_string(max_bytes) +
                                   " bytes");
  in.seekg(0);
  std::string content(size, '\0');
  in.read(content.data(), static_cast<std::streamsize>(size));
  if (!in) return Status::InvalidArgument("cannot read '" + path + "'");
  return content;
}

static ContactRecord ToRecord(const ContactRow& row) {
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [k, v] : row.fields) fields[k] = v;
  return ContactRecord{row.email, row.chat_id, row.name, fields.dump()};
}

Result<ImportReport> ContactImporter::ImportFile(const std::string& path,
                                                 const std::string& list_name) {
  PREGON_ASSIGN_OR_RETURN(std::string content, ReadWholeFile(path));
  auto report = ImportContent(content, list_name);
  if (!report.ok()) return report.status().WithContext(path);
  return report;
}

Result<ImportReport> ContactImporter::ImportContent(std::string_view content,
                                                    const std::string& list_name) {
  if (list_name.empty() || list_name.size() > 100 || HasControlByte(list_name))
    return Status::InvalidField(
        "list", "must be a name of 1 to 100 characters, without control characters");
  PREGON_ASSIGN_OR_RETURN(ContactImport parsed, ParseContacts(content));
  std::vector<ContactRecord> records;
  records.reserve(parsed.rows.size());
  for (const auto& row : parsed.rows) records.push_back(ToRecord(row));
  PREGON_ASSIGN_OR_RETURN(ContactList list, store_.EnsureList(list_name, clock_.Now()));
  PREGON_ASSIGN_OR_RETURN(ImportCounts stored,
                          store_.ImportContacts(list.id, records, clock_.Now()));
  return ImportReport{list_name, std::move(parsed), stored};
}

std::string ImportReport::Summary() const {
  std::ostringstream out;
  out << FormatImportSummary(parsed) << "\nlist '" << list << "': " << stored.created
      << " new contacts, " << stored.updated << " updated, " << stored.added_to_list
      << " added to the list";
  return out.str();
}

}  // namespace pregon
