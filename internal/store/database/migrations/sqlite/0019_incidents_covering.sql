-- A batch asks which stored incidents its reports could join by type and
-- day, and reads the bodies only of those its cache lacks (incidents.go).
-- The index answers with their IDs without reading the rows, in the
-- order it gave before (type, day, then the order incidents were first
-- stored): seq is the rowid it was, now named, so that VACUUM keeps it.
CREATE TABLE incidents_seq (
    seq       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    type      TEXT NOT NULL,
    day_from  TEXT NOT NULL,
    day_until TEXT NOT NULL,
    body      TEXT NOT NULL
);
INSERT INTO incidents_seq (seq, id, type, day_from, day_until, body)
    SELECT rowid, id, type, day_from, day_until, body FROM incidents ORDER BY rowid;
DROP TABLE incidents;
ALTER TABLE incidents_seq RENAME TO incidents;
CREATE INDEX incidents_type_from ON incidents (type, day_from, seq, id);
