// The SMTP sender's URL: smtps://[user[:password]@]host[:port][/ehlo-domain] (TLS from the
// first byte, port 465) or smtp://… (port 25/587, upgraded with STARTTLS).
//
// smtp:// requires STARTTLS by default: a server that does not offer it is refused rather
// than sent credentials and mail in clear (an attacker on the path can strip the offer).
// `?starttls=optional` uses it when offered; `?starttls=never` never does — for a relay on
// the same host or a trusted network only.
//
// The user name and password travel in the URL's userinfo, percent-encoded (a password
// with '@', ':' or '/' must be written %40, %3A, %2F). ParseSmtpUrl takes them out, decoded,
// so they can be handed to libcurl as CURLOPT_USERNAME / CURLOPT_PASSWORD and the URL
// itself holds no secret any more. Errors never repeat the URL.
//
// Thread-safety: a pure function (it uses libcurl's URL parser, which is thread-safe).
#pragma once

#include <curl/curl.h>

#include <string>
#include <string_view>

#include "core/status.h"

namespace pregon {

enum class SmtpTls {
  kImplicit,          // smtps://: TLS from the first byte
  kStartTlsRequired,  // smtp:// (default): STARTTLS, or the send fails
  kStartTlsOptional,  // smtp://…?starttls=optional: STARTTLS when offered
  kNone,              // smtp://…?starttls=never: clear text
};

struct SmtpEndpoint {
  std::string url;            // smtp[s]://host:port[/path], without userinfo (no secret)
  std::string username;       // percent-decoded; "" = do not authenticate
  std::string password;       // percent-decoded (secret)
  std::string login_options;  // "AUTH=PLAIN" from "user;AUTH=PLAIN:pw@host"; usually ""
  SmtpTls tls = SmtpTls::kStartTlsRequired;
};

// Parses `url`. Fails with InvalidArgument when it is not an smtp:// or smtps:// URL with a
// host, its userinfo does not decode, or its query is not a known starttls=... (smtp:// only).
Result<SmtpEndpoint> ParseSmtpUrl(std::string_view url);

// What every SMTP session of `endpoint` sets on its libcurl handle — the URL, the TLS policy
// (CURLOPT_USE_SSL), `ca_file` ("" = the system's), the timeouts, and the credentials —
// shared by the channel and doctor's probe so both talk to the server the same way.
void SetCurlSmtpSession(CURL* easy, const SmtpEndpoint& endpoint, const std::string& ca_file,
                        Millis connect_timeout, Millis timeout);

// Masks the endpoint's user name and password in `text` (a server's reply, an error) should a
// server ever echo them.
void ScrubSmtpSecrets(std::string& text, const SmtpEndpoint& endpoint);

}  // namespace pregon
