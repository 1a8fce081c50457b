#include "channels/smtp/smtp_reply.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

namespace pregon {
namespace {

SmtpReply Reply(CURLcode code, int reply_code, std::string text, std::string curl_error) {
  return SmtpReply{code, reply_code, std::move(text), std::move(curl_error)};
}

struct Case {
  const char* name;
  SmtpReply reply;
  SendOutcome outcome;
  bool sender_blocked;
  const char* error;  // exact expected error text
};

TEST(ClassifySmtpReplyTest, Table) {
  using O = SendOutcome;
  const Case cases[] = {
      {"250 queued", Reply(CURLE_OK, 250, "", ""), O::kSent, false, ""},
      {"550 user unknown",
       Reply(CURLE_SEND_ERROR, 550, "550 5.1.1 <bob@example.com>: User unknown",
             "RCPT failed: 550"),
       O::kPermanent, false, "SMTP 550: 550 5.1.1 <bob@example.com>: User unknown"},
      {"551 not local",
       Reply(CURLE_SEND_ERROR, 551, "551 5.1.6 User not local", "RCPT failed: 551"), O::kPermanent,
       false, "SMTP 551: 551 5.1.6 User not local"},
      {"553 mailbox name",
       Reply(CURLE_SEND_ERROR, 553, "553 5.1.3 Bad recipient", "RCPT failed: 553"), O::kPermanent,
       false, "SMTP 553: 553 5.1.3 Bad recipient"},
      {"multi-line reply",
       Reply(CURLE_SEND_ERROR, 550,
             "550-5.1.1 The email account does not exist.\n550 5.1.1 Try again",
             "RCPT failed: 550"),
       O::kPermanent, false,
       "SMTP 550: 550-5.1.1 The email account does not exist. 550 5.1.1 Try again"},
      {"554 at end of data",
       Reply(CURLE_WEIRD_SERVER_REPLY, 554, "554 5.7.1 Message rejected as spam", ""),
       O::kPermanent, false, "SMTP 554: 554 5.7.1 Message rejected as spam"},
      {"451 greylisted", Reply(CURLE_SEND_ERROR, 451, "451 4.7.1 Greylisted", "RCPT failed: 451"),
       O::kTransient, false, "SMTP 451: 451 4.7.1 Greylisted"},
      {"421 busy", Reply(CURLE_WEIRD_SERVER_REPLY, 421, "421 4.3.2 Too busy", ""), O::kTransient,
       false, "SMTP 421: 421 4.3.2 Too busy"},
      {"452 full", Reply(CURLE_SEND_ERROR, 452, "452 4.2.2 Mailbox full", "RCPT failed: 452"),
       O::kTransient, false, "SMTP 452: 452 4.2.2 Mailbox full"},
      {"535 auth",
       Reply(CURLE_LOGIN_DENIED, 535, "535 5.7.8 Authentication credentials invalid",
             "Login denied"),
       O::kTransient, true,
       "SMTP 535: authentication failed: 535 5.7.8 Authentication credentials invalid"},
      {"530 auth required",
       Reply(CURLE_SEND_ERROR, 530, "530 5.7.0 Authentication required", "MAIL failed: 530"),
       O::kTransient, true, "SMTP 530: authentication failed: 530 5.7.0 Authentication required"},
      {"553 at MAIL FROM",
       Reply(CURLE_SEND_ERROR, 553, "553 5.7.1 Sender address rejected", "MAIL failed: 553"),
       O::kTransient, true, "SMTP 553: sender address refused: 553 5.7.1 Sender address rejected"},
      {"554 greeting",
       Reply(CURLE_WEIRD_SERVER_REPLY, 554, "554 5.7.1 Your IP is listed",
             "Got unexpected smtp-server response: 554"),
       O::kTransient, true, "SMTP 554: server refuses this client: 554 5.7.1 Your IP is listed"},
      {"timeout",
       Reply(CURLE_OPERATION_TIMEDOUT, 354, "354 go ahead", "Operation timed out after 200 ms"),
       O::kTransient, false, "timeout: Operation timed out after 200 ms"},
      {"refused",
       Reply(CURLE_COULDNT_CONNECT, 0, "", "Failed to connect to 127.0.0.1 port 1: Refused"),
       O::kTransient, false, "connect: Failed to connect to 127.0.0.1 port 1: Refused"},
      {"bad certificate",
       Reply(CURLE_PEER_FAILED_VERIFICATION, 0, "", "SSL: no alternative certificate subject"),
       O::kTransient, true, "TLS: SSL: no alternative certificate subject"},
      {"reset mid-data", Reply(CURLE_SEND_ERROR, 354, "354 go ahead", "Send failure: reset"),
       O::kTransient, false, "smtp: Send failure: reset"},
      {"no error text", Reply(CURLE_RECV_ERROR, 0, "", ""), O::kTransient, false,
       "smtp: Failure when receiving data from the peer"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const SendResult result = ClassifySmtpReply(c.reply);
    EXPECT_EQ(SendOutcomeName(result.outcome), SendOutcomeName(c.outcome));
    EXPECT_EQ(result.sender_blocked, c.sender_blocked);
    EXPECT_EQ(result.error, c.error);
    EXPECT_FALSE(result.retry_after.has_value());
  }
}

TEST(ClassifySmtpReplyTest, OnlyNoSuchMailboxAtRcptIsABounce) {
  const auto suppress = [](const SmtpReply& r) { return ClassifySmtpReply(r).suppress; };
  EXPECT_EQ(suppress(Reply(CURLE_SEND_ERROR, 550, "550 5.1.1 User unknown", "RCPT failed: 550")),
            SuppressionReason::kBounced);
  EXPECT_EQ(suppress(Reply(CURLE_SEND_ERROR, 551, "551 User not local", "RCPT failed: 551")),
            SuppressionReason::kBounced);
  // Refused content, a policy refusal at RCPT, or a transient reply: the address may be fine.
  EXPECT_FALSE(suppress(Reply(CURLE_WEIRD_SERVER_REPLY, 550, "550 spam", "")).has_value());
  EXPECT_FALSE(
      suppress(Reply(CURLE_SEND_ERROR, 554, "554 policy", "RCPT failed: 554")).has_value());
  EXPECT_FALSE(
      suppress(Reply(CURLE_SEND_ERROR, 451, "451 greylisted", "RCPT failed: 451")).has_value());
  EXPECT_FALSE(
      suppress(Reply(CURLE_SEND_ERROR, 553, "553 sender", "MAIL failed: 553")).has_value());
}

TEST(ClassifySmtpReplyTest, LongRepliesAreCut) {
  std::string text = "550 ";
  for (int i = 0; i < 200; ++i) text += "é";
  const SendResult result =
      ClassifySmtpReply(Reply(CURLE_SEND_ERROR, 550, text, "RCPT failed: 550"));
  EXPECT_LE(result.error.size(), 220u);
  EXPECT_EQ(result.error.substr(result.error.size() - 2), "é");
}

}  // namespace
}  // namespace pregon
