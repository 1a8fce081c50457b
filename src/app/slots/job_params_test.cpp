#include "app/slots/job_params.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

const char kParamsKey[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

TEST(SealJobParams, SealsOnlyTheSecretOnesAndTheKeyOpensThem) {
  auto box = SecretBox::FromKey(kParamsKey);
  ASSERT_TRUE(box.ok());
  auto sealed = SealJobParams({{"SITE_USER", "ana", false}, {"SITE_PASSWORD", "s3cret", true}},
                              *box, "params");
  ASSERT_TRUE(sealed.ok()) << sealed.status().message();
  ASSERT_EQ(sealed->size(), 2u);
  EXPECT_EQ((*sealed)[0].value, "ana");
  EXPECT_EQ((*sealed)[1].value.find("s3cret"), std::string::npos);
  EXPECT_EQ(*box->Open((*sealed)[1].value), "s3cret");
}

TEST(SealJobParams, RefusesBadInputWithoutEchoingAValue) {
  auto box = SecretBox::FromKey(kParamsKey);
  const std::optional<SecretBox> none;
  auto refused = [&](std::vector<JobParam> params, const std::optional<SecretBox>& b,
                     const std::string& expected) {
    auto r = SealJobParams(std::move(params), b, "params");
    ASSERT_FALSE(r.ok()) << expected;
    EXPECT_NE(r.status().message().find(expected), std::string::npos) << r.status().message();
    EXPECT_EQ(r.status().message().find("hunter2"), std::string::npos) << "a value leaked";
  };
  refused({{"site_user", "hunter2", false}}, *box, "A-Z 0-9 _");
  refused({{"A", "x", false}, {"A", "hunter2", false}}, *box, "A is given twice");
  refused({{"A", "hunter2\nX", false}}, *box, "no control characters");
  refused({{"A", std::string(4097, 'x'), true}}, *box, "at most 4096 bytes");
  refused({{"PASSWORD", "hunter2", true}}, none, "needs PREGON_SECRET_KEY");
  std::vector<JobParam> many;
  for (int i = 0; i < 33; ++i) many.push_back({"P" + std::to_string(i), "v", false});
  refused(many, *box, "at most 32 parameters");
  EXPECT_TRUE(SealJobParams({{"A", std::string(4096, 'x'), false}}, none, "params").ok());
}

}  // namespace
}  // namespace pregon
