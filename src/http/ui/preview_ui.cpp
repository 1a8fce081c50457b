// A campaign rendered for one contact, and a test send.
//   GET  /campaigns/{id}/preview?contact=E   subject, text and HTML as that contact would get
//                                            them (the list's first contact when none is
//                                            named); HTML in a sandboxed frame that runs no
//                                            script and loads nothing from elsewhere
//   GET  /campaigns/{id}/preview/html?contact=E   that frame: the HTML alone, under a policy of
//                                            its own (inline styles and data: images allowed,
//                                            as e-mail needs; scripts, forms and remote loads not)
//   POST /campaigns/{id}/test                to, contact: sends the message once to `to`
//                                            through the campaign's sender (the counters do
//                                            not change; the event log says so), then back
//                                            to the preview saying how it went
#include "app/campaign_service.h"
#include "app/json_views.h"
#include "core/url.h"
#include "http/call.h"
#include "http/ui/campaign_views.h"
#include "http/ui/page.h"
#include "http/ui/texts.h"
#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

namespace {

// The API's preview (app/json_views.h), with the template variables as readable text.
nlohmann::json MessageView(const RenderedMessage& r) {
  nlohmann::json j = PreviewJson(r);
  j["model"] = j["model"].is_null() ? nlohmann::json(nullptr) : nlohmann::json(j["model"].dump(2));
  return j;
}

// The address of the first contact of the campaign's list, or "".
std::string FirstContact(Store& store, const Campaign& c) {
  ContactQuery q;
  q.list_id = c.list_id;
  q.limit = 1;
  auto found = store.ListContacts(q);
  if (!found.ok() || found->empty()) return "";
  return found->front().email.empty() ? found->front().chat_id : found->front().email;
}

void ShowPreview(Call& call, Page& page, const Campaign& c, std::string contact,
                 const std::string& to, nlohmann::json notice, const std::string& test_error,
                 int status) {
  const int64_t id = c.id;
  if (contact.empty()) contact = FirstContact(call.ctx.store, c);
  nlohmann::json data = {{"nav_campaigns", true},
                         {"id", id},
                         {"contact", contact},
                         {"test_to", to},
                         {"notice", notice}};
  if (!test_error.empty()) data["error"] = test_error;
  if (!contact.empty()) {
    auto rendered = CampaignService(call.ctx.store, call.ctx.clock).Preview(id, contact);
    if (rendered.ok()) {
      data["message"] = MessageView(*rendered);
      data["message"]["html_url"] =
          fmt::format("/campaigns/{}/preview/html?contact={}", id, PercentEncode(contact));
    } else if (rendered.status().code() == StatusCode::kNotFound ||
               rendered.status().code() == StatusCode::kFailedPrecondition) {
      if (test_error.empty()) data["error"] = rendered.status().message();
    } else {
      return page.Error(rendered.status());
    }
  }
  page.Show("preview", std::move(data), FormatText(page.lang(), "preview_title", c.name), status);
}

// The policy of the preview frame's document. `sandbox` makes it a unique origin however it
// is opened; frame-ancestors lets only this site frame it.
constexpr const char* kPreviewPolicy =
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "frame-ancestors 'self'";

void PreviewHtml(Call& call) {
  Page page(call);
  const auto c = CampaignOfPath(call, page);
  if (!c) return;
  auto rendered = CampaignService(call.ctx.store, call.ctx.clock)
                      .Preview(c->id, call.Query("contact").substr(0, 320));
  if (!rendered.ok()) return page.Error(rendered.status());
  call.res.status = 200;
  call.res.SetContent(rendered->message.html, "text/html; charset=utf-8");
  call.res.SetHeader("Content-Security-Policy", kPreviewPolicy);
  call.res.SetHeader("X-Frame-Options", "SAMEORIGIN");
  call.res.SetHeader("Referrer-Policy", "no-referrer");
}

void Preview(Call& call) {
  Page page(call);
  const auto c = CampaignOfPath(call, page);
  if (!c) return;
  const std::string contact = call.Query("contact").substr(0, 320);
  const std::string tested = call.Query("tested").substr(0, 320);
  ShowPreview(call, page, *c, contact, tested,
              tested.empty() ? nlohmann::json(nullptr)
                             : nlohmann::json(FormatText(page.lang(), "test_sent", tested)),
              "", 200);
}

void TestSend(Call& call) {
  Page page(call);
  const auto c = CampaignOfPath(call, page);
  if (!c) return;
  const std::string to = page.Field("to").substr(0, 320);
  const std::string contact = page.Field("contact").substr(0, 320);
  auto r =
      CampaignService(call.ctx.store, call.ctx.clock).TestSend(c->id, to, call.ctx.options.channel);
  std::string error;
  if (!r.ok()) {
    if (r.status().code() == StatusCode::kInternal) return page.Error(r.status());
    error = r.status().message();
  } else if (r->outcome != SendOutcome::kSent) {
    error = FormatText(page.lang(), "test_not_sent", to, r->error);
  }
  if (error.empty())
    return page.Redirect(fmt::format("/campaigns/{}/preview?contact={}&tested={}", c->id,
                                     PercentEncode(contact), PercentEncode(to)));
  ShowPreview(call, page, *c, contact, to, nullptr, error, 422);
}

}  // namespace

void AddPreviewRoutes(Router& router) {
  router.Add(PageRoute("GET", "/campaigns/{id}/preview", Permission::kRead, Preview,
                       {"contact", "tested"}));
  router.Add(PageRoute("GET", "/campaigns/{id}/preview/html", Permission::kRead, PreviewHtml,
                       {"contact"}));
  router.Add(PageRoute("POST", "/campaigns/{id}/test", Permission::kWriteCampaigns, TestSend));
}

}  // namespace pregon::http::ui
