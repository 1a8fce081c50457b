#include "app/reports/report_file.h"

namespace pregon {

Result<ReportFileReader> ReportFileReader::Open(const ReportRequest& request) {
  if (request.file_path.empty())
    return Status::FailedPrecondition("report request " + std::to_string(request.id) + " is " +
                                      std::string(ReportStateName(request.state)) +
                                      ": nothing is downloaded yet");
  auto in = std::make_unique<std::ifstream>(request.file_path, std::ios::binary);
  if (!*in) return Status::NotFound("the report's file " + request.file_path + " is gone");
  return ReportFileReader(std::move(in));
}

Result<std::string> ReportFileReader::Next() {
  std::string piece(kPieceBytes, '\0');
  in_->read(piece.data(), static_cast<std::streamsize>(piece.size()));
  piece.resize(static_cast<size_t>(in_->gcount()));
  if (in_->bad()) return Status::Internal("reading the report's file failed");
  if (in_->eof()) done_ = true;
  return piece;
}

}  // namespace pregon
