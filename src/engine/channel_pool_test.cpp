#include "engine/channel_pool.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

// A channel that says when it is closed, with a settable number of pending results.
class MarkedChannel : public Channel {
 public:
  MarkedChannel(int mark, bool* closed) : mark(mark), closed_(closed) {}
  ~MarkedChannel() override {
    if (closed_ != nullptr) *closed_ = true;
  }
  std::vector<SendResult> SendBatch(std::span<const OutgoingMessage>) override { return {}; }
  size_t pending() const override { return pending_; }

  const int mark;
  size_t pending_ = 0;

 private:
  bool* closed_;
};

int MarkOf(const std::unique_ptr<Channel>& channel) {
  return channel == nullptr ? -1 : static_cast<const MarkedChannel&>(*channel).mark;
}

TEST(ChannelPoolTest, GivesTheChannelGivenBackLastToTheNextTaker) {
  ChannelPool pool;
  EXPECT_EQ(pool.Take(7), nullptr);
  pool.GiveBack(7, std::make_unique<MarkedChannel>(1, nullptr));
  pool.GiveBack(7, std::make_unique<MarkedChannel>(2, nullptr));
  EXPECT_EQ(pool.idle(7), 2u);
  // The one given back last has the warmest connections.
  EXPECT_EQ(MarkOf(pool.Take(7)), 2);
  EXPECT_EQ(MarkOf(pool.Take(7)), 1);
  EXPECT_EQ(pool.Take(7), nullptr);
}

TEST(ChannelPoolTest, KeepsEachSendersChannelsApart) {
  ChannelPool pool;
  pool.GiveBack(1, std::make_unique<MarkedChannel>(10, nullptr));
  EXPECT_EQ(pool.Take(2), nullptr);
  EXPECT_EQ(pool.idle(1), 1u);
  EXPECT_EQ(MarkOf(pool.Take(1)), 10);
}

TEST(ChannelPoolTest, ClosesAChannelWithResultsStillPending) {
  ChannelPool pool;
  bool closed = false;
  auto busy = std::make_unique<MarkedChannel>(1, &closed);
  busy->pending_ = 3;  // the next taker would get its last holder's results
  pool.GiveBack(1, std::move(busy));
  EXPECT_TRUE(closed);
  EXPECT_EQ(pool.idle(1), 0u);
  EXPECT_EQ(pool.Take(1), nullptr);
}

}  // namespace
}  // namespace pregon
