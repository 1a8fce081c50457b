// Beast's string_view is std::string_view in this file (the only one that includes Beast).
#define BOOST_BEAST_USE_STD_STRING_VIEW
#include "http/transport/http_transport.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <thread>
#include <vector>

#include "core/mutex.h"
#include "core/text.h"
#include "core/url.h"

namespace pregon::http {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;
using asio::local::stream_protocol;
using ErrorCode = boost::system::error_code;
using Strand = asio::strand<asio::io_context::executor_type>;

namespace {

constexpr int kBacklog = 4096;
constexpr size_t kReadChunk = 64 * 1024;

// The target's path, percent-decoded ("%20" → " "; a malformed escape is kept as sent).
std::string DecodedPath(std::string_view target) {
  return PercentDecode(target.substr(0, target.find('?')), false);
}

// A header value as it may go out: no CR, LF or NUL can split or end a header line.
bool SafeHeaderValue(std::string_view v) {
  return v.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// The head and body of a complete (not streamed) response, or of a stream's head.
std::string Serialize(const HttpResponse& res, bool head_only, bool keep_alive, bool chunked) {
  std::string out = "HTTP/1.1 " + std::to_string(res.status) + " ";
  out += std::string(bhttp::obsolete_reason(static_cast<bhttp::status>(res.status)));
  out += "\r\n";
  for (const auto& [name, value] : res.headers.all()) {
    if (!SafeHeaderValue(name) || !SafeHeaderValue(value)) {
      spdlog::error("HTTP: header {} dropped: its name or value holds CR, LF or NUL",
                    LogSafe(name, 64));
      continue;
    }
    out += name + ": " + value + "\r\n";
  }
  if (!res.content_type.empty() && SafeHeaderValue(res.content_type))
    out += "Content-Type: " + res.content_type + "\r\n";
  if (chunked)
    out += "Transfer-Encoding: chunked\r\n";
  else
    out += "Content-Length: " + std::to_string(res.body.size()) + "\r\n";
  if (!keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
  if (!head_only && !chunked) out += res.body;
  return out;
}

std::string Chunk(std::string_view text) {
  char size[20];
  const int n = std::snprintf(size, sizeof size, "%zx\r\n", text.size());
  std::string out(size, static_cast<size_t>(n));
  out += text;
  out += "\r\n";
  return out;
}

}  // namespace

std::string StrictHeadProblem(std::string_view head) {
  int hosts = 0, lengths = 0, encodings = 0;
  std::string_view rest = head.substr(head.find("\r\n") + 2);  // after the request line
  while (!rest.empty() && rest.substr(0, 2) != "\r\n") {
    const size_t eol = rest.find("\r\n");
    const std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? "" : rest.substr(eol + 2);
    if (line.empty()) break;
    if (line[0] == ' ' || line[0] == '\t') return "a header line is folded (obs-fold)";
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return "a header line has no colon";
    const std::string name = AsciiLower(line.substr(0, colon));
    const std::string_view value = TrimSpaceTab(line.substr(colon + 1));
    if (name == "host") ++hosts;
    if (name == "transfer-encoding") {
      ++encodings;
      if (AsciiLower(value) != "chunked") return "the only Transfer-Encoding accepted is chunked";
    }
    if (name == "content-length") {
      ++lengths;
      if (value.empty() || value.size() > 18 ||
          value.find_first_not_of("0123456789") != std::string_view::npos)
        return "Content-Length must be plain digits";
    }
  }
  if (lengths > 1) return "Content-Length is given more than once";
  if (encodings > 1) return "Transfer-Encoding is given more than once";
  if (lengths && encodings) return "Transfer-Encoding and Content-Length together";
  if (hosts > 1) return "Host is given more than once";
  return "";
}

class HttpTransport::Impl : public std::enable_shared_from_this<HttpTransport::Impl> {
 public:
  Impl(TransportHandler& handler, TransportOptions options)
      : handler_(handler), options_(std::move(options)) {}

  Status Start(const ListenAddress& address);
  void Stop();
  void Wait();
  int port() const { return port_.load(); }

  TransportHandler& handler() { return handler_; }
  const TransportOptions& options() const { return options_; }
  bool stopping() const { return stopping_.load(); }

  // Connection bookkeeping: Admit before serving one (false: over a cap), Release once.
  class Connection;
  bool Admit(const std::string& address, const std::shared_ptr<Connection>& c);
  void Release(const std::string& address, Connection* c);

 private:
  template <typename Acceptor>
  void Accept(Acceptor& acceptor);
  Status BindUnix(const std::string& path);

  TransportHandler& handler_;
  const TransportOptions options_;
  asio::io_context io_;
  std::optional<tcp::acceptor> tcp_;
  std::optional<stream_protocol::acceptor> unix_;
  std::string unix_path_;
  std::vector<std::thread> threads_;
  std::atomic<int> port_{0};
  std::atomic<bool> stopping_{false};
  Mutex mu_;
  std::map<Connection*, std::weak_ptr<Connection>> connections_ GUARDED_BY(mu_);
  std::map<std::string, int> per_address_ GUARDED_BY(mu_);
  Mutex wait_mu_;  // one joiner at a time
};

// One client connection: read a head, read its body, handle, write, and again — or stream.
// Every step runs on the connection's strand, so its state needs no lock.
class HttpTransport::Impl::Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Ptr = std::shared_ptr<Connection>;
  virtual ~Connection() = default;
  virtual void Begin() = 0;
  virtual void OnServerStop() = 0;  // posts to the strand
};

namespace {

template <typename Protocol>
class Session final : public HttpTransport::Impl::Connection {
 public:
  Session(std::shared_ptr<HttpTransport::Impl> server, typename Protocol::socket socket,
          Strand strand, std::string address, bool counted)
      : server_(std::move(server)),
        strand_(std::move(strand)),
        socket_(std::move(socket)),
        deadline_(strand_),
        tick_(strand_),
        address_(std::move(address)),
        counted_(counted) {}

  void Begin() override {
    ErrorCode ec;
    socket_.non_blocking(true, ec);  // reads after a readiness wait never block a thread
    asio::post(strand_, [self = Self()] { self->ReadHead(); });
  }
  void OnServerStop() override {
    asio::post(strand_, [self = Self()] {
      if (self->state_ == State::kWaiting) self->Close();
    });
  }

 private:
  enum class State { kWaiting, kReading, kHandling, kWriting, kStreaming, kClosed };

  std::shared_ptr<Session> Self() { return std::static_pointer_cast<Session>(shared_from_this()); }
  const TransportOptions& options() const { return server_->options(); }

  // Closes the connection unless the deadline is set again or cancelled first. (The
  // generation tells an expiry already queued when it was re-armed from a current one.)
  void SetDeadline(Millis d) {
    const uint64_t generation = ++deadline_generation_;
    deadline_.expires_after(std::chrono::milliseconds(d.count()));
    deadline_.async_wait([self = Self(), generation](const ErrorCode& ec) {
      if (!ec && generation == self->deadline_generation_) self->Close();
    });
  }
  void CancelDeadline() {
    ++deadline_generation_;
    deadline_.cancel();
  }

  void ReadHead() {
    if (state_ == State::kClosed) return;
    if (server_->stopping()) return Close();
    state_ = State::kWaiting;
    // Empty lines before a request line are skipped (RFC 9112 §2.2).
    while (in_.size() >= 2 && in_.compare(0, 2, "\r\n") == 0) in_.erase(0, 2);
    const size_t end = in_.find("\r\n\r\n");
    if (end != std::string::npos) return OnHead(end + 4);
    if (in_.size() > options().max_head_bytes) return RefuseHead();
    if (!waiting_armed_) {
      SetDeadline(first_ ? options().head_timeout : options().keep_alive_timeout);
      waiting_armed_ = true;
    }
    ReadSome([self = Self()] { self->ReadHead(); });
  }

  // Appends what arrives to in_, then calls `next`; closes on an error or the peer's end.
  // It waits for readiness with no buffer and reads only what has arrived, so a waiting
  // connection holds no read buffer (10,000 idle ones would otherwise hold 640 MB).
  template <typename Next>
  void ReadSome(Next next) {
    if (in_.empty() && in_.capacity() > 4096) std::string().swap(in_);
    socket_.async_wait(
        asio::socket_base::wait_read,
        asio::bind_executor(strand_, [self = Self(), next](const ErrorCode& ec) {
          if (ec || self->state_ == State::kClosed) return self->Close();
          ErrorCode e;
          const size_t ready = std::clamp<size_t>(self->socket_.available(e), 1, kReadChunk);
          const size_t old = self->in_.size();
          self->in_.resize(old + ready);
          const size_t n = self->socket_.read_some(asio::buffer(self->in_.data() + old, ready), e);
          self->in_.resize(old + n);
          if (e == asio::error::would_block) return self->ReadSome(next);  // a spurious wake
          if (e) return self->Close();  // the peer's end included
          next();
        }));
  }

  void OnHead(size_t head_size) {
    waiting_armed_ = false;
    state_ = State::kReading;
    if (head_size > options().max_head_bytes) return RefuseHead();
    const std::string_view head(in_.data(), head_size);
    if (std::string problem = StrictHeadProblem(head); !problem.empty())
      return Refuse(400, "malformed request: " + problem);
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options().max_head_bytes + 4));
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    ErrorCode ec;
    const size_t used = parser_->put(asio::buffer(head.data(), head.size()), ec);
    if (ec || !parser_->is_header_done())
      return Refuse(400, "malformed request: " + (ec ? ec.message() : "incomplete head"));
    in_.erase(0, used);
    const auto& msg = parser_->get();
    req_ = HttpRequest{};
    req_.method = std::string(msg.method_string());
    req_.target = std::string(msg.target());
    req_.path = DecodedPath(req_.target);
    for (const auto& field : msg)
      req_.headers.Add(std::string(field.name_string()), std::string(field.value()));
    req_.remote_addr = address_;
    if (msg.version() >= 11 && !req_.headers.Has("Host"))
      return Refuse(400, "malformed request: an HTTP/1.1 request needs a Host header");
    HeadDecision decision = server_->handler().OnHead(req_);
    if (decision.answer) {
      keep_alive_ = false;
      out_ = Serialize(*decision.answer, req_.method == "HEAD", false, false);
      return Write([self = Self()] { self->Shutdown(); });
    }
    const size_t limit = decision.body_limit;
    if (const auto length = parser_->content_length(); length && *length > limit)
      return RefuseBody(limit);
    body_limit_ = limit;
    parser_->body_limit(limit);
    parser_->eager(true);
    body_.clear();
    spool_fd_.reset();
    if (decision.spool) {
      Status opened = OpenSpool();
      if (!opened.ok()) {
        spdlog::error("HTTP: {}", opened.message());
        return Refuse(503, "");
      }
    }
    if (parser_->is_done()) return Handle();
    SetDeadline(options().body_timeout);
    if (in_.empty() && AsciiLower(req_.Header("Expect")) == "100-continue") {
      out_ = "HTTP/1.1 100 Continue\r\n\r\n";
      return Write([self = Self()] { self->ReadBody(); });
    }
    ReadBody();
  }

  void ReadBody() {
    if (state_ == State::kClosed) return;
    state_ = State::kReading;
    char buffer[16 * 1024];
    while (!in_.empty() && !parser_->is_done()) {
      auto& body = parser_->get().body();  // where the parser puts body bytes
      body.data = buffer;
      body.size = sizeof buffer;
      ErrorCode ec;
      const size_t used = parser_->put(asio::buffer(in_), ec);
      in_.erase(0, used);
      const size_t produced = sizeof buffer - body.size;
      if (produced > 0 && !KeepBody(std::string_view(buffer, produced))) return Refuse(503, "");
      if (ec == bhttp::error::need_buffer) continue;  // the buffer was full
      if (ec == bhttp::error::need_more) break;
      if (ec == bhttp::error::body_limit) return RefuseBody(body_limit_);
      if (ec) return Refuse(400, "malformed request body: " + ec.message());
      if (used == 0 && produced == 0) break;
    }
    if (parser_->is_done()) return Handle();
    if (in_.size() > options().max_head_bytes + kReadChunk)  // framing that never completes
      return Refuse(400, "malformed request body: a chunk's framing is too long");
    ReadSome([self = Self()] { self->ReadBody(); });
  }

  void RefuseHead() {
    Refuse(431, "the request head is larger than " + std::to_string(options().max_head_bytes) +
                    " bytes");
  }

  void RefuseBody(size_t limit) {
    Refuse(413, "the request body is larger than this route accepts (" + std::to_string(limit) +
                    " bytes)");
  }

  // A spooled body goes to an unlinked temporary file (PREGON's TMPDIR), never to the heap.
  Status OpenSpool() {
    const std::string dir = std::filesystem::temp_directory_path().string();
    std::string path = dir + "/pregon-upload-XXXXXX";
    const int fd = ::mkstemp(path.data());
    if (fd < 0)
      return Status::Internal("spooling a request body in " + dir + ": " + std::strerror(errno));
    ::unlink(path.c_str());
    spool_fd_.emplace(fd);
    spooled_bytes_ = 0;
    return Status::Ok();
  }

  bool KeepBody(std::string_view bytes) {
    if (!spool_fd_) {
      body_.append(bytes);
      return true;
    }
    while (!bytes.empty()) {
      const ssize_t n = ::write(*spool_fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        spdlog::error("HTTP: writing a spooled request body: {}", std::strerror(errno));
        return false;
      }
      bytes.remove_prefix(static_cast<size_t>(n));
      spooled_bytes_ += static_cast<size_t>(n);
    }
    return true;
  }

  void Handle() {
    CancelDeadline();
    state_ = State::kHandling;
    req_.body = std::move(body_);
    req_.spooled.reset();
    if (spool_fd_) {
      auto mapped = SpooledBody::Map(*spool_fd_, spooled_bytes_);  // owns the descriptor now
      spool_fd_.reset();
      if (!mapped.ok()) {
        spdlog::error("HTTP: {}", mapped.status().message());
        return Refuse(503, "");
      }
      req_.spooled = *mapped;
    }
    keep_alive_ = parser_->get().keep_alive();
    HttpResponse res;
    try {
      server_->handler().Handle(req_, res);
    } catch (const std::exception& e) {
      spdlog::error("{} {}: unexpected exception: {}", req_.method, LogSafe(req_.path, 200),
                    e.what());
      res = HttpResponse{};
      server_->handler().Refuse(500, "", res);
    }
    if (server_->stopping()) keep_alive_ = false;
    if (res.stream) return StartStream(std::move(res));
    out_ = Serialize(res, req_.method == "HEAD", keep_alive_, false);
    Write([self = Self()] { self->AfterAnswer(); });
  }

  void AfterAnswer() {
    if (!keep_alive_ || server_->stopping()) return Shutdown();
    first_ = false;
    ReadHead();
  }

  // Answers 400/413/431 and closes: after a refusal no byte is read as a request.
  void Refuse(int status, const std::string& message) {
    HttpResponse res;
    server_->handler().Refuse(status, message, res);
    keep_alive_ = false;
    out_ = Serialize(res, false, false, false);
    Write([self = Self()] { self->Shutdown(); });
  }

  template <typename Next>
  void Write(Next next) {
    if (state_ != State::kStreaming) state_ = State::kWriting;
    SetDeadline(options().write_timeout);
    asio::async_write(
        socket_, asio::buffer(out_),
        asio::bind_executor(strand_, [self = Self(), next](const ErrorCode& ec, size_t) {
          if (ec || self->state_ == State::kClosed) return self->Close();
          self->CancelDeadline();
          if (self->out_.capacity() > 64 * 1024) std::string().swap(self->out_);
          next();
        }));
  }

  void StartStream(HttpResponse res) {
    keep_alive_ = false;
    stream_ = std::move(res.stream);
    events_ = res.content_type == "text/event-stream";
    out_ = Serialize(res, false, false, true);
    state_ = State::kStreaming;
    // A client that goes away is seen at once: it sends nothing on a stream but its end.
    socket_.async_read_some(
        asio::buffer(watch_, sizeof watch_),
        asio::bind_executor(strand_, [self = Self()](const ErrorCode&, size_t) { self->Close(); }));
    last_write_ = asio::steady_timer::clock_type::now();
    Write([self = Self()] { self->Tick(); });
  }

  void Tick() {
    if (state_ == State::kClosed) return;
    if (server_->stopping()) {  // end the stream cleanly
      out_ = "0\r\n\r\n";
      return Write([self = Self()] { self->Shutdown(); });
    }
    EventSource::Step step;
    try {
      step = stream_->Next();
    } catch (const std::exception& e) {
      spdlog::error("{} {}: stream ended by an exception: {}", req_.method, LogSafe(req_.path, 200),
                    e.what());
      step.done = true;
    }
    const auto now = asio::steady_timer::clock_type::now();
    if (events_ && step.text.empty() &&
        now - last_write_ >= std::chrono::milliseconds(options().stream_heartbeat.count()))
      step.text = ": keep-alive\n\n";
    out_.clear();
    if (!step.text.empty()) {
      out_ = Chunk(step.text);
      last_write_ = now;
    }
    if (step.done) out_ += "0\r\n\r\n";
    const bool done = step.done, more = step.more;
    auto next = [self = Self(), done, more] {
      if (done) return self->Shutdown();
      if (more) return asio::post(self->strand_, [self] { self->Tick(); });
      self->tick_.expires_after(std::chrono::milliseconds(self->options().stream_interval.count()));
      self->tick_.async_wait([self](const ErrorCode& ec) {
        if (!ec) self->Tick();
      });
    };
    if (out_.empty()) return next();
    Write(std::move(next));
  }

  // Ends the connection after an answer: no more sending, then close.
  void Shutdown() {
    ErrorCode ec;
    socket_.shutdown(asio::socket_base::shutdown_send, ec);
    Close();
  }

  void Close() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    CancelDeadline();
    tick_.cancel();
    ErrorCode ec;
    socket_.close(ec);
    stream_.reset();  // gives its stream slot back
    if (spool_fd_) ::close(*spool_fd_);
    spool_fd_.reset();
    server_->Release(counted_ ? address_ : std::string(), this);
  }

  const std::shared_ptr<HttpTransport::Impl> server_;
  Strand strand_;
  typename Protocol::socket socket_;
  asio::steady_timer deadline_;
  asio::steady_timer tick_;
  const std::string address_;
  const bool counted_;  // counted against max_per_address
  State state_ = State::kWaiting;
  bool first_ = true;
  bool waiting_armed_ = false;
  bool keep_alive_ = false;
  uint64_t deadline_generation_ = 0;
  size_t body_limit_ = 0;
  std::string in_;  // received, not yet parsed
  std::string out_;
  std::optional<bhttp::request_parser<bhttp::buffer_body>> parser_;
  std::string body_;             // the body read so far, unless spooled
  std::optional<int> spool_fd_;  // the spool file of the body being read
  size_t spooled_bytes_ = 0;
  HttpRequest req_;
  std::shared_ptr<EventSource> stream_;
  bool events_ = false;
  asio::steady_timer::time_point last_write_;
  char watch_[1];
};

}  // namespace

bool HttpTransport::Impl::Admit(const std::string& address, const std::shared_ptr<Connection>& c) {
  MutexLock lock(mu_);
  if (static_cast<int>(connections_.size()) >= options_.max_connections) return false;
  if (!address.empty() && per_address_[address] >= options_.max_per_address) return false;
  connections_[c.get()] = c;
  if (!address.empty()) ++per_address_[address];
  return true;
}

void HttpTransport::Impl::Release(const std::string& address, Connection* c) {
  MutexLock lock(mu_);
  connections_.erase(c);
  if (!address.empty()) {
    auto it = per_address_.find(address);
    if (it != per_address_.end() && --it->second <= 0) per_address_.erase(it);
  }
}

template <typename Acceptor>
void HttpTransport::Impl::Accept(Acceptor& acceptor) {
  using Protocol = typename Acceptor::protocol_type;
  auto strand = asio::make_strand(io_);
  acceptor.async_accept(strand, [this, self = shared_from_this(), &acceptor, strand](
                                    const ErrorCode& ec, typename Protocol::socket socket) {
    if (ec == asio::error::operation_aborted || stopping_) return;
    if (ec) {
      // Out of file descriptors or a transient error: try again shortly, without spinning.
      spdlog::warn("HTTP: accepting a connection: {}", ec.message());
      auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(100));
      timer->async_wait([this, self, timer, &acceptor](const ErrorCode&) { Accept(acceptor); });
      return;
    }
    std::string address;
    bool counted = false;
    if constexpr (std::is_same_v<Protocol, tcp>) {
      ErrorCode e;
      socket.set_option(tcp::no_delay(true), e);
      const auto peer = socket.remote_endpoint(e);
      if (!e) address = peer.address().to_string();
      counted = !address.empty() && !options_.trusted_proxies.Contains(address);
    }
    auto session =
        std::make_shared<Session<Protocol>>(self, std::move(socket), strand, address, counted);
    if (Admit(counted ? address : std::string(), session)) {
      session->Begin();
    } else {
      spdlog::debug("HTTP: connection from {} refused: over the connection limits", address);
    }
    Accept(acceptor);
  });
}

Status HttpTransport::Impl::BindUnix(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode))
      return Status::Unavailable("cannot listen on unix:" + path +
                                 ": the path exists and is not a socket");
    stream_protocol::socket probe(io_);
    ErrorCode ec;
    probe.connect(stream_protocol::endpoint(path), ec);
    if (!ec)
      return Status::Unavailable("cannot listen on unix:" + path +
                                 ": another server answers there");
    ::unlink(path.c_str());  // stale: its server is gone
  }
  ErrorCode ec;
  unix_.emplace(io_);
  unix_->open(stream_protocol(), ec);
  if (!ec) unix_->bind(stream_protocol::endpoint(path), ec);
  if (!ec) unix_->listen(kBacklog, ec);
  if (ec) return Status::Unavailable("cannot listen on unix:" + path + ": " + ec.message());
  if (::chmod(path.c_str(), 0660) != 0)
    return Status::Internal("chmod unix:" + path + ": " + std::strerror(errno));
  unix_path_ = path;
  return Status::Ok();
}

Status HttpTransport::Impl::Start(const ListenAddress& address) {
  // Each connection is a file descriptor: allow as many as the system lets this process.
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
  if (address.is_unix()) {
    PREGON_RETURN_IF_ERROR(BindUnix(address.unix_path));
  } else {
    ErrorCode ec;
    const auto ip = asio::ip::make_address(address.host, ec);
    if (ec)
      return Status::Unavailable("cannot listen on " + address.ToString() + ": " + ec.message());
    const tcp::endpoint endpoint(ip, static_cast<unsigned short>(address.port));
    tcp_.emplace(io_);
    tcp_->open(endpoint.protocol(), ec);
    if (!ec) tcp_->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) tcp_->bind(endpoint, ec);
    if (!ec) tcp_->listen(kBacklog, ec);
    if (ec)
      return Status::Unavailable("cannot listen on " + address.ToString() + ": " + ec.message());
    port_ = tcp_->local_endpoint(ec).port();
  }
  if (tcp_) Accept(*tcp_);
  if (unix_) Accept(*unix_);
  const int n = std::max(1, options_.threads);
  for (int i = 0; i < n; ++i) threads_.emplace_back([this] { io_.run(); });
  return Status::Ok();
}

void HttpTransport::Impl::Stop() {
  if (stopping_.exchange(true)) return;
  asio::post(io_, [self = shared_from_this()] {
    ErrorCode ec;
    if (self->tcp_) self->tcp_->close(ec);
    if (self->unix_) self->unix_->close(ec);
  });
  std::vector<std::shared_ptr<Connection>> live;
  {
    MutexLock lock(mu_);
    for (auto& [ptr, weak] : connections_)
      if (auto c = weak.lock()) live.push_back(std::move(c));
  }
  for (auto& c : live) c->OnServerStop();
}

void HttpTransport::Impl::Wait() {
  MutexLock lock(wait_mu_);
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
  if (!unix_path_.empty()) {
    ::unlink(unix_path_.c_str());
    unix_path_.clear();
  }
}

HttpTransport::HttpTransport(TransportHandler& handler, TransportOptions options)
    : impl_(std::make_shared<Impl>(handler, std::move(options))) {}
HttpTransport::~HttpTransport() {
  Stop();
  Wait();
}
Status HttpTransport::Start(const ListenAddress& address) { return impl_->Start(address); }
int HttpTransport::port() const { return impl_->port(); }
void HttpTransport::Stop() { impl_->Stop(); }
void HttpTransport::Wait() { impl_->Wait(); }

}  // namespace pregon::http
