//! Fills a data folder with synthetic reports for the web benchmark (`bench/web/run.sh`):
//! `bench_seed DATA N` stores N documents (English and Korean, built from templates with
//! varying figures, places, outlets and dates; claims extracted as usual) straight through
//! the store in batches, brings the search index up to date, creates the account `bench`
//! and writes an API token to `DATA/bench-token` and the document ids to `DATA/bench-ids`.
//!
//! Synthetic text, written for this benchmark; nothing from the corpus.

use std::io::Write as _;

use tally_core::{DocContext, Lang};
use tally_store::{AccountStore, NewDocument, SqliteStore, Store};

const PLACES: &[&str] = &[
    "Vladivostok",
    "Khabarovsk",
    "Amur",
    "Moscow",
    "St Petersburg",
    "Donetsk",
    "Dandong",
    "Qatar",
    "Kuwait",
    "Laos",
];
const KO_PLACES: &[&str] = &["블라디보스토크", "하바롭스크", "모스크바", "단둥", "카타르", "연해주"];
const OUTLETS: &[&str] = &["Daily NK", "NK News", "Radio Free Asia", "Yonhap", "Asia Press", "Test Wire"];

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &'a [&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

fn english(r: &mut Rng, i: usize) -> String {
    let (p, q) = (r.pick(PLACES), r.pick(PLACES));
    let n = 50 + r.next() % 5000;
    let m = 300 + r.next() % 700;
    format!(
        "Report {i}: more North Korean workers for {p}\n\n\
         North Korea plans to send about {n} workers to {p} next month, a source in North Korea told reporters. \
         The workers were selected in the provinces and will work on construction sites.\n\n\
         Each worker is expected to send home USD {m} a month, the source said. Some {k} workers are already working in {q}, \
         according to officials there.\n\n\
         Sending workers abroad breaches UN Security Council Resolution 2397, which ordered all of them home by December 2019. \
         Filler sentence number {i} keeps the documents apart so that none is a duplicate of another.\n",
        k = 10 + r.next() % 900
    )
}

fn korean(r: &mut Rng, i: usize) -> String {
    let p = r.pick(KO_PLACES);
    let n = 100 + r.next() % 3000;
    format!(
        "보고 {i}: 북한 노동자 추가 파견\n\n북한이 {p}에 노동자 {n}여 명을 파견할 계획이라고 내부 소식통이 전했다. \
         소식통은 이달 말까지 선발이 끝날 것이라고 말했다. 문서 번호 {i}번은 다른 문서와 겹치지 않는다.\n"
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (args.next(), args.next()) else {
        return Err("usage: bench_seed DATA N".into());
    };
    let dir = std::path::PathBuf::from(dir);
    let n: usize = n.parse()?;
    let mut store = SqliteStore::open_dir(&dir)?;
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let started = std::time::Instant::now();
    let mut i = store.counts()?.documents as usize;
    while i < n {
        let mut batch = store.begin_batch(tally_web::ingest::EXTRACTOR)?;
        for _ in 0..1000.min(n - i) {
            let ko = i % 5 == 4;
            let text = if ko { korean(&mut r, i) } else { english(&mut r, i) };
            let lang = if ko { Lang::Ko } else { Lang::En };
            let published = chrono::NaiveDate::from_ymd_opt(
                2018 + (i % 8) as i32,
                1 + (i % 12) as u32,
                1 + (i % 28) as u32,
            );
            let extraction = tally_core::extract(&text, &DocContext { lang, published });
            let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()));
            let title = text.lines().next().map(str::to_owned);
            batch.add_document(
                &NewDocument {
                    raw: text.as_bytes(),
                    text: &text,
                    sha256: &sha,
                    format: "text",
                    lang,
                    path: None,
                    url: None,
                    outlet: Some(r.pick(OUTLETS)),
                    published,
                    title: title.as_deref(),
                    negative: false,
                },
                &extraction,
            )?;
            i += 1;
        }
        batch.commit()?;
        eprint!("\rstored {i}/{n}");
    }
    eprintln!("\nstored in {:.1?}; indexing", started.elapsed());
    let index = tally_index::Index::open(&dir.join("index"))?;
    index.sync(&store)?;
    eprintln!("indexed in {:.1?}", started.elapsed());
    if store.user_credentials("bench")?.is_none() {
        let hash = tally_web::hash_password("bench password, not secret")?;
        tally_web::auth::add_user(&mut store, "bench", "bench", tally_store::accounts::Role::Viewer, &hash)?;
    }
    let (user, _) = store.user_credentials("bench")?.ok_or("no bench account")?;
    let token = tally_web::auth::random_token();
    store.add_api_token(user.id, &tally_store::accounts::token_digest(&token), "bench")?;
    std::fs::write(dir.join("bench-token"), &token)?;
    let mut ids = std::io::BufWriter::new(std::fs::File::create(dir.join("bench-ids"))?);
    let mut after = None;
    loop {
        let page = store.list_documents(after, tally_store::MAX_PAGE)?;
        let Some(last) = page.last() else { break };
        after = Some(last.seq);
        for d in &page {
            writeln!(ids, "{}", d.id)?;
        }
    }
    Ok(())
}
