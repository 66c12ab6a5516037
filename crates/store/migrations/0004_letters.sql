-- Schema 4: letters on the file. A letter sent to the applicant (a missing-items or an
-- attestation request, a letter of intent, a decision) is filed as one of the file's
-- documents, so it is kept exactly as sent, synchronised like any document and opened in
-- the same viewer. `letter` is the letter's kind (NULL: a document the applicant sent);
-- `regarding` the request or decision it states. Append-only: add 0005_*.sql next.

ALTER TABLE documents ADD COLUMN letter TEXT;
ALTER TABLE documents ADD COLUMN regarding TEXT;
CREATE INDEX documents_regarding ON documents (regarding) WHERE regarding IS NOT NULL;
