-- What sitrep watch remembers across restarts (issue 7): where each
-- source stopped, which alerts were raised and at what weight, and the
-- deliveries still owed to each notifier.
CREATE TABLE watch_state (
    key     TEXT PRIMARY KEY,   -- "source:<name>", "events"
    value   BLOB NOT NULL,
    updated TEXT NOT NULL
) WITHOUT ROWID;

-- One alert per rule and subject (an incident, a rule's period): raised
-- again, as a new version, only when its weight (outlets, events) grows.
CREATE TABLE alerts (
    rule         TEXT NOT NULL,
    subject      TEXT NOT NULL,
    weight       INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    first_raised TEXT NOT NULL,
    last_raised  TEXT NOT NULL,
    payload      TEXT NOT NULL,
    PRIMARY KEY (rule, subject)
) WITHOUT ROWID;

-- Deliveries not yet made: written with the alert, in one transaction,
-- and deleted once the notifier took them.
CREATE TABLE alert_outbox (
    id         INTEGER PRIMARY KEY,
    notifier   TEXT NOT NULL,
    rule       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    version    INTEGER NOT NULL,
    payload    TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_try   TEXT NOT NULL,
    last_error TEXT
);
CREATE INDEX alert_outbox_due ON alert_outbox (next_try);
