// ProbeSmtp against a real SMTP server (aiosmtpd, testdata/smtp_sink.py): what it reports for
// each TLS policy and login, and that the sink never receives a message.
#include "channels/smtp/smtp_probe.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>

#include "channels/smtp/smtp_test_util.h"

namespace pregon {
namespace {

using testing_util::SinkTls;
using testing_util::SmtpSink;
using testing_util::TempDir;

class SmtpProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access(testing_util::kPython, X_OK) != 0) GTEST_SKIP() << "no /usr/bin/python3";
  }

  // A sink requiring the login pregon / s3cr3t-pw, speaking `tls`.
  void StartSink(SinkTls tls, bool with_auth = true) {
    std::vector<std::string> args;
    if (with_auth) args = {"--auth-user", "pregon", "--auth-password", "s3cr3t-pw"};
    if (tls != SinkTls::kNone) {
      const std::string certs = TempDir("probe-certs");
      ASSERT_TRUE(testing_util::MakeLoopbackCertificate(certs)) << "openssl req failed";
      options_.ca_file = certs + "/cert.pem";
      args.insert(args.end(), {"--tls-cert", certs + "/cert.pem", "--tls-key", certs + "/key.pem"});
    }
    sink_ = std::make_unique<SmtpSink>(dir_, args, tls);
    ASSERT_NE(sink_->port(), 0) << "the aiosmtpd sink did not start";
  }

  SmtpProbeResult Probe(const std::string& url) {
    auto r = ProbeSmtp(url, options_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : SmtpProbeResult{};
  }

  bool NothingStored() const {
    for (const auto& entry : std::filesystem::directory_iterator(dir_))
      if (entry.path().extension() == ".eml") return false;
    return true;
  }

  const std::string dir_ = TempDir("probe-sink");
  SmtpProbeOptions options_;
  std::unique_ptr<SmtpSink> sink_;
};

TEST_F(SmtpProbeTest, StartTlsAndLoginAcceptedWithoutSendingMail) {
  StartSink(SinkTls::kStartTls);
  const SmtpProbeResult r = Probe(sink_->Url("pregon:s3cr3t-pw"));
  EXPECT_EQ(r.outcome, SmtpProbeOutcome::kOk) << r.detail;
  EXPECT_TRUE(r.tls);
  EXPECT_TRUE(r.has_credentials);
  EXPECT_TRUE(r.authenticated);
  EXPECT_EQ(sink_->Connections(), 1u);
  EXPECT_TRUE(NothingStored());
}

TEST_F(SmtpProbeTest, AWrongPasswordIsRefusedAndNotRepeated) {
  StartSink(SinkTls::kStartTls);
  const SmtpProbeResult r = Probe(sink_->Url("pregon:wrong-password"));
  EXPECT_EQ(r.outcome, SmtpProbeOutcome::kLoginRefused);
  EXPECT_EQ(r.reply_code, 535);
  EXPECT_EQ(r.detail.rfind("535 ", 0), 0u) << r.detail;
  EXPECT_EQ(r.detail.find("wrong-password"), std::string::npos);
  EXPECT_FALSE(r.authenticated);
  EXPECT_TRUE(NothingStored());
}

TEST_F(SmtpProbeTest, ImplicitTls) {
  StartSink(SinkTls::kImplicit);
  const SmtpProbeResult r = Probe(sink_->Url("pregon:s3cr3t-pw"));
  EXPECT_EQ(r.outcome, SmtpProbeOutcome::kOk) << r.detail;
  EXPECT_EQ(r.tls_policy, SmtpTls::kImplicit);
  EXPECT_TRUE(r.tls);
  EXPECT_TRUE(r.authenticated);
}

TEST_F(SmtpProbeTest, AnUntrustedCertificateIsATlsFailure) {
  StartSink(SinkTls::kStartTls);
  options_.ca_file.clear();  // the system's authorities: the self-signed certificate is refused
  const SmtpProbeResult r = Probe(sink_->Url("pregon:s3cr3t-pw"));
  EXPECT_EQ(r.outcome, SmtpProbeOutcome::kTlsFailed);
  EXPECT_FALSE(r.tls);
  EXPECT_NE(r.detail.find("certificate"), std::string::npos) << r.detail;
}

TEST_F(SmtpProbeTest, NoStartTlsOfferedIsRefusedUnlessClearTextIsAllowed) {
  StartSink(SinkTls::kNone);
  const std::string url = "smtp://pregon:s3cr3t-pw@127.0.0.1:" + std::to_string(sink_->port());
  EXPECT_EQ(Probe(url).outcome, SmtpProbeOutcome::kNoStartTls);
  const SmtpProbeResult optional = Probe(url + "?starttls=optional");
  EXPECT_EQ(optional.outcome, SmtpProbeOutcome::kOk) << optional.detail;
  EXPECT_FALSE(optional.tls);
  EXPECT_TRUE(optional.authenticated);
}

TEST_F(SmtpProbeTest, CredentialsUnusedWhenTheServerOffersNoAuth) {
  StartSink(SinkTls::kNone, /*with_auth=*/false);
  const SmtpProbeResult r = Probe(sink_->Url("pregon:s3cr3t-pw"));
  EXPECT_EQ(r.outcome, SmtpProbeOutcome::kOk) << r.detail;
  EXPECT_TRUE(r.has_credentials);
  EXPECT_FALSE(r.authenticated);
}

TEST(SmtpProbe, AClosedPortIsUnreachableAndABadUrlAnError) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);  // bound and closed: nothing listens there
  auto r = ProbeSmtp("smtp://127.0.0.1:" + std::to_string(ntohs(a.sin_port)), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->outcome, SmtpProbeOutcome::kUnreachable);
  EXPECT_EQ(ProbeSmtp("http://example.com", {}).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace pregon
