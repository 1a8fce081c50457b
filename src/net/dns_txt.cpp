#include "net/dns_txt.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace pregon {
namespace {

// Large enough for any UDP answer and for the TCP one glibc fetches when UDP was truncated.
constexpr int kAnswerBytes = 65536;

bool IsHostnameByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';  // '_' for _dmarc and _domainkey names
}

Status ValidateName(std::string_view name) {
  if (name.empty() || name.size() > 253 || !std::all_of(name.begin(), name.end(), IsHostnameByte))
    return Status::InvalidArgument(
        "'" + std::string(name.substr(0, 80)) +
        "' is not a DNS name of ASCII letters, digits, '-', '_' and '.'");
  return Status::Ok();
}

// ValidateDnsServer's parse: the address and port of "A.B.C.D[:PORT]".
Status ParseServer(std::string_view text, sockaddr_in* out) {
  const Status bad = Status::InvalidArgument(
      "PREGON_DNS_SERVER must be an IPv4 address with an optional port (127.0.0.1:5353), not '" +
      std::string(text.substr(0, 80)) + "'");
  const size_t colon = text.find(':');
  const std::string host(text.substr(0, colon));
  int port = 53;
  if (colon != std::string_view::npos) {
    const std::string_view digits = text.substr(colon + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || port < 1 ||
        port > 65535)
      return bad;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) return bad;
  if (out != nullptr) *out = addr;
  return Status::Ok();
}

// A resolver state of the lookup's own (res_ninit reads /etc/resolv.conf), closed on exit.
class Resolver {
 public:
  Resolver() { std::memset(&state_, 0, sizeof state_); }
  ~Resolver() {
    if (initialised_) res_nclose(&state_);
  }
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  Status Init(const DnsOptions& options) {
    sockaddr_in server{};
    if (!options.server.empty()) PREGON_RETURN_IF_ERROR(ParseServer(options.server, &server));
    if (res_ninit(&state_) != 0) return Status::Internal("the DNS resolver cannot be set up");
    initialised_ = true;
    state_.retrans = static_cast<int>(std::max<int64_t>(1, (options.timeout.count() + 999) / 1000));
    state_.retry = 2;
    if (!options.server.empty()) {
      // glibc uses nsaddr_list[0] as given once its family is set (res_send.c get_nsaddr).
      state_.nsaddr_list[0] = server;
      state_.nscount = 1;
    }
    return Status::Ok();
  }

  res_state get() { return &state_; }

 private:
  struct __res_state state_;
  bool initialised_ = false;
};

// Why res_nquery found nothing: no such name or no TXT there is an answer (empty), the rest
// are failures to get one.
Result<std::vector<std::string>> NoAnswer(int h_error, std::string_view name) {
  switch (h_error) {
    case HOST_NOT_FOUND:  // NXDOMAIN
    case NO_DATA:         // the name exists, without TXT records
      return std::vector<std::string>{};
    case TRY_AGAIN:
      return Status::Transient("no answer for " + std::string(name) +
                               " from the DNS server: it timed out or failed (SERVFAIL)");
    default:
      return Status::Transient("the DNS server refused the query for " + std::string(name));
  }
}

}  // namespace

Status ValidateDnsServer(std::string_view server) {
  if (server.empty()) return Status::Ok();
  return ParseServer(server, nullptr);
}

Result<std::vector<std::string>> TxtRecordsOf(const unsigned char* answer, int length) {
  ns_msg message;
  if (ns_initparse(answer, length, &message) < 0)
    return Status::InvalidArgument("a malformed DNS answer");
  std::vector<std::string> records;
  const int count = ns_msg_count(message, ns_s_an);
  for (int i = 0; i < count; ++i) {
    ns_rr rr;
    if (ns_parserr(&message, ns_s_an, i, &rr) < 0)
      return Status::InvalidArgument("a malformed record in a DNS answer");
    if (ns_rr_type(rr) != ns_t_txt) continue;
    const unsigned char* at = ns_rr_rdata(rr);
    const unsigned char* const end = at + ns_rr_rdlen(rr);
    std::string text;
    while (at < end) {  // <length byte><that many bytes>, repeated
      const size_t piece = *at++;
      if (piece > static_cast<size_t>(end - at))
        return Status::InvalidArgument("a malformed TXT record in a DNS answer");
      text.append(reinterpret_cast<const char*>(at), piece);
      at += piece;
    }
    records.push_back(std::move(text));
  }
  return records;
}

Result<std::vector<std::string>> LookupTxt(std::string_view name, const DnsOptions& options) {
  PREGON_RETURN_IF_ERROR(ValidateName(name));
  Resolver resolver;
  PREGON_RETURN_IF_ERROR(resolver.Init(options));
  std::vector<unsigned char> answer(kAnswerBytes);
  const std::string query(name);
  const int length =
      res_nquery(resolver.get(), query.c_str(), ns_c_in, ns_t_txt, answer.data(), kAnswerBytes);
  if (length < 0) return NoAnswer(resolver.get()->res_h_errno, name);
  return TxtRecordsOf(answer.data(), std::min(length, kAnswerBytes));
}

}  // namespace pregon
