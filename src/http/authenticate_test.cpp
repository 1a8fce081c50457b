#include "http/authenticate.h"

#include <gtest/gtest.h>

#include "store/store_testing.h"

namespace pregon::http {
namespace {

class AuthenticateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(auth_.CreateUser("ana", Role::kViewer, std::string("s3cret-pass")).ok());
    token_ = auth_.CreateToken("ana", "t")->secret;
    session_ = *auth_.Login("ana", "s3cret-pass");
  }
  HttpRequest Req(std::string method,
                  std::initializer_list<std::pair<std::string, std::string>> headers) {
    HttpRequest r;
    r.method = std::move(method);
    for (const auto& [name, value] : headers) r.headers.Add(name, value);
    return r;
  }
  int StatusOf(const std::variant<Principal, ApiError>& v) {
    return std::holds_alternative<Principal>(v) ? 200 : std::get<ApiError>(v).status;
  }
  FakeClock clock_;
  std::unique_ptr<Store> store_ = testing::NewTempSqliteStore();
  AuthService auth_{*store_, clock_};
  std::string token_;
  NewSession session_;
};

TEST_F(AuthenticateTest, BearerTokens) {
  auto ok = Authenticate(auth_, Req("POST", {{"Authorization", "Bearer " + token_}}));
  ASSERT_EQ(StatusOf(ok), 200);
  EXPECT_EQ(std::get<Principal>(ok).user.username, "ana");
  EXPECT_FALSE(std::get<Principal>(ok).via_session);
  EXPECT_EQ(StatusOf(Authenticate(auth_, Req("GET", {}))), 401);
  EXPECT_EQ(StatusOf(Authenticate(auth_, Req("GET", {{"Authorization", "Bearer pgn_wrong"}}))),
            401);
  EXPECT_EQ(StatusOf(Authenticate(auth_, Req("GET", {{"Authorization", "Basic " + token_}}))), 401);
  EXPECT_EQ(StatusOf(Authenticate(auth_, Req("GET", {{"Authorization", token_}}))), 401);
  // A wrong Authorization header is not passed over for a good cookie.
  EXPECT_EQ(StatusOf(Authenticate(
                auth_, Req("GET", {{"Authorization", "Bearer x"},
                                   {"Cookie", "pregon_session=" + session_.session_id}}))),
            401);
}

// The admin UI's forms work without JavaScript, so a page's write may carry its CSRF token
// in the form; the API takes it only in the header. Pages take no bearer token at all.
TEST_F(AuthenticateTest, PagesTakeTheCsrfTokenFromTheFormAndOnlyTheCookie) {
  const std::string cookie = "pregon_session=" + session_.session_id;
  auto form = [&](std::string body) {
    HttpRequest r =
        Req("POST", {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}});
    r.body = std::move(body);
    return r;
  };
  const std::string good = "action=send&csrf_token=" + session_.csrf_token;
  EXPECT_EQ(StatusOf(Authenticate(auth_, form(good), Caller::kPage)), 200);
  EXPECT_EQ(StatusOf(Authenticate(auth_, form(good), Caller::kApi)), 403);
  EXPECT_EQ(StatusOf(Authenticate(auth_, form("action=send"), Caller::kPage)), 403);
  EXPECT_EQ(StatusOf(Authenticate(auth_, form("csrf_token=pgc_forged"), Caller::kPage)), 403);
  // Judged from the head alone (a large form not read yet), the token waits for the body.
  EXPECT_EQ(StatusOf(Authenticate(auth_, form(""), Caller::kPageHead)), 200);
  // A text/plain body that looks like a form is not one (a cross-site form can send it).
  HttpRequest plain = form(good);
  plain.headers.Set("Content-Type", "text/plain");
  EXPECT_EQ(StatusOf(Authenticate(auth_, plain, Caller::kPage)), 403);
  // The header still works for a page (htmx sends it).
  EXPECT_EQ(StatusOf(Authenticate(
                auth_, Req("POST", {{"Cookie", cookie}, {"X-CSRF-Token", session_.csrf_token}}),
                Caller::kPage)),
            200);
  EXPECT_EQ(StatusOf(Authenticate(auth_, Req("GET", {{"Authorization", "Bearer " + token_}}),
                                  Caller::kPage)),
            401);
}

// Which of two session cookies a server picks must not decide who is signed in.
TEST_F(AuthenticateTest, TwoSessionCookiesAreRefused) {
  const std::string good = "pregon_session=" + session_.session_id;
  EXPECT_EQ(StatusOf(Authenticate(auth_, Req("GET", {{"Cookie", good + "; pregon_session=x"}}))),
            401);
  EXPECT_EQ(
      StatusOf(Authenticate(auth_, Req("GET", {{"Cookie", "pregon_session=x"}, {"Cookie", good}}))),
      401);
  EXPECT_EQ(StatusOf(Authenticate(auth_, Req("GET", {{"Cookie", good}}))), 200);
}

TEST_F(AuthenticateTest, SessionCookieWritesNeedTheCsrfToken) {
  const std::string cookie = "theme=dark; pregon_session=" + session_.session_id + "; other=1";
  auto read = Authenticate(auth_, Req("GET", {{"Cookie", cookie}}));
  ASSERT_EQ(StatusOf(read), 200);
  EXPECT_TRUE(std::get<Principal>(read).via_session);
  auto write = Authenticate(auth_, Req("POST", {{"Cookie", cookie}}));
  ASSERT_EQ(StatusOf(write), 403);
  EXPECT_EQ(std::get<ApiError>(write).code, "csrf_failed");
  EXPECT_EQ(StatusOf(Authenticate(auth_,
                                  Req("POST", {{"Cookie", cookie}, {"X-CSRF-Token", "pgc_nope"}}))),
            403);
  EXPECT_EQ(StatusOf(Authenticate(
                auth_, Req("DELETE", {{"Cookie", cookie}, {"X-CSRF-Token", session_.csrf_token}}))),
            200);
  EXPECT_EQ(StatusOf(Authenticate(auth_, Req("GET", {{"Cookie", "pregon_session=pgs_forged"}}))),
            401);
}

TEST_F(AuthenticateTest, RolesAndPermissions) {
  User viewer;
  viewer.role = Role::kViewer;
  EXPECT_FALSE(Authorize(viewer, Permission::kRead).has_value());
  auto denied = Authorize(viewer, Permission::kWriteCampaigns);
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 403);
  EXPECT_EQ(denied->code, "permission_denied");
}

TEST_F(AuthenticateTest, CookiesAndClientAddress) {
  auto r = Req("GET", {{"Cookie", "a=1; b = 2"}, {"Cookie", "c=3"}});
  EXPECT_EQ(CookieValue(r, "b"), "2");
  EXPECT_EQ(CookieValue(r, "c"), "3");
  EXPECT_EQ(CookieValue(r, "d"), "");
  // Two header lines are one list; the hop nginx appended last is the client.
  auto proxied =
      Req("GET", {{"X-Forwarded-For", "6.6.6.6, 10.0.0.1"}, {"X-Forwarded-For", "203.0.113.9"}});
  const IpRanges nginx = *IpRanges::Parse("127.0.0.1");
  proxied.remote_addr = "127.0.0.1";
  EXPECT_EQ(ClientAddress(proxied, nginx), "203.0.113.9");
  EXPECT_EQ(ClientAddress(proxied, IpRanges()), "127.0.0.1") << "no trusted proxy: header ignored";
  proxied.remote_addr = "198.51.100.7";  // not a trusted proxy: its header is not trusted
  EXPECT_EQ(ClientAddress(proxied, nginx), "198.51.100.7");
}

}  // namespace
}  // namespace pregon::http
