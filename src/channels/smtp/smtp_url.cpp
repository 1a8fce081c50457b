#include "channels/smtp/smtp_url.h"

#include <curl/curl.h>

#include <memory>

namespace pregon {
namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
struct CurlStringDeleter {
  void operator()(char* text) const { curl_free(text); }
};

// One part of `url`; nullopt-like empty + false when it is absent or fails to decode.
bool GetPart(CURLU* url, CURLUPart part, unsigned int flags, std::string& value) {
  char* raw = nullptr;
  const CURLUcode code = curl_url_get(url, part, &raw, flags);
  std::unique_ptr<char, CurlStringDeleter> owned(raw);
  if (code != CURLUE_OK) {
    value.clear();
    // Absent parts are fine; anything else (a bad %-escape) is an error.
    return code == CURLUE_NO_USER || code == CURLUE_NO_PASSWORD || code == CURLUE_NO_OPTIONS ||
           code == CURLUE_NO_PORT || code == CURLUE_NO_QUERY;
  }
  value = raw;
  return true;
}

Status Invalid(std::string_view what) {
  return Status::InvalidArgument(
      "--smtp-url " + std::string(what) +
      " (expected smtp[s]://[user[:password]@]host[:port][?starttls=...])");
}

// The TLS policy of a URL with `scheme` (smtp or smtps) and `query` ("" or starttls=...).
Result<SmtpTls> TlsPolicy(const std::string& scheme, const std::string& query) {
  if (scheme == "smtps") {
    if (!query.empty()) return Invalid("takes no ?starttls= with smtps:// (TLS from the start)");
    return SmtpTls::kImplicit;
  }
  if (query.empty() || query == "starttls=required") return SmtpTls::kStartTlsRequired;
  if (query == "starttls=optional") return SmtpTls::kStartTlsOptional;
  if (query == "starttls=never") return SmtpTls::kNone;
  return Invalid("has an unknown option '?" + query + "' (starttls=required, optional or never)");
}

}  // namespace

Result<SmtpEndpoint> ParseSmtpUrl(std::string_view text) {
  std::unique_ptr<CURLU, UrlDeleter> url(curl_url());
  if (url == nullptr) return Status::Internal("curl_url: out of memory");
  const std::string copy(text);
  if (curl_url_set(url.get(), CURLUPART_URL, copy.c_str(), 0) != CURLUE_OK) {
    return Invalid("is not a valid URL");
  }
  SmtpEndpoint endpoint;
  std::string scheme;
  if (!GetPart(url.get(), CURLUPART_SCHEME, 0, scheme) || (scheme != "smtp" && scheme != "smtps")) {
    return Invalid("must start with smtp:// or smtps://");
  }
  std::string query;
  if (!GetPart(url.get(), CURLUPART_QUERY, CURLU_URLDECODE, query)) query.clear();
  PREGON_ASSIGN_OR_RETURN(endpoint.tls, TlsPolicy(scheme, query));
  std::string host;
  if (!GetPart(url.get(), CURLUPART_HOST, 0, host) || host.empty()) return Invalid("has no host");
  if (!GetPart(url.get(), CURLUPART_USER, CURLU_URLDECODE, endpoint.username) ||
      !GetPart(url.get(), CURLUPART_PASSWORD, CURLU_URLDECODE, endpoint.password) ||
      !GetPart(url.get(), CURLUPART_OPTIONS, CURLU_URLDECODE, endpoint.login_options)) {
    return Invalid("has a user name or password that does not decode");
  }
  if (endpoint.username.empty() && !endpoint.password.empty()) {
    return Invalid("has a password but no user name");
  }
  curl_url_set(url.get(), CURLUPART_USER, nullptr, 0);
  curl_url_set(url.get(), CURLUPART_PASSWORD, nullptr, 0);
  curl_url_set(url.get(), CURLUPART_OPTIONS, nullptr, 0);
  curl_url_set(url.get(), CURLUPART_QUERY, nullptr, 0);
  if (!GetPart(url.get(), CURLUPART_URL, 0, endpoint.url)) return Invalid("is not a valid URL");
  return endpoint;
}

namespace {

// smtps:// is TLS by its scheme: ALL as well.
long CurlUseSslFor(SmtpTls tls) {
  switch (tls) {
    case SmtpTls::kImplicit:
    case SmtpTls::kStartTlsRequired:
      return CURLUSESSL_ALL;
    case SmtpTls::kStartTlsOptional:
      return CURLUSESSL_TRY;
    case SmtpTls::kNone:
      return CURLUSESSL_NONE;
  }
  return CURLUSESSL_ALL;
}

}  // namespace

void SetCurlSmtpSession(CURL* easy, const SmtpEndpoint& endpoint, const std::string& ca_file,
                        Millis connect_timeout, Millis timeout) {
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_URL, endpoint.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(easy, CURLOPT_USE_SSL, CurlUseSslFor(endpoint.tls));
  if (!ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, ca_file.c_str());
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  if (!endpoint.username.empty()) {
    curl_easy_setopt(easy, CURLOPT_USERNAME, endpoint.username.c_str());
    curl_easy_setopt(easy, CURLOPT_PASSWORD, endpoint.password.c_str());
  }
  if (!endpoint.login_options.empty())
    curl_easy_setopt(easy, CURLOPT_LOGIN_OPTIONS, endpoint.login_options.c_str());
}

void ScrubSmtpSecrets(std::string& text, const SmtpEndpoint& endpoint) {
  for (const std::string* secret : {&endpoint.password, &endpoint.username}) {
    if (secret->size() < 3) continue;  // too short to find without masking ordinary words
    for (size_t at = text.find(*secret); at != std::string::npos; at = text.find(*secret, at + 3))
      text.replace(at, secret->size(), "***");
  }
}

}  // namespace pregon
