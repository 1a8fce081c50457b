-- pregon schema v11: bounces and complaints providers report by webhook (DESIGN §1.4b). One row
-- per event, recorded once however often the provider delivers it (source, event_key); the
-- rows of an address and type are counted for the suppression thresholds.
CREATE TABLE mail_feedback (
  id           INTEGER PRIMARY KEY,
  source       TEXT NOT NULL,
  event_key    TEXT NOT NULL,
  type         TEXT NOT NULL,
  address      TEXT NOT NULL,
  campaign_id  INTEGER,
  delivery_id  INTEGER,
  reason       TEXT NOT NULL DEFAULT '',
  received_at  INTEGER NOT NULL,
  UNIQUE (source, event_key)
);
CREATE INDEX mail_feedback_by_address ON mail_feedback (address, type, received_at);
