// Contacts and lists, as `pregon contacts import|list` and /api/v1/lists, /api/v1/contacts:
//   GET  /lists?after=&q=        the lists with their sizes, 50 a page; a contact looked up by
//                                e-mail or chat id (q)
//   POST /lists/import           file (CSV), list (new or existing): the import's counts and
//                                every row skipped, by line — the good rows are kept
//   GET  /lists/{id}?after=      a list's fields and its contacts, 100 a page
// Importing needs write_audience; the rest, read.
#include <fmt/format.h>

#include <set>

#include "app/audience/contact_importer.h"
#include "app/json_views.h"
#include "core/url.h"
#include "http/call.h"
#include "http/ui/campaign_views.h"
#include "http/ui/line_report.h"
#include "http/ui/page.h"
#include "http/ui/texts.h"
#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

namespace {

constexpr int kListsPage = 50;
constexpr int kContactsPage = 100;
constexpr size_t kMaxLookup = 320;

// A contact's free fields as "Ciudad: Lima · Nota: …" (one line for a table cell).
std::string FieldsText(const Contact& c) {
  const nlohmann::json fields = ContactFields(c);
  std::string out;
  for (const auto& [key, value] : fields.items()) {
    if (!out.empty()) out += " · ";
    out += key + ": " + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return out;
}

nlohmann::json ContactView(const Contact& c) {
  return {{"id", c.id},
          {"address", c.email.empty() ? c.chat_id : c.email},
          {"name", c.name},
          {"fields", FieldsText(c)}};
}

// The contact `q` names, for the lookup: its view, or a note that there is none.
nlohmann::json Lookup(Call& call, Page& page, const std::string& q) {
  if (q.empty()) return nullptr;
  auto found = call.ctx.store.FindContact(q);
  if (found.ok()) return {{"contact", ContactView(*found)}};
  if (found.status().code() != StatusCode::kNotFound) return {{"error", page.T("error_internal")}};
  return {{"error", FormatText(page.lang(), "contact_not_found", q)}};
}

// The lists page; `extra` adds an import's report or its error.
void ShowLists(Call& call, Page& page, nlohmann::json extra, int status) {
  int64_t after = 0;
  if (!PagePosition(call, page, "after", &after)) return;
  auto lists = call.ctx.store.ListLists(after, kListsPage + 1);
  if (!lists.ok()) return page.Error(lists.status());
  const bool more = TrimToPage(*lists, kListsPage);
  nlohmann::json rows = nlohmann::json::array(), names = nlohmann::json::array();
  for (const ContactList& l : *lists) {
    rows.push_back(
        {{"id", l.id}, {"name", l.name}, {"members", FormatCount(l.members, page.lang())}});
    names.push_back(l.name);
  }
  const std::string q = call.Query("q").substr(0, kMaxLookup);
  nlohmann::json data = {{"nav_lists", true},
                         {"has_rows", !rows.empty()},
                         {"rows", rows},
                         {"list_names", names},
                         {"q", q},
                         {"lookup", Lookup(call, page, q)}};
  data.update(
      PagingUrls("/lists", !after, "after", NextCursor(more, [&] { return lists->back().id; })));
  data.update(extra);
  page.Show("lists", std::move(data), page.T("nav_lists"), status);
}

void ListLists(Call& call) {
  Page page(call);
  ShowLists(call, page, nlohmann::json::object(), 200);
}

void ImportContacts(Call& call) {
  Page page(call);
  const FormPart* file = call.req.Part("file");
  const std::string list = page.Field("list").substr(0, kMaxListName);
  const Language lang = page.lang();
  auto refuse = [&](const std::string& why) {
    ShowLists(call, page, {{"import_error", why}, {"import_list", list}}, 422);
  };
  if (list.empty()) return refuse(page.T("contacts_import_no_list"));
  if (!file || file->content.empty()) return refuse(page.T("import_no_file"));
  auto report = ContactImporter(call.ctx.store, call.ctx.clock).ImportContent(file->content, list);
  if (!report.ok()) {
    if (report.status().code() != StatusCode::kInvalidArgument) return page.Error(report.status());
    return refuse(std::string(report.status().message()));
  }
  auto stored = call.ctx.store.FindList(list);
  nlohmann::json view = ContactImportView(*report, lang);
  if (stored.ok()) view["list_url"] = fmt::format("/lists/{}", stored->id);
  ShowLists(call, page, {{"import_report", view}}, 200);
}

void ShowList(Call& call) {
  Page page(call);
  const auto list = OfPath<ContactList>(call, page, "list_not_found",
                                        [&](int64_t id) { return call.ctx.store.GetList(id); });
  if (!list) return;
  ContactQuery q;
  q.list_id = list->id;
  if (!PagePosition(call, page, "after", &q.after_id)) return;
  q.limit = kContactsPage + 1;
  auto contacts = call.ctx.store.ListContacts(q);
  if (!contacts.ok()) return page.Error(contacts.status());
  const bool more = TrimToPage(*contacts, kContactsPage);
  nlohmann::json rows = nlohmann::json::array();
  // The fields of the contacts shown: every member's would mean reading the whole list
  // (600 ms for a million), and an import gives its rows the same columns anyway.
  std::set<std::string> fields;
  for (const Contact& c : *contacts) {
    rows.push_back(ContactView(c));
    const nlohmann::json own = ContactFields(c);
    for (const auto& [key, value] : own.items()) fields.insert(key);
  }
  std::string field_names;
  for (const std::string& f : fields) field_names += (field_names.empty() ? "" : ", ") + f;
  const std::string base = fmt::format("/lists/{}", list->id);
  nlohmann::json data = {{"nav_lists", true},
                         {"members", FormatCount(list->members, page.lang())},
                         {"field_names", field_names},
                         {"has_rows", !rows.empty()},
                         {"rows", rows}};
  data.update(PagingUrls(base, !q.after_id, "after",
                         NextCursor(more, [&] { return contacts->back().id; })));
  page.Show("list", std::move(data), FormatText(page.lang(), "list_title", list->name));
}

}  // namespace

void AddListPageRoutes(Router& router) {
  router.Add(PageRoute("GET", "/lists", Permission::kRead, ListLists, {"after", "q"}));
  Route import = PageRoute("POST", "/lists/import", Permission::kWriteAudience, ImportContacts);
  import.max_body = kLargeBody;  // a CSV upload, spooled to disk as it arrives
  import.spool_body = true;
  router.Add(import);
  router.Add(PageRoute("GET", "/lists/{id}", Permission::kRead, ShowList, {"after"}));
}

}  // namespace pregon::http::ui
