#include "core/csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pregon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

using Fields = std::vector<std::string>;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

Result<std::vector<CsvRecord>> ReadAllInBlocks(std::string_view content, CsvOptions options) {
  PREGON_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::Open(content, options));
  std::vector<CsvRecord> records;
  CsvRecord record;
  Status error;
  while (reader.Next(&record, &error)) records.push_back(record);
  if (!error.ok()) return error;
  return records;
}

std::string Describe(const Result<std::vector<CsvRecord>>& read) {
  if (!read.ok()) return read.status().ToString();
  std::string out;
  for (const CsvRecord& r : *read) {
    out += std::to_string(r.line) + "[" + r.limit_error + "]";
    for (const auto& f : r.fields) out += "|" + f;
    out += "\n";
  }
  return out;
}

// Reads every record, or returns the first error (Open's or Next's). Every test's content is
// also read pulling 1 to 7 bytes at a time, which must change nothing: a quote, a CRLF, a
// byte-order mark or a multi-byte character cut between two blocks is read as if whole.
Result<std::vector<CsvRecord>> ReadAll(std::string_view content, CsvOptions options = {}) {
  auto whole = ReadAllInBlocks(content, options);
  for (size_t block : {1, 2, 3, 4, 5, 7}) {
    CsvOptions small = options;
    small.block_bytes = block;
    EXPECT_EQ(Describe(ReadAllInBlocks(content, small)), Describe(whole)) << "block " << block;
  }
  return whole;
}

TEST(CsvReaderTest, ReadsSimpleCommaSeparatedRecordsWithTheirLines) {
  auto records = ReadAll("email,name\na@x.com,Ana\nb@x.com,Bea\n");
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].fields, (Fields{"email", "name"}));
  EXPECT_EQ((*records)[2].fields, (Fields{"b@x.com", "Bea"}));
  EXPECT_EQ((*records)[0].line, 1);
  EXPECT_EQ((*records)[2].line, 3);
  EXPECT_TRUE((*records)[1].limit_error.empty());
}

TEST(CsvReaderTest, LastRecordNeedsNoLineEndAndTrailingDelimiterMeansEmptyField) {
  auto records = ReadAll("a,b,\n1,2,");
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[1].fields, (Fields{"1", "2", ""}));
}

TEST(CsvReaderTest, StripsUtf8ByteOrderMark) {
  const std::string content = std::string(kBom) + "email\nx@y.com\n";
  auto reader = CsvReader::Open(content);
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE(reader->had_bom());
  EXPECT_EQ(reader->encoding(), CsvEncoding::kUtf8);
  CsvRecord record;
  Status error;
  ASSERT_TRUE(reader->Next(&record, &error));
  EXPECT_EQ(record.fields, (Fields{"email"}));
  EXPECT_EQ(record.line, 1);
}

TEST(CsvReaderTest, DetectsTheDelimiterFromTheHeaderLine) {
  auto delimiter = [](std::string_view content) { return CsvReader::Open(content)->delimiter(); };
  EXPECT_EQ(delimiter("correo;nombre;ciudad\na,b;c;d\n"), ';');
  EXPECT_EQ(delimiter("email\tname\n"), '\t');
  EXPECT_EQ(delimiter("email,name\n"), ',');
  EXPECT_EQ(delimiter("email\n"), ',');                 // none: ','
  EXPECT_EQ(delimiter("a;b,c\n"), ',');                 // tie: ','
  EXPECT_EQ(delimiter("\"a,b,c\";d;e\n1,2,3\n"), ';');  // quoted delimiters do not count
  EXPECT_EQ(delimiter("\n  \r\nemail;name\n"), ';');    // blank lines before the header
  EXPECT_EQ(delimiter(""), ',');
}

TEST(CsvReaderTest, ForcedDelimiterWins) {
  auto records = ReadAll("a;b|c\n", {.delimiter = '|'});
  ASSERT_TRUE(records.ok());
  EXPECT_EQ((*records)[0].fields, (Fields{"a;b", "c"}));
}

TEST(CsvReaderTest, RejectsInvalidOptions) {
  EXPECT_FALSE(CsvReader::Open("a", {.delimiter = '"'}).ok());
  EXPECT_FALSE(CsvReader::Open("a", {.delimiter = '\n'}).ok());
  EXPECT_FALSE(CsvReader::Open("a", {.max_field_bytes = 0}).ok());
  EXPECT_FALSE(CsvReader::Open("a", {.max_columns = 0}).ok());
}

TEST(CsvReaderTest, CrLfLfAndLoneCrAllEndALine) {
  auto records = ReadAll("h1,h2\r\na,1\rb,2\nc,3\r\n");
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 4u);
  EXPECT_EQ((*records)[1].fields, (Fields{"a", "1"}));
  EXPECT_EQ((*records)[2].fields, (Fields{"b", "2"}));
  EXPECT_EQ((*records)[3].fields, (Fields{"c", "3"}));
  EXPECT_EQ((*records)[3].line, 4);
}

TEST(CsvReaderTest, QuotedFieldsHoldDelimitersNewlinesAndDoubledQuotes) {
  auto records = ReadAll(
      "name;note\r\n"
      "\"María; la de ventas\";\"nota con\r\nsalto\"\r\n"
      "x;\"cliente \"\"VIP\"\"\"\r\n"
      "y;\"\"\r\n");
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 4u);
  EXPECT_EQ((*records)[1].fields, (Fields{"María; la de ventas", "nota con\r\nsalto"}));
  EXPECT_EQ((*records)[1].line, 2);
  // The record after the two-line field starts on physical line 4, not 3.
  EXPECT_EQ((*records)[2].fields, (Fields{"x", "cliente \"VIP\""}));
  EXPECT_EQ((*records)[2].line, 4);
  EXPECT_EQ((*records)[3].fields, (Fields{"y", ""}));
  EXPECT_EQ((*records)[3].line, 5);
}

TEST(CsvReaderTest, LoneCrInsideQuotesCountsAsALine) {
  auto records = ReadAll("a\r\"x\ry\"\rz\r");
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[1].fields, (Fields{"x\ry"}));
  EXPECT_EQ((*records)[2].line, 4);
}

TEST(CsvReaderTest, QuotesOutsideQuotedFieldsAreKeptAsWritten) {
  auto records = ReadAll("a,b\n15\" screen,\"quoted\"tail\n");
  ASSERT_TRUE(records.ok());
  EXPECT_EQ((*records)[1].fields, (Fields{"15\" screen", "quotedtail"}));
}

TEST(CsvReaderTest, UnterminatedQuoteIsAnErrorNamingTheLineWhereItOpened) {
  auto reader = CsvReader::Open("a,b\n1,2\n3,\"never\nclosed\n4,5\n");
  ASSERT_TRUE(reader.ok());
  CsvRecord record;
  Status error;
  ASSERT_TRUE(reader->Next(&record, &error));
  ASSERT_TRUE(reader->Next(&record, &error));
  EXPECT_FALSE(reader->Next(&record, &error));
  EXPECT_EQ(error.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(error.message(), HasSubstr("line 3"));
  EXPECT_THAT(error.message(), HasSubstr("never closed"));
  // Sticky: the reader does not pretend the rest is fine.
  Status again;
  EXPECT_FALSE(reader->Next(&record, &again));
  EXPECT_EQ(again.message(), error.message());
}

TEST(CsvReaderTest, BlankLinesAreSkippedButEmptyRecordsAreNot) {
  auto records = ReadAll("a;b\n\n   \n\t\r\n;\n\"\"\n1;2\n\n");
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 4u);
  EXPECT_EQ((*records)[1].fields, (Fields{"", ""}));  // ";" is two empty fields
  EXPECT_EQ((*records)[1].line, 5);
  EXPECT_EQ((*records)[2].fields, (Fields{""}));  // a quoted empty field is data
  EXPECT_EQ((*records)[3].line, 7);
}

TEST(CsvReaderTest, EmptyContentHasNoRecords) {
  for (std::string_view content : {std::string_view(), kBom, std::string_view("\r\n\n  \n")}) {
    auto records = ReadAll(content);
    ASSERT_TRUE(records.ok());
    EXPECT_TRUE(records->empty());
  }
}

TEST(CsvReaderTest, Latin1IsTranscodedToUtf8) {
  auto reader = CsvReader::Open("nombre;nota\nJos\xE9;\x80 10\n");
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(reader->encoding(), CsvEncoding::kWindows1252);
  EXPECT_EQ(CsvEncodingName(reader->encoding()), "Windows-1252");
  EXPECT_EQ(reader->delimiter(), ';');
  CsvRecord record;
  Status error;
  ASSERT_TRUE(reader->Next(&record, &error));
  ASSERT_TRUE(reader->Next(&record, &error));
  EXPECT_THAT(record.fields, ElementsAre("José", "€ 10"));  // José, € 10
}

TEST(CsvReaderTest, TranscodedReaderSurvivesBeingMoved) {
  auto reader = CsvReader::Open("Jos\xE9\n");
  ASSERT_TRUE(reader.ok());
  CsvReader moved = std::move(reader).value();
  CsvRecord record;
  Status error;
  ASSERT_TRUE(moved.Next(&record, &error));
  EXPECT_EQ(record.fields, (Fields{"José"}));
}

TEST(CsvReaderTest, MixedEncodingsAreRefusedWithTheLine) {
  // Line 2 is UTF-8, line 3 Latin-1: no single decoding is right for both.
  auto reader = CsvReader::Open("name\nMaría\nJos\xE9\n");
  ASSERT_FALSE(reader.ok());
  EXPECT_THAT(reader.status().message(), HasSubstr("line 3"));
  EXPECT_THAT(reader.status().message(), HasSubstr("UTF-8"));
  // A BOM promises UTF-8 too.
  EXPECT_FALSE(CsvReader::Open("\xEF\xBB\xBFname\nJos\xE9\n").ok());
}

TEST(CsvReaderTest, OverlongAndSurrogateSequencesAreNotUtf8) {
  EXPECT_EQ(CsvReader::Open("\xC0\xAF")->encoding(), CsvEncoding::kWindows1252);
  EXPECT_EQ(CsvReader::Open("\xED\xA0\x80")->encoding(), CsvEncoding::kWindows1252);
  EXPECT_EQ(CsvReader::Open("\xF4\x90\x80\x80")->encoding(), CsvEncoding::kWindows1252);
  EXPECT_EQ(CsvReader::Open("🎉")->encoding(), CsvEncoding::kUtf8);
}

TEST(CsvReaderTest, EmojiPassThroughUntouched) {
  auto records = ReadAll("name\nPedro 🎉\n");
  ASSERT_TRUE(records.ok());
  EXPECT_EQ((*records)[1].fields, (Fields{"Pedro 🎉"}));
}

TEST(CsvReaderTest, BinaryContentIsRefused) {
  auto nul = CsvReader::Open(std::string_view("email\nab\0c\n", 11));
  ASSERT_FALSE(nul.ok());
  EXPECT_THAT(nul.status().message(), HasSubstr("not a CSV (binary content)"));
  EXPECT_THAT(nul.status().message(), HasSubstr("line 2"));
  auto utf16 = CsvReader::Open(std::string_view("\xFF\xFEn\0a\0", 6));
  ASSERT_FALSE(utf16.ok());
  EXPECT_THAT(utf16.status().message(), HasSubstr("UTF-16"));
}

TEST(CsvReaderTest, TooLongFieldMarksTheRecordAndReadingGoesOn) {
  std::string content =
      "a,b\nx," + std::string(11, 'y') + ",z\n\"" + std::string(20, 'q') + "\nq\"\nok,fine\n";
  auto records = ReadAll(content, {.max_field_bytes = 10});
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 4u);
  const CsvRecord& unquoted = (*records)[1];
  EXPECT_EQ(unquoted.oversized_field, 1);
  EXPECT_EQ(unquoted.limit_error, "field 2 is longer than 10 bytes");
  EXPECT_EQ(unquoted.fields, (Fields{"x", "", "z"}));
  const CsvRecord& quoted = (*records)[2];
  EXPECT_EQ(quoted.oversized_field, 0);
  EXPECT_EQ(quoted.line, 3);
  EXPECT_EQ((*records)[3].line, 5);
  EXPECT_EQ((*records)[3].fields, (Fields{"ok", "fine"}));
  EXPECT_EQ((*records)[3].oversized_field, -1);
  EXPECT_TRUE((*records)[3].limit_error.empty());
}

TEST(CsvReaderTest, TooManyColumnsMarksTheRecordAndKeepsOnlyTheLimit) {
  auto records = ReadAll("a,b\n1,2,3,4,5\n6,7\n", {.max_columns = 3});
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 3u);
  EXPECT_TRUE((*records)[1].too_many_fields);
  EXPECT_EQ((*records)[1].fields.size(), 3u);
  EXPECT_EQ((*records)[1].limit_error, "more than 3 fields");
  EXPECT_FALSE((*records)[2].too_many_fields);
  EXPECT_EQ((*records)[2].fields, (Fields{"6", "7"}));
}

TEST(CsvWriting, QuotesOnlyWhatNeedsItAndDefusesFormulas) {
  EXPECT_EQ(CsvQuote("plain"), "plain");
  EXPECT_EQ(CsvQuote("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvQuote("say \"hi\"\nbye"), "\"say \"\"hi\"\"\nbye\"");
  EXPECT_EQ(CsvQuoteForSpreadsheet("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvQuoteForSpreadsheet("-5"), "'-5");
  EXPECT_EQ(CsvQuoteForSpreadsheet("ana@x.cl"), "ana@x.cl");
  EXPECT_EQ(CsvQuoteForSpreadsheet(""), "");
  // What is written reads back the same.
  auto back = ReadAll(CsvQuote("x,\"y\"\r\nz") + "," + CsvQuote("w") + "\n");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)[0].fields, (Fields{"x,\"y\"\r\nz", "w"}));
}

// A file that reads fine while Open() scans it, then fails midway through the real read.
class FailingSource : public CsvSource {
 public:
  FailingSource(std::string content, size_t fail_at) : content_(content), fail_at_(fail_at) {}
  Result<size_t> Read(char* out, size_t size) override {
    if (rewound_ && pos_ >= fail_at_) return Status::Internal("disk went away");
    size_t n = std::min({size, content_.size() - pos_, rewound_ ? fail_at_ - pos_ : size});
    content_.copy(out, n, pos_);
    pos_ += n;
    return n;
  }
  Status Rewind() override {
    pos_ = 0;
    rewound_ = true;
    return Status::Ok();
  }

 private:
  std::string content_;
  size_t fail_at_, pos_ = 0;
  bool rewound_ = false;
};

TEST(CsvReaderTest, ASourceFailingMidwayEndsTheReadWithItsError) {
  std::string content = "email\n";
  for (int i = 0; i < 10000; ++i) content += "user" + std::to_string(i) + "@example.com\n";
  FailingSource source(content, content.size() / 2);
  auto reader = CsvReader::Open(source, {.block_bytes = 1024});
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  CsvRecord record;
  Status error;
  int records = 0;
  while (reader->Next(&record, &error)) ++records;
  EXPECT_THAT(error.message(), HasSubstr("disk went away"));
  EXPECT_GT(records, 1000);
  EXPECT_LT(records, 10001);
  EXPECT_FALSE(reader->Next(&record, &error));  // sticky
  EXPECT_THAT(error.message(), HasSubstr("disk went away"));
}

TEST(CsvReaderTest, RefusalsNameTheSameLineWhateverTheBlockSize) {
  for (size_t block : {1, 2, 3, 64 * 1024}) {
    CsvOptions options{.block_bytes = block};
    auto nul = CsvReader::Open(std::string_view("a\r\nb\rc\n\0", 8), options);
    ASSERT_FALSE(nul.ok());
    EXPECT_THAT(nul.status().message(), HasSubstr("NUL byte on line 4")) << block;
    auto mixed = CsvReader::Open(
        "name\r\nMar\xC3\xAD"
        "a\r\nJos\xE9\n",
        options);
    ASSERT_FALSE(mixed.ok());
    EXPECT_THAT(mixed.status().message(), HasSubstr("line 3")) << block;
    EXPECT_EQ(CsvReader::Open("\xEF\xBB\xBF\xE2\x82\xAC", options)->encoding(), CsvEncoding::kUtf8)
        << block;
    EXPECT_EQ(CsvReader::Open("a;b;c,d\n", options)->delimiter(), ';') << block;
  }
}

TEST(CsvReaderTest, AFileMuchLargerThanABlockIsReadWithoutHoldingIt) {
  std::string content = "email;note\n";
  for (int i = 0; i < 20000; ++i)
    content += "u" + std::to_string(i) + "@example.com;\"multi\nline \xE9\"\n";
  auto reader = CsvReader::Open(content, {.block_bytes = 4096});
  ASSERT_TRUE(reader.ok());
  ASSERT_EQ(reader->encoding(), CsvEncoding::kWindows1252);
  CsvRecord record;
  Status error;
  int records = 0;
  int last_line = 0;
  while (reader->Next(&record, &error)) {
    ++records;
    last_line = record.line;
  }
  EXPECT_TRUE(error.ok()) << error.ToString();
  EXPECT_EQ(records, 20001);
  EXPECT_EQ(last_line, 1 + 2 * 19999 + 1);
  EXPECT_EQ(record.fields[1], "multi\nline \xC3\xA9");
}

}  // namespace
}  // namespace pregon
