#include "core/html_links.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/text.h"

namespace pregon {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool StartsWithNoCase(std::string_view s, size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[at + i])) != prefix[i]) return false;
  return true;
}

// The few character references hrefs carry in practice; others are left as written.
std::string DecodeReferences(std::string_view v) {
  static constexpr std::pair<std::string_view, char> kRefs[] = {
      {"&amp;", '&'},  {"&#38;", '&'}, {"&#x26;", '&'}, {"&quot;", '"'},
      {"&#39;", '\''}, {"&lt;", '<'},  {"&gt;", '>'}};
  std::string out;
  for (size_t i = 0; i < v.size();) {
    bool replaced = false;
    if (v[i] == '&') {
      for (const auto& [ref, c] : kRefs) {
        if (StartsWithNoCase(v, i, ref)) {
          out += c;
          i += ref.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += v[i++];
  }
  return out;
}

bool Trackable(std::string_view url) {
  const std::string lower = AsciiLower(url.substr(0, 8));
  const bool web = lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
  return web && url.find("{{") == std::string_view::npos;
}

struct Attribute {
  std::string_view name;
  size_t value_begin = 0, value_end = 0;
};

// Reads the attributes of the tag whose name ends at `i`, up to its '>'; returns the
// position after it.
size_t ReadAttributes(std::string_view html, size_t i, std::vector<Attribute>& out) {
  while (i < html.size() && html[i] != '>') {
    if (IsSpace(html[i]) || html[i] == '/') {
      ++i;
      continue;
    }
    const size_t name_begin = i;
    while (i < html.size() && !IsSpace(html[i]) && html[i] != '=' && html[i] != '>') ++i;
    Attribute a{html.substr(name_begin, i - name_begin)};
    while (i < html.size() && IsSpace(html[i])) ++i;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && IsSpace(html[i])) ++i;
      if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        const char quote = html[i++];
        a.value_begin = i;
        while (i < html.size() && html[i] != quote) ++i;
        a.value_end = i;
        if (i < html.size()) ++i;
      } else {
        a.value_begin = i;
        while (i < html.size() && !IsSpace(html[i]) && html[i] != '>') ++i;
        a.value_end = i;
      }
    }
    out.push_back(a);
  }
  return i;
}

}  // namespace

std::vector<HtmlLink> FindLinks(std::string_view html) {
  std::vector<HtmlLink> links;
  std::vector<Attribute> attributes;
  for (size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i)) {
    ++i;
    if (!StartsWithNoCase(html, i, "a") || i + 1 >= html.size() ||
        !(IsSpace(html[i + 1]) || html[i + 1] == '>'))
      continue;
    attributes.clear();
    i = ReadAttributes(html, i + 1, attributes);
    const auto is = [](std::string_view name, std::string_view want) {
      return AsciiLower(name) == want;
    };
    const auto href = std::find_if(attributes.begin(), attributes.end(),
                                   [&](const Attribute& a) { return is(a.name, "href"); });
    if (href == attributes.end()) continue;
    const bool opted_out = std::any_of(attributes.begin(), attributes.end(),
                                       [&](auto& a) { return is(a.name, "data-pregon-notrack"); });
    HtmlLink link;
    link.value_begin = href->value_begin;
    link.value_end = href->value_end;
    link.url = DecodeReferences(
        TrimSpaceTab(html.substr(href->value_begin, href->value_end - href->value_begin)));
    link.tracked = !opted_out && Trackable(link.url);
    links.push_back(std::move(link));
  }
  return links;
}

std::vector<std::string> TrackedUrls(std::string_view html) {
  std::vector<std::string> urls;
  std::set<std::string> seen;
  for (HtmlLink& link : FindLinks(html))
    if (link.tracked && seen.insert(link.url).second) urls.push_back(std::move(link.url));
  return urls;
}

size_t BodyStart(std::string_view html) {
  const std::string lower = AsciiLower(html);
  for (size_t at = lower.find("<body"); at != std::string::npos; at = lower.find("<body", at + 1)) {
    const size_t next = at + 5;
    if (next < lower.size() && (IsSpace(lower[next]) || lower[next] == '>')) {
      const size_t close = lower.find('>', next);
      return close == std::string::npos ? html.size() : close + 1;
    }
  }
  return 0;
}

size_t BodyEnd(std::string_view html) {
  const size_t at = AsciiLower(html).rfind("</body");
  return at == std::string::npos ? html.size() : at;
}

}  // namespace pregon
