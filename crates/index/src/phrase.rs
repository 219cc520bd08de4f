//! Quoted English phrases looked up by shingles, the way Elasticsearch's `index_phrases`
//! does: the index holds each pair of adjacent words as one term in the `shingles` field
//! ([`crate::tokenizer::ShingleFilter`]), and [`rewrite`] turns a phrase query of words into
//! a [`ShinglePhrase`], which matches exactly the documents the phrase query matches.
//!
//! A phrase of two words is its one shingle: a term query, which reads no positions, is
//! counted by its document frequency and ranked with block-max WAND. A longer phrase is the
//! conjunction of its shingles, whose documents hold every pair somewhere but not
//! necessarily in a row ("north korean" and "korean workers" in different sentences), so a
//! document is checked against the phrase of words before it counts. When ranking the best
//! hits, only the documents that would enter the ranking are checked: a few hundred of the
//! tens of thousands a phrase of common words can match, where the positional phrase query
//! read the positions of all of them.
//!
//! Phrases with a slop, with a gap (a dropped over-long word), with a CJK n-gram, on another
//! field than `text`, or under a boost are left to tantivy's phrase query as they are: they
//! are rare, and Korean keeps its own n-gram scheme. Scores are BM25 over the shingles
//! instead of over the phrase, which ranks the same documents a little differently.

use tantivy::query::{
    BooleanQuery, EnableScoring, Explanation, PhraseQuery, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, TERMINATED, Term};

use crate::tokenizer::{SHINGLE_SEPARATOR, is_word};

/// Replaces every phrase of words on `text` in `query` by its [`ShinglePhrase`], looking
/// into boolean queries; everything else is kept as it is.
pub(crate) fn rewrite(query: Box<dyn Query>, text: Field, shingles: Field) -> Box<dyn Query> {
    if let Some(phrase) = query.downcast_ref::<PhraseQuery>() {
        return match ShinglePhrase::new(phrase, text, shingles) {
            Some(s) => Box::new(s),
            None => query,
        };
    }
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        let clauses = boolean
            .clauses()
            .iter()
            .map(|(occur, q)| (*occur, rewrite(q.box_clone(), text, shingles)))
            .collect();
        return Box::new(BooleanQuery::with_minimum_required_clauses(
            clauses,
            boolean.get_minimum_number_should_match(),
        ));
    }
    query
}

/// Whether `phrase` asks for its terms at offsets 0, 1, 2… with no slop. tantivy does not
/// expose a phrase's offsets or slop, but its `Debug` output shows both; comparing it with
/// the plain phrase of the same terms tells exactly this (and the tests fail if that output
/// ever stops showing them).
fn is_plain(phrase: &PhraseQuery) -> bool {
    let terms = phrase.phrase_terms();
    terms.len() >= 2 && format!("{phrase:?}") == format!("{:?}", PhraseQuery::new(terms))
}

/// A phrase of two or more words looked up by its shingles; see the module documentation.
#[derive(Clone, Debug)]
pub struct ShinglePhrase {
    /// The phrase of words in `text`: what is checked, and the terms snippets highlight.
    words: PhraseQuery,
    word_terms: Vec<Term>,
    /// Each pair of adjacent words, in order, in the shingle field.
    shingles: Vec<Term>,
}

impl ShinglePhrase {
    /// The shingle form of `phrase`, when it is a plain phrase of words on `text`.
    pub(crate) fn new(phrase: &PhraseQuery, text: Field, shingles: Field) -> Option<ShinglePhrase> {
        if phrase.field() != text || !is_plain(phrase) {
            return None;
        }
        let word_terms = phrase.phrase_terms();
        let words: Vec<String> =
            word_terms.iter().map(|t| t.value().as_str().map(str::to_owned)).collect::<Option<_>>()?;
        if !words.iter().all(|w| is_word(w)) {
            return None;
        }
        let shingles = words
            .windows(2)
            .map(|pair| {
                Term::from_field_text(shingles, &format!("{}{SHINGLE_SEPARATOR}{}", pair[0], pair[1]))
            })
            .collect();
        Some(ShinglePhrase { words: phrase.clone(), word_terms, shingles })
    }

    /// Whether the shingles alone decide a match: a single shingle is the whole phrase.
    fn exact(&self) -> bool {
        self.shingles.len() == 1
    }
}

impl Query for ShinglePhrase {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let term = |t: &Term| -> Box<dyn Query> {
            Box::new(TermQuery::new(t.clone(), IndexRecordOption::WithFreqs))
        };
        if self.exact() {
            return term(&self.shingles[0]).weight(enable_scoring);
        }
        let candidates = BooleanQuery::intersection(self.shingles.iter().map(term).collect());
        // The check only says yes or no: it needs positions, never scores.
        let unscored = match enable_scoring.searcher() {
            Some(searcher) => EnableScoring::disabled_from_searcher(searcher),
            None => EnableScoring::disabled_from_schema(enable_scoring.schema()),
        };
        Ok(Box::new(CheckedWeight {
            candidates: candidates.weight(enable_scoring)?,
            check: self.words.weight(unscored)?,
        }))
    }

    /// The words, in `text`, so snippets highlight them. Positions are needed exactly when the
    /// phrase is checked against its words.
    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for t in &self.word_terms {
            visitor(t, !self.exact());
        }
    }
}

/// The conjunction of a phrase's shingles, each document of which is checked against the
/// phrase of words.
struct CheckedWeight {
    candidates: Box<dyn Weight>,
    check: Box<dyn Weight>,
}

impl Weight for CheckedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorer = CheckedScorer {
            candidates: self.candidates.scorer(reader, boost)?,
            check: Check::new(self.check.scorer(reader, 1.0)?),
        };
        let first = scorer.candidates.doc();
        if first != TERMINATED && !scorer.check.matches(first) {
            scorer.advance();
        }
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut check = Check::new(self.check.scorer(reader, 1.0)?);
        if !check.matches(doc) {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match the phrase"
            )));
        }
        self.candidates.explain(reader, doc)
    }

    /// Ranks the candidates as the conjunction of shingles does (block-max WAND), and checks
    /// a candidate's words only when its score would put it in the ranking.
    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let mut check = Check::new(self.check.scorer(reader, 1.0)?);
        let mut threshold_now = threshold;
        self.candidates.for_each_pruning(threshold, reader, &mut |doc, score| {
            if check.matches(doc) {
                threshold_now = callback(doc, score);
            }
            threshold_now
        })
    }
}

/// Whether documents, asked about in increasing order, match a phrase: its scorer is moved
/// only forward, with `seek_danger`, which reads the positions of the asked document alone.
struct Check {
    scorer: Box<dyn Scorer>,
    /// No document before this one matches.
    from: DocId,
    /// The scorer stands on this matching document (a scorer whose `seek_danger` missed is in
    /// no state to be asked where it stands).
    at: Option<DocId>,
    /// The last document asked about and the answer, so asking again is free.
    last: Option<(DocId, bool)>,
}

impl Check {
    fn new(scorer: Box<dyn Scorer>) -> Check {
        // A new scorer stands on its first match.
        let first = scorer.doc();
        Check { scorer, from: first, at: Some(first), last: None }
    }

    fn matches(&mut self, doc: DocId) -> bool {
        if let Some((last, answer)) = self.last {
            if doc == last {
                return answer;
            }
            // Scorers hand out documents in increasing order; a caller going backwards would
            // get wrong answers, so it is caught in tests.
            debug_assert!(doc > last, "documents checked out of order: {doc} after {last}");
        }
        let answer = self.ask(doc);
        self.last = Some((doc, answer));
        answer
    }

    fn ask(&mut self, doc: DocId) -> bool {
        if doc < self.from {
            return false;
        }
        if self.at == Some(doc) {
            return true;
        }
        match self.scorer.seek_danger(doc) {
            SeekDangerResult::Found => {
                self.from = doc;
                self.at = Some(doc);
                true
            }
            SeekDangerResult::SeekLowerBound(next) => {
                self.from = next;
                self.at = None;
                false
            }
        }
    }
}

/// The candidates that pass the check, as a scorer (for counting, and wherever the phrase is
/// one clause of a larger query).
struct CheckedScorer {
    candidates: Box<dyn Scorer>,
    check: Check,
}

impl DocSet for CheckedScorer {
    fn advance(&mut self) -> DocId {
        loop {
            let doc = self.candidates.advance();
            if doc == TERMINATED || self.check.matches(doc) {
                return doc;
            }
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.candidates.seek(target);
        if doc == TERMINATED || self.check.matches(doc) {
            return doc;
        }
        self.advance()
    }

    fn doc(&self) -> DocId {
        self.candidates.doc()
    }

    fn size_hint(&self) -> u32 {
        self.candidates.size_hint()
    }

    fn cost(&self) -> u64 {
        self.candidates.cost()
    }
}

impl Scorer for CheckedScorer {
    fn score(&mut self) -> Score {
        self.candidates.score()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use proptest::prelude::*;
    use sha2::Digest as _;
    use tally_core::{Extraction, Lang};
    use tally_store::{NewDocument, SqliteStore, Store};
    use tantivy::collector::{DocSetCollector, TopDocs};
    use tantivy::query::QueryClone as _;
    use tantivy::tokenizer::TokenStream as _;

    use super::*;
    use crate::{Index, tokenizer};

    /// An index over `batches` of texts (English documents), one commit (and so at least
    /// one segment) per batch.
    fn index_of(batches: &[Vec<String>]) -> (tempfile::TempDir, Index) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open_dir(dir.path()).unwrap();
        let index = Index::open(&dir.path().join("index")).unwrap();
        for (b, texts) in batches.iter().enumerate() {
            let mut batch = store.begin_batch("test").unwrap();
            for (i, text) in texts.iter().enumerate() {
                // Identical texts are still distinct documents here.
                let sha = hex::encode(sha2::Sha256::digest(format!("{b}/{i}/{text}")));
                let doc = NewDocument {
                    raw: text.as_bytes(),
                    text,
                    sha256: &sha,
                    format: "text",
                    lang: Lang::En,
                    path: None,
                    url: None,
                    outlet: None,
                    published: None,
                    title: None,
                    negative: false,
                };
                batch.add_document(&doc, &Extraction::default()).unwrap();
            }
            batch.commit().unwrap();
            index.sync(&store).unwrap();
        }
        (dir, index)
    }

    /// How many shingle phrases `query` holds.
    fn shingle_phrases(query: &dyn Query) -> usize {
        if query.downcast_ref::<ShinglePhrase>().is_some() {
            return 1;
        }
        query
            .downcast_ref::<BooleanQuery>()
            .map_or(0, |b| b.clauses().iter().map(|(_, q)| shingle_phrases(q.as_ref())).sum())
    }

    /// Whether `phrase` is two or more words at consecutive positions once analysed: what
    /// the rewrite must take.
    fn rewritable(phrase: &str) -> bool {
        let mut analyzer = tokenizer::query_analyzer();
        let mut stream = analyzer.token_stream(phrase);
        let mut positions = Vec::new();
        while let Some(t) = stream.next() {
            if !is_word(&t.text) {
                return false;
            }
            positions.push(t.position);
        }
        positions.len() >= 2 && positions.iter().enumerate().all(|(i, &p)| p == i)
    }

    /// Runs `query` as tantivy parses it (phrases by positions) and rewritten (phrases by
    /// shingles): every way of collecting must find the same documents. Returns how many
    /// phrases were rewritten.
    fn same_documents(index: &Index, query: &str) -> usize {
        let f = &index.fields;
        let searcher = index.reader.searcher();
        let (parsed, _) = index.parser.parse_query_lenient(query);
        let rewritten = rewrite(parsed.box_clone(), f.text, f.shingles);
        let want: HashSet<_> = searcher.search(&parsed, &DocSetCollector).unwrap();
        let got: HashSet<_> = searcher.search(&rewritten, &DocSetCollector).unwrap();
        assert_eq!(got, want, "{query}: {rewritten:?}");
        assert_eq!(rewritten.count(&searcher).unwrap(), want.len(), "{query}: count");
        // Ranking checks only the candidates that would enter the top: each must match.
        let top = searcher.search(&rewritten, &TopDocs::with_limit(3).order_by_score()).unwrap();
        assert_eq!(top.len(), want.len().min(3), "{query}: top");
        assert!(top.iter().all(|(_, a)| want.contains(a)), "{query}: top {top:?} not in {want:?}");
        shingle_phrases(rewritten.as_ref())
    }

    #[test]
    fn only_plain_phrases_of_words_are_rewritten() {
        let (_dir, index) = index_of(&[vec!["North Korean workers were sent to Russia.".into()]]);
        assert_eq!(same_documents(&index, "\"north korean\""), 1);
        assert_eq!(same_documents(&index, "\"North Korean workers\" russia"), 1);
        assert_eq!(same_documents(&index, "\"sent to\" OR \"to russia\""), 2);
        // Slop, a field of its own, CJK n-grams and a single word stay as they are.
        assert_eq!(same_documents(&index, "\"north workers\"~1"), 0);
        assert_eq!(same_documents(&index, "title:\"north korean\""), 0);
        assert_eq!(same_documents(&index, "\"북한 노동자\""), 0);
        assert_eq!(same_documents(&index, "\"korean 노동자\""), 0);
        assert_eq!(same_documents(&index, "\"workers\""), 0);
        // A dropped over-long word leaves a gap the shingles cannot express.
        let long = "x".repeat(70);
        assert_eq!(same_documents(&index, &format!("\"were {long} sent\"")), 0);
    }

    #[test]
    fn a_longer_phrase_is_checked_where_its_shingles_are_apart() {
        let (_dir, index) = index_of(&[vec![
            // Both shingles of "north korean workers", never in a row.
            "Workers from North Korean cities; Korean workers elsewhere.".into(),
            "North Korean workers arrived.".into(),
            "North Korean workers, and more north korean workers.".into(),
        ]]);
        let searcher = index.reader.searcher();
        let (parsed, _) = index.parser.parse_query_lenient("\"north korean workers\"");
        let rewritten = rewrite(parsed, index.fields.text, index.fields.shingles);
        assert_eq!(rewritten.count(&searcher).unwrap(), 2);
        assert_eq!(same_documents(&index, "\"north korean workers\""), 1);
    }

    /// Words the generated texts and phrases are made of: repeated stems, an inflection, a
    /// number, punctuation, a Korean word and an over-long token.
    const VOCABULARY: &[&str] = &[
        "north",
        "North",
        "korean",
        "Korean",
        "workers",
        "worker",
        "sent",
        "to",
        "Russia",
        "the",
        "300",
        ",",
        ".",
        "노동자",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    ];

    fn words(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(VOCABULARY), 0..max).prop_map(|w| w.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn phrases_find_the_documents_the_positional_phrase_finds(
            batches in prop::collection::vec(prop::collection::vec(words(24), 1..8), 1..3),
            phrases in prop::collection::vec(words(5), 1..6),
        ) {
            let (_dir, index) = index_of(&batches);
            for phrase in &phrases {
                let phrase = phrase.replace('"', "");
                let rewritten = same_documents(&index, &format!("\"{phrase}\""));
                prop_assert_eq!(rewritten, usize::from(rewritable(&phrase)), "{}", phrase);
                same_documents(&index, &format!("\"{phrase}\" worker"));
                same_documents(&index, &format!("russia OR \"{phrase}\""));
            }
        }
    }
}
