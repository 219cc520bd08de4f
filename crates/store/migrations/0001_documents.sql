-- Documents: what tally was given, kept as it came. Never updated; see the trigger below.
CREATE TABLE documents (
    -- Insertion order. The full-text index records the last seq it has seen, so it can
    -- catch up with the store after a crash between a store commit and an index commit.
    seq         INTEGER PRIMARY KEY,
    -- 'd-' + the first 16 hex digits of sha256.
    id          TEXT    NOT NULL UNIQUE,
    -- Hex SHA-256 of the normalised text: the identity that refuses duplicates.
    sha256      TEXT    NOT NULL UNIQUE,
    raw         BLOB    NOT NULL,
    text        TEXT    NOT NULL,
    format      TEXT    NOT NULL,
    lang        TEXT    NOT NULL CHECK (lang IN ('en', 'ko')),
    path        TEXT,
    url         TEXT,
    outlet      TEXT,
    -- ISO date, YYYY-MM-DD.
    published   TEXT,
    title       TEXT,
    negative    INTEGER NOT NULL DEFAULT 0 CHECK (negative IN (0, 1)),
    -- RFC 3339, UTC.
    ingested_at TEXT    NOT NULL
);

CREATE TRIGGER documents_are_immutable BEFORE UPDATE ON documents
BEGIN
    SELECT RAISE(ABORT, 'documents are immutable');
END;
