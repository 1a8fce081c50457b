// FileCsvSource: a CsvSource that reads a file from disk a block at a time, so a CSV of any
// size is parsed in the memory of one block (core/csv.h).
//
// Thread-safety: not safe for concurrent use; distinct sources are independent.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "core/csv.h"

namespace pregon {

class FileCsvSource : public CsvSource {
 public:
  // Opens `path` for reading. InvalidArgument naming the path and the reason when it cannot.
  static Result<std::unique_ptr<FileCsvSource>> Open(const std::string& path);

  Result<size_t> Read(char* out, size_t size) override;
  Status Rewind() override;

 private:
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  FileCsvSource(std::string path, std::FILE* file) : path_(std::move(path)), file_(file) {}

  std::string path_;
  std::unique_ptr<std::FILE, Closer> file_;
};

}  // namespace pregon
