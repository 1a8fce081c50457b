#include "core/status.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

std::string Shout(std::string_view field) { return "<" + std::string(field) + ">"; }

TEST(Status, AnInvalidFieldNamesItsFieldFirst) {
  Status s = Status::InvalidField("batch_size", "must be between 1 and 100000");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "batch_size");
  EXPECT_EQ(s.message(), "batch_size must be between 1 and 100000");
  EXPECT_EQ(s.MessageNaming(&Shout), "<batch_size> must be between 1 and 100000");
  EXPECT_EQ(s.ToString(), "invalid argument: batch_size must be between 1 and 100000");
}

TEST(Status, EveryFieldInAMessageIsNamedByTheEdge) {
  Status s = Status::InvalidArgument("a body: " + Field("text") + " or " + Field("html"));
  EXPECT_EQ(s.MessageNaming(&Shout), "a body: <text> or <html>");
  EXPECT_EQ(s.field(), "") << "About() says which one the error is about";
  EXPECT_EQ(s.About("text").field(), "text");
}

TEST(Status, InFieldPrefixesAndKeepsAnInnerField) {
  Status inner = Status::InvalidArgument("unknown time zone 'Mars/X'");
  EXPECT_EQ(inner.InField("time_zone").message(), "time_zone: unknown time zone 'Mars/X'");
  EXPECT_EQ(inner.InField("time_zone").field(), "time_zone");
  Status named = Status::InvalidField("window", "is bad").InField("schedule");
  EXPECT_EQ(named.field(), "window");
  EXPECT_EQ(named.MessageNaming(&Shout), "<schedule>: <window> is bad");
  EXPECT_EQ(named.WithContext("campaign 3").field(), "window");
}

TEST(Status, AStrayMarkInEchoedInputIsDropped) {
  Status s = Status::InvalidArgument(
      "file 'a\x1f"
      "b' unreadable");
  EXPECT_EQ(s.message(), "file 'ab' unreadable");
}

TEST(Status, OkStaysOk) {
  EXPECT_TRUE(Status::Ok().InField("x").ok());
  EXPECT_TRUE(Status::Ok().About("x").field().empty());
}

}  // namespace
}  // namespace pregon
