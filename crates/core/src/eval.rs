//! Scoring predicted claims against gold claims, as `CLAIMS.md` says `tally eval` matches.
