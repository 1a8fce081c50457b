// MessageTracking: what pregon adds to a campaign's e-mails so that its own
// public endpoints
// (`pregon serve`, DESIGN §1.4b) can answer them — at send time, for each delivery:
//   - every tracked link of the HTML (core/html_links.h) rewritten to {public}/t/c/{token},
//     the token signed over campaign, delivery and link id (the link's URL is in the
//     campaign's stored link table, never in the token);
//   - a hidden honeypot link (link id 0) right after <body>: no person sees it, so whoever
//     follows it is a scanner;
//   - the open pixel, {public}/t/o/{token}.gif, before </body> — automatically, so tracking
//     is never silently off for a forgotten template tag;
//   - a footer with the one-click unsubscribe page, {unsubscribe}/u/{token}, in the HTML and
//     the text body — whether or not opens and clicks are tracked.
// Links whose URL is not in the table (a template tag in the href made it per recipient) are
// left as they are. Telegram messages in HTML parse mode get their <a href> links rewritten the
// same way, and nothing else (a chat has no pixel, no hidden link, and its own way to leave).
//
// Thread-safety: immutable after construction; Decorate is safe from any thread.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "channels/channel.h"
#include "core/tracking_token.h"

namespace pregon {

// The deployment's tracking settings (PREGON_PUBLIC_URL, PREGON_UNSUBSCRIBE_BASE_URL,
// PREGON_TRACKING, PREGON_SECRET_KEY).
struct TrackingSettings {
  std::shared_ptr<const TrackingSigner> signer;  // null: nothing is added
  std::string public_url;       // base of /t/o and /t/c; "" = no open or click tracking
  std::string unsubscribe_url;  // base of /u; "" = no unsubscribe footer
  bool tracking_on = true;      // false: PREGON_TRACKING=off for the whole deployment
};

class MessageTracking {
 public:
  // `link_urls` is the campaign's link table (link id = position + 1); `track` whether this
  // campaign's opens and clicks are pregon's to track.
  enum class Medium { kEmail, kTelegramHtml };
  MessageTracking(TrackingSettings settings, int64_t campaign_id, bool track,
                  std::vector<std::string> link_urls, Medium medium = Medium::kEmail);

  // Whether there is anything to add at all.
  bool active() const;
  void Decorate(OutgoingMessage& message) const;

 private:
  std::string Url(TrackingKind kind, int64_t delivery_id, int64_t link_id) const;
  std::string RewriteLinks(const std::string& html, int64_t delivery_id) const;

  TrackingSettings settings_;
  int64_t campaign_id_;
  bool track_;
  Medium medium_;
  std::unordered_map<std::string, int64_t> link_ids_;
};

}  // namespace pregon
