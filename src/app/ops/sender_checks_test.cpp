#include "app/ops/sender_checks.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

SmtpProbeResult Accepted(SmtpTls policy, bool tls, bool credentials, bool authenticated) {
  SmtpProbeResult p;
  p.outcome = SmtpProbeOutcome::kOk;
  p.tls_policy = policy;
  p.tls = tls;
  p.has_credentials = credentials;
  p.authenticated = authenticated;
  return p;
}

TEST(SenderChecks, SmtpSessionsThatWorkSayWhatWasVerified) {
  Finding f = JudgeSmtpProbe("mail.example.com:587",
                             Accepted(SmtpTls::kStartTlsRequired, true, true, true));
  EXPECT_EQ(f.level, CheckLevel::kOk);
  EXPECT_EQ(f.message, "mail.example.com:587: TLS (STARTTLS) and AUTH accepted");
  f = JudgeSmtpProbe("mail.example.com:465", Accepted(SmtpTls::kImplicit, true, false, false));
  EXPECT_EQ(f.level, CheckLevel::kOk);
  EXPECT_EQ(f.message, "mail.example.com:465: TLS (smtps) accepted; no login configured");
  f = JudgeSmtpProbe("127.0.0.1:25", Accepted(SmtpTls::kNone, false, false, false));
  EXPECT_EQ(f.level, CheckLevel::kOk) << "starttls=never is the operator's choice";
}

TEST(SenderChecks, SmtpCredentialsUnusedOrInClearAreWarnings) {
  Finding f = JudgeSmtpProbe("mail.example.com:25",
                             Accepted(SmtpTls::kStartTlsRequired, true, true, false));
  EXPECT_EQ(f.level, CheckLevel::kWarning);
  EXPECT_NE(f.message.find("offers no AUTH"), std::string::npos) << f.message;
  f = JudgeSmtpProbe("mail.example.com:587",
                     Accepted(SmtpTls::kStartTlsOptional, false, true, true));
  EXPECT_EQ(f.level, CheckLevel::kWarning);
  EXPECT_NE(f.message.find("the password and the mail cross the network in clear"),
            std::string::npos)
      << f.message;
}

TEST(SenderChecks, SmtpFailuresSayWhatToDo) {
  SmtpProbeResult p;
  p.outcome = SmtpProbeOutcome::kLoginRefused;
  p.detail = "535 5.7.8 Authentication credentials invalid";
  Finding f = JudgeSmtpProbe("h:587", p);
  EXPECT_EQ(f.level, CheckLevel::kError);
  EXPECT_EQ(f.message,
            "h:587: the server refused the login (535 5.7.8 Authentication credentials invalid): "
            "check the user and password in the sender's SMTP URL");
  p.outcome = SmtpProbeOutcome::kNoStartTls;
  EXPECT_NE(JudgeSmtpProbe("h:25", p).message.find("does not offer STARTTLS"), std::string::npos);
  p.outcome = SmtpProbeOutcome::kTlsFailed;
  p.detail = "SSL certificate problem: self-signed certificate";
  EXPECT_NE(JudgeSmtpProbe("h:25", p).message.find("TLS failed: SSL certificate problem"),
            std::string::npos);
  p.outcome = SmtpProbeOutcome::kUnreachable;
  p.detail = "Could not resolve host: h";
  EXPECT_EQ(JudgeSmtpProbe("h:25", p).message.rfind("cannot connect to h:25: ", 0), 0u);
}

TEST(SenderChecks, TelegramBotOrRefusedToken) {
  TelegramProbeResult p;
  p.outcome = TelegramProbeOutcome::kOk;
  p.username = "news_bot";
  EXPECT_EQ(JudgeTelegramProbe("api.telegram.org:443", p).message,
            "bot @news_bot (getMe accepted the token)");
  p.outcome = TelegramProbeOutcome::kTokenRefused;
  p.http_status = 401;
  p.detail = "Unauthorized";
  const Finding refused = JudgeTelegramProbe("api.telegram.org:443", p);
  EXPECT_EQ(refused.level, CheckLevel::kError);
  EXPECT_EQ(refused.message.rfind("the bot token is refused (HTTP 401: Unauthorized)", 0), 0u);
  p.outcome = TelegramProbeOutcome::kUnexpected;
  p.http_status = 502;
  p.detail = "Bad Gateway";
  EXPECT_NE(JudgeTelegramProbe("h:443", p).message.find("getMe answered HTTP 502: Bad Gateway"),
            std::string::npos);
}

}  // namespace
}  // namespace pregon
