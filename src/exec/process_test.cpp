#include "exec/process.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <fstream>

namespace pregon {
namespace {

using ::testing::HasSubstr;

// Real time: these start real processes. Bounds are wide (a loaded machine under ASan).
SystemClock clock_;

ProcessSpec Shell(const std::string& script, Millis timeout = Millis(60'000)) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.env = {"PATH=/usr/bin:/bin", "JOB_SECRET=s3cr3t"};
  spec.timeout = timeout;
  return spec;
}

Result<ProcessResult> RunIt(const ProcessSpec& spec) {
  return RunProcess(spec, clock_, Millis(50), [] { return true; });
}

TEST(RunProcess, CapturesOutputAndTheExitStatusWithOnlyTheEnvironmentGiven) {
  auto r = RunIt(Shell("echo out; echo err >&2; echo \"secret=$JOB_SECRET home=$HOME\"; exit 3"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_FALSE(r->ok());
  EXPECT_EQ(r->Describe(Millis(1)), "exit status 3");
  EXPECT_THAT(r->output, HasSubstr("out\n"));
  EXPECT_THAT(r->output, HasSubstr("err\n"));
  EXPECT_THAT(r->output, HasSubstr("secret=s3cr3t home=\n")) << "nothing of pregon's leaks in";
  EXPECT_TRUE(RunIt(Shell("exit 0"))->ok());
}

TEST(RunProcess, KeepsOnlyTheNewestOutput) {
  auto spec = Shell("i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done");
  spec.max_output = 100;
  auto r = RunIt(spec);
  ASSERT_TRUE(r.ok());
  EXPECT_LE(r->output.size(), 100u);
  EXPECT_THAT(r->output, HasSubstr("line1999\n"));
}

TEST(RunProcess, ATimeoutKillsTheWholeGroupHelpersIncluded) {
  const std::string marker = ::testing::TempDir() + "helper-alive";
  std::remove(marker.c_str());
  // A helper in the background outlives the shell unless the group is killed.
  auto r = RunIt(Shell("(sleep 3; touch " + marker + ") & sleep 30", Millis(300)));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->timed_out);
  EXPECT_EQ(r->Describe(Millis(300)), "timed out after 300ms");
  EXPECT_EQ(r->signal, SIGKILL);
  clock_.SleepFor(Millis(4'000));
  EXPECT_FALSE(std::ifstream(marker).good()) << "the helper survived the kill";
}

TEST(RunProcess, AJobThatExitsLeavesNoHelperBehind) {
  const std::string marker = ::testing::TempDir() + "orphan-alive";
  std::remove(marker.c_str());
  auto r = RunIt(Shell("(sleep 2; touch " + marker + ") & echo started"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 0);
  clock_.SleepFor(Millis(3'000));
  EXPECT_FALSE(std::ifstream(marker).good()) << "a helper outlived its job";
}

TEST(RunProcess, TheCallerCanStopIt) {
  std::atomic<int> ticks{0};
  auto r = RunProcess(Shell("sleep 30"), clock_, Millis(20), [&] { return ++ticks < 3; });
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->stopped);
  EXPECT_EQ(r->Describe(Millis(1)), "stopped");
}

TEST(RunProcess, ACommandThatCannotStartIsAnErrorNamingIt) {
  ProcessSpec spec;
  spec.argv = {"/nonexistent/reporter"};
  auto r = RunIt(spec);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("/nonexistent/reporter"));
  spec.argv = {"relative"};
  EXPECT_EQ(RunIt(spec).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace pregon
