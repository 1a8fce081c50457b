-- pregon schema v13: totals kept as they change, so a campaign's report and a list's page read
-- one row instead of counting a million; the language each user chose; and an index for the
-- dashboard's provider warnings.
--
-- A campaign's tracking totals (EngagementSummary without `sent`, which the ranges keep):
-- unique deliveries opened or clicked by a human, those only a machine opened or clicked,
-- the hits of each, and the deliveries unsubscribed, bounced and complained. Each change to
-- a delivery's engagement adds its difference here in the same transaction.
CREATE TABLE campaign_engagement (
  campaign_id                  BIGINT PRIMARY KEY REFERENCES campaigns (id),
  opened                       BIGINT NOT NULL DEFAULT 0,
  opened_by_machine_only       BIGINT NOT NULL DEFAULT 0,
  opens                        BIGINT NOT NULL DEFAULT 0,
  machine_opens                BIGINT NOT NULL DEFAULT 0,
  clicked                      BIGINT NOT NULL DEFAULT 0,
  clicked_by_machine_only      BIGINT NOT NULL DEFAULT 0,
  clicks                       BIGINT NOT NULL DEFAULT 0,
  machine_clicks               BIGINT NOT NULL DEFAULT 0,
  unsubscribed                 BIGINT NOT NULL DEFAULT 0,
  bounced                      BIGINT NOT NULL DEFAULT 0,
  complained                   BIGINT NOT NULL DEFAULT 0
);
INSERT INTO campaign_engagement
SELECT campaign_id,
       SUM(CASE WHEN opens > 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN opens = 0 AND machine_opens > 0 THEN 1 ELSE 0 END),
       SUM(opens), SUM(machine_opens),
       SUM(CASE WHEN clicks > 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN clicks = 0 AND machine_clicks > 0 THEN 1 ELSE 0 END),
       SUM(clicks), SUM(machine_clicks),
       COUNT(unsubscribed_at), COUNT(bounced_at), COUNT(complained_at)
FROM deliveries
WHERE opens + machine_opens + clicks + machine_clicks > 0 OR unsubscribed_at IS NOT NULL
   OR bounced_at IS NOT NULL OR complained_at IS NOT NULL
GROUP BY campaign_id;

-- What View report shows of a campaign's loaded reports: its reconciliation with pregon's
-- ledger and the breakdowns, worked out when one of its reports is loaded into this database
-- so a page never reconciles a million rows (JSON the store writes and reads alone; an empty
-- reconciliation: no sent report loaded yet).
CREATE TABLE campaign_report_views (
  campaign_id     BIGINT PRIMARY KEY REFERENCES campaigns (id),
  computed_at     BIGINT NOT NULL,
  reconciliation  TEXT NOT NULL,
  breakdowns      TEXT NOT NULL
);

-- A list's members, counted as they join (members only join: an import adds, nothing removes).
ALTER TABLE lists ADD COLUMN member_count BIGINT NOT NULL DEFAULT 0;
UPDATE lists SET member_count = (SELECT COUNT(*) FROM list_members m WHERE m.list_id = lists.id);

-- The language a user chose on their profile (es | en), kept with the user so it follows
-- them to any browser; '' = none chosen: the browser's.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';

-- The events a provider's throttle or refusal logs, across campaigns, for the dashboard
-- (store/common/row_readers.h kProviderEventsSql repeats this WHERE word for word).
CREATE INDEX campaign_events_provider ON campaign_events (id)
  WHERE kind IN ('throttled', 'sender_blocked');
