// Classifies how one SMTP transaction ended, as libcurl reports it (DESIGN §1.2).
//
//   curl OK                               sent
//   auth refused (curl LOGIN_DENIED, or   transient + sender_blocked: the account's
//     reply 530/534/535/538)              credentials are wrong; pausing the sender keeps
//                                         the audience from being burnt as failures
//   timeout                               transient ("timeout: ...")
//   cannot resolve / connect              transient ("connect: ...")
//   TLS certificate rejected              transient + sender_blocked (the server's
//                                         certificate or the URL's host name is wrong)
//   5xx to MAIL FROM                      transient + sender_blocked: the server refuses
//                                         our sender address (not this recipient)
//   5xx greeting or EHLO                  transient + sender_blocked: the server refuses
//                                         this client (block-listed IP, wrong port)
//   4xx                                   transient (greylisting, 421 too busy, 452 full)
//   other 5xx (RCPT TO, end of DATA)      permanent: 550/551/553 user unknown or mailbox
//                                         unavailable, 552/554 rejected content. The engine
//                                         records it as failed; the reply text keeps the
//                                         code. 550/551/553 to RCPT TO (no such mailbox)
//                                         also set suppress = bounced.
//   anything else (reset, bad greeting)   transient ("smtp: ...")
//   no final reply after the whole        transient + ambiguous: the server may have queued
//     message was written (a timeout or   the message (see SendResult::ambiguous)
//     reset after DATA's end)
// Errors read "SMTP 550: <the server's reply>" — the server's own words, at most ~200
// bytes, never the credentials (libcurl's replies to AUTH do not echo them).
//
// Thread-safety: pure function.
#pragma once

#include <string>

#include "channels/channel.h"

namespace pregon {

// What one curl_easy_perform of an SMTP upload ended with.
struct SmtpReply {
  int curl_code = 0;       // the CURLcode; 0 = CURLE_OK
  int reply_code = 0;      // the last SMTP reply code (CURLINFO_RESPONSE_CODE); 0 = none
  std::string reply_text;  // the server's last reply ("550 5.1.1 <a@b>: user unknown")
  std::string curl_error;  // libcurl's error text ("RCPT failed: 550")
  // libcurl had read the whole message (up to its end) for DATA before the transfer ended.
  bool message_written = false;
};

SendResult ClassifySmtpReply(const SmtpReply& reply);

}  // namespace pregon
