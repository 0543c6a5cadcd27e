-- Incidents (issue 5): the events of different documents, or of one, that
-- are one real-world event. Each event row names its incident (the
-- "<doc_id>:<idx>" of the incident's first report) and why it joined, and
-- an incident's evidence is read by that name. An incident of reports that
-- can merge (dated, not negated) has a row here holding what a new report
-- is compared with (incident.Incident as JSON: a bounded profile of its
-- reports); other events stand alone, as do events stored before this
-- migration (their incident is NULL).
ALTER TABLE events ADD COLUMN incident TEXT;
ALTER TABLE events ADD COLUMN merge_why TEXT;
CREATE INDEX events_incident ON events (incident);

CREATE TABLE incidents (
    id        TEXT PRIMARY KEY,
    type      TEXT NOT NULL,
    day_from  TEXT NOT NULL,   -- YYYY-MM-DD: the earliest start of its compared reports' periods
    day_until TEXT NOT NULL,   -- the latest end (exclusive)
    body      TEXT NOT NULL    -- JSON incident.Incident
) WITHOUT ROWID;
CREATE INDEX incidents_type_from ON incidents (type, day_from);
