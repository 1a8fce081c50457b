// Senders (sending identities), as `pregon sender add|list` and /api/v1/senders:
//   GET  /senders              every sender: kind, where it sends (URLs without their
//                              passwords), from, rate, concurrency, report zone, and whether
//                              its secret is set — a secret itself is never shown
//   POST /senders              add one (manage_senders). Secrets are written, never shown
//                              back: a refused form keeps what was typed except them
//   POST /senders/{id}/test    "Test connection" (manage_senders): reaches the provider as
//                              far as it can without sending a message — `pregon doctor`'s
//                              check (app/ops/sender_checks.h) — and says what it found
#include <fmt/format.h>

#include <tuple>

#include "app/json_views.h"
#include "app/ops/sender_checks.h"
#include "channels/channel_factory.h"
#include "http/call.h"
#include "http/ui/campaign_views.h"
#include "http/ui/page.h"
#include "http/ui/texts.h"
#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

namespace {

constexpr ChannelKind kKinds[] = {ChannelKind::kRelay, ChannelKind::kSmtp, ChannelKind::kTelegram,
                                  ChannelKind::kSandbox};

// What the form keeps when it comes back: every field but the secrets.
constexpr const char* kPlainFields[] = {"name",       "kind",        "base_url",  "auth_scheme",
                                        "account_id", "from_email",  "from_name", "rate",
                                        "burst",      "concurrency", "time_zone"};

std::string KindLabel(ChannelKind k, Language lang) {
  return Text(lang, "sender_kind_" + std::string(ChannelKindName(k)));
}

nlohmann::json SenderRow(const Sender& s, Page& page, Timestamp now) {
  const Language lang = page.lang();
  const nlohmann::json shown = SenderJson(s);  // the API's view: URLs redacted, no secret
  std::string where = shown.value("base_url", "");
  if (s.kind == ChannelKind::kSmtp) where = shown.value("smtp_url", "");
  const bool has_secret =
      !s.api_key.empty() || !s.bot_token.empty() || shown.value("smtp_url", "") != s.smtp_url;
  return {{"id", s.id},
          {"name", s.name},
          {"kind", KindLabel(s.kind, lang)},
          {"where", where},
          {"from", s.from_name.empty() ? s.from_email : s.from_name + " <" + s.from_email + ">"},
          {"rate", s.rate > 0 ? fmt::format("{:g}/s", s.rate) : page.T("sender_rate_unlimited")},
          {"concurrency", std::to_string(s.concurrency)},
          {"time_zone", s.time_zone},
          {"paused_until", s.paused_until > now ? nlohmann::json(FormatTime(s.paused_until))
                                                : nlohmann::json(nullptr)},
          {"secret", page.T(has_secret ? "sender_secret_set" : "sender_secret_none")}};
}

// The page; `extra` adds the form's values and error, or a connection test's findings.
void ShowSenders(Call& call, Page& page, nlohmann::json extra, int status) {
  auto senders = call.ctx.store.ListSenders();
  if (!senders.ok()) return page.Error(senders.status());
  nlohmann::json rows = nlohmann::json::array();
  for (const Sender& s : *senders) rows.push_back(SenderRow(s, page, call.ctx.clock.Now()));
  nlohmann::json form = extra.value("form", nlohmann::json::object());
  Choices kinds;
  for (ChannelKind k : kKinds)
    kinds.push_back({std::string(ChannelKindName(k)), KindLabel(k, page.lang())});
  form["kind_options"] = SelectOptions(kinds, form.value("kind", "relay"));
  form["scheme_options"] = SelectOptions({{"Bearer", "Bearer"}, {"token", "token"}},
                                         form.value("auth_scheme", "Bearer"));
  if (!form.contains("concurrency")) form["concurrency"] = "16";
  nlohmann::json data = {
      {"nav_senders", true}, {"has_rows", !rows.empty()}, {"rows", rows}, {"form", form}};
  extra.erase("form");
  data.update(extra);
  page.Show("senders", std::move(data), page.T("nav_senders"), status);
}

void ListSenders(Call& call) {
  Page page(call);
  ShowSenders(call, page, DoneNotice(call, page, "sender_", {"added"}), 200);
}

// The sender the form describes, or the message saying which field is wrong.
Result<Sender> SenderOfForm(Page& page) {
  Sender s;
  s.name = page.Field("name");
  auto kind = ParseChannelKind(page.Field("kind"));
  if (!kind.ok()) return Status::InvalidArgument(kind.status().message());
  s.kind = *kind;
  s.base_url = page.Field("base_url");
  s.api_key = page.Field("api_key");
  s.auth_scheme = page.Field("auth_scheme").empty() ? "Bearer" : page.Field("auth_scheme");
  s.account_id = page.Field("account_id");
  s.from_email = page.Field("from_email");
  s.from_name = page.Field("from_name");
  s.bot_token = page.Field("bot_token");
  s.smtp_url = page.Field("smtp_url");
  s.time_zone = page.Field("time_zone");
  const Language lang = page.lang();
  const std::string rate = page.Field("rate");
  if (!rate.empty()) {
    const auto n = NumberOf<double>(rate);
    if (!n || *n < 0)
      return Status::InvalidArgument(
          FormatText(lang, "sender_bad_number", page.T("field_sender_rate")));
    s.rate = *n;
  }
  const std::tuple<const char*, int*, int> whole_numbers[] = {{"burst", &s.burst, 0},
                                                              {"concurrency", &s.concurrency, 1}};
  for (const auto& [field, out, low] : whole_numbers) {
    const std::string text = page.Field(field);
    if (text.empty()) continue;
    const auto n = NumberOf<int>(text);
    if (!n || *n < low || *n > 4096)
      return Status::InvalidArgument(
          FormatText(lang, "sender_bad_number", page.T("field_sender_" + std::string(field))));
    *out = *n;
  }
  if (s.name.empty() || s.name.size() > 100)
    return Status::InvalidArgument(page.T("sender_name_needed"));
  ApplySenderDefaults(s, !rate.empty());
  PREGON_RETURN_IF_ERROR(ValidateSenderForChannel(s));
  return s;
}

void AddSender(Call& call) {
  Page page(call);
  auto sender = SenderOfForm(page);
  Status st = sender.ok() ? call.ctx.store.CreateSender(*sender).status() : sender.status();
  if (st.ok()) return page.Redirect("/senders?done=added");
  if (st.code() != StatusCode::kInvalidArgument && st.code() != StatusCode::kAlreadyExists)
    return page.Error(st);
  nlohmann::json form = {{"error", std::string(st.message())}, {"open", true}};
  for (const char* field : kPlainFields) form[field] = page.Field(field).substr(0, 2000);
  ShowSenders(call, page, {{"form", form}}, 422);
}

void TestSender(Call& call) {
  Page page(call);
  const auto sender = OfPath<Sender>(call, page, "sender_not_found",
                                     [&](int64_t id) { return call.ctx.store.GetSender(id); });
  if (!sender) return;
  DoctorReport report;
  const std::string area = "sender " + sender->name;
  if (Status valid = ValidateSenderForChannel(*sender); !valid.ok()) {
    report.Add(area, CheckLevel::kError, std::string(valid.message()));
  } else {
    CheckProvider(area, *sender, ProviderCheckOptionsFor(call.ctx.options.channel), report);
  }
  nlohmann::json findings = nlohmann::json::array();
  for (const DoctorCheck& c : report.checks())
    findings.push_back({{"level", std::string(CheckLevelName(c.level))},
                        {"level_label", page.T("check_" + std::string(CheckLevelName(c.level)))},
                        {"message", c.message}});
  ShowSenders(call, page,
              {{"test",
                {{"title", FormatText(page.lang(), "sender_test_title", sender->name)},
                 {"ok", report.worst() == CheckLevel::kOk},
                 {"findings", findings}}}},
              200);
}

}  // namespace

void AddSenderPageRoutes(Router& router) {
  router.Add(PageRoute("GET", "/senders", Permission::kRead, ListSenders, {"done"}));
  router.Add(PageRoute("POST", "/senders", Permission::kManageSenders, AddSender));
  router.Add(PageRoute("POST", "/senders/{id}/test", Permission::kManageSenders, TestSender));
}

}  // namespace pregon::http::ui
