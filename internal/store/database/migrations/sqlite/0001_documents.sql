-- Documents: one row per ingested document. The text never changes once
-- stored; later stages add their own tables keyed by document.
CREATE TABLE documents (
    seq           INTEGER PRIMARY KEY,   -- rowid, for the full-text index
    id            TEXT NOT NULL UNIQUE,  -- news.ID: from URL and content hash
    url           TEXT,
    hash          TEXT NOT NULL,         -- hex SHA-256 of the raw input
    input         TEXT NOT NULL,         -- where it was read from
    format        TEXT NOT NULL,         -- html or text
    title         TEXT,
    published     TEXT,                  -- YYYY-MM-DD, or RFC 3339 with a time of day
    published_day TEXT,                  -- YYYY-MM-DD, for ranges and sorting
    source        TEXT,
    authors       TEXT NOT NULL DEFAULT '[]',  -- JSON list
    language      TEXT,
    text          TEXT NOT NULL,
    links         TEXT NOT NULL DEFAULT '[]',  -- JSON list of {url, text}
    problems      TEXT NOT NULL DEFAULT '[]',  -- JSON list of {stage, message}
    ingested_at   TEXT NOT NULL          -- RFC 3339
);
CREATE INDEX documents_url ON documents (url);
CREATE INDEX documents_published_day ON documents (published_day);

CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, text,
    content = 'documents', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
