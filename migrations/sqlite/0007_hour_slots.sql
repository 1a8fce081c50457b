-- pregon schema v7 (SQLite): hour slots, jobs, limiter pools, reservations and runs
-- (DESIGN §1.5), and the role `client` of the people who reserve.

-- users.role gains 'client'. SQLite cannot change a CHECK in place: the table is rebuilt the
-- documented way (create, copy, drop, rename). Migrations run with foreign-key enforcement
-- off and are checked with foreign_key_check before they commit, so api_tokens and sessions
-- keep pointing at `users` (same ids).
CREATE TABLE users_v7 (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE,
  role           TEXT NOT NULL
                 CHECK (role IN ('admin', 'operator', 'report_manager', 'viewer', 'client')),
  password_hash  TEXT NOT NULL DEFAULT '',   -- argon2id (crypto_pwhash_str); '' = no login
  created_at     INTEGER NOT NULL
);
INSERT INTO users_v7 (id, username, role, password_hash, created_at)
  SELECT id, username, role, password_hash, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_v7 RENAME TO users;

-- The 24 hours of the day (in PREGON_SLOT_TZ), each with a capacity in reservation weights.
CREATE TABLE slots (
  hour       INTEGER PRIMARY KEY CHECK (hour BETWEEN 0 AND 23),
  max_users  INTEGER NOT NULL DEFAULT 10 CHECK (max_users >= 0),
  bookable   INTEGER NOT NULL DEFAULT 1
);
WITH RECURSIVE h(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM h WHERE n < 23)
INSERT INTO slots (hour) SELECT n FROM h;

-- Commands an admin allows to run, with their limits.
CREATE TABLE jobs (
  id                      INTEGER PRIMARY KEY,
  name                    TEXT NOT NULL UNIQUE,
  command                 TEXT NOT NULL,
  timeout_ms              INTEGER NOT NULL,
  pool                    TEXT NOT NULL,
  range_size              INTEGER NOT NULL,
  prepare_retries         INTEGER NOT NULL,
  prepare_retry_delay_ms  INTEGER NOT NULL,
  range_retries           INTEGER NOT NULL,
  range_retry_delay_ms    INTEGER NOT NULL,
  created_at              INTEGER NOT NULL,
  updated_at              INTEGER NOT NULL
);

-- Global limits on concurrent heavy work: at most `capacity` permits held at once.
CREATE TABLE limiter_pools (
  name      TEXT PRIMARY KEY,
  capacity  INTEGER NOT NULL CHECK (capacity >= 1)
);
INSERT INTO limiter_pools (name, capacity) VALUES ('exec', 6);

-- One reservation per user.
CREATE TABLE reservations (
  id                       INTEGER PRIMARY KEY,
  user_id                  INTEGER NOT NULL UNIQUE REFERENCES users (id),
  hour                     INTEGER NOT NULL REFERENCES slots (hour),
  job_id                   INTEGER NOT NULL REFERENCES jobs (id),
  monthly_orders_estimate  INTEGER NOT NULL,
  weight                   INTEGER NOT NULL,
  estimated_pending        INTEGER NOT NULL,
  created_at               INTEGER NOT NULL,
  updated_at               INTEGER NOT NULL
);
CREATE INDEX reservations_hour ON reservations (hour);

-- A slot's run for one full hour: created once, whichever node gets there first.
CREATE TABLE runs (
  id            INTEGER PRIMARY KEY,
  hour          INTEGER NOT NULL,
  scheduled_at  INTEGER NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
  created_at    INTEGER NOT NULL,
  finished_at   INTEGER,
  UNIQUE (hour, scheduled_at)
);

-- One per reservation of the run's hour, when the run was created.
CREATE TABLE run_users (
  id                INTEGER PRIMARY KEY,
  run_id            INTEGER NOT NULL REFERENCES runs (id),
  user_id           INTEGER NOT NULL REFERENCES users (id),
  job_id            INTEGER NOT NULL REFERENCES jobs (id),
  status            TEXT NOT NULL
                    CHECK (status IN ('preparing', 'running', 'completed', 'failed', 'cancelled')),
  pending_items     INTEGER,
  total_ranges      INTEGER NOT NULL DEFAULT 0,
  ranges_completed  INTEGER NOT NULL DEFAULT 0,
  ranges_failed     INTEGER NOT NULL DEFAULT 0,
  prepare_attempts  INTEGER NOT NULL DEFAULT 0,
  last_error        TEXT NOT NULL DEFAULT '',
  finished_at       INTEGER,
  UNIQUE (run_id, user_id)
);
