-- Schema 1: the officer's local store. Append-only: never edit this file once released;
-- add 0002_*.sql instead. Times are RFC 3339 UTC text ('2024-01-05T14:03:00Z'), calendar
-- days are ISO dates ('2024-03-05', a day in Québec), money is integer cents (CAD).

-- Facts about this store: its clock node id and the last timestamp it issued.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE cases (
    seq            INTEGER PRIMARY KEY,           -- row id, shared with case_search
    id             TEXT NOT NULL UNIQUE,          -- CaseId (UUIDv7)
    file_number    TEXT NOT NULL UNIQUE,          -- as the officer sees it: 2024-AI-000123
    stream         TEXT NOT NULL CHECK (stream IN ('ai', 'it_vfx')),
    profile        TEXT NOT NULL CHECK (profile IN ('francization', 'regular')),
    received_at    TEXT NOT NULL,
    status         TEXT NOT NULL,                 -- program::CaseStatus code
    language       TEXT NOT NULL CHECK (language IN ('fr', 'en')),
    assigned_to    TEXT,
    principal_name TEXT NOT NULL DEFAULT '',      -- 'Family, Given', kept by the write path
    next_deadline  TEXT,                          -- last day of the earliest open request
    created_hlc    TEXT NOT NULL,
    updated_hlc    TEXT NOT NULL
) STRICT;
CREATE INDEX cases_due ON cases (coalesce(next_deadline, '9999-12-31'), file_number);
CREATE INDEX cases_stream_due ON cases (stream, coalesce(next_deadline, '9999-12-31'), file_number);
CREATE INDEX cases_received ON cases (received_at);
CREATE INDEX cases_name ON cases (principal_name COLLATE NOCASE);
CREATE INDEX cases_status ON cases (status);

CREATE TABLE persons (
    id               TEXT PRIMARY KEY,            -- PersonId
    case_id          TEXT NOT NULL REFERENCES cases (id),
    role             TEXT NOT NULL CHECK (role IN ('principal_applicant', 'spouse', 'dependent_child')),
    family_name      TEXT NOT NULL,
    given_names      TEXT NOT NULL,
    date_of_birth    TEXT NOT NULL,
    accompanying     INTEGER NOT NULL DEFAULT 1 CHECK (accompanying IN (0, 1)),
    attestation_held INTEGER NOT NULL DEFAULT 0 CHECK (attestation_held IN (0, 1)),
    removed_hlc      TEXT                         -- M4: removed members stay on record
) STRICT;
CREATE INDEX persons_case ON persons (case_id);

CREATE TABLE representatives (
    case_id      TEXT PRIMARY KEY REFERENCES cases (id),
    name         TEXT NOT NULL,
    organization TEXT,
    email        TEXT,
    licence      TEXT
) STRICT;

CREATE TABLE documents (
    id             TEXT PRIMARY KEY,              -- DocumentId
    case_id        TEXT NOT NULL REFERENCES cases (id),
    person_id      TEXT REFERENCES persons (id),
    checklist_code TEXT,
    file_name      TEXT NOT NULL,
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    byte_size      INTEGER NOT NULL CHECK (byte_size >= 0),
    received_at    TEXT NOT NULL,
    quality        TEXT CHECK (quality IS NULL OR json_valid(quality))
) STRICT;
CREATE INDEX documents_case ON documents (case_id);
CREATE INDEX documents_sha ON documents (sha256);

CREATE TABLE checklist_items (
    case_id     TEXT NOT NULL REFERENCES cases (id),
    code        TEXT NOT NULL,                    -- item code from the program definition
    person_id   TEXT REFERENCES persons (id),
    state       TEXT NOT NULL,                    -- received | missing | explanatory_letter | ...
    document_id TEXT REFERENCES documents (id),
    comment     TEXT,
    updated_hlc TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX checklist_items_key ON checklist_items (case_id, code, coalesce(person_id, ''));

CREATE TABLE payments (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    paid_at      TEXT NOT NULL,
    payer        TEXT NOT NULL CHECK (payer IN ('applicant', 'third_party')),
    method       TEXT NOT NULL CHECK (method IN ('credit_card'))
) STRICT;
CREATE INDEX payments_case ON payments (case_id);

CREATE TABLE requests (
    id            TEXT PRIMARY KEY,               -- RequestId
    case_id       TEXT NOT NULL REFERENCES cases (id),
    kind          TEXT NOT NULL CHECK (kind IN ('missing_items', 'attestation', 'intent_to_refuse', 'intent_to_reject')),
    sent_at       TEXT NOT NULL,
    deadline_date TEXT NOT NULL,                  -- last day, Québec time
    deadline_end  TEXT NOT NULL,                  -- the instant it ends (UTC)
    details       TEXT NOT NULL CHECK (json_valid(details)),
    closed_at     TEXT,
    closed_reason TEXT
) STRICT;
CREATE INDEX requests_case ON requests (case_id);

CREATE TABLE interviews (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    scheduled_at TEXT NOT NULL,
    outcome      TEXT CHECK (outcome IS NULL OR outcome IN ('attended', 'absent')),
    notes        TEXT
) STRICT;
CREATE INDEX interviews_case ON interviews (case_id);

CREATE TABLE decisions (
    id               TEXT PRIMARY KEY,
    case_id          TEXT NOT NULL REFERENCES cases (id),
    kind             TEXT NOT NULL CHECK (kind IN ('selected', 'refused', 'rejected')),
    proposed_by      TEXT NOT NULL,
    proposed_at      TEXT NOT NULL,
    reviewed_by      TEXT,
    reviewed_at      TEXT,
    outcome          TEXT CHECK (outcome IS NULL OR outcome IN ('approved', 'sent_back')),
    comment          TEXT,
    details          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
) STRICT;
CREATE INDEX decisions_case ON decisions (case_id);

CREATE TABLE notes (
    id         TEXT PRIMARY KEY,                  -- NoteId
    case_id    TEXT NOT NULL REFERENCES cases (id),
    author     TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX notes_case ON notes (case_id);

-- The operation log: one row per change, appended in the same transaction as the change.
-- Sync pushes the pending rows; the audit trail reads them. Rows are never deleted and
-- their content never changes: only the sync bookkeeping columns may be updated.
CREATE TABLE operations (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT, -- local order of application
    id          TEXT NOT NULL UNIQUE,              -- OperationId (UUIDv7): idempotency key
    case_id     TEXT NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL CHECK (json_valid(payload)),
    author      TEXT NOT NULL,
    author_role TEXT NOT NULL CHECK (author_role IN ('officer', 'supervisor')),
    hlc         TEXT NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('local', 'remote')),
    sync_state  TEXT NOT NULL CHECK (sync_state IN ('pending', 'acknowledged', 'rejected')),
    server_seq  INTEGER,
    rejection   TEXT
) STRICT;
CREATE INDEX operations_case ON operations (case_id, hlc);
CREATE INDEX operations_pending ON operations (seq) WHERE sync_state = 'pending';

CREATE TRIGGER operations_append_only_delete BEFORE DELETE ON operations
BEGIN
    SELECT RAISE(ABORT, 'the operation log is append-only: operations cannot be deleted');
END;

CREATE TRIGGER operations_append_only_update
BEFORE UPDATE OF id, case_id, kind, payload, author, author_role, hlc, origin ON operations
BEGIN
    SELECT RAISE(ABORT, 'the operation log is append-only: an operation cannot be edited');
END;

-- Full-text search over file numbers and the names of everyone on a file.
CREATE VIRTUAL TABLE case_search USING fts5 (
    file_number,
    names,
    tokenize = "unicode61 remove_diacritics 2"
);

CREATE TRIGGER cases_search_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO case_search (rowid, file_number, names) VALUES (new.seq, new.file_number, '');
END;

CREATE TRIGGER persons_search_insert AFTER INSERT ON persons
BEGIN
    UPDATE case_search SET names = (
        SELECT group_concat(given_names || ' ' || family_name, ' ') FROM persons WHERE case_id = new.case_id
    ) WHERE rowid = (SELECT seq FROM cases WHERE id = new.case_id);
END;

CREATE TRIGGER persons_search_update AFTER UPDATE OF given_names, family_name ON persons
BEGIN
    UPDATE case_search SET names = (
        SELECT group_concat(given_names || ' ' || family_name, ' ') FROM persons WHERE case_id = new.case_id
    ) WHERE rowid = (SELECT seq FROM cases WHERE id = new.case_id);
END;
