-- Schema 2: officers' dismissals of a document's quality flags. The report itself sits in
-- documents.quality (schema 1), written once by the DocumentAdded operation; a dismissal
-- never edits it. One dismissal per flag of a document; the operation that made it is
-- named so the audit trail and the row agree.
CREATE TABLE quality_dismissals (
    document_id  TEXT NOT NULL REFERENCES documents (id),
    flag         TEXT NOT NULL CHECK (flag IN ('many_pages', 'not_in_colour', 'blank_pages',
                                               'low_resolution', 'unreadable_pages',
                                               'password_protected', 'corrupt', 'not_a_pdf',
                                               'empty_file')),
    reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    dismissed_by TEXT NOT NULL,
    dismissed_at TEXT NOT NULL,                  -- RFC 3339 UTC, from the operation's clock
    operation_id TEXT NOT NULL REFERENCES operations (id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (document_id, flag)
) STRICT;
