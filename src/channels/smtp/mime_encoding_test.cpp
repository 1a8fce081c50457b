#include "channels/smtp/mime_encoding.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace pregon {
namespace {

// Independent decoders, to check that what is written reads back as the original.
std::string Base64Decode(std::string_view text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (const char c : text) {
    if (c == '=') break;
    bits = (bits << 6) | static_cast<uint32_t>(kAlphabet.find(c));
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return out;
}

std::string QuotedPrintableDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out.push_back(text[i]);
      continue;
    }
    if (text.substr(i + 1, 2) == "\r\n") {  // soft break
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
    i += 2;
  }
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t at; (at = text.find("\r\n", start)) != std::string::npos; start = at + 2) {
    lines.push_back(text.substr(start, at - start));
  }
  lines.push_back(text.substr(start));
  return lines;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

// Joins an encoded header's words back into text (what a mail reader shows).
std::string DecodeEncodedWords(const std::string& value) {
  std::string out;
  std::istringstream words(value);
  for (std::string word; words >> word;) {
    EXPECT_EQ(word.rfind("=?UTF-8?B?", 0), 0u) << word;
    EXPECT_LE(word.size(), 75u) << word;
    const std::string decoded = Base64Decode(word.substr(10, word.size() - 12));
    EXPECT_TRUE(IsValidUtf8(decoded)) << "a word splits a UTF-8 sequence: " << word;
    out += decoded;
  }
  return out;
}

TEST(Base64Test, Rfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("\xff\xfe\x00"), "//4=");
}

std::string QP(std::string_view text) {
  std::string out;
  AppendQuotedPrintable(text, out);
  return out;
}

TEST(QuotedPrintableTest, EncodesWhatMustBeEncoded) {
  EXPECT_EQ(QP(""), "");
  EXPECT_EQ(QP("plain text"), "plain text");
  EXPECT_EQ(QP("a=b"), "a=3Db");
  EXPECT_EQ(QP("café"), "caf=C3=A9");
  EXPECT_EQ(QP("🎉"), "=F0=9F=8E=89");
  EXPECT_EQ(QP("trailing \nspace\t\r\nend "), "trailing=20\r\nspace=09\r\nend=20");
  EXPECT_EQ(QP("lf\nand\r\ncrlf\n"), "lf\r\nand\r\ncrlf\r\n");
  EXPECT_EQ(QP("lone\rcr"), "lone=0Dcr");
  EXPECT_EQ(QP(".\n..dots stay: libcurl stuffs them"), ".\r\n..dots stay: libcurl stuffs them");
}

TEST(QuotedPrintableTest, SoftBreaksKeepLinesShortAndDecodeBack) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Árbol=ñandú 🎉 ";  // long line, many escapes
  text += "\n" + std::string(300, 'x') + "\nshort\n";
  const std::string encoded = QP(text);
  for (const std::string& line : Lines(encoded)) {
    EXPECT_LE(line.size(), 76u) << line;
    // No "=XX" escape is cut by a soft break.
    const size_t eq = line.rfind('=');
    if (eq != std::string::npos) {
      EXPECT_TRUE(eq == line.size() - 1 || eq + 3 <= line.size());
    }
  }
  std::string expected = text;
  for (size_t at = 0; (at = expected.find('\n', at)) != std::string::npos; at += 2) {
    expected.replace(at, 1, "\r\n");
  }
  EXPECT_EQ(QuotedPrintableDecode(encoded), expected);
}

TEST(HeaderTextTest, SanitizingRemovesLineBreaksAndControls) {
  EXPECT_EQ(SanitizeHeaderText("  Hi\r\nBcc: evil@example.com\t x "), "Hi Bcc: evil@example.com x");
  EXPECT_EQ(SanitizeHeaderText("a\x01"
                               "b"),
            "a b");
  EXPECT_EQ(SanitizeHeaderText("José"), "José");
  EXPECT_TRUE(IsSafeHeaderAscii("Hello, world!"));
  EXPECT_FALSE(IsSafeHeaderAscii("Olá"));
  EXPECT_FALSE(IsSafeHeaderAscii("looks =?encoded?= but is not"));
  EXPECT_FALSE(IsSafeHeaderAscii("tab\there"));
}

TEST(HeaderWriterTest, FoldsAsciiTextAtSpaces) {
  std::string out;
  HeaderWriter header(out);
  std::string subject;
  for (int i = 0; i < 30; ++i) subject += "word" + std::to_string(i) + " ";
  subject.pop_back();
  header.Begin("Subject");
  header.Text(subject);
  header.End();
  const auto lines = Lines(out);
  ASSERT_GT(lines.size(), 3u);
  EXPECT_EQ(lines.back(), "");  // ends with CRLF
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    EXPECT_LE(lines[i].size(), 78u) << lines[i];
    if (i > 0) {
      EXPECT_EQ(lines[i][0], ' ') << "a continuation line starts with white space";
    }
  }
  // Unfolding (removing each CRLF) gives back the field.
  std::string unfolded = out.substr(0, out.size() - 2);
  for (size_t at; (at = unfolded.find("\r\n")) != std::string::npos;) unfolded.erase(at, 2);
  EXPECT_EQ(unfolded, "Subject: " + subject);
}

TEST(HeaderWriterTest, EncodedWordsRoundTripAndNeverSplitCharacters) {
  const std::vector<std::string> texts = {
      "¡Hola José!",
      "Oferta de café ☕ para Ñandú — sólo hoy 🎉🎉🎉 "
      "y mañana también, con acentos: áéíóú ÁÉÍÓÚ ü",
      std::string(200, 'a') + "é",
      "🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉",
  };
  for (const std::string& text : texts) {
    SCOPED_TRACE(text);
    std::string out;
    HeaderWriter header(out);
    header.Begin("Subject");
    header.EncodedWords(text);
    header.End();
    for (const std::string& line : Lines(out)) EXPECT_LE(line.size(), 78u) << line;
    std::string value = out.substr(std::string("Subject:").size());
    for (size_t at; (at = value.find("\r\n")) != std::string::npos;) value.erase(at, 2);
    EXPECT_EQ(DecodeEncodedWords(value), text);
  }
}

TEST(HeaderWriterTest, TextPicksPlainOrEncoded) {
  std::string out;
  HeaderWriter header(out);
  header.Begin("Subject");
  header.Text("Plain ASCII");
  header.End();
  header.Begin("Subject");
  header.Text("Señal");
  header.End();
  EXPECT_EQ(out, "Subject: Plain ASCII\r\nSubject: =?UTF-8?B?U2XDsWFs?=\r\n");
}

TEST(HeaderWriterTest, KeepsALongTokenWhole) {
  std::string out;
  HeaderWriter header(out);
  const std::string url = "<https://example.com/" + std::string(100, 'u') + ">";
  header.Begin("List-Unsubscribe");
  header.Token("<mailto:u@example.com>,");
  header.Token(url);
  header.End();
  EXPECT_EQ(out, "List-Unsubscribe: <mailto:u@example.com>,\r\n " + url + "\r\n");
}

}  // namespace
}  // namespace pregon
