-- Events and grades (tally-core::corroborate). Events themselves are derived data: they are
-- recomputed from claims; what is stored is what must survive a recompute.

-- The clustering as last computed: which event each claim belongs to. A recompute carries
-- these ids over by greatest overlap, so an event keeps its id while its claims change.
-- Replaced whole after each recompute.
CREATE TABLE event_members (
    claim_id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL
);

CREATE INDEX event_members_by_event ON event_members (event_id);

-- Analysts' merges and splits, replayed in order over every automatic clustering. Each is
-- also the audit record of the action: who, when (RFC 3339, UTC) and why. Append-only.
CREATE TABLE event_ops (
    seq  INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    -- JSON of tally_core::corroborate::AnalystOp, with the claim ids each side held.
    op   TEXT NOT NULL,
    who  TEXT NOT NULL,
    at   TEXT NOT NULL,
    why  TEXT NOT NULL CHECK (length(why) > 0)
);

CREATE TRIGGER event_ops_are_append_only BEFORE UPDATE ON event_ops
BEGIN
    SELECT RAISE(ABORT, 'analyst operations are append-only');
END;

CREATE TRIGGER event_ops_are_kept BEFORE DELETE ON event_ops
BEGIN
    SELECT RAISE(ABORT, 'analyst operations are append-only');
END;

-- Analysts' overrides of a source's default Admiralty grade. The latest per source is in
-- force; all stay, as the audit record. Append-only.
CREATE TABLE grade_overrides (
    seq    INTEGER PRIMARY KEY,
    -- Canonical outlet or institution name, or a source type.
    source TEXT NOT NULL,
    grade  TEXT NOT NULL CHECK (length(grade) = 2),
    who    TEXT NOT NULL,
    at     TEXT NOT NULL,
    why    TEXT NOT NULL CHECK (length(why) > 0)
);

CREATE TRIGGER grade_overrides_are_append_only BEFORE UPDATE ON grade_overrides
BEGIN
    SELECT RAISE(ABORT, 'grade overrides are append-only');
END;

CREATE TRIGGER grade_overrides_are_kept BEFORE DELETE ON grade_overrides
BEGIN
    SELECT RAISE(ABORT, 'grade overrides are append-only');
END;
