//! Putting a [`Loaded`] together: bytes in, checked, converted, normalised, hashed, with
//! metadata merged as overrides > `meta.json` or the page's head > nothing.
//!
//! The checks run in the order that gives the most useful message: the extension (a `.pdf`
//! is "unsupported", not "binary"), the size (before reading), binary content, UTF-8,
//! emptiness, and emptiness again after conversion (a page of nothing but navigation). Corpus
//! text is normalised and nothing else — see the crate doc for why. It does not walk folders
//! or store anything.

use std::path::Path;

use sha2::{Digest, Sha256};
use tally_core::text::{detect_lang, normalise};

use crate::meta_json::{self, CorpusMeta};
use crate::problem::Problem;
use crate::{Error, Format, Input, Loaded, MAX_BYTES, MAX_META_BYTES, Meta, Overrides, Result};
use crate::{feed, html, markdown, read, sniff};

/// One input as one document; a feed, which holds several, is refused with a pointer to
/// [`input_all`]'s callers (`tally ingest`).
pub fn input(input: &Input, overrides: &Overrides) -> Result<Loaded> {
    let mut all = input_all(input, overrides);
    if all.len() == 1 {
        return all.pop().expect("one result");
    }
    Err(Error::new(
        input.display_name(),
        Problem::Feed(format!("is a feed of {} items; ingest it with `tally ingest`", all.len())),
    ))
}

/// Every document of one input: one for a file, folder or stdin, one per item for a feed.
pub fn input_all(input: &Input, overrides: &Overrides) -> Vec<Result<Loaded>> {
    let name = input.display_name();
    let one = |r: Result<Loaded>| vec![r];
    match input {
        Input::File(path) => {
            let ext = path.file_name().and_then(|n| n.to_str()).and_then(sniff::extension);
            if let Err(p) = sniff::check_extension(ext.as_deref()) {
                return one(Err(Error::new(&name, p)));
            }
            match read::file(path, MAX_BYTES, |bytes| Problem::TooBig { bytes }) {
                Ok(raw) => documents(&name, Some(name.clone()), ext.as_deref(), raw, overrides),
                Err(p) => one(Err(Error::new(&name, p))),
            }
        }
        Input::Stdin => match read::stream(std::io::stdin().lock(), MAX_BYTES) {
            Ok(raw) => documents(&name, None, None, raw, overrides),
            Err(p) => one(Err(Error::new(&name, p))),
        },
        Input::CorpusDir(dir) => one(corpus(dir, overrides)),
    }
}

/// The documents in one file's bytes: a feed's items, or the file as one document.
fn documents(
    name: &str,
    path: Option<String>,
    ext: Option<&str>,
    raw: Vec<u8>,
    overrides: &Overrides,
) -> Vec<Result<Loaded>> {
    let is_feed = checked_text(&raw).is_ok_and(|text| feed::is_feed(ext, text));
    if !is_feed {
        return vec![document(name, path, ext, raw, overrides)];
    }
    let text = checked_text(&raw).expect("checked above");
    match feed::items(name, path.as_deref(), text, overrides) {
        Ok(items) => items,
        Err(e) => vec![Err(e)],
    }
}

pub fn bytes(name: &str, raw: Vec<u8>, overrides: &Overrides) -> Result<Loaded> {
    let ext = sniff::extension(name);
    sniff::check_extension(ext.as_deref()).map_err(|p| Error::new(name, p))?;
    if raw.len() as u64 > MAX_BYTES {
        return Err(Error::new(name, Problem::TooBig { bytes: raw.len() as u64 }));
    }
    let mut all = documents(name, Some(name.to_owned()), ext.as_deref(), raw, overrides);
    if all.len() == 1 {
        return all.pop().expect("one result");
    }
    Err(Error::new(
        name,
        Problem::Feed(format!("is a feed of {} items; ingest it with `tally ingest`", all.len())),
    ))
}

/// A file, stdin or upload, whose format is found from `ext` and the content.
fn document(
    name: &str,
    path: Option<String>,
    ext: Option<&str>,
    raw: Vec<u8>,
    overrides: &Overrides,
) -> Result<Loaded> {
    let fail = |p: Problem| Error::new(name, p);
    let text = checked_text(&raw).map_err(fail)?;
    // `.xml` is read only as a feed (see `feed::is_feed`); any other XML is not a report.
    if ext == Some("xml") {
        return Err(fail(Problem::Unsupported { ext: "xml".to_owned() }));
    }
    let format = sniff::format(ext, text);
    let mut meta = Meta { path, ..Meta::default() };
    let body = match format {
        Format::Html => {
            let page = html::extract(text).map_err(fail)?;
            if page.text.trim().is_empty() {
                return Err(fail(Problem::NoMainText));
            }
            meta.title = page.title;
            meta.url = page.url;
            meta.outlet = page.outlet;
            meta.published = page.published;
            page.text
        }
        Format::Markdown => {
            let md = markdown::to_text(text);
            meta.title = md.title;
            meta.published = md.published;
            md.text
        }
        Format::Text | Format::Corpus | Format::Feed => text.to_owned(),
    };
    finish(name, raw, &body, format, meta, None, overrides)
}

/// A corpus folder: `text.txt` as it is, and `meta.json` if present. Errors name the file
/// inside the folder that is wrong.
fn corpus(dir: &Path, overrides: &Overrides) -> Result<Loaded> {
    let text_path = dir.join("text.txt");
    let text_name = text_path.display().to_string();
    let raw = read::file(&text_path, MAX_BYTES, |bytes| Problem::TooBig { bytes })
        .map_err(|p| Error::new(&text_name, p))?;
    let text = checked_text(&raw).map_err(|p| Error::new(&text_name, p))?.to_owned();
    let meta_path = dir.join("meta.json");
    let corpus_meta = if meta_path.exists() {
        let meta_name = meta_path.display().to_string();
        let bytes = read::file(&meta_path, MAX_META_BYTES, |bytes| Problem::MetaTooBig { bytes })
            .map_err(|p| Error::new(&meta_name, p))?;
        meta_json::parse(&bytes).map_err(|p| Error::new(&meta_name, p))?
    } else {
        CorpusMeta::default()
    };
    let lang = corpus_meta.lang;
    let meta = Meta {
        path: Some(text_name.clone()),
        url: corpus_meta.url,
        outlet: corpus_meta.outlet,
        published: corpus_meta.published,
        title: corpus_meta.title,
        negative: corpus_meta.negative,
        notes: corpus_meta.notes,
    };
    finish(&text_name, raw, &text, Format::Corpus, meta, lang, overrides)
}

/// The bytes as text, if they are text with something in it.
fn checked_text(raw: &[u8]) -> Result<&str, Problem> {
    if raw.is_empty() {
        return Err(Problem::Empty);
    }
    sniff::check_text(raw)?;
    let text = sniff::utf8(raw)?;
    if text.trim().is_empty() {
        return Err(Problem::Empty);
    }
    Ok(text)
}

pub(crate) fn finish(
    name: &str,
    raw: Vec<u8>,
    body: &str,
    format: Format,
    mut meta: Meta,
    meta_lang: Option<tally_core::Lang>,
    overrides: &Overrides,
) -> Result<Loaded> {
    let text = normalised(body);
    if text.trim().is_empty() {
        return Err(Error::new(name, Problem::Empty));
    }
    let lang = overrides.lang.or(meta_lang).unwrap_or_else(|| detect_lang(&text));
    if let Some(source) = &overrides.source {
        meta.outlet = Some(source.clone());
    }
    if let Some(url) = &overrides.url {
        meta.url = Some(url.clone());
    }
    if let Some(published) = overrides.published {
        meta.published = Some(published);
        // A note about how a partial date was read no longer applies once the user gave one.
        meta.notes.retain(|n| !n.starts_with("published is given as"));
    }
    let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
    Ok(Loaded { raw, text, sha256, lang, format, meta })
}

/// `normalise`, applied until nothing changes.
///
/// On real text one pass is all it takes and this is exactly `normalise`. But `normalise`
/// removes control characters after composing to NFC, and strips one leading byte-order mark,
/// so a second pass can still change hostile input ("e\u{1}\u{301}" composes only once the
/// control is gone). The stored text must be a fixed point, or offsets taken from it would
/// not survive a re-normalisation; leading marks are all stripped first so that a run of them
/// costs one pass, not one pass each.
pub(crate) fn normalised(raw: &str) -> String {
    let mut text = normalise(raw);
    for _ in 0..4 {
        let next = normalise(text.trim_start_matches('\u{feff}'));
        if next == text {
            break;
        }
        text = next;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_is_a_fixed_point_where_one_pass_is_not() {
        for raw in ["e\u{1}\u{301}", "\u{feff}\u{feff}\u{feff}x", "\u{1}\u{feff}y", "plain\r\ntext"] {
            let once = normalise(raw);
            let text = normalised(raw);
            assert_eq!(normalise(&text), text, "{raw:?}");
            if raw == "plain\r\ntext" {
                assert_eq!(text, once);
            }
        }
        assert_eq!(normalised("e\u{1}\u{301}"), "\u{e9}");
    }

    #[test]
    fn overrides_win_and_the_hash_is_of_the_text() {
        let o = Overrides {
            source: Some("Cmd Outlet".into()),
            published: chrono::NaiveDate::from_ymd_opt(2024, 1, 2),
            lang: Some(tally_core::Lang::Ko),
            url: Some("https://cmd.example".into()),
        };
        let l = bytes("a.txt", b"Workers were sent.\r\n".to_vec(), &o).unwrap();
        assert_eq!(l.text, "Workers were sent.\n");
        assert_eq!(l.sha256, hex::encode(Sha256::digest(b"Workers were sent.\n")));
        assert_eq!(l.lang, tally_core::Lang::Ko);
        assert_eq!(l.meta.outlet.as_deref(), Some("Cmd Outlet"));
        assert_eq!(l.meta.url.as_deref(), Some("https://cmd.example"));
        assert_eq!(l.meta.published, o.published);
        assert_eq!(l.raw, b"Workers were sent.\r\n");
    }
}
