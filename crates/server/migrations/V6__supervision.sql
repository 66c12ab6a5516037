-- V6: the supervisor's desk (issue 17). What the figures and the team screen read,
-- projected from each file's decider state when it is written (so no figure parses a
-- state): when the file was received and decided, and how; each request with its
-- deadline and answer. `projected` is the `figures::PROJECTION_VERSION` the columns were
-- written under (NULL: not yet, the server projects it at start). Administrators (who may
-- reset passwords), and the record of every user-management action.

ALTER TABLE cases ADD COLUMN received_at timestamptz;
ALTER TABLE cases ADD COLUMN decided_at timestamptz;
ALTER TABLE cases ADD COLUMN decision text CHECK (decision IN ('selected', 'refused', 'rejected'));
ALTER TABLE cases ADD COLUMN projected integer;
CREATE INDEX cases_received_at ON cases (received_at, file_number);

CREATE TABLE case_requests (
    case_id     uuid NOT NULL REFERENCES cases (id),
    request_id  uuid NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('missing_items', 'attestation', 'intent_to_refuse', 'intent_to_reject')),
    sent_at     timestamptz NOT NULL,
    -- Midnight at the end of the last day, Montréal time: an answer at or after is late.
    ends_at     timestamptz NOT NULL,
    answered_at timestamptz,
    closed_at   timestamptz,
    PRIMARY KEY (case_id, request_id)
);
CREATE INDEX case_requests_open ON case_requests (ends_at) WHERE closed_at IS NULL;

ALTER TABLE users ADD COLUMN administrator boolean NOT NULL DEFAULT false;

CREATE TABLE user_events (
    id        bigserial PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    by_name   text NOT NULL,
    user_name text NOT NULL,
    action    text NOT NULL CHECK (action IN ('away', 'back', 'role_set', 'password_reset')),
    role      text CHECK (role IN ('officer', 'supervisor'))
);
CREATE INDEX user_events_user ON user_events (user_name, at);
