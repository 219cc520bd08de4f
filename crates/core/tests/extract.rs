//! Extraction, end to end: the founding report claim by claim, the development corpus
//! against its targets and as snapshots, each rule with a sentence of its own, and
//! properties over arbitrary text.

mod extract {
    pub mod corpus;
    mod props;
    mod rules;
    mod seed;
    mod snapshots;
    mod targets;
}
