-- V4: the program definition as live data (P5). Each version an administrator loaded,
-- numbered from 1 (the built-in definition, recorded the first time the server needs it),
-- with the instant it takes effect; the version each operation was decided with
-- (operations stored before versions existed were decided with version 1); and which
-- supervisors may load a version from their screen.

CREATE TABLE program_versions (
    id           integer PRIMARY KEY CHECK (id >= 1),
    effective_at timestamptz NOT NULL,
    source       text NOT NULL,
    loaded_at    timestamptz NOT NULL DEFAULT now(),
    loaded_by    text NOT NULL
);

ALTER TABLE operations ADD COLUMN program_version integer NOT NULL DEFAULT 1
    CHECK (program_version >= 1);

ALTER TABLE users ADD COLUMN may_load_program boolean NOT NULL DEFAULT false;
