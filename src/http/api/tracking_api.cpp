// /t/o/{token}.gif and /t/c/{token}: the open pixel and tracked links of pregon's e-mails
// (engine/message_tracking.h), public, no login.
//   GET /t/o/{token}.gif  a transparent 1x1 GIF, never cached (each open is a request);
//                         the open is recorded
//   GET /t/c/{token}      302 to the URL of the campaign's link the token names — read from
//                         the stored link table, never from the request, so no token can send
//                         anyone anywhere the campaign did not link to; the click is recorded.
//                         Link 0 is the hidden honeypot: 200, an empty page, a scanner.
// A token that is not pregon's (forged, altered, truncated, another kind) is a 404 and records
// nothing. Each hit is judged by its request (core/hit_classifier.h) — a HEAD is a machine's —
// and queued for the recorder (app/tracking/hit_recorder.h): the answer never waits for the
// database. Nothing of the request (address, user agent) is kept, only the verdict.
#include "core/hit_classifier.h"
#include "core/text.h"
#include "core/tracking_token.h"
#include "http/api/routes.h"
#include "http/authenticate.h"
#include "http/call.h"

namespace pregon::http {

namespace {

// GIF89a, 1x1, one transparent pixel.
constexpr unsigned char kPixelGif[] = {
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b};

// Apple's network: Mail Privacy Protection fetches from it.
const IpRanges& AppleNetwork() {
  static const IpRanges ranges = IpRanges::Parse("17.0.0.0/8").value();
  return ranges;
}

void NotForAnyone(HttpResponse& res) {
  res.SetHeader("Cache-Control", "no-store, no-cache, must-revalidate, private");
  res.SetHeader("Pragma", "no-cache");
  res.SetHeader("X-Robots-Tag", "noindex, nofollow");
  res.SetHeader("Referrer-Policy", "no-referrer");
}

std::optional<TrackingClaim> ClaimOf(Call& call, TrackingKind kind, std::string_view token) {
  const auto& signer = call.ctx.options.channel.tracking;
  auto claim = signer ? signer->Verify(token) : std::nullopt;
  if (!claim || claim->kind != kind) {
    NotForAnyone(call.res);
    call.Fail(ApiError::NotFound("no such link"));
    return std::nullopt;
  }
  return claim;
}

void Record(Call& call, const TrackingClaim& claim, HitKind kind) {
  if (!call.ctx.options.tracking_on) return;
  const std::string address = ClientAddress(call.req, call.ctx.options.trusted_proxies);
  const std::string agent = call.req.Header("User-Agent");  // HitRequest only views it
  const HitRequest request{kind, kind == HitKind::kClick && claim.link_id == 0, agent,
                           AppleNetwork().Contains(address)};
  // A HEAD fetches no page and shows no image: a link checker's, not a reader's.
  const HitVerdict verdict =
      call.req.method == "HEAD" ? HitVerdict::kScanner : JudgeRequest(request);
  call.ctx.hits.Add(TrackingHit{kind, claim.campaign_id, claim.delivery_id, claim.link_id, verdict,
                                call.ctx.clock.Now()});
}

void Open(Call& call) {
  std::string token = call.Param("token");
  constexpr std::string_view kGif = ".gif";
  if (token.size() > kGif.size() && token.ends_with(kGif)) token.resize(token.size() - 4);
  const auto claim = ClaimOf(call, TrackingKind::kOpen, token);
  if (!claim) return;
  Record(call, *claim, HitKind::kOpen);
  call.res.status = 200;
  NotForAnyone(call.res);
  call.res.SetContent(std::string(reinterpret_cast<const char*>(kPixelGif), sizeof kPixelGif),
                      "image/gif");
}

void Click(Call& call) {
  const auto claim = ClaimOf(call, TrackingKind::kClick, call.Param("token"));
  if (!claim) return;
  if (claim->link_id == 0) {
    Record(call, *claim, HitKind::kClick);
    call.res.status = 200;
    NotForAnyone(call.res);
    call.res.SetContent("<!doctype html><title>-</title>\n", "text/html; charset=utf-8");
    return;
  }
  auto target = call.ctx.links.Find(claim->campaign_id, claim->link_id);
  if (!target.ok()) return call.Fail(target.status());
  // The stored URL came from the campaign's HTML; one that could split a header is refused.
  if (!*target || HasControlByte(**target)) {
    NotForAnyone(call.res);
    return call.Fail(ApiError::NotFound("no such link"));
  }
  Record(call, *claim, HitKind::kClick);
  call.res.status = 302;
  NotForAnyone(call.res);
  call.res.SetHeader("Location", **target);
  call.res.SetContent("", "text/plain; charset=utf-8");
}

}  // namespace

void AddTrackingRoutes(Router& router) {
  router.Add({"GET", "/t/o/{token}", std::nullopt, Open});
  router.Add({"GET", "/t/c/{token}", std::nullopt, Click});
}

}  // namespace pregon::http
