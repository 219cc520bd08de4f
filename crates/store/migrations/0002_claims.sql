-- Claims and the extraction runs that made them. Both are derived from documents and are
-- replaced whole, per document, when the extractor changes (`tally reindex`).

-- One row per document that has been through the extractor: which version, when, what it
-- noticed but did not claim, and how many claims it made (so listings need no count(*)).
CREATE TABLE extractions (
    document_id  TEXT    PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    extractor    TEXT    NOT NULL,
    extracted_at TEXT    NOT NULL,
    claim_count  INTEGER NOT NULL,
    -- JSON list of {start, end, rule, message}.
    diagnostics  TEXT    NOT NULL
);

CREATE TABLE claims (
    -- 'c-' + 16 hex digits of SHA-256 over (document id, kind, evidence start, evidence end,
    -- ordinal among the document's claims with that kind and span).
    id                  TEXT    PRIMARY KEY,
    document_id         TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    -- Order in the extractor's output.
    position            INTEGER NOT NULL,
    kind                TEXT    NOT NULL,
    destination_country TEXT,
    count_min           INTEGER,
    count_max           INTEGER,
    time_start          TEXT,
    time_end            TEXT,
    source_type         TEXT    NOT NULL,
    evidence_start      INTEGER NOT NULL,
    evidence_end        INTEGER NOT NULL,
    -- The claim in the serde form of tally_core::Claim (the CLAIMS.md shape, plus `why`).
    claim               TEXT    NOT NULL,
    extractor           TEXT    NOT NULL,
    UNIQUE (document_id, position)
);

CREATE INDEX claims_by_kind ON claims (kind, destination_country);
CREATE INDEX claims_by_destination ON claims (destination_country, time_start);
