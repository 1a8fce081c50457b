-- pregon schema v8 (SQLite): the units of work of a slot's run (DESIGN §1.5) — one prepare per
-- run-user, then its ranges — each leased like a campaign's range. A running unit's lease is
-- also its permit of the job's limiter pool: a pool never has more running units with a live
-- lease than its capacity, and a holder that dies frees its permit when the lease expires.

CREATE TABLE run_units (
  id           INTEGER PRIMARY KEY,
  run_id       INTEGER NOT NULL REFERENCES runs (id),
  run_user_id  INTEGER NOT NULL REFERENCES run_users (id),
  kind         TEXT NOT NULL CHECK (kind IN ('prepare', 'range')),
  start_item   INTEGER NOT NULL DEFAULT 0,   -- ranges: items start..end, 1-based, inclusive
  end_item     INTEGER NOT NULL DEFAULT 0,
  pool         TEXT NOT NULL,
  status       TEXT NOT NULL
               CHECK (status IN ('pending', 'running', 'done', 'failed', 'cancelled')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  not_before   INTEGER NOT NULL,
  owner        TEXT,
  lease_until  INTEGER,
  lease_epoch  INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT NOT NULL DEFAULT '',
  log          TEXT NOT NULL DEFAULT '',      -- the last output of its last attempt
  finished_at  INTEGER
);
CREATE INDEX run_units_due ON run_units (status, not_before);
CREATE INDEX run_units_user ON run_units (run_user_id, kind);
CREATE INDEX run_units_pool ON run_units (pool, status);
