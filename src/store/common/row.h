// Row: the few typed reads a row-to-struct reader needs, over one result row of either
// backend (SqliteRow over a stepped SQLiteCpp statement, PgRow over a pqxx row). The readers
// in row_readers.h are written once against it, so a column added to a struct is read the
// same way on SQLite and PostgreSQL.
//
// Columns are numbered from 0, from the row's first column plus the adapter's offset. A NULL
// reads as 0 or "" (the schema keeps NULL only where the struct has no other way to say
// "none", and there IsNull tells).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"

namespace pregon::store {

class Row {
 public:
  virtual ~Row() = default;
  virtual bool IsNull(int col) const = 0;
  virtual int64_t Int(int col) const = 0;
  virtual double Real(int col) const = 0;
  virtual std::string Text(int col) const = 0;

  // Times are stored as Unix milliseconds.
  Timestamp Time(int col) const { return FromUnixMillis(Int(col)); }
  std::optional<Timestamp> OptionalTime(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Time(col);
  }
  std::optional<int64_t> OptionalInt(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Int(col);
  }
};

}  // namespace pregon::store
