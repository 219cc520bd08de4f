//! Removing metadata from attachments, in memory.
//!
//! A photo's EXIF block can carry the GPS position where it was taken, the phone's serial
//! number and the owner's name; a PDF's document properties carry the author's account name.
//! The tip line keeps every attachment twice, both sealed: the original (evidence, never
//! altered) and a copy made here, which is what analysts open by default.
//!
//! What is removed, by allowlist (what is not known to be image data goes):
//! * **JPEG**: every APPn segment except a JFIF header (rewritten without its thumbnail), an
//!   Adobe colour-transform marker and ICC colour profiles; every comment; anything after
//!   the end-of-image marker (where phones put depth maps, second images and vendor trailers).
//!   The whole file is walked, scans included: `img-parts` stops at the first scan and keeps
//!   the rest verbatim, so comments between progressive scans and trailers would survive it.
//! * **PNG**: every chunk except those that carry pixels, palette, transparency or colour
//!   (`tEXt`, `iTXt`, `zTXt`, `eXIf`, `tIME` and private chunks all go), and anything after
//!   `IEND` (parsed with `img-parts`).
//! * **PDF**: the document information dictionary, XMP metadata streams on the catalogue and
//!   on every object, application private data (`PieceInfo`), the file identifier, and the
//!   incremental-update history (the file is rewritten from its current objects by `lopdf`).
//!
//! Other types are not cleaned; the vault marks them so and the analyst is warned on open.
//! The pixels, the drawing and the text are not touched: metadata *inside* the content (a
//! face, a name on a page, a watermark) is out of reach of any cleaner and the threat model
//! says so. Cleaning never panics on hostile input: a parser panic becomes "not cleaned".

use std::collections::BTreeSet;

use img_parts::Bytes;
use img_parts::png::Png;
use zeroize::Zeroizing;

/// The largest attachment cleaned, in bytes. Larger ones are sealed as they are and marked
/// "not cleaned"; cleaning needs the whole file in memory.
pub const CLEAN_MAX_BYTES: usize = 32 * 1024 * 1024;

/// What an attachment's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Jpeg,
    Png,
    Pdf,
    Other,
}

/// How many leading bytes [`sniff`] needs.
pub const SNIFF_BYTES: usize = 8;

/// Recognises the types this module can clean by their signature (never by file name or the
/// browser's declared type, which a source's device chooses).
pub fn sniff(head: &[u8]) -> Kind {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Kind::Jpeg
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Kind::Png
    } else if head.starts_with(b"%PDF-") {
        Kind::Pdf
    } else {
        Kind::Other
    }
}

impl Kind {
    /// Whether this module can clean the type.
    pub fn cleanable(self) -> bool {
        self != Kind::Other
    }
}

/// A cleaned copy and what was taken out of it.
pub struct Cleaned {
    pub bytes: Zeroizing<Vec<u8>>,
    /// Plain descriptions of what was removed, e.g. "EXIF (APP1)"; empty if nothing was.
    pub removed: Vec<String>,
}

impl std::fmt::Debug for Cleaned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cleaned").field("bytes", &self.bytes.len()).field("removed", &self.removed).finish()
    }
}

/// Cleans `data` of type `kind`. `Err` carries the reason it could not be cleaned.
pub fn clean(kind: Kind, data: &[u8]) -> Result<Cleaned, String> {
    if data.len() > CLEAN_MAX_BYTES {
        return Err(format!("larger than {} MiB, the cleaning limit", CLEAN_MAX_BYTES / (1024 * 1024)));
    }
    let run = || match kind {
        Kind::Jpeg => clean_jpeg(data),
        Kind::Png => clean_png(data),
        Kind::Pdf => clean_pdf(data),
        Kind::Other => Err("no cleaner for this type of file".to_string()),
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| Err("the file could not be parsed".to_string()))
}

// JPEG markers (ITU T.81 table B.1).
const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const APP0: u8 = 0xE0;
const APP15: u8 = 0xEF;
const COM: u8 = 0xFE;

enum Decision {
    Keep,
    Rewrite(Vec<u8>),
    Drop(String),
}

fn decide_jpeg_segment(marker: u8, body: &[u8]) -> Decision {
    match marker {
        APP0 if body.starts_with(b"JFIF\0") && body.len() >= 14 => {
            if body.len() == 14 && body[12] == 0 && body[13] == 0 {
                Decision::Keep
            } else {
                // Version, units and density stay; the thumbnail (which may show the
                // uncropped original) goes.
                let mut b = body[..12].to_vec();
                b.extend([0, 0]);
                Decision::Rewrite(b)
            }
        }
        APP0 => Decision::Drop("JFIF extension or thumbnail (APP0)".into()),
        0xE1 if body.starts_with(b"Exif\0") => Decision::Drop("EXIF (APP1)".into()),
        0xE1 if body.starts_with(b"http://ns.adobe.com/") => Decision::Drop("XMP (APP1)".into()),
        0xE2 if body.starts_with(b"ICC_PROFILE\0") => Decision::Keep,
        0xE2 if body.starts_with(b"MPF\0") => Decision::Drop("multi-picture index (APP2)".into()),
        0xED => Decision::Drop("IPTC / Photoshop (APP13)".into()),
        0xEE if body.starts_with(b"Adobe") => Decision::Keep,
        0xE1..=APP15 => Decision::Drop(format!("application data (APP{})", marker - APP0)),
        COM => Decision::Drop("comment (COM)".into()),
        _ => Decision::Keep,
    }
}

fn clean_jpeg(data: &[u8]) -> Result<Cleaned, String> {
    let truncated = || "the JPEG ends before its end-of-image marker".to_string();
    if data.len() < 4 || data[0] != 0xFF || data[1] != SOI {
        return Err("not a JPEG".into());
    }
    let mut out = Zeroizing::new(Vec::with_capacity(data.len()));
    out.extend_from_slice(&[0xFF, SOI]);
    let mut removed = BTreeSet::new();
    let mut i = 2;
    loop {
        if i >= data.len() {
            return Err(truncated());
        }
        if data[i] != 0xFF {
            return Err(format!("the JPEG has no marker where one must be (byte {i})"));
        }
        while i < data.len() && data[i] == 0xFF {
            i += 1; // fill bytes
        }
        let marker = *data.get(i).ok_or_else(truncated)?;
        i += 1;
        match marker {
            EOI => {
                out.extend_from_slice(&[0xFF, EOI]);
                if i < data.len() {
                    removed.insert("data after the end of the image".to_string());
                }
                break;
            }
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&[0xFF, marker]);
                continue;
            }
            0x00 | SOI => return Err(format!("the JPEG has an invalid marker at byte {}", i - 1)),
            _ => {}
        }
        let len =
            data.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]) as usize).ok_or_else(truncated)?;
        if len < 2 || i + len > data.len() {
            return Err(truncated());
        }
        let body = &data[i + 2..i + len];
        match decide_jpeg_segment(marker, body) {
            Decision::Keep => {
                out.extend_from_slice(&[0xFF, marker]);
                out.extend_from_slice(&data[i..i + len]);
            }
            Decision::Rewrite(b) => {
                out.extend_from_slice(&[0xFF, marker]);
                out.extend_from_slice(&((b.len() + 2) as u16).to_be_bytes());
                out.extend_from_slice(&b);
                removed.insert("JFIF thumbnail (APP0)".to_string());
            }
            Decision::Drop(what) => {
                removed.insert(what);
            }
        }
        i += len;
        if marker == SOS {
            // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a
            // restart marker.
            let start = i;
            loop {
                let b = *data.get(i).ok_or_else(truncated)?;
                if b == 0xFF {
                    let next = *data.get(i + 1).ok_or_else(truncated)?;
                    if next == 0x00 || (0xD0..=0xD7).contains(&next) {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            out.extend_from_slice(&data[start..i]);
        }
    }
    Ok(Cleaned { bytes: out, removed: removed.into_iter().collect() })
}

/// PNG chunks that carry the image itself: header, palette, pixels, transparency, colour
/// space and animation frames. Everything else is removed.
const PNG_KEEP: [&[u8; 4]; 19] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD",
    b"pHYs", b"hIST", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCV", b"cLLI",
];

fn clean_png(data: &[u8]) -> Result<Cleaned, String> {
    let mut png =
        Png::from_bytes(Bytes::copy_from_slice(data)).map_err(|e| format!("the PNG is damaged: {e}"))?;
    let mut removed = BTreeSet::new();
    if png.len() < data.len() {
        removed.insert("data after the end of the image".to_string());
    }
    png.chunks_mut().retain(|c| {
        let keep = PNG_KEEP.iter().any(|k| **k == c.kind());
        if !keep {
            removed.insert(format!("{} chunk", String::from_utf8_lossy(&c.kind())));
        }
        keep
    });
    let mut out = Zeroizing::new(Vec::with_capacity(data.len()));
    png.encoder().write_to(&mut *out).map_err(|e| e.to_string())?;
    Ok(Cleaned { bytes: out, removed: removed.into_iter().collect() })
}

fn clean_pdf(data: &[u8]) -> Result<Cleaned, String> {
    let mut doc = lopdf::Document::load_mem(data).map_err(|e| format!("the PDF could not be read: {e}"))?;
    if doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err("the PDF is encrypted".into());
    }
    let mut removed = BTreeSet::new();
    if doc.trailer.remove(b"Info").is_some() {
        removed.insert("document properties (Info)".to_string());
    }
    if doc.trailer.remove(b"ID").is_some() {
        removed.insert("file identifier (ID)".to_string());
    }
    for object in doc.objects.values_mut() {
        let dict = match object {
            lopdf::Object::Dictionary(d) => d,
            lopdf::Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        if dict.remove(b"Metadata").is_some() {
            removed.insert("XMP metadata".to_string());
        }
        if dict.remove(b"PieceInfo").is_some() {
            removed.insert("application private data (PieceInfo)".to_string());
        }
    }
    doc.prune_objects();
    let mut out = Zeroizing::new(Vec::with_capacity(data.len()));
    doc.save_to(&mut *out).map_err(|e| format!("the PDF could not be rewritten: {e}"))?;
    removed.insert("earlier revisions (incremental updates)".to_string());
    Ok(Cleaned { bytes: out, removed: removed.into_iter().collect() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(marker: u8, body: &[u8]) -> Vec<u8> {
        let mut v = vec![0xFF, marker];
        v.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
        v.extend_from_slice(body);
        v
    }

    /// A structurally complete JPEG (not decodable: the entropy data is made up) with
    /// metadata before and after the first scan and a trailer.
    fn jpeg_with_everything() -> Vec<u8> {
        let mut f = vec![0xFF, SOI];
        f.extend(seg(APP0, b"JFIF\0\x01\x02\x00\x00\x48\x00\x48\x01\x01\xAA\xBB\xCC"));
        f.extend(seg(0xE1, b"Exif\0\0MM\0*SECRET-GPS"));
        f.extend(seg(0xE2, b"ICC_PROFILE\0\x01\x01colour"));
        f.extend(seg(0xED, b"Photoshop 3.0\0IPTC-BYLINE"));
        f.extend(seg(0xDB, &[0u8; 65]));
        f.extend(seg(0xC2, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]));
        f.extend(seg(SOS, &[1, 1, 0, 0, 63, 0]));
        f.extend([0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0x56]); // stuffed byte and a restart marker
        f.extend(seg(COM, b"between-scans-COMMENT"));
        f.extend(seg(SOS, &[1, 1, 0, 0, 63, 0]));
        f.extend([0x78, 0x9A]);
        f.extend([0xFF, EOI]);
        f.extend(b"TRAILER-DEPTHMAP");
        f
    }

    #[test]
    fn jpeg_metadata_goes_everywhere_in_the_file_and_image_data_stays() {
        let original = jpeg_with_everything();
        let c = clean(sniff(&original), &original).unwrap();
        let out = &c.bytes[..];
        for gone in [&b"SECRET-GPS"[..], b"IPTC-BYLINE", b"COMMENT", b"TRAILER", b"\xAA\xBB\xCC"] {
            assert!(!out.windows(gone.len()).any(|w| w == gone), "{}", String::from_utf8_lossy(gone));
        }
        for kept in
            [&b"ICC_PROFILE"[..], &[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0x56], &[0x78, 0x9A, 0xFF, EOI]]
        {
            assert!(out.windows(kept.len()).any(|w| w == kept));
        }
        assert!(out.ends_with(&[0xFF, EOI]));
        insta::assert_debug_snapshot!(c.removed, @r#"
        [
            "EXIF (APP1)",
            "IPTC / Photoshop (APP13)",
            "JFIF thumbnail (APP0)",
            "comment (COM)",
            "data after the end of the image",
        ]
        "#);
        // Cleaning is idempotent: the clean copy has nothing left to remove.
        assert!(clean(Kind::Jpeg, out).unwrap().removed.is_empty());
    }

    #[test]
    fn damaged_input_is_not_cleaned_and_says_why() {
        let mut truncated = jpeg_with_everything();
        truncated.truncate(40);
        assert!(clean(Kind::Jpeg, &truncated).unwrap_err().contains("ends before"));
        assert!(clean(Kind::Png, b"\x89PNG\r\n\x1a\nshort").is_err());
        assert!(clean(Kind::Pdf, b"%PDF-1.4 nonsense").is_err());
        assert!(clean(Kind::Other, b"hello").is_err());
        for n in 0..jpeg_with_everything().len() {
            let _ = clean(Kind::Jpeg, &jpeg_with_everything()[..n]); // never panics
        }
    }

    #[test]
    fn sniffing_uses_signatures_not_names() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Kind::Jpeg);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n"), Kind::Png);
        assert_eq!(sniff(b"%PDF-1.7"), Kind::Pdf);
        assert_eq!(sniff(b"PK\x03\x04"), Kind::Other);
        assert_eq!(sniff(b""), Kind::Other);
    }
}
