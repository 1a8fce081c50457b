#include "core/send_window.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace pregon {
namespace {

Timestamp At(const char* iso) { return *ParseIso8601(iso); }

SendWindow Window(int h1, int h2, const char* zone) { return {h1 * 60, h2 * 60, zone}; }

TEST(SendWindow, OpenReturnsNow) {
  // 12:00 in Santiago (UTC-3 in November).
  auto now = At("2026-11-23T15:00:00Z");
  EXPECT_EQ(*NextSendTime(Window(8, 21, "America/Santiago"), now), now);
  EXPECT_EQ(*NextSendTime(SendWindow{}, now), now);  // no window
}

TEST(SendWindow, BeforeOpeningWaitsForToday) {
  auto now = At("2026-11-23T09:00:00Z");  // 06:00 local
  EXPECT_EQ(*NextSendTime(Window(8, 21, "America/Santiago"), now), At("2026-11-23T11:00:00Z"));
}

TEST(SendWindow, AfterClosingWaitsForTomorrow) {
  auto now = At("2026-11-24T01:30:00Z");  // 22:30 local on the 23rd
  EXPECT_EQ(*NextSendTime(Window(8, 21, "America/Santiago"), now), At("2026-11-24T11:00:00Z"));
}

TEST(SendWindow, AcrossMidnight) {
  auto w = Window(22, 6, "UTC");
  EXPECT_EQ(*NextSendTime(w, At("2026-01-01T23:00:00Z")), At("2026-01-01T23:00:00Z"));
  EXPECT_EQ(*NextSendTime(w, At("2026-01-01T03:00:00Z")), At("2026-01-01T03:00:00Z"));
  EXPECT_EQ(*NextSendTime(w, At("2026-01-01T12:00:00Z")), At("2026-01-01T22:00:00Z"));
}

TEST(SendWindow, OpeningInsideASpringForwardGapMovesToTheGapsEnd) {
  // Europe/Madrid, 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00Z). A window opening at
  // 02:30 opens at 03:00 local = 01:00Z.
  SendWindow w{2 * 60 + 30, 20 * 60, "Europe/Madrid"};
  EXPECT_EQ(*NextSendTime(w, At("2026-03-28T23:00:00Z")), At("2026-03-29T01:00:00Z"));
}

TEST(SendWindow, AfterDstChangeTheOffsetMoves) {
  // America/Santiago: UTC-4 in July (winter), UTC-3 in November (summer).
  auto w = Window(8, 21, "America/Santiago");
  EXPECT_EQ(*NextSendTime(w, At("2026-07-01T05:00:00Z")), At("2026-07-01T12:00:00Z"));
  EXPECT_EQ(*NextSendTime(w, At("2026-11-01T05:00:00Z")), At("2026-11-01T11:00:00Z"));
}

TEST(SendWindow, UnknownZoneIsAnError) {
  EXPECT_FALSE(NextSendTime(Window(8, 21, "Mars/Olympus"), At("2026-01-01T00:00:00Z")).ok());
}

TEST(SendWindow, Describe) {
  EXPECT_EQ(DescribeWindow(SendWindow{8 * 60, 21 * 60 + 30, "America/Santiago"}),
            "08:00-21:30 America/Santiago");
  EXPECT_EQ(FormatLocal(At("2026-11-23T11:00:00Z"), "America/Santiago"), "2026-11-23 08:00 -03");
}

TEST(SendWindow, ParsesAndFormatsOperatorForm) {
  SendWindow w;
  ASSERT_TRUE(ParseWindowTimes("08:00-21:30", &w).ok());
  EXPECT_EQ(w.start_minute, 8 * 60);
  EXPECT_EQ(w.end_minute, 21 * 60 + 30);
  EXPECT_EQ(FormatWindowTimes(w), "08:00-21:30");
  for (const char* bad :
       {"", "8-21", "08:00-25:00", "08:60-09:00", "08:00-21:00x", "24:30-01:00", "a"})
    EXPECT_FALSE(ParseWindowTimes(bad, &w).ok()) << bad;
}

}  // namespace
}  // namespace pregon
