// The /api/v1 routes and the health checks, one file per resource (DESIGN §2.1):
//   health_api          GET /healthz, GET /readyz, GET /api/v1/openapi.json
//   auth_api            /api/v1/auth/login|logout|me
//   users_api           /api/v1/users, /api/v1/tokens
//   senders_api         /api/v1/senders
//   audience_api        /api/v1/lists, /api/v1/contacts, /api/v1/contacts/import
//   campaigns_api       /api/v1/campaigns (list, create, get, edit)
//   campaign_actions    /api/v1/campaigns/send, …/{id}/send|pause|resume|cancel|preview|test
//   campaign_progress   /api/v1/campaigns/{id}/progress|events|deliveries (events: JSON or SSE)
//   suppressions_api    /api/v1/suppressions
//   reports_api         /api/v1/campaigns/{id}/report, /api/v1/reports (list, get, ask, load)
//   reporter_api        /api/v1/reporter/slots|reservations|runs (hour slots, for clients)
//   unsubscribe_api     /u/{token} (the one-click unsubscribe link of e-mails; public)
//   tracking_api        /t/o/{token}.gif, /t/c/{token} (open pixel, tracked links; public)
//   engagement_api      /api/v1/campaigns/{id}/engagement|recipients|recipients.csv
//   metrics_api         /metrics (Prometheus text format; permission read)
//   hooks_api           /hooks/bounce|ses|sendgrid|postmark|mailgun (bounce and complaint
//                       webhooks; public, each verified its provider's way)
// docs/API.md describes them; openapi.json (served at /api/v1/openapi.json) lists them, and
// openapi_test.cpp checks that the document and this table agree.
#pragma once

#include "http/router.h"

namespace pregon::http {

void AddApiRoutes(Router& router);

void AddHealthRoutes(Router& router);
void AddAuthRoutes(Router& router);
void AddUserRoutes(Router& router);
void AddSenderRoutes(Router& router);
void AddAudienceRoutes(Router& router);
void AddCampaignRoutes(Router& router);
void AddCampaignActionRoutes(Router& router);
void AddCampaignProgressRoutes(Router& router);
void AddSuppressionRoutes(Router& router);
void AddReportRoutes(Router& router);
void AddReporterRoutes(Router& router);
void AddUnsubscribeRoutes(Router& router);
void AddTrackingRoutes(Router& router);
void AddEngagementRoutes(Router& router);
void AddHookRoutes(Router& router);
void AddMetricsRoutes(Router& router);

// The OpenAPI 3 document, compiled into the binary from http/api/openapi.json.
extern const char* const kOpenApiJson;

}  // namespace pregon::http
