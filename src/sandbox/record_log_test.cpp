#include "sandbox/record_log.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>
#include <vector>

#include "sandbox/sandbox_test_util.h"

namespace pregon {
namespace {

using testing::TempPath;

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(AppendRecordLineTest, RelayLineHasTheFixedShape) {
  MessageRecord record;
  record.ts = FromUnixMillis(1'767'225'600'123);
  record.channel = "relay";
  record.to = "ana@example.com";
  record.campaign_id = 7;
  record.subject = "Hola \"tú\"";
  record.provider_id = "id-1";
  std::string out;
  AppendRecordLine(record, out);
  EXPECT_EQ(out, R"({"ts":1767225600.123,"channel":"relay","to":"ana@example.com","campaign_id":7,)"
                 R"("delivery_id":null,"subject":"Hola \"tú\"","provider_id":"id-1"})"
                 "\n");
}

TEST(AppendRecordLineTest, TheHtmlComesLastWhenKept) {
  MessageRecord record;
  record.ts = FromUnixMillis(1'767'225'600'000);
  record.channel = "relay";
  record.to = "ana@example.com";
  record.subject = "Hola";
  record.provider_id = "id-2";
  record.html = "<p>Hola</p><img src=\"https://t.example/t/o/x.gif\">";
  std::string out;
  AppendRecordLine(record, out);
  EXPECT_EQ(out,
            R"({"ts":1767225600.0,"channel":"relay","to":"ana@example.com","campaign_id":null,)"
            R"("delivery_id":null,"subject":"Hola","provider_id":"id-2",)"
            R"("html":"<p>Hola</p><img src=\"https://t.example/t/o/x.gif\">"})"
            "\n");
}

TEST(AppendRecordLineTest, TelegramLineHasTextAndWholeSecondsKeepAFraction) {
  MessageRecord record;
  record.ts = FromUnixMillis(1'767'225'600'000);
  record.channel = "telegram";
  record.to = "12345";
  record.campaign_id = 1;
  record.delivery_id = 2;
  record.text = "hi\n";
  record.provider_id = "9";
  std::string out;
  AppendRecordLine(record, out);
  EXPECT_EQ(out, R"({"ts":1767225600.0,"channel":"telegram","to":"12345","campaign_id":1,)"
                 R"("delivery_id":2,"text":"hi\n","provider_id":"9"})"
                 "\n");
}

TEST(RecordLogTest, ConcurrentAppendsKeepWholeLines) {
  const std::string path = TempPath("record.jsonl");
  auto log = RecordLog::Open(path);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  constexpr int kThreads = 8;
  constexpr int kLines = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string line = std::string(200 + t, static_cast<char>('a' + t)) + "\n";
      for (int i = 0; i < kLines; ++i) ASSERT_TRUE((*log)->Append(line).ok());
    });
  }
  for (auto& thread : threads) thread.join();
  const auto lines = ReadLines(path);
  ASSERT_EQ(lines.size(), static_cast<size_t>(kThreads * kLines));
  for (const std::string& line : lines) {
    ASSERT_FALSE(line.empty());
    EXPECT_EQ(line, std::string(line.size(), line[0]));
    EXPECT_EQ(line.size(), 200u + (line[0] - 'a'));
  }
}

TEST(RecordLogTest, UnopenablePathIsAnError) {
  EXPECT_EQ(RecordLog::Open("/nonexistent-dir/r.jsonl").status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace pregon
