-- The audit log: every change an analyst makes, append-only and hash-chained. Each entry's
-- hash is SHA-256 over the previous entry's hash and the entry's canonical JSON, so an edit,
-- a deletion in the middle or a reordering is found by `tally audit verify`.

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    -- RFC 3339, UTC.
    at        TEXT NOT NULL,
    -- The account name (web) or the operating-system user (CLI).
    actor     TEXT NOT NULL,
    -- What was done: 'review.confirm', 'document.upload', 'user.add', …
    action    TEXT NOT NULL,
    -- What it was done to: a claim, document, event, source or account id.
    target    TEXT NOT NULL,
    -- JSON object with the action's details.
    detail    TEXT NOT NULL,
    -- Hex SHA-256; 64 zeros before the first entry.
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_is_kept BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
