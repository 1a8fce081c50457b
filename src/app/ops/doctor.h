// `pregon doctor`'s checks of what the store, the senders, the disk and the clock look like
// (the CLI adds the configuration's): each a line ok / warning / error that says what to do,
// so an operator learns what is wrong before a send fails.
//
// Thread-safety: not safe for concurrent use; one report per run.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "store/store.h"

namespace pregon {

enum class CheckLevel { kOk, kWarning, kError };
std::string_view CheckLevelName(CheckLevel l);  // ok | warning | error

struct DoctorCheck {
  std::string area;  // config, database, sender <name>, disk, clock
  CheckLevel level = CheckLevel::kOk;
  std::string message;  // what was found, and what to do when it is not ok
};

class DoctorReport {
 public:
  void Add(std::string area, CheckLevel level, std::string message);
  const std::vector<DoctorCheck>& checks() const { return checks_; }
  CheckLevel worst() const;
  int count(CheckLevel level) const;

 private:
  std::vector<DoctorCheck> checks_;
};

// The schema is current (neither behind: run `pregon migrate`, nor ahead: a newer pregon
// migrated it) and the database takes a write.
void CheckDatabase(Store& store, Clock& clock, DoctorReport& report);

// Each sender: its settings valid for its channel, and its provider's host accepting a TCP
// connection within `timeout` (nothing is sent); a sandbox sender's outbox directory
// writable.
void CheckSenders(SenderStore& store, Millis timeout, DoctorReport& report);

// Free space where reports are written (`dir`, or the nearest existing parent).
void CheckDisk(const std::string& dir, DoctorReport& report);

// Whether the system clock is synchronised (timedatectl, where the system has it): leases
// and schedules across nodes assume clocks within a second or so.
void CheckClock(Clock& clock, DoctorReport& report);

}  // namespace pregon
