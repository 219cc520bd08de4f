//! tally's full-text index: a tantivy index over every stored document (id, title, outlet,
//! language, publication date, body), searchable in English and Korean, with highlighted
//! snippets, a page of hits at a time with the number of documents that match.
//!
//! Words are looked up in one combined field, `text` (the title twice, the outlet, the body),
//! rather than in title, outlet and body apart: a query of plain words is then a union or an
//! intersection of single terms, which tantivy ranks with block-max WAND and so touches a
//! small part of the postings of common words, where three fields per word defeated it. The
//! title counts twice the way BM25F weights a field: its words are indexed twice. Only the
//! hits on the requested page are read back from the document store and cut into snippets.
//!
//! The index is derived data. It records in each commit the last document [`Seq`] it holds,
//! so [`Index::sync`] can always catch up with the store (after a crash between a store
//! commit and an index commit, or when the index folder was deleted), and
//! [`Index::rebuild`] recreates it from scratch. It never writes to the store and is never
//! the only copy of anything. Claims are not indexed here; they are queried in the store.

mod phrase;
mod snippet;
pub mod tokenizer;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tally_core::Lang;
use tally_store::{Document, Seq, Store};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{Query as _, QueryParser};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TokenizerManager;
use tantivy::{IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub use snippet::{Highlight, Snippet};

/// Bumped whenever the schema or the analyzer changes: an index of another version is
/// thrown away and rebuilt from the store when opened.
pub const SCHEMA_VERSION: u32 = 3;

/// Memory the writer may use before it flushes a segment, split across its threads. Small
/// enough for ingest to stay well under its 300 MB budget.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// Documents read from the store at a time while catching up: bounds the text held in memory.
const PAGE: usize = 200;

/// Most hits a search returns, whatever the caller asks for.
pub const MAX_HITS: usize = 1_000;

/// How deep into the ranking a page may start: ranking keeps `offset + limit` hits in
/// memory, and nobody reads past the ten-thousandth hit of a query.
pub const MAX_OFFSET: usize = 10_000;

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Another process (an ingest, a reindex) holds the index's write lock.
    #[error("the search index is busy (another tally process is writing to it); try again")]
    Busy,
    #[error("cannot open the search index at {path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Store(#[from] tally_store::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn writer_error(e: tantivy::TantivyError) -> Error {
    match e {
        tantivy::TantivyError::LockFailure(..) => Error::Busy,
        e => Error::Tantivy(e),
    }
}

/// What each commit carries, so a reopened index knows how far it got.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    schema: u32,
    seq: i64,
}

#[derive(Debug, Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    outlet: Field,
    lang: Field,
    published: Field,
    body: Field,
    /// Title (twice), outlet and body, indexed only: what words are searched in.
    text: Field,
    /// The same values as `text`, as pairs of adjacent words: what quoted phrases of words
    /// are looked up by (`phrase.rs`).
    shingles: Field,
}

fn schema() -> (Schema, Fields) {
    let indexed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer::TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        // Title and outlet stay searchable on their own (`title:Russia`); the body is
        // searched through `text` only, so it is stored and not indexed twice.
        title: b.add_text_field("title", indexed.clone().set_stored()),
        outlet: b.add_text_field("outlet", indexed.clone().set_stored()),
        lang: b.add_text_field("lang", STRING | STORED),
        published: b.add_text_field("published", STRING | STORED),
        body: b.add_text_field("body", STORED),
        text: b.add_text_field("text", indexed),
        // Document frequencies and counts only: a phrase of two words is one shingle, and a
        // longer one is checked against the words' positions in `text`, so positions here
        // would only double the size of the positions file.
        shingles: b.add_text_field(
            "shingles",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer::SHINGLES)
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        ),
    };
    (b.build(), fields)
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub lang: String,
    pub published: Option<String>,
    pub score: f32,
    pub snippet: Snippet,
}

/// Which hits of the ranking to return: `limit` of them after the first `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    offset: usize,
    limit: usize,
}

impl Page {
    /// Hits `offset + 1` to `offset + limit` of the ranking; `limit` is kept within
    /// 1..=[`MAX_HITS`] and `offset` within [`MAX_OFFSET`].
    pub fn new(offset: usize, limit: usize) -> Page {
        Page { offset: offset.min(MAX_OFFSET), limit: limit.clamp(1, MAX_HITS) }
    }

    /// The best `limit` hits.
    pub fn first(limit: usize) -> Page {
        Page::new(0, limit)
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    pub fn limit(&self) -> usize {
        self.limit
    }
}

/// A page of hits and how many documents match in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    /// Every document the query matches, not only those on this page.
    pub total: usize,
    /// The page's hits, best first.
    pub hits: Vec<Hit>,
}

/// One document as the index takes it: what [`Index`] stores and searches of it.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub lang: Lang,
    pub published: Option<NaiveDate>,
    pub text: &'a str,
}

impl<'a> From<&'a Document> for Entry<'a> {
    fn from(doc: &'a Document) -> Self {
        Entry {
            id: doc.id.as_str(),
            title: doc.title.as_deref(),
            outlet: doc.outlet.as_deref(),
            lang: doc.lang,
            published: doc.published,
            text: &doc.text,
        }
    }
}

fn add(writer: &IndexWriter, f: Fields, doc: &Entry<'_>) -> Result<()> {
    // Deleting first makes adding idempotent, whatever state a crash left behind.
    writer.delete_term(Term::from_field_text(f.id, doc.id));
    let mut d = TantivyDocument::default();
    d.add_text(f.id, doc.id);
    if let Some(t) = doc.title {
        d.add_text(f.title, t);
        // Twice: the title weighs double in the ranking (BM25F's field weight). Values
        // of one field are a position apart, so no phrase runs from one into the next.
        // The shingle field gets every value `text` gets, so the shingles of a phrase are
        // found wherever the phrase is.
        for field in [f.text, f.text, f.shingles, f.shingles] {
            d.add_text(field, t);
        }
    }
    if let Some(o) = doc.outlet {
        d.add_text(f.outlet, o);
        d.add_text(f.text, o);
        d.add_text(f.shingles, o);
    }
    d.add_text(f.lang, doc.lang.code());
    if let Some(p) = doc.published {
        d.add_text(f.published, p.to_string());
    }
    d.add_text(f.body, doc.text);
    d.add_text(f.text, doc.text);
    d.add_text(f.shingles, doc.text);
    writer.add_document(d)?;
    Ok(())
}

/// Adds every stored document after `from` to `writer`, without committing. Returns how
/// many it added and the last one's [`Seq`] (`from` when there were none).
fn catch_up(
    writer: &IndexWriter,
    fields: Fields,
    store: &dyn Store,
    from: Seq,
    progress: &mut dyn FnMut(u64),
) -> Result<(u64, Seq)> {
    let mut seq = from;
    let mut added = 0u64;
    loop {
        let page = store.documents_after(seq, PAGE)?;
        let Some(last) = page.last() else { break };
        seq = last.seq;
        for doc in &page {
            add(writer, fields, &Entry::from(doc))?;
        }
        added += page.len() as u64;
        progress(page.len() as u64);
    }
    Ok((added, seq))
}

/// Commits what `writer` added, recording `seq` as the last document the index holds.
fn commit(writer: &mut IndexWriter, seq: Seq) -> Result<()> {
    let mut commit = writer.prepare_commit()?;
    let payload = serde_json::to_string(&Payload { schema: SCHEMA_VERSION, seq: seq.0 })
        .expect("a two-integer struct always serialises");
    commit.set_payload(&payload);
    commit.commit()?;
    Ok(())
}

/// The index's write lock, held for a run of additions: ingest hands it each batch's new
/// documents once the store has committed them, instead of the index reading them back.
/// Additions after the last [`Loader::commit`] are dropped with the loader (their store
/// batch was rolled back, or the next [`Index::sync`] adds them from the store).
pub struct Loader {
    writer: IndexWriter,
    fields: Fields,
    reader: IndexReader,
    /// The last document the index holds, as its last commit says.
    seq: Seq,
}

impl std::fmt::Debug for Loader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Loader").finish_non_exhaustive()
    }
}

impl Loader {
    /// Adds one document, to be searchable from the next commit.
    pub fn add(&self, doc: &Entry<'_>) -> Result<()> {
        add(&self.writer, self.fields, doc)
    }

    /// Commits the `added` documents added since the last commit, which the store has
    /// committed. Other processes store documents without this lock (a web upload, a tip
    /// import), so the watermark is not simply the store's last seq: seqs are dense (each is
    /// the last one plus one, and documents are never deleted), so the store holds exactly
    /// `added` documents after the watermark when they are these; otherwise the others are
    /// read back from the store and indexed too (adding is idempotent), and the watermark
    /// never passes a document the index lacks.
    pub fn commit(&mut self, store: &dyn Store, added: usize) -> Result<()> {
        let last = store.last_seq()?;
        let seq = if i64::try_from(added).is_ok_and(|n| last.0 - self.seq.0 == n) {
            last
        } else {
            catch_up(&self.writer, self.fields, store, self.seq, &mut |_| {})?.1
        };
        commit(&mut self.writer, seq)?;
        self.seq = seq;
        Ok(())
    }

    /// Waits for the index's background merges and makes the commits visible to searches
    /// through the [`Index`] the loader came from. Uncommitted additions are dropped.
    pub fn finish(self) -> Result<()> {
        self.writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(())
    }
}

/// The full-text index in its folder.
pub struct Index {
    index: tantivy::Index,
    reader: IndexReader,
    /// Built once: it reads the schema and the query analyzer, which never change.
    parser: QueryParser,
    fields: Fields,
    dir: PathBuf,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("dir", &self.dir).finish()
    }
}

impl Index {
    /// Opens the index in `dir`, creating it when missing. An index written with another
    /// [`SCHEMA_VERSION`] or schema is deleted and recreated empty; [`Index::sync`] then
    /// fills it from the store. Searches see this process's commits (a command's own run).
    pub fn open(dir: &Path) -> Result<Index> {
        Self::open_with(dir, ReloadPolicy::Manual)
    }

    /// Opens the index as [`Index::open`] does, for a long-running server: its searches also
    /// see what other processes commit (a `tally ingest` while `tally serve` runs), shortly
    /// after they commit it (tantivy watches the index's `meta.json`).
    pub fn open_following(dir: &Path) -> Result<Index> {
        Self::open_with(dir, ReloadPolicy::OnCommitWithDelay)
    }

    fn open_with(dir: &Path, policy: ReloadPolicy) -> Result<Index> {
        let open_err = |message: String| Error::Open { path: dir.to_owned(), message };
        std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
        let (schema, fields) = schema();
        let exists = dir.join("meta.json").exists();
        let index = if exists {
            let index = tantivy::Index::open_in_dir(dir)?;
            let current = index.schema() == schema
                && Self::payload_of(&index)?.is_some_and(|p| p.schema == SCHEMA_VERSION);
            if current {
                index
            } else {
                drop(index);
                // Derived data of an older shape: remove it and start again.
                std::fs::remove_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
                std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
                tantivy::Index::create_in_dir(dir, schema)?
            }
        } else {
            tantivy::Index::create_in_dir(dir, schema)?
        };
        index.tokenizers().register(tokenizer::TOKENIZER, tokenizer::analyzer());
        index.tokenizers().register(tokenizer::SHINGLES, tokenizer::shingle_analyzer());
        let reader = index.reader_builder().reload_policy(policy).try_into()?;
        // Queries are analysed with the query analyzer under the index analyzer's name, so
        // the parser finds it through the field's tokenizer setting.
        let query_tokenizers = TokenizerManager::new();
        query_tokenizers.register(tokenizer::TOKENIZER, tokenizer::query_analyzer());
        query_tokenizers.register(tokenizer::SHINGLES, tokenizer::shingle_analyzer());
        let mut parser = QueryParser::new(index.schema(), vec![fields.text], query_tokenizers);
        parser.set_conjunction_by_default();
        Ok(Index { index, reader, parser, fields, dir: dir.to_owned() })
    }

    fn payload_of(index: &tantivy::Index) -> Result<Option<Payload>> {
        let meta = index.load_metas()?;
        Ok(meta.payload.as_deref().and_then(|p| serde_json::from_str(p).ok()))
    }

    /// The last document [`Seq`] this index holds.
    pub fn indexed_seq(&self) -> Result<Seq> {
        Ok(Seq(Self::payload_of(&self.index)?.map_or(0, |p| p.seq)))
    }

    /// How many documents the index holds.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn writer(&self) -> Result<IndexWriter> {
        self.index.writer(WRITER_MEMORY).map_err(writer_error)
    }

    /// Adds every stored document after `from`, then commits with the new watermark.
    fn fill(
        &self,
        mut writer: IndexWriter,
        store: &dyn Store,
        from: Seq,
        progress: &mut dyn FnMut(u64),
    ) -> Result<u64> {
        let (added, seq) = catch_up(&writer, self.fields, store, from, progress)?;
        commit(&mut writer, seq)?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(added)
    }

    /// Takes the index's write lock for a run of additions (an ingest), first bringing the
    /// index up to date with the store as [`Index::sync`] does. While the [`Loader`] lives,
    /// no other process can write to the index (a second ingest is refused as busy).
    pub fn loader(&self, store: &dyn Store) -> Result<Loader> {
        let mut writer = self.writer()?;
        let indexed = self.indexed_seq()?;
        let last = store.last_seq()?;
        let mut seq = indexed;
        if last != indexed {
            let from = if last < indexed {
                // A store restored from an older backup: start again.
                writer.delete_all_documents()?;
                Seq::ZERO
            } else {
                indexed
            };
            seq = catch_up(&writer, self.fields, store, from, &mut |_| {})?.1;
            commit(&mut writer, seq)?;
        }
        Ok(Loader { writer, fields: self.fields, reader: self.reader.clone(), seq })
    }

    /// Brings the index up to date with the store: indexes the documents stored since the
    /// last commit, and commits once. Cheap when there is nothing new. Returns how many
    /// documents it added. If the store holds fewer documents than the index has seen (a
    /// store restored from an older backup), the index is rebuilt instead.
    pub fn sync(&self, store: &dyn Store) -> Result<u64> {
        let indexed = self.indexed_seq()?;
        let last = store.last_seq()?;
        if last == indexed {
            return Ok(0);
        }
        if last < indexed {
            return self.rebuild(store, &mut |_| {});
        }
        self.fill(self.writer()?, store, indexed, &mut |_| {})
    }

    /// Recreates the index from the store in one commit (a crash midway leaves the old index
    /// in place). `progress` is told how many documents each step added.
    pub fn rebuild(&self, store: &dyn Store, progress: &mut dyn FnMut(u64)) -> Result<u64> {
        let writer = self.writer()?;
        writer.delete_all_documents()?;
        self.fill(writer, store, Seq::ZERO, progress)
    }

    /// Searches titles, outlets and bodies and returns the best `limit` hits; see
    /// [`Index::search_page`].
    /// Unlike [`Index::search_page`] it does not count the documents that match.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        Ok(self.run(query, Page::first(limit), false)?.hits)
    }

    /// Searches titles, outlets and bodies. Words are all required ("workers Russia" finds
    /// documents with both); quotes make phrases; Korean words match inside longer words and
    /// across particles. Query syntax errors never fail: what cannot be parsed is searched as
    /// text. Returns the page's hits, each with a [`Snippet`] carrying the matched ranges
    /// ([`Snippet::marked`] renders them with the caller's [`Highlight`]), and the number of
    /// documents that match.
    pub fn search_page(&self, query: &str, page: Page) -> Result<Results> {
        self.run(query, page, true)
    }

    /// Searches; `total` is counted when `count` is set, else it is the number of hits.
    fn run(&self, query: &str, page: Page, count: bool) -> Result<Results> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let (query, _errors) = self.parser.parse_query_lenient(query);
        let query = phrase::rewrite(query, f.text, f.shingles);
        let top = TopDocs::with_limit(page.limit).and_offset(page.offset).order_by_score();
        // A query of plain terms is ranked by block-max WAND, which skips most documents, and
        // counted apart, which costs little for terms (a single term's count is its document
        // frequency). So is a quoted phrase of two words, rewritten into its one shingle term.
        // A phrase checked against positions (of three words and more, or of Korean n-grams)
        // is checked in every candidate when counting anyway: ranking and counting then share
        // that one pass.
        let mut positions = false;
        query.query_terms(&mut |_, needs_positions| positions |= needs_positions);
        let (top, total) = if !count {
            let top = searcher.search(&query, &top)?;
            let n = top.len();
            (top, n)
        } else if positions {
            searcher.search(&query, &(top, Count))?
        } else {
            let top = searcher.search(&query, &top)?;
            let total = if top.len() < page.limit && !(top.is_empty() && page.offset > 0) {
                // A short page is the last one: what matches is what came before and on it.
                page.offset + top.len()
            } else {
                query.count(&searcher)?
            };
            (top, total)
        };
        let mut generator = SnippetGenerator::create(&searcher, &*query, f.text)?;
        generator.set_max_num_chars(SNIPPET_CHARS);
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str());
            let body = text(f.body).unwrap_or_default();
            let snippet = Snippet::from_tantivy(&generator.snippet(body), body, SNIPPET_CHARS);
            hits.push(Hit {
                id: text(f.id).unwrap_or_default().to_owned(),
                title: text(f.title).map(str::to_owned),
                outlet: text(f.outlet).map(str::to_owned),
                lang: text(f.lang).unwrap_or_default().to_owned(),
                published: text(f.published).map(str::to_owned),
                score,
                snippet,
            });
        }
        Ok(Results { total, hits })
    }

    /// The folder the index lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
