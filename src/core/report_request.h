// A report request (DESIGN §1.4): one provider report of one type over a range of days in the
// sender's time zone, asked for, polled, downloaded and loaded — each step a durable row
// change, so any node may take the next one after a crash.
//
//   pending ──ask──▶ processing ──poll…──▶ ready (downloaded; then loaded into aliases)
//      │                  │
//      └──────────────────┴──▶ error (gave up; the reason is kept)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/report_rows.h"
#include "core/status.h"

namespace pregon {

enum class ReportState { kPending, kProcessing, kReady, kError };

std::string_view ReportStateName(ReportState state);  // "pending", "processing"...
// InvalidArgument naming the accepted states otherwise.
Result<ReportState> ParseReportState(std::string_view name);

// The databases a report is loaded into: pregon's own, and the optional analytics one.
enum class ReportAlias { kDefault, kAnalytics };
std::string_view ReportAliasName(ReportAlias alias);  // "default", "analytics"
Result<ReportAlias> ParseReportAlias(std::string_view name);

struct ReportRequest {
  int64_t id = 0;
  std::optional<int64_t> campaign_id;  // none for a manual request
  int64_t sender_id = 0;               // whose provider account is asked
  ReportType type = ReportType::kSent;
  std::string day_from, day_to;  // YYYY-MM-DD, inclusive, in time_zone
  std::string time_zone;         // the sender's (IANA name)
  ReportState state = ReportState::kPending;
  std::string provider_request_id;  // the provider's id once asked ("" before)
  std::string file_path;            // the downloaded CSV once ready ("" before)
  int64_t rows = 0;                 // rows of the last load
  int64_t bad_rows = 0;             // rows the last load reported and skipped
  int attempts = 0;                 // provider calls that failed so far
  std::string last_error;
  Timestamp not_before{};                  // the next step is due then
  std::optional<Timestamp> polling_since;  // when the provider was first asked
  std::optional<Timestamp> default_loaded_at, analytics_loaded_at;
  Timestamp created_at{}, updated_at{};

  std::optional<Timestamp> LoadedAt(ReportAlias alias) const {
    return alias == ReportAlias::kDefault ? default_loaded_at : analytics_loaded_at;
  }
};

// A day as YYYY-MM-DD: InvalidArgument naming `field` unless `day` is a real calendar day.
Status CheckReportDay(std::string_view field, std::string_view day);
// Days from `from` to `to` (0 for the same day, negative when `to` is before `from`).
// REQUIRES: both pass CheckReportDay.
int64_t DaysBetween(std::string_view from, std::string_view to);

}  // namespace pregon
