#include "app/audience/contact_importer.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "app/file_csv_source.h"
#include "channels/json_writer.h"
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

namespace {

// Rows handed to the store at a time: enough to amortise the call, small enough that a
// million-row import holds one batch, not the file.
constexpr size_t kBatchRows = 1000;

ContactRecord ToRecord(ContactRow& row) {
  // The free fields as a JSON object in header order, written straight into the string
  // (a JSON document per row would cost more than the row's insert).
  std::string fields = "{";
  for (const auto& [name, value] : row.fields) {
    if (fields.size() > 1) fields += ',';
    AppendJsonKey(fields, name);
    AppendJsonString(fields, value);
  }
  fields += '}';
  return ContactRecord{std::move(row.email), std::move(row.chat_id), std::move(row.name),
                       std::move(fields)};
}

}  // namespace

Result<ImportReport> ContactImporter::ImportFile(const std::string& path,
                                                 const std::string& list_name) {
  PREGON_ASSIGN_OR_RETURN(auto source, FileCsvSource::Open(path));
  auto report = Import(*source, list_name);
  if (!report.ok()) return report.status().WithContext(path);
  return report;
}

Result<ImportReport> ContactImporter::ImportContent(std::string_view content,
                                                    const std::string& list_name) {
  StringCsvSource source(content);
  return Import(source, list_name);
}

Result<ImportReport> ContactImporter::Import(CsvSource& source, const std::string& list_name) {
  if (list_name.empty() || list_name.size() > 100 || HasControlByte(list_name))
    return Status::InvalidField(
        "list", "must be a name of 1 to 100 characters, without control characters");
  PREGON_ASSIGN_OR_RETURN(ContactRowReader reader, ContactRowReader::Open(source));
  ContactRow row;
  auto next = [&](std::vector<ContactRecord>& batch) -> Result<bool> {
    batch.clear();
    Status error;
    while (batch.size() < kBatchRows && reader.Next(&row, &error)) batch.push_back(ToRecord(row));
    if (!error.ok()) return error;
    return !batch.empty();
  };
  PREGON_ASSIGN_OR_RETURN(ImportCounts stored,
                          store_.ImportContactStream(list_name, next, clock_.Now()));
  return ImportReport{list_name, reader.summary(), stored};
}

std::string ImportReport::Summary() const {
  std::ostringstream out;
  out << FormatImportSummary(parsed) << "\nlist '" << list << "': " << stored.created
      << " new contacts, " << stored.updated << " updated, " << stored.added_to_list
      << " added to the list";
  return out.str();
}

}  // namespace pregon
