-- pregon schema v4 (PostgreSQL): the deliveries a cancelled campaign never sent get a
-- final status of their own, 'cancelled', counted per range like every other status,
-- instead of staying 'pending' for ever.

ALTER TABLE ranges ADD COLUMN cancelled BIGINT NOT NULL DEFAULT 0;

-- Campaigns cancelled before this version left their untouched deliveries pending.
UPDATE deliveries SET status = 'cancelled', last_error = 'campaign cancelled before it was sent'
WHERE status = 'pending' AND campaign_id IN (SELECT id FROM campaigns WHERE status = 'cancelled');
UPDATE ranges SET cancelled = pending, pending = 0
WHERE campaign_id IN (SELECT id FROM campaigns WHERE status = 'cancelled');
