// DoctorReport: what `pregon doctor` found — one line per check, ok / warning / error, each
// with the area it is about and a message that says what to do when it is not ok.
//
// Thread-safety: not safe for concurrent use; one report per run.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pregon {

enum class CheckLevel { kOk, kWarning, kError };
std::string_view CheckLevelName(CheckLevel l);  // ok | warning | error

// What one check found, before it is given its area.
struct Finding {
  CheckLevel level = CheckLevel::kOk;
  std::string message;  // what was found, and what to do when it is not ok
};

struct DoctorCheck {
  std::string area;  // config, database, sender <name>, domain <name>, disk, clock
  CheckLevel level = CheckLevel::kOk;
  std::string message;  // what was found, and what to do when it is not ok
};

class DoctorReport {
 public:
  void Add(std::string area, CheckLevel level, std::string message);
  void Add(std::string area, Finding finding) {
    Add(std::move(area), finding.level, std::move(finding.message));
  }
  const std::vector<DoctorCheck>& checks() const { return checks_; }
  CheckLevel worst() const;
  int count(CheckLevel level) const;

 private:
  std::vector<DoctorCheck> checks_;
};

}  // namespace pregon
