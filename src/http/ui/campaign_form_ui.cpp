// Creating and editing a campaign.
//   GET  /campaigns/new            the form (the sender and list to choose from, defaults)
//   POST /campaigns/new            created (→ its page), or the form again with the error at
//                                  its field — a template's with its line and column. A CSV
//                                  audience uploaded with it is imported into a new list
//                                  first, which the campaign then uses; the import's report
//                                  by line is shown with the campaign saved (or above the
//                                  form again, the new list chosen in it)
//   GET  /campaigns/{id}/edit      the same form with the campaign's values (draft or
//   POST /campaigns/{id}/edit      scheduled only; attachments stay as they are)
// Validation is the campaign use case's (app/campaign_service.h), as for the API and the CLI.
#include <charconv>
#include <functional>

#include "app/audience/contact_importer.h"
#include "app/campaign_service.h"
#include "http/call.h"
#include "http/ui/campaign_views.h"
#include "http/ui/line_report.h"
#include "http/ui/page.h"
#include "http/ui/texts.h"
#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

namespace {

constexpr size_t kMaxBodyField = 1 << 20;  // as the API: subject and bodies up to 1 MiB

// The form's values as text, by field name (what the user typed, shown again on an error).
using Values = std::map<std::string, std::string>;

struct FormError {
  std::string field;  // "" = about the whole form
  std::string message;
};

std::string QuotedLabel(Language lang, std::string_view field) {
  const std::string key = "field_" + std::string(field);
  return Texts(lang).contains(key) ? "“" + Text(lang, key) + "”" : std::string(field);
}
std::string EnglishFieldName(std::string_view field) {
  return QuotedLabel(Language::kEnglish, field);
}
std::string SpanishFieldName(std::string_view field) {
  return QuotedLabel(Language::kSpanish, field);
}

FormError ErrorOf(const Status& status, Language lang) {
  return {status.field(),
          status.MessageNaming(lang == Language::kSpanish ? SpanishFieldName : EnglishFieldName)};
}

Values ValuesOf(const CampaignSpec& spec, const CampaignSpecText& text) {
  return {{"name", spec.name},
          {"sender", spec.sender},
          {"list", spec.list},
          {"subject", spec.subject},
          {"text", spec.text},
          {"html", spec.html},
          {"reply_to", spec.reply_to},
          {"parse_mode", spec.parse_mode},
          {"template_id", spec.template_id},
          {"batch_size", std::to_string(spec.throttle.batch_size)},
          {"batch_pause", text.batch_pause},
          {"rate", spec.throttle.rate > 0 ? fmt::format("{:g}", spec.throttle.rate) : ""},
          {"max_attempts", std::to_string(spec.throttle.max_attempts)},
          {"guarantee", text.guarantee},
          {"tracking", text.tracking},
          {"window", text.window},
          {"time_zone", text.time_zone},
          {"scheduled_at", text.scheduled_at}};
}

class FormView {
 public:
  FormView(Page& page, const Values& values, const FormError& error)
      : page_(page), values_(values), error_(error) {}

  nlohmann::json Input(const char* name, const char* type = "text", bool required = false) {
    nlohmann::json f = Base(name, required);
    f["input"] = true;
    f["type"] = type;
    if (std::string_view(type) == "file") f["accept"] = ".csv,text/csv";
    const std::string placeholder = "placeholder_" + std::string(name);
    if (Texts(page_.lang()).contains(placeholder)) f["placeholder"] = page_.T(placeholder);
    return f;
  }
  nlohmann::json TextArea(const char* name, int rows) {
    nlohmann::json f = Base(name, false);
    f["textarea"] = true;
    f["rows"] = rows;
    return f;
  }
  nlohmann::json Select(const char* name, nlohmann::json options, bool required = false) {
    nlohmann::json f = Base(name, required);
    f["select"] = true;
    f["options"] = std::move(options);
    return f;
  }
  std::string Value(const char* name) const {
    auto it = values_.find(name);
    return it == values_.end() ? "" : it->second;
  }

 private:
  nlohmann::json Base(const char* name, bool required) {
    nlohmann::json f = {{"name", name},
                        {"label", page_.T("field_" + std::string(name))},
                        {"value", Value(name)},
                        {"required", required}};
    std::string describedby;
    if (error_.field == name) {
      f["error"] = error_.message;
      describedby = std::string("e-") + name;
    }
    const std::string hint = "hint_" + std::string(name);
    if (Texts(page_.lang()).contains(hint)) {
      f["hint"] = page_.T(hint);
      describedby += (describedby.empty() ? "" : " ") + std::string("h-") + name;
    }
    if (!describedby.empty()) f["describedby"] = describedby;
    return f;
  }

  Page& page_;
  const Values& values_;
  const FormError& error_;
};

// The form page, with `error` shown at its field (or above the form), and the report of an
// audience imported with it when there is one.
void ShowForm(Call& call, Page& page, const std::string& action_url, const std::string& title,
              const Values& values, const FormError& error, int status,
              const nlohmann::json& import_report = nullptr) {
  auto senders = call.ctx.store.ListSenders();
  if (!senders.ok()) return page.Error(senders.status());
  auto lists = call.ctx.store.ListListNames(0, 1000);  // counting members is slow for big lists
  if (!lists.ok()) return page.Error(lists.status());
  Choices sender_choices{{"", page.T("choose")}};
  for (const Sender& s : *senders)
    sender_choices.push_back({s.name, s.name + " (" + std::string(ChannelKindName(s.kind)) + ")"});
  Choices list_choices{{"", page.T("choose")}};
  for (const ContactList& l : *lists) list_choices.push_back({l.name, l.name});

  FormView v(page, values, error);
  nlohmann::json message = {
      v.Input("name", "text", true),
      v.Select("sender", SelectOptions(sender_choices, v.Value("sender")), true),
      v.Select("list", SelectOptions(list_choices, v.Value("list"))),
      v.Input("audience", "file"),
      v.Input("upload_list"),
      v.Input("subject"),
      v.TextArea("text", 6),
      v.TextArea("html", 8),
      v.Input("reply_to", "email"),
      v.Select("parse_mode", SelectOptions({{"", page.T("parse_mode_plain")},
                                            {"HTML", "HTML"},
                                            {"MarkdownV2", "MarkdownV2"},
                                            {"Markdown", "Markdown"}},
                                           v.Value("parse_mode"))),
      v.Input("template_id")};
  nlohmann::json sending = {
      v.Input("batch_size", "number", true),
      v.Input("batch_pause"),
      v.Input("rate", "number"),
      v.Input("max_attempts", "number", true),
      v.Select("guarantee", SelectOptions({{"at_most_once", page.T("guarantee_at_most_once")},
                                           {"at_least_once", page.T("guarantee_at_least_once")}},
                                          v.Value("guarantee"))),
      v.Select("tracking", SelectOptions({{"pregon", page.T("tracking_pregon")},
                                          {"provider", page.T("tracking_provider")},
                                          {"off", page.T("tracking_off")}},
                                         v.Value("tracking"))),
      v.Input("window"),
      v.Input("time_zone"),
      v.Input("scheduled_at")};
  nlohmann::json data = {
      {"nav_campaigns", true},
      {"action_url", action_url},
      {"submit_label", page.T(action_url == "/campaigns/new" ? "form_create" : "form_save")},
      {"back",
       action_url == "/campaigns/new" ? "/campaigns" : action_url.substr(0, action_url.size() - 5)},
      {"groups",
       {{{"legend", page.T("form_message")}, {"fields", message}},
        {{"legend", page.T("form_sending")}, {"fields", sending}}}},
      {"import_report", import_report}};
  // An error about no field of the form is said above it.
  if (!error.message.empty() && (error.field.empty() || !values.count(error.field)))
    data["error"] = error.message;
  page.Show("campaign_form", std::move(data), title, status);
}

// The submitted form as a spec (onto `spec`, which holds the defaults or the campaign being
// edited); a number that is not one is an error at its field.
std::optional<FormError> ReadForm(const Page& page, CampaignSpec* spec, CampaignSpecText* text,
                                  Values* values) {
  for (const char* name :
       {"name", "sender", "list", "upload_list", "subject", "text", "html", "reply_to",
        "parse_mode", "template_id", "batch_size", "batch_pause", "rate", "max_attempts",
        "guarantee", "tracking", "window", "time_zone", "scheduled_at"})
    (*values)[name] = page.Field(name);
  const Values& v = *values;
  for (const char* name : {"subject", "text", "html"})
    if (v.at(name).size() > kMaxBodyField)
      return FormError{name, QuotedLabel(page.lang(), name) + ": 1 MiB at most"};
  spec->name = v.at("name");
  spec->sender = v.at("sender");
  spec->list = v.at("list");
  spec->subject = v.at("subject");
  spec->text = v.at("text");
  spec->html = v.at("html");
  spec->reply_to = v.at("reply_to");
  spec->parse_mode = v.at("parse_mode");
  spec->template_id = v.at("template_id");
  auto whole = [&](const char* name, int* out) -> std::optional<FormError> {
    const auto n = NumberOf<int>(v.at(name));
    if (!n)
      return FormError{
          name, FormatText(page.lang(), "error_whole_number", QuotedLabel(page.lang(), name))};
    *out = *n;
    return std::nullopt;
  };
  if (auto e = whole("batch_size", &spec->throttle.batch_size)) return e;
  if (auto e = whole("max_attempts", &spec->throttle.max_attempts)) return e;
  spec->throttle.rate = 0;
  if (const std::string& rate = v.at("rate"); !rate.empty()) {
    const auto n = NumberOf<double>(rate);
    if (!n)
      return FormError{"rate",
                       FormatText(page.lang(), "error_number", QuotedLabel(page.lang(), "rate"))};
    spec->throttle.rate = *n;
  }
  text->batch_pause = v.at("batch_pause").empty() ? "0s" : v.at("batch_pause");
  text->guarantee = v.at("guarantee");
  text->tracking = v.at("tracking");
  text->window = v.at("window");
  text->time_zone = v.at("time_zone");
  text->scheduled_at = v.at("scheduled_at");
  // A browser's date-time field leaves the seconds out: "2026-12-24T09:00".
  if (text->scheduled_at.size() == 16) text->scheduled_at += ":00";
  return std::nullopt;
}

void NewForm(Call& call) {
  Page page(call);
  CampaignSpec spec;
  ShowForm(call, page, "/campaigns/new", page.T("new_campaign"), ValuesOf(spec, CampaignSpecText{}),
           {}, 200);
}

// What became of the CSV audience uploaded with the form.
struct AudienceUpload {
  std::optional<FormError> error;      // refused, at the field it is about
  Status failure;                      // the store failed: answered as such
  std::optional<ImportReport> report;  // imported; the spec and the form name its list
};

// Imports the CSV audience uploaded with the form, if any, into a new list (the one named in
// upload_list, else the campaign's name), which `spec` and the form then name.
AudienceUpload ImportAudience(Call& call, const Page& page, CampaignSpec* spec, Values* values) {
  const FormPart* file = call.req.Part("audience");
  if (!file || file->content.empty()) return {};
  if (!values->at("list").empty())
    return {.error = FormError{"audience", page.T("error_list_or_upload")}};
  const std::string list =
      (values->at("upload_list").empty() ? spec->name : values->at("upload_list"))
          .substr(0, kMaxListName);
  if (list.empty()) return {.error = FormError{"upload_list", page.T("contacts_import_no_list")}};
  auto report = ContactImporter(call.ctx.store, call.ctx.clock).ImportContent(file->content, list);
  if (!report.ok()) {
    AudienceUpload refused{.error = FormError{"audience", std::string(report.status().message())}};
    if (report.status().code() != StatusCode::kInvalidArgument) refused.failure = report.status();
    return refused;
  }
  spec->list = list;
  (*values)["list"] = list;
  (*values)["upload_list"] = "";
  return {.report = std::move(report).value()};
}

// The page of a campaign saved with an audience imported for it: the import's report by
// line, then the way to the campaign.
void ShowSavedWithImport(Page& page, int64_t id, const ImportReport& imported) {
  page.Show("campaign_saved",
            {{"nav_campaigns", true},
             {"saved", FormatText(page.lang(), "campaign_saved_with_import", imported.list)},
             {"import_report", ContactImportView(imported, page.lang())},
             {"campaign_url", fmt::format("/campaigns/{}", id)}},
            page.T("notice_saved"));
}

// Reads the form onto `spec` (the defaults, or the campaign being edited) and saves it with
// `save`, which returns the campaign's id; then its page, or the form again with the error at
// its field.
void SaveForm(Call& call, Page& page, const std::string& action_url, const std::string& title,
              CampaignSpec spec, const std::function<Result<int64_t>(const CampaignSpec&)>& save) {
  CampaignSpecText text;
  Values values;
  auto error = ReadForm(page, &spec, &text, &values);
  Status st;
  if (!error) st = ResolveSpecText(text, &spec);
  AudienceUpload upload;
  if (!error && st.ok()) {
    upload = ImportAudience(call, page, &spec, &values);
    if (!upload.failure.ok()) return page.Error(upload.failure);
    error = upload.error;
  }
  if (!error && st.ok()) {
    auto id = save(spec);
    if (id.ok() && upload.report) return ShowSavedWithImport(page, *id, *upload.report);
    if (id.ok()) return page.Redirect(fmt::format("/campaigns/{}?done=saved", *id));
    st = id.status();
  }
  if (!error) {
    if (st.code() == StatusCode::kFailedPrecondition)  // sent meanwhile
      return page.Error(409, page.T("error_not_editable"));
    if (st.code() != StatusCode::kInvalidArgument && st.code() != StatusCode::kAlreadyExists)
      return page.Error(st);
    error = ErrorOf(st, page.lang());
  }
  ShowForm(
      call, page, action_url, title, values, *error, 422,
      upload.report ? ContactImportView(*upload.report, page.lang()) : nlohmann::json(nullptr));
}

void Create(Call& call) {
  Page page(call);
  CampaignService service(call.ctx.store, call.ctx.clock);
  SaveForm(call, page, "/campaigns/new", page.T("new_campaign"), CampaignSpec{},
           [&](const CampaignSpec& spec) { return service.Create(spec); });
}

// The campaign of the path as its spec, when it can still be edited; nullopt after answering.
std::optional<CampaignSpec> EditableSpec(Call& call, Page& page, int64_t* id) {
  const auto c = CampaignOfPath(call, page);
  if (!c) return std::nullopt;
  *id = c->id;
  if (c->status != CampaignStatus::kDraft && c->status != CampaignStatus::kScheduled) {
    page.Error(409, page.T("error_not_editable"));
    return std::nullopt;
  }
  auto spec = CampaignService(call.ctx.store, call.ctx.clock).SpecOf(c->id);
  if (!spec.ok()) {
    page.Error(spec.status());
    return std::nullopt;
  }
  return std::move(spec).value();
}

void EditForm(Call& call) {
  Page page(call);
  int64_t id = 0;
  const auto spec = EditableSpec(call, page, &id);
  if (!spec) return;
  ShowForm(call, page, fmt::format("/campaigns/{}/edit", id), spec->name,
           ValuesOf(*spec, SpecTextOf(*spec)), {}, 200);
}

void Update(Call& call) {
  Page page(call);
  int64_t id = 0;
  auto spec = EditableSpec(call, page, &id);
  if (!spec) return;
  CampaignService service(call.ctx.store, call.ctx.clock);
  SaveForm(call, page, fmt::format("/campaigns/{}/edit", id), spec->name, *spec,
           [&](const CampaignSpec& edited) -> Result<int64_t> {
             PREGON_RETURN_IF_ERROR(service.Update(id, edited, /*replace_attachments=*/false));
             return id;
           });
}

}  // namespace

void AddCampaignFormRoutes(Router& router) {
  router.Add(PageRoute("GET", "/campaigns/new", Permission::kWriteCampaigns, NewForm));
  // Three bodies of up to 1 MiB each (ReadForm holds them to it), and a CSV audience: the
  // server's largest body, spooled to disk as it arrives.
  Route create = PageRoute("POST", "/campaigns/new", Permission::kWriteCampaigns, Create);
  create.max_body = kLargeBody;
  router.Add(create);
  router.Add(PageRoute("GET", "/campaigns/{id}/edit", Permission::kWriteCampaigns, EditForm));
  Route update = PageRoute("POST", "/campaigns/{id}/edit", Permission::kWriteCampaigns, Update);
  update.max_body = kLargeBody;
  router.Add(update);
}

}  // namespace pregon::http::ui
