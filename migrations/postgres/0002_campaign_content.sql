-- pregon schema v2 (PostgreSQL), as migrations/sqlite/0002: what campaigns send besides
-- subject and bodies, and the suppression list's listing order.

-- Telegram parse_mode ('' = plain text) and a relay provider-side template id ('' = none).
ALTER TABLE campaigns ADD COLUMN parse_mode TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN template_id TEXT NOT NULL DEFAULT '';

-- Files sent with every message of a campaign, stored with it so that any worker (on any
-- node) can send them. position keeps the order they were given in.
CREATE TABLE campaign_attachments (
  campaign_id   BIGINT NOT NULL REFERENCES campaigns (id),
  position      INTEGER NOT NULL,
  filename      TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  size          BIGINT NOT NULL,
  content       BYTEA NOT NULL,
  PRIMARY KEY (campaign_id, position)
);

-- `suppression list --reason R` pages through one reason in address order.
CREATE INDEX suppressions_reason ON suppressions (reason, address);
