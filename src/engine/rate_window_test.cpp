#include "engine/rate_window.h"

#include <gtest/gtest.h>

#include <vector>

#include "engine/rate_test_util.h"

namespace pregon {
namespace {

using testing_util::BusiestSecond;

// Sends `total` messages through `w`, `chunk` at a time, after each chunk letting `busy`
// pass (the work of sending it). Returns each send's time.
std::vector<int64_t> SendAll(RateWindow& w, FakeClock& clock, size_t total, int chunk,
                             Millis busy) {
  std::vector<int64_t> times;
  while (times.size() < total) {
    const int n = w.Acquire(chunk);
    for (int i = 0; i < n; ++i) times.push_back(ToUnixMillis(clock.Now()));
    clock.Advance(busy);
  }
  return times;
}

TEST(RateWindow, SizedFromTheRate) {
  FakeClock clock;
  RateWindow w200(clock, 200), w30(clock, 30), half(clock, 0.5), w5_5(clock, 5.5);
  EXPECT_EQ(w200.limit(), 200);
  EXPECT_EQ(w200.window(), Millis(1016));  // 200 sends at 0.985 x 200 a second, rounded up
  EXPECT_EQ(w30.limit(), 30);
  EXPECT_EQ(w30.window(), Millis(1016));
  EXPECT_EQ(half.limit(), 1);
  EXPECT_EQ(half.window(), Millis(2031));  // one send per 2 s at 98.5 %
  EXPECT_EQ(w5_5.limit(), 5);              // never 6 in a second
  EXPECT_EQ(w5_5.window(), Millis(1015));
}

TEST(RateWindow, NeverExceedsTheRateInAnySecondAndKeepsTheAverage) {
  for (double rate : {1.0, 5.0, 30.0, 200.0, 1000.0, 20000.0}) {
    SCOPED_TRACE(rate);
    FakeClock clock;
    RateWindow w(clock, rate);
    auto times = SendAll(w, clock, static_cast<size_t>(rate * 10), 64, Millis(0));
    EXPECT_LE(BusiestSecond(times), static_cast<size_t>(rate));
    // Ten seconds' worth in ten seconds, within 2 %.
    const double took_s = (times.back() - times.front()) / 1000.0;
    const double average = (times.size() - 1) / took_s;
    EXPECT_NEAR(average, rate, rate * 0.02);
  }
}

// Two threads share the limiter and each spends a few milliseconds on the store between
// its sends: the sends that fall due meanwhile wait in the bucket instead of being lost.
TEST(RateWindow, ShortStallsOfTheSendingThreadsCostNothing) {
  FakeClock clock;
  RateWindow w(clock, 200);
  std::vector<int64_t> times;
  while (times.size() < 2000) {
    const int n = w.Acquire(8);
    for (int i = 0; i < n; ++i) times.push_back(ToUnixMillis(clock.Now()));
    clock.Advance(times.size() % 3 == 0 ? Millis(9) : Millis(1));  // a commit now and then
  }
  EXPECT_LE(BusiestSecond(times), 200u);
  const double average = (times.size() - 1) / ((times.back() - times.front()) / 1000.0);
  EXPECT_NEAR(average, 200, 4);  // within 2 %
}

TEST(RateWindow, ReturnedSendsCanBeTakenAgain) {
  FakeClock clock;
  const Timestamp start = clock.Now();
  RateWindow w(clock, 1000);  // holds 12 ms worth (11.8 sends) and a 1 ms sliver
  clock.Advance(Millis(300));
  EXPECT_EQ(w.Acquire(64), 12);  // what the bucket holds
  w.Return(4);                   // 4 were not sent
  EXPECT_EQ(w.Acquire(64), 4);   // at once, no waiting
  EXPECT_EQ(clock.Now() - start, Millis(300));
}

TEST(RateWindow, PacesEvenlyRatherThanInBursts) {
  FakeClock clock;
  RateWindow w(clock, 200);
  clock.Advance(Millis(1'000));  // idle first: the bucket is full
  auto times = SendAll(w, clock, 400, 64, Millis(0));
  // One send about every 5 ms; never more than the bucket's 2.5 at once.
  size_t most_at_once = 0;
  for (size_t i = 0, j = 0; i < times.size(); i = j) {
    while (j < times.size() && times[j] == times[i]) ++j;
    most_at_once = std::max(most_at_once, j - i);
  }
  EXPECT_LE(most_at_once, 2u);
}

// At a low rate the bucket's 2.5 sends, on top of a second's pacing, would be more than the
// rate in the second after an idle spell (32 at Telegram's 30/s). The window stops it.
TEST(RateWindow, TheWindowCapsLowRatesAfterAnIdleSpell) {
  FakeClock clock;
  RateWindow w(clock, 30);
  clock.Advance(Millis(2'000));
  auto times = SendAll(w, clock, 120, 64, Millis(0));
  size_t at_once = 0;
  while (at_once < times.size() && times[at_once] == times.front()) ++at_once;
  EXPECT_EQ(at_once, 2u);                // the bucket's allowance, at once
  EXPECT_EQ(BusiestSecond(times), 30u);  // and not one more in any second
}

}  // namespace
}  // namespace pregon
