// Small conversions between pregon's values and PostgreSQL fields, shared by the
// PostgresStore sources.
#pragma once

#include <pqxx/pqxx>

#include <optional>

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

}  // namespace pregon::store
