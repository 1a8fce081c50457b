// /api/v1/senders: sending identities. Secrets (api_key, bot_token, the password in
// smtp_url) can be written, never read back (app/json_views.h).
#include "app/json_views.h"
#include "channels/channel_factory.h"
#include "http/api/routes.h"
#include "http/call.h"
#include "http/json_body.h"

namespace pregon::http {

namespace {

void ListSenders(Call& call) {
  auto senders = call.ctx.store.ListSenders();
  if (!senders.ok()) return call.Fail(senders.status());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& s : *senders) items.push_back(SenderJson(s));
  call.Reply(200, {{"items", items}});
}

void GetSender(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "sender")) return;
  auto sender = call.ctx.store.GetSender(id);
  if (!sender.ok()) return call.Fail(sender.status());
  call.Reply(200, SenderJson(*sender));
}

void CreateSender(Call& call) {
  nlohmann::json body;
  if (!call.Body(&body)) return;
  JsonFields f(body);
  Sender s;
  std::string kind;
  f.String("name", &s.name, JsonFields::kRequired, 100);
  f.String("kind", &kind, JsonFields::kRequired, 20);
  f.String("base_url", &s.base_url, JsonFields::kOptional, 2000);
  f.String("api_key", &s.api_key, JsonFields::kOptional, 1000);
  f.String("auth_scheme", &s.auth_scheme, JsonFields::kOptional, 20);
  f.String("account_id", &s.account_id, JsonFields::kOptional, 200);
  f.String("from_email", &s.from_email, JsonFields::kOptional, 320);
  f.String("from_name", &s.from_name, JsonFields::kOptional, 200);
  f.String("bot_token", &s.bot_token, JsonFields::kOptional, 1000);
  f.String("smtp_url", &s.smtp_url, JsonFields::kOptional, 2000);
  const bool rate_given = f.Number("rate", &s.rate, 0, 1e6);
  f.Int("burst", &s.burst, 0, 1'000'000);
  f.Int("concurrency", &s.concurrency, 1, 4096);
  f.String("time_zone", &s.time_zone, JsonFields::kOptional, 64);
  if (auto error = f.Finish()) return call.Fail(*error);
  auto parsed = ParseChannelKind(kind);
  if (!parsed.ok()) return call.Fail(ApiError::Invalid(parsed.status().message(), "kind"));
  s.kind = *parsed;
  ApplySenderDefaults(s, rate_given);
  if (Status st = ValidateSenderForChannel(s); !st.ok()) return call.Fail(st);
  auto id = call.ctx.store.CreateSender(s);
  if (!id.ok()) return call.Fail(id.status());
  s.id = *id;
  call.Reply(201, SenderJson(s));
}

}  // namespace

void AddSenderRoutes(Router& router) {
  router.Add({"GET", "/api/v1/senders", Permission::kRead, ListSenders});
  router.Add({"POST", "/api/v1/senders", Permission::kManageSenders, CreateSender});
  router.Add({"GET", "/api/v1/senders/{id}", Permission::kRead, GetSender});
}

}  // namespace pregon::http
