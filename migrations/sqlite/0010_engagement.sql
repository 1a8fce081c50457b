-- pregon schema v10: pregon's own tracking (DESIGN §1.4b).
--
-- Engagement lives on the delivery row, so "who opened / clicked / unsubscribed / bounced"
-- is a read of the campaign's deliveries. `opens` and `clicks` count the hits judged human;
-- `machine_opens` and `machine_clicks` the rest (privacy proxies such as Apple Mail Privacy
-- Protection, link scanners, hits without a user agent). first_open_at and first_click_at
-- are the first human ones.
ALTER TABLE deliveries ADD COLUMN first_open_at INTEGER;
ALTER TABLE deliveries ADD COLUMN opens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN machine_opens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN first_click_at INTEGER;
ALTER TABLE deliveries ADD COLUMN clicks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN machine_clicks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN unsubscribed_at INTEGER;
ALTER TABLE deliveries ADD COLUMN bounced_at INTEGER;
ALTER TABLE deliveries ADD COLUMN bounce_type TEXT;
ALTER TABLE deliveries ADD COLUMN complained_at INTEGER;

-- Whose tracking a campaign's e-mails carry: pregon | provider | off.
ALTER TABLE campaigns ADD COLUMN tracking TEXT NOT NULL DEFAULT 'pregon';

-- The links of a campaign's HTML, numbered 1.. in order of first appearance. A click token
-- names a link id; the redirect goes to the URL stored here and nowhere else.
CREATE TABLE campaign_links (
  campaign_id     INTEGER NOT NULL REFERENCES campaigns (id),
  link_id         INTEGER NOT NULL,
  url             TEXT NOT NULL,
  human_clicks    INTEGER NOT NULL DEFAULT 0,
  machine_clicks  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, link_id)
);

-- Opens and clicks per campaign and hour (ms since the epoch of the hour's start), by
-- verdict: human | privacy_proxy | scanner | unknown.
CREATE TABLE engagement_hours (
  campaign_id  INTEGER NOT NULL REFERENCES campaigns (id),
  hour         INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  verdict      TEXT NOT NULL,
  hits         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, hour, kind, verdict)
);
