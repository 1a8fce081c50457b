#include "channels/smtp/smtp_reply.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include "core/text.h"

namespace pregon {
namespace {

constexpr size_t kMaxErrorTextBytes = 200;

SendResult MakeResult(SendOutcome outcome, std::string error, bool sender_blocked = false) {
  SendResult result;
  result.outcome = outcome;
  result.error = std::move(error);
  result.sender_blocked = sender_blocked;
  return result;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string Describe(const SmtpReply& reply, std::string_view what) {
  std::string error = reply.reply_code > 0 ? fmt::format("SMTP {}", reply.reply_code) : "smtp";
  if (!what.empty()) error.append(": ").append(what);
  const std::string text =
      OneLine(reply.reply_text.empty() ? reply.curl_error : reply.reply_text, kMaxErrorTextBytes);
  if (!text.empty()) error.append(": ").append(text);
  return error;
}

// 550 mailbox unavailable / user unknown, 551 user not local, 553 mailbox name not allowed.
bool IsNoSuchMailbox(int code) { return code == 550 || code == 551 || code == 553; }

bool IsAuthReply(int code) { return code == 530 || code == 534 || code == 535 || code == 538; }

SendResult ClassifyFailure(const SmtpReply& reply) {
  const auto code = static_cast<CURLcode>(reply.curl_code);
  if (code == CURLE_LOGIN_DENIED || IsAuthReply(reply.reply_code)) {
    return MakeResult(SendOutcome::kTransient, Describe(reply, "authentication failed"),
                      /*sender_blocked=*/true);
  }
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return MakeResult(SendOutcome::kTransient,
                        "timeout: " + OneLine(reply.curl_error, kMaxErrorTextBytes));
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      return MakeResult(SendOutcome::kTransient,
                        "connect: " + OneLine(reply.curl_error, kMaxErrorTextBytes));
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_USE_SSL_FAILED:
      return MakeResult(SendOutcome::kTransient,
                        "TLS: " + OneLine(reply.curl_error, kMaxErrorTextBytes),
                        /*sender_blocked=*/true);
    default:
      break;
  }
  const int smtp = reply.reply_code;
  if (smtp >= 400 && smtp < 500) return MakeResult(SendOutcome::kTransient, Describe(reply, ""));
  if (smtp >= 500 && smtp < 600) {
    // libcurl names the failed command in its error text ("MAIL failed: 550"); a refused
    // MAIL FROM is about our sender address, so every other message would fail the same way.
    if (StartsWith(reply.curl_error, "MAIL failed")) {
      return MakeResult(SendOutcome::kTransient, Describe(reply, "sender address refused"),
                        /*sender_blocked=*/true);
    }
    // Refused at the greeting or at EHLO/HELO: the server will not talk to this client at
    // all (a block-listed IP, a wrong port), whoever the recipient is.
    if (StartsWith(reply.curl_error, "Got unexpected smtp-server response") ||
        StartsWith(reply.curl_error, "Remote access denied")) {
      return MakeResult(SendOutcome::kTransient, Describe(reply, "server refuses this client"),
                        /*sender_blocked=*/true);
    }
    SendResult result = MakeResult(SendOutcome::kPermanent, Describe(reply, ""));
    // Refused at RCPT TO with "no such mailbox" codes: the address itself is dead (a hard
    // bounce), so later campaigns must not try it again. A 5xx after DATA is about this
    // message's content, not the address.
    if (StartsWith(reply.curl_error, "RCPT failed") && IsNoSuchMailbox(smtp)) {
      result.suppress = SuppressionReason::kBounced;
    }
    return result;
  }
  return MakeResult(
      SendOutcome::kTransient,
      "smtp: " + OneLine(reply.curl_error.empty() ? curl_easy_strerror(code) : reply.curl_error,
                         kMaxErrorTextBytes));
}

}  // namespace

SendResult ClassifySmtpReply(const SmtpReply& reply) {
  if (static_cast<CURLcode>(reply.curl_code) == CURLE_OK) return MakeResult(SendOutcome::kSent, "");
  SendResult result = ClassifyFailure(reply);
  // After the message's end only the server's final reply says whether it took it; a 4xx or
  // 5xx is that reply, anything else (a timeout, a reset) leaves it open.
  const bool final_reply = reply.reply_code >= 400 && reply.reply_code < 600;
  if (result.outcome == SendOutcome::kTransient && reply.message_written && !final_reply) {
    result.ambiguous = true;
    result.error = "no answer after the message was sent: " + result.error;
  }
  return result;
}

}  // namespace pregon
