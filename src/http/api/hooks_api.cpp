// Bounce and complaint webhooks (DESIGN §1.4b; docs/TRACKING.md), public — each verified its
// provider's own way (app/feedback/webhooks.h), then applied (app/feedback/feedback_service.h):
//   POST /hooks/bounce     generic JSON, HMAC-SHA-256 signed with PREGON_WEBHOOK_SECRET
//   POST /hooks/ses        Amazon SES through SNS (PREGON_SES_WEBHOOK=on)
//   POST /hooks/sendgrid   SendGrid's signed Event Webhook (PREGON_SENDGRID_WEBHOOK_KEY)
//   POST /hooks/postmark   Postmark, HTTP Basic (PREGON_POSTMARK_WEBHOOK_AUTH)
//   POST /hooks/mailgun    Mailgun, signed (PREGON_MAILGUN_WEBHOOK_KEY)
// 200 {recorded, duplicates, suppressed, invalid}; 401 for a signature that does not verify or
// a replayed timestamp; 400 for a body that is not the provider's; 404 while not configured.
#include <spdlog/spdlog.h>

#include "app/feedback/feedback_service.h"
#include "app/feedback/webhooks.h"
#include "core/text.h"
#include "http/api/routes.h"
#include "http/call.h"

namespace pregon::http {

namespace {

constexpr size_t kHookBody = 1 << 20;  // SendGrid posts events in batches

WebhookRequest RequestOf(Call& call) {
  return {call.req.Body(),
          [&call](std::string_view name) { return call.req.Header(std::string(name)); },
          call.ctx.clock.Now()};
}

void Answer(Call& call, const char* source, const ParsedWebhook& parsed) {
  if (parsed.problem == ParsedWebhook::kUnauthenticated) {
    spdlog::warn("webhook {}: refused: {}", source, parsed.message);
    return call.Fail(ApiError::Unauthenticated(parsed.message));
  }
  if (parsed.problem == ParsedWebhook::kMalformed)
    return call.Fail(ApiError::BadRequest(parsed.message));
  if (!parsed.note.empty()) spdlog::warn("webhook {}: {}", source, LogSafe(parsed.note, 1000));
  auto counts = FeedbackService(call.ctx.store, call.ctx.clock,
                                call.ctx.options.webhooks.thresholds, &call.ctx.feedback)
                    .Apply(parsed.events);
  if (!counts.ok()) return call.Fail(counts.status());
  call.Reply(200, {{"recorded", counts->recorded},
                   {"duplicates", counts->duplicates},
                   {"suppressed", counts->suppressed},
                   {"invalid", counts->invalid}});
}

// The endpoint's setting, or a 404 naming it while it is empty.
bool Configured(Call& call, bool configured, const char* setting) {
  if (!configured)
    call.Fail(ApiError::NotFound(std::string("this webhook is not configured (") + setting + ")"));
  return configured;
}

void Generic(Call& call) {
  const auto& w = call.ctx.options.webhooks;
  if (!Configured(call, !w.generic_secret.empty(), "PREGON_WEBHOOK_SECRET")) return;
  Answer(call, "bounce", ParseGenericWebhook(RequestOf(call), w.generic_secret));
}

void Ses(Call& call) {
  if (!Configured(call, call.ctx.options.webhooks.ses, "PREGON_SES_WEBHOOK")) return;
  Answer(call, "ses", ParseSesWebhook(RequestOf(call), call.ctx.sns));
}

void SendGrid(Call& call) {
  const auto& w = call.ctx.options.webhooks;
  if (!Configured(call, !w.sendgrid_key.empty(), "PREGON_SENDGRID_WEBHOOK_KEY")) return;
  Answer(call, "sendgrid", ParseSendGridWebhook(RequestOf(call), w.sendgrid_key));
}

void Postmark(Call& call) {
  const auto& w = call.ctx.options.webhooks;
  if (!Configured(call, !w.postmark_auth.empty(), "PREGON_POSTMARK_WEBHOOK_AUTH")) return;
  Answer(call, "postmark", ParsePostmarkWebhook(RequestOf(call), w.postmark_auth));
}

void Mailgun(Call& call) {
  const auto& w = call.ctx.options.webhooks;
  if (!Configured(call, !w.mailgun_key.empty(), "PREGON_MAILGUN_WEBHOOK_KEY")) return;
  Answer(call, "mailgun", ParseMailgunWebhook(RequestOf(call), w.mailgun_key));
}

}  // namespace

void AddHookRoutes(Router& router) {
  using Handler = void (*)(Call&);
  const std::pair<const char*, Handler> hooks[] = {{"/hooks/bounce", Generic},
                                                   {"/hooks/ses", Ses},
                                                   {"/hooks/sendgrid", SendGrid},
                                                   {"/hooks/postmark", Postmark},
                                                   {"/hooks/mailgun", Mailgun}};
  for (const auto& [path, handler] : hooks) {
    Route r{"POST", path, std::nullopt, handler};
    r.idempotent = false;  // events carry their own ids
    r.max_body = kHookBody;
    router.Add(r);
  }
}

}  // namespace pregon::http
