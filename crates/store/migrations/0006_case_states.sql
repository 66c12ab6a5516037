-- Schema 6: the decider's state of each file. What the rules know of a file (checklist,
-- requests, attestation, interviews, proposals, payments, documents and their open
-- flags) is the `decider` crate's `FileState`, folded from the file's operations and
-- kept here as JSON beside the file, in the same transaction as each operation; the
-- server keeps the same state the same way. The six tables that held those facts as rows
-- are replaced by it (nothing else read them). A state written under another
-- `decider::STATE_VERSION` is folded again from the log when the store opens.
-- Append-only: never edit this file once released; add 0007_*.sql instead.

CREATE TABLE case_states (
    case_id  TEXT PRIMARY KEY REFERENCES cases (id),
    version  INTEGER NOT NULL,
    state    TEXT NOT NULL
) STRICT;

-- Operations received from the server that do not apply on this laptop (a file it does
-- not hold, or a decider of another version): kept whole, with why, and shown in the
-- conflicts view; never dropped. A file's entries go when the file is rebuilt (its log
-- is replayed again, and what still does not apply is recorded again).
CREATE TABLE remote_unapplied (
    operation_id TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL,
    server_seq   INTEGER NOT NULL,
    operation    TEXT NOT NULL,
    reason       TEXT NOT NULL,
    received_at  TEXT NOT NULL
) STRICT;

DROP TABLE checklist_items;
DROP TABLE payments;
DROP TABLE requests;
DROP TABLE interviews;
DROP TABLE decisions;
DROP TABLE attestations;
