-- pregon schema v6 (SQLite): a campaign's post-send reports that ended in error are asked for
-- again on a later pass, a bounded number of times (post_reports_retries counts them); a
-- sender has its own time zone, the one its provider's report days are in ('' = the
-- campaign's send-window zone, else UTC).

ALTER TABLE campaigns ADD COLUMN post_reports_retries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE senders ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
