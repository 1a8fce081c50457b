#include "engine/message_tracking.h"

#include <utility>

#include "core/html_links.h"

namespace pregon {
namespace {

// Hidden from readers and from screen readers, first in the body: scanners follow it, people
// cannot.
constexpr const char* kHoneypot =
    "<a href=\"{}\" style=\"display:none!important;font-size:0;line-height:0\" "
    "aria-hidden=\"true\" tabindex=\"-1\"></a>";
constexpr const char* kPixel =
    "<img src=\"{}\" width=\"1\" height=\"1\" alt=\"\" "
    "style=\"display:block;border:0;width:1px;height:1px\">";
constexpr const char* kFooterHtml =
    "<p style=\"font-size:12px;color:#666666;text-align:center;margin:24px 0\">"
    "<a href=\"{}\" style=\"color:#666666\">Darse de baja · Unsubscribe</a></p>";
constexpr const char* kFooterText = "\n\n--\nDarse de baja / Unsubscribe: {}\n";

std::string Fill(const char* pattern, const std::string& url) {
  std::string out = pattern;
  out.replace(out.find("{}"), 2, url);  // URLs pregon made: nothing to escape
  return out;
}

}  // namespace

MessageTracking::MessageTracking(TrackingSettings settings, int64_t campaign_id, bool track,
                                 std::vector<std::string> link_urls, Medium medium)
    : settings_(std::move(settings)), campaign_id_(campaign_id), medium_(medium) {
  track_ = track && settings_.tracking_on && settings_.signer && !settings_.public_url.empty();
  for (size_t i = 0; i < link_urls.size(); ++i)
    link_ids_.emplace(std::move(link_urls[i]), static_cast<int64_t>(i + 1));
}

bool MessageTracking::active() const {
  if (medium_ == Medium::kTelegramHtml) return track_;
  return settings_.signer && (track_ || !settings_.unsubscribe_url.empty());
}

std::string MessageTracking::Url(TrackingKind kind, int64_t delivery_id, int64_t link_id) const {
  const std::string& base =
      kind == TrackingKind::kUnsubscribe ? settings_.unsubscribe_url : settings_.public_url;
  return settings_.signer->Url(base, {kind, campaign_id_, delivery_id, link_id});
}

std::string MessageTracking::RewriteLinks(const std::string& html, int64_t delivery_id) const {
  std::string out;
  out.reserve(html.size() + html.size() / 4);
  size_t copied = 0;
  for (const HtmlLink& link : FindLinks(html)) {
    if (!link.tracked) continue;
    const auto id = link_ids_.find(link.url);
    if (id == link_ids_.end()) continue;
    out.append(html, copied, link.value_begin - copied);
    out += Url(TrackingKind::kClick, delivery_id, id->second);
    copied = link.value_end;
  }
  out.append(html, copied, std::string::npos);
  return out;
}

void MessageTracking::Decorate(OutgoingMessage& m) const {
  if (!active() || m.campaign_id == 0 || m.delivery_id == 0) return;  // a test send
  if (medium_ == Medium::kTelegramHtml) {
    m.text = RewriteLinks(m.text, m.delivery_id);
    return;
  }
  const bool unsubscribe = !settings_.unsubscribe_url.empty();
  if (!m.html.empty()) {
    std::string html = track_ ? RewriteLinks(m.html, m.delivery_id) : m.html;
    std::string end;
    if (unsubscribe) end += Fill(kFooterHtml, Url(TrackingKind::kUnsubscribe, m.delivery_id, 0));
    if (track_) {
      end += Fill(kPixel, Url(TrackingKind::kOpen, m.delivery_id, 0));
      html.insert(BodyEnd(html), end);
      html.insert(BodyStart(html), Fill(kHoneypot, Url(TrackingKind::kClick, m.delivery_id, 0)));
    } else {
      html.insert(BodyEnd(html), end);
    }
    m.html = std::move(html);
  }
  if (unsubscribe && !m.text.empty())
    m.text += Fill(kFooterText, Url(TrackingKind::kUnsubscribe, m.delivery_id, 0));
}

}  // namespace pregon
