// The links of an HTML e-mail body, found for tracking (DESIGN §1.4b): every <a href> — also
// inside comments, where Outlook's conditional blocks hold real buttons — with where its
// value sits in the text, so the value can be replaced, and the URL it means (character
// references such as &amp; decoded).
//
// A link is tracked when its URL is absolute http(s), holds no template tag ("{{" — each
// recipient's URL would differ, and the redirect only goes to URLs stored beforehand) and
// its tag does not carry `data-pregon-notrack`.
//
// A scanner, not a parser: it is enough for the <a> tags of e-mail HTML, and it never
// changes anything but the href values it is asked to.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pregon {

struct HtmlLink {
  size_t value_begin = 0;  // the href value: html.substr(value_begin, value_end - value_begin)
  size_t value_end = 0;
  std::string url;  // the value with character references decoded
  bool tracked = false;
};

std::vector<HtmlLink> FindLinks(std::string_view html);

// The distinct tracked URLs of `html` in order of first appearance: a campaign's link table
// (link id = position + 1).
std::vector<std::string> TrackedUrls(std::string_view html);

// Where an element may be inserted right after the opening <body ...> tag (0 when there is
// none) and right before the closing </body> (html.size() when there is none).
size_t BodyStart(std::string_view html);
size_t BodyEnd(std::string_view html);

}  // namespace pregon
