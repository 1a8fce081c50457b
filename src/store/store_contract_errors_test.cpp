// The Store contract for errors (store/common/store_errors.h): the same mistake answers the
// same code on every backend, and changes nothing.
#include <gtest/gtest.h>

#include "store/store_contract_fixture.h"

namespace pregon {
namespace {

class StoreErrors : public StoreContract {
 protected:
  Campaign Draft(int64_t sender_id, int64_t list_id) {
    Campaign c;
    c.name = "c";
    c.sender_id = sender_id;
    c.list_id = list_id;
    c.text_body = "hi";
    return c;
  }
  int64_t CampaignCount() {
    auto page = store_->ListCampaigns(CampaignQuery{});
    EXPECT_TRUE(page.ok());
    return page.ok() ? static_cast<int64_t>(page->size()) : -1;
  }
};

TEST_P(StoreErrors, CampaignOfAnUnknownSenderOrListIsNotFound) {
  int64_t sender = MakeSender(), list = MakeList(1);
  auto r = store_->CreateCampaign(Draft(sender + 1000, list), clock_.Now());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound) << r.status().ToString();
  r = store_->CreateCampaign(Draft(sender, list + 1000), clock_.Now());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound) << r.status().ToString();
  EXPECT_EQ(CampaignCount(), 0);
}

TEST_P(StoreErrors, EditToAnUnknownSenderIsNotFoundAndChangesNothing) {
  int64_t sender = MakeSender(), list = MakeList(1);
  auto id = store_->CreateCampaign(Draft(sender, list), clock_.Now());
  ASSERT_TRUE(id.ok());
  Campaign edit = Draft(sender + 1000, list);
  edit.id = *id;
  edit.name = "renamed";
  Status st = store_->UpdateCampaign(edit, false, clock_.Now());
  EXPECT_EQ(st.code(), StatusCode::kNotFound) << st.ToString();
  EXPECT_EQ(store_->GetCampaign(*id)->name, "c");
}

TEST_P(StoreErrors, TakenNamesAreAlreadyExists) {
  MakeSender("same");
  Sender s;
  s.name = "same";
  s.kind = ChannelKind::kSandbox;
  EXPECT_EQ(store_->CreateSender(s).status().code(), StatusCode::kAlreadyExists);
  User u;
  u.username = "ana";
  ASSERT_TRUE(store_->CreateUser(u).ok());
  EXPECT_EQ(store_->CreateUser(u).status().code(), StatusCode::kAlreadyExists);
}

TEST_P(StoreErrors, RowsOfAnUnknownUserAreNotFound) {
  ApiToken t;
  t.user_id = 4242;
  t.token_hash = "ab";
  t.created_at = clock_.Now();
  EXPECT_EQ(store_->CreateApiToken(t).status().code(), StatusCode::kNotFound);
  Session s;
  s.id_hash = "cd";
  s.user_id = 4242;
  s.created_at = clock_.Now();
  s.expires_at = clock_.Now() + Millis(60'000);
  EXPECT_EQ(store_->CreateSession(s).code(), StatusCode::kNotFound);
}

TEST_P(StoreErrors, ImportIntoAnUnknownListIsNotFoundAndImportsNothing) {
  std::vector<ContactRecord> rows = {{"a@x.com", "", "A", "{}"}};
  auto r = store_->ImportContacts(777, rows, clock_.Now());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound) << r.status().ToString();
  EXPECT_EQ(store_->FindContact("a@x.com").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreErrors, EventOfAnUnknownCampaignIsNotFound) {
  Status st = store_->AppendEvent(999, clock_.Now(), "note", "x");
  EXPECT_EQ(st.code(), StatusCode::kNotFound) << st.ToString();
}

TEST_P(StoreErrors, UnknownIdsAreNotFound) {
  EXPECT_EQ(store_->GetSender(5).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetList(5).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetCampaign(5).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetAttachments(5).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetUser(5).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetContact(5).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->RevokeApiToken(5, clock_.Now()).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->RemoveSuppression("nobody@x.com").code(), StatusCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreErrors, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace pregon
