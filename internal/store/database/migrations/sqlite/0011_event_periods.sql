-- Events by the start of their dated period, for date filters: a month of
-- a decade is found by a range of this index, not a scan of the rest.
-- Periods longer than a month ("in 2019") are few and found by their own
-- small index, so the range can start a month before the filter's.
ALTER TABLE events ADD COLUMN long_period INTEGER NOT NULL DEFAULT 0;
UPDATE events SET long_period = 1 WHERE julianday(event_until) - julianday(event_from) > 31;
CREATE INDEX events_from ON events (event_from);
CREATE INDEX events_long ON events (event_from) WHERE long_period = 1;
