// ProbeSmtp: `pregon doctor`'s look at an SMTP sender's server, without sending mail.
//
// One libcurl SMTP session on the sender's URL, with the channel's TLS policy
// (smtp_url.h): greeting, EHLO, STARTTLS (or TLS from the first byte for smtps://), AUTH
// when the URL has a user name, then NOOP, then QUIT. With no recipient and nothing to
// upload, libcurl says CURLOPT_CUSTOMREQUEST ("NOOP") where a mail transaction would be,
// so MAIL FROM, RCPT TO and DATA are never said: nothing can be sent.
//
// libcurl skips AUTH when the server offers none, even with credentials; the result says
// whether the server actually accepted a login (a 235 reply) rather than assuming it.
//
// The user name and password never appear in the result (libcurl's replies to AUTH do not
// echo them; the server's replies are scrubbed of them anyway).
// Thread-safety: safe from any thread; each call has its own libcurl handle.
#pragma once

#include <string>
#include <string_view>

#include "channels/smtp/smtp_url.h"
#include "core/clock.h"
#include "core/status.h"

namespace pregon {

struct SmtpProbeOptions {
  Millis connect_timeout{5000};  // TCP and TLS handshake
  Millis timeout{20000};         // the whole session: some servers pause before greeting
  std::string ca_file;           // PEM certificate authorities to trust; "" = the system's
};

enum class SmtpProbeOutcome {
  kOk,            // every step was accepted, NOOP included
  kUnreachable,   // the name did not resolve, the connection was refused or timed out
  kNoStartTls,    // STARTTLS is required (smtp:// default) but the server does not offer it
  kTlsFailed,     // the TLS handshake failed or the server's certificate was refused
  kLoginRefused,  // the server refused the user name and password (535 and the like)
  kRefused,       // the server refused the session otherwise (an error to greeting or EHLO)
  kTimeout,       // the server stopped answering during the session
  kOther,         // anything else libcurl reports (a reset connection, a bad reply)
};

struct SmtpProbeResult {
  SmtpProbeOutcome outcome = SmtpProbeOutcome::kOther;
  SmtpTls tls_policy = SmtpTls::kStartTlsRequired;  // what the URL asks for
  bool tls = false;              // the session ran over TLS (smtps://, or STARTTLS done)
  bool has_credentials = false;  // the URL names a user
  bool authenticated = false;    // the server accepted the login (235)
  int reply_code = 0;            // the last SMTP reply code; 0 when none
  // Not kOk: the server's refusing reply ("535 5.7.8 Authentication credentials invalid") or
  // libcurl's error ("SSL certificate problem: self-signed certificate"); one line, no secret.
  std::string detail;
};

// Fails (InvalidArgument, as ParseSmtpUrl) only for a URL the SMTP channel would refuse;
// every outcome of the session itself is in the result.
Result<SmtpProbeResult> ProbeSmtp(std::string_view smtp_url, const SmtpProbeOptions& options);

}  // namespace pregon
