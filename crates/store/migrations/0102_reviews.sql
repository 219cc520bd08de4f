-- Analysts' reviews of machine claims: confirmations, corrections of single fields, and
-- rejections. They sit beside the claims and never change them; the latest review of a
-- field (or of the whole claim) is the one in force. Append-only.

CREATE TABLE reviews (
    seq         INTEGER PRIMARY KEY,
    claim_id    TEXT NOT NULL,
    document_id TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('confirm', 'correct', 'reject')),
    -- For 'correct': the field, and its new value as JSON in the CLAIMS.md shape.
    field       TEXT,
    value       TEXT,
    note        TEXT NOT NULL DEFAULT '',
    who         TEXT NOT NULL,
    at          TEXT NOT NULL,
    CHECK ((action = 'correct') = (field IS NOT NULL AND value IS NOT NULL))
);

CREATE INDEX reviews_by_claim ON reviews (claim_id, seq);
CREATE INDEX reviews_by_document ON reviews (document_id, seq);

CREATE TRIGGER reviews_are_append_only BEFORE UPDATE ON reviews
BEGIN
    SELECT RAISE(ABORT, 'reviews are append-only');
END;

CREATE TRIGGER reviews_are_kept BEFORE DELETE ON reviews
BEGIN
    SELECT RAISE(ABORT, 'reviews are append-only');
END;
