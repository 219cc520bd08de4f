-- The claims' query columns (kind, destination_country, time_start, ...) stay, for anyone
-- reading the store with SQL, but lose the two indexes 0002 gave them: no query of tally's
-- goes through either (claims are listed by document and position, events read the claim
-- JSON), and every stored claim paid for both — a random-place insert into
-- (destination_country, time_start) among them — on ingest's writer thread. Someone who
-- filters a large store by these columns can create the index they need.
DROP INDEX IF EXISTS claims_by_kind;
DROP INDEX IF EXISTS claims_by_destination;
