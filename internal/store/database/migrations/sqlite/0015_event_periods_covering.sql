-- Date filters read index entries, not event rows. Events are sorted by
-- the length of the period that dates them, and each kind is one range
-- of an index holding every column a listing filters on cheaply (type,
-- modality, placed, place) and sorts by (publication day, document,
-- index): a month of a decade is then a month of entries, and only the
-- page shown reads its events' rows.
--
-- multi_day marks periods of two days to a month ("earlier this week",
-- "in March"); long_period (0011) those longer; the rest are one day, or
-- undated.
ALTER TABLE events ADD COLUMN multi_day INTEGER NOT NULL DEFAULT 0;
UPDATE events SET multi_day = 1
    WHERE long_period = 0 AND julianday(event_until) - julianday(event_from) > 1;
DROP INDEX IF EXISTS events_from;
DROP INDEX IF EXISTS events_long;
-- A day's events by their day; undated ones (event_from NULL) by
-- publication day, from the same index.
CREATE INDEX events_from ON events (event_from, type, modality, lat, place, published_day, doc_id, idx)
    WHERE multi_day = 0 AND long_period = 0;
-- Periods of up to a month by their end, which a month's filter bounds
-- on both sides.
CREATE INDEX events_multi ON events (event_until, event_from, type, modality, lat, place, published_day, doc_id, idx)
    WHERE multi_day = 1;
CREATE INDEX events_long ON events (event_until, event_from, type, modality, lat, place, published_day, doc_id, idx)
    WHERE long_period = 1;
