#include "net/dns_txt.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace pregon {
namespace {

using Bytes = std::vector<unsigned char>;

void Put16(Bytes& b, int v) {
  b.push_back(static_cast<unsigned char>(v >> 8));
  b.push_back(static_cast<unsigned char>(v & 0xff));
}

// A DNS answer to `question` (the query's question section, name + type + class): rcode
// `rcode`, then one CNAME and one TXT record per entry of `txt`, each TXT of the given
// character-strings.
Bytes Answer(uint16_t id, const Bytes& question, int rcode,
             const std::vector<std::vector<std::string>>& txt, bool cname_first = false) {
  Bytes b;
  Put16(b, id);
  Put16(b, 0x8180 | rcode);  // a response, recursion desired and available
  Put16(b, 1);
  Put16(b, static_cast<int>(txt.size()) + (cname_first ? 1 : 0));
  Put16(b, 0);
  Put16(b, 0);
  b.insert(b.end(), question.begin(), question.end());
  auto record = [&](int type, const Bytes& rdata) {
    Put16(b, 0xc00c);  // the owner: the question's name
    Put16(b, type);
    Put16(b, 1);  // IN
    Put16(b, 0);
    Put16(b, 60);  // TTL
    Put16(b, static_cast<int>(rdata.size()));
    b.insert(b.end(), rdata.begin(), rdata.end());
  };
  if (cname_first) record(5, Bytes{0xc0, 0x0c});  // a CNAME (to itself: only its type matters)
  for (const auto& strings : txt) {
    Bytes rdata;
    for (const std::string& s : strings) {
      rdata.push_back(static_cast<unsigned char>(s.size()));
      rdata.insert(rdata.end(), s.begin(), s.end());
    }
    record(16, rdata);
  }
  return b;
}

// The wire form of the question "name TXT IN".
Bytes Question(const std::string& name) {
  Bytes q;
  size_t start = 0;
  while (start < name.size()) {
    const size_t dot = std::min(name.find('.', start), name.size());
    q.push_back(static_cast<unsigned char>(dot - start));
    q.insert(q.end(), name.begin() + static_cast<long>(start),
             name.begin() + static_cast<long>(dot));
    start = dot + 1;
  }
  q.push_back(0);
  Put16(q, 16);
  Put16(q, 1);
  return q;
}

TEST(DnsTxt, RecordsOfAnAnswerJoinTheirStringsAndSkipOtherTypes) {
  const Bytes answer = Answer(7, Question("k1._domainkey.example.test"), 0,
                              {{"v=DKIM1; k=rsa; ", "p=MIIB"}, {"second"}}, /*cname_first=*/true);
  auto records = TxtRecordsOf(answer.data(), static_cast<int>(answer.size()));
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  EXPECT_EQ(*records, (std::vector<std::string>{"v=DKIM1; k=rsa; p=MIIB", "second"}));

  Bytes cut = answer;
  cut.resize(cut.size() - 3);
  EXPECT_EQ(TxtRecordsOf(cut.data(), static_cast<int>(cut.size())).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(DnsTxt, ServerSettingIsAnIpv4AddressWithAnOptionalPort) {
  EXPECT_TRUE(ValidateDnsServer("").ok());
  EXPECT_TRUE(ValidateDnsServer("10.0.0.53").ok());
  EXPECT_TRUE(ValidateDnsServer("127.0.0.1:5353").ok());
  for (const char* bad : {"localhost", "::1", "[::1]:53", "127.0.0.1:", "127.0.0.1:0",
                          "127.0.0.1:70000", "127.0.0.1:53x", "1.2.3"}) {
    const Status st = ValidateDnsServer(bad);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(st.message().find("PREGON_DNS_SERVER must be an IPv4 address"), std::string::npos);
  }
}

// A DNS server on a loopback UDP port of its own: TXT records for "good.test", NXDOMAIN for
// every other name; or, `silent`, no answer at all.
class TinyDnsServer {
 public:
  explicit TinyDnsServer(bool silent) {
    fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    if (!silent) thread_ = std::thread([this] { Serve(); });
  }
  ~TinyDnsServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    close(fd_);
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      unsigned char query[512];
      sockaddr_in from{};
      socklen_t from_len = sizeof from;
      const ssize_t n =
          recvfrom(fd_, query, sizeof query, 0, reinterpret_cast<sockaddr*>(&from), &from_len);
      if (n < 12) continue;
      ssize_t end = 12;  // past the question's name, its type and class
      while (end < n && query[end] != 0) end += query[end] + 1;
      end += 5;
      if (end > n) continue;
      const Bytes question(query + 12, query + end);  // without any EDNS record after it
      const uint16_t id = static_cast<uint16_t>(query[0] << 8 | query[1]);
      const bool good = question == Question("good.test");
      const Bytes answer = good ? Answer(id, question, 0, {{"v=spf1 -all"}, {"hello"}})
                                : Answer(id, question, 3, {});
      sendto(fd_, answer.data(), answer.size(), 0, reinterpret_cast<sockaddr*>(&from), from_len);
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(DnsTxt, LooksUpAtTheServerItIsGiven) {
  TinyDnsServer server(/*silent=*/false);
  DnsOptions options;
  options.server = server.address();
  options.timeout = Millis(2000);
  auto good = LookupTxt("good.test", options);
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(*good, (std::vector<std::string>{"v=spf1 -all", "hello"}));
  auto missing = LookupTxt("missing.test", options);
  ASSERT_TRUE(missing.ok()) << missing.status().ToString();
  EXPECT_TRUE(missing->empty());
  EXPECT_EQ(LookupTxt("bad name.test", options).status().code(), StatusCode::kInvalidArgument);
  options.server = "dns.example";
  EXPECT_EQ(LookupTxt("good.test", options).status().code(), StatusCode::kInvalidArgument);
}

TEST(DnsTxt, AServerThatDoesNotAnswerIsTransient) {
  TinyDnsServer server(/*silent=*/true);
  DnsOptions options;
  options.server = server.address();
  options.timeout = Millis(1000);
  const Status st = LookupTxt("good.test", options).status();
  EXPECT_EQ(st.code(), StatusCode::kTransient);
  EXPECT_NE(st.message().find("no answer for good.test"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace pregon
