//! Prints the claims of a corpus document with the reasons for each field: a development aid.
//! Usage: cargo run -p tally-core --example explain -- CORPUS_DOC_DIR
fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: explain CORPUS_DOC_DIR"));
    let text = tally_core::text::normalise(&std::fs::read_to_string(dir.join("text.txt")).expect("text.txt"));
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json")).expect("meta.json"))
            .expect("json");
    let published = meta["published"].as_str().and_then(|p| {
        let p = if p.len() == 7 { format!("{p}-01") } else { p.to_owned() };
        p.parse().ok()
    });
    let lang = tally_core::Lang::parse(meta["lang"].as_str().unwrap_or("en")).unwrap_or(tally_core::Lang::En);
    let x = tally_core::extract(&text, &tally_core::DocContext { lang, published });
    for c in &x.claims {
        println!(
            "== {} {:?} {:?} dest={:?} round={:?} time={:?} src={:?}",
            c.kind,
            c.count.map(|c| (c.min(), c.max(), c.approx())),
            c.money.map(|m| (m.min(), m.max(), m.period())),
            c.destination,
            c.round,
            c.time.as_ref().map(|t| (t.start(), t.end())),
            c.source.kind
        );
        println!("   {}", c.evidence.quote);
        for (k, v) in &c.why {
            println!("   {k}: {}", v.join(" | "));
        }
    }
    for d in &x.diagnostics {
        println!(
            "-- {} {} [{}]",
            d.rule,
            d.message,
            &text[d.start..d.end].chars().take(60).collect::<String>()
        );
    }
}
