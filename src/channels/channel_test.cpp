#include "channels/channel.h"

#include <gtest/gtest.h>

#include <map>

namespace pregon {
namespace {

// A channel that sends in batches only, answering the first `answers` messages of each.
class BatchOnlyChannel : public Channel {
 public:
  size_t answers = SIZE_MAX;
  std::vector<size_t> batch_sizes;
  std::vector<SendResult> SendBatch(std::span<const OutgoingMessage> messages) override {
    batch_sizes.push_back(messages.size());
    std::vector<SendResult> results;
    for (const OutgoingMessage& m : messages) {
      if (results.size() == answers) break;
      results.push_back({SendOutcome::kSent, "id-" + m.to, "", {}, false});
    }
    return results;
  }
};

OutgoingMessage To(const std::string& to) {
  OutgoingMessage m;
  m.to = to;
  return m;
}

// The adapter: what is submitted goes out as one batch when results are collected, and each
// result comes back under its message's tag.
TEST(ChannelTest, TheAdapterSendsWhatWasSubmittedAsOneBatch) {
  BatchOnlyChannel channel;
  EXPECT_FALSE(channel.streams());
  channel.Submit(30, To("a"));
  channel.Submit(10, To("b"));
  channel.Submit(20, To("c"));
  EXPECT_EQ(channel.pending(), 3u);
  EXPECT_TRUE(channel.batch_sizes.empty()) << "nothing goes out before Collect";
  std::map<uint64_t, std::string> ids;
  channel.Collect(std::chrono::seconds(1),
                  [&ids](uint64_t tag, SendResult& r) { ids[tag] = r.provider_id; });
  EXPECT_EQ(ids, (std::map<uint64_t, std::string>{{30, "id-a"}, {10, "id-b"}, {20, "id-c"}}));
  EXPECT_EQ(channel.batch_sizes, std::vector<size_t>{3});
  EXPECT_EQ(channel.pending(), 0u);
  channel.Collect(std::chrono::seconds(1), [](uint64_t, SendResult&) { ADD_FAILURE(); });
  EXPECT_EQ(channel.batch_sizes.size(), 1u) << "an empty queue sends nothing";
}

// A batch channel that answers fewer messages than it was given: the rest may have been
// sent, so they are ambiguous, never silently lost.
TEST(ChannelTest, AMissingResultIsAnAmbiguousTransient) {
  BatchOnlyChannel channel;
  channel.answers = 1;
  channel.Submit(1, To("a"));
  channel.Submit(2, To("b"));
  std::map<uint64_t, SendResult> results;
  channel.Collect(std::chrono::seconds(1),
                  [&results](uint64_t tag, SendResult& r) { results[tag] = r; });
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1].outcome, SendOutcome::kSent);
  EXPECT_EQ(results[2].outcome, SendOutcome::kTransient);
  EXPECT_TRUE(results[2].ambiguous);
}

}  // namespace
}  // namespace pregon
