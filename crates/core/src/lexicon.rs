//! Lexicons: gazetteer, organisations, trigger words. Data files embedded at compile time.
