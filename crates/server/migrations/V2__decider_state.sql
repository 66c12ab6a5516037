-- V2: the decider's state of each file, kept beside it and updated as operations are
-- accepted (so a push never scans the log): the JSON of `decider::FileState`, and the
-- `decider::STATE_VERSION` it was written under (another version is folded again from
-- the file's operations). And who uploaded which document bytes: a `document_added`
-- may name only bytes its pusher uploaded or may already read.

ALTER TABLE cases ADD COLUMN state bytea;
ALTER TABLE cases ADD COLUMN state_version integer;

CREATE TABLE blob_uploads (
    sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    uploaded_by text NOT NULL,
    byte_size   bigint NOT NULL CHECK (byte_size >= 0),
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sha256, uploaded_by)
);
CREATE INDEX blob_uploads_user ON blob_uploads (uploaded_by, uploaded_at);
