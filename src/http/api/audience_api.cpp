// /api/v1/lists, /api/v1/contacts and POST /api/v1/contacts/import (a CSV upload, validated
// and reported exactly as `pregon contacts import` does).
#include "app/audience/contact_importer.h"
#include "app/json_views.h"
#include "http/api/routes.h"
#include "http/call.h"
#include "http/cursor.h"

namespace pregon::http {

namespace {

constexpr int kDefaultAudiencePage = 50, kMaxAudiencePage = 500;

void ListLists(Call& call) {
  int limit = 0;
  int64_t after = 0;
  if (!call.Limit(&limit, kDefaultAudiencePage, kMaxAudiencePage) ||
      !call.CursorId("lists", &after))
    return;
  auto lists = call.ctx.store.ListLists(after, limit + 1);
  if (!lists.ok()) return call.Fail(lists.status());
  call.Reply(200, PageOf(*lists, limit, ListJson,
                         [](const ContactList& l) { return EncodeIdCursor("lists", l.id); }));
}

void GetList(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "list")) return;
  auto list = call.ctx.store.GetList(id);
  if (!list.ok()) return call.Fail(list.status());
  call.Reply(200, ListJson(*list));
}

void ListContacts(Call& call) {
  ContactQuery q;
  if (!call.Limit(&q.limit, kDefaultAudiencePage, kMaxAudiencePage) ||
      !call.CursorId("contacts", &q.after_id) || !call.QueryId("list_id", &q.list_id))
    return;
  const int limit = q.limit;
  q.limit = limit + 1;
  auto contacts = call.ctx.store.ListContacts(q);
  if (!contacts.ok()) return call.Fail(contacts.status());
  call.Reply(200, PageOf(*contacts, limit, ContactJson,
                         [](const Contact& c) { return EncodeIdCursor("contacts", c.id); }));
}

void GetContact(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "contact")) return;
  auto contact = call.ctx.store.GetContact(id);
  if (!contact.ok()) return call.Fail(contact.status());
  call.Reply(200, ContactJson(*contact));
}

void ImportContacts(Call& call) {
  if (!call.MultipartParts({"file", "list"}, {"file", "list"})) return;
  const std::string list(call.req.Part("list")->content);
  const std::string_view content = call.req.Part("file")->content;
  ContactImporter importer(call.ctx.store, call.ctx.clock);
  auto report = importer.ImportContent(content, list);
  if (!report.ok()) {
    ApiError e = ApiError::FromStatus(report.status());
    if (e.status == 422 && !e.details.contains("field")) e.details["field"] = "file";
    return call.Fail(e);
  }
  // Skipped rows are in the report; the good rows are imported (as with the CLI).
  call.Reply(200, ImportReportJson(*report));
}

}  // namespace

void AddAudienceRoutes(Router& router) {
  router.Add({"GET", "/api/v1/lists", Permission::kRead, ListLists, {"limit", "cursor"}});
  router.Add({"GET", "/api/v1/lists/{id}", Permission::kRead, GetList});
  router.Add(
      {"GET", "/api/v1/contacts", Permission::kRead, ListContacts, {"limit", "cursor", "list_id"}});
  router.Add({"GET", "/api/v1/contacts/{id}", Permission::kRead, GetContact});
  Route import{"POST", "/api/v1/contacts/import", Permission::kWriteAudience, ImportContacts};
  import.max_body = kLargeBody;  // a CSV upload
  import.spool_body = true;
  router.Add(import);
}

}  // namespace pregon::http
