// Small conversions between pregon's values and PostgreSQL fields, shared by the
// PostgresStore sources.
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "core/campaign.h"
#include "core/clock.h"
#include "store/common/row.h"

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

// A pqxx row as the Row the shared readers take (NULL reads as 0 or "").
class PgRow final : public Row {
 public:
  explicit PgRow(const pqxx::row& row) : row_(row) {}
  bool IsNull(int col) const override { return row_[col].is_null(); }
  int64_t Int(int col) const override { return IsNull(col) ? 0 : row_[col].as<int64_t>(); }
  double Real(int col) const override { return IsNull(col) ? 0 : row_[col].as<double>(); }
  std::string Text(int col) const override {
    return IsNull(col) ? std::string() : row_[col].as<std::string>();
  }

 private:
  const pqxx::row& row_;
};

}  // namespace pregon::store
