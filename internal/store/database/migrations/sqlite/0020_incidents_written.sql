-- Each incident records the count of incident writes (writes.n of
-- 'incidents') that last wrote it. A process whose cache of incidents is
-- behind that count then forgets only those written since, not all it
-- holds: with two workers taking turns, every batch found the other's
-- batch in between and decoded its candidates again (incidents.go).
ALTER TABLE incidents ADD COLUMN written INTEGER NOT NULL DEFAULT 0;
CREATE INDEX incidents_written ON incidents (written);
