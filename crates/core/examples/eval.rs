//! Scores extraction on a corpus folder without the CLI (a development aid; `tally eval` is
//! the user's command). Usage: cargo run -p tally-core --example eval -- CORPUS_DIR
use tally_core::eval::{GoldFile, Scored, score};
use tally_core::{DocContext, Lang, extract};

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: eval CORPUS_DIR"));
    let mut dirs: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("gold.json").is_file())
        .collect();
    dirs.sort();
    let mut docs = Vec::new();
    for d in &dirs {
        let text = tally_core::text::normalise(&std::fs::read_to_string(d.join("text.txt")).expect("text"));
        let meta: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.join("meta.json")).expect("meta")).expect("json");
        let published = meta["published"]
            .as_str()
            .and_then(|p| if p.len() == 7 { format!("{p}-01") } else { p.to_owned() }.parse().ok());
        let lang = meta["lang"].as_str().and_then(Lang::parse).unwrap_or(Lang::En);
        let gold: GoldFile =
            serde_json::from_str(&std::fs::read_to_string(d.join("gold.json")).expect("gold"))
                .expect("gold json");
        let pred = extract(&text, &DocContext { lang, published }).claims;
        docs.push((
            d.file_name().unwrap().to_string_lossy().into_owned(),
            lang,
            meta["negative"].as_bool().unwrap_or(false),
            gold,
            pred,
        ));
    }
    let scored: Vec<Scored<'_>> = docs
        .iter()
        .map(|(id, lang, neg, g, p)| Scored {
            id,
            lang: *lang,
            negative: *neg,
            gold: &g.claims,
            predicted: p,
        })
        .collect();
    let r = score(&scored);
    if std::env::args().any(|a| a == "--json") {
        println!("{}", serde_json::to_string_pretty(&r).unwrap());
        return;
    }
    println!(
        "F1 {:.3} (P {:.3} R {:.3}) en {:.3} ko {:.3} fields {:.3} neg {}",
        r.overall.f1,
        r.overall.precision,
        r.overall.recall,
        r.by_language["en"].f1,
        r.by_language["ko"].f1,
        r.field_accuracy.accuracy,
        r.claims_on_negative_documents
    );
    for (f, s) in &r.fields {
        print!("{f} {:.2}  ", s.accuracy);
    }
    println!();
    for m in &r.misses {
        println!(
            "MISS {} {} {} | {}",
            m.document,
            m.kind,
            m.figure,
            m.sentence.chars().take(90).collect::<String>()
        );
    }
    for m in &r.false_claims {
        println!(
            "FALSE {} {} {} | {}",
            m.document,
            m.kind,
            m.figure,
            m.sentence.chars().take(90).collect::<String>()
        );
    }
}
