//! The dev corpus's gold claims: clustering against the gold event keys, derivations.

use tally_core::corroborate::{ClusterConfig, Corroboration, pairwise_score};

use super::corpus;

#[test]
fn clustering_matches_gold_event_keys() {
    let Some(dir) = corpus::dev_dir() else { return };
    let c = corpus::load(&dir);
    let keys = c.keys.clone();
    let corr = Corroboration::build(c.docs, c.claims, ClusterConfig::default()).unwrap();
    let score = pairwise_score(keys.iter().map(|(id, k)| (corr.event_of(id).unwrap().clone(), k.clone())));
    let mut report = String::new();
    for v in corr.views() {
        report.push_str(&format!("{} | {}\n", v.id, v.title));
        for cl in &v.claims {
            let gold = keys.iter().find(|(id, _)| id == &cl.id).map_or("-", |(_, k)| k.as_str());
            report.push_str(&format!("    {} {} [{}]\n", cl.id, cl.claim.kind, gold));
        }
    }
    eprintln!("{report}");
    eprintln!("{score:?}");
    assert!(score.precision >= 0.85, "precision {:.3}", score.precision);
    assert!(score.recall >= 0.85, "recall {:.3}", score.recall);
}

/// Every re-post, mirror and citation of the corpus (by its outlet note or its lead) is
/// derived, with the root it names; the originals are not.
#[test]
fn every_repost_and_citation_is_derived() {
    let Some(dir) = corpus::dev_dir() else { return };
    let c = corpus::load(&dir);
    let corr = Corroboration::build(c.docs.clone(), c.claims, ClusterConfig::default()).unwrap();
    let expected = [
        ("001", "Associated Press"),
        ("005", "News24"),
        ("009", "Channel A"),
        ("011", "Radio Free Asia"),
        ("017", "TASS"),
        ("027", "Al Jazeera"),
        ("029", "UN Panel of Experts"),
        ("031", "Daily NK"),
        ("033", "Daily NK"),
        ("035", "Radio Free Asia"),
        ("038", "Radio Free Asia"),
        ("041", "The Korea Herald"),
        ("045", "Associated Press"),
        ("047", "BBC"),
        ("049", "NK News"),
        ("051", "Kyodo"),
        ("053", "Daily NK"),
        ("057", "Sputnik"),
    ];
    let mut report = String::new();
    for d in &c.docs {
        let root = corr.doc_root(&d.id).unwrap();
        let name = d.id.as_str().trim_start_matches("d-");
        match expected.iter().find(|(n, _)| *n == name) {
            Some((_, want)) => {
                assert!(root.derived(), "{name} should be derived");
                assert_eq!(&root.root, want, "{name}'s root");
            }
            None => assert!(!root.derived(), "{name} is an original but got {:?}", root.links),
        }
        report.push_str(&format!("{name}: root {}\n", root.root));
        for l in &root.links {
            report.push_str(&format!(
                "    {:?} → {}  «{}»\n",
                l.how,
                l.target,
                l.evidence.chars().take(90).collect::<String>()
            ));
        }
    }
    insta::assert_snapshot!("dev_derivations", report);
}

/// The events of the dev corpus as `tally events` would list them.
#[test]
fn dev_corpus_events_snapshot() {
    let Some(dir) = corpus::dev_dir() else { return };
    let c = corpus::load(&dir);
    let corr = Corroboration::build(c.docs, c.claims, ClusterConfig::default()).unwrap();
    let mut out = String::new();
    for v in corr.views() {
        out.push_str(&format!("{} {} [{}] sources={}\n", v.id, v.title, v.grade, v.independent_sources));
        for r in &v.roots {
            out.push_str(&format!("    root {} {} ({})\n", r.root, r.grade, r.claims.len()));
        }
        for (d, from) in &v.derived {
            out.push_str(&format!("    derived {d} → {from}\n"));
        }
        for x in &v.contradictions {
            out.push_str(&format!(
                "    contradiction {} ({}) vs {} ({})\n",
                x.a.claim, x.a.source, x.b.claim, x.b.source
            ));
        }
    }
    insta::assert_snapshot!("dev_events", out);
}
