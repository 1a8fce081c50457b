#include "exec/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "core/duration.h"

namespace pregon {
namespace {

// The argv/envp arrays posix_spawn wants, pointing into `strings`.
std::vector<char*> CArray(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// Keeps the newest `max` bytes of what is appended.
void AppendTail(std::string& out, const char* data, size_t n, size_t max) {
  out.append(data, n);
  if (out.size() > max) out.erase(0, out.size() - max);
}

struct Spawned {
  pid_t pid = -1;
  int read_fd = -1;
};

// Starts the process in a new group, stdout and stderr to one pipe, signals as a fresh
// process has them (pregon's threads block SIGINT/SIGTERM; a job must not inherit that), and
// killed by the kernel should the thread that started it die with pregon (SIGKILL, a crash):
// a job never outlives the lease that is its permit. fork rather than posix_spawn, for that
// last step; the child calls only async-signal-safe functions before exec.
Result<Spawned> Spawn(const ProcessSpec& spec) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    return Status::Internal(std::string("cannot make a pipe: ") + std::strerror(errno));
  int errs[2];  // the child writes exec's errno here; closed on a successful exec
  if (pipe2(errs, O_CLOEXEC) != 0) {
    close(fds[0]);
    close(fds[1]);
    return Status::Internal(std::string("cannot make a pipe: ") + std::strerror(errno));
  }
  auto argv = CArray(spec.argv);
  auto envp = CArray(spec.env);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // pregon died before the line above
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT}) sigaction(s, &dfl, nullptr);
    const int null = open("/dev/null", O_RDONLY);
    dup2(null, STDIN_FILENO);
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    execve(argv[0], argv.data(), envp.data());
    const int e = errno;
    (void)!write(errs[1], &e, sizeof e);
    _exit(127);
  }
  close(fds[1]);
  close(errs[1]);
  if (pid < 0) {
    const int e = errno;
    close(fds[0]);
    close(errs[0]);
    return Status::Internal("cannot start " + spec.argv[0] + ": " + std::strerror(e));
  }
  setpgid(pid, pid);  // also from here: a kill of the group must not miss it
  int exec_errno = 0;
  const ssize_t n = read(errs[0], &exec_errno, sizeof exec_errno);
  close(errs[0]);
  if (n == sizeof exec_errno) {
    waitpid(pid, nullptr, 0);
    close(fds[0]);
    return Status::Internal("cannot start " + spec.argv[0] + ": " + std::strerror(exec_errno));
  }
  return Spawned{pid, fds[0]};
}

void KillGroup(pid_t pgid) { kill(-pgid, SIGKILL); }

}  // namespace

std::string ProcessResult::Describe(Millis timeout) const {
  if (timed_out) return "timed out after " + FormatDuration(timeout);
  if (stopped) return "stopped";
  if (signal != 0) return "killed by signal " + std::to_string(signal);
  return "exit status " + std::to_string(exit_code);
}

Result<ProcessResult> RunProcess(const ProcessSpec& spec, const Clock& clock, Millis tick,
                                 const std::function<bool()>& keep_going) {
  if (spec.argv.empty() || spec.argv[0].empty() || spec.argv[0][0] != '/')
    return Status::InvalidArgument("a command must be an absolute path");
  PREGON_ASSIGN_OR_RETURN(Spawned p, Spawn(spec));
  ProcessResult result;
  const Instant deadline = clock.Monotonic() + spec.timeout;
  bool killed = false, exited = false, eof = false;
  std::optional<Instant> grace_end;  // once it exited or was killed: stop reading then
  int status = 0;
  char buffer[8192];
  // Reads until the pipe ends — after a kill, when the group is gone — or, should something
  // outside the group still hold the pipe, until a short grace is over.
  while (!eof) {
    const Instant now = clock.Monotonic();
    if (grace_end && now >= *grace_end) break;
    if (!killed && now >= deadline) {
      result.timed_out = killed = true;
      KillGroup(p.pid);
    } else if (!killed && !keep_going()) {
      result.stopped = killed = true;
      KillGroup(p.pid);
    }
    if (!exited && waitpid(p.pid, &status, WNOHANG) == p.pid) {
      exited = true;
      KillGroup(p.pid);  // helpers it left behind hold the pipe open: they go with it
    }
    if ((killed || exited) && !grace_end) grace_end = now + Millis(2'000);
    const auto wait = std::clamp(std::chrono::duration_cast<Millis>(deadline - now), Millis(0),
                                 killed || exited ? Millis(100) : tick);
    pollfd fd{p.read_fd, POLLIN, 0};
    const int ready = poll(&fd, 1, static_cast<int>(wait.count()));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    const ssize_t n = read(p.read_fd, buffer, sizeof buffer);
    if (n > 0) {
      AppendTail(result.output, buffer, static_cast<size_t>(n), spec.max_output);
    } else if (n == 0 || errno != EINTR) {
      eof = true;
    }
  }
  close(p.read_fd);
  if (!exited) {
    KillGroup(p.pid);
    waitpid(p.pid, &status, 0);
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

}  // namespace pregon
