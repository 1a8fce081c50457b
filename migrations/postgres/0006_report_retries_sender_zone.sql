-- pregon schema v6 (PostgreSQL), as migrations/sqlite/0006: post-send report retries are
-- counted per campaign, and a sender has its own time zone for report days.

ALTER TABLE campaigns ADD COLUMN post_reports_retries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE senders ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
