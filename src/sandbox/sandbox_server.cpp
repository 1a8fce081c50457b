#include "sandbox/sandbox_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <thread>
#include <unordered_set>

#include "sandbox/api_reply.h"
#include "sandbox/relay_api.h"
#include "sandbox/sandbox_context.h"
#include "sandbox/telegram_api.h"

namespace pregon {
namespace {

// httplib 0.11 listens with a backlog of 5, compiled into the Debian library. A client that
// opens hundreds of connections at once would see SYNs dropped and retried a second later,
// so the backlog is widened after binding (listen(2) on a listening socket updates it).
class WideBacklogServer : public httplib::Server {
 public:
  bool WidenBacklog(int backlog) { return ::listen(svr_sock_, backlog) == 0; }
};

constexpr int kBacklog = 4096;  // the kernel caps it at net.core.somaxconn
// Keep-alive connections stay open for as many requests as a client sends (httplib's
// default closes them after 5, which would make clients reconnect constantly).
constexpr size_t kKeepAliveMaxRequests = size_t{1} << 30;

Status ValidateOptions(const SandboxOptions& o) {
  if (o.port < 0 || o.port > 65535) return Status::InvalidArgument("port must be 0..65535");
  if (!(o.fail_rate >= 0 && o.fail_rate <= 1)) {
    return Status::InvalidArgument("--fail-rate must be between 0 and 1");
  }
  if (o.throttle_every < 0) return Status::InvalidArgument("--throttle-every must be >= 0");
  if (o.latency_ms < 0) return Status::InvalidArgument("--latency-ms must be >= 0");
  if (o.threads < 1) return Status::InvalidArgument("threads must be >= 1");
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
  void Stop() {
    stop_requested_ = true;  // seen by a Start() that has not begun serving yet
    server_.stop();
    WakeAcceptLoop();
  }
  void Wait() {
    std::lock_guard<std::mutex> lock(wait_mu_);
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return port_.load(); }
  SandboxStats stats() const { return context_ ? context_->stats() : SandboxStats{}; }

 private:
  void Configure();
  // httplib's stop() closes the listening socket, but an accept() that read the socket
  // just before can stay blocked in the kernel; a throw-away connection wakes it, and the
  // loop then sees the socket is gone and returns.
  void WakeAcceptLoop() const;

  const SandboxOptions options_;
  std::unique_ptr<SandboxContext> context_;
  WideBacklogServer server_;
  std::atomic<int> port_{0};
  std::atomic<bool> listen_returned_{false};
  std::atomic<bool> stop_requested_{false};
  std::mutex wait_mu_;  // one joiner at a time
  std::thread thread_;
};

void SandboxServer::Impl::WakeAcceptLoop() const {
  const int port = port_.load();
  if (port <= 0 || listen_returned_) return;
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, options_.host.c_str(), &addr.sin_addr) != 1)
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  (void)::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  ::close(fd);
}

Status SandboxServer::Impl::Start() {
  PREGON_RETURN_IF_ERROR(ValidateOptions(options_));
  if (stop_requested_) return Status::Ok();  // stopped before it started: never serve
  std::unique_ptr<RecordLog> record;
  if (!options_.record_path.empty()) {
    PREGON_ASSIGN_OR_RETURN(record, RecordLog::Open(options_.record_path));
  }
  PREGON_ASSIGN_OR_RETURN(auto blocked, ReadBlockedIds(options_.blocked_ids_path));
  context_ = std::make_unique<SandboxContext>(options_, std::move(record), std::move(blocked));
  Configure();

  const int port = options_.port == 0
                       ? server_.bind_to_any_port(options_.host)
                       : (server_.bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port <= 0) {
    return Status::Unavailable(fmt::format("cannot listen on {}:{}", options_.host, options_.port));
  }
  if (!server_.WidenBacklog(kBacklog)) {
    return Status::Internal(fmt::format("listen backlog: {}", std::strerror(errno)));
  }
  port_ = port;
  thread_ = std::thread([this] {
    server_.listen_after_bind();
    listen_returned_ = true;
  });
  // Stop() is a no-op until the accept loop runs, so do not return before it does.
  while (!server_.is_running() && !listen_returned_) std::this_thread::yield();
  if (!server_.is_running()) {
    Wait();
    return Status::Internal(fmt::format("sandbox on port {} stopped at once", port));
  }
  if (stop_requested_) Stop();  // a Stop() that came while the loop was starting
  return Status::Ok();
}

void SandboxServer::Impl::Configure() {
  const size_t threads = static_cast<size_t>(options_.threads);
  server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_.set_keep_alive_max_count(kKeepAliveMaxRequests);
  // Without TCP_NODELAY, a reply written in two parts waits for the client's delayed ACK.
  server_.set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, which would let a second sandbox bind the same
  // port and silently share the traffic; a busy port must be an error instead.
  server_.set_socket_options([](socket_t sock) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server_.set_exception_handler(
      [](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
        ReplyJson(response, 500, {{"title", "Internal Server Error"}, {"status", 500}});
      });
  RegisterRelayApi(server_, *context_);
  RegisterTelegramApi(server_, *context_);
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
