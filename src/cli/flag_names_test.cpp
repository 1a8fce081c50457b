#include "cli/flag_names.h"

#include <gtest/gtest.h>

namespace pregon::cli {
namespace {

TEST(FlagNames, AFieldIsShownAsItsFlag) {
  EXPECT_EQ(FlagOf("batch_size"), "--batch-size");
  EXPECT_EQ(FlagOf("rate"), "--rate");
  EXPECT_EQ(FlagOf("time_zone"), "--tz");
  EXPECT_EQ(FlagOf("attachments"), "--attach");
  EXPECT_EQ(FlagOf("html"), "--html-file");
}

TEST(FlagNames, TheCommandLineNamesFlagsWhereTheApiNamesFields) {
  Status s = Status::InvalidField("window", "needs " + Field("time_zone") + " (e.g. America/Lima)");
  EXPECT_EQ(CliMessage(s), "--window needs --tz (e.g. America/Lima)");
  EXPECT_EQ(s.message(), "window needs time_zone (e.g. America/Lima)");
  EXPECT_EQ(s.field(), "window");
}

TEST(FlagNames, ContextAddedAroundAFieldKeepsIt) {
  Status s = Status::InvalidArgument("unknown time zone 'Mars/X'").InField("time_zone");
  EXPECT_EQ(CliMessage(s.WithContext("campaign 3")),
            "campaign 3: --tz: unknown time zone 'Mars/X'");
  EXPECT_EQ(s.field(), "time_zone");
}

}  // namespace
}  // namespace pregon::cli
