#include "channels/smtp/smtp_channel.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <optional>
#include <vector>

#include "channels/http/curl_global.h"
#include "channels/smtp/smtp_reply.h"

namespace pregon {
namespace {

// The server's reply lines are kept for error texts; a reply longer than this is cut.
constexpr size_t kMaxReplyBytes = 1024;

}  // namespace

struct SmtpChannel::Curl {
  CURL* easy = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  // The message being uploaded and how much of it curl has read.
  std::string body;
  size_t read_offset = 0;
  // The RCPT TO list: one node pointing into `recipient` (curl only reads it).
  std::string recipient;
  curl_slist recipient_node{};
  // The server's replies during this message's transaction, each with all the lines of a
  // multi-line reply; the last one is complete once its final line ("250 ok", not
  // "250-…") has arrived. Kept whole because after a refusal libcurl sends QUIT, and the
  // "221 Bye" must not hide the refusal.
  std::vector<std::string> replies;
  bool reply_done = true;

  // The latest reply with this code ("" when none): the one CURLINFO_RESPONSE_CODE names.
  std::string ReplyWithCode(long code) const {
    const std::string prefix = std::to_string(code);
    for (auto it = replies.rbegin(); it != replies.rend(); ++it) {
      if (it->compare(0, prefix.size(), prefix) == 0) return *it;
    }
    return "";
  }

  ~Curl() {
    if (easy != nullptr) curl_easy_cleanup(easy);
  }

  static size_t OnRead(char* buffer, size_t size, size_t count, void* user) {
    Curl& self = *static_cast<Curl*>(user);
    const size_t n = std::min(size * count, self.body.size() - self.read_offset);
    std::memcpy(buffer, self.body.data() + self.read_offset, n);
    self.read_offset += n;
    return n;
  }

  // libcurl hands every SMTP reply line to the header callback.
  static size_t OnReplyLine(char* data, size_t size, size_t count, void* user) {
    Curl& self = *static_cast<Curl*>(user);
    const size_t bytes = size * count;
    std::string_view line(data, bytes);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (self.reply_done || self.replies.empty()) {
      self.replies.emplace_back();
    } else {
      self.replies.back().push_back('\n');
    }
    std::string& reply = self.replies.back();
    reply.append(line.substr(0, kMaxReplyBytes - std::min(reply.size(), kMaxReplyBytes)));
    self.reply_done = line.size() < 4 || line[3] != '-';
    return bytes;
  }
};

Result<std::unique_ptr<SmtpChannel>> SmtpChannel::Create(const Sender& sender,
                                                         const SmtpChannelOptions& options,
                                                         const Clock& clock) {
  if (options.connect_timeout.count() <= 0 || options.request_timeout.count() <= 0) {
    return Status::InvalidArgument("SMTP channel: timeouts must be positive");
  }
  PREGON_ASSIGN_OR_RETURN(SmtpEndpoint endpoint, ParseSmtpUrl(sender.smtp_url));
  if (const CURLcode code = EnsureCurlGlobalInit(); code != CURLE_OK) {
    return Status::Internal(std::string("curl_global_init: ") + curl_easy_strerror(code));
  }
  std::unique_ptr<SmtpChannel> channel(
      new SmtpChannel(sender, std::move(endpoint), options, clock));
  PREGON_RETURN_IF_ERROR(channel->Init());
  return channel;
}

SmtpChannel::SmtpChannel(const Sender& sender, SmtpEndpoint endpoint,
                         const SmtpChannelOptions& options, const Clock& clock)
    : endpoint_(std::move(endpoint)),
      options_(options),
      clock_(clock),
      random_(std::random_device{}()),
      curl_(std::make_unique<Curl>()) {
  params_.from_email = sender.from_email;
  params_.from_name = sender.from_name;
  params_.unsubscribe_base_url = options.unsubscribe_base_url;
  signer_ = options.signer;
  params_.signer = signer_.get();
}

SmtpChannel::~SmtpChannel() = default;

Status SmtpChannel::Init() {
  CURL* easy = curl_easy_init();
  if (easy == nullptr) return Status::Internal("curl_easy_init failed");
  curl_->easy = easy;
  Curl* state = curl_.get();
  SetCurlSmtpSession(easy, endpoint_, options_.ca_file, options_.connect_timeout,
                     options_.request_timeout);
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  const std::string mail_from = "<" + params_.from_email + ">";
  curl_easy_setopt(easy, CURLOPT_MAIL_FROM, mail_from.c_str());  // curl copies it
  curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(easy, CURLOPT_READFUNCTION, &Curl::OnRead);
  curl_easy_setopt(easy, CURLOPT_READDATA, state);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Curl::OnReplyLine);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, state);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, state->error);
  return Status::Ok();
}

std::string SmtpChannel::NextMessageId(const OutgoingMessage& message) {
  const std::string unique =
      fmt::format("{}.{}.{}.{:016x}", message.campaign_id, message.delivery_id,
                  ToUnixMillis(params_.date), random_());
  return MakeMessageId(unique, params_.from_email);
}

SendResult SmtpChannel::Send(const OutgoingMessage& message, bool& affects_all) {
  Curl& curl = *curl_;
  affects_all = false;
  params_.date = clock_.Now();
  params_.message_id = NextMessageId(message);
  if (Status s = BuildMimeMessage(params_, message, curl.body); !s.ok()) {
    SendResult result;
    result.outcome = SendOutcome::kPermanent;
    result.error = s.message();
    return result;
  }
  curl.read_offset = 0;
  curl.recipient = message.to;
  curl.recipient_node.data = curl.recipient.data();
  curl.recipient_node.next = nullptr;
  curl.replies.clear();
  curl.reply_done = true;
  curl.error[0] = '\0';
  curl_easy_setopt(curl.easy, CURLOPT_MAIL_RCPT, &curl.recipient_node);
  curl_easy_setopt(curl.easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(curl.body.size()));

  const CURLcode code = curl_easy_perform(curl.easy);
  long reply_code = 0;
  curl_easy_getinfo(curl.easy, CURLINFO_RESPONSE_CODE, &reply_code);
  SmtpReply reply;
  reply.curl_code = code;
  reply.reply_code = static_cast<int>(reply_code);
  reply.message_written = !curl.body.empty() && curl.read_offset == curl.body.size();
  if (code != CURLE_OK) {
    reply.reply_text = curl.ReplyWithCode(reply_code);
    reply.curl_error = curl.error[0] != '\0' ? curl.error : curl_easy_strerror(code);
  }
  SendResult result = ClassifySmtpReply(reply);
  if (result.outcome == SendOutcome::kSent) result.provider_id = params_.message_id;
  ScrubSmtpSecrets(result.error, endpoint_);
  affects_all = result.sender_blocked || code == CURLE_COULDNT_CONNECT ||
                code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_RESOLVE_PROXY ||
                code == CURLE_OPERATION_TIMEDOUT;
  return result;
}

std::vector<SendResult> SmtpChannel::SendBatch(std::span<const OutgoingMessage> messages) {
  std::vector<SendResult> results;
  results.reserve(messages.size());
  std::optional<SendResult> shared_failure;  // what every later message would get too
  for (const OutgoingMessage& message : messages) {
    if (shared_failure) {
      results.push_back(*shared_failure);
      continue;
    }
    bool affects_all = false;
    results.push_back(Send(message, affects_all));
    if (affects_all) {
      shared_failure = results.back();
      shared_failure->error = "not attempted: " + shared_failure->error;
      shared_failure->ambiguous = false;  // these never left
    }
  }
  return results;
}

}  // namespace pregon
