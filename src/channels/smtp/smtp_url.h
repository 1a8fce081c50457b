// The SMTP sender's URL: smtp://[user[:password]@]host[:port][/ehlo-domain] (STARTTLS when
// the server offers it) or smtps://… (TLS from the first byte).
//
// The user name and password travel in the URL's userinfo, percent-encoded (a password
// with '@', ':' or '/' must be written %40, %3A, %2F). ParseSmtpUrl takes them out, decoded,
// so they can be handed to libcurl as CURLOPT_USERNAME / CURLOPT_PASSWORD and the URL
// itself holds no secret any more. Errors never repeat the URL.
//
// Thread-safety: a pure function (it uses libcurl's URL parser, which is thread-safe).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace pregon {

struct SmtpEndpoint {
  std::string url;            // smtp[s]://host:port[/path], without userinfo (no secret)
  std::string username;       // percent-decoded; "" = do not authenticate
  std::string password;       // percent-decoded (secret)
  std::string login_options;  // "AUTH=PLAIN" from "user;AUTH=PLAIN:pw@host"; usually ""
  bool implicit_tls = false;  // smtps://
};

// Parses `url`. Fails with InvalidArgument when it is not an smtp:// or smtps:// URL with a
// host, or its userinfo does not decode.
Result<SmtpEndpoint> ParseSmtpUrl(std::string_view url);

}  // namespace pregon
