#include "channels/smtp/mime_message.h"

#include <gtest/gtest.h>

#include <fstream>

#include "channels/smtp/mime_encoding.h"
#include "channels/smtp/smtp_test_util.h"

namespace pregon {
namespace {

using Json = nlohmann::json;

// 2026-01-01T00:00:00Z was a Thursday.
const Timestamp kNewYear = FromUnixMillis(1'767'225'600'000);

const TrackingSigner& Signer() {
  static const TrackingSigner signer =
      TrackingSigner::FromSecretKey(
          "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")
          .value();
  return signer;
}

MimeMessageParams Params() {
  MimeMessageParams params;
  params.signer = &Signer();
  params.from_email = "news@Example.COM";
  params.from_name = "Pregón Noticias";
  params.date = kNewYear;
  params.message_id = MakeMessageId("7.42.1767225600000.00ff", params.from_email);
  params.unsubscribe_base_url = "https://mail.example.com/";
  return params;
}

OutgoingMessage Message() {
  OutgoingMessage message;
  message.campaign_id = 7;
  message.delivery_id = 42;
  message.to = "jose@example.cl";
  message.to_name = "José Núñez";
  message.subject = "¡Hola José! Tu café ☕ te espera 🎉";
  message.text = "Hola José,\n\nTu pedido está listo. 🎉\n";
  message.html = "<p>Hola <b>José</b>, tu pedido está listo. 🎉</p>\n";
  return message;
}

std::string Build(const MimeMessageParams& params, const OutgoingMessage& message) {
  std::string out;
  const Status s = BuildMimeMessage(params, message, out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

std::string Headers(const std::string& mime) { return mime.substr(0, mime.find("\r\n\r\n") + 2); }

TEST(MimeMessageTest, DateIsRfc5322InUtc) {
  EXPECT_EQ(FormatRfc5322Date(kNewYear), "Thu, 01 Jan 2026 00:00:00 +0000");
  EXPECT_EQ(FormatRfc5322Date(FromUnixMillis(951'827'696'999)),  // leap day, 2000
            "Tue, 29 Feb 2000 12:34:56 +0000");
}

TEST(MimeMessageTest, IdsAndTokens) {
  EXPECT_EQ(EmailDomain("a@Sub.Example.COM"), "sub.example.com");
  EXPECT_EQ(EmailDomain("no-at"), "invalid");
  EXPECT_EQ(EmailDomain("a@ñandú.cl"), "invalid");
  EXPECT_EQ(MakeMessageId("u.1", "x@example.com"), "u.1@example.com");
  EXPECT_EQ(UnsubscribeToken(7, 42), "7-42");
}

TEST(MimeMessageTest, WritesTheExpectedHeaders) {
  const std::string headers = Headers(Build(Params(), Message()));
  EXPECT_EQ(headers.rfind("Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n", 0), 0u) << headers;
  EXPECT_NE(headers.find("\r\nFrom: =?UTF-8?B?"), std::string::npos) << headers;
  EXPECT_NE(headers.find(" <news@Example.COM>\r\n"), std::string::npos) << headers;
  EXPECT_NE(headers.find(" <jose@example.cl>\r\n"), std::string::npos) << headers;
  EXPECT_NE(headers.find("\r\nSubject: =?UTF-8?B?"), std::string::npos) << headers;
  EXPECT_NE(headers.find("\r\nMessage-ID: <7.42.1767225600000.00ff@example.com>\r\n"),
            std::string::npos);
  EXPECT_NE(headers.find("\r\nMIME-Version: 1.0\r\n"), std::string::npos);
  const std::string token = Signer().Sign({TrackingKind::kUnsubscribe, 7, 42, 0});
  EXPECT_NE(headers.find("\r\nList-Unsubscribe: "
                         "<mailto:unsubscribe@example.com?subject=unsubscribe-7-42>,\r\n"
                         " <https://mail.example.com/u/" +
                         token + ">\r\n"),
            std::string::npos)
      << headers;
  EXPECT_NE(headers.find("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"),
            std::string::npos);
  EXPECT_NE(headers.find("\r\nList-Id: <campaign-7.example.com>\r\n"
                         "Feedback-ID: 7:pregon:example.com\r\n"
                         "X-Pregon-Campaign-Id: 7\r\nX-Pregon-Delivery-Id: 42\r\n"),
            std::string::npos)
      << headers;
  EXPECT_NE(headers.find("\r\nContent-Type: multipart/alternative;\r\n"
                         " boundary=\"=_pregon_7.42.1767225600000.00ff\"\r\n"),
            std::string::npos)
      << headers;
  EXPECT_EQ(headers.find("Reply-To"), std::string::npos);
  for (size_t at = 0; (at = headers.find('\n', at + 1)) != std::string::npos;) {
    EXPECT_EQ(headers[at - 1], '\r') << "bare LF in headers";
  }
}

TEST(MimeMessageTest, NoOneClickUrlWithoutASignerOrForATestSend) {
  MimeMessageParams unsigned_params = Params();
  unsigned_params.signer = nullptr;
  OutgoingMessage test_send = Message();
  test_send.campaign_id = 0;
  test_send.delivery_id = 0;
  for (const auto& [params, message] :
       {std::pair{unsigned_params, Message()}, std::pair{Params(), test_send}}) {
    const std::string headers = Headers(Build(params, message));
    EXPECT_EQ(headers.find("https://mail.example.com/u/"), std::string::npos) << headers;
    EXPECT_EQ(headers.find("List-Unsubscribe-Post"), std::string::npos) << headers;
    EXPECT_NE(headers.find("List-Unsubscribe: <mailto:"), std::string::npos) << headers;
  }
}

TEST(MimeMessageTest, OptionalHeaders) {
  MimeMessageParams params = Params();
  params.unsubscribe_base_url.clear();
  params.from_name.clear();
  OutgoingMessage message = Message();
  message.delivery_id = 0;  // a test send
  message.to_name.clear();
  message.reply_to = "replies@example.com";
  const std::string headers = Headers(Build(params, message));
  EXPECT_NE(headers.find("\r\nFrom: news@Example.COM\r\n"), std::string::npos) << headers;
  EXPECT_NE(headers.find("\r\nTo: jose@example.cl\r\n"), std::string::npos) << headers;
  EXPECT_NE(headers.find("\r\nReply-To: replies@example.com\r\n"), std::string::npos);
  EXPECT_NE(headers.find("\r\nList-Unsubscribe: "
                         "<mailto:unsubscribe@example.com?subject=unsubscribe-7-0>\r\n"),
            std::string::npos)
      << headers;
  EXPECT_EQ(headers.find("List-Unsubscribe-Post"), std::string::npos);
  EXPECT_EQ(headers.find("X-Pregon-Delivery-Id"), std::string::npos);
}

TEST(MimeMessageTest, DisplayNamesAreAtomsQuotedOrEncoded) {
  MimeMessageParams params = Params();
  params.from_name = "Acme News";
  OutgoingMessage message = Message();
  message.to_name = "Doe, \"Johnny\" J.";
  const std::string headers = Headers(Build(params, message));
  EXPECT_NE(headers.find("\r\nFrom: Acme News <news@Example.COM>\r\n"), std::string::npos)
      << headers;
  EXPECT_NE(headers.find("\r\nTo: \"Doe, \\\"Johnny\\\" J.\" <jose@example.cl>\r\n"),
            std::string::npos)
      << headers;
}

TEST(MimeMessageTest, LineBreaksInFieldsCannotInjectHeaders) {
  OutgoingMessage message = Message();
  message.subject = "Hi\r\nBcc: victim@example.com";
  message.to_name = "Eve\nBcc: other@example.com";
  const std::string headers = Headers(Build(Params(), message));
  EXPECT_EQ(headers.find("\r\nBcc:"), std::string::npos) << headers;
  EXPECT_NE(headers.find("\r\nSubject: Hi Bcc: victim@example.com\r\n"), std::string::npos);
}

TEST(MimeMessageTest, RefusesBadAddresses) {
  std::string out;
  for (const char* to : {"not-an-address", "a@b.cl\r\nBcc: x@y.cl", "", "josé@ñandú.cl"}) {
    SCOPED_TRACE(to);
    OutgoingMessage message = Message();
    message.to = to;
    const Status s = BuildMimeMessage(Params(), message, out);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.message().find('\n'), std::string::npos);
  }
  OutgoingMessage message = Message();
  message.reply_to = "bad reply";
  EXPECT_EQ(BuildMimeMessage(Params(), message, out).code(), StatusCode::kInvalidArgument);
  MimeMessageParams params = Params();
  params.from_email = "nobody";
  EXPECT_EQ(BuildMimeMessage(params, Message(), out).code(), StatusCode::kInvalidArgument);
}

TEST(MimeMessageTest, BodyShapes) {
  OutgoingMessage text_only = Message();
  text_only.html.clear();
  const std::string a = Build(Params(), text_only);
  EXPECT_NE(a.find("\r\nContent-Type: text/plain; charset=utf-8\r\n"
                   "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                   "Hola Jos=C3=A9,\r\n"),
            std::string::npos)
      << a;
  EXPECT_EQ(a.find("multipart"), std::string::npos);

  OutgoingMessage html_only = Message();
  html_only.text.clear();
  EXPECT_NE(Build(Params(), html_only).find("Content-Type: text/html; charset=utf-8"),
            std::string::npos);

  const std::string both = Build(Params(), Message());
  const size_t plain = both.find("--=_pregon_7.42.1767225600000.00ff\r\nContent-Type: text/plain");
  const size_t html = both.find("--=_pregon_7.42.1767225600000.00ff\r\nContent-Type: text/html");
  ASSERT_NE(plain, std::string::npos) << both;
  ASSERT_NE(html, std::string::npos) << both;
  EXPECT_LT(plain, html);
  EXPECT_EQ(both.substr(both.size() - 40), "\r\n--=_pregon_7.42.1767225600000.00ff--\r\n");
  for (unsigned char c : both) EXPECT_LT(c, 128) << "the message is 7-bit";
}

TEST(MimeMessageTest, AttachmentsMakeMultipartMixedReadBackByPython) {
  const std::string dir = testing_util::TempDir("mime-attachments");
  OutgoingMessage m = Message();
  std::string pdf = "%PDF-1.4\n";
  for (int i = 0; i < 300; ++i) pdf.push_back(static_cast<char>(i % 256));
  m.attachments = std::make_shared<const std::vector<Attachment>>(std::vector<Attachment>{
      {"factura.pdf", "application/pdf", static_cast<int64_t>(pdf.size()), pdf},
      {"año nuevo ☕.txt", "text/plain", 5, "hola\n"}});
  const std::string mime = Build(Params(), m);
  std::ofstream(dir + "/0.eml", std::ios::binary) << mime;
  const std::vector<Json> parsed = testing_util::CheckMessages(dir);
  ASSERT_EQ(parsed.size(), 1u);
  const Json& got = parsed[0];
  EXPECT_TRUE(got["defects"].empty()) << got["defects"];
  EXPECT_FALSE(got["eight_bit"]);
  EXPECT_LE(got["max_line"], 998);
  EXPECT_EQ(got["content_type"], "multipart/mixed");
  const Json& parts = got["parts"];
  ASSERT_EQ(parts.size(), 4u) << parts;
  EXPECT_EQ(parts[0]["content"], m.text);
  EXPECT_EQ(parts[1]["content"], m.html);
  EXPECT_EQ(parts[2]["content_type"], "application/pdf");
  EXPECT_EQ(parts[2]["disposition"], "attachment");
  EXPECT_EQ(parts[2]["filename"], "factura.pdf");
  EXPECT_EQ(parts[2]["content_base64"], Base64Encode(pdf));
  EXPECT_EQ(parts[3]["filename"], "año nuevo ☕.txt");
  EXPECT_EQ(parts[3]["content"], "hola\n");
}

// Python's email package is an independent reader: it must see exactly what we meant.
TEST(MimeMessageTest, PythonsEmailPackageReadsItBack) {
  const std::string dir = testing_util::TempDir("mime-roundtrip");
  std::vector<OutgoingMessage> messages;
  messages.push_back(Message());
  OutgoingMessage long_subject = Message();
  long_subject.subject =
      "Ñandúes, pingüinos y cóndores: la gran migración del sur de Chile 🐧🦅 "
      "— edición especial de invierno, con fotos y mapas";
  long_subject.text = std::string(500, 'a') + " ü\n.\n.hidden\nend\n";
  long_subject.html.clear();
  messages.push_back(long_subject);
  OutgoingMessage ascii = Message();
  ascii.subject = "Plain subject";
  ascii.to_name = "Doe, \"Johnny\" J.";
  ascii.reply_to = "replies@example.com";
  messages.push_back(ascii);
  for (size_t i = 0; i < messages.size(); ++i) {
    std::ofstream(dir + "/" + std::to_string(i) + ".eml", std::ios::binary)
        << Build(Params(), messages[i]);
  }

  const std::vector<Json> parsed = testing_util::CheckMessages(dir);
  ASSERT_EQ(parsed.size(), messages.size());
  for (size_t i = 0; i < messages.size(); ++i) {
    SCOPED_TRACE(i);
    const Json& m = parsed[i];
    const OutgoingMessage& sent = messages[i];
    EXPECT_TRUE(m["defects"].empty()) << m["defects"];
    EXPECT_FALSE(m["bare_lf"]);
    EXPECT_FALSE(m["bare_cr"]);
    EXPECT_FALSE(m["eight_bit"]);
    EXPECT_LE(m["max_line"], 998);
    EXPECT_LE(m["max_header_line"], 78);
    EXPECT_EQ(m["headers"]["subject"][0], sent.subject);
    EXPECT_EQ(m["addresses"]["from"][0]["name"], "Pregón Noticias");
    EXPECT_EQ(m["addresses"]["from"][0]["address"], "news@Example.COM");
    EXPECT_EQ(m["addresses"]["to"][0]["name"], sent.to_name);
    EXPECT_EQ(m["addresses"]["to"][0]["address"], sent.to);
    EXPECT_EQ(m["headers"]["date"][0], "Thu, 01 Jan 2026 00:00:00 +0000");
    if (!sent.reply_to.empty()) {
      EXPECT_EQ(m["addresses"]["reply-to"][0]["address"], sent.reply_to);
    }
    const Json& parts = m["parts"];
    if (sent.html.empty()) {
      EXPECT_EQ(m["content_type"], "text/plain");
      ASSERT_EQ(parts.size(), 1u);
    } else {
      EXPECT_EQ(m["content_type"], "multipart/alternative");
      ASSERT_EQ(parts.size(), 2u);
      EXPECT_EQ(parts[1]["content_type"], "text/html");
      EXPECT_EQ(parts[1]["content"], sent.html);
    }
    EXPECT_EQ(parts[0]["content_type"], "text/plain");
    EXPECT_EQ(parts[0]["charset"], "utf-8");
    EXPECT_EQ(parts[0]["cte"], "quoted-printable");
    EXPECT_EQ(parts[0]["content"], sent.text);
  }
}

}  // namespace
}  // namespace pregon
