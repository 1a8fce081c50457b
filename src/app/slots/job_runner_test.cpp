#include "app/slots/job_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "store/store_testing.h"

namespace pregon {
namespace {

using ::testing::HasSubstr;

TEST(ParsePendingCount, TheLastNonEmptyLineIsTheCount) {
  EXPECT_EQ(*ParsePendingCount("logging in\ncounting\n250\n"), 250);
  EXPECT_EQ(*ParsePendingCount("42"), 42);
  EXPECT_EQ(*ParsePendingCount("x\n 7 \r\n\n\n"), 7);
  EXPECT_EQ(*ParsePendingCount("0\n"), 0);
  auto bad = ParsePendingCount("done!\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("'done!'"));
  EXPECT_FALSE(ParsePendingCount("").ok());
  EXPECT_FALSE(ParsePendingCount("-3").ok());
  EXPECT_FALSE(ParsePendingCount("12 items").ok());
}

// A job that fails twice and then succeeds, run by one runner with a fake clock: the retry
// waits the job's delay, and the store ends with the unit done.
TEST(JobRunner, AFailedCallIsRetriedAfterTheJobsDelayThenSucceeds) {
  FakeClock clock;
  auto store = testing::NewTempSqliteStore();
  const std::string counter = ::testing::TempDir() + "job-runner-attempts";
  std::remove(counter.c_str());
  const std::string script = ::testing::TempDir() + "job-runner.sh";
  std::ofstream(script) << "#!/bin/sh\necho x >> " << counter << "\n"
                        << "[ $(wc -l < " << counter << ") -ge 3 ] && { echo 5; exit 0; }\n"
                        << "echo 'site down' >&2; exit 7\n";
  ASSERT_EQ(std::system(("chmod +x " + script).c_str()), 0);
  JobDefinition job;
  job.name = "flaky";
  job.command = script;
  job.prepare_retries = 2;
  job.prepare_retry_delay = Millis(120'000);
  const int64_t job_id = store->DefineJob(job, clock.Now()).value();
  User u;
  u.username = "ana";
  u.role = Role::kClient;
  const int64_t user = store->CreateUser(u).value();
  ASSERT_TRUE(store->Reserve({user, 7, 10, job_id}, clock.Now()).ok());
  const int64_t run = store->CreateRun(7, clock.Now(), clock.Now())->run.id;

  JobRunner runner(*store, clock, {"node-1", Millis(30'000), 1024});
  auto go = [] { return true; };
  EXPECT_EQ(*runner.RunOne(go), UnitRun::kRetry);
  EXPECT_EQ(*runner.RunOne(go), UnitRun::kNone) << "the retry waits its delay";
  clock.Advance(Millis(120'000));
  EXPECT_EQ(*runner.RunOne(go), UnitRun::kRetry);
  clock.Advance(Millis(120'000));
  EXPECT_EQ(*runner.RunOne(go), UnitRun::kDone);
  auto users = store->ListRunUsers(run).value();
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0].pending_items, 5);
  EXPECT_EQ(users[0].prepare_attempts, 3);
  EXPECT_EQ(users[0].total_ranges, 1);
}

}  // namespace
}  // namespace pregon
