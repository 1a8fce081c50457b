#include "channels/smtp/mime_message.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "channels/smtp/mime_encoding.h"
#include "core/email.h"

namespace pregon {
namespace {

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 128; });
}

Status CheckAddress(std::string_view address, std::string_view what) {
  if (!IsValidEmail(address)) {
    return Status::InvalidArgument(
        fmt::format("{} '{}' is not a valid e-mail address", what, SanitizeHeaderText(address)));
  }
  if (!IsAscii(address)) {
    return Status::InvalidArgument(
        fmt::format("{} '{}' is not ASCII (SMTPUTF8 is not supported)", what, address));
  }
  return Status::Ok();
}

// RFC 5322 atext, the characters a display name may hold without quotes (plus space).
bool IsAtextOrSpace(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view(" !#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// Appends a mailbox: "addr" alone, or "Name <addr>" with the name written the plainest way
// that survives (atoms, a quoted string, or encoded words).
void AppendMailbox(HeaderWriter& header, std::string_view raw_name, std::string_view address) {
  const std::string name = SanitizeHeaderText(raw_name);
  if (!name.empty()) {
    if (!IsSafeHeaderAscii(name)) {
      header.EncodedWords(name);
    } else if (std::all_of(name.begin(), name.end(), IsAtextOrSpace)) {
      header.Text(name);
    } else {
      std::string quoted = "\"";
      for (const char c : name) {
        if (c == '"' || c == '\\') quoted.push_back('\\');
        quoted.push_back(c);
      }
      quoted.push_back('"');
      header.Token(quoted);
    }
  }
  header.Token(name.empty() ? std::string(address) : fmt::format("<{}>", address));
}

void AppendField(HeaderWriter& header, std::string_view name, std::string_view value) {
  header.Begin(name);
  header.Token(value);
  header.End();
}

void AppendTextPartHeaders(std::string_view subtype, std::string& out) {
  fmt::format_to(std::back_inserter(out),
                 "Content-Type: text/{}; charset=utf-8\r\n"
                 "Content-Transfer-Encoding: quoted-printable\r\n",
                 subtype);
}

// A boundary that cannot occur in the parts: quoted-printable writes every "=" as "=3D",
// so "=_" never appears in an encoded body.
std::string Boundary(std::string_view message_id) {
  std::string boundary = "=_pregon_";
  for (const char c : message_id.substr(0, message_id.find('@'))) {
    const bool bchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '-' || c == '_';
    if (bchar && boundary.size() < 60) boundary.push_back(c);
  }
  return boundary;
}

void AppendHeaders(const MimeMessageParams& params, const OutgoingMessage& message,
                   std::string& out) {
  HeaderWriter header(out);
  AppendField(header, "Date", FormatRfc5322Date(params.date));
  header.Begin("From");
  AppendMailbox(header, params.from_name, params.from_email);
  header.End();
  header.Begin("To");
  AppendMailbox(header, message.to_name, message.to);
  header.End();
  if (!message.reply_to.empty()) AppendField(header, "Reply-To", message.reply_to);
  header.Begin("Subject");
  header.Text(SanitizeHeaderText(message.subject));
  header.End();
  AppendField(header, "Message-ID", fmt::format("<{}>", params.message_id));
  AppendField(header, "MIME-Version", "1.0");

  const std::string token = UnsubscribeToken(message.campaign_id, message.delivery_id);
  header.Begin("List-Unsubscribe");
  const std::string mailto = fmt::format("<mailto:unsubscribe@{}?subject=unsubscribe-{}>",
                                         EmailDomain(params.from_email), token);
  // One-click needs a URL only the recipient holds: a signed token for a campaign's delivery.
  const bool one_click = !params.unsubscribe_base_url.empty() && params.signer != nullptr &&
                         message.campaign_id > 0 && message.delivery_id > 0;
  if (!one_click) {
    header.Token(mailto);
  } else {
    header.Token(mailto + ",");
    header.Token(fmt::format(
        "<{}>", params.signer->Url(
                    params.unsubscribe_base_url,
                    {TrackingKind::kUnsubscribe, message.campaign_id, message.delivery_id, 0})));
  }
  header.End();
  if (one_click) AppendField(header, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  if (message.campaign_id != 0) {
    const std::string domain = EmailDomain(params.from_email);
    AppendField(header, "List-Id", fmt::format("<campaign-{}.{}>", message.campaign_id, domain));
    AppendField(header, "Feedback-ID", fmt::format("{}:pregon:{}", message.campaign_id, domain));
    AppendField(header, "X-Pregon-Campaign-Id", std::to_string(message.campaign_id));
  }
  if (message.delivery_id != 0) {
    AppendField(header, "X-Pregon-Delivery-Id", std::to_string(message.delivery_id));
  }
}

// "Content-Type: multipart/<subtype>; boundary=..." and the blank line that ends the headers.
void AppendMultipartHeader(std::string_view subtype, const std::string& boundary,
                           std::string& out) {
  HeaderWriter header(out);
  header.Begin("Content-Type");
  header.Token(fmt::format("multipart/{};", subtype));
  header.Token(fmt::format("boundary=\"{}\"", boundary));
  header.End();
  out += "\r\n";
}

// Appends the message's text entity: its Content-Type (and transfer encoding) header lines,
// a blank line and the body — one text part, or multipart/alternative with the text first.
void AppendTextEntity(const OutgoingMessage& message, const std::string& boundary,
                      std::string& out) {
  const bool alternative = !message.text.empty() && !message.html.empty();
  if (!alternative) {
    const bool html = message.text.empty() && !message.html.empty();
    AppendTextPartHeaders(html ? "html" : "plain", out);
    out += "\r\n";
    AppendQuotedPrintable(html ? message.html : message.text, out);
    return;
  }
  AppendMultipartHeader("alternative", boundary, out);
  // Each part's text ends just before its CRLF: that CRLF belongs to the next delimiter.
  fmt::format_to(std::back_inserter(out), "--{}\r\n", boundary);
  AppendTextPartHeaders("plain", out);
  out += "\r\n";
  AppendQuotedPrintable(message.text, out);
  fmt::format_to(std::back_inserter(out), "\r\n--{}\r\n", boundary);
  AppendTextPartHeaders("html", out);
  out += "\r\n";
  AppendQuotedPrintable(message.html, out);
  fmt::format_to(std::back_inserter(out), "\r\n--{}--", boundary);
}

// RFC 2231 ext-value for a parameter: utf-8''percent-encoded (attr-chars kept as they are).
std::string Rfc2231Value(std::string_view text) {
  std::string out = "utf-8''";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool attr_char =
        std::isalnum(u) || std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
    if (attr_char && u < 128) {
      out.push_back(c);
    } else {
      fmt::format_to(std::back_inserter(out), "%{:02X}", u);
    }
  }
  return out;
}

// One attachment part: its type and file name (plain when it is safe ASCII, else RFC 2231),
// base64 in lines of 76 characters.
void AppendAttachmentPart(const Attachment& a, std::string& out) {
  const std::string name = SanitizeHeaderText(a.filename);
  const bool plain = IsSafeHeaderAscii(name) && name.find_first_of("\"\\") == std::string::npos;
  const std::string param =
      plain ? fmt::format("name=\"{}\"", name) : "name*=" + Rfc2231Value(name);
  const std::string file_param =
      plain ? fmt::format("filename=\"{}\"", name) : "filename*=" + Rfc2231Value(name);
  HeaderWriter header(out);
  header.Begin("Content-Type");
  header.Token(SanitizeHeaderText(a.content_type) + ";");
  header.Token(param);
  header.End();
  AppendField(header, "Content-Transfer-Encoding", "base64");
  header.Begin("Content-Disposition");
  header.Token("attachment;");
  header.Token(file_param);
  header.End();
  out += "\r\n";
  const std::string encoded = Base64Encode(a.content);
  for (size_t at = 0; at < encoded.size(); at += 76) {
    if (at > 0) out += "\r\n";
    out.append(encoded, at, 76);
  }
}

}  // namespace

Status BuildMimeMessage(const MimeMessageParams& params, const OutgoingMessage& message,
                        std::string& out) {
  PREGON_RETURN_IF_ERROR(CheckAddress(params.from_email, "sender address"));
  PREGON_RETURN_IF_ERROR(CheckAddress(message.to, "recipient address"));
  if (!message.reply_to.empty()) {
    PREGON_RETURN_IF_ERROR(CheckAddress(message.reply_to, "reply-to address"));
  }
  out.clear();
  AppendHeaders(params, message, out);
  const std::string boundary = Boundary(params.message_id);
  if (!message.attachments || message.attachments->empty()) {
    AppendTextEntity(message, boundary, out);
  } else {
    // multipart/mixed: the text entity first, then one part per file.
    const std::string mixed = boundary + "_mixed";
    AppendMultipartHeader("mixed", mixed, out);
    fmt::format_to(std::back_inserter(out), "--{}\r\n", mixed);
    AppendTextEntity(message, boundary, out);
    for (const Attachment& a : *message.attachments) {
      fmt::format_to(std::back_inserter(out), "\r\n--{}\r\n", mixed);
      AppendAttachmentPart(a, out);
    }
    fmt::format_to(std::back_inserter(out), "\r\n--{}--", mixed);
  }
  // The message ends with a line break (libcurl's end-of-data "CRLF . CRLF" needs one);
  // add it only when the body has none, so the body reads back unchanged.
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return Status::Ok();
}

std::string FormatRfc5322Date(Timestamp t) {
  using namespace std::chrono;
  static constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const sys_seconds seconds = floor<std::chrono::seconds>(t);
  const sys_days day = floor<days>(seconds);
  const year_month_day date(day);
  const hh_mm_ss time(seconds - day);
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000",
                     kWeekdays[weekday(day).c_encoding()], static_cast<unsigned>(date.day()),
                     kMonths[static_cast<unsigned>(date.month()) - 1],
                     static_cast<int>(date.year()), time.hours().count(), time.minutes().count(),
                     time.seconds().count());
}

std::string EmailDomain(std::string_view address) {
  const size_t at = address.rfind('@');
  std::string domain(at == std::string_view::npos ? "" : address.substr(at + 1));
  if (domain.empty() || !IsAscii(domain)) return "invalid";
  std::transform(domain.begin(), domain.end(), domain.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return domain;
}

std::string MakeMessageId(std::string_view unique, std::string_view from_email) {
  return fmt::format("{}@{}", unique, EmailDomain(from_email));
}

std::string UnsubscribeToken(int64_t campaign_id, int64_t delivery_id) {
  return fmt::format("{}-{}", campaign_id, delivery_id);
}

}  // namespace pregon
