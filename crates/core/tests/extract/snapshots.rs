//! Snapshots of the claims of every development document. The snapshot keeps the fields and
//! the evidence offsets, not the words (the corpus texts are not copied into the repository).

use serde_json::{Value, json};

use super::corpus::{dev_dir, load_all};

fn projection(c: &tally_core::Claim) -> Value {
    let mut v = serde_json::to_value(c).unwrap();
    let o = v.as_object_mut().unwrap();
    o.remove("why");
    if let Some(t) = o.get_mut("time").and_then(Value::as_object_mut) {
        t.remove("text");
    }
    if let Some(s) = o.get_mut("source").and_then(Value::as_object_mut) {
        s.remove("text");
    }
    o.insert("evidence".into(), json!([c.evidence.start, c.evidence.end]));
    v
}

#[test]
fn claims_of_every_development_document() {
    let Some(dir) = dev_dir() else { return };
    for doc in load_all(&dir) {
        let claims: Vec<Value> = doc.predicted.iter().map(projection).collect();
        insta::assert_json_snapshot!(format!("dev_{}", doc.id), claims);
    }
}
