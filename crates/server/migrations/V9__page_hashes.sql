-- V9 (issue 20, part 2): the same scan in two files. Every page of every document gets a
-- PDQ perceptual hash (256 bits and a quality from 0 to 100), computed on the server once
-- per document's bytes (`server::reuse`); `page_hash_chunks` is the multi-index that finds
-- the pages within a Hamming distance of 31 of a new one without reading them all (16
-- chunks of 16 bits: two hashes that close share one chunk at distance 0 or 1), and
-- `page_matches` records each pair of pages found to be the same picture.
-- The letters the ministry files on a file (acknowledgements, requests, decisions) are
-- documents too; they share a template, so they are never compared.
ALTER TABLE documents ADD COLUMN letter boolean NOT NULL DEFAULT false;
UPDATE documents d SET letter = true
  FROM operations o
 WHERE o.kind = 'letter_filed' AND (o.change ->> 'document_id')::uuid = d.document_id;

CREATE TABLE hashed_documents (
    sha256     text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    pages      integer NOT NULL CHECK (pages >= 0),
    hashed_at  timestamptz NOT NULL DEFAULT now(),
    -- Why the document's pages could not be hashed (not a PDF pdfium opens...), if not.
    error      text
);

CREATE TABLE page_hashes (
    sha256   text NOT NULL REFERENCES hashed_documents (sha256),
    page     integer NOT NULL CHECK (page >= 1),
    hash     bytea NOT NULL CHECK (length(hash) = 32),
    quality  smallint NOT NULL CHECK (quality BETWEEN 0 AND 100),
    PRIMARY KEY (sha256, page)
);

CREATE TABLE page_hash_chunks (
    sha256  text NOT NULL,
    page    integer NOT NULL,
    chunk   smallint NOT NULL CHECK (chunk BETWEEN 0 AND 15),
    value   integer NOT NULL CHECK (value BETWEEN 0 AND 65535),
    FOREIGN KEY (sha256, page) REFERENCES page_hashes (sha256, page)
);
CREATE INDEX page_hash_chunks_lookup ON page_hash_chunks (chunk, value);

-- A pair of pages found to be the same picture: of two different documents (`a` is the
-- page hashed first), or, with the same `sha256` on both sides and page 1, the very same
-- document's bytes in two files. Which files they are in is read from `documents` when
-- asked: a document added to another file later is matched there too. A supervisor may
-- dismiss a pair, with why.
CREATE TABLE page_matches (
    id                bigserial PRIMARY KEY,
    sha256_a          text NOT NULL,
    page_a            integer NOT NULL,
    sha256_b          text NOT NULL,
    page_b            integer NOT NULL,
    distance          smallint NOT NULL CHECK (distance BETWEEN 0 AND 256),
    found_at          timestamptz NOT NULL DEFAULT now(),
    dismissed_by      text REFERENCES users (name) ON UPDATE CASCADE,
    dismissed_at      timestamptz,
    dismissal_reason  text CHECK (length(dismissal_reason) BETWEEN 1 AND 500),
    FOREIGN KEY (sha256_a, page_a) REFERENCES page_hashes (sha256, page),
    FOREIGN KEY (sha256_b, page_b) REFERENCES page_hashes (sha256, page),
    CHECK ((dismissed_by IS NULL) = (dismissed_at IS NULL)
       AND (dismissed_at IS NULL) = (dismissal_reason IS NULL)),
    UNIQUE (sha256_a, page_a, sha256_b, page_b)
);
CREATE INDEX page_matches_b ON page_matches (sha256_b);
