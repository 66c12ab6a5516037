-- Issue 18: a file assigned away (or every file, when the account is disabled) leaves the
-- laptop: its rows, and its operations. What the server holds (acknowledged) may go with
-- it; a change the server never took is first kept whole in `released_conflicts`, shown
-- in the conflicts view. An operation of a file still here is never deleted.
CREATE TABLE released_conflicts (
    operation_id TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL,
    file_number  TEXT NOT NULL,
    operation    TEXT NOT NULL CHECK (json_valid(operation)),
    rejection    TEXT NOT NULL CHECK (json_valid(rejection)),
    released_at  TEXT NOT NULL
) STRICT;

DROP TRIGGER operations_append_only_delete;
CREATE TRIGGER operations_append_only_delete BEFORE DELETE ON operations
WHEN EXISTS (SELECT 1 FROM cases WHERE id = old.case_id)
  OR (old.sync_state <> 'acknowledged'
      AND NOT EXISTS (SELECT 1 FROM released_conflicts WHERE operation_id = old.id))
BEGIN
    SELECT RAISE(ABORT, 'the operation log is append-only: operations cannot be deleted');
END;
