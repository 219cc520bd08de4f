//! Extraction speed on one core, and the floor it is compared with.
//!
//! `tally_core::extract` runs on this thread only, over documents held in memory and
//! repeated until a byte target is reached (the dev corpus is ~48 KB, so 100 MB is ~2,000
//! passes), so the figure is the extractor's own: no disk, no store, no index. The floor is
//! one pass over the same bytes doing nearly nothing (`memchr` counting line ends): what
//! any program that looks at every byte must pay. Neither reads files; callers load.

use std::hint::black_box;
use std::time::Instant;

use tally_core::{DocContext, Lang};

/// A document to run over: normalised text and its context.
pub struct Text {
    pub text: String,
    pub ctx: DocContext,
}

/// Bytes processed in seconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Throughput {
    pub bytes: u64,
    pub secs: f64,
    pub claims: u64,
}

impl Throughput {
    pub fn mb_s(&self) -> f64 {
        if self.secs == 0.0 { 0.0 } else { self.bytes as f64 / 1e6 / self.secs }
    }
}

fn repeat(texts: &[Text], target: u64, mut f: impl FnMut(&Text) -> u64) -> Throughput {
    let mut t = Throughput::default();
    if texts.is_empty() {
        return t;
    }
    let start = Instant::now();
    while t.bytes < target {
        for d in texts {
            t.claims += f(d);
            t.bytes += d.text.len() as u64;
        }
    }
    t.secs = start.elapsed().as_secs_f64();
    t
}

/// The extractor over `texts`, repeated to at least `target` bytes.
pub fn extraction(texts: &[Text], target: u64) -> Throughput {
    repeat(texts, target, |d| black_box(tally_core::extract(black_box(&d.text), &d.ctx)).claims.len() as u64)
}

/// The floor: counting line ends over the same bytes, repeated the same way.
pub fn floor(texts: &[Text], target: u64) -> Throughput {
    repeat(texts, target, |d| {
        black_box(memchr::memchr_iter(b'\n', black_box(d.text.as_bytes())).count());
        0
    })
}

/// Generated reports of one language, built in memory, until `bytes` of text.
pub fn generated(seed: u64, lang: Lang, bytes: u64) -> Vec<Text> {
    let mut out = Vec::new();
    let mut total = 0u64;
    let mut n = 0u64;
    while total < bytes {
        let r = tally_gen::report(seed, n);
        n += 1;
        if r.meta.lang != lang {
            continue;
        }
        total += r.text.len() as u64;
        out.push(Text { ctx: DocContext { lang, published: Some(r.meta.published) }, text: r.text });
    }
    out
}
