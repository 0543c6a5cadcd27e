-- Amounts found by the quantity stage, one row per amount of a document,
-- written with the document in the same transaction (only when it is new).
CREATE TABLE quantities (
    doc_id        TEXT NOT NULL REFERENCES documents (id),
    idx           INTEGER NOT NULL,      -- position in the document's quantities
    value         REAL NOT NULL,
    unit          TEXT NOT NULL,         -- "troops", "killed", "km"; '' when none
    role          TEXT,                  -- size, fatalities or injured when it measures an event
    event_type    TEXT,                  -- that event's PLOVER type
    published_day TEXT,                  -- the document's
    record        TEXT NOT NULL,         -- the amount as JSON (news.QuantityRecord)
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX quantities_unit_day ON quantities (unit, published_day);
CREATE INDEX quantities_role_day ON quantities (role, published_day);
