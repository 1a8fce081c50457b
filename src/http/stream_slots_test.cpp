#include "http/stream_slots.h"

#include <gtest/gtest.h>

#include <vector>

namespace pregon::http {
namespace {

TEST(StreamSlots, EachUserHasItsShareAndTheServerItsTotal) {
  StreamSlots slots(/*per_user=*/2, /*total=*/3);
  StreamSlots::Refusal why{};
  auto a1 = slots.Take(1, &why), a2 = slots.Take(1, &why);
  ASSERT_TRUE(a1 && a2);
  EXPECT_EQ(slots.Take(1, &why), nullptr);
  EXPECT_EQ(why, StreamSlots::Refusal::kUserFull);
  auto b1 = slots.Take(2, &why);
  ASSERT_TRUE(b1);
  EXPECT_EQ(slots.Take(3, &why), nullptr);
  EXPECT_EQ(why, StreamSlots::Refusal::kServerFull);
  EXPECT_EQ(slots.open(), 3);
}

TEST(StreamSlots, AnEndedStreamGivesItsSlotBack) {
  StreamSlots slots(1, 1);
  StreamSlots::Refusal why{};
  {
    auto s = slots.Take(7, &why);
    ASSERT_TRUE(s);
    EXPECT_EQ(slots.Take(8, &why), nullptr);
  }
  EXPECT_EQ(slots.open(), 0);
  EXPECT_TRUE(slots.Take(8, &why));
  EXPECT_EQ(why, StreamSlots::Refusal::kNone);
}

}  // namespace
}  // namespace pregon::http
