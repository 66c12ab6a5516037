-- P5: the program definition as live data. The versions the server holds (version 1 is
-- the built-in definition), as the server sent them, and the version each operation was
-- decided with (operations recorded before versions existed were decided with version 1).
CREATE TABLE program_versions (
    id           INTEGER PRIMARY KEY CHECK (id >= 1),
    effective_at TEXT NOT NULL,
    source       TEXT NOT NULL,
    loaded_at    TEXT NOT NULL,
    loaded_by    TEXT NOT NULL
) STRICT;

ALTER TABLE operations ADD COLUMN program_version INTEGER NOT NULL DEFAULT 1 CHECK (program_version >= 1);
