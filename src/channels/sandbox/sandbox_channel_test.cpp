#include "channels/sandbox/sandbox_channel.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "channels/channel_test_util.h"

namespace pregon {
namespace {

using testing_util::ReadLines;
using testing_util::TempPath;

OutgoingMessage Message(int64_t campaign_id, int64_t delivery_id, std::string to) {
  OutgoingMessage m;
  m.campaign_id = campaign_id;
  m.delivery_id = delivery_id;
  m.to = std::move(to);
  m.subject = "Hola \"amigo\"";
  m.text = "body";
  return m;
}

TEST(SandboxChannelTest, AppendsOneLinePerMessage) {
  const std::string path = TempPath("outbox.jsonl");
  FakeClock clock(FromUnixMillis(1'767'225'600'123));
  auto channel = SandboxChannel::Open(path, clock);
  ASSERT_TRUE(channel.ok()) << channel.status().ToString();

  const std::vector<OutgoingMessage> messages = {Message(7, 42, "ana@example.com"),
                                                 Message(7, 0, "test@example.com")};
  const auto results = (*channel)->SendBatch(messages);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].outcome, SendOutcome::kSent);
  EXPECT_EQ(results[0].provider_id, "sandbox-7-42");
  EXPECT_EQ(results[1].outcome, SendOutcome::kSent);

  EXPECT_EQ(ReadLines(path),
            (std::vector<std::string>{
                R"({"ts":1767225600.123,"channel":"sandbox","to":"ana@example.com",)"
                R"("campaign_id":7,"delivery_id":42,"subject":"Hola \"amigo\"",)"
                R"("provider_id":"sandbox-7-42"})",
                R"({"ts":1767225600.123,"channel":"sandbox","to":"test@example.com",)"
                R"("campaign_id":7,"delivery_id":null,"subject":"Hola \"amigo\"",)"
                R"("provider_id":"sandbox-7-0"})"}));
}

TEST(SandboxChannelTest, AppendsToAnExistingFile) {
  const std::string path = TempPath("outbox.jsonl");
  FakeClock clock;
  for (int i = 0; i < 2; ++i) {
    auto channel = SandboxChannel::Open(path, clock);
    ASSERT_TRUE(channel.ok());
    (*channel)->SendBatch(std::vector<OutgoingMessage>{Message(1, i + 1, "a@b.cl")});
  }
  EXPECT_EQ(ReadLines(path).size(), 2u);
}

TEST(SandboxChannelTest, ChannelsSharingAFileNeverInterleaveLines) {
  const std::string path = TempPath("shared.jsonl");
  SystemClock clock;
  constexpr int kThreads = 4;
  constexpr int kBatches = 50;
  constexpr int kBatchSize = 20;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto channel = SandboxChannel::Open(path, clock);
      ASSERT_TRUE(channel.ok());
      for (int b = 0; b < kBatches; ++b) {
        std::vector<OutgoingMessage> batch;
        for (int i = 0; i < kBatchSize; ++i) {
          batch.push_back(
              Message(t + 1, b * kBatchSize + i + 1, std::string(100 + i, 'x') + "@example.com"));
        }
        (*channel)->SendBatch(batch);
      }
    });
  }
  for (auto& thread : threads) thread.join();

  const auto lines = ReadLines(path);
  ASSERT_EQ(lines.size(), static_cast<size_t>(kThreads * kBatches * kBatchSize));
  for (const std::string& line : lines) {
    const auto record = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(record.is_discarded()) << line;
    EXPECT_EQ(record["channel"], "sandbox");
  }
}

TEST(SandboxChannelTest, UnopenableFileIsAnError) {
  FakeClock clock;
  const auto channel = SandboxChannel::Open("/nonexistent-dir/outbox.jsonl", clock);
  EXPECT_EQ(channel.status().code(), StatusCode::kInternal);
  EXPECT_NE(channel.status().message().find("/nonexistent-dir/outbox.jsonl"), std::string::npos);
}

}  // namespace
}  // namespace pregon
