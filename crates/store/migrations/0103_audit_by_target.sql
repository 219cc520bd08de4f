-- The audit entries about one claim, document or event are shown beside it: index them by
-- target so that does not read the whole log.
CREATE INDEX audit_log_by_target ON audit_log (target, seq);
