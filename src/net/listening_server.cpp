#include "net/listening_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pregon {

namespace {

constexpr int kBacklog = 4096;  // the kernel caps it at net.core.somaxconn

// A connected socket to `a` (TCP or Unix), or -1.
int ConnectTo(const ListenAddress& a, int port) {
  if (a.is_unix()) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, a.unix_path.c_str(), sizeof addr.sun_path - 1);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) return fd;
    ::close(fd);
    return -1;
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  // A wildcard address accepts on loopback too.
  const bool wildcard = a.host == "0.0.0.0" || a.host == "::";
  const std::string host = wildcard ? (a.host == "::" ? "::1" : "127.0.0.1") : a.host;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return -1;
  int fd = -1;
  for (addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && ::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  return fd;
}

}  // namespace

ListeningServer::ListeningServer() {
  // Keep-alive connections stay open for as many requests as a client sends (httplib's
  // default closes them after 5, which would make clients reconnect constantly).
  set_keep_alive_max_count(size_t{1} << 30);
  // Without TCP_NODELAY, a reply written in two parts waits for the client's delayed ACK.
  set_tcp_nodelay(true);
  set_socket_options([](socket_t sock) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
}

ListeningServer::~ListeningServer() {
  Stop();
  Wait();
}

Status ListeningServer::BindUnix(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode))
      return Status::Unavailable(
          fmt::format("cannot listen on unix:{}: the path exists and is not a socket", path));
    ListenAddress probe;
    probe.unix_path = path;
    if (const int fd = ConnectTo(probe, 0); fd >= 0) {
      ::close(fd);
      return Status::Unavailable(
          fmt::format("cannot listen on unix:{}: another server answers there", path));
    }
    ::unlink(path.c_str());  // stale: its server is gone
  }
  set_address_family(AF_UNIX);
  if (!bind_to_port(path, 80))  // the port is not used for AF_UNIX
    return Status::Unavailable(
        fmt::format("cannot listen on unix:{}: {}", path, std::strerror(errno)));
  if (::chmod(path.c_str(), 0660) != 0)
    return Status::Internal(fmt::format("chmod unix:{}: {}", path, std::strerror(errno)));
  return Status::Ok();
}

Status ListeningServer::Start(const ListenAddress& address) {
  if (stop_requested_) return Status::Ok();  // stopped before it started: never serve
  address_ = address;
  if (address.is_unix()) {
    PREGON_RETURN_IF_ERROR(BindUnix(address.unix_path));
  } else {
    const int port = address.port == 0
                         ? bind_to_any_port(address.host)
                         : (bind_to_port(address.host, address.port) ? address.port : -1);
    if (port <= 0)
      return Status::Unavailable(fmt::format("cannot listen on {}: {}", address.ToString(),
                                             errno ? std::strerror(errno) : "bind failed"));
    port_ = port;
  }
  // listen(2) on a listening socket updates its backlog.
  if (::listen(svr_sock_, kBacklog) != 0)
    return Status::Internal(fmt::format("listen backlog: {}", std::strerror(errno)));
  started_ = true;
  thread_ = std::thread([this] {
    listen_after_bind();
    listen_returned_ = true;
  });
  // Stop() is a no-op until the accept loop runs, so do not return before it does.
  while (!is_running() && !listen_returned_) std::this_thread::yield();
  if (!is_running() && !stop_requested_) {
    Wait();
    return Status::Internal(fmt::format("server on {} stopped at once", address.ToString()));
  }
  if (stop_requested_) Stop();  // a Stop() that came while the loop was starting
  return Status::Ok();
}

void ListeningServer::Stop() {
  stop_requested_ = true;  // seen by a Start() that has not begun serving yet
  stop();
  WakeAcceptLoop();
}

void ListeningServer::WakeAcceptLoop() const {
  if (!started_ || listen_returned_) return;
  const int fd = ConnectTo(address_, port_.load());
  if (fd >= 0) ::close(fd);
}

void ListeningServer::Wait() {
  MutexLock lock(wait_mu_);
  if (thread_.joinable()) {
    thread_.join();
    if (address_.is_unix()) ::unlink(address_.unix_path.c_str());
  }
}

}  // namespace pregon
