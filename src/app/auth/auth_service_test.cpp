#include "app/auth/auth_service.h"

#include <gtest/gtest.h>

#include "store/store_testing.h"

namespace pregon {
namespace {

class AuthServiceTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  std::unique_ptr<Store> store_ = testing::NewTempSqliteStore();
  AuthService auth_{*store_, clock_, AuthOptions{Millis(60'000)}};
};

TEST_F(AuthServiceTest, UsersAreValidatedAndPasswordsNeverStoredInClear) {
  EXPECT_EQ(auth_.CreateUser("bad name", Role::kAdmin, std::nullopt).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(auth_.CreateUser("ana", Role::kAdmin, std::string("short")).status().code(),
            StatusCode::kInvalidArgument);
  auto ana = auth_.CreateUser("ana", Role::kAdmin, std::string("s3cret-pass"));
  ASSERT_TRUE(ana.ok()) << ana.status().ToString();
  auto stored = store_->FindUser("ana");
  EXPECT_EQ(stored->password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(stored->password_hash.find("s3cret-pass"), std::string::npos);
  EXPECT_EQ(auth_.CreateUser("ana", Role::kViewer, std::nullopt).status().code(),
            StatusCode::kAlreadyExists);
}

TEST_F(AuthServiceTest, TokensAuthenticateUntilRevokedAndAreStoredHashed) {
  ASSERT_TRUE(auth_.CreateUser("bot", Role::kOperator, std::nullopt).ok());
  auto t = auth_.CreateToken("bot", "deploy");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->secret.rfind("pgn_", 0), 0u);
  EXPECT_EQ(t->token.prefix, t->secret.substr(0, 8));
  auto listed = store_->ListApiTokens(std::nullopt);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().name, "deploy");
  EXPECT_EQ(store_->FindUserByToken(t->secret).status().code(),
            StatusCode::kNotFound);  // not in clear

  auto who = auth_.AuthenticateToken(t->secret);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->username, "bot");
  EXPECT_FALSE(auth_.AuthenticateToken(t->secret + "x").ok());
  EXPECT_FALSE(auth_.AuthenticateToken("Bearer " + t->secret).ok());
  EXPECT_FALSE(auth_.AuthenticateToken(std::string(5000, 'p')).ok());
  ASSERT_TRUE(auth_.RevokeToken(t->token.id).ok());
  EXPECT_EQ(auth_.AuthenticateToken(t->secret).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(auth_.CreateToken("nobody", "").status().code(), StatusCode::kNotFound);
}

TEST_F(AuthServiceTest, LoginGivesASessionWithCsrfUntilItExpires) {
  ASSERT_TRUE(auth_.CreateUser("ana", Role::kViewer, std::string("s3cret-pass")).ok());
  ASSERT_TRUE(auth_.CreateUser("tok", Role::kViewer, std::nullopt).ok());
  EXPECT_EQ(auth_.Login("ana", "wrong-pass").status().message(), "wrong username or password");
  EXPECT_EQ(auth_.Login("nobody", "s3cret-pass").status().message(), "wrong username or password");
  EXPECT_EQ(auth_.Login("tok", "").status().code(), StatusCode::kNotFound);  // no password set

  auto s = auth_.Login("ana", "s3cret-pass");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_NE(s->session_id, s->csrf_token);
  auto found = auth_.AuthenticateSession(s->session_id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->user.username, "ana");
  EXPECT_TRUE(AuthService::CheckCsrf(found->session, s->csrf_token));
  EXPECT_FALSE(AuthService::CheckCsrf(found->session, s->session_id));
  EXPECT_FALSE(AuthService::CheckCsrf(found->session, ""));
  // The token is the session's own: derived from its id, not from another session's.
  EXPECT_EQ(AuthService::CsrfTokenOf(s->session_id), s->csrf_token);
  EXPECT_EQ(s->csrf_token.rfind("pgc_", 0), 0u);
  auto other = auth_.Login("ana", "s3cret-pass");
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->csrf_token, s->csrf_token);
  EXPECT_FALSE(AuthService::CheckCsrf(found->session, other->csrf_token));

  clock_.Advance(Millis(60'001));
  EXPECT_EQ(auth_.AuthenticateSession(s->session_id).status().code(), StatusCode::kNotFound);

  auto again = auth_.Login("ana", "s3cret-pass");
  ASSERT_TRUE(auth_.Logout(again->session_id).ok());
  EXPECT_FALSE(auth_.AuthenticateSession(again->session_id).ok());
}

// An admin signs a user out everywhere, or with the revocation of a leaked token.
TEST_F(AuthServiceTest, SessionsEndTogetherOrWithATokenRevocation) {
  auto ana = auth_.CreateUser("ana", Role::kViewer, std::string("s3cret-pass"));
  ASSERT_TRUE(ana.ok());
  auto s1 = auth_.Login("ana", "s3cret-pass");
  auto s2 = auth_.Login("ana", "s3cret-pass");
  ASSERT_TRUE(s1.ok() && s2.ok());
  EXPECT_EQ(auth_.Sessions(ana->id)->size(), 2u);
  EXPECT_EQ(*auth_.EndSessions(ana->id), 2);
  EXPECT_FALSE(auth_.AuthenticateSession(s1->session_id).ok());
  EXPECT_FALSE(auth_.AuthenticateSession(s2->session_id).ok());

  auto s3 = auth_.Login("ana", "s3cret-pass");
  auto t1 = auth_.CreateToken("ana", "laptop");
  auto t2 = auth_.CreateToken("ana", "ci");
  ASSERT_TRUE(auth_.RevokeToken(t1->token.id).ok());
  EXPECT_TRUE(auth_.AuthenticateSession(s3->session_id).ok())
      << "a plain revocation keeps sessions";
  ASSERT_TRUE(auth_.RevokeToken(t2->token.id, /*end_sessions=*/true).ok());
  EXPECT_FALSE(auth_.AuthenticateSession(s3->session_id).ok());
  EXPECT_EQ(auth_.RevokeToken(999, true).code(), StatusCode::kNotFound);
}

TEST_F(AuthServiceTest, ANewPasswordEndsTheOtherLoginsAndTheOldOneStopsWorking) {
  auto ana = auth_.CreateUser("ana", Role::kOperator, std::string("s3cret-pass"));
  ASSERT_TRUE(ana.ok());
  auto here = auth_.Login("ana", "s3cret-pass");
  auto elsewhere = auth_.Login("ana", "s3cret-pass");
  ASSERT_TRUE(here.ok() && elsewhere.ok());

  auto wrong = auth_.ChangeOwnPassword(*ana, "not-mine-at-all", "n3w-pass-word", here->session_id);
  EXPECT_EQ(wrong.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(wrong.status().message().find("current_password"), std::string::npos);
  EXPECT_EQ(auth_.ChangeOwnPassword(*ana, "s3cret-pass", "short", here->session_id).status().code(),
            StatusCode::kInvalidArgument);
  auto ended = auth_.ChangeOwnPassword(*ana, "s3cret-pass", "n3w-pass-word", here->session_id);
  ASSERT_TRUE(ended.ok()) << ended.status().ToString();
  EXPECT_EQ(*ended, 1);
  EXPECT_TRUE(auth_.AuthenticateSession(here->session_id).ok()) << "the session it came from";
  EXPECT_FALSE(auth_.AuthenticateSession(elsewhere->session_id).ok());
  EXPECT_FALSE(auth_.Login("ana", "s3cret-pass").ok());
  EXPECT_TRUE(auth_.Login("ana", "n3w-pass-word").ok());

  // An admin's reset signs the user out everywhere.
  EXPECT_EQ(*auth_.SetPassword(ana->id, "reset-by-admin"), 2);
  EXPECT_FALSE(auth_.AuthenticateSession(here->session_id).ok());
  ASSERT_TRUE(auth_.ChangeRole(ana->id, Role::kViewer).ok());
  EXPECT_EQ(store_->GetUser(ana->id)->role, Role::kViewer);
}

}  // namespace
}  // namespace pregon
