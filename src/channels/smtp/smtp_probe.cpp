#include "channels/smtp/smtp_probe.h"

#include <curl/curl.h>

#include <memory>
#include <vector>

#include "channels/http/curl_global.h"
#include "core/text.h"

namespace pregon {
namespace {

// Replies kept: a session has about eight; a server sending more is cut off here.
constexpr size_t kMaxProbeReplies = 32;
constexpr size_t kMaxProbeReplyBytes = 512;

// The server's replies, each with all the lines of a multi-line reply joined by '\n'.
struct ProbeReplies {
  std::vector<std::string> replies;
  bool reply_done = true;

  static size_t OnLine(char* data, size_t size, size_t count, void* user) {
    auto& self = *static_cast<ProbeReplies*>(user);
    const size_t bytes = size * count;
    std::string_view line(data, bytes);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (self.reply_done || self.replies.empty()) {
      if (self.replies.size() == kMaxProbeReplies) return bytes;
      self.replies.emplace_back();
    } else {
      self.replies.back().push_back('\n');
    }
    std::string& reply = self.replies.back();
    reply.append(line.substr(0, kMaxProbeReplyBytes - std::min(reply.size(), kMaxProbeReplyBytes)));
    self.reply_done = line.size() < 4 || line[3] != '-';
    return bytes;
  }

  static size_t Discard(char*, size_t size, size_t count, void*) { return size * count; }

  bool Has(std::string_view code) const {
    for (const std::string& r : replies)
      if (r.compare(0, code.size(), code) == 0) return true;
    return false;
  }

  // TLS was started by STARTTLS: an EHLO reply offered it and a 220 ("ready to start TLS")
  // came after that reply (the greeting's 220 comes before any EHLO reply).
  bool StartTlsDone() const {
    bool offered = false;
    for (const std::string& r : replies) {
      if (offered && r.compare(0, 3, "220") == 0) return true;
      if (r.compare(0, 3, "250") == 0 && AsciiLower(r).find("starttls") != std::string::npos)
        offered = true;
    }
    return false;
  }

  // The latest reply with `code`, or "".
  std::string WithCode(long code) const {
    const std::string prefix = std::to_string(code);
    for (auto it = replies.rbegin(); it != replies.rend(); ++it)
      if (it->compare(0, prefix.size(), prefix) == 0) return *it;
    return "";
  }
};

bool IsTlsError(CURLcode code) {
  switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
      return true;
    default:
      return false;
  }
}

SmtpProbeOutcome OutcomeOf(CURLcode code, long reply_code, const ProbeReplies& seen) {
  if (code == CURLE_OK) return SmtpProbeOutcome::kOk;
  if (code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_CONNECT)
    return SmtpProbeOutcome::kUnreachable;
  if (code == CURLE_OPERATION_TIMEDOUT)
    return seen.replies.empty() ? SmtpProbeOutcome::kUnreachable : SmtpProbeOutcome::kTimeout;
  if (code == CURLE_USE_SSL_FAILED) return SmtpProbeOutcome::kNoStartTls;
  if (IsTlsError(code)) return SmtpProbeOutcome::kTlsFailed;
  if (code == CURLE_LOGIN_DENIED) return SmtpProbeOutcome::kLoginRefused;
  if (reply_code >= 400) return SmtpProbeOutcome::kRefused;
  return SmtpProbeOutcome::kOther;
}

void SetOptions(CURL* easy, const SmtpEndpoint& endpoint, const SmtpProbeOptions& options,
                ProbeReplies& replies, char* error) {
  SetCurlSmtpSession(easy, endpoint, options.ca_file, options.connect_timeout, options.timeout);
  // No recipient, no upload: libcurl sends this command instead of a mail transaction.
  curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, "NOOP");
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &ProbeReplies::OnLine);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &replies);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &ProbeReplies::Discard);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error);
}

}  // namespace

Result<SmtpProbeResult> ProbeSmtp(std::string_view smtp_url, const SmtpProbeOptions& options) {
  PREGON_ASSIGN_OR_RETURN(const SmtpEndpoint endpoint, ParseSmtpUrl(smtp_url));
  if (const CURLcode code = EnsureCurlGlobalInit(); code != CURLE_OK)
    return Status::Internal(std::string("curl_global_init: ") + curl_easy_strerror(code));
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> easy(curl_easy_init(), &curl_easy_cleanup);
  if (easy == nullptr) return Status::Internal("curl_easy_init failed");
  ProbeReplies replies;
  char error[CURL_ERROR_SIZE] = {};
  SetOptions(easy.get(), endpoint, options, replies, error);
  const CURLcode code = curl_easy_perform(easy.get());
  long reply_code = 0;
  curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &reply_code);

  SmtpProbeResult result;
  result.outcome = OutcomeOf(code, reply_code, replies);
  result.tls_policy = endpoint.tls;
  result.has_credentials = !endpoint.username.empty();
  result.authenticated = replies.Has("235");
  result.reply_code = static_cast<int>(reply_code);
  result.tls = endpoint.tls == SmtpTls::kImplicit
                   ? !replies.replies.empty() && result.outcome != SmtpProbeOutcome::kTlsFailed
                   : endpoint.tls != SmtpTls::kNone && replies.StartTlsDone() &&
                         result.outcome != SmtpProbeOutcome::kTlsFailed;
  if (result.outcome == SmtpProbeOutcome::kLoginRefused ||
      result.outcome == SmtpProbeOutcome::kRefused)
    result.detail = replies.WithCode(reply_code);
  if (result.detail.empty() && code != CURLE_OK)
    result.detail = error[0] != '\0' ? error : curl_easy_strerror(code);
  result.detail = OneLine(result.detail, 200);
  ScrubSmtpSecrets(result.detail, endpoint);
  return result;
}

}  // namespace pregon
