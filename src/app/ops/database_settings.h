// What `pregon doctor` makes of the database's own settings (OpsStore::ReadDatabaseSettings):
//
//   PostgreSQL  the server's version (12 or newer); max_connections against the connections
//               pregon's processes ask for (docs/SCALING.md, "Sizing the connection pool");
//               synchronous_commit and fsync, without which a crash forgets commits the
//               server had acknowledged — results recorded, ranges claimed — and pregon's
//               delivery guarantee (DESIGN §3.3) no longer holds
//   SQLite      the library's version, WAL journal and the synchronous level
//
// Each finding is a line of the area "database". JudgeDatabaseSettings is pure.
// Thread-safety: the functions share no state.
#pragma once

#include <string>

#include "app/ops/doctor_report.h"
#include "store/roles/ops_store.h"

namespace pregon {

// The PostgreSQL connections one process of each kind opens at most: its pool and the
// connection that LISTENs (see the CLI's PREGON_PG_POOL_SIZE).
struct PoolNeeds {
  int worker = 0;  // `pregon worker`
  int serve = 0;   // `pregon serve`: the workers' pool and the HTTP server's connections
  // How they follow from the settings, for the messages ("PREGON_PG_POOL_SIZE=0: worker
  // threads + 2").
  std::string from;
};

// Adds the lines the settings call for (see the file comment) to `report`.
void JudgeDatabaseSettings(const DatabaseSettings& settings, const PoolNeeds& needs,
                           DoctorReport& report);

// Reads the settings from `store` and judges them; an error line when they cannot be read.
void CheckDatabaseSettings(OpsStore& store, const PoolNeeds& needs, DoctorReport& report);

}  // namespace pregon
