-- Each document's corroboration fingerprint (tally_core::corroborate::independence::Prepared):
-- what source independence reads of a document besides its id and date — the publisher and
-- the links its outlet note and lead state, and a MinHash signature of its text. Derived
-- data, a few hundred bytes a document, kept so that placing new claims into the saved
-- events (`tally ingest`) never reads old texts again. A row whose version differs from the
-- running core's (tally_core::corroborate::fingerprint_version) is recomputed from the text.
CREATE TABLE doc_fingerprints (
    document_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    version     TEXT    NOT NULL,
    publisher   TEXT,
    -- JSON list of independence::Link ({target, how, evidence}).
    stated      TEXT    NOT NULL,
    -- 63 little-endian 64-bit minimums; NULL for a text too short to judge.
    signature   BLOB,
    shingles    INTEGER NOT NULL
);
