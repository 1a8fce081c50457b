#include "http/api_error.h"

#include <gtest/gtest.h>

namespace pregon::http {
namespace {

TEST(ApiError, DomainStatusesMapToHttpStatuses) {
  EXPECT_EQ(ApiError::FromStatus(Status::InvalidArgument("x")).status, 422);
  EXPECT_EQ(ApiError::FromStatus(Status::NotFound("campaign 9 not found")).status, 404);
  EXPECT_EQ(ApiError::FromStatus(Status::AlreadyExists("a sender named 's' already exists")).status,
            409);
  auto pre =
      ApiError::FromStatus(Status::FailedPrecondition("cannot pause a campaign that is done"));
  EXPECT_EQ(pre.status, 409);
  EXPECT_EQ(pre.code, "failed_precondition");
  EXPECT_EQ(ApiError::FromStatus(Status::Transient("database busy")).status, 503);
  auto internal = ApiError::FromStatus(Status::Internal("SQL error near 'FROM users'"));
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(internal.message.find("SQL"), std::string::npos) << "internal details stay in the log";
}

TEST(ApiError, ValidationNamesTheApiField) {
  auto e = ApiError::FromStatus(Status::InvalidField("batch_size", "must be between 1 and 100000"));
  EXPECT_EQ(e.code, "invalid_argument");
  EXPECT_EQ(e.message, "batch_size must be between 1 and 100000");
  EXPECT_EQ(e.details["field"], "batch_size");
  auto t = ApiError::FromStatus(
      Status::InvalidArgument("line 2, column 4: unknown field 'Pais'").InField("html"));
  EXPECT_EQ(t.details["field"], "html");
  EXPECT_EQ(t.message, "html: line 2, column 4: unknown field 'Pais'");
  EXPECT_EQ(ApiError::FromStatus(Status::InvalidArgument("campaign name is empty").About("name"))
                .details["field"],
            "name");
}

TEST(ApiError, OneJsonShape) {
  auto j = ApiError::BadRequest("unknown field 'colour'", "colour").ToJson();
  EXPECT_EQ(j["error"]["code"], "bad_request");
  EXPECT_EQ(j["error"]["message"], "unknown field 'colour'");
  EXPECT_EQ(j["error"]["details"]["field"], "colour");
  EXPECT_TRUE(ApiError::NotFound("x").ToJson()["error"]["details"].is_object());
  EXPECT_EQ(ApiError::MethodNotAllowed("GET, POST").ToJson()["error"]["details"]["allow"],
            "GET, POST");
  EXPECT_EQ(ErrorForHttpStatus(413).code, "payload_too_large");
}

TEST(ApiError, AnInvalidInputNamesItsField) {
  Status s = Status::InvalidField("window", "needs " + Field("time_zone") + " (e.g. America/Lima)");
  auto e = ApiError::FromStatus(s);
  EXPECT_EQ(e.status, 422);
  auto j = e.ToJson();
  EXPECT_EQ(j["error"]["message"], "window needs time_zone (e.g. America/Lima)");
  EXPECT_EQ(j["error"]["details"]["field"], "window");
  auto none = ApiError::FromStatus(Status::InvalidArgument("bad input")).ToJson();
  EXPECT_FALSE(none["error"]["details"].contains("field"));
}

}  // namespace
}  // namespace pregon::http
