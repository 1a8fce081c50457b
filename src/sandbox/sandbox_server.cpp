#include "sandbox/sandbox_server.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <unordered_set>

#include "net/listening_server.h"
#include "sandbox/api_reply.h"
#include "sandbox/relay_api.h"
#include "sandbox/reports_api.h"
#include "sandbox/sandbox_context.h"
#include "sandbox/telegram_api.h"

namespace pregon {
namespace {

Status ValidateOptions(const SandboxOptions& o) {
  if (o.port < 0 || o.port > 65535) return Status::InvalidArgument("port must be 0..65535");
  if (!(o.fail_rate >= 0 && o.fail_rate <= 1)) {
    return Status::InvalidArgument("--fail-rate must be between 0 and 1");
  }
  if (o.throttle_every < 0) return Status::InvalidArgument("--throttle-every must be >= 0");
  if (o.latency_ms < 0) return Status::InvalidArgument("--latency-ms must be >= 0");
  if (o.threads < 1) return Status::InvalidArgument("threads must be >= 1");
  if (o.report_delay_ms < 0) return Status::InvalidArgument("--report-delay-ms must be >= 0");
  if (!(o.report_fail_rate >= 0 && o.report_fail_rate <= 1))
    return Status::InvalidArgument("--report-fail-rate must be between 0 and 1");
  PREGON_RETURN_IF_ERROR(ParseReportQuirks(o.report_quirks).status());
  return Status::Ok();
}

// One chat id a line; blank lines and lines starting with '#' are skipped, and spaces
// (and a Windows CR) around an id are trimmed.
Result<std::unordered_set<std::string>> ReadBlockedIds(const std::string& path) {
  std::unordered_set<std::string> ids;
  if (path.empty()) return ids;
  std::ifstream in(path);
  if (!in) {
    return Status::NotFound(fmt::format("--blocked-ids {}: {}", path, std::strerror(errno)));
  }
  std::string line;
  while (std::getline(in, line)) {
    const size_t begin = line.find_first_not_of(" \t\r");
    if (begin == std::string::npos || line[begin] == '#') continue;
    const size_t end = line.find_last_not_of(" \t\r");
    ids.insert(line.substr(begin, end - begin + 1));
  }
  if (in.bad()) return Status::Internal(fmt::format("--blocked-ids {}: read error", path));
  return ids;
}

}  // namespace

class SandboxServer::Impl {
 public:
  explicit Impl(SandboxOptions options) : options_(std::move(options)) {}

  Status Start();
  void Stop() { server_.Stop(); }
  void Wait() { server_.Wait(); }
  int port() const { return server_.port(); }
  SandboxStats stats() const { return context_ ? context_->stats() : SandboxStats{}; }

 private:
  void Configure();

  const SandboxOptions options_;
  std::unique_ptr<SandboxContext> context_;
  std::unique_ptr<SandboxReports> reports_;
  ListeningServer server_;
};

Status SandboxServer::Impl::Start() {
  PREGON_RETURN_IF_ERROR(ValidateOptions(options_));
  std::unique_ptr<RecordLog> record;
  if (!options_.record_path.empty()) {
    PREGON_ASSIGN_OR_RETURN(record, RecordLog::Open(options_.record_path));
  }
  PREGON_ASSIGN_OR_RETURN(auto blocked, ReadBlockedIds(options_.blocked_ids_path));
  context_ = std::make_unique<SandboxContext>(options_, std::move(record), std::move(blocked));
  Configure();
  ListenAddress address;
  address.host = options_.host;
  address.port = options_.port;
  return server_.Start(address);
}

void SandboxServer::Impl::Configure() {
  const size_t threads = static_cast<size_t>(options_.threads);
  server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_.set_exception_handler(
      [](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
        ReplyJson(response, 500, {{"title", "Internal Server Error"}, {"status", 500}});
      });
  RegisterRelayApi(server_, *context_);
  RegisterTelegramApi(server_, *context_);
  reports_ = std::make_unique<SandboxReports>(*context_);
  reports_->Register(server_);
}

SandboxServer::SandboxServer(SandboxOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

SandboxServer::~SandboxServer() {
  Stop();
  Wait();
}

Status SandboxServer::Start() { return impl_->Start(); }
int SandboxServer::port() const { return impl_->port(); }
void SandboxServer::Stop() { impl_->Stop(); }
void SandboxServer::Wait() { impl_->Wait(); }
SandboxStats SandboxServer::stats() const { return impl_->stats(); }

}  // namespace pregon
