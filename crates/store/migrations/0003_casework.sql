-- Schema 3: casework. What schema 1 did not hold for the officer's daily work: when a
-- member was added after submission and whether both parents accompany a child (M1–M3,
-- V5), each person's attestation (V1–V5), and whether a file is ready for a selection
-- proposal (kept by the write path so the "ready for a decision" queue is one indexed
-- query). Append-only: never edit this file once released; add 0004_*.sql instead.

ALTER TABLE persons ADD COLUMN added_on TEXT;              -- Québec day, NULL: on the application
ALTER TABLE persons ADD COLUMN both_parents_accompany INTEGER
    CHECK (both_parents_accompany IS NULL OR both_parents_accompany IN (0, 1));

-- V1–V5: one row per person whose attestation was obtained or who was declared exempt.
CREATE TABLE attestations (
    case_id      TEXT NOT NULL REFERENCES cases (id),
    person_id    TEXT NOT NULL REFERENCES persons (id),
    state        TEXT NOT NULL CHECK (state IN ('obtained', 'exempt')),
    obtained_on  TEXT,                                    -- Québec day
    exemption    TEXT CHECK (exemption IS NULL OR json_valid(exemption)),
    reason       TEXT,
    updated_hlc  TEXT NOT NULL,
    PRIMARY KEY (case_id, person_id)
) STRICT;

ALTER TABLE cases ADD COLUMN selection_ready INTEGER NOT NULL DEFAULT 0
    CHECK (selection_ready IN (0, 1));
CREATE INDEX cases_ready ON cases (selection_ready, status);
