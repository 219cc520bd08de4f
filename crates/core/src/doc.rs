//! What the extractor needs to know about a document besides its text.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The languages tally reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Ko,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "eng" | "english" => Some(Lang::En),
            "ko" | "kor" | "korean" => Some(Lang::Ko),
            _ => None,
        }
    }
}

/// The document facts extraction depends on: its language, and the date relative time
/// words ("last month", "지난달") resolve against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocContext {
    pub lang: Lang,
    pub published: Option<NaiveDate>,
}
