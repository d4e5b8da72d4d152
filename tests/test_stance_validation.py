"""Validation of the framing lexicon and the graded scores on text they were not written from.

Two sets written for the tests in the styles of the camps (``examples/stance_sentences.csv``:
50 sentences with expected labels per actor; ``examples/stance_articles/``: eight full articles),
and the development corpus of real articles and sentences (``validation/``), whose ``validation``
split was held out while the lexicon and the rules were built.
"""

import pandas as pd
import pytest

from arabic_news import (
    Context,
    StanceScorer,
    alignment_scores,
    clean_corpus,
    corpus_hits,
    evaluate_alignment,
    load_case_study,
    load_corpus,
    stance_scores,
    validation_figures,
)
from arabic_news.analyses.stance import agreement, evaluate_sentences, outscores
from repo_paths import EXAMPLES

LIBYA = Context.of("libya-2019-2020")

FIXTURES = EXAMPLES
DEV = LIBYA.study.folder / "validation"


@pytest.fixture(scope="module")
def evaluated():
    table = pd.read_csv(FIXTURES / "stance_sentences.csv", encoding="utf-8")
    return evaluate_sentences(table, StanceScorer(LIBYA, topic_gate=False))


def test_sentence_set_is_large_and_covers_camps_and_actors(evaluated):
    assert evaluated["id"].nunique() >= 40
    assert set(evaluated["camp"]) == {"pro_lna", "pro_gna", "wire"}
    assert {"haftar", "gna", "egypt", "uae", "turkey"} <= set(evaluated["actor"])
    assert set(evaluated["expected"]) == {-1, 0, 1}


def test_agreement_with_hand_labels(evaluated):
    summary = agreement(evaluated)
    # partisan sentences: every label right; wire copy: the four documented disagreements
    assert summary.loc["pro_lna", "accuracy"] == 1.0
    assert summary.loc["pro_gna", "accuracy"] == 1.0
    assert summary.loc["wire", "correct"] == summary.loc["wire", "n"] - 4
    assert summary.loc["all", "accuracy"] >= 0.9
    assert summary.loc["all", "kappa"] >= 0.85
    wrong = evaluated[~evaluated["correct"]]
    assert set(wrong["id"]) == {"s40", "s41", "s42", "s49"}
    assert wrong["note"].str.startswith("KNOWN DISAGREEMENT").all()


@pytest.mark.parametrize(
    "sid, actor, expected",
    [
        ("s14", "gna", 0),  # the other camp's words after قال: are quoted, not the outlet's voice
        ("s18", "gna", -1),  # ما تسمى ("so-called") reverses "the legitimate GNA"
        ("s31", "haftar", -1),  # ما يسمى بالجيش الوطني الليبي
        ("s34", "haftar", 0),  # quoted speech of the LNA spokesman
        ("s35", "haftar", 0),  # scare quotes around the self-name
        ("s36", "haftar", 0),  # Anadolu's "Libyan army" of the GNA is not Haftar's
        ("s36", "gna", 1),
        ("s39", "haftar", -1),  # quotes around a plain name are not scare quotes
    ],
)
def test_known_cases(evaluated, sid, actor, expected):
    row = evaluated[(evaluated["id"] == sid) & (evaluated["actor"] == actor)].iloc[0]
    assert row["predicted"] == expected


@pytest.fixture(scope="module")
def camp_articles():
    df = load_corpus(FIXTURES / "stance_articles")
    scorer = StanceScorer(LIBYA)
    hits = corpus_hits(df, scorer)
    scores = stance_scores(df, hits, scorer).merge(df[["doc_id", "camp"]], on="doc_id")
    aligned = alignment_scores(df, hits, scorer).merge(df[["doc_id", "camp"]], on="doc_id")
    return scores, aligned


def _by_camp(scores, actor):
    sub = scores[scores["actor"] == actor]
    return {camp: list(g["score"]) for camp, g in sub.groupby("camp")}


def test_articles_haftar_pro_lna_above_wire_above_pro_gna(camp_articles):
    camps = _by_camp(camp_articles[0], "haftar")
    assert min(camps["pro_lna"]) > max(camps["wire"])
    assert min(camps["wire"]) > max(camps["pro_gna"])
    assert all(abs(v) < 1 for vs in camps.values() for v in vs)  # graded: nobody at ±1


def test_articles_gna_reversed_and_degree_breaks_the_old_tie(camp_articles):
    camps = _by_camp(camp_articles[0], "gna")
    # wire copy calls the GNA "internationally recognised" (intensity 0) and no more; pro-GNA copy adds
    # "legitimate" (intensity 1): the top is no longer a tie
    assert min(camps["pro_gna"]) > max(camps["wire"]) > min(camps["wire"]) > max(camps["pro_lna"])


def test_articles_turkey_and_uae_follow_the_camps(camp_articles):
    scores = camp_articles[0].dropna(subset=["score"])
    turkey = _by_camp(scores, "turkey")
    # the pro-GNA praise of "sisterly Turkey" is Sarraj's reported speech (وشدد السراج على أن ...):
    # not the outlet's own voice, it counts only with the quoted words
    assert max(turkey["pro_lna"]) < 0 and "pro_gna" not in turkey
    quoted = camp_articles[0].query("actor == 'turkey' and camp == 'pro_gna'")["score_with_quoted"].dropna()
    assert len(quoted) and min(quoted) > 0
    uae = _by_camp(scores, "uae")
    assert set(uae) == {"pro_gna"} and max(uae["pro_gna"]) < 0


def test_articles_alignment_orders_the_camps(camp_articles):
    aligned = camp_articles[1]
    by = {camp: list(g["score"]) for camp, g in aligned.groupby("camp")}
    assert min(by["pro_lna"]) > max(by["wire"]) and min(by["wire"]) > max(by["pro_gna"])
    assert outscores(by["pro_lna"], by["pro_gna"]) == 1.0


# --- the development corpus of real articles ---------------------------------------------------


@pytest.fixture(scope="module")
def development():
    articles = clean_corpus(load_corpus(DEV / "articles.jsonl"), LIBYA)
    scorer = StanceScorer(LIBYA)
    aligned = alignment_scores(articles, corpus_hits(articles, scorer, spans="kept_spans"), scorer)
    aligned = aligned.merge(articles[["doc_id", "group", "split"]], on="doc_id")
    sentences = evaluate_alignment(
        pd.read_csv(DEV / "sentences.csv", encoding="utf-8"), StanceScorer(LIBYA, topic_gate=False)
    )
    return aligned, sentences


def test_development_corpus_sizes(development):
    aligned, sentences = development
    assert len(aligned) == 149 and aligned["split"].value_counts().to_dict() == {"validation": 76, "discovery": 73}
    assert aligned["group"].value_counts().to_dict() == {"pro_lna": 61, "pro_gna": 45, "neutral": 43}
    assert len(sentences) == 192 and set(sentences["label"]) == {-1, 0, 1}
    assert (sentences["split"] == "validation").sum() == 92


@pytest.mark.parametrize("split", ["discovery", "validation"])
def test_development_figures_meet_the_targets(development, split):
    aligned, sentences = development
    figures = validation_figures(
        aligned[aligned["split"] == split], sentences[sentences["split"] == split], study=LIBYA.study
    )
    assert figures["coverage of partisan articles"] >= 0.9
    assert figures["saturation (abs score >= 0.99)"] <= 0.3
    assert figures["P(pro_lna > neutral)"] >= 0.8
    assert figures["P(neutral > pro_gna)"] >= 0.8
    assert figures["P(pro_lna > pro_gna)"] >= 0.95
    assert figures["sentence accuracy (no hit = wrong)"] >= 0.6


def test_short_texts_are_split_by_outlet_and_meet_the_counts():
    short = load_corpus(DEV / "short_texts.jsonl")
    assert len(short) == 191 and short["split"].value_counts().to_dict() == {"discovery": 106, "validation": 85}
    assert short["group"].value_counts().to_dict() == {"pro_lna": 85, "pro_gna": 69, "neutral": 37}
    assert short["kind"].value_counts().to_dict() == {"lede": 108, "headline": 74, "post": 9}
    assert (short.groupby("outlet")["split"].nunique() == 1).all()  # every outlet in one split
    for camp in ("pro_lna", "pro_gna"):
        assert (short["group"] == camp).sum() >= 40 and short.loc[short["group"] == camp, "outlet"].nunique() >= 8
    assert short["raw"].str.len().max() <= 400
    urls = set(load_corpus(DEV / "articles.jsonl")["url"])
    assert not urls & set(short["url"])  # no page of the article set


@pytest.fixture(scope="module")
def short_aligned():
    short = clean_corpus(load_corpus(DEV / "short_texts.jsonl"), LIBYA)
    scorer = StanceScorer(LIBYA)
    aligned = alignment_scores(short, corpus_hits(short, scorer, spans="kept_spans"), scorer)
    return aligned.merge(short[["doc_id", "group", "split"]], on="doc_id")


def test_short_text_figures_are_the_reported_ones(short_aligned):
    # the figures benchmarks/README.md and notebook 03 report (issue 23's targets, 0.95 / 0.85 / 0.80 /
    # 0.92, are not met on the held-out split): a change of rules or lexicon that moves them updates both
    figures = {
        split: validation_figures(short_aligned[short_aligned["split"] == split], study=LIBYA.study)
        for split in ("discovery", "validation")
    }
    keys = ["coverage of partisan articles", "P(pro_lna > neutral)", "P(neutral > pro_gna)", "P(pro_lna > pro_gna)"]
    assert [round(figures["discovery"][k], 3) for k in keys] == [0.841, 0.774, 0.89, 0.965]
    assert [round(figures["validation"][k], 3) for k in keys] == [0.621, 0.642, 0.749, 0.781]


def test_outscores_by_hand():
    # 2 x 3 pairs: (0.5 > all three) + (0 > -0.2, 0 = 0 half, 0 < 0.1) = 3 + 1.5 -> 4.5 / 6
    assert outscores([0.5, None], [-0.2, 0.0, 0.1]) == pytest.approx(4.5 / 6)


def test_sentence_prediction_band_by_hand():
    table = pd.DataFrame(
        {
            "sentence": [
                "قصفت مليشيات حفتر أحياء طرابلس.",  # one loaded label: -0.5
                "وصل المشير خليفة حفتر إلى بنغازي.",  # one conventional title: 0.11, below the band
                "ارتفعت أسعار النفط.",  # no hit: unscored, wrong whatever its label
                "قالت قوات شرق ليبيا إنها تقدمت.",  # one marked label: -1/3, exactly the band
            ],
            "label": [-1, 0, 0, -1],
        }
    )
    out = evaluate_alignment(table, StanceScorer(LIBYA, topic_gate=False))
    assert out["predicted"].isna().tolist() == [False, False, True, False]
    assert out["predicted"].dropna().tolist() == [-1, 0, -1]
    assert list(out["correct"]) == [True, True, False, True]


def test_seeds_are_ordered_and_graded():
    corpus = clean_corpus(load_case_study(LIBYA), LIBYA)
    scorer = StanceScorer(LIBYA)
    table = alignment_scores(corpus, corpus_hits(corpus, scorer, spans="kept_spans"), scorer)
    score = {d[:3]: s for d, s in zip(table["doc_id"], table["score"])}
    assert score["003"] > score["001"] > score["002"] > max(score["000"], score["004"])
    assert all(abs(s) < 0.99 for s in score.values())
