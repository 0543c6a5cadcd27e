-- The dashboard's queries (issue 6).
--
-- event_days counts real-world events (incidents) by the day their first
-- report dates them (its dated period's start, else its publication day),
-- type and modality, kept as incidents are made and split: the timeline
-- over a theatre's years reads this, not a million event rows.
CREATE TABLE event_days (
    day       TEXT NOT NULL,
    type      TEXT NOT NULL,
    modality  TEXT NOT NULL,
    incidents INTEGER NOT NULL,
    PRIMARY KEY (day, type, modality)
) WITHOUT ROWID;
INSERT INTO event_days (day, type, modality, incidents)
    SELECT coalesce(event_from, published_day) AS d, type, modality, count(*) FROM events
    WHERE (incident IS NULL OR incident = doc_id || ':' || idx) AND d IS NOT NULL
    GROUP BY d, type, modality;

-- Events are listed newest first by publication day, then document and
-- index, all descending: this index gives that order, so the first page
-- reads fifty rows, not all of them.
DROP INDEX IF EXISTS events_day;
CREATE INDEX events_listing ON events (published_day, doc_id, idx);

-- Where each event happened, lower case, for the place filter without
-- reading each event's JSON: " name | admin1 | country ".
ALTER TABLE events ADD COLUMN place TEXT;
UPDATE events SET place = lower(' ' || json_extract(record, '$.place.name') || ' | ' ||
        coalesce(json_extract(record, '$.place.admin1'), '') || ' | ' || json_extract(record, '$.place.country') || ' ')
    WHERE lat IS NOT NULL;
