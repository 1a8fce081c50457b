// Hour slots, reservations, jobs and runs as JSON, one shape for the CLI's --json and the API.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/slots.h"
#include "store/roles/slot_store.h"

namespace pregon {

// {"id" (= hour), "hour", "hour_label", "max_users", "current_users", "available", "bookable"}
nlohmann::json SlotJson(const HourSlot& slot);
// {"id", "user_id", "username", "hour", "hour_label", "job", "monthly_orders_estimate",
//  "weight", "estimated_pending", "created_at", "updated_at"}
nlohmann::json ReservationJson(const Reservation& r);
// {"id", "name", "command", "timeout_ms", "pool", "range_size", "prepare_retries",
//  "prepare_retry_delay_ms", "range_retries", "range_retry_delay_ms"}
nlohmann::json JobJson(const JobDefinition& j);
// {"id", "hour", "status", "scheduled_at", "finished_at"}
nlohmann::json RunJson(const Run& run);
// {"user", "kind", "start", "end", "status", "attempts", "last_error", "log"}
nlohmann::json RunUnitJson(const RunUnitView& unit);
// DESIGN §4: RunJson plus "users": [{"username",
// "status", "pending_items", "ranges_total", "ranges_done", "ranges_failed", "last_error"}]}
nlohmann::json RunStatusJson(const Run& run, const std::vector<RunUser>& users);
// A run's progress as the reporter page reads it (GET /api/v1/reporter/runs/{id}/progress):
// {"run_id", "run_status", "scheduled_at", "slot_hour", "finished_at", "users": [{"user_id",
// "username", "status", "download_compare_status" (the prepare: pending | running |
// completed | failed | cancelled), "download_compare_completed_at", "total_pending_orders",
// "total_ranges", "ranges_completed", "ranges_failed", "last_error", "finished_at"}]}
nlohmann::json ReporterProgressJson(const Run& run, const std::vector<RunUser>& users);

}  // namespace pregon
