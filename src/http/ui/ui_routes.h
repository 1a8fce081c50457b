// The admin UI (DESIGN §1.6): server-rendered pages at /, one file per area, each a page
// route (Route::page: the session cookie, CSRF from the form, refusals as pages):
//   static_ui      GET /static/{name}             styles and scripts (public, cached)
//   session_ui     GET|POST /login, POST /logout, POST /lang (the language switch)
//   dashboard_ui   GET /                          sending now, scheduled next, attention, recent
//   campaigns_ui   GET /campaigns                 filters, search, paging, multi-select
//                  POST /campaigns/actions        send / pause / resume / cancel, confirmed
//   campaign_form  GET|POST /campaigns/new, /campaigns/{id}/edit   create and edit
//   campaign_ui    GET /campaigns/{id}            progress, counters, settings, event log
//   preview_ui     GET /campaigns/{id}/preview, POST /campaigns/{id}/test
//   deliveries_ui  GET /campaigns/{id}/deliveries    by status, paged, with the CSV link
//   users_ui       GET|POST /users, POST /tokens, …  users and API tokens (admin)
//   suppressions_ui  GET|POST /suppressions, …/remove, …/import   the suppression list
//   lists_ui       GET /lists, POST /lists/import, GET /lists/{id}   contacts and lists
//   slots_ui       GET /slots, POST /slots/reserve|cancel, GET /slots/runs/{id}   hour slots
//   profile_ui     GET /profile, POST /profile/password   the user's own page (any role)
//   senders_ui     GET|POST /senders, POST /senders/{id}/test   senders, "test connection"
//   reports_ui     GET|POST /reports, POST /reports/process, /reports/{id}/load, GET …/file.csv
//                                                 provider report requests, asked and loaded
//   campaign_report_ui  GET /campaigns/{id}/report   "View report": provider reports and
//                                                 pregon's tracking, with a chart
//   live_ui        GET /live/campaigns            Server-Sent Events of HTML fragments that
//                  GET /live/campaigns/{id}       htmx swaps into the pages above
// Templates and texts: web/ (http/ui/view.h, texts.h). docs/UI.md describes the pages.
#pragma once

#include "http/router.h"

namespace pregon::http::ui {

void AddUiRoutes(Router& router);

void AddStaticRoutes(Router& router);
void AddSessionRoutes(Router& router);
void AddDashboardRoutes(Router& router);
void AddCampaignListRoutes(Router& router);
void AddCampaignRoutes(Router& router);
void AddCampaignFormRoutes(Router& router);
void AddPreviewRoutes(Router& router);
void AddDeliveryRoutes(Router& router);
void AddUserPageRoutes(Router& router);
void AddSuppressionPageRoutes(Router& router);
void AddReportPageRoutes(Router& router);
void AddListPageRoutes(Router& router);
void AddSenderPageRoutes(Router& router);
void AddProfileRoutes(Router& router);
void AddSlotPageRoutes(Router& router);
void AddCampaignReportRoutes(Router& router);
void AddLiveRoutes(Router& router);

// A page route: GET unless said, needing `permission`, reading the `query` parameters.
Route PageRoute(std::string method, std::string pattern, std::optional<Permission> permission,
                Handler handler, std::vector<std::string> query = {});
// A POST page route of a small form (a login, a password, a choice): its body is refused
// beyond kTinyBody before it is read.
Route SmallFormRoute(std::string pattern, std::optional<Permission> permission, Handler handler);

}  // namespace pregon::http::ui
