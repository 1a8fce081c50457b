#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

Route PageRoute(std::string method, std::string pattern, std::optional<Permission> permission,
                Handler handler, std::vector<std::string> query) {
  Route r{std::move(method), std::move(pattern), permission, std::move(handler), std::move(query)};
  r.page = true;
  r.idempotent = false;  // forms do not send Idempotency-Key; a redirect ends every write
  return r;
}

Route SmallFormRoute(std::string pattern, std::optional<Permission> permission, Handler handler) {
  Route r = PageRoute("POST", std::move(pattern), permission, std::move(handler));
  r.max_body = kTinyBody;
  return r;
}

void AddUiRoutes(Router& router) {
  AddStaticRoutes(router);
  AddSessionRoutes(router);
  AddDashboardRoutes(router);
  AddCampaignListRoutes(router);
  AddCampaignRoutes(router);
  AddCampaignFormRoutes(router);
  AddPreviewRoutes(router);
  AddDeliveryRoutes(router);
  AddUserPageRoutes(router);
  AddSuppressionPageRoutes(router);
  AddListPageRoutes(router);
  AddSenderPageRoutes(router);
  AddProfileRoutes(router);
  AddSlotPageRoutes(router);
  AddReportPageRoutes(router);
  AddCampaignReportRoutes(router);
  AddLiveRoutes(router);
}

}  // namespace pregon::http::ui
