#include "app/campaign_service.h"

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "store/store_testing.h"

namespace pregon {
namespace {

class CampaignServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::NewTempSqliteStore();
    for (auto [name, kind] : {std::pair{"mail", ChannelKind::kSmtp},
                              {"bot", ChannelKind::kTelegram},
                              {"relay", ChannelKind::kRelay}}) {
      Sender s;
      s.name = name;
      s.kind = kind;
      ASSERT_TRUE(store_->CreateSender(s).ok());
    }
    auto list = store_->EnsureList("L", clock_.Now());
    std::vector<ContactRecord> rows = {{"ana@x.com", "77", "Ana", R"({"Ciudad":"Lima"})"}};
    ASSERT_TRUE(store_->ImportContacts(list->id, rows, clock_.Now()).ok());
  }

  CampaignSpec Spec(const char* sender) {
    CampaignSpec spec;
    spec.name = "c";
    spec.sender = sender;
    spec.list = "L";
    spec.subject = "Hola {{name}}";
    spec.text = "En {{Ciudad}}";
    return spec;
  }

  // "field | message" of the refusal (messages name fields by their field names).
  std::string ErrorOf(const CampaignSpec& spec) {
    auto id = CampaignService(*store_, clock_).Create(spec);
    return id.ok() ? "" : id.status().field() + " | " + id.status().message();
  }

  FakeClock clock_;
  std::unique_ptr<Store> store_;
};

TEST_F(CampaignServiceTest, OptionsTheChannelCannotHonourAreRefused) {
  EXPECT_EQ(ErrorOf(Spec("mail")), "");
  CampaignSpec s = Spec("bot");
  s.attachments = {{"a.txt", "text/plain", 1, "x"}};
  EXPECT_EQ(ErrorOf(s), "attachments | telegram senders take no attachments");
  s = Spec("mail");
  s.template_id = "t";
  EXPECT_EQ(ErrorOf(s), "template_id | template_id needs a relay sender (provider-side templates)");
  s = Spec("relay");
  s.parse_mode = "HTML";
  EXPECT_EQ(ErrorOf(s), "parse_mode | parse_mode applies to telegram senders only");
  s = Spec("bot");
  s.text.clear();
  s.html = "<p>x</p>";
  EXPECT_EQ(ErrorOf(s), "text | a telegram campaign needs text (HTML bodies are e-mail only)");
  s = Spec("relay");
  s.subject.clear();
  s.text.clear();
  s.template_id = "bienvenida";  // the provider's template has subject and body
  EXPECT_EQ(ErrorOf(s), "");
}

TEST_F(CampaignServiceTest, TemplatesAreCheckedAgainstTheListsColumns) {
  CampaignSpec s = Spec("mail");
  s.html = "<p>{{Ciudad}}</p>\n<p>{{Pais}}</p>";
  EXPECT_EQ(ErrorOf(s),
            "html | html: line 2, column 4: unknown field 'Pais' (known: Ciudad, address, email, "
            "name)");
  EXPECT_FALSE(store_->GetCampaign(1).ok()) << "nothing is stored when a template is refused";
}

TEST_F(CampaignServiceTest, PreviewRendersForTheContactsChannelAddress) {
  CampaignService service(*store_, clock_);
  auto mail = service.Create(Spec("mail"));
  auto bot = service.Create(Spec("bot"));
  ASSERT_TRUE(mail.ok() && bot.ok());
  auto by_chat = service.Preview(*mail, "77");  // found by chat id, sent to its e-mail
  ASSERT_TRUE(by_chat.ok()) << by_chat.status().ToString();
  EXPECT_EQ(by_chat->message.to, "ana@x.com");
  EXPECT_EQ(by_chat->message.subject, "Hola Ana");
  auto telegram = service.Preview(*bot, "ana@x.com");
  ASSERT_TRUE(telegram.ok());
  EXPECT_EQ(telegram->message.to, "77");
  EXPECT_EQ(telegram->message.text, "En Lima");
  EXPECT_EQ(service.Preview(*mail, "nobody@x.com").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetCounters(*mail)->total(), 0);
}

TEST_F(CampaignServiceTest, UnknownSenderOrListIsBadInputNamingTheFlag) {
  CampaignSpec s = Spec("nope");
  auto id = CampaignService(*store_, clock_).Create(s);
  EXPECT_EQ(id.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(id.status().message(), "sender: sender 'nope' not found");
  EXPECT_EQ(id.status().field(), "sender");
  s = Spec("mail");
  s.list = "nope";
  EXPECT_EQ(ErrorOf(s), "list | list: list 'nope' not found");
}

TEST_F(CampaignServiceTest, SpecTextResolvesAndRoundTrips) {
  CampaignSpec spec = Spec("mail");
  CampaignSpecText text;
  text.batch_pause = "12m";
  text.guarantee = "at_least_once";
  text.window = "08:00-21:00";
  text.time_zone = "America/Santiago";
  text.scheduled_at = "2026-12-01T09:00:00";
  ASSERT_TRUE(ResolveSpecText(text, &spec).ok());
  EXPECT_EQ(spec.throttle.batch_pause, Millis(720'000));
  EXPECT_EQ(spec.window.start_minute, 8 * 60);
  EXPECT_EQ(FormatIso8601(*spec.scheduled_at), "2026-12-01T12:00:00.000Z");  // Santiago is UTC-3
  CampaignSpec again = Spec("mail");
  ASSERT_TRUE(ResolveSpecText(SpecTextOf(spec), &again).ok());
  EXPECT_EQ(again.throttle.batch_pause, spec.throttle.batch_pause);
  EXPECT_EQ(again.guarantee, spec.guarantee);
  EXPECT_EQ(again.window.end_minute, spec.window.end_minute);
  EXPECT_EQ(again.scheduled_at, spec.scheduled_at);

  text.window = "08:00-21:00";
  text.time_zone = "";
  Status no_tz = ResolveSpecText(text, &spec);
  EXPECT_EQ(no_tz.message(), "window needs time_zone (e.g. America/Santiago)");
  EXPECT_EQ(no_tz.field(), "window");
  text = CampaignSpecText{};
  text.batch_pause = "12 minutes";
  Status pause = ResolveSpecText(text, &spec);
  EXPECT_EQ(pause.message().rfind("batch_pause:", 0), 0u);
  EXPECT_EQ(pause.field(), "batch_pause");
}

TEST_F(CampaignServiceTest, UpdateRevalidatesAndOnlyBeforeSending) {
  CampaignService service(*store_, clock_);
  auto id = service.Create(Spec("mail"));
  ASSERT_TRUE(id.ok());
  auto spec = service.SpecOf(*id);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->sender, "mail");
  EXPECT_EQ(spec->list, "L");
  spec->subject = "Nuevo {{Pais}}";  // not a column of L
  EXPECT_EQ(service.Update(*id, *spec, false).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->GetCampaign(*id)->subject, "Hola {{name}}");
  spec->subject = "Nuevo {{name}}";
  spec->scheduled_at = clock_.Now() + Millis(3'600'000);
  ASSERT_TRUE(service.Update(*id, *spec, false).ok());
  EXPECT_EQ(store_->GetCampaign(*id)->status, CampaignStatus::kScheduled);
  ASSERT_EQ(service.Send({*id}).front().code(), StatusCode::kOk);
  EXPECT_EQ(service.Update(*id, *spec, false).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(service.Update(999, *spec, false).code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace pregon
