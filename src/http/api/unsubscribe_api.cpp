// /u/{token}: the one-click unsubscribe link of pregon's e-mails (RFC 8058), public, no login.
// The token is signed (core/tracking_token.h): a forged, altered or foreign one is a 404, so
// nobody can unsubscribe an address that is not theirs by guessing ids.
//   GET   a page in the reader's language (Accept-Language) asking to confirm, with a button
//         that POSTs to the same URL. A GET never changes anything: link scanners and mail
//         previews fetch links, and must not unsubscribe anyone.
//   POST  what mail clients send for one-click ("List-Unsubscribe=One-Click", urlencoded or
//         multipart — or no body at all; any is accepted): the address is suppressed as
//         `unsubscribed` at once, so the next campaign skips it, the delivery's
//         unsubscribed_at is set, and the campaign's event log says so. Doing it again changes
//         nothing and answers the same.
#include <fmt/format.h>

#include "app/suppression_service.h"
#include "core/language.h"
#include "core/tracking_token.h"
#include "engine/message_renderer.h"
#include "http/api/routes.h"
#include "http/call.h"

namespace pregon::http {

namespace {

struct Texts {
  const char* title;
  const char* question;  // {} = the masked address
  const char* button;
  const char* done;
  const char* invalid;
};

constexpr Texts kSpanish = {"Darse de baja", "¿Dejar de recibir estos correos en {}?",
                            "Darme de baja", "Listo: {} ya no recibirá estos correos.",
                            "Este enlace para darse de baja no es válido."};
constexpr Texts kEnglish = {"Unsubscribe", "Stop receiving these e-mails at {}?", "Unsubscribe",
                            "Done: {} will not receive these e-mails any more.",
                            "This unsubscribe link is not valid."};

// "j***@example.cl": enough for its owner to recognise, little for anyone else.
std::string MaskedAddress(const std::string& address) {
  const size_t at = address.find('@');
  if (at == std::string::npos || at == 0) return "***";
  return address.substr(0, 1) + "***" + address.substr(at);
}

void Page(Call& call, int status, const Texts& t, const std::string& body_html) {
  call.res.status = status;
  call.res.SetHeader("X-Robots-Tag", "noindex");
  call.res.SetHeader("Referrer-Policy", "no-referrer");
  call.res.SetHeader("Content-Security-Policy",
                     "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  call.res.SetContent(
      fmt::format("<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                  "<title>{}</title><style>body{{font-family:sans-serif;max-width:32rem;"
                  "margin:3rem auto;padding:0 1rem}}button{{font-size:1rem;padding:.5rem 1rem}}"
                  "</style></head><body><h1>{}</h1>{}</body></html>\n",
                  &t == &kSpanish ? "es" : "en", t.title, t.title, body_html),
      "text/html; charset=utf-8");
}

const Texts& TextsFor(Call& call) {
  return PreferredLanguage(call.req.Header("Accept-Language")) == Language::kSpanish ? kSpanish
                                                                                     : kEnglish;
}

// The delivery the token names, or nullopt after answering the 404 page.
std::optional<Delivery> DeliveryOf(Call& call, const Texts& t) {
  const auto& signer = call.ctx.options.channel.tracking;
  const auto claim = signer ? signer->Verify(call.Param("token")) : std::nullopt;
  if (claim && claim->kind == TrackingKind::kUnsubscribe) {
    auto delivery = call.ctx.store.GetDelivery(claim->delivery_id);
    if (delivery.ok() && delivery->campaign_id == claim->campaign_id) return *delivery;
    if (!delivery.ok() && delivery.status().code() != StatusCode::kNotFound) {
      call.Fail(delivery.status());
      return std::nullopt;
    }
  }
  Page(call, 404, t, fmt::format("<p>{}</p>", t.invalid));
  return std::nullopt;
}

void Confirm(Call& call) {
  const Texts& t = TextsFor(call);
  const auto delivery = DeliveryOf(call, t);
  if (!delivery) return;
  Page(call, 200, t,
       fmt::format(
           "<p>{}</p><form method=\"post\"><button type=\"submit\">{}</button></form>",
           fmt::format(fmt::runtime(t.question), HtmlEscape(MaskedAddress(delivery->address))),
           t.button));
}

void Unsubscribe(Call& call) {
  const Texts& t = TextsFor(call);
  const auto delivery = DeliveryOf(call, t);
  if (!delivery) return;
  bool added = false;
  auto suppressed = SuppressionService(call.ctx.store, call.ctx.clock)
                        .Add(delivery->address, SuppressionReason::kUnsubscribed, &added);
  if (!suppressed.ok()) return call.Fail(suppressed.status());
  if (Status marked = call.ctx.store.MarkUnsubscribed(delivery->id, call.ctx.clock.Now());
      !marked.ok())
    return call.Fail(marked);
  if (added) {
    Status logged = call.ctx.store.AppendEvent(
        delivery->campaign_id, call.ctx.clock.Now(), "unsubscribed",
        fmt::format("delivery {} unsubscribed by its one-click link", delivery->id));
    if (!logged.ok()) return call.Fail(logged);
  }
  Page(call, 200, t,
       fmt::format("<p>{}</p>", fmt::format(fmt::runtime(t.done),
                                            HtmlEscape(MaskedAddress(delivery->address)))));
}

}  // namespace

void AddUnsubscribeRoutes(Router& router) {
  router.Add({"GET", "/u/{token}", std::nullopt, Confirm});
  Route post{"POST", "/u/{token}", std::nullopt, Unsubscribe};
  post.max_body = kTinyBody;  // "List-Unsubscribe=One-Click", in whatever encoding
  router.Add(post);
}

}  // namespace pregon::http
