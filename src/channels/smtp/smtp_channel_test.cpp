// SmtpChannel against a real SMTP server: aiosmtpd (testdata/smtp_sink.py) on 127.0.0.1,
// with every stored message read back by Python's email package (check_messages.py).
#include "channels/smtp/smtp_channel.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <set>

#include "channels/channel_factory.h"
#include "channels/channel_test_util.h"
#include "channels/smtp/smtp_test_util.h"

namespace pregon {
namespace {

using Json = nlohmann::json;
using testing_util::SmtpSink;
using testing_util::TempDir;

constexpr char kUser[] = "news@example.com";
constexpr char kPassword[] = "p@ss:wörd/1%";
constexpr char kEncodedUserinfo[] = "news%40example.com:p%40ss%3Aw%C3%B6rd%2F1%25";

Sender SmtpSender(const std::string& url) {
  Sender sender;
  sender.name = "smtp-test";
  sender.kind = ChannelKind::kSmtp;
  sender.smtp_url = url;
  sender.from_email = "news@example.com";
  sender.from_name = "Pregón Noticias";
  return sender;
}

// A personalised campaign: names, subjects and bodies with Spanish accents and emoji, a
// text line starting with a dot (libcurl must stuff it), a line longer than 76 bytes,
// text+html for most recipients and text only for some; every 20th recipient (8th, 28th,
// 48th) is a "bounce…" address that the sink refuses with 550.
std::vector<OutgoingMessage> Campaign(int count) {
  std::vector<OutgoingMessage> messages(count);
  for (int i = 0; i < count; ++i) {
    OutgoingMessage& m = messages[i];
    const std::string n = std::to_string(i + 1);
    m.campaign_id = 11;
    m.delivery_id = i + 1;
    m.to = (i % 20 == 7 ? "bounce" : "user") + n + "@example.com";
    m.to_name = "José Núñez " + n;
    m.subject = i % 3 == 0 ? "Oferta " + n
                           : "¡Hola José " + n +
                                 "! Café ☕, piñatas y más sorpresas 🎉 "
                                 "sólo esta semana en nuestra tienda";
    m.text = "Hola José " + n + ",\n\nTu código es ÑANDÚ-" + n + " 🎉\n.\n.oculto\n" +
             std::string(120, '=') + "\nAdiós\n";
    if (i % 4 != 1) m.html = "<p>Hola <b>José " + n + "</b> — ¡gracias! 🎉</p>\n";
    if (i % 5 == 0) m.reply_to = "respuestas@example.com";
  }
  return messages;
}

class SmtpChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access(testing_util::kPython, X_OK) != 0) GTEST_SKIP() << "no /usr/bin/python3";
  }

  void StartSink(std::vector<std::string> args = {},
                 testing_util::SinkTls tls = testing_util::SinkTls::kNone) {
    sink_ = std::make_unique<SmtpSink>(dir_, std::move(args), tls);
    ASSERT_NE(sink_->port(), 0) << "the aiosmtpd sink did not start";
  }

  // Starts a sink speaking `tls` with a fresh self-signed certificate (cert_ names it).
  void StartTlsSink(testing_util::SinkTls tls) {
    const std::string certs = TempDir("smtp-certs");
    ASSERT_TRUE(testing_util::MakeLoopbackCertificate(certs)) << "openssl req failed";
    cert_ = certs + "/cert.pem";
    StartSink({"--tls-cert", cert_, "--tls-key", certs + "/key.pem"}, tls);
  }

  // Whether each stored message came over TLS, from the sink's NNNN.json files.
  std::vector<bool> StoredOverTls() {
    std::vector<bool> tls;
    for (int i = 1;; ++i) {
      std::ifstream in(dir_ + "/" + fmt::format("{:04d}", i) + ".json");
      if (!in) break;
      tls.push_back(nlohmann::json::parse(in).at("tls").get<bool>());
    }
    return tls;
  }

  std::unique_ptr<Channel> MakeSmtp(const Sender& sender, ChannelSettings settings = {}) {
    settings.clock = &clock_;
    auto channel = MakeChannel(sender, settings);
    EXPECT_TRUE(channel.ok()) << channel.status().ToString();
    return channel.ok() ? std::move(channel).value() : nullptr;
  }

  const std::string dir_ = TempDir("smtp-sink");
  FakeClock clock_;  // 2026-01-01T00:00:00Z
  std::unique_ptr<SmtpSink> sink_;
  std::string cert_;
};

TEST_F(SmtpChannelTest, StartTlsIsRequiredByDefaultAndCarriesAuthAndMail) {
  StartTlsSink(testing_util::SinkTls::kStartTls);
  ChannelSettings settings;
  settings.ca_file = cert_;  // the sink's self-signed certificate is trusted
  auto channel = MakeSmtp(SmtpSender(sink_->Url()), settings);
  const auto results = channel->SendBatch(Campaign(3));
  for (const auto& r : results) EXPECT_EQ(r.outcome, SendOutcome::kSent) << r.error;
  EXPECT_EQ(StoredOverTls(), (std::vector<bool>{true, true, true}));
}

TEST_F(SmtpChannelTest, ImplicitTlsWithSmtps) {
  StartTlsSink(testing_util::SinkTls::kImplicit);
  ChannelSettings settings;
  settings.ca_file = cert_;
  auto channel = MakeSmtp(SmtpSender(sink_->Url()), settings);
  ASSERT_EQ(sink_->Url().rfind("smtps://", 0), 0u);
  const auto results = channel->SendBatch(Campaign(2));
  for (const auto& r : results) EXPECT_EQ(r.outcome, SendOutcome::kSent) << r.error;
  EXPECT_EQ(StoredOverTls(), (std::vector<bool>{true, true}));
}

TEST_F(SmtpChannelTest, UntrustedCertificateBlocksTheSenderAndSendsNothing) {
  StartTlsSink(testing_util::SinkTls::kStartTls);
  auto channel = MakeSmtp(SmtpSender(sink_->Url()));  // system CAs: self-signed is refused
  const auto results = channel->SendBatch(Campaign(2));
  EXPECT_EQ(results[0].outcome, SendOutcome::kTransient);
  EXPECT_TRUE(results[0].sender_blocked);
  EXPECT_EQ(results[0].error.rfind("TLS: ", 0), 0u) << results[0].error;
  EXPECT_EQ(results[1].error, "not attempted: " + results[0].error);
  EXPECT_TRUE(StoredOverTls().empty());
}

TEST_F(SmtpChannelTest, ServerWithoutStartTlsIsRefusedUnlessTheUrlAllowsClearText) {
  StartSink();  // offers no STARTTLS
  std::string url = sink_->Url();
  url = url.substr(0, url.find('?'));  // the default: STARTTLS required
  auto strict = MakeSmtp(SmtpSender(url));
  const auto refused = strict->SendBatch(Campaign(1));
  EXPECT_EQ(refused[0].outcome, SendOutcome::kTransient);
  EXPECT_TRUE(refused[0].sender_blocked);
  EXPECT_EQ(refused[0].error.rfind("TLS: ", 0), 0u) << refused[0].error;
  EXPECT_TRUE(StoredOverTls().empty());
  auto optional = MakeSmtp(SmtpSender(url + "?starttls=optional"));
  EXPECT_EQ(optional->SendBatch(Campaign(1))[0].outcome, SendOutcome::kSent);
  EXPECT_EQ(StoredOverTls(), (std::vector<bool>{false}));
}

TEST_F(SmtpChannelTest, DeliversAPersonalisedCampaignThatReadsBackExactly) {
  StartSink();
  ChannelSettings settings;
  settings.unsubscribe_base_url = "https://mail.example.com";
  settings.tracking = std::make_shared<const TrackingSigner>(
      TrackingSigner::FromSecretKey(
          "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")
          .value());
  auto channel = MakeSmtp(SmtpSender(sink_->Url()), settings);
  const std::vector<OutgoingMessage> messages = Campaign(50);
  const std::vector<SendResult> results = channel->SendBatch(messages);
  ASSERT_EQ(results.size(), messages.size());

  std::map<std::string, const OutgoingMessage*> by_message_id;
  for (size_t i = 0; i < messages.size(); ++i) {
    SCOPED_TRACE(messages[i].to);
    if (messages[i].to.rfind("bounce", 0) == 0) {
      EXPECT_EQ(results[i].outcome, SendOutcome::kPermanent);
      EXPECT_FALSE(results[i].sender_blocked);
      EXPECT_EQ(results[i].error, "SMTP 550: 550 5.1.1 <" + messages[i].to +
                                      ">: Recipient address rejected: User unknown");
      continue;
    }
    ASSERT_EQ(results[i].outcome, SendOutcome::kSent) << results[i].error;
    EXPECT_TRUE(by_message_id.emplace(results[i].provider_id, &messages[i]).second)
        << "Message-IDs are unique";
  }
  ASSERT_EQ(by_message_id.size(), 47u);
  // One connection, reused; libcurl drops it after each refused transaction (3 bounces).
  EXPECT_LE(sink_->Connections(), 4u);

  const std::vector<Json> stored = testing_util::CheckMessages(dir_);
  ASSERT_EQ(stored.size(), 47u);
  for (const Json& m : stored) {
    const std::string message_id = m["headers"]["message-id"][0];
    SCOPED_TRACE(message_id);
    ASSERT_EQ(message_id.front(), '<');
    const auto it = by_message_id.find(message_id.substr(1, message_id.size() - 2));
    ASSERT_NE(it, by_message_id.end());
    const OutgoingMessage& sent = *it->second;
    const std::string token = UnsubscribeToken(sent.campaign_id, sent.delivery_id);
    const std::string signed_token = settings.tracking->Sign(
        {TrackingKind::kUnsubscribe, sent.campaign_id, sent.delivery_id, 0});

    // Envelope.
    EXPECT_EQ(m["mail_from"], "news@example.com");
    EXPECT_EQ(m["rcpt_tos"], Json::array({sent.to}));
    // Headers, as a mail reader decodes them.
    EXPECT_TRUE(m["defects"].empty()) << m["defects"];
    EXPECT_EQ(m["addresses"]["from"][0]["name"], "Pregón Noticias");
    EXPECT_EQ(m["addresses"]["from"][0]["address"], "news@example.com");
    EXPECT_EQ(m["addresses"]["to"][0]["name"], sent.to_name);
    EXPECT_EQ(m["addresses"]["to"][0]["address"], sent.to);
    EXPECT_EQ(m["headers"]["subject"][0], sent.subject);
    EXPECT_EQ(m["headers"]["date"][0], "Thu, 01 Jan 2026 00:00:00 +0000");
    EXPECT_EQ(m["headers"]["mime-version"][0], "1.0");
    EXPECT_EQ(m["headers"]["list-unsubscribe"][0],
              "<mailto:unsubscribe@example.com?subject=unsubscribe-" + token +
                  ">, <https://mail.example.com/u/" + signed_token + ">");
    EXPECT_EQ(m["headers"]["list-unsubscribe-post"][0], "List-Unsubscribe=One-Click");
    EXPECT_EQ(m["headers"]["x-pregon-campaign-id"][0], "11");
    EXPECT_EQ(m["headers"]["x-pregon-delivery-id"][0], std::to_string(sent.delivery_id));
    if (sent.reply_to.empty()) {
      EXPECT_FALSE(m["headers"].contains("reply-to"));
    } else {
      EXPECT_EQ(m["addresses"]["reply-to"][0]["address"], sent.reply_to);
    }
    // Wire format: CRLF only, 7-bit, header lines folded to 78, body lines within 76.
    EXPECT_FALSE(m["bare_lf"]);
    EXPECT_FALSE(m["bare_cr"]);
    EXPECT_FALSE(m["eight_bit"]);
    EXPECT_LE(m["max_header_line"], 78);
    EXPECT_LE(m["max_line"], 998);
    // Structure and content: the personalised text and html, byte for byte.
    const Json& parts = m["parts"];
    if (sent.html.empty()) {
      EXPECT_EQ(m["content_type"], "text/plain");
      ASSERT_EQ(parts.size(), 1u);
    } else {
      EXPECT_EQ(m["content_type"], "multipart/alternative");
      ASSERT_EQ(parts.size(), 2u);
      EXPECT_EQ(parts[1]["content_type"], "text/html");
      EXPECT_EQ(parts[1]["charset"], "utf-8");
      EXPECT_EQ(parts[1]["content"], sent.html);
    }
    EXPECT_EQ(parts[0]["content_type"], "text/plain");
    EXPECT_EQ(parts[0]["charset"], "utf-8");
    EXPECT_EQ(parts[0]["cte"], "quoted-printable");
    EXPECT_EQ(parts[0]["content"], sent.text);  // includes the "." and ".oculto" lines
  }
}

TEST_F(SmtpChannelTest, ConsecutiveBatchesReuseTheConnection) {
  StartSink();
  auto channel = MakeSmtp(SmtpSender(sink_->Url()));
  for (int batch = 0; batch < 3; ++batch) {
    auto messages = Campaign(6);  // no bounce among the first 7
    for (const SendResult& r : channel->SendBatch(messages)) {
      EXPECT_EQ(r.outcome, SendOutcome::kSent) << r.error;
    }
  }
  EXPECT_EQ(testing_util::CheckMessages(dir_).size(), 18u);
  EXPECT_EQ(sink_->Connections(), 1u);
}

TEST_F(SmtpChannelTest, AuthenticatesWithPercentDecodedCredentials) {
  StartSink({"--auth-user", kUser, "--auth-password", kPassword});
  auto channel = MakeSmtp(SmtpSender(sink_->Url(kEncodedUserinfo)));
  for (const SendResult& r : channel->SendBatch(Campaign(3))) {
    EXPECT_EQ(r.outcome, SendOutcome::kSent) << r.error;
  }
  EXPECT_EQ(testing_util::CheckMessages(dir_).size(), 3u);
}

TEST_F(SmtpChannelTest, RejectedCredentialsBlockTheSenderWithoutShowingThem) {
  StartSink({"--auth-user", kUser, "--auth-password", "another-password"});
  auto channel = MakeSmtp(SmtpSender(sink_->Url(kEncodedUserinfo)));
  const auto results = channel->SendBatch(Campaign(3));
  for (size_t i = 0; i < results.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(results[i].outcome, SendOutcome::kTransient);
    EXPECT_TRUE(results[i].sender_blocked);
    EXPECT_NE(results[i].error.find("SMTP 535: authentication failed"), std::string::npos)
        << results[i].error;
    EXPECT_EQ(results[i].error.find("wörd"), std::string::npos) << results[i].error;
    EXPECT_EQ(results[i].error.rfind("not attempted: ", 0) == 0, i > 0) << results[i].error;
  }
  EXPECT_TRUE(testing_util::CheckMessages(dir_).empty());
  EXPECT_EQ(sink_->Connections(), 1u);  // the rest of the batch was not attempted
}

TEST_F(SmtpChannelTest, ServerRepliesAreClassified) {
  StartSink();
  auto channel = MakeSmtp(SmtpSender(sink_->Url()));
  auto messages = Campaign(4);
  messages[0].to = "greylist1@example.com";
  messages[1].subject = "REJECT-ME please";
  messages[2].to = "not an address";
  const auto results = channel->SendBatch(messages);
  EXPECT_EQ(results[0].outcome, SendOutcome::kTransient);
  EXPECT_FALSE(results[0].sender_blocked);
  EXPECT_EQ(results[0].error.rfind("SMTP 451: 451 4.7.1", 0), 0u) << results[0].error;
  EXPECT_EQ(results[1].outcome, SendOutcome::kPermanent);
  EXPECT_EQ(results[1].error, "SMTP 554: 554 5.7.1 Message rejected as spam");
  EXPECT_EQ(results[2].outcome, SendOutcome::kPermanent);
  EXPECT_NE(results[2].error.find("not a valid e-mail address"), std::string::npos);
  EXPECT_EQ(results[3].outcome, SendOutcome::kSent) << results[3].error;
  EXPECT_EQ(testing_util::CheckMessages(dir_).size(), 1u);
}

TEST_F(SmtpChannelTest, RefusedSenderAddressBlocksTheSender) {
  StartSink();
  Sender sender = SmtpSender(sink_->Url());
  sender.from_email = "blocked@example.com";
  auto channel = MakeSmtp(sender);
  const auto results = channel->SendBatch(Campaign(2));
  EXPECT_EQ(results[0].outcome, SendOutcome::kTransient);
  EXPECT_TRUE(results[0].sender_blocked);
  EXPECT_EQ(results[0].error.rfind("SMTP 553: sender address refused: 553 5.7.1", 0), 0u)
      << results[0].error;
  EXPECT_EQ(results[1].error, "not attempted: " + results[0].error);
}

TEST_F(SmtpChannelTest, RefusedConnectionIsTransientForTheWholeBatch) {
  auto channel =
      MakeSmtp(SmtpSender("smtp://127.0.0.1:" + std::to_string(testing_util::UnusedPort())));
  const auto results = channel->SendBatch(Campaign(3));
  EXPECT_EQ(results[0].outcome, SendOutcome::kTransient);
  EXPECT_EQ(results[0].error.rfind("connect: ", 0), 0u) << results[0].error;
  for (size_t i = 1; i < results.size(); ++i) {
    EXPECT_EQ(results[i].outcome, SendOutcome::kTransient);
    EXPECT_EQ(results[i].error, "not attempted: " + results[0].error);
  }
}

TEST_F(SmtpChannelTest, SilentServerTimesOut) {
  // A socket that listens but never greets: the kernel completes the TCP handshake and
  // the client waits for "220".
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ChannelSettings settings;
  settings.request_timeout = std::chrono::milliseconds(200);
  auto channel =
      MakeSmtp(SmtpSender("smtp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port))), settings);
  const auto start = std::chrono::steady_clock::now();
  // One timeout per message would take 20 x 200 ms = 4 s; the batch's one takes 0.2 s, and 3 s
  // leaves a busy machine room.
  const auto results = channel->SendBatch(Campaign(20));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3))
      << "one timeout for the batch, not one per message";
  EXPECT_EQ(results[0].outcome, SendOutcome::kTransient);
  EXPECT_EQ(results[0].error.rfind("timeout: ", 0), 0u) << results[0].error;
  EXPECT_FALSE(results[0].ambiguous) << "no message was written to a server that never greeted";
  EXPECT_EQ(results[19].error, "not attempted: " + results[0].error);
  ::close(fd);
}

// The server stores the message and is slow to say so: the client's timeout after the
// message's end leaves it open whether the message went, so the result is ambiguous (an
// at_most_once campaign will not send it again). The messages after it were never written.
TEST_F(SmtpChannelTest, ATimeoutAfterTheMessageWasWrittenIsAmbiguous) {
  StartSink();
  ChannelSettings settings;
  settings.request_timeout = std::chrono::milliseconds(1500);
  auto channel = MakeSmtp(SmtpSender(sink_->Url()), settings);
  auto messages = Campaign(2);
  messages[0].subject = "SLOW-ACK please";
  const auto results = channel->SendBatch(messages);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].outcome, SendOutcome::kTransient);
  EXPECT_TRUE(results[0].ambiguous);
  EXPECT_EQ(results[0].error.rfind("no answer after the message was sent: timeout: ", 0), 0u)
      << results[0].error;
  EXPECT_FALSE(results[1].ambiguous);
  EXPECT_EQ(results[1].error, "not attempted: " + results[0].error);
  EXPECT_EQ(testing_util::CheckMessages(dir_).size(), 1u) << "the server did take it";
}

}  // namespace
}  // namespace pregon
