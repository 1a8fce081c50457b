#include "store/common/store_errors.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace pregon::store {
namespace {

TEST(StoreErrors, TheTable) {
  EXPECT_EQ(CodeOf(DbFailure::kUniqueViolation), StatusCode::kAlreadyExists);
  EXPECT_EQ(CodeOf(DbFailure::kForeignKeyViolation), StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(DbFailure::kCheckViolation), StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(DbFailure::kBusy), StatusCode::kTransient);
  EXPECT_EQ(CodeOf(DbFailure::kConnectionLost), StatusCode::kTransient);
  EXPECT_EQ(CodeOf(DbFailure::kOther), StatusCode::kInternal);
}

TEST(StoreErrors, SqliteCodes) {
  EXPECT_EQ(SqliteFailure(SQLITE_CONSTRAINT_UNIQUE), DbFailure::kUniqueViolation);
  EXPECT_EQ(SqliteFailure(SQLITE_CONSTRAINT_PRIMARYKEY), DbFailure::kUniqueViolation);
  EXPECT_EQ(SqliteFailure(SQLITE_CONSTRAINT_FOREIGNKEY), DbFailure::kForeignKeyViolation);
  EXPECT_EQ(SqliteFailure(SQLITE_CONSTRAINT_NOTNULL), DbFailure::kCheckViolation);
  EXPECT_EQ(SqliteFailure(SQLITE_BUSY), DbFailure::kBusy);
  EXPECT_EQ(SqliteFailure(SQLITE_BUSY_SNAPSHOT), DbFailure::kBusy);
  EXPECT_EQ(SqliteFailure(SQLITE_LOCKED), DbFailure::kBusy);
  EXPECT_EQ(SqliteFailure(SQLITE_IOERR), DbFailure::kOther);
}

TEST(StoreErrors, PostgresStates) {
  EXPECT_EQ(PostgresFailure("23505"), DbFailure::kUniqueViolation);
  EXPECT_EQ(PostgresFailure("23503"), DbFailure::kForeignKeyViolation);
  EXPECT_EQ(PostgresFailure("23502"), DbFailure::kCheckViolation);
  EXPECT_EQ(PostgresFailure("40001"), DbFailure::kBusy);
  EXPECT_EQ(PostgresFailure("40P01"), DbFailure::kBusy);
  EXPECT_EQ(PostgresFailure("08006"), DbFailure::kConnectionLost);
  EXPECT_EQ(PostgresFailure("57P01"), DbFailure::kConnectionLost);
  EXPECT_EQ(PostgresFailure("42P01"), DbFailure::kOther);
}

TEST(StoreErrors, ForeignKeyFailureSaysWhatIsMissing) {
  Status st = DbError(DbFailure::kForeignKeyViolation, "creating campaign",
                      "FOREIGN KEY constraint failed");
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  EXPECT_EQ(st.message(),
            "creating campaign: something it names does not exist (FOREIGN KEY constraint failed)");
}

}  // namespace
}  // namespace pregon::store
