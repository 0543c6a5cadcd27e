-- The PostgreSQL store: the tables of SQLite's migrations 0001 to 0017,
-- as they stand after them, in one step. Text that is compared or sorted
-- is COLLATE "C", so that it sorts byte by byte as SQLite and the Go code
-- compare it, whatever the database's locale. Days are YYYY-MM-DD text,
-- as in SQLite, so that every query reads the same in both. Rows refer
-- to their document without foreign keys: Put writes a document and all
-- that refers to it in one transaction, and checking each of a batch's
-- thousands of rows cost more than any other part of writing them.

CREATE TABLE documents (
    seq           BIGINT PRIMARY KEY,   -- given by Put, in the order stored
    id            TEXT COLLATE "C" NOT NULL UNIQUE,
    url           TEXT COLLATE "C",
    hash          TEXT NOT NULL,
    input         TEXT NOT NULL,
    format        TEXT NOT NULL,
    title         TEXT,
    published     TEXT COLLATE "C",
    published_day TEXT COLLATE "C",
    source        TEXT COLLATE "C",
    authors       TEXT NOT NULL DEFAULT '[]',
    language      TEXT COLLATE "C",
    text          TEXT NOT NULL,
    links         TEXT NOT NULL DEFAULT '[]',
    problems      TEXT NOT NULL DEFAULT '[]',
    ingested_at   TEXT NOT NULL,
    duplicate_of  TEXT COLLATE "C",
    duplicate_why TEXT,
    story         TEXT COLLATE "C",
    -- Words split at every character that is neither letter nor digit,
    -- as the query side (TSQuery) splits them; the title weighs more.
    fts tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', regexp_replace(coalesce(title, ''), '[^[:alnum:]]+', ' ', 'g')), 'A') ||
        setweight(to_tsvector('simple', regexp_replace(text, '[^[:alnum:]]+', ' ', 'g')), 'B')) STORED
);
CREATE INDEX documents_url ON documents (url);
CREATE INDEX documents_published_day ON documents (published_day);
CREATE INDEX documents_duplicate_of ON documents (duplicate_of);
CREATE INDEX documents_story ON documents (story);
CREATE INDEX documents_fts ON documents USING gin (fts);

CREATE TABLE events (
    seq           BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, -- the order they were stored in
    doc_id        TEXT COLLATE "C" NOT NULL,
    idx           INTEGER NOT NULL,
    type          TEXT COLLATE "C" NOT NULL,
    mode          TEXT,
    modality      TEXT COLLATE "C" NOT NULL,
    negated       BOOLEAN NOT NULL,
    source_codes  TEXT NOT NULL,
    target_codes  TEXT NOT NULL,
    actor_names   TEXT NOT NULL,
    published_day TEXT COLLATE "C",
    confidence    DOUBLE PRECISION NOT NULL,
    record        TEXT NOT NULL,
    lat           DOUBLE PRECISION,
    lon           DOUBLE PRECISION,
    event_from    TEXT COLLATE "C",
    event_until   TEXT COLLATE "C",
    incident      TEXT COLLATE "C",
    merge_why     TEXT,
    place         TEXT COLLATE "C",
    long_period   INTEGER NOT NULL DEFAULT 0,
    multi_day     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX events_type_day ON events (type, published_day DESC NULLS LAST, doc_id DESC, idx DESC);
CREATE INDEX events_lat_lon ON events (lat, lon);
CREATE INDEX events_incident ON events (incident);
CREATE INDEX events_listing ON events (published_day DESC NULLS LAST, doc_id DESC, idx DESC);
CREATE INDEX events_place ON events (place, published_day DESC NULLS LAST, doc_id DESC, idx DESC) WHERE place IS NOT NULL;
CREATE INDEX events_from ON events (event_from DESC NULLS LAST, published_day DESC NULLS LAST, doc_id DESC, idx DESC)
    WHERE multi_day = 0 AND long_period = 0;
CREATE INDEX events_multi ON events (event_from DESC NULLS LAST, published_day DESC NULLS LAST, doc_id DESC, idx DESC)
    WHERE multi_day = 1;
CREATE INDEX events_long ON events (event_until, event_from) WHERE long_period = 1;

CREATE TABLE actors (
    doc_id   TEXT COLLATE "C" NOT NULL,
    name     TEXT COLLATE "C" NOT NULL,
    code     TEXT COLLATE "C" NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (doc_id, name, code)
);
CREATE INDEX actors_code ON actors (code);

CREATE TABLE quantities (
    doc_id        TEXT COLLATE "C" NOT NULL,
    idx           INTEGER NOT NULL,
    value         DOUBLE PRECISION NOT NULL,
    unit          TEXT COLLATE "C" NOT NULL,
    role          TEXT COLLATE "C",
    event_type    TEXT COLLATE "C",
    published_day TEXT COLLATE "C",
    record        TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX quantities_unit_day ON quantities (unit, published_day);
CREATE INDEX quantities_role_day ON quantities (role, published_day);

CREATE TABLE fingerprints (
    seq        BIGINT PRIMARY KEY,
    minhash    BYTEA NOT NULL,
    shingles   INTEGER NOT NULL,
    exact      BIGINT NOT NULL,
    title      BIGINT NOT NULL,
    title_only BOOLEAN NOT NULL
);

CREATE TABLE fingerprint_keys (
    key BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (key, seq)
);

-- Runs of keys are SQLite's (runs.go); the table is here so that the
-- same code reads none.
CREATE TABLE fingerprint_runs (
    run   INTEGER PRIMARY KEY,
    keys  INTEGER NOT NULL,
    bloom BYTEA NOT NULL
);

CREATE TABLE stories (
    id    TEXT COLLATE "C" PRIMARY KEY,
    title TEXT NOT NULL,
    first TEXT COLLATE "C",
    last  TEXT COLLATE "C",
    size  INTEGER NOT NULL,
    state BYTEA NOT NULL
);
CREATE INDEX stories_first ON stories (first);

CREATE TABLE story_keys (
    day   TEXT COLLATE "C" NOT NULL,
    key   TEXT COLLATE "C" NOT NULL,
    story TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (day, key, story)
);
CREATE INDEX story_keys_key ON story_keys (key);

CREATE TABLE story_words (
    word TEXT COLLATE "C" PRIMARY KEY,
    docs INTEGER NOT NULL
);

CREATE TABLE incidents (
    id        TEXT COLLATE "C" NOT NULL UNIQUE,
    type      TEXT COLLATE "C" NOT NULL,
    day_from  TEXT COLLATE "C" NOT NULL,
    day_until TEXT COLLATE "C" NOT NULL,
    body      TEXT NOT NULL
);
CREATE INDEX incidents_type_from ON incidents (type, day_from);

CREATE TABLE event_days (
    day       TEXT COLLATE "C" NOT NULL,
    type      TEXT COLLATE "C" NOT NULL,
    modality  TEXT COLLATE "C" NOT NULL,
    incidents INTEGER NOT NULL,
    PRIMARY KEY (day, type, modality)
);

CREATE TABLE event_months (
    month     TEXT COLLATE "C" NOT NULL,
    type      TEXT COLLATE "C" NOT NULL,
    modality  TEXT COLLATE "C" NOT NULL,
    incidents INTEGER NOT NULL,
    PRIMARY KEY (month, type, modality)
);

CREATE TABLE event_places (place TEXT COLLATE "C" PRIMARY KEY);

CREATE TABLE watch_state (
    key     TEXT COLLATE "C" PRIMARY KEY,
    value   BYTEA NOT NULL,
    updated TEXT NOT NULL
);

CREATE TABLE alerts (
    rule         TEXT COLLATE "C" NOT NULL,
    subject      TEXT COLLATE "C" NOT NULL,
    weight       INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    first_raised TEXT NOT NULL,
    last_raised  TEXT NOT NULL,
    payload      TEXT NOT NULL,
    PRIMARY KEY (rule, subject)
);

CREATE TABLE alert_outbox (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notifier   TEXT NOT NULL,
    rule       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    version    INTEGER NOT NULL,
    payload    TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_try   TEXT COLLATE "C" NOT NULL,
    last_error TEXT
);
CREATE INDEX alert_outbox_due ON alert_outbox (next_try);
