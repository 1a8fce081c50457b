#include "app/reports/report_loader.h"

#include "app/file_csv_source.h"
#include "store/common/report_texts.h"

namespace pregon {

Result<ReportLoadResult> LoadReportFile(const ReportRequest& request, ReportAlias alias,
                                        bool replace, ReportTableStore& target,
                                        ReportRequestStore& requests, Timestamp now) {
  const std::string name = "report request " + std::to_string(request.id);
  if (request.state == ReportState::kError)
    return Status::FailedPrecondition(name + " failed (" + request.last_error +
                                      "): there is no file to load; ask for the report again");
  if (request.state != ReportState::kReady || request.file_path.empty())
    return Status::FailedPrecondition(name + " is still " +
                                      std::string(ReportStateName(request.state)) +
                                      ": its file is not downloaded yet");
  // Streamed: a million-row report is read a block at a time and stored a chunk at a time.
  PREGON_ASSIGN_OR_RETURN(std::unique_ptr<FileCsvSource> file,
                          FileCsvSource::Open(request.file_path));
  ReportLoadResult result;
  ReportRowSource source = [&](const ReportRowSink& sink) -> Status {
    std::vector<ReportRow> chunk;
    chunk.reserve(store::kReportLoadChunk);
    auto read = ReadReportRows(*file, request.time_zone, [&](const ReportRow& row) -> Status {
      chunk.push_back(row);
      if (chunk.size() < store::kReportLoadChunk) return Status::Ok();
      Status s = sink(chunk);
      chunk.clear();
      return s;
    });
    if (!read.ok()) return read.status();
    if (!chunk.empty()) PREGON_RETURN_IF_ERROR(sink(chunk));
    result.bad_rows = read->bad_rows;
    result.problems = std::move(read->problems);
    result.encoding = std::move(read->encoding);
    return Status::Ok();
  };
  ReportLoadSpec spec{request.id, request.campaign_id, request.type, replace, now};
  PREGON_ASSIGN_OR_RETURN(ReportLoadCounts counts, target.LoadReport(spec, source));
  result.rows = counts.rows;
  result.replaced = counts.replaced;
  PREGON_RETURN_IF_ERROR(
      requests.MarkReportLoaded(request.id, alias, result.rows, result.bad_rows, now));
  return result;
}

}  // namespace pregon
