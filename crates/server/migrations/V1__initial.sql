-- The central server's schema. Append-only: never edit this file once applied; add
-- V2__... instead.

-- People who sign in. The role is read on every request (ASVS 8.3.2), never cached.
CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9._@-]{1,64}$'),
    role          text NOT NULL CHECK (role IN ('officer', 'supervisor')),
    password_hash text NOT NULL,
    disabled      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Sign-in sessions: only the SHA-256 of the bearer token is kept.
CREATE TABLE sessions (
    token_sha256 bytea PRIMARY KEY CHECK (length(token_sha256) = 32),
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- The projection of each file that the checks need: its status (and the operation that
-- set it), and who it is assigned to (and the sequence number of that assignment).
CREATE TABLE cases (
    id           uuid PRIMARY KEY,
    file_number  text NOT NULL UNIQUE CHECK (file_number <> ''),
    status       text NOT NULL,
    status_op    uuid NOT NULL,
    assigned_to  text REFERENCES users (name) ON UPDATE CASCADE,
    assigned_seq bigint NOT NULL DEFAULT 0
);
CREATE INDEX cases_assigned_to ON cases (assigned_to);

-- The operation log: accepted operations only, each with its server sequence number.
CREATE TABLE operations (
    seq          bigserial PRIMARY KEY,
    id           uuid NOT NULL UNIQUE,
    case_id      uuid NOT NULL REFERENCES cases (id),
    kind         text NOT NULL,
    change       jsonb NOT NULL,
    author       text NOT NULL,
    author_role  text NOT NULL CHECK (author_role IN ('officer', 'supervisor')),
    hlc          text NOT NULL,
    -- For an assignment that takes the file from someone: that person, who is sent this
    -- one operation so their app knows the file left them.
    revoked_from text,
    pushed_by    text NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX operations_case ON operations (case_id, seq);
CREATE INDEX operations_revoked_from ON operations (revoked_from, seq) WHERE revoked_from IS NOT NULL;

CREATE FUNCTION operations_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the operation log is append-only' USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER operations_no_update_or_delete BEFORE UPDATE OR DELETE ON operations
    FOR EACH ROW EXECUTE FUNCTION operations_append_only();
CREATE TRIGGER operations_no_truncate BEFORE TRUNCATE ON operations
    FOR EACH STATEMENT EXECUTE FUNCTION operations_append_only();

-- Which documents each file holds (from accepted `document_added` operations): who may
-- download which bytes.
CREATE TABLE documents (
    document_id uuid PRIMARY KEY,
    case_id     uuid NOT NULL REFERENCES cases (id),
    sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    byte_size   bigint NOT NULL CHECK (byte_size >= 0)
);
CREATE INDEX documents_sha256 ON documents (sha256);

-- Document bytes held in the blob store, verified by hash on arrival.
CREATE TABLE blobs (
    sha256    text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    byte_size bigint NOT NULL CHECK (byte_size >= 0),
    stored_at timestamptz NOT NULL DEFAULT now()
);
