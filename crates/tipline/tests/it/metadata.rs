//! Attachments are kept twice: the sealed original, byte for byte, and a sealed cleaned copy
//! without the metadata that can identify a source.

use std::io::Cursor;
use std::path::Path;

use axum::http::StatusCode;
use exif::{Field, In, Rational, Tag, Value};
use tally_tipline::vault::{MessageView, TipId, Vault};

use crate::common::{Multipart, Setup, contains};

/// A real 16×16 JPEG (from an encoder) with an EXIF block carrying a GPS position.
fn jpeg_with_gps() -> (Vec<u8>, Vec<u8>) {
    let pixels: Vec<u8> = (0..16 * 16).flat_map(|i| [(i * 3) as u8, (i * 7) as u8, 128]).collect();
    let mut plain = Vec::new();
    jpeg_encoder::Encoder::new(&mut plain, 90).encode(&pixels, 16, 16, jpeg_encoder::ColorType::Rgb).unwrap();

    let r = |n: u32| Rational { num: n, denom: 1 };
    let fields = [
        Field { tag: Tag::Make, ifd_num: In::PRIMARY, value: Value::Ascii(vec![b"CanaryPhone".to_vec()]) },
        Field { tag: Tag::GPSLatitudeRef, ifd_num: In::PRIMARY, value: Value::Ascii(vec![b"N".to_vec()]) },
        Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(vec![r(47), r(14), r(9)]),
        },
        Field { tag: Tag::GPSLongitudeRef, ifd_num: In::PRIMARY, value: Value::Ascii(vec![b"E".to_vec()]) },
        Field {
            tag: Tag::GPSLongitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(vec![r(39), r(42), r(5)]),
        },
    ];
    let mut writer = exif::experimental::Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let mut tiff = Cursor::new(Vec::new());
    writer.write(&mut tiff, false).unwrap();
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff.into_inner());
    let mut with_exif = plain[..2].to_vec(); // SOI
    with_exif.extend([0xFF, 0xE1]);
    with_exif.extend(((app1.len() + 2) as u16).to_be_bytes());
    with_exif.extend(&app1);
    with_exif.extend(&plain[2..]);
    (with_exif, pixels)
}

fn gps_latitude(jpeg: &[u8]) -> Option<String> {
    let exif = exif::Reader::new().read_from_container(&mut Cursor::new(jpeg)).ok()?;
    exif.get_field(Tag::GPSLatitude, In::PRIMARY).map(|f| f.display_value().to_string())
}

/// Submits one attachment and returns the analyst's view of the message.
async fn submit_one(s: &Setup, name: &str, ctype: &str, bytes: &[u8]) -> (MessageView, TipId) {
    let (status, page) = s.submit(Multipart::new().file("attachment", name, ctype, bytes)).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let id = tally_tipline::list_tips(&s.tips()).unwrap().remove(0).id;
    let ids = s.identities();
    let refs: Vec<&dyn age::Identity> = ids.iter().map(|b| b.as_ref() as &dyn age::Identity).collect();
    let mut msgs = Vault::open(&s.tips(), false).unwrap().read(&id, &refs).unwrap();
    (msgs.remove(0), id)
}

fn decrypt(s: &Setup, path: &Path) -> Vec<u8> {
    let ids = s.identities();
    let refs: Vec<&dyn age::Identity> = ids.iter().map(|b| b.as_ref() as &dyn age::Identity).collect();
    let mut out = Vec::new();
    tally_tipline::vault::open_attachment_to(path, &refs, &mut out).unwrap();
    out
}

#[tokio::test]
async fn a_jpeg_with_gps_comes_out_of_the_cleaned_copy_without_any_exif() {
    let (jpeg, pixels) = jpeg_with_gps();
    assert_eq!(gps_latitude(&jpeg).as_deref(), Some("47 deg 14 min 9 sec"), "the fixture carries GPS");

    let s = Setup::new();
    let (msg, _) = submit_one(&s, "IMG_2041.jpg", "image/jpeg", &jpeg).await;
    let (entry, original, cleaned) = &msg.files[0];
    let cleaned = cleaned.as_ref().expect("a JPEG is cleaned");
    assert_eq!(entry.name, "IMG_2041.jpg");
    assert_eq!(entry.cleaned.as_deref(), Some(&["EXIF (APP1)".to_string()][..]));

    let original = decrypt(&s, original);
    assert_eq!(original, jpeg, "the sealed original is the file as sent");
    let cleaned = decrypt(&s, cleaned);
    assert!(
        matches!(
            exif::Reader::new().read_from_container(&mut Cursor::new(&cleaned)),
            Err(exif::Error::NotFound(_))
        ),
        "no EXIF at all in the cleaned copy"
    );
    assert!(!contains(&cleaned, b"Exif\0\0") && !contains(&cleaned, b"CanaryPhone"));
    // The picture itself is untouched: both decode to the same pixels.
    let decode = |b: &[u8]| jpeg_decoder::Decoder::new(Cursor::new(b.to_vec())).decode().unwrap();
    assert_eq!(decode(&cleaned), decode(&jpeg));
    assert_eq!(decode(&cleaned).len(), pixels.len());
}

#[tokio::test]
async fn png_text_and_time_chunks_are_removed() {
    let mut png_bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png_bytes, 4, 4);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.add_text_chunk("Author".into(), "CANARY-PNG-AUTHOR".into()).unwrap();
        enc.add_itxt_chunk("Comment".into(), "CANARY-PNG-ITXT".into()).unwrap();
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[200u8; 4 * 4 * 3]).unwrap();
    }
    assert!(contains(&png_bytes, b"CANARY-PNG-AUTHOR"));
    let s = Setup::new();
    let (msg, _) = submit_one(&s, "screen.png", "image/png", &png_bytes).await;
    let (entry, _, cleaned) = &msg.files[0];
    let cleaned = decrypt(&s, cleaned.as_ref().expect("a PNG is cleaned"));
    assert!(
        !contains(&cleaned, b"CANARY-PNG") && !contains(&cleaned, b"tEXt") && !contains(&cleaned, b"iTXt")
    );
    let removed = entry.cleaned.clone().unwrap();
    assert!(removed.contains(&"tEXt chunk".to_string()) && removed.contains(&"iTXt chunk".to_string()));
    let mut reader = png::Decoder::new(Cursor::new(cleaned)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut buf).unwrap();
    assert!(buf.iter().all(|&b| b == 200), "pixels unchanged");
}

#[tokio::test]
async fn pdf_document_properties_and_xmp_are_removed() {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(dictionary! {}, b"BT (VISIBLE-TEXT) Tj ET".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 200.into(), 200.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {"Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1}),
    );
    let xmp = doc.add_object(Stream::new(
        dictionary! {"Type" => "Metadata", "Subtype" => "XML"},
        b"<x:xmpmeta><dc:creator>CANARY-XMP-CREATOR</dc:creator></x:xmpmeta>".to_vec(),
    ));
    let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id, "Metadata" => xmp});
    let info = doc.add_object(dictionary! {"Author" => Object::string_literal("CANARY-PDF-AUTHOR")});
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    let mut pdf = Vec::new();
    doc.save_to(&mut pdf).unwrap();
    assert!(contains(&pdf, b"CANARY-PDF-AUTHOR") && contains(&pdf, b"CANARY-XMP-CREATOR"));

    let s = Setup::new();
    let (msg, _) = submit_one(&s, "report.pdf", "application/pdf", &pdf).await;
    let (entry, _, cleaned) = &msg.files[0];
    let cleaned = decrypt(&s, cleaned.as_ref().expect("a PDF is cleaned"));
    assert!(!contains(&cleaned, b"CANARY-PDF-AUTHOR") && !contains(&cleaned, b"CANARY-XMP-CREATOR"));
    assert!(contains(&cleaned, b"VISIBLE-TEXT"), "the page content stays");
    let reread = Document::load_mem(&cleaned).unwrap();
    assert_eq!(reread.get_pages().len(), 1);
    assert!(!reread.trailer.has(b"Info"));
    let removed = entry.cleaned.clone().unwrap();
    assert!(
        removed.contains(&"document properties (Info)".to_string())
            && removed.contains(&"XMP metadata".to_string())
    );
}

#[tokio::test]
async fn other_types_are_kept_and_marked_not_cleaned() {
    let s = Setup::new();
    let docx_like = b"PK\x03\x04 a word-processor file with docProps/core.xml CANARY-AUTHOR";
    let (msg, id) = submit_one(&s, "minutes.docx", "application/vnd.openxmlformats", docx_like).await;
    let (entry, original, cleaned) = &msg.files[0];
    assert!(cleaned.is_none());
    assert!(entry.not_cleaned.as_deref().unwrap().contains("cannot clean this type"));
    assert_eq!(decrypt(&s, original), docx_like);
    let summary = Vault::open(&s.tips(), false).unwrap().summary(&id).unwrap();
    assert_eq!((summary.attachments, summary.uncleaned_attachments), (1, 1));
}

#[tokio::test]
async fn a_damaged_jpeg_is_sealed_but_not_cleaned() {
    let (jpeg, _) = jpeg_with_gps();
    let s = Setup::new();
    let (msg, _) = submit_one(&s, "broken.jpg", "image/jpeg", &jpeg[..jpeg.len() / 2]).await;
    let (entry, original, cleaned) = &msg.files[0];
    assert!(cleaned.is_none());
    assert!(entry.not_cleaned.as_deref().unwrap().contains("ends before"), "{entry:?}");
    assert_eq!(decrypt(&s, original), &jpeg[..jpeg.len() / 2]);
}
