-- The --since/--until filter reads event_from and event_until through a
-- CASE (events stored before 0004 have neither), which no index serves;
-- the index only made every insert dearer (about 6% of a short-text
-- ingest on one core, measured in interleaved runs).
DROP INDEX IF EXISTS events_period;
