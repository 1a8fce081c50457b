#include "app/slots/slot_runs.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace pregon {
namespace {

Timestamp At(const char* iso) { return *ParseIso8601(iso); }

TEST(SlotRuns, TheCurrentHourAndItsStartAreLocal) {
  // 12:34 UTC is 07:34 in Bogota (UTC-5).
  auto h = SlotHourAt(At("2026-12-07T12:34:56Z"), "America/Bogota");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->hour, 7);
  EXPECT_EQ(FormatIso8601(h->scheduled_at), "2026-12-07T12:00:00.000Z");
  auto today = SlotHourToday(At("2026-12-07T12:34:56Z"), 23, "America/Bogota");
  EXPECT_EQ(FormatIso8601(today->scheduled_at), "2026-12-08T04:00:00.000Z");
  EXPECT_FALSE(SlotHourAt(At("2026-12-07T12:00:00Z"), "Mars/Base").ok());
  EXPECT_FALSE(SlotHourToday(At("2026-12-07T12:00:00Z"), 24, "UTC").ok());
}

TEST(SlotRuns, AnHourTheClockSkipsRunsAtTheEndOfTheGap) {
  // Santiago springs forward on 2026-09-06: 00:00 local does not exist, 01:00 (-03) follows
  // 23:59:59 (-04).
  auto skipped = SlotHourToday(At("2026-09-06T12:00:00Z"), 0, "America/Santiago");
  ASSERT_TRUE(skipped.ok()) << skipped.status().ToString();
  EXPECT_EQ(FormatIso8601(skipped->scheduled_at), "2026-09-06T04:00:00.000Z");
  auto next = SlotHourToday(At("2026-09-06T12:00:00Z"), 1, "America/Santiago");
  EXPECT_EQ(FormatIso8601(next->scheduled_at), "2026-09-06T04:00:00.000Z")
      << "01:00 begins at the same instant: both hours run then";
}

TEST(SlotRuns, AnHourTheClockRepeatsRunsOnceAtItsFirstOccurrence) {
  // Santiago falls back on 2026-04-05: 00:00 (-03) comes back to 23:00 (-04) of the 4th, so
  // 23:00-23:59 local happens twice on 2026-04-04.
  auto first = SlotHourAt(At("2026-04-05T02:30:00Z"), "America/Santiago");   // 23:30 -03
  auto second = SlotHourAt(At("2026-04-05T03:30:00Z"), "America/Santiago");  // 23:30 -04
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->hour, 23);
  EXPECT_EQ(second->hour, 23);
  EXPECT_EQ(first->scheduled_at, second->scheduled_at) << "one run for the repeated hour";
  EXPECT_EQ(FormatIso8601(first->scheduled_at), "2026-04-05T02:00:00.000Z");
}

}  // namespace
}  // namespace pregon
