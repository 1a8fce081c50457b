// GET /healthz (the process answers), GET /readyz (the database answers and its schema is
// current), GET /api/v1/openapi.json.
#include "http/api/routes.h"
#include "http/call.h"

namespace pregon::http {

void AddHealthRoutes(Router& router) {
  router.Add({"GET", "/healthz", std::nullopt, [](Call& call) {
                call.Reply(200, {{"status", "ok"}});
              }});

  router.Add({"GET", "/readyz", std::nullopt, [](Call& call) {
                auto version = call.ctx.store.SchemaVersion();
                if (!version.ok())
                  return call.Fail(ApiError::Unavailable("the database is not reachable"));
                Status schema = call.ctx.store.CheckSchema();
                if (!schema.ok()) return call.Fail(ApiError::Unavailable(schema.message()));
                call.Reply(200, {{"status", "ready"}, {"schema_version", *version}});
              }});

  router.Add({"GET", "/api/v1/openapi.json", Permission::kRead, [](Call& call) {
                call.res.status = 200;
                call.res.SetContent(kOpenApiJson, "application/json");
              }});
}

}  // namespace pregon::http
