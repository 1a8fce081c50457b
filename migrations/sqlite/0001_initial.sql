-- pregon schema v1 (SQLite). Times are Unix milliseconds (UTC).

CREATE TABLE senders (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL CHECK (kind IN ('relay', 'smtp', 'telegram', 'sandbox')),
  base_url      TEXT NOT NULL DEFAULT '',
  api_key       TEXT NOT NULL DEFAULT '',
  auth_scheme   TEXT NOT NULL DEFAULT 'Bearer',
  account_id    TEXT NOT NULL DEFAULT '',
  from_email    TEXT NOT NULL DEFAULT '',
  from_name     TEXT NOT NULL DEFAULT '',
  bot_token     TEXT NOT NULL DEFAULT '',
  smtp_url      TEXT NOT NULL DEFAULT '',
  rate          REAL NOT NULL DEFAULT 0,
  burst         INTEGER NOT NULL DEFAULT 0,
  concurrency   INTEGER NOT NULL DEFAULT 16,
  paused_until  INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

CREATE TABLE lists (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL
);

CREATE TABLE contacts (
  id          INTEGER PRIMARY KEY,
  email       TEXT UNIQUE,
  chat_id     TEXT UNIQUE,
  name        TEXT NOT NULL DEFAULT '',
  fields      TEXT NOT NULL DEFAULT '{}',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  CHECK (email IS NOT NULL OR chat_id IS NOT NULL)
);

CREATE TABLE list_members (
  list_id     INTEGER NOT NULL REFERENCES lists (id),
  contact_id  INTEGER NOT NULL REFERENCES contacts (id),
  PRIMARY KEY (list_id, contact_id)
) WITHOUT ROWID;

-- Addresses (e-mail or chat id) that no campaign sends to.
CREATE TABLE suppressions (
  address      TEXT PRIMARY KEY,
  reason       TEXT NOT NULL CHECK (reason IN ('unavailable', 'unsubscribed', 'bounced', 'complaint', 'manual')),
  campaign_id  INTEGER,
  created_at   INTEGER NOT NULL
);

CREATE TABLE campaigns (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT NOT NULL,
  sender_id            INTEGER NOT NULL REFERENCES senders (id),
  list_id              INTEGER NOT NULL REFERENCES lists (id),
  subject              TEXT NOT NULL DEFAULT '',
  text_body            TEXT NOT NULL DEFAULT '',
  html_body            TEXT NOT NULL DEFAULT '',
  reply_to             TEXT NOT NULL DEFAULT '',
  status               TEXT NOT NULL,
  batch_size           INTEGER NOT NULL,
  batch_pause_ms       INTEGER NOT NULL,
  rate                 REAL NOT NULL DEFAULT 0,
  max_attempts         INTEGER NOT NULL DEFAULT 5,
  guarantee            TEXT NOT NULL DEFAULT 'at_most_once',
  window_start         INTEGER NOT NULL DEFAULT 0,
  window_end           INTEGER NOT NULL DEFAULT 0,
  time_zone            TEXT NOT NULL DEFAULT '',
  scheduled_at         INTEGER,
  started_at           INTEGER,
  completed_at         INTEGER,
  not_before           INTEGER NOT NULL DEFAULT 0,   -- send window: nothing claimed before
  post_reports_status  TEXT NOT NULL DEFAULT 'none',
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
);
CREATE INDEX campaigns_status ON campaigns (status, id);

-- One row per recipient of a started campaign (the snapshot), numbered seq = 1..total.
CREATE TABLE deliveries (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL REFERENCES campaigns (id),
  seq          INTEGER NOT NULL,
  contact_id   INTEGER NOT NULL,
  address      TEXT NOT NULL,
  status       TEXT NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  not_before   INTEGER NOT NULL DEFAULT 0,
  provider_id  TEXT,
  last_error   TEXT,
  updated_at   INTEGER NOT NULL,
  UNIQUE (campaign_id, seq)
);

-- Batches of consecutive deliveries, handed to workers by lease. The counters are kept in
-- the same transactions as the delivery changes, so their sum is always exact.
CREATE TABLE ranges (
  id            INTEGER PRIMARY KEY,
  campaign_id   INTEGER NOT NULL REFERENCES campaigns (id),
  seq           INTEGER NOT NULL,
  first_seq     INTEGER NOT NULL,
  last_seq      INTEGER NOT NULL,
  status        TEXT NOT NULL,
  not_before    INTEGER NOT NULL DEFAULT 0,
  owner         TEXT,
  lease_until   INTEGER NOT NULL DEFAULT 0,
  lease_epoch   INTEGER NOT NULL DEFAULT 0,
  rescues       INTEGER NOT NULL DEFAULT 0,
  last_error    TEXT,
  pending       INTEGER NOT NULL DEFAULT 0,
  in_flight     INTEGER NOT NULL DEFAULT 0,
  sent          INTEGER NOT NULL DEFAULT 0,
  failed        INTEGER NOT NULL DEFAULT 0,
  unavailable   INTEGER NOT NULL DEFAULT 0,
  suppressed    INTEGER NOT NULL DEFAULT 0,
  unknown       INTEGER NOT NULL DEFAULT 0,
  started_at    INTEGER,
  completed_at  INTEGER,
  UNIQUE (campaign_id, seq)
);
CREATE INDEX ranges_claim ON ranges (status, campaign_id, seq);

CREATE TABLE campaign_events (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL REFERENCES campaigns (id),
  ts           INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  message      TEXT NOT NULL
);
CREATE INDEX campaign_events_campaign ON campaign_events (campaign_id, id);
