// RunProcess: runs an external command the way a long job must be run (DESIGN §1.5) — in a
// process group of its own, with exactly the environment given (nothing of pregon's leaks in),
// stdout and stderr captured together (the newest bytes kept, so a chatty job cannot fill the
// memory), and the whole group killed at its timeout or when the caller says stop (a lost
// lease, a shutdown). A job that forks helpers and exits leaves none behind: the rest of its
// group is killed when it exits.
//
// The job also dies with the thread that started it (PR_SET_PDEATHSIG): a node killed outright
// leaves no job running on without the lease that was its permit. Its helpers (the rest of
// its group) are not reached that way.
//
// Written on fork/exec and poll: no packaged library offers a process group, a parent-death
// signal, a bounded capture and a kill from a callback together (Boost.Process 1.74 has no
// process groups).
//
// Thread-safety: RunProcess may run on many threads at once.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace pregon {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0]: an absolute path
  std::vector<std::string> env;   // "NAME=value": the whole environment of the process
  Millis timeout{60'000};
  size_t max_output = 64 * 1024;  // bytes of output kept: the newest
};

struct ProcessResult {
  int exit_code = -1;      // when it exited by itself
  int signal = 0;          // the signal that ended it, if any
  bool timed_out = false;  // killed at its timeout
  bool stopped = false;    // killed because keep_going said stop
  std::string output;      // stdout and stderr as they came, the newest max_output bytes

  bool ok() const { return exit_code == 0 && signal == 0 && !timed_out && !stopped; }
  // "exit status 3", "killed by signal 9", "timed out after 55m", "stopped"
  std::string Describe(Millis timeout) const;
};

// Runs `spec`, calling keep_going() at least every `tick` while it runs; when keep_going
// returns false the group is killed and the result says stopped. Time is read from `clock`.
// Fails (Internal) only when the process cannot be started (the path does not exist, is not
// executable, no resources), naming the command.
Result<ProcessResult> RunProcess(const ProcessSpec& spec, const Clock& clock, Millis tick,
                                 const std::function<bool()>& keep_going);

}  // namespace pregon
