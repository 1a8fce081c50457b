// Small conversions between pregon's values and PostgreSQL fields, shared by the
// PostgresStore sources.
#pragma once

#include <pqxx/pqxx>

#include <optional>

#include "core/campaign.h"
#include "core/clock.h"

namespace pregon::store {

// Times are stored as Unix milliseconds (BIGINT), as in the SQLite schema.
inline int64_t Ms(Timestamp t) { return ToUnixMillis(t); }

inline std::optional<Timestamp> OptionalTime(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return FromUnixMillis(f.as<int64_t>());
}

inline std::optional<int64_t> OptionalMs(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return Ms(*t);
}

// The campaign columns ReadCampaignRow reads, in its order.
#define PREGON_PG_CAMPAIGN_COLUMNS                                                              \
  "id, name, sender_id, list_id, subject, text_body, html_body, reply_to, status, "            \
  "batch_size, batch_pause_ms, rate, max_attempts, guarantee, window_start, window_end, "      \
  "time_zone, scheduled_at, started_at, completed_at, created_at, post_reports_status, "       \
  "parse_mode, template_id"

// A campaign from the first columns of `r` (PREGON_PG_CAMPAIGN_COLUMNS); attachments not read.
Campaign ReadCampaignRow(const pqxx::row& r);

}  // namespace pregon::store
