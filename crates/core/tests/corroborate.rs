//! Integration tests of corroboration: the dev corpus's gold claims clustered into events,
//! derivations, grades, the founding report's estimate, and a re-post of it.
//!
//! The corpus lives outside the repository (`../shared/corpus/dev` from the workspace
//! root). Where it is absent the corpus tests print that they skip, except under `CI=true`,
//! where they fail.

mod corroborate {
    pub mod corpus;
    pub mod dev;
    pub mod placement;
    pub mod repost;
    pub mod scenarios;
}
