-- Sealed runs of fingerprint keys (issue 5): past a million keys, the
-- live fingerprint_keys table is renamed fingerprint_keys_N and never
-- written again, and a new one takes its place, so inserting keys costs
-- the same however many documents the store holds. bloom is a Bloom filter
-- of the run's keys (duplicate.Bloom): a look-up reads a run only when it
-- may hold a key.
CREATE TABLE fingerprint_runs (
    run   INTEGER PRIMARY KEY,  -- its table is fingerprint_keys_<run>
    keys  INTEGER NOT NULL,
    bloom BLOB NOT NULL
);
