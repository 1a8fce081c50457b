#include "http/api/routes.h"

namespace pregon::http {

void AddApiRoutes(Router& router) {
  AddHealthRoutes(router);
  AddAuthRoutes(router);
  AddUserRoutes(router);
  AddSenderRoutes(router);
  AddAudienceRoutes(router);
  AddCampaignRoutes(router);
  AddCampaignActionRoutes(router);
  AddCampaignProgressRoutes(router);
  AddSuppressionRoutes(router);
  AddReportRoutes(router);
  AddReporterRoutes(router);
  AddUnsubscribeRoutes(router);
  AddTrackingRoutes(router);
  AddEngagementRoutes(router);
  AddHookRoutes(router);
  AddMetricsRoutes(router);
}

}  // namespace pregon::http
