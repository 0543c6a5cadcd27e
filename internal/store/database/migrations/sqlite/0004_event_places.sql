-- Where and when each event happened (news.EventRecord.Place and Date),
-- for map and timeline queries. lat and lon are NULL when the event has no
-- place; event_from and event_until (YYYY-MM-DD, until exclusive) bound the
-- period its date names, else its document's publication day. Events
-- stored before this migration keep NULL and are found by publication day.
ALTER TABLE events ADD COLUMN lat REAL;
ALTER TABLE events ADD COLUMN lon REAL;
ALTER TABLE events ADD COLUMN event_from TEXT;
ALTER TABLE events ADD COLUMN event_until TEXT;
CREATE INDEX events_lat_lon ON events (lat, lon);
CREATE INDEX events_period ON events (event_from, event_until);
