-- The place filter: the places events happened at, each once, searched
-- by part of their name; then the events of the places found, newest
-- first, from this index.
CREATE TABLE event_places (place TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT OR IGNORE INTO event_places (place) SELECT place FROM events WHERE place IS NOT NULL;
CREATE INDEX events_place ON events (place, published_day, doc_id, idx) WHERE place IS NOT NULL;
