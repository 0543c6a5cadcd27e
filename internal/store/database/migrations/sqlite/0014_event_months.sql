-- event_days summed by month: the dashboard's first view of a store is
-- its whole span by month, which then reads a row per month, type and
-- modality rather than one per day.
CREATE TABLE event_months (
    month     TEXT NOT NULL,   -- YYYY-MM-01
    type      TEXT NOT NULL,
    modality  TEXT NOT NULL,
    incidents INTEGER NOT NULL,
    PRIMARY KEY (month, type, modality)
) WITHOUT ROWID;
INSERT INTO event_months (month, type, modality, incidents)
    SELECT substr(day, 1, 8) || '01', type, modality, sum(incidents) FROM event_days GROUP BY 1, 2, 3;
