-- Copies (issue 5): each document's fingerprint, the keys it is found
-- under, and the earliest copy of its text. duplicate_of is NULL for a
-- document that copies none held, and for every document stored before
-- this migration (they have no fingerprint and are never matched).
ALTER TABLE documents ADD COLUMN duplicate_of TEXT;  -- news.ID of the earliest copy
ALTER TABLE documents ADD COLUMN duplicate_why TEXT; -- "same text", "shares about 92% of its text", "same headline"
CREATE INDEX documents_duplicate_of ON documents (duplicate_of);

CREATE TABLE fingerprints (
    seq        INTEGER PRIMARY KEY REFERENCES documents (seq),
    minhash    BLOB NOT NULL,     -- news.FingerprintHashes uint32 values, little-endian
    shingles   INTEGER NOT NULL,
    exact      INTEGER NOT NULL,  -- uint64 stored as int64
    title      INTEGER NOT NULL,
    title_only INTEGER NOT NULL
);

-- duplicate.Keys of each fingerprint: documents sharing a key are the only
-- candidates compared, so finding a document's copies costs a few index
-- lookups whatever the store's size.
-- One B-tree ordered by key (no rowid table beside an index): a look-up is
-- one seek and an insert touches one tree.
CREATE TABLE fingerprint_keys (
    key INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (key, seq)
) WITHOUT ROWID;
