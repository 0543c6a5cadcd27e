-- Listings filtered by dates go by the day each event is dated, newest
-- first (periodOrder), and the period indexes hold their rows in that
-- order: a page of a year then reads a page of index entries, where 0015's
-- indexes made it read and sort every entry of the year. The columns a
-- listing filters on come after the order's.
DROP INDEX IF EXISTS events_from;
DROP INDEX IF EXISTS events_multi;
-- A day's events, and the undated ones (event_from NULL) by publication.
CREATE INDEX events_from ON events (event_from, published_day, doc_id, idx, type, modality, lat, place)
    WHERE multi_day = 0 AND long_period = 0;
-- Periods of two days to a month, by their start: one that overlaps a
-- filter starts at most a month before it.
CREATE INDEX events_multi ON events (event_from, published_day, doc_id, idx, event_until, type, modality, lat, place)
    WHERE multi_day = 1;
