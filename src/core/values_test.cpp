// Small value parsers: durations, e-mail addresses, URLs, ISO 8601 times, sender checks.
#include <gtest/gtest.h>

#include "core/duration.h"
#include "core/email.h"
#include "core/sender.h"
#include "core/time_format.h"
#include "core/url.h"

namespace pregon {
namespace {

TEST(Duration, ParsesOperatorForms) {
  EXPECT_EQ(*ParseDuration("90s"), Millis(90'000));
  EXPECT_EQ(*ParseDuration("12m"), Millis(720'000));
  EXPECT_EQ(*ParseDuration("1h"), Millis(3'600'000));
  EXPECT_EQ(*ParseDuration("1h30m"), Millis(5'400'000));
  EXPECT_EQ(*ParseDuration("250ms"), Millis(250));
  EXPECT_EQ(*ParseDuration("0"), Millis(0));
  EXPECT_EQ(*ParseDuration("0s"), Millis(0));
}

TEST(Duration, RejectsJunkWithTheText) {
  for (const char* bad : {"", "12", "-5s", "5 s", "s", "1y", "1.5h", "12minutes", "99999999999h"}) {
    auto r = ParseDuration(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_NE(r.status().message().find("is not a duration"), std::string::npos);
    }
  }
}

TEST(Duration, FormatsShortestForm) {
  EXPECT_EQ(FormatDuration(Millis(720'000)), "12m");
  EXPECT_EQ(FormatDuration(Millis(5'400'000)), "1h30m");
  EXPECT_EQ(FormatDuration(Millis(1500)), "1500ms");
  EXPECT_EQ(FormatDuration(Millis(0)), "0s");
}

TEST(Email, AcceptsRealAddresses) {
  for (const char* ok : {"a@b.co", "ana.perez@example.cl", "x+tag@sub.example.com",
                         "maria@example.com.ar", "o'brien@example.ie", "jose@ñandú.cl"})
    EXPECT_TRUE(IsValidEmail(ok)) << ok;
}

TEST(Email, RejectsBrokenAddresses) {
  for (const char* bad : {"", "no-es-un-correo", "@example.com", "a@", "a@b", "a@b.c", "a b@c.com",
                          "a..b@c.com", ".a@c.com", "a@-c.com", "a@c..com", "a@c.com.", "a@@c.com"})
    EXPECT_FALSE(IsValidEmail(bad)) << bad;
}

TEST(Email, NormalisesCaseAndSpace) {
  EXPECT_EQ(NormalizeEmail("  JOSE@Example.COM \r"), "jose@example.com");
}

TEST(Url, OnlyHttpWithAHost) {
  EXPECT_TRUE(ValidateHttpUrl("http://127.0.0.1:8080/").ok());
  EXPECT_TRUE(ValidateHttpUrl("https://api.example.com/v1").ok());
  EXPECT_FALSE(ValidateHttpUrl("ftp://x").ok());
  EXPECT_FALSE(ValidateHttpUrl("http://").ok());
  EXPECT_FALSE(ValidateHttpUrl("http://:80/").ok());
  EXPECT_FALSE(ValidateHttpUrl("http://a b/").ok());
}

TEST(Iso8601, ParsesZonesAndOffsets) {
  auto z = ParseIso8601("2026-11-23T10:15:00Z");
  ASSERT_TRUE(z.ok());
  EXPECT_EQ(FormatIso8601(*z), "2026-11-23T10:15:00.000Z");
  EXPECT_EQ(*ParseIso8601("2026-11-23T07:15:00-03:00"), *z);
  EXPECT_EQ(*ParseIso8601("2026-11-23 10:15:00.000Z"), *z);
  EXPECT_EQ(*ParseIso8601("2026-11-23T10:15:00"), *z);  // naive = UTC
  // Naive in a zone: Santiago is UTC-3 in November (summer time).
  EXPECT_EQ(*ParseIso8601("2026-11-23T07:15:00", "America/Santiago"), *z);
  EXPECT_FALSE(ParseIso8601("tomorrow").ok());
  EXPECT_FALSE(ParseIso8601("2026-13-01T00:00:00Z").ok());
}

TEST(Iso8601, OffsetsOutOfRangeAreRefused) {
  EXPECT_EQ(*ParseIso8601("2026-11-23T10:15:00+05:30"), *ParseIso8601("2026-11-23T04:45:00Z"));
  EXPECT_TRUE(ParseIso8601("2026-11-23T10:15:00-2359").ok());
  for (const char* bad : {"2026-11-23T10:15:00+99:99", "2026-11-23T10:15:00+24:00",
                          "2026-11-23T10:15:00-03:60", "2026-11-23T10:15:00+0999"}) {
    auto t = ParseIso8601(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_NE(t.status().message().find("offset out of range"), std::string::npos) << bad;
  }
  EXPECT_FALSE(ParseIso8601("2026-11-23T10:15:00+ab:cd").ok());
}

TEST(LocalDays, ADayIsBoundedInTheZonesOwnClock) {
  // Santiago: UTC-3 in summer, UTC-4 in winter.
  EXPECT_EQ(*LocalDayStart("2026-12-01", "America/Santiago"), "2026-12-01T00:00:00-03:00");
  EXPECT_EQ(*LocalDayEnd("2026-07-01", "America/Santiago"), "2026-07-01T23:59:59-04:00");
  EXPECT_EQ(*LocalDayStart("2026-12-01", ""), "2026-12-01T00:00:00+00:00");
  EXPECT_EQ(*LocalDayEnd("2026-12-01", "Asia/Kolkata"), "2026-12-01T23:59:59+05:30");
  // Clocks jump from 00:00 to 01:00 on 2026-09-06: the day starts at 01:00.
  EXPECT_EQ(*LocalDayStart("2026-09-06", "America/Santiago"), "2026-09-06T01:00:00-03:00");
  // 23:00-23:59 happens twice on 2026-04-04: the day ends at the second 23:59:59.
  EXPECT_EQ(*LocalDayEnd("2026-04-04", "America/Santiago"), "2026-04-04T23:59:59-04:00");
  EXPECT_EQ(LocalDayStart("2026-12-1", "UTC").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(LocalDayStart("2026-12-01", "Mars/Olympus").status().code(),
            StatusCode::kInvalidArgument);

  // 02:30Z on Dec 2 is still Dec 1 in Santiago.
  auto t = *ParseIso8601("2026-12-02T02:30:00Z");
  EXPECT_EQ(*LocalDay(t, "America/Santiago"), "2026-12-01");
  EXPECT_EQ(*LocalDay(t, ""), "2026-12-02");
}

TEST(TimeZone, KnownAndUnknown) {
  EXPECT_TRUE(ValidateTimeZone("America/Santiago").ok());
  EXPECT_FALSE(ValidateTimeZone("Mars/Olympus").ok());
}

TEST(SenderValidate, EachKindNeedsItsFields) {
  Sender relay;
  relay.name = "r";
  relay.kind = ChannelKind::kRelay;
  EXPECT_EQ(relay.Validate().message(), "a relay sender needs base_url");
  EXPECT_EQ(relay.Validate().field(), "base_url");
  relay.base_url = "http://127.0.0.1:1/";
  relay.api_key = "k";
  relay.account_id = "1";
  relay.from_email = "news@example.com";
  EXPECT_TRUE(relay.Validate().ok());
  relay.auth_scheme = "Basic";
  EXPECT_FALSE(relay.Validate().ok());
  Sender tg;
  tg.name = "t";
  tg.kind = ChannelKind::kTelegram;
  EXPECT_EQ(tg.Validate().field(), "bot_token");
  Sender smtp;
  smtp.name = "m";
  smtp.kind = ChannelKind::kSmtp;
  smtp.from_email = "a@example.com";
  smtp.smtp_url = "http://mail";
  EXPECT_FALSE(smtp.Validate().ok());
  smtp.smtp_url = "smtps://u:p@mail.example.com:465";
  EXPECT_TRUE(smtp.Validate().ok());
}

TEST(Url, RedactsPasswordsOnly) {
  EXPECT_EQ(RedactUrl("smtps://user:p%40ss@smtp.example.com:465"),
            "smtps://user:***@smtp.example.com:465");
  EXPECT_EQ(RedactUrl("postgresql://u:secret@h/db?password=x&sslmode=require"),
            "postgresql://u:***@h/db?password=***&sslmode=require");
  EXPECT_EQ(RedactUrl("smtp://mail.example.com:587"), "smtp://mail.example.com:587");
}

// A relay base URL may carry its credential in the query, as some providers document it.
TEST(Url, RedactsCredentialQueryParameters) {
  EXPECT_EQ(RedactUrl("https://api.example.com/v1/?key=s3cr3t&region=eu"),
            "https://api.example.com/v1/?key=***&region=eu");
  EXPECT_EQ(RedactUrl("https://h/x?region=eu&API_KEY=a&access_token=b&Signature=c#frag"),
            "https://h/x?region=eu&API_KEY=***&access_token=***&Signature=***#frag");
  EXPECT_EQ(RedactUrl("https://U:PW@h/?sessionid=1"), "https://U:***@h/?sessionid=***");
  EXPECT_EQ(RedactUrl("https://h/keys/list?page=2"), "https://h/keys/list?page=2");
  EXPECT_EQ(RedactUrl("https://h/?page=2&region=eu"), "https://h/?page=2&region=eu");
}

TEST(Url, PercentEncodeKeepsOnlyUnreservedBytesAndRoundTrips) {
  EXPECT_EQ(PercentEncode("/campaigns?status=sending&q=a b"),
            "%2Fcampaigns%3Fstatus%3Dsending%26q%3Da%20b");
  EXPECT_EQ(PercentEncode("Az09-._~"), "Az09-._~");
  EXPECT_EQ(PercentEncode("año"), "a%C3%B1o");
  for (const char* s : {"/x?y=1&z=%41", "ñandú", "a+b c"})
    EXPECT_EQ(PercentDecode(PercentEncode(s), true), s);
}

TEST(SenderValidate, RefusesControlCharactersInWhatBecomesAHeaderOrUrl) {
  Sender relay;
  relay.name = "r";
  relay.kind = ChannelKind::kRelay;
  relay.base_url = "http://127.0.0.1:1/";
  relay.api_key = "k\r\nX-Injected: 1";
  relay.account_id = "1";
  relay.from_email = "news@example.com";
  EXPECT_EQ(relay.Validate().field(), "api_key");
  EXPECT_NE(relay.Validate().message().find("control characters"), std::string::npos);
  relay.api_key = "k";
  EXPECT_TRUE(relay.Validate().ok());
  relay.from_name = std::string("News\0", 5);
  EXPECT_EQ(relay.Validate().field(), "from_name");
  Sender tg;
  tg.name = "t";
  tg.kind = ChannelKind::kTelegram;
  tg.bot_token = "123:abc\n";
  EXPECT_EQ(tg.Validate().field(), "bot_token");
}

TEST(SenderValidate, ATimeZoneMustBeAnIanaName) {
  Sender relay;
  relay.name = "r";
  relay.kind = ChannelKind::kRelay;
  relay.base_url = "https://api.example/";
  relay.api_key = "k";
  relay.account_id = "1";
  relay.from_email = "news@example.com";
  ASSERT_TRUE(relay.Validate().ok()) << relay.Validate().ToString();
  relay.time_zone = "America/Bogota";
  EXPECT_TRUE(relay.Validate().ok());
  relay.time_zone = "Mars/Olympus";
  EXPECT_EQ(relay.Validate().field(), "time_zone");
}

TEST(Sender, ReportDaysAreInTheSendersZoneElseTheCampaignsElseUtc) {
  Sender s;
  EXPECT_EQ(ReportTimeZone(s, ""), "UTC");
  EXPECT_EQ(ReportTimeZone(s, "America/Lima"), "America/Lima");
  s.time_zone = "Asia/Tokyo";
  EXPECT_EQ(ReportTimeZone(s, "America/Lima"), "Asia/Tokyo");
}

TEST(Sender, TelegramDefaultsToTheBroadcastLimitUnlessGivenARate) {
  Sender s;
  s.kind = ChannelKind::kTelegram;
  ApplySenderDefaults(s, /*rate_given=*/false);
  EXPECT_EQ(s.rate, kTelegramDefaultRate);
  s.rate = 0;
  ApplySenderDefaults(s, /*rate_given=*/true);
  EXPECT_EQ(s.rate, 0);
  s.kind = ChannelKind::kRelay;
  ApplySenderDefaults(s, /*rate_given=*/false);
  EXPECT_EQ(s.rate, 0);
}

TEST(PublicBaseUrl, HttpsOrLoopbackHttpWithoutQueryAndTrailingSlash) {
  EXPECT_EQ(*ParsePublicBaseUrl("https://mail.example.com/", "X"), "https://mail.example.com");
  EXPECT_EQ(*ParsePublicBaseUrl("https://example.com/pregon//", "X"), "https://example.com/pregon");
  EXPECT_EQ(*ParsePublicBaseUrl("http://127.0.0.1:8080", "X"), "http://127.0.0.1:8080");
  EXPECT_EQ(*ParsePublicBaseUrl("http://localhost:1", "X"), "http://localhost:1");
  EXPECT_EQ(*ParsePublicBaseUrl("http://[::1]:8080", "X"), "http://[::1]:8080");
  auto plain = ParsePublicBaseUrl("http://mail.example.com", "PREGON_PUBLIC_URL");
  ASSERT_FALSE(plain.ok());
  EXPECT_NE(plain.status().message().find("PREGON_PUBLIC_URL must be https://"), std::string::npos);
  EXPECT_FALSE(ParsePublicBaseUrl("https://x.example/?a=1", "X").ok());
  EXPECT_FALSE(ParsePublicBaseUrl("https://u:p@x.example", "X").ok());
  EXPECT_FALSE(ParsePublicBaseUrl("ftp://x.example", "X").ok());
  EXPECT_EQ(UrlHost("https://u@Mail.example.com:8443/p?q"), "Mail.example.com");
  EXPECT_EQ(UrlHost("http://[::1]:80/"), "::1");
}

}  // namespace
}  // namespace pregon
