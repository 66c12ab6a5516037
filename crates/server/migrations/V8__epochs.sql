-- V8 (issue 18, part 4): the server's epoch. A random id that changes when the database is
-- restored from a backup, so that laptops whose cursor belongs to the lost log notice,
-- send their own operations again and pull from the start (docs/sync-protocol.md). The
-- latest row is the current epoch. `db_oid` and `log_oid` are the identity of the database
-- and of the `operations` table when the epoch began: a logical restore (pg_restore into a
-- new database, or with --clean) recreates them with other OIDs, which the server notices
-- at start (a new epoch, reason 'detected'); any other restore runs `dossier-server
-- restored` (reason 'restored').
CREATE TABLE server_epochs (
    id         bigserial PRIMARY KEY,
    epoch      uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    began_at   timestamptz NOT NULL DEFAULT now(),
    -- The highest sequence number of the log when it began.
    after_seq  bigint NOT NULL,
    reason     text NOT NULL CHECK (reason IN ('created', 'restored', 'detected')),
    db_oid     bigint NOT NULL,
    log_oid    bigint NOT NULL
);

INSERT INTO server_epochs (after_seq, reason, db_oid, log_oid)
SELECT coalesce((SELECT max(seq) FROM operations), 0), 'created',
       (SELECT oid::bigint FROM pg_database WHERE datname = current_database()),
       'operations'::regclass::oid::bigint;
