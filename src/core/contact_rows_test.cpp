#include "core/contact_rows.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace pregon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

std::vector<std::string> Emails(const ContactImport& result) {
  std::vector<std::string> out;
  for (const ContactRow& row : result.rows) out.push_back(row.email);
  return out;
}

std::vector<std::pair<int, std::string>> Issues(const ContactImport& result) {
  std::vector<std::pair<int, std::string>> out;
  for (const RowIssue& issue : result.issues) out.emplace_back(issue.line, issue.reason);
  return out;
}

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(PREGON_TEST_FIXTURES) + "/" + name, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// What tests/fixtures/contacts-dirty.expected.md says the import must give.
TEST(ParseContactsTest, DirtyFixtureGivesTheDocumentedResult) {
  std::string content = ReadFixture("contacts-dirty.csv");
  ASSERT_FALSE(content.empty()) << "fixture not found";
  auto result = ParseContacts(content);
  ASSERT_TRUE(result.ok()) << result.status().ToString();

  EXPECT_EQ(result->delimiter, ';');
  EXPECT_EQ(result->encoding, CsvEncoding::kUtf8);
  EXPECT_EQ(result->imported, 6u);
  EXPECT_THAT(Emails(*result),
              ElementsAre("ana.perez@example.cl", "jose@example.com", "maria@example.com.ar",
                          "pedro@ejemplo.es", "lucia@example.pe", "carla@example.co"));
  EXPECT_EQ(result->skipped, 3u);
  EXPECT_THAT(Issues(*result), ElementsAre(Pair(4, "duplicate of line 3"), Pair(7, "no e-mail"),
                                           Pair(8, "invalid e-mail 'no-es-un-correo'")));
  EXPECT_THAT(result->field_names, ElementsAre("Ciudad", "Nota"));

  const ContactRow& ana = result->rows[0];
  EXPECT_EQ(ana.line, 2);
  EXPECT_EQ(ana.name, "Ana Pérez");
  EXPECT_THAT(ana.fields, ElementsAre(Pair("Ciudad", "Santiago"), Pair("Nota", "cliente \"VIP\"")));
  const ContactRow& jose = result->rows[1];
  EXPECT_EQ(jose.line, 3);
  EXPECT_THAT(jose.fields, ElementsAre(Pair("Ciudad", "Viña del Mar"), Pair("Nota", "")));
  const ContactRow& maria = result->rows[2];
  EXPECT_EQ(maria.line, 5);
  EXPECT_EQ(maria.name, "María; la de ventas");
  EXPECT_THAT(maria.fields[1].second, HasSubstr("nota con\r\nsalto de l"));
  EXPECT_EQ(result->rows[3].name, "Pedro 🎉");
  EXPECT_EQ(result->rows[4].line, 10);
  EXPECT_EQ(result->rows[4].name, "Lucía");
  EXPECT_EQ(result->rows[5].line, 12);  // after the blank line 11

  EXPECT_EQ(FormatImportSummary(*result),
            "imported 6, skipped 3: line 4 duplicate of line 3; line 7 no e-mail; "
            "line 8 invalid e-mail 'no-es-un-correo'");
}

TEST(ParseContactsTest, HeaderNamesMatchCaseInsensitivelyAfterTrimming) {
  for (std::string_view header :
       {"email", " EMAIL ", "Correo", "E-Mail", "mail", "Email_Address", "correo_electronico"}) {
    auto result = ParseContacts(std::string(header) + ",Nombre\nA@X.com,Ana\n");
    ASSERT_TRUE(result.ok()) << header << ": " << result.status().ToString();
    ASSERT_EQ(result->rows.size(), 1u) << header;
    EXPECT_EQ(result->rows[0].email, "a@x.com");
    EXPECT_EQ(result->rows[0].name, "Ana");
    EXPECT_TRUE(result->rows[0].fields.empty());
  }
}

TEST(ParseContactsTest, ChatIdColumnAloneIsEnough) {
  auto result = ParseContacts(
      "chat_id,name\n12345,Ana\n-1001234567890,Group\n@Some_Channel,Chan\n@abc,Short\n"
      "12a,Bad\n,Nobody\n@some_channel,Again\n");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->rows.size(), 3u);
  EXPECT_EQ(result->rows[1].chat_id, "-1001234567890");
  EXPECT_EQ(result->rows[2].chat_id, "@Some_Channel");
  EXPECT_TRUE(result->rows[0].email.empty());
  EXPECT_THAT(Issues(*result),
              ElementsAre(Pair(5, "invalid chat_id '@abc'"), Pair(6, "invalid chat_id '12a'"),
                          Pair(7, "no chat_id"), Pair(8, "duplicate of line 4")));
}

TEST(ParseContactsTest, RowsWithBothColumnsNeedOneAddressAndNoBadOne) {
  auto result = ParseContacts(
      "email;chat_id\n"
      "a@x.com;\n"
      ";42\n"
      "b@x.com;43\n"
      ";\n"
      "not-mail;44\n"
      "c@x.com;42\n");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->rows.size(), 3u);
  EXPECT_EQ(result->rows[1].chat_id, "42");
  EXPECT_THAT(Issues(*result),
              ElementsAre(Pair(5, "no e-mail or chat_id"), Pair(6, "invalid e-mail 'not-mail'"),
                          Pair(7, "duplicate of line 3")));
}

TEST(ParseContactsTest, HeaderWithoutAddressColumnIsRefusedListingAcceptedNames) {
  auto result = ParseContacts("nombre,telefono\nAna,123\n");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  for (const char* name :
       {"email", "correo", "e-mail", "mail", "email_address", "correo_electronico", "chat_id"}) {
    EXPECT_THAT(result.status().message(), HasSubstr(name));
  }
}

TEST(ParseContactsTest, MissingHeaderGetsAHint) {
  auto result = ParseContacts("ana@x.com,Ana\nbea@x.com,Bea\n");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("header row missing"));
}

TEST(ParseContactsTest, DuplicateColumnsAreRefused) {
  auto same_name = ParseContacts("email,Ciudad,ciudad\na@x.com,b,c\n");
  ASSERT_FALSE(same_name.ok());
  EXPECT_THAT(same_name.status().message(), HasSubstr("appears twice"));
  auto same_role = ParseContacts("email,correo\na@x.com,b@x.com\n");
  ASSERT_FALSE(same_role.ok());
  EXPECT_THAT(same_role.status().message(), HasSubstr("'email' and 'correo'"));
  EXPECT_FALSE(ParseContacts("email,name,nombre\na@x.com,A,B\n").ok());
}

TEST(ParseContactsTest, EmptyOrHeaderOnlyOrBinaryFilesAreRefused) {
  for (std::string_view content : {"", "\xEF\xBB\xBF", "\n\n", "email,name\n", "email\n\n  \n"}) {
    auto result = ParseContacts(content);
    ASSERT_FALSE(result.ok()) << "'" << content << "'";
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  }
  EXPECT_THAT(ParseContacts("").status().message(), HasSubstr("empty"));
  EXPECT_THAT(ParseContacts("email\n").status().message(), HasSubstr("no contacts"));
  auto binary = ParseContacts(std::string_view("email\n\0\0\0", 9));
  ASSERT_FALSE(binary.ok());
  EXPECT_THAT(binary.status().message(), HasSubstr("binary"));
}

TEST(ParseContactsTest, UnterminatedQuoteRefusesTheWholeFile) {
  auto result = ParseContacts("email,nota\na@x.com,ok\nb@x.com,\"open\nc@x.com,x\n");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("line 3"));
}

TEST(ContactRowReaderTest, GivesRowsOneByOneThenTheLateRefusal) {
  StringCsvSource source("email,nota\na@x.com,ok\nbad,x\nA@x.com,again\nb@x.com,\"open\n");
  auto reader = ContactRowReader::Open(source);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ContactRow row;
  Status error;
  ASSERT_TRUE(reader->Next(&row, &error));
  EXPECT_EQ(row.email, "a@x.com");
  EXPECT_EQ(row.line, 2);
  EXPECT_EQ(reader->summary().imported, 1u);
  EXPECT_EQ(reader->summary().skipped, 0u);
  // Lines 3 (no e-mail) and 4 (a repeat) are skipped on the way to the end, which is broken:
  // the rows already given must be dropped by the caller.
  EXPECT_FALSE(reader->Next(&row, &error));
  EXPECT_THAT(error.message(), HasSubstr("line 5"));
  EXPECT_THAT(Issues(reader->summary()),
              ElementsAre(Pair(3, "invalid e-mail 'bad'"), Pair(4, "duplicate of line 2")));
  EXPECT_TRUE(reader->summary().rows.empty());
  EXPECT_FALSE(reader->Next(&row, &error));  // and stays ended
  EXPECT_FALSE(error.ok());
}

TEST(ContactRowReaderTest, ARefusedHeaderFailsOpen) {
  StringCsvSource source("nombre,ciudad\nAna,Lima\n");
  auto reader = ContactRowReader::Open(source);
  ASSERT_FALSE(reader.ok());
  EXPECT_THAT(reader.status().message(), HasSubstr("no e-mail or chat id column"));
}

TEST(ParseContactsTest, Latin1FileIsReadAsWindows1252) {
  auto result = ParseContacts("correo;nombre;ciudad\njose@x.com;Jos\xE9;Ni\xF1o\n");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->encoding, CsvEncoding::kWindows1252);
  ASSERT_EQ(result->rows.size(), 1u);
  EXPECT_EQ(result->rows[0].name, "José");
  EXPECT_THAT(result->rows[0].fields, ElementsAre(Pair("ciudad", "Niño")));
}

TEST(ParseContactsTest, ExtraFieldsSkipTheRowMissingFieldsAreEmpty) {
  auto result = ParseContacts(
      "email,name,city\n"
      "a@x.com,Ana,Lima,extra\n"
      "b@x.com\n"
      "c@x.com,Carla,Quito,,\n");  // trailing empty cells carry no data
  ASSERT_TRUE(result.ok());
  EXPECT_THAT(Issues(*result), ElementsAre(Pair(2, "4 fields, header has 3")));
  ASSERT_EQ(result->rows.size(), 2u);
  EXPECT_EQ(result->rows[0].name, "");
  EXPECT_THAT(result->rows[0].fields, ElementsAre(Pair("city", "")));
  EXPECT_THAT(result->rows[1].fields, ElementsAre(Pair("city", "Quito")));
}

TEST(ParseContactsTest, UnnamedColumnsAreToleratedWhileEmpty) {
  auto result = ParseContacts("email;name;\na@x.com;Ana;\nb@x.com;Bea;oops\n");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->rows.size(), 1u);
  EXPECT_TRUE(result->field_names.empty());
  EXPECT_THAT(Issues(*result),
              ElementsAre(Pair(3, "value 'oops' in column 3, which has no header")));
}

TEST(ParseContactsTest, TooLongFieldSkipsTheRowNamingTheColumn) {
  ContactImportOptions options;
  options.csv.max_field_bytes = 8;
  auto result = ParseContacts("email,Nota\na@x.com,short\nb@x.com,far too long\n", options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->rows.size(), 1u);
  EXPECT_THAT(Issues(*result), ElementsAre(Pair(3, "field 'Nota' is longer than 8 bytes")));
}

TEST(ParseContactsTest, DefaultFieldLimitHoldsTenThousandBytes) {
  std::string content = "email,Nota\na@x.com," + std::string(10'000, 'n') + "\nb@x.com," +
                        std::string(10'001, 'n') + "\n";
  auto result = ParseContacts(content);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->rows.size(), 1u);
  EXPECT_EQ(result->rows[0].fields[0].second.size(), 10'000u);
  EXPECT_EQ(result->skipped, 1u);
}

TEST(ParseContactsTest, TooManyColumnsSkipsTheRowButRefusesAHeader) {
  ContactImportOptions options;
  options.csv.max_columns = 3;
  auto row = ParseContacts("email,a\nx@x.com,1,2,3,4\n", options);
  ASSERT_TRUE(row.ok());
  EXPECT_THAT(Issues(*row), ElementsAre(Pair(2, "more than 3 fields, header has 2")));
  auto header = ParseContacts("email,a,b,c\nx@x.com\n", options);
  ASSERT_FALSE(header.ok());
  EXPECT_THAT(header.status().message(), HasSubstr("header"));
}

TEST(ParseContactsTest, RowLimitRefusesTheFile) {
  ContactImportOptions options;
  options.max_rows = 2;
  EXPECT_TRUE(ParseContacts("email\na@x.com\nb@x.com\n", options).ok());
  auto result = ParseContacts("email\na@x.com\nb@x.com\nc@x.com\n", options);
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("more than 2 rows"));
}

TEST(ParseContactsTest, KeepsOnlySomeIssuesButCountsAll) {
  ContactImportOptions options;
  options.max_kept_issues = 2;
  auto result = ParseContacts("email\nx\ny\nz\nok@x.com\n", options);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->skipped, 3u);
  EXPECT_EQ(result->issues.size(), 2u);
  EXPECT_EQ(FormatImportSummary(*result),
            "imported 1, skipped 3: line 2 invalid e-mail 'x'; line 3 invalid e-mail 'y'; "
            "and 1 more");
}

TEST(ParseContactsTest, AllRowsSkippedIsAResultNotAnError) {
  auto result = ParseContacts("email\n\nbad\n");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(FormatImportSummary(*result), "imported 0, skipped 1: line 3 invalid e-mail 'bad'");
}

TEST(ParseContactsTest, ValuesAreTrimmedIncludingNoBreakSpaces) {
  auto result = ParseContacts("email,name\n\xC2\xA0 A@X.com\t, Ana \n");
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->rows.size(), 1u);
  EXPECT_EQ(result->rows[0].email, "a@x.com");
  EXPECT_EQ(result->rows[0].name, "Ana");
}

TEST(ParseContactsTest, LongBadValuesAreShortenedInMessages) {
  auto result = ParseContacts("email\n" + std::string(100, 'x') + "\n\"two\nlines\"\n");
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->issues.size(), 2u);
  EXPECT_EQ(result->issues[0].reason, "invalid e-mail '" + std::string(60, 'x') + "...'");
  EXPECT_EQ(result->issues[1].reason, "invalid e-mail 'two lines'");
}

TEST(IsValidChatIdTest, AcceptsIdsAndUsernames) {
  EXPECT_TRUE(IsValidChatId("1"));
  EXPECT_TRUE(IsValidChatId("-1001234567890"));
  EXPECT_TRUE(IsValidChatId("@pregon_bot"));
  EXPECT_FALSE(IsValidChatId(""));
  EXPECT_FALSE(IsValidChatId("-"));
  EXPECT_FALSE(IsValidChatId("12345678901234567890"));  // 20 digits: beyond int64
  EXPECT_FALSE(IsValidChatId("@1abcdef"));
  EXPECT_FALSE(IsValidChatId("@abcd"));
  EXPECT_FALSE(IsValidChatId("@has space"));
  EXPECT_FALSE(IsValidChatId("1.5"));
}

}  // namespace
}  // namespace pregon
