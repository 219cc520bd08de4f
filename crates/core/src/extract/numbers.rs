//! Figures in text: counts of people, teams, visas, and amounts of money, in English and
//! Korean number styles.
//!
//! This module reads a sentence and returns every figure with its byte span, its range (with
//! open bounds and approximation), and what it counts (the head noun or counter after it, or
//! the currency around it). It does not decide whether a figure is a claim (see `assemble`);
//! figures that count something else (years, hours, restaurants, per cent) are returned as
//! [`Unit::Other`] so that callers can tell them apart from people.

use std::sync::OnceLock;

use crate::claim::{Currency, Period};

/// What a figure counts.
#[derive(Debug, Clone, PartialEq)]
pub enum Unit {
    /// People; `noun` is the head noun as written ("workers", "명"), empty for a bare figure.
    People {
        noun: String,
    },
    /// A bare figure with no noun after it ("Kuwait hosts 2,500"): people only if the
    /// context says so.
    Bare,
    /// A number of teams.
    Teams,
    /// People per team ("50 people in each team", "50명씩").
    TeamSize,
    /// Visas or entries, with the purpose written before the noun ("work", "student").
    Visas {
        purpose: Option<String>,
    },
    Money {
        currency: Currency,
        period: Option<Period>,
        per_worker: bool,
        parenthetical: bool,
    },
    /// Anything else: years, ages, hours, per cent, restaurants…
    Other,
}

/// A figure found in a sentence. Offsets are absolute (into the document text).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub start: usize,
    pub end: usize,
    pub min: Option<u64>,
    pub max: Option<u64>,
    pub approx: bool,
    /// An order of magnitude ("thousands", "수천"), not a figure as such.
    pub vague: bool,
    pub unit: Unit,
    /// The modifier or pattern that set the bounds, for `why`.
    pub rule: &'static str,
}

// ---------------------------------------------------------------------------------------
// English

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Word,
    Num,
    Sym,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    kind: Tok,
}

fn tokenize(s: &str) -> Vec<Token> {
    // About a token per five bytes of news text: reserved once, not grown from empty
    // (growing was ~2 % of extraction's time).
    let mut out = Vec::with_capacity(s.len() / 4 + 4);
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b' ' {
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        if c.is_whitespace() {
            i += len;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < b.len() {
                let ch = b[i];
                let continues_number = ch.is_ascii_digit()
                    || ((ch == b',' || ch == b'.') && i + 1 < b.len() && b[i + 1].is_ascii_digit());
                if !continues_number {
                    break;
                }
                i += 1;
            }
            // "20s", "3rd", "10th": a number glued to letters is a word.
            if i < b.len() && b[i].is_ascii_alphabetic() {
                while i < b.len() && b[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                out.push(Token { start, end: i, kind: Tok::Word });
            } else {
                out.push(Token { start, end: i, kind: Tok::Num });
            }
        } else if c.is_alphabetic() {
            let start = i;
            while i < b.len() {
                // ASCII letters and digits continue a word: most of them, read by the byte.
                if b[i].is_ascii_alphanumeric() {
                    i += 1;
                    continue;
                }
                let ch = s[i..].chars().next().unwrap_or(' ');
                let joins = (ch == '\'' || ch == '’' || ch == '-')
                    && s[i + ch.len_utf8()..].chars().next().is_some_and(|n| n.is_alphabetic());
                if ch.is_alphanumeric() || joins {
                    i += ch.len_utf8();
                } else {
                    break;
                }
            }
            out.push(Token { start, end: i, kind: Tok::Word });
        } else {
            out.push(Token { start: i, end: i + len, kind: Tok::Sym });
            i += len;
        }
    }
    out
}

fn word_value(w: &str) -> Option<u64> {
    Some(match w {
        "one" | "a lone" | "lone" | "single" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" | "dozen" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        _ => return None,
    })
}

fn scale_value(w: &str) -> Option<u64> {
    Some(match w {
        "thousand" => 1_000,
        "million" | "m" | "mn" => 1_000_000,
        "billion" | "bn" => 1_000_000_000,
        _ => return None,
    })
}

fn currency_word(w: &str) -> Option<Currency> {
    Some(match w {
        "usd" | "dollars" | "dollar" | "us$" => Currency::USD,
        "eur" | "euros" | "euro" => Currency::EUR,
        "rmb" | "cny" | "yuan" => Currency::CNY,
        "rub" | "rubles" | "roubles" | "ruble" | "rouble" => Currency::RUB,
        "kpw" => Currency::KPW,
        "krw" | "won" => Currency::KRW,
        "jpy" | "yen" => Currency::JPY,
        "gbp" | "pounds" => Currency::GBP,
        _ => return None,
    })
}

fn currency_symbol(s: &str) -> Option<Currency> {
    Some(match s {
        "$" => Currency::USD,
        "€" => Currency::EUR,
        "£" => Currency::GBP,
        "¥" => Currency::CNY,
        "₩" => Currency::KRW,
        _ => return None,
    })
}

const PEOPLE_NOUNS: &[&str] = &[
    "people",
    "persons",
    "person",
    "workers",
    "worker",
    "labourers",
    "laborers",
    "labourer",
    "laborer",
    "koreans",
    "nationals",
    "citizens",
    "residents",
    "employees",
    "personnel",
    "staff",
    "builders",
    "sappers",
    "deminers",
    "engineers",
    "recruits",
    "candidates",
    "applicants",
    "volunteers",
    "men",
    "women",
    "youths",
    "individuals",
    "defectors",
    "returnees",
    "trainees",
    "specialists",
    "experts",
    "doctors",
    "nurses",
    "waitresses",
    "waiters",
    "crew",
    "crews",
    "cooks",
    "loggers",
    "fishermen",
    "seamen",
    "sailors",
    "miners",
    "technicians",
    "labour",
    "labor",
    "hands",
    "soldiers",
    "troops",
    "servicemen",
    "guards",
    "students",
    "children",
    "girls",
    "boys",
    "members",
];

const TEAM_NOUNS: &[&str] = &["teams", "team", "squads", "squad", "units", "groups", "group", "brigades"];

const VISA_NOUNS: &[&str] = &["visas", "visa", "permits", "permit", "entries", "arrivals"];

/// Words that may sit between a number and its head noun ("300 newly recruited workers").
fn is_modifier_word(w: &str) -> bool {
    matches!(
        w,
        "north"
            | "korean"
            | "south"
            | "new"
            | "newly"
            | "recruited"
            | "more"
            | "additional"
            | "extra"
            | "young"
            | "military"
            | "construction"
            | "guest"
            | "skilled"
            | "female"
            | "male"
            | "mine-clearing"
            | "it"
            | "medical"
            | "other"
            | "such"
            | "further"
            | "dispatched"
            | "overseas"
            | "foreign"
            | "local"
            | "chinese"
            | "russian"
            | "indian"
            | "nepalese"
            | "ukrainian"
            | "bangladeshi"
            | "vietnamese"
            | "hired"
            | "selected"
            | "escaped"
            | "defected"
            | "stranded"
            | "remaining"
            | "registered"
            | "legal"
            | "illegal"
            | "undocumented"
            | "contract"
            | "seasonal"
            | "factory"
            | "garment"
            | "restaurant"
            | "work"
            | "tourist"
            | "student"
            | "study"
            | "business"
            | "education"
            | "educational"
            | "technical"
            | "official"
            | "private"
            | "transit"
            | "humanitarian"
            | "exit"
            | "entry"
            | "short-term"
            | "long-term"
            | "female-only"
            | "all-male"
            | "able-bodied"
            | "logging"
            | "farm"
            | "fishing"
            | "of"
    )
}

/// English figures in `sentence`, which starts at byte `base` of the document.
pub fn figures_en(sentence: &str, base: usize) -> Vec<Figure> {
    figures_en_lower(sentence, &sentence.to_ascii_lowercase(), base)
}

/// [`figures_en`] given the sentence's ASCII-lower-cased copy too (the same offsets; the
/// words compared against are ASCII), which the extractor makes once per document.
pub fn figures_en_lower(sentence: &str, low: &str, base: usize) -> Vec<Figure> {
    if !may_hold_number_en(low) {
        return Vec::new();
    }
    figures_en_tokens(sentence, low, base)
}

/// Every word that is, or can start, a number [`number_at`] or [`word_number`] reads alone
/// or with the word after it ("a" counts only before one of these: "a hundred", "a lone").
/// A word added to [`word_value`] or to the vague amounts must be added here, or the
/// sentences that use it alone lose their figures (a proptest holds the look to the
/// tokenizer over these words, words that hold them, and their neighbours).
const NUMBER_WORDS: &[&str] = &[
    "one",
    "lone",
    "single",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "dozen",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "tens",
    "hundreds",
    "thousands",
    "millions",
    "dozens",
    "several",
    "few",
];

/// Whether an English sentence (ASCII-lower-cased) can hold a figure: it has a digit, or
/// one of [`NUMBER_WORDS`] as a word of its own ("twenty-one" holds "twenty"). Two thirds
/// of the sentences of a report have neither, and are spared the tokenizer.
fn may_hold_number_en(low: &str) -> bool {
    static WORDS: OnceLock<regex::Regex> = OnceLock::new();
    low.bytes().any(|b| b.is_ascii_digit())
        || WORDS
            .get_or_init(|| {
                regex::Regex::new(&format!(r"(?-u:\b)(?:{})(?-u:\b)", NUMBER_WORDS.join("|")))
                    .expect("number word pattern compiles")
            })
            .is_match(low)
}

/// [`figures_en_lower`] without the look for a digit or number word first.
fn figures_en_tokens(sentence: &str, low: &str, base: usize) -> Vec<Figure> {
    let toks = tokenize(sentence);
    let words: Vec<&str> = toks.iter().map(|t| &low[t.start..t.end]).collect();
    let number = |k: usize| {
        may_start_number(&toks, &words, k)
            && (number_at(sentence, &toks, &words, k).is_some() || word_number(words[k]).is_some())
    };
    // A figure's number is at or after where it starts, so none starts after the last token
    // that can be a number: the tail of the sentence is not tried token by token.
    let Some(last) = (0..toks.len()).rev().find(|&k| number(k)) else { return Vec::new() };
    let mut out = Vec::new();
    let mut i = 0;
    while i <= last {
        if let Some((fig, next)) = parse_en_at(sentence, &toks, &words, i) {
            out.push(Figure { start: base + fig.start, end: base + fig.end, ..fig });
            i = next;
        } else {
            i += 1;
        }
    }
    out
}

/// Whether token `i` can start a number: digits, or a word [`may_start_number_word`] lets
/// through (the quick look before [`number_at`] and [`word_number`], held to them by its
/// test).
fn may_start_number(toks: &[Token], words: &[&str], i: usize) -> bool {
    toks.get(i).is_some_and(|t| t.kind == Tok::Num || may_start_number_word(words[i]))
}

/// A number at token `i` and the index after it: (value, approx-by-word, vague, next).
fn number_at(s: &str, toks: &[Token], words: &[&str], i: usize) -> Option<(u64, bool, bool, usize)> {
    let t = toks.get(i)?;
    let w = words[i];
    match t.kind {
        Tok::Num => {
            let digits = &s[t.start..t.end];
            let value: f64 = if digits.contains(',') {
                digits.chars().filter(|c| *c != ',').collect::<String>().parse().ok()?
            } else {
                digits.parse().ok()?
            };
            let mut next = i + 1;
            let mut v = value;
            if let Some(scale) = words.get(next).and_then(|w| scale_value(w)) {
                v *= scale as f64;
                next += 1;
            }
            if !v.is_finite() || !(0.0..=1e15).contains(&v) {
                return None;
            }
            Some((v.round() as u64, false, false, next))
        }
        Tok::Word => {
            // Vague amounts: "hundreds", "thousands", "tens of thousands", "several thousand".
            let w1 = words.get(i + 1).copied().unwrap_or("");
            let w2 = words.get(i + 2).copied().unwrap_or("");
            match (w, w1, w2) {
                ("tens", "of", "thousands") => return Some((10_000, true, true, i + 3)),
                ("hundreds", "of", "thousands") => return Some((100_000, true, true, i + 3)),
                ("tens", "of", "millions") => return Some((10_000_000, true, true, i + 3)),
                ("hundreds", "of", "millions") => return Some((100_000_000, true, true, i + 3)),
                ("several" | "a few", "thousand", _) | ("few", "thousand", _) => {
                    return Some((1_000, true, true, i + 2));
                }
                ("several" | "few", "hundred", _) => return Some((100, true, true, i + 2)),
                ("several", "dozen", _) => return Some((10, true, true, i + 2)),
                ("hundreds", ..) => return Some((100, true, true, i + 1)),
                ("thousands", ..) => return Some((1_000, true, true, i + 1)),
                ("millions", ..) => return Some((1_000_000, true, true, i + 1)),
                ("dozens", ..) => return Some((10, true, true, i + 1)),
                _ => {}
            }
            if w == "a" && (w1 == "lone" || w1 == "single") {
                return Some((1, false, false, i + 2));
            }
            // "a hundred", "a thousand", "a dozen" (and "a few hundred" above).
            if w == "a" {
                match w1 {
                    "hundred" => return Some((100, false, false, i + 2)),
                    "thousand" => return Some((1_000, false, false, i + 2)),
                    "dozen" => return Some((12, false, false, i + 2)),
                    _ => {}
                }
            }
            let mut v = word_value(w)?;
            let mut next = i + 1;
            // "twenty-one" is one token with a hyphen; "two hundred", "three thousand".
            if let Some(x) = words.get(next).and_then(|w| word_value(w))
                && x == 100
            {
                v *= 100;
                next += 1;
            }
            if let Some(scale) = words.get(next).and_then(|w| scale_value(w)) {
                v = v.saturating_mul(scale);
                next += 1;
            }
            Some((v, false, false, next))
        }
        Tok::Sym => None,
    }
}

/// Whether a (lower-cased) word can start a number that [`number_at`] or [`word_number`]
/// reads: by its first two letters (every number word's: "one", "twenty-one", "hundreds",
/// "several", "few", "dozens", …) or "a" ("a hundred"). A quick look that spares most words
/// the comparisons with every number word.
fn may_start_number_word(w: &str) -> bool {
    match w.as_bytes() {
        [b'a'] => true,
        [x, y, ..] => matches!(
            (x, y),
            (b'o', b'n')
                | (b'l', b'o')
                | (b's', b'i' | b'e')
                | (b't', b'w' | b'h' | b'e')
                | (b'f', b'o' | b'i' | b'e')
                | (b'e', b'i' | b'l')
                | (b'n', b'i')
                | (b'd', b'o')
                | (b'h', b'u')
                | (b'm', b'i')
        ),
        _ => false,
    }
}

fn word_number(w: &str) -> Option<u64> {
    if let Some((a, b)) = w.split_once('-') {
        let (a, b) = (word_value(a)?, word_value(b)?);
        return (a >= 20 && b < 10).then_some(a + b);
    }
    word_value(w)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Bound {
    None,
    AtLeast,
    AtMost,
}

/// Pre-modifiers: how many tokens, approx, bound, rule name.
fn pre_modifier(words: &[&str], i: usize) -> (usize, bool, Bound, &'static str) {
    let w = |k: usize| words.get(i + k).copied().unwrap_or("");
    match (w(0), w(1), w(2)) {
        ("an", "estimated", _) => (2, true, Bound::None, "approx.estimated"),
        ("more", "than", _) => (2, true, Bound::AtLeast, "bound.more_than"),
        ("at", "least", _) => (2, false, Bound::AtLeast, "bound.at_least"),
        ("no", "fewer", "than") | ("no", "less", "than") => (3, false, Bound::AtLeast, "bound.no_fewer_than"),
        ("in", "excess", "of") => (3, true, Bound::AtLeast, "bound.in_excess_of"),
        ("upwards", "of", _) => (2, true, Bound::AtLeast, "bound.upwards_of"),
        ("up", "to", _) => (2, false, Bound::AtMost, "bound.up_to"),
        ("as", "many", "as") => (3, false, Bound::AtMost, "bound.as_many_as"),
        ("at", "most", _) => (2, false, Bound::AtMost, "bound.at_most"),
        ("no", "more", "than") => (3, false, Bound::AtMost, "bound.no_more_than"),
        ("fewer", "than", _) | ("less", "than", _) => (2, false, Bound::AtMost, "bound.fewer_than"),
        ("close", "to", _) => (2, true, Bound::None, "approx.close_to"),
        ("over", ..) => (1, false, Bound::AtLeast, "bound.over"),
        ("under", ..) => (1, false, Bound::AtMost, "bound.under"),
        (
            "about" | "around" | "roughly" | "some" | "nearly" | "almost" | "approximately" | "estimated"
            | "approx" | "circa" | "c.",
            ..,
        ) => (1, true, Bound::None, "approx.about"),
        _ => (0, false, Bound::None, "figure"),
    }
}

fn parse_en_at(s: &str, toks: &[Token], words: &[&str], i: usize) -> Option<(Figure, usize)> {
    // Modifiers may stack: "roughly half", "only about", "a further".
    let mut j = i;
    let mut approx = false;
    let mut bound = Bound::None;
    let mut rule = "figure";
    for _ in 0..2 {
        let (n, a, b, r) = pre_modifier(words, j);
        if n == 0 {
            break;
        }
        approx |= a;
        if b != Bound::None {
            bound = b;
        }
        rule = r;
        j += n;
    }
    // Currency before the number: "$", "US$", "USD", "US $".
    let mut currency = None;
    if let Some(t) = toks.get(j) {
        let w = words[j];
        if t.kind == Tok::Sym {
            if let Some(c) = currency_symbol(w) {
                currency = Some(c);
                j += 1;
            }
        } else if w == "us"
            && toks.get(j + 1).is_some_and(|t| t.kind == Tok::Sym && &s[t.start..t.end] == "$")
        {
            currency = Some(Currency::USD);
            j += 2;
        } else if matches!(w, "usd" | "eur" | "rmb" | "cny" | "rub" | "krw" | "kpw" | "jpy" | "gbp") {
            currency = currency_word(w);
            j += 1;
        }
    }
    let num_start_idx = j;
    // Most tokens cannot start a number, and are spared the readers.
    if !may_start_number(toks, words, j) {
        return None;
    }
    let (mut low, word_approx, vague, mut next) = match number_at(s, toks, words, j) {
        Some(x) => x,
        None => {
            // "twenty-one" as one hyphenated token.
            let w = words.get(j)?;
            let v = word_number(w)?;
            (v, false, false, j + 1)
        }
    };
    // A number word alone is rarely a figure ("one of", "a single outlet") unless it counts
    // something; it must be followed by a noun, which is checked below.
    let is_word_number = toks[num_start_idx].kind == Tok::Word && !vague;
    approx |= word_approx || vague;
    // Nothing before the number was a modifier: start at the number.
    let start_idx =
        if j == num_start_idx && currency.is_none() && rule == "figure" { num_start_idx } else { i };
    let mut high = low;
    let mut is_range = false;
    // Ranges: "800 to 1,000", "800-1,000", "600–700", "between 3,500 and 4,000",
    // "several thousand up to 10,000".
    let between = i >= 1 && words.get(i.saturating_sub(1)).is_some_and(|w| *w == "between");
    let conn = words.get(next).copied().unwrap_or("");
    let conn_is_sym =
        toks.get(next).is_some_and(|t| t.kind == Tok::Sym) && matches!(conn, "-" | "–" | "—" | "~");
    let range_conn = conn_is_sym
        || conn == "to"
        || (conn == "and" && between)
        || (conn == "or" && is_word_number)
        || (vague && conn == "up" && words.get(next + 1).is_some_and(|w| *w == "to"));
    if range_conn {
        let mut k = next + if conn == "up" { 2 } else { 1 };
        // Currency repeated: "USD 3,500 and USD 4,000", "$600-$700".
        if let Some(t) = toks.get(k) {
            let w = words[k];
            if (t.kind == Tok::Sym && currency_symbol(w).is_some())
                || matches!(w, "usd" | "eur" | "rmb" | "cny" | "rub" | "krw" | "kpw")
            {
                currency = currency.or_else(|| currency_symbol(w).or_else(|| currency_word(w)));
                k += 1;
            } else if w == "us" && toks.get(k + 1).is_some_and(|t| &s[t.start..t.end] == "$") {
                currency = currency.or(Some(Currency::USD));
                k += 2;
            }
        }
        if let Some((v2, _, vague2, n2)) = number_at(s, toks, words, k).or_else(|| {
            let w = words.get(k)?;
            word_number(w).map(|v| (v, false, false, k + 1))
        }) {
            // A scale on the second number applies to the first too: "13 to 15 million".
            let scale_on_second = n2 >= 2 && words.get(n2 - 1).and_then(|w| scale_value(w)).is_some();
            let scale_on_first = words.get(next.saturating_sub(1)).and_then(|w| scale_value(w)).is_some();
            let mut lo = low;
            if scale_on_second
                && !scale_on_first
                && let Some(sc) = words.get(n2 - 1).and_then(|w| scale_value(w))
            {
                lo = lo.saturating_mul(sc);
            }
            if v2 >= lo && !vague2 {
                low = lo;
                high = v2;
                is_range = true;
                next = n2;
                if conn == "up" {
                    rule = "range.vague_up_to";
                }
            }
        }
    }
    // Currency after the number: "500 dollars", "300 yuan"; "US dollars".
    let mut k = next;
    if currency.is_none() {
        let w = words.get(k).copied().unwrap_or("");
        if w == "us" && words.get(k + 1).is_some_and(|w| w.starts_with("dollar")) {
            currency = Some(Currency::USD);
            k += 2;
        } else if w == "north"
            && words.get(k + 1).is_some_and(|w| *w == "korean")
            && words.get(k + 2).is_some_and(|w| *w == "won")
        {
            currency = Some(Currency::KPW);
            k += 3;
        } else if let Some(c) = (!w.is_empty()).then(|| currency_word(w)).flatten() {
            currency = Some(c);
            k += 1;
        } else if w == "of" && words.get(k + 1).is_some_and(|w| w.starts_with("dollar")) {
            // "tens of millions of dollars"
            currency = Some(Currency::USD);
            k += 2;
        }
    }
    // Post-modifiers: "or more", "or so", "-odd", "plus".
    let mut end_idx = k;
    match (words.get(k).copied(), words.get(k + 1).copied()) {
        (Some("or"), Some("more")) => {
            bound = Bound::AtLeast;
            end_idx = k + 2;
            rule = "bound.or_more";
        }
        (Some("or"), Some("so")) => {
            approx = true;
            end_idx = k + 2;
            rule = "approx.or_so";
        }
        (Some("-odd") | Some("odd") | Some("plus") | Some("+"), _) => {
            approx = true;
            bound = Bound::AtLeast;
            end_idx = k + 1;
            rule = "bound.plus";
        }
        _ => {}
    }
    let (mut min, mut max) = (Some(low), Some(high));
    if vague && !is_range {
        max = None;
        rule = "vague.order_of_magnitude";
    } else if !is_range {
        match bound {
            Bound::AtLeast => max = None,
            Bound::AtMost => min = None,
            Bound::None => {}
        }
    } else if vague {
        // "several thousand up to 10,000": the vague lower end stays a lower end.
        rule = "range.vague_up_to";
    } else {
        rule = if rule == "figure" { "range" } else { rule };
    }
    let start = toks[start_idx].start;
    let end = toks[end_idx.saturating_sub(1).max(num_start_idx)].end;
    let last_num_tok = end_idx.saturating_sub(1);
    let unit = if let Some(c) = currency {
        let (period, per_worker, p_end) = money_context_en(s, toks, words, num_start_idx, end_idx);
        let parenthetical = start_idx > 0 && words[start_idx - 1] == "(";
        let end = p_end.unwrap_or(end);
        return Some((
            Figure {
                start,
                end,
                min,
                max,
                approx,
                vague,
                unit: Unit::Money { currency: c, period, per_worker, parenthetical },
                rule,
            },
            end_idx.max(last_num_tok + 1),
        ));
    } else {
        classify_en(words, toks, start_idx, num_start_idx, end_idx)
    };
    if is_word_number && !matches!(unit.0, Unit::People { .. } | Unit::Teams | Unit::TeamSize) {
        return None;
    }
    let (unit, end) = match unit {
        (u, Some(noun_end)) => (u, noun_end),
        (u, None) => (u, end),
    };
    Some((Figure { start, end, min, max, approx, vague, unit, rule }, end_idx.max(num_start_idx + 1)))
}

/// What the figure ending before token `k` counts, and the end of its noun.
fn classify_en(
    words: &[&str],
    toks: &[Token],
    start_idx: usize,
    num_idx: usize,
    k: usize,
) -> (Unit, Option<usize>) {
    let w = |x: usize| words.get(x).copied().unwrap_or("");
    let prev = if start_idx > 0 { w(start_idx - 1) } else { "" };
    let prev2 = if start_idx > 1 { w(start_idx - 2) } else { "" };
    // Years, ages, per cent, ordinals, clock times.
    if matches!(w(k), "%" | "percent" | "per" | "pct") && (w(k) != "per" || w(k + 1) == "cent") {
        return (Unit::Other, None);
    }
    if matches!(
        prev,
        "aged"
            | "age"
            | "ages"
            | "no"
            | "no."
            | "number"
            | "resolution"
            | "article"
            | "paragraph"
            | "para"
            | "section"
            | "sec"
            | "chapter"
            | "page"
            | "route"
            | "flight"
            | "unscr"
    ) || (prev == "." && prev2 == "no")
    {
        return (Unit::Other, None);
    }
    let num_text = w(num_idx);
    let is_year_like = toks.get(num_idx).is_some_and(|t| t.kind == Tok::Num)
        && num_text.len() == 4
        && !num_text.contains(',')
        && num_text.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y));
    if is_year_like && k == num_idx + 1 {
        return (Unit::Other, None);
    }
    // "six teams, each of roughly 50 people", "in groups of 30 to 60": people per team.
    let lead = |n: usize| if start_idx >= n { w(start_idx - n) } else { "" };
    if (lead(1) == "of" && matches!(lead(2), "each" | "groups" | "teams" | "batches" | "units" | "squads"))
        || (lead(1) == "of" && lead(2) == "group")
    {
        return (Unit::TeamSize, None);
    }
    // "of them", "of whom": people already named.
    if w(k) == "of" && matches!(w(k + 1), "them" | "whom" | "those") {
        return (Unit::People { noun: "them".into() }, Some(toks[k + 1].end));
    }
    // "in each team", "per team", "people each": handled by the caller through TeamSize.
    // Find the head noun within a few modifier words.
    let mut x = k;
    let mut purpose: Option<String> = None;
    for _ in 0..5 {
        let word = w(x);
        if word.is_empty() {
            break;
        }
        if PEOPLE_NOUNS.contains(&word) {
            // "50 people will be in each team", "50 people each" → team size.
            let after = (w(x + 1), w(x + 2), w(x + 3), w(x + 4), w(x + 5));
            let team_size = matches!(after, ("in", "each", "team", ..) | ("per", "team", ..) | ("each", ..))
                || matches!(after, ("will", "be", "in", "each", "team") | ("are", "in", "each", "team", _))
                || matches!(after, ("to", "a", "team", ..) | ("in", "every", "team", ..));
            if team_size {
                return (Unit::TeamSize, Some(toks[x].end));
            }
            // "North Korean workers", "North Koreans": the noun is the last word.
            return (Unit::People { noun: word.to_owned() }, Some(toks[x].end));
        }
        if TEAM_NOUNS.contains(&word) {
            return (Unit::Teams, Some(toks[x].end));
        }
        if VISA_NOUNS.contains(&word) {
            return (Unit::Visas { purpose }, Some(toks[x].end));
        }
        if matches!(
            word,
            "work"
                | "tourist"
                | "student"
                | "study"
                | "business"
                | "education"
                | "educational"
                | "private"
                | "transit"
                | "official"
                | "humanitarian"
                | "technical"
        ) {
            purpose = Some(word.to_owned());
        }
        if x > k && !is_modifier_word(word) {
            // "the 300 selected came from …": a participle standing for the people.
            let participle = (k..x).rev().find(|&y| {
                matches!(
                    w(y),
                    "selected"
                        | "dispatched"
                        | "hired"
                        | "recruited"
                        | "chosen"
                        | "sent"
                        | "deployed"
                        | "stranded"
                        | "remaining"
                        | "escaped"
                        | "defected"
                )
            });
            if let Some(y) = participle {
                return (Unit::People { noun: w(y).to_owned() }, Some(toks[y].end));
            }
            break;
        }
        if x == k && !is_modifier_word(word) {
            // Not a modifier: the figure stands alone, or counts something else.
            let t = toks.get(x);
            let is_boundary = t.is_some_and(|t| t.kind == Tok::Sym) || is_function_word(word);
            return if is_boundary { (Unit::Bare, None) } else { (Unit::Other, None) };
        }
        x += 1;
    }
    if x == k {
        return (Unit::Bare, None);
    }
    (Unit::Other, None)
}

fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "or"
            | "but"
            | "are"
            | "were"
            | "was"
            | "is"
            | "have"
            | "has"
            | "had"
            | "will"
            | "would"
            | "remain"
            | "remained"
            | "remain,"
            | "work"
            | "worked"
            | "working"
            | "still"
            | "who"
            | "that"
            | "which"
            | "in"
            | "at"
            | "to"
            | "from"
            | "across"
            | "on"
            | "by"
            | "with"
            | "for"
            | "left"
            | "live"
            | "lived"
            | "stayed"
            | "came"
            | "went"
            | "arrived"
            | "returned"
            | "reached"
            | "up"
            | "as"
            | "only"
            | "each"
            | "apiece"
            | "more"
            | "last"
            | "this"
            | "in total"
            | "altogether"
            | "so"
            | "while"
            | "between"
    )
}

/// Period and per-worker marks around an English amount of money: "a month", "monthly",
/// "per worker", "from each worker". Returns the end of the period phrase when it follows.
fn money_context_en(
    s: &str,
    toks: &[Token],
    words: &[&str],
    num_idx: usize,
    k: usize,
) -> (Option<Period>, bool, Option<usize>) {
    let _ = s;
    let w = |x: usize| words.get(x).copied().unwrap_or("");
    let mut period = None;
    let mut end = None;
    let mut per_worker = false;
    for x in k..(k + 6).min(words.len()) {
        let p = match (w(x), w(x + 1)) {
            ("a" | "per" | "each" | "every" | "an", "month") | ("monthly", _) | ("per", "mensem") => {
                Some((Period::Month, 2))
            }
            ("a" | "per" | "each" | "every" | "an", "year") | ("annually" | "yearly" | "annual", _) => {
                Some((Period::Year, 2))
            }
            ("a" | "per" | "each" | "every", "day") | ("daily", _) => Some((Period::Day, 2)),
            _ => None,
        };
        if let Some((per, n)) = p {
            period = Some(per);
            let n =
                if matches!(w(x), "monthly" | "annually" | "yearly" | "daily" | "annual") { 1 } else { n };
            if x == k {
                end = toks.get(x + n - 1).map(|t| t.end);
            }
            break;
        }
        if matches!(w(x), "." | ";") {
            break;
        }
    }
    // "a monthly stipend of roughly US$800", "an annual income of".
    if period.is_none() {
        for x in num_idx.saturating_sub(6)..num_idx {
            match w(x) {
                "monthly" => period = Some(Period::Month),
                "annual" | "yearly" => period = Some(Period::Year),
                "daily" => period = Some(Period::Day),
                _ => {}
            }
        }
    }
    for x in k..(k + 8).min(words.len()) {
        if matches!(
            (w(x), w(x + 1)),
            ("each", "worker")
                | ("per", "worker")
                | ("per", "person")
                | ("per", "head")
                | ("a", "head")
                | ("each", "person")
                | ("per", "capita")
                | ("per", "labourer")
                | ("per", "laborer")
        ) {
            per_worker = true;
        }
    }
    for x in num_idx.saturating_sub(4)..num_idx {
        if matches!(w(x), "each" | "apiece") {
            per_worker = true;
        }
    }
    (period, per_worker, end)
}

// ---------------------------------------------------------------------------------------
// Korean

/// Parses a Korean number starting at byte `i` of `s`: digits with 억/만/천/백 units
/// ("2만8000", "2만8천", "1억2000만", "40만", "13.5만"). Returns (value, end).
fn korean_number(s: &str, i: usize) -> Option<(u64, usize)> {
    let b = s.as_bytes();
    let mut j = i;
    let mut total: f64 = 0.0;
    let mut section: f64 = 0.0; // below 만
    let mut any = false;
    loop {
        // digits
        let ds = j;
        while j < b.len()
            && (b[j].is_ascii_digit()
                || (b[j] == b',' && j + 1 < b.len() && b[j + 1].is_ascii_digit() && j > ds)
                || (b[j] == b'.' && j + 1 < b.len() && b[j + 1].is_ascii_digit() && j > ds))
        {
            j += 1;
        }
        let digits: String = s[ds..j].chars().filter(|c| *c != ',').collect();
        let val: Option<f64> = if digits.is_empty() { None } else { digits.parse().ok() };
        let unit = s[j..].chars().next();
        match (val, unit) {
            (Some(v), Some('억')) => {
                total += (section + v) * 1e8;
                section = 0.0;
                j += '억'.len_utf8();
                any = true;
            }
            (Some(v), Some('만')) => {
                total += (section + v) * 1e4;
                section = 0.0;
                j += '만'.len_utf8();
                any = true;
            }
            (Some(v), Some('천')) => {
                section += v * 1e3;
                j += '천'.len_utf8();
                any = true;
            }
            (Some(v), Some('백')) => {
                section += v * 1e2;
                j += '백'.len_utf8();
                any = true;
            }
            (Some(v), _) => {
                section += v;
                any = true;
                break;
            }
            (None, _) => break,
        }
        // Units may be followed by more digits ("2만8000") but not by spaces.
        if !s[j..].starts_with(|c: char| c.is_ascii_digit()) {
            break;
        }
    }
    let v = total + section;
    (any && v.is_finite() && v < 1e15).then(|| (v.round() as u64, j))
}

fn skip_spaces(s: &str, mut j: usize) -> usize {
    while s[j..].starts_with(' ') {
        j += 1;
    }
    j
}

fn strip_prefix_at(s: &str, j: usize, options: &[&'static str]) -> Option<(&'static str, usize)> {
    options.iter().find(|o| s[j..].starts_with(**o)).map(|o| (*o, j + o.len()))
}

const KO_APPROX_SUFFIX: &[&str] = &["여", "남짓", "가량", "정도", "안팎", "내외", "쯤", "께"];

/// Korean figures in `sentence`, which starts at byte `base` of the document.
pub fn figures_ko(sentence: &str, base: usize) -> Vec<Figure> {
    let s = sentence;
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = match s[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        let starts_number = c.is_ascii_digit()
            && (i == 0
                || !s.as_bytes()[i - 1].is_ascii_digit()
                    && s.as_bytes()[i - 1] != b','
                    && s.as_bytes()[i - 1] != b'.');
        // Vague amounts all start with 수, bare units are 천, 만 or 백: other characters are
        // spared both looks.
        let vague = if c == '수' { vague_ko(s, i) } else { None };
        let bare = if starts_number || vague.is_some() || !matches!(c, '천' | '만' | '백') {
            None
        } else {
            bare_unit_ko(s, i)
        };
        if let Some((v, end)) = bare {
            // Parsed as a number written with a unit: reuse the digit path's logic by
            // treating the unit as the number itself.
            if let Some((fig, next)) = parse_ko_bare(s, i, v, end) {
                out.push(Figure { start: base + fig.start, end: base + fig.end, ..fig });
                i = next;
                continue;
            }
        }
        if !starts_number && vague.is_none() {
            i += c.len_utf8();
            continue;
        }
        match parse_ko_at(s, i, vague) {
            Some((fig, next)) => {
                out.push(Figure { start: base + fig.start, end: base + fig.end, ..fig });
                i = next.max(i + 1);
                while !s.is_char_boundary(i) {
                    i += 1;
                }
            }
            None => {
                // Skip the whole number so "2만8000" is not read again from "8000".
                let mut j = i + c.len_utf8();
                while j < s.len()
                    && (s.as_bytes()[j].is_ascii_digit() || matches!(s.as_bytes()[j], b',' | b'.'))
                {
                    j += 1;
                }
                i = j;
            }
        }
    }
    out
}

/// "천여 명", "만 명", "백여 명": a unit word alone is one of it (1,000, 10,000, 100).
fn bare_unit_ko(s: &str, i: usize) -> Option<(u64, usize)> {
    if i > 0 && s[..i].chars().next_back().is_some_and(|c| crate::text::is_hangul(c) || c.is_ascii_digit()) {
        return None;
    }
    let (v, len) = match s[i..].chars().next()? {
        '천' => (1_000, '천'.len_utf8()),
        '만' => (10_000, '만'.len_utf8()),
        '백' => (100, '백'.len_utf8()),
        _ => return None,
    };
    let rest = &s[i + len..];
    // Only as a count of people: "천여 명", "만 명".
    let r = rest.strip_prefix('여').unwrap_or(rest).trim_start();
    r.starts_with('명').then_some((v, i + len))
}

/// "수십", "수백", "수천", "수만", "수십만", "수백만": (magnitude, end).
fn vague_ko(s: &str, i: usize) -> Option<(u64, usize)> {
    if i > 0 && s[..i].chars().next_back().is_some_and(crate::text::is_hangul) {
        return None;
    }
    let opts: &[(&str, u64)] = &[
        ("수십만", 100_000),
        ("수백만", 1_000_000),
        ("수십", 10),
        ("수백", 100),
        ("수천", 1_000),
        ("수만", 10_000),
    ];
    for (p, v) in opts {
        if s[i..].starts_with(p) {
            return Some((*v, i + p.len()));
        }
    }
    None
}

/// A figure written as a unit word alone ("천여 명"): the value, approximation and counter.
fn parse_ko_bare(s: &str, i: usize, v: u64, end: usize) -> Option<(Figure, usize)> {
    let mut j = end;
    let mut approx = false;
    if s[j..].starts_with('여') {
        approx = true;
        j += '여'.len_utf8();
    }
    let cj = skip_spaces(s, j);
    let e = cj + s[cj..].strip_prefix('명').map(|_| '명'.len_utf8())?;
    let rule = if approx { "approx.ko.yeo" } else { "figure.ko.unit_word" };
    Some((
        Figure {
            start: i,
            end: e,
            min: Some(v),
            max: Some(v),
            approx,
            vague: false,
            unit: Unit::People { noun: "명".into() },
            rule,
        },
        e,
    ))
}

const KO_PRE: &[(&str, bool, Bound, &str)] = &[
    ("최소 ", false, Bound::AtLeast, "bound.ko.choeso"),
    ("적어도 ", false, Bound::AtLeast, "bound.ko.jeogeodo"),
    ("최대 ", false, Bound::AtMost, "bound.ko.choedae"),
    ("약 ", true, Bound::None, "approx.ko.yak"),
    ("대략 ", true, Bound::None, "approx.ko.daeryak"),
    ("무려 ", false, Bound::None, "figure"),
];

fn parse_ko_at(s: &str, i: usize, vague: Option<(u64, usize)>) -> Option<(Figure, usize)> {
    // Pre-modifiers sit before the number: look back over one of them.
    let mut start = i;
    let mut approx = false;
    let mut bound = Bound::None;
    let mut rule = "figure";
    for (p, a, b, r) in KO_PRE {
        if s[..i].ends_with(p) {
            start = i - p.len();
            approx = *a;
            bound = *b;
            rule = r;
            // "최소 1000~2000명": a lower bound word before a range keeps the range.
        }
    }
    let (low, mut j, is_vague) = match vague {
        Some((v, end)) => (v, end, true),
        None => {
            let (v, end) = korean_number(s, i)?;
            (v, end, false)
        }
    };
    let mut high = low;
    let mut is_range = false;
    let mut approx_suffix = false;
    // Approximation right after the number: "1만5000여", "300여 명".
    if let Some((_, e)) = strip_prefix_at(s, j, KO_APPROX_SUFFIX) {
        j = e;
        approx_suffix = true;
    }
    // Ranges: "800~1000명", "1000~2000명가량", "13만~26만 원", "수십 명에서 수백 명".
    let after = skip_spaces(s, j);
    if let Some((_, e)) = strip_prefix_at(s, after, &["~", "-", "–", "∼", "〜"]) {
        let e = skip_spaces(s, e);
        if let Some((v2, e2)) = korean_number(s, e)
            && v2 >= low
        {
            high = v2;
            is_range = true;
            j = e2;
            rule = "range.ko";
            if let Some((_, e3)) = strip_prefix_at(s, j, KO_APPROX_SUFFIX) {
                j = e3;
                approx_suffix = true;
            }
        }
    }
    // Counter.
    let cj = skip_spaces(s, j);
    let rest = &s[cj..];
    let counter_people = rest.starts_with('명');
    let mut end;
    let unit: Unit;
    let mut low_v = low;
    if counter_people {
        end = cj + '명'.len_utf8();
        // "수십 명에서 수백 명씩": a vague range takes the larger magnitude.
        let after_counter = &s[end..];
        if is_vague
            && let Some(rest2) = after_counter.strip_prefix("에서 ")
            && let Some((v2, e2)) = vague_ko(rest2, 0)
        {
            let e2abs = end + "에서 ".len() + e2;
            let e3 = skip_spaces(s, e2abs);
            if s[e3..].starts_with('명') && v2 > low_v {
                low_v = v2;
                end = e3 + '명'.len_utf8();
                rule = "vague.ko.range_larger";
            }
        }
        if s[end..].starts_with('씩') {
            // "50명씩 6개 조": people per team.
            let after = skip_spaces(s, end + '씩'.len_utf8());
            if korean_number(s, after).is_some_and(|(_, e)| {
                let e = skip_spaces(s, e);
                s[e..].starts_with("개 조")
                    || s[e..].starts_with("개조")
                    || s[e..].starts_with("개 팀")
                    || s[e..].starts_with('조')
            }) {
                unit = Unit::TeamSize;
                end += '씩'.len_utf8();
            } else {
                unit = Unit::People { noun: "명".into() };
            }
        } else {
            unit = Unit::People { noun: "명".into() };
        }
    } else if let Some((_, e)) = strip_prefix_at(s, cj, &["개 조", "개조", "개 팀", "개팀", "조"]) {
        // "조" alone is ambiguous (1조 = a trillion); only take it after a small number.
        if low > 100
            || s[cj..].starts_with("조원")
            || s[cj..].starts_with("조 원")
            || s[cj..].starts_with("조 달러")
        {
            return None;
        }
        end = e;
        unit = Unit::Teams;
    } else if let Some((cur, e)) = strip_prefix_at(s, cj, &["달러", "불", "원", "위안", "루블", "유로", "엔"])
    {
        let currency = match cur {
            "달러" | "불" => Currency::USD,
            "원" => Currency::KRW,
            "위안" => Currency::CNY,
            "루블" => Currency::RUB,
            "유로" => Currency::EUR,
            _ => Currency::JPY,
        };
        // "원" after a number is also "원래"; require a non-letter or a particle after it.
        end = e;
        let (period, per_worker) = money_context_ko(s, start, end);
        let parenthetical = s[..start].ends_with('(');
        unit = Unit::Money { currency, period, per_worker, parenthetical };
    } else {
        if is_vague {
            return None;
        }
        unit = Unit::Other;
        end = j;
    }
    // Post-modifiers: 이상 (or more), 이하 / 미만 (up to / under), 넘는 / 넘게 / 웃돌 (over),
    // 육박 (nearly), 가량 / 정도 (about).
    let post = skip_spaces(s, end);
    let mut post_end = end;
    if let Some((p, e)) = strip_prefix_at(
        s,
        post,
        &[
            "이상",
            "이하",
            "미만",
            "넘는",
            "넘게",
            "넘어",
            "넘",
            "웃돌",
            "을 웃돌",
            "를 웃돌",
            "를 넘",
            "을 넘",
            "에 육박",
            "가량",
            "정도",
            "안팎",
        ],
    ) {
        match p {
            "이상" | "넘는" | "넘게" | "넘어" | "넘" | "웃돌" | "을 웃돌" | "를 웃돌" | "를 넘" | "을 넘" =>
            {
                bound = Bound::AtLeast;
                rule = "bound.ko.over";
            }
            "이하" | "미만" => {
                bound = Bound::AtMost;
                rule = "bound.ko.under";
            }
            "에 육박" => {
                approx = true;
                rule = "approx.ko.yukbak";
            }
            _ => approx_suffix = true,
        }
        if !matches!(unit, Unit::Money { .. }) {
            post_end = e;
        }
    }
    // "200명 이하의 소규모로": a figure describing something else with the genitive 의.
    let mut unit = unit;
    if matches!(unit, Unit::People { .. }) {
        let rest = s[post_end.max(end)..].trim_start();
        if let Some(r) = rest.strip_prefix('의') {
            let next: String = r.trim_start().chars().take_while(|c| crate::text::is_hangul(*c)).collect();
            // The size of something: a factory, a unit, a scale ("the testimony of six
            // workers" still counts workers).
            let sizes = [
                "규모",
                "소규모",
                "대규모",
                "중규모",
                "공장",
                "기업",
                "업체",
                "회사",
                "부대",
                "현장",
                "단체",
                "식당",
                "조직",
            ];
            if sizes.iter().any(|p| next.starts_with(p)) {
                unit = Unit::Other;
            }
        }
    }
    approx |= approx_suffix || is_vague;
    if approx_suffix && rule == "figure" {
        rule = "approx.ko.yeo";
    }
    let (mut min, mut max) = (Some(low_v), Some(high));
    if is_vague {
        max = None;
        if rule == "figure" {
            rule = "vague.ko.order_of_magnitude";
        }
    } else if !is_range {
        match bound {
            Bound::AtLeast => max = None,
            Bound::AtMost => min = None,
            Bound::None => {}
        }
    }
    Some((Figure { start, end, min, max, approx, vague: is_vague, unit, rule }, end))
}

/// Period and per-worker marks around a Korean amount: "월 500달러", "한 달 100~200달러",
/// "연간 5억 달러", "월급으로 … 40만 원", "1인당".
fn money_context_ko(s: &str, start: usize, end: usize) -> (Option<Period>, bool) {
    let before_start = {
        let mut b = start.saturating_sub(30);
        while !s.is_char_boundary(b) {
            b -= 1;
        }
        b
    };
    let before = &s[before_start..start];
    let mut after_end = (end + 12).min(s.len());
    while !s.is_char_boundary(after_end) {
        after_end -= 1;
    }
    let after = &s[end..after_end];
    let period = if before.ends_with("월 ")
        || before.contains("한 달")
        || before.contains("매달")
        || before.contains("매월")
        || before.contains("월급")
        || before.contains("월평균")
        || after.starts_with("씩 매달")
    {
        Some(Period::Month)
    } else if before.contains("연간")
        || before.ends_with("연 ")
        || before.contains("한 해")
        || before.contains("1년에")
        || before.contains("연봉")
        || before.contains("해마다")
        || before.contains("매년")
    {
        Some(Period::Year)
    } else if before.contains("하루") || before.contains("일당") {
        Some(Period::Day)
    } else {
        None
    };
    let per_worker = before.contains("1인당")
        || before.contains("인당")
        || before.contains("1명당")
        || before.contains("명당")
        || before.contains("월급")
        || before.contains("임금")
        || before.contains("노동자에게");
    (period, per_worker)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The look for a digit or number word before the tokenizer never costs a figure:
        /// over sentences of number words, words that hold them ("someone", "often",
        /// "tension"), hyphenated and capitalised ones, currencies and people.
        #[test]
        fn the_quick_look_never_loses_a_figure(
            words in proptest::collection::vec(proptest::sample::select(&[
                "one", "lone", "single", "Two", "three", "five", "nine", "ten", "twelve", "dozen",
                "seventeen", "twenty-one", "Forty-five", "ninety", "hundred", "thousand", "million",
                "billion", "tens", "hundreds", "Thousands", "millions", "dozens", "several", "few",
                "a", "A", "of", "some", "about", "around", "up", "to", "more", "than", "workers",
                "people", "teams", "someone", "often", "tension", "anyone", "phone", "dollars",
                "$", "US$", "won", "yuan", "per", "month", "each", "sent", "Russia", ",", "-",
                "twentieth", "tenfold", "one's", "sixty-", "7", "3rd",
            ][..]), 0..12),
        ) {
            let sentence = words.join(" ");
            let low = sentence.to_ascii_lowercase();
            let gated = figures_en_lower(&sentence, &low, 0);
            let all = figures_en_tokens(&sentence, &low, 0);
            proptest::prop_assert_eq!(format!("{gated:?}"), format!("{all:?}"));
        }
    }

    #[test]
    fn every_word_that_starts_a_number_passes_the_quick_look() {
        let tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
        let mut words: Vec<String> =
            NUMBER_WORDS.iter().chain(&["a"]).chain(tens.iter()).map(|w| w.to_string()).collect();
        words.extend(tens.iter().flat_map(|t| {
            (1..10).map(move |u| {
                format!(
                    "{t}-{}",
                    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][u - 1]
                )
            })
        }));
        for w in &words {
            // Each word in the contexts that make it a number: alone, and before "of
            // thousands", "thousand", "hundred", "lone".
            for next in [&[][..], &["of", "thousands"], &["thousand"], &["hundred"], &["lone"]] {
                let sentence =
                    std::iter::once(w.as_str()).chain(next.iter().copied()).collect::<Vec<_>>().join(" ");
                let toks = tokenize(&sentence);
                let ws: Vec<&str> = toks.iter().map(|t| &sentence[t.start..t.end]).collect();
                let reads = number_at(&sentence, &toks, &ws, 0).is_some() || word_number(ws[0]).is_some();
                assert!(
                    !reads || may_start_number_word(ws[0]),
                    "{sentence:?} is a number the quick look misses"
                );
            }
        }
        assert!(!may_start_number_word("workers") && !may_start_number_word("and"));
    }

    fn en(s: &str) -> Vec<(Option<u64>, Option<u64>, bool, String)> {
        figures_en(s, 0)
            .into_iter()
            .map(|f| (f.min, f.max, f.approx, format!("{:?}|{}", f.unit, &s[f.start..f.end])))
            .collect()
    }

    fn ko(s: &str) -> Vec<(Option<u64>, Option<u64>, bool, String)> {
        figures_ko(s, 0)
            .into_iter()
            .map(|f| (f.min, f.max, f.approx, format!("{:?}|{}", f.unit, &s[f.start..f.end])))
            .collect()
    }

    fn people(noun: &str) -> String {
        format!("People {{ noun: {noun:?} }}")
    }

    #[test]
    fn english_single_figures_and_approximations() {
        let r = en("The state plans to send about 300 people there.");
        assert_eq!(r, vec![(Some(300), Some(300), true, format!("{}|about 300 people", people("people")))]);
        let r = en("the 154 guest workers flew out");
        assert_eq!(r[0].0, Some(154));
        assert!(!r[0].2);
        assert_eq!(en("some 1,200 North Korean labourers")[0].0, Some(1200));
    }

    #[test]
    fn english_ranges_in_brackets_and_words() {
        let r = en("the first round [about 800-1,000 people]");
        assert_eq!((r[0].0, r[0].1, r[0].2), (Some(800), Some(1000), true));
        let r = en("between 3,500 and 4,000 workers");
        assert_eq!((r[0].0, r[0].1), (Some(3500), Some(4000)));
        let r = en("from 800 to 1,000 workers");
        assert_eq!((r[0].0, r[0].1), (Some(800), Some(1000)));
    }

    #[test]
    fn english_open_bounds_and_vague_amounts() {
        let r = en("More than 150 North Korean labourers have left");
        assert_eq!((r[0].0, r[0].1, r[0].2), (Some(150), None, true));
        let r = en("up to 28,000 workers");
        assert_eq!((r[0].0, r[0].1, r[0].2), (None, Some(28000), false));
        let r = en("as many as 10,000 workers");
        assert_eq!((r[0].0, r[0].1), (None, Some(10000)));
        let r = en("dispatched thousands of workers");
        assert_eq!((r[0].0, r[0].1, r[0].2), (Some(1000), None, true));
        let r = en("the North used to send tens of thousands of workers");
        assert_eq!((r[0].0, r[0].1), (Some(10000), None));
        let r = en("estimate ranged from several thousand up to 10,000.");
        assert_eq!((r[0].0, r[0].1, r[0].2), (Some(1000), Some(10000), true));
    }

    #[test]
    fn english_teams_and_team_sizes() {
        let r = en("organize a total of six teams to be sent");
        assert_eq!(r[0].3, "Teams|six teams");
        assert_eq!(r[0].0, Some(6));
        let r = en("About 50 people will be in each team, so about 300 people will be chosen.");
        assert!(r[0].3.starts_with("TeamSize|"));
        assert!(r[1].3.starts_with("People"));
    }

    #[test]
    fn english_money_with_period_and_per_worker() {
        let r = en("earn at least USD 600 to 700 a month from each worker.");
        assert_eq!((r[0].0, r[0].1), (Some(600), Some(700)));
        assert_eq!(
            r[0].3,
            "Money { currency: USD, period: Some(Month), per_worker: true, parenthetical: false }|at least USD 600 to 700 a month"
        );
        let r = en("a monthly stipend of roughly US$800.");
        assert_eq!((r[0].0, r[0].2), (Some(800), true));
        assert!(r[0].3.contains("Some(Month)"));
        let r = en("sent home about US$100 million, and $500 million a year");
        assert_eq!(r[0].0, Some(100_000_000));
        assert_eq!(r[1].0, Some(500_000_000));
        assert!(r[1].3.contains("Some(Year)"));
        let r = en("trade reached $47.9 million");
        assert_eq!(r[0].0, Some(47_900_000));
    }

    #[test]
    fn english_other_numbers_are_not_people() {
        for s in [
            "Resolution 2397 bans it.",
            "in 2019 and 2020",
            "40.6 percent",
            "aged 18",
            "two nuclear tests",
            "three restaurants",
            "about 40 countries",
            "3 million foreign labourers",
        ] {
            let r = en(s);
            assert!(r.iter().all(|f| !f.3.starts_with("People") || s.contains("foreign")), "{s}: {r:?}");
        }
        assert_eq!(
            en("Kuwait hosts 2,500, Qatar 2,000 and the UAE up to 1,500.")
                .iter()
                .map(|f| f.3.split('|').next().unwrap().to_owned())
                .collect::<Vec<_>>(),
            vec!["Bare", "Bare", "Bare"]
        );
    }

    #[test]
    fn english_visas_keep_their_purpose() {
        let r = en("753 work visas, 3,067 tourist visas and 1,975 student visas");
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].3, "Visas { purpose: Some(\"work\") }|753 work visas");
        assert_eq!(r[2].0, Some(1975));
    }

    #[test]
    fn korean_numbers_with_units() {
        assert_eq!(korean_number("2만8000명", 0), Some((28_000, "2만8000".len())));
        assert_eq!(korean_number("2만8천 명", 0).map(|x| x.0), Some(28_000));
        assert_eq!(korean_number("1만3221명", 0).map(|x| x.0), Some(13_221));
        assert_eq!(korean_number("1억2000만 달러", 0).map(|x| x.0), Some(120_000_000));
        assert_eq!(korean_number("5억", 0).map(|x| x.0), Some(500_000_000));
        assert_eq!(korean_number("1,000명", 0).map(|x| x.0), Some(1000));
    }

    #[test]
    fn korean_counts_ranges_and_bounds() {
        let r = ko("노동자 300여 명을 보냈다");
        assert_eq!(r, vec![(Some(300), Some(300), true, format!("{}|300여 명", people("명")))]);
        let r = ko("적어도 1000~2000명가량이 파견된");
        assert_eq!((r[0].0, r[0].1, r[0].2), (Some(1000), Some(2000), true));
        let r = ko("1천여 명 이상");
        assert_eq!((r[0].0, r[0].1, r[0].2), (Some(1000), None, true));
        let r = ko("5만 명을 웃돌 것");
        assert_eq!((r[0].0, r[0].1, r[0].2), (Some(50_000), None, false));
        let r = ko("노동자 수천여 명을 보냈다");
        assert_eq!((r[0].0, r[0].1, r[0].2), (Some(1000), None, true));
        let r = ko("한 번에 수십 명에서 수백 명씩 넘어오고");
        assert_eq!((r[0].0, r[0].1, r[0].2), (Some(100), None, true));
        let r = ko("노동자 천여 명이 떠났다");
        assert_eq!((r[0].0, r[0].1, r[0].2), (Some(1000), Some(1000), true));
        assert!(ko("노동자만 명단에").is_empty());
        let r = ko("200명 이하의 공장");
        assert_eq!((r[0].0, r[0].1), (None, Some(200)));
    }

    #[test]
    fn korean_teams_money_and_other_counters() {
        let r = ko("50명씩 6개 조를 편성");
        assert_eq!(r[0].3, "TeamSize|50명씩");
        assert_eq!(r[1].3, "Teams|6개 조");
        let r = ko("한 달 100~200달러(13만~26만 원)에 불과");
        assert_eq!((r[0].0, r[0].1), (Some(100), Some(200)));
        assert!(r[0].3.contains("Some(Month)"));
        assert!(r[1].3.contains("parenthetical: true"));
        let r = ko("연간 5억 달러");
        assert_eq!(r[0].0, Some(500_000_000));
        assert!(r[0].3.contains("Some(Year)"));
        for s in ["18~30세 여성", "하루 18시간", "2~4개월가량", "서열 3위", "122곳 가운데", "2024년 한 해"]
        {
            assert!(ko(s).iter().all(|f| f.3.starts_with("Other")), "{s}");
        }
    }
}
