-- A batch asks which stored incidents its reports could join by type and
-- day, and reads the bodies only of those its cache lacks (incidents.go):
-- the index holds their IDs, so that the rows need not be read.
DROP INDEX incidents_type_from;
CREATE INDEX incidents_type_from ON incidents (type, day_from) INCLUDE (id);
