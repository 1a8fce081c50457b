// A downloaded report's file as the provider sent it, read a piece at a time: what
// `pregon report download` writes and the admin UI's download serves, without holding a
// large file in memory.
//
// Not thread-safe; one per download.
#pragma once

#include <fstream>
#include <memory>
#include <string>

#include "core/report_request.h"
#include "core/status.h"

namespace pregon {

class ReportFileReader {
 public:
  static constexpr size_t kPieceBytes = 64 * 1024;

  // FailedPrecondition when nothing is downloaded for `request` yet; NotFound when its file is
  // gone.
  static Result<ReportFileReader> Open(const ReportRequest& request);

  // The next piece of the file; "" once it is all read (done() is then true).
  Result<std::string> Next();
  bool done() const { return done_; }

 private:
  explicit ReportFileReader(std::unique_ptr<std::ifstream> in) : in_(std::move(in)) {}

  std::unique_ptr<std::ifstream> in_;
  bool done_ = false;
};

}  // namespace pregon
