// PgSession against the throw-away PostgreSQL of the test run (PREGON_TEST_PG_URL): lost
// connections are retried on a fresh connection, attempts are counted, and the pool never
// hands one connection to two callers.
#include "store/postgres/pg_session.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "store/store_test_backends.h"

namespace pregon::store {
namespace {

std::unique_ptr<PgSession> OpenSession(int pool_size, Millis window = Millis(10'000)) {
  auto url = testing::FreshPostgresUrl();
  EXPECT_TRUE(url.ok()) << url.status().ToString();
  if (!url.ok()) return nullptr;
  auto s = PgSession::Open({*url, pool_size, window});
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(s).value() : nullptr;
}

TEST(PgSession, ATransactionWhoseConnectionDiesRunsAgainOnAFreshOne) {
  auto session = OpenSession(2);
  ASSERT_NE(session, nullptr);
  std::vector<int> attempts;
  auto r = session->Transact("test", [&](PgTx& tx) -> Result<int> {
    attempts.push_back(tx.attempt());
    // The server ends this backend, as a restart would: the work is rolled back.
    if (tx.attempt() == 1) tx.ExecOnce("SELECT pg_terminate_backend(pg_backend_pid())");
    return tx.ExecOnce("SELECT 42")[0][0].as<int>();
  });
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, 42);
  EXPECT_EQ(attempts, (std::vector<int>{1, 2}));
}

// The server rolls back a transaction that deadlocked or could not be serialized; it runs again.
TEST(PgSession, ADeadlockOrSerializationFailureRunsTheTransactionAgain) {
  auto session = OpenSession(1);
  ASSERT_NE(session, nullptr);
  for (const char* sqlstate : {"40P01", "40001"}) {
    std::vector<int> attempts;
    auto r = session->Transact("test", [&](PgTx& tx) -> Result<int> {
      attempts.push_back(tx.attempt());
      if (tx.attempt() == 1)
        tx.ExecOnce(std::string("DO $$ BEGIN RAISE EXCEPTION 'as if' USING ERRCODE = '") +
                    sqlstate + "'; END $$");
      return tx.ExecOnce("SELECT 7")[0][0].as<int>();
    });
    ASSERT_TRUE(r.ok()) << sqlstate << ": " << r.status().ToString();
    EXPECT_EQ(*r, 7);
    EXPECT_EQ(attempts, (std::vector<int>{1, 2})) << sqlstate;
  }
}

TEST(PgSession, GivesUpAsTransientAfterTheReconnectWindow) {
  auto session = OpenSession(1, Millis(300));
  ASSERT_NE(session, nullptr);
  int attempts = 0;
  auto r = session->Transact("always failing", [&](PgTx& tx) -> Result<int> {
    ++attempts;
    tx.ExecOnce("SELECT pg_terminate_backend(pg_backend_pid())");
    return 0;
  });
  EXPECT_EQ(r.status().code(), StatusCode::kTransient);
  EXPECT_NE(r.status().message().find("always failing"), std::string::npos);
  EXPECT_GE(attempts, 2);  // 100 ms, then 200 ms: the third would pass the window
}

TEST(PgSession, AnErrorReturnedRollsBackAndIsNotRetried) {
  auto session = OpenSession(1);
  ASSERT_NE(session, nullptr);
  ASSERT_TRUE(session
                  ->Transact("setup",
                             [](PgTx& tx) -> Status {
                               tx.ExecOnce("CREATE TABLE t (v INT)");
                               return Status::Ok();
                             })
                  .ok());
  int attempts = 0;
  Status st = session->Transact("refused", [&](PgTx& tx) -> Status {
    ++attempts;
    tx.ExecOnce("INSERT INTO t VALUES (1)");
    return Status::Conflict("no");
  });
  EXPECT_EQ(st.code(), StatusCode::kConflict);
  EXPECT_EQ(attempts, 1);
  auto n = session->Transact("count", [](PgTx& tx) -> Result<int> {
    return tx.ExecOnce("SELECT COUNT(*) FROM t")[0][0].as<int>();
  });
  EXPECT_EQ(*n, 0);
}

TEST(PgSession, PoolNeverHandsOneConnectionToTwoCallers) {
  auto session = OpenSession(3);
  ASSERT_NE(session, nullptr);
  std::atomic<int> inside{0}, most{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int k = 0; k < 20; ++k) {
        auto r = session->Transact("busy", [&](PgTx& tx) -> Result<int> {
          int now = ++inside;
          most = std::max(most.load(), now);
          int pid = tx.ExecOnce("SELECT pg_backend_pid()")[0][0].as<int>();
          --inside;
          return pid;
        });
        EXPECT_TRUE(r.ok()) << r.status().ToString();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(most.load(), 3);  // pool_size bounds the transactions at once
}

TEST(PgSession, RedactUrlHidesPasswords) {
  EXPECT_EQ(RedactUrl("postgresql://u:secret@h:5432/db"), "postgresql://u:***@h:5432/db");
  EXPECT_EQ(RedactUrl("postgresql://h/db?user=u&password=secret&x=1"),
            "postgresql://h/db?user=u&password=***&x=1");
  EXPECT_EQ(RedactUrl("postgresql://u@h/db"), "postgresql://u@h/db");
}

}  // namespace
}  // namespace pregon::store
