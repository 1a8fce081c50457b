-- pregon schema v5 (SQLite): post-send reports (DESIGN §1.4). A report request is a durable
-- unit of work with a lease, like a range; the rows of a loaded report are typed, one table
-- for every type, with a view per type (report_sent, report_bounces...) for BI tools.

ALTER TABLE campaigns ADD COLUMN post_reports_loaded_at INTEGER;
ALTER TABLE campaigns ADD COLUMN post_reports_error TEXT NOT NULL DEFAULT '';

CREATE TABLE report_requests (
  id                   INTEGER PRIMARY KEY,
  campaign_id          INTEGER REFERENCES campaigns (id),   -- NULL: asked for by hand
  sender_id            INTEGER NOT NULL REFERENCES senders (id),
  type                 TEXT NOT NULL CHECK (type IN ('sent', 'deliveries', 'bounces', 'opens',
                                                     'clicks', 'spam', 'unsubscribed')),
  day_from             TEXT NOT NULL,                       -- YYYY-MM-DD in time_zone
  day_to               TEXT NOT NULL,
  time_zone            TEXT NOT NULL,
  state                TEXT NOT NULL DEFAULT 'pending'
                       CHECK (state IN ('pending', 'processing', 'ready', 'error')),
  provider_request_id  TEXT NOT NULL DEFAULT '',
  file_path            TEXT NOT NULL DEFAULT '',
  row_count            INTEGER NOT NULL DEFAULT 0,
  bad_rows             INTEGER NOT NULL DEFAULT 0,
  attempts             INTEGER NOT NULL DEFAULT 0,
  last_error           TEXT NOT NULL DEFAULT '',
  not_before           INTEGER NOT NULL,
  polling_since        INTEGER,
  default_loaded_at    INTEGER,
  analytics_loaded_at  INTEGER,
  owner                TEXT,                                -- the lease, while a node works on it
  lease_until          INTEGER,
  lease_epoch          INTEGER NOT NULL DEFAULT 0,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
);
CREATE INDEX report_requests_due ON report_requests (state, not_before);
CREATE INDEX report_requests_campaign ON report_requests (campaign_id, id);

-- One row per report loaded into this database. No foreign key: the analytics database
-- holds loads of requests kept in pregon's own.
CREATE TABLE report_loads (
  report_request_id  INTEGER PRIMARY KEY,
  campaign_id        INTEGER,
  type               TEXT NOT NULL,
  row_count          INTEGER NOT NULL,
  loaded_at          TEXT NOT NULL                          -- ISO 8601, UTC
);

CREATE TABLE report_rows (
  report_request_id  INTEGER NOT NULL,
  type               TEXT NOT NULL,
  line               INTEGER NOT NULL,   -- the row's line in the provider's file
  email              TEXT NOT NULL,
  subject            TEXT NOT NULL,
  sender             TEXT NOT NULL,
  sender_name        TEXT NOT NULL,
  status             TEXT NOT NULL,
  date               TEXT,               -- ISO 8601, UTC
  date_local         TEXT NOT NULL,      -- as the provider wrote it, in the sender's zone
  opens              INTEGER NOT NULL,
  clicks             INTEGER NOT NULL,
  extra              TEXT NOT NULL,      -- columns the report did not name, as JSON
  loaded_at          TEXT NOT NULL
);
CREATE INDEX report_rows_request ON report_rows (report_request_id, email);

CREATE VIEW report_sent AS SELECT * FROM report_rows WHERE type = 'sent';
CREATE VIEW report_deliveries AS SELECT * FROM report_rows WHERE type = 'deliveries';
CREATE VIEW report_bounces AS SELECT * FROM report_rows WHERE type = 'bounces';
CREATE VIEW report_opens AS SELECT * FROM report_rows WHERE type = 'opens';
CREATE VIEW report_clicks AS SELECT * FROM report_rows WHERE type = 'clicks';
CREATE VIEW report_spam AS SELECT * FROM report_rows WHERE type = 'spam';
CREATE VIEW report_unsubscribed AS SELECT * FROM report_rows WHERE type = 'unsubscribed';
