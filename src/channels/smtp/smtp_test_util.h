// Helpers for the SMTP channel's tests (header-only; not part of the library): run the
// Python scripts in testdata/ with Debian's /usr/bin/python3 (which has aiosmtpd and the
// email package), as a background server or to capture their output.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

extern char** environ;

namespace pregon::testing_util {

inline constexpr char kPython[] = "/usr/bin/python3";

inline std::string SmtpTestData(const std::string& name) {
  return (std::filesystem::path(__FILE__).parent_path() / "testdata" / name).string();
}

// A child process with its stdin and stdout on pipes. The destructor closes its stdin (the
// scripts exit on EOF), sends SIGTERM and reaps it, so no test leaves a server behind.
class Subprocess {
 public:
  explicit Subprocess(const std::vector<std::string>& argv) {
    int in[2];
    int out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    if (posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    stdin_ = in[1];
    stdout_ = out[0];
  }

  ~Subprocess() { Stop(); }
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  bool started() const { return pid_ > 0; }

  // The next line of the child's stdout (without '\n'); false on EOF or after `timeout`.
  bool ReadLine(std::string& line, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (const size_t nl = buffer_.find('\n'); nl != std::string::npos) {
        line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return true;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd fd{stdout_, POLLIN, 0};
      if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
      char chunk[4096];
      const ssize_t n = ::read(stdout_, chunk, sizeof(chunk));
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  // Reads stdout to EOF and returns the exit status (-1 when it did not exit normally).
  int Finish(std::string& output) {
    if (stdin_ >= 0) ::close(stdin_);
    stdin_ = -1;
    output = std::move(buffer_);
    char chunk[4096];
    for (ssize_t n; (n = ::read(stdout_, chunk, sizeof(chunk))) > 0;) output.append(chunk, n);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  void Stop() {
    if (stdin_ >= 0) ::close(stdin_);
    stdin_ = -1;
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
    if (stdout_ >= 0) ::close(stdout_);
    stdout_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  int stdout_ = -1;
  std::string buffer_;
};

// How the sink speaks TLS (smtp_sink.py --tls).
enum class SinkTls { kNone, kStartTls, kImplicit };

// The aiosmtpd sink (testdata/smtp_sink.py) storing messages under `dir`.
class SmtpSink {
 public:
  // Starts the sink; check started() / port(). With TLS, extra_args must name the
  // certificate and key (--tls-cert, --tls-key).
  explicit SmtpSink(const std::string& dir, std::vector<std::string> extra_args = {},
                    SinkTls tls = SinkTls::kNone)
      : dir_(dir), tls_(tls), process_([&] {
          std::vector<std::string> argv = {kPython, SmtpTestData("smtp_sink.py"), "--dir", dir};
          argv.insert(argv.end(), extra_args.begin(), extra_args.end());
          if (tls != SinkTls::kNone) {
            argv.push_back("--tls");
            argv.push_back(tls == SinkTls::kStartTls ? "starttls" : "implicit");
          }
          return argv;
        }()) {
    std::string line;
    if (process_.started() && process_.ReadLine(line, std::chrono::seconds(10)) &&
        line.rfind("PORT ", 0) == 0) {
      port_ = std::stoi(line.substr(5));
    }
  }

  int port() const { return port_; }  // 0 when the sink did not start
  // The sender URL for this sink: smtps:// for implicit TLS; smtp:// (STARTTLS required, the
  // default) for STARTTLS; smtp://…?starttls=never for the plain sink.
  std::string Url(const std::string& userinfo = "") const {
    const std::string at =
        (userinfo.empty() ? "" : userinfo + "@") + "127.0.0.1:" + std::to_string(port_);
    if (tls_ == SinkTls::kImplicit) return "smtps://" + at;
    return "smtp://" + at + (tls_ == SinkTls::kNone ? "?starttls=never" : "");
  }
  size_t Connections() const {
    size_t n = 0;
    std::ifstream in(dir_ + "/connections.log");
    for (std::string line; std::getline(in, line);) ++n;
    return n;
  }

 private:
  std::string dir_;
  SinkTls tls_;
  Subprocess process_;
  int port_ = 0;
};

// A self-signed certificate for 127.0.0.1 (openssl req), written as dir/cert.pem and
// dir/key.pem; false when openssl failed.
inline bool MakeLoopbackCertificate(const std::string& dir) {
  Subprocess openssl({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                      "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem", "-days", "2", "-subj",
                      "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-batch"});
  std::string output;
  return openssl.Finish(output) == 0 && std::filesystem::exists(dir + "/cert.pem");
}

// Runs testdata/check_messages.py over `dir` and returns one JSON object per stored message
// (see the script for the fields); fails the test when the script fails.
inline std::vector<nlohmann::json> CheckMessages(const std::string& dir) {
  Subprocess checker({kPython, SmtpTestData("check_messages.py"), dir});
  std::string output;
  const int status = checker.Finish(output);
  EXPECT_EQ(status, 0) << "check_messages.py failed; output: " << output;
  std::vector<nlohmann::json> messages;
  size_t start = 0;
  for (size_t nl; (nl = output.find('\n', start)) != std::string::npos; start = nl + 1) {
    messages.push_back(nlohmann::json::parse(output.substr(start, nl - start)));
  }
  return messages;
}

// A fresh empty directory under the test's temp directory.
inline std::string TempDir(const std::string& name) {
  static int counter = 0;
  const std::filesystem::path path =
      std::filesystem::path(::testing::TempDir()) /
      ("pregon_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + name);
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  return path.string();
}

}  // namespace pregon::testing_util
