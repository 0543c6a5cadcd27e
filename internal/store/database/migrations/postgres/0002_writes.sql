-- Counts of writes that a process's caches must notice when another
-- process (or a split) makes them: 'incidents' goes up with every
-- transaction that writes incidents (incidents.go, incidentCache).
CREATE TABLE writes (
    name TEXT COLLATE "C" PRIMARY KEY,
    n    BIGINT NOT NULL
);
INSERT INTO writes (name, n) VALUES ('incidents', 0);
