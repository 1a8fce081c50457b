-- pregon schema v12: the HTTP request that caused a campaign event ('' for the engine's own),
-- so an operator can follow one click of "send now" from the access log to the event log.
ALTER TABLE campaign_events ADD COLUMN request_id TEXT NOT NULL DEFAULT '';
