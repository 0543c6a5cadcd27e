-- Events and actors found by the event and actor stages, one row per
-- event or per actor of a document. Rows are written with their document,
-- in the same transaction, and only when the document is new, so
-- re-ingesting adds nothing.
CREATE TABLE events (
    doc_id        TEXT NOT NULL REFERENCES documents (id),
    idx           INTEGER NOT NULL,      -- position in the document's events
    type          TEXT NOT NULL,         -- PLOVER type
    mode          TEXT,
    modality      TEXT NOT NULL,
    negated       INTEGER NOT NULL,
    source_codes  TEXT NOT NULL,         -- " IRQMIL USAGOV " for LIKE filters
    target_codes  TEXT NOT NULL,
    actor_names   TEXT NOT NULL,         -- lower-case names and texts of all its actors, for filters
    published_day TEXT,                  -- the document's, until events get their own dates
    confidence    REAL NOT NULL,
    record        TEXT NOT NULL,         -- the event as JSON (news.EventRecord)
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX events_type_day ON events (type, published_day);
CREATE INDEX events_day ON events (published_day);

CREATE TABLE actors (
    doc_id   TEXT NOT NULL REFERENCES documents (id),
    name     TEXT NOT NULL,
    code     TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (doc_id, name, code)
);
CREATE INDEX actors_code ON actors (code);
