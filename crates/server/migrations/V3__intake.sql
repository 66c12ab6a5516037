-- V3: intake. Submissions from the applicants' portal (`../shared/portal.md`), each
-- recorded once under its idempotency key, with the outcome intake decided (I1-I5); the
-- revisions of a recorded outcome (never silent); and the `portal` role, for the portal's
-- account, which may do nothing but submit bundles.

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('officer', 'supervisor', 'portal'));

-- One row per bundle recorded: an application (`sequence` 1) or later documents (2, 3...).
-- A refused bundle leaves no row.
CREATE TABLE submissions (
    submission_id   text NOT NULL CHECK (submission_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    sequence        integer NOT NULL CHECK (sequence >= 1),
    kind            text NOT NULL CHECK (kind IN ('application', 'documents')),
    -- SHA-256 over the parsed bundle and its documents' hashes: the same id with other
    -- content is a conflict.
    content_hash    text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    -- submission.json as read (the letters of a later revision are written from it).
    submission      jsonb NOT NULL,
    received_at     timestamptz NOT NULL,
    stream          text,
    profile         text,
    outcome         text NOT NULL CHECK (outcome IN ('received', 'not_received')),
    -- The `program::intake::Outcome` as JSON (the acknowledgement, or why not received).
    decision        jsonb NOT NULL,
    case_id         uuid REFERENCES cases (id),
    acknowledgement text UNIQUE,
    -- The acknowledgement or the notice, as sent (a PDF in the applicant's language).
    letter_sha256   text CHECK (letter_sha256 ~ '^[0-9a-f]{64}$'),
    -- Received, decided, and kept in its place when a late arrival received earlier would
    -- take it (docs/intake.md): no later replay revises it.
    held_place      boolean NOT NULL DEFAULT false,
    recorded_by     text NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (submission_id, sequence),
    CHECK ((kind = 'application') = (sequence = 1)),
    CHECK (outcome = 'not_received' OR case_id IS NOT NULL)
);
CREATE INDEX submissions_received_at ON submissions (received_at, submission_id)
    WHERE kind = 'application';

-- File numbers are taken from here, one per received application, never reused.
CREATE SEQUENCE file_number_seq;

-- A recorded outcome changed by a submission received earlier that arrived later
-- (docs/intake.md): the outcome before and after, and the submission that caused it.
CREATE TABLE intake_revisions (
    id            bigserial PRIMARY KEY,
    submission_id text NOT NULL,
    before        jsonb NOT NULL,
    after         jsonb NOT NULL,
    sequence      integer NOT NULL DEFAULT 1,
    because_of    text NOT NULL,
    -- The notice sent to the applicant with the revision.
    letter_sha256 text CHECK (letter_sha256 ~ '^[0-9a-f]{64}$'),
    revised_at    timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (submission_id, sequence) REFERENCES submissions (submission_id, sequence)
);
