#include "engine/message_renderer.h"

#include <mstch/mstch.hpp>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

namespace pregon {

namespace {

void DisableMstchEscaping() {
  // mstch escapes through one process-wide hook; pregon escapes values itself (HTML body
  // only), so the hook becomes the identity once, before any render.
  static std::once_flag once;
  std::call_once(once, [] { mstch::config::escape = [](const std::string& s) { return s; }; });
}

using Escape = std::string (*)(std::string_view);

std::string Verbatim(std::string_view v) { return std::string(v); }
std::string HtmlValue(std::string_view v) { return HtmlEscape(v); }

// Telegram's MarkdownV2 takes any of these literally only behind a backslash.
std::string MarkdownV2Escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (std::string_view("_*[]()~`>#+-=|{}.!\\").find(c) != std::string_view::npos)
      out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// Telegram's legacy Markdown: only _ * ` [ are special.
std::string MarkdownEscape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (std::string_view("_*`[").find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// How values are escaped in the text body: as the Telegram parse mode reads it, so that a
// contact named "<Ana>" or "ana_b" neither breaks the message nor formats it.
Escape TextEscapeFor(std::string_view parse_mode) {
  if (parse_mode == "HTML") return HtmlValue;
  if (parse_mode == "MarkdownV2") return MarkdownV2Escape;
  if (parse_mode == "Markdown") return MarkdownEscape;
  return Verbatim;
}

mstch::map BuildContext(const DeliveryTask& task, Escape escape) {
  auto value = [escape](const std::string& v) -> mstch::node { return escape(v); };
  mstch::map ctx;
  auto fields = nlohmann::json::parse(task.fields_json, nullptr, /*allow_exceptions=*/false);
  if (fields.is_object()) {
    for (const auto& [k, v] : fields.items())
      ctx[k] = value(v.is_string() ? v.get<std::string>() : v.dump());
  }
  ctx["name"] = value(task.name);
  ctx["email"] = value(task.address);
  ctx["address"] = value(task.address);
  return ctx;
}

// The relay template's per-recipient model: the contact's fields plus the built-in ones.
std::string TemplateModel(const DeliveryTask& task) {
  auto model = nlohmann::json::parse(task.fields_json, nullptr, /*allow_exceptions=*/false);
  if (!model.is_object()) model = nlohmann::json::object();
  model["name"] = task.name;
  model["email"] = task.address;
  model["address"] = task.address;
  return model.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string HtmlEscape(std::string_view in) {
  std::string out;
  out.reserve(in.size() + in.size() / 8);
  for (char c : in) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

MessageRenderer::MessageRenderer(const Campaign& c, std::shared_ptr<const MessageTracking> tracking)
    : subject_{c.subject, c.subject.find("{{") != std::string::npos},
      text_{c.text_body, c.text_body.find("{{") != std::string::npos},
      html_{c.html_body, c.html_body.find("{{") != std::string::npos},
      campaign_id_(c.id),
      reply_to_(c.reply_to),
      parse_mode_(c.parse_mode),
      template_id_(c.template_id),
      tracking_(std::move(tracking)) {
  if (!c.attachments.empty())
    attachments_ = std::make_shared<const std::vector<Attachment>>(c.attachments);
  DisableMstchEscaping();
}

OutgoingMessage MessageRenderer::Render(const DeliveryTask& task) const {
  OutgoingMessage m;
  m.campaign_id = campaign_id_;
  m.delivery_id = task.delivery_id;
  m.to = task.address;
  m.to_name = task.name;
  m.reply_to = reply_to_;
  m.idempotency_key =
      "pregon-" + std::to_string(campaign_id_) + "-" + std::to_string(task.delivery_id);
  m.parse_mode = parse_mode_;
  m.attachments = attachments_;
  if (!template_id_.empty()) {
    m.template_id = template_id_;
    m.template_model_json = TemplateModel(task);
    return m;
  }
  // Contexts are built only when a template needs them, and shared when the escaping is.
  std::optional<mstch::map> plain;
  const auto plain_context = [&]() -> const mstch::map& {
    if (!plain) plain = BuildContext(task, Verbatim);
    return *plain;
  };
  const Escape text_escape = TextEscapeFor(parse_mode_);
  m.subject = subject_.has_tags ? mstch::render(subject_.text, plain_context()) : subject_.text;
  if (!text_.has_tags) {
    m.text = text_.text;
  } else if (text_escape == Verbatim) {
    m.text = mstch::render(text_.text, plain_context());
  } else {
    m.text = mstch::render(text_.text, BuildContext(task, text_escape));
  }
  m.html = html_.has_tags ? mstch::render(html_.text, BuildContext(task, HtmlValue)) : html_.text;
  if (tracking_) tracking_->Decorate(m);
  return m;
}

}  // namespace pregon
