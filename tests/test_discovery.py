"""Lexicon discovery (Fightin' Words): clitic-aware n-grams and the log-odds ratio with an
informative Dirichlet prior, checked against values computed by hand."""

import json
import math

import pandas as pd
import pytest

from arabic_news import fightin_words, load_corpus, load_study, top_candidates
from arabic_news.analyses.discovery import clitic_form, document_ngrams, ngram_documents

VOCAB = {"الجيش", "حفتر", "قال", "ليبيا", "وزير", "الي"}


@pytest.mark.parametrize(
    "word, expected",
    [
        ("والجيش", "الجيش"),
        ("للجيش", "الجيش"),  # ل + ال written لل
        ("بالجيش", "الجيش"),
        ("وللجيش", "الجيش"),
        ("لحفتر", "حفتر"),  # حفتر occurs on its own
        ("وقال", "قال"),
        ("وزير", "وزير"),  # زير never occurs: و is part of the word
        ("لليبيا", "ليبيا"),  # ل + ليبيا, not ل + ال + يبيا
        ("الجيش", "الجيش"),
        ("بلد", "بلد"),  # لد is too short to be a word of its own
    ],
)
def test_clitic_form(word, expected):
    assert clitic_form(word, VOCAB) == expected


def test_document_ngrams_are_clitic_aware():
    (counts,) = document_ngrams(["قال الجيش إن للجيش الوطني دورا"], (1, 2))
    assert counts["الجيش"] == 2 and counts["الجيش الوطني"] == 1
    assert counts["قال الجيش"] == 1 and "للجيش" not in counts


def test_fightin_words_by_hand():
    # group a: "x y" twice; group b: "x z" twice; unigrams only, uniform-ish prior from both groups
    a, b = ["س ص", "س ص"], ["س ع", "س ع"]
    out = fightin_words(a, b, ngrams=(1, 1), alpha0=4.0, min_docs=1).set_index("ngram")
    # totals: س 4, ص 2, ع 2 (n = 8); alpha = 4 * count / 8; n_a = n_b = 4
    ya, yb, alpha = 2.0, 0.0, 4 * 2 / 8  # ص
    delta = math.log((ya + alpha) / (4 + 4 - ya - alpha)) - math.log((yb + alpha) / (4 + 4 - yb - alpha))
    se = math.sqrt(1 / (ya + alpha) + 1 / (yb + alpha))
    assert out.loc["ص", "delta"] == pytest.approx(delta)
    assert out.loc["ص", "z"] == pytest.approx(delta / se)
    assert out.loc["ع", "z"] == pytest.approx(-delta / se)  # the mirror word
    assert out.loc["س", "z"] == pytest.approx(0.0)  # used alike by both
    assert list(out.index)[0] == "ص"  # sorted: group a's words first
    assert (out.loc["ص", "count_a"], out.loc["ص", "docs_a"], out.loc["ص", "count_b"]) == (2, 2, 0)


def test_min_docs_and_candidates():
    a = ["مليشيات حفتر قصفت", "مليشيات حفتر تقدمت", "كلمة نادرة"]
    b = ["قوات حفتر قصفت", "قوات حفتر تقدمت", "قوات حفتر انسحبت"]
    out = fightin_words(a, b, ngrams=(1, 2), alpha0=10, min_docs=2)
    assert "نادرة" not in set(out["ngram"])  # one document only
    top = top_candidates(out, k=5, z=0.5)
    # "مليشيات" is inside "مليشيات حفتر" with the same counts: the longer phrase is kept
    assert "مليشيات حفتر" in set(top["ngram"]) and "مليشيات" not in set(top["ngram"])
    assert set(top.loc[top["side"] == "b", "ngram"]) >= {"قوات حفتر"}
    assert ngram_documents(a, "مليشيات حفتر") == [0, 1]


@pytest.fixture(scope="module")
def discovery_split():
    folder = load_study().folder / "validation"
    rows = [json.loads(line) for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if r["split"] == "discovery"]


def test_every_short_text_candidate_was_reviewed():
    """The review covers the candidates of the short-text discovery split (issue 23) too."""
    folder = load_study().folder / "validation"
    review = pd.read_csv(folder / "discovery_review.csv", encoding="utf-8", keep_default_na=False)
    short = load_corpus(folder / "short_texts.jsonl")
    short = short[short["split"] == "discovery"]
    groups = {g: list(short.loc[short["group"] == g, "raw"]) for g in ("pro_lna", "pro_gna", "neutral")}
    found = set()
    for a, b in (("pro_lna", "neutral"), ("pro_gna", "neutral"), ("pro_lna", "pro_gna")):
        background = [t for g, texts in groups.items() if g not in (a, b) for t in texts]
        top = top_candidates(fightin_words(groups[a], groups[b], background=background), k=30)
        found |= {(f"short texts: {a} vs {b}", n) for n in top["ngram"]}
    reviewed = review[review["comparison"].str.startswith("short texts")]
    assert found == set(zip(reviewed["comparison"], reviewed["ngram"])) and len(found) == 16


def test_every_discovery_candidate_was_reviewed(discovery_split):
    """The shipped review covers exactly the candidates the tool finds on the discovery split."""
    folder = load_study().folder / "validation"
    review = pd.read_csv(folder / "discovery_review.csv", encoding="utf-8", keep_default_na=False)
    groups = {g: [r["text"] for r in discovery_split if r["group"] == g] for g in ("pro_lna", "pro_gna", "neutral")}
    found = set()
    for a, b in (("pro_lna", "neutral"), ("pro_gna", "neutral"), ("pro_lna", "pro_gna")):
        background = [t for g, texts in groups.items() if g not in (a, b) for t in texts]
        top = top_candidates(fightin_words(groups[a], groups[b], background=background), k=30)
        found |= {(f"{a} vs {b}", n) for n in top["ngram"]}
    reviewed = review[~review["comparison"].str.startswith(("read in context", "short texts"))]
    assert found == set(zip(reviewed["comparison"], reviewed["ngram"]))
    assert set(review["decision"]) == {"added", "added (read)", "in lexicon", "rejected", "rule (read)"}
    assert (review["reason"].str.len() > 10).all()
    # every term added after reading is in the lexicon, with its evidence in the note
    framing = load_study().framing.set_index("term")
    for term in review.loc[review["decision"] == "added (read)", "ngram"]:
        assert term in framing.index and framing.loc[term, "note"]
