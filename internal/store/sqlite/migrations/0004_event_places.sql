-- Where each event happened (news.EventRecord.Place), for map queries;
-- NULL when the event has no place. Events stored before this migration
-- keep NULL.
ALTER TABLE events ADD COLUMN lat REAL;
ALTER TABLE events ADD COLUMN lon REAL;
CREATE INDEX events_lat_lon ON events (lat, lon);
