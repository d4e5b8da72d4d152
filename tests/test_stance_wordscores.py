"""Wordscores, the second measure reported beside the lexicon's alignment: word scores and document
scores worked out by hand, agreement, and the scale fitted on the development corpus."""

import math

import pandas as pd
import pytest

from arabic_news import Context, load_corpus
from arabic_news.analyses.stance import outscores
from arabic_news.analyses.stance.wordscores import fit_wordscores, measures_agreement, wordscores_table

LIBYA = Context.of("libya-2019-2020")


@pytest.fixture(scope="module")
def toy():
    # reference +1 uses تحرير and جيش, reference -1 uses جيش and عدوان: relative frequencies 1/2 each
    return fit_wordscores(["تحرير جيش", "جيش عدوان"], [1, -1], LIBYA)


def test_word_scores_by_hand(toy):
    # P(+1 | تحرير) = 1, P(+1 | جيش) = P(-1 | جيش) = 1/2, P(-1 | عدوان) = 1
    assert toy.scores == {"تحرير": 1.0, "جيش": 0.0, "عدوان": -1.0}
    assert toy.counts == {"تحرير": 1, "جيش": 2, "عدوان": 1}
    # the references' own raw scores are +1/2 and -1/2: the midpoint is 0
    assert toy.midpoint == 0.0 and toy.positions == (-1.0, 1.0)


def test_document_score_by_hand(toy):
    # known words تحرير, تحرير, عدوان (سلام is unknown): (1 + 1 - 1) / 3
    assert toy.score("تحرير تحرير عدوان سلام") == (pytest.approx(1 / 3), 3)
    assert toy.score("سلام") == (None, 0)
    # words are the package's normalized words: diacritics go (تَحْرِير is تحرير), clitics stay
    # (والتحرير is another word)
    assert toy.score("تَحْرِير")[0] == pytest.approx(1.0)
    assert toy.score("والتحرير") == (None, 0)


def test_wordscores_table_and_bad_references(toy):
    df = pd.DataFrame({"doc_id": ["a", "b"], "raw": ["تحرير جيش", "مطر"]})
    table = wordscores_table(df, toy)
    assert list(table["doc_id"]) == ["a", "b"] and table["scored_words"].tolist() == [2, 0]
    assert table["wordscore"].iloc[0] == pytest.approx(0.5) and math.isnan(table["wordscore"].iloc[1])
    with pytest.raises(ValueError, match="two different positions"):
        fit_wordscores(["تحرير", "جيش"], [1, 1], LIBYA)


def test_measures_agreement_by_hand():
    # pairs with a missing value are left out: (1, 2), (2, 1), (3, 3), (-1, -2)
    out = measures_agreement([1, 2, 3, -1, None], [2, 1, 3, -2, 5])
    assert out["n"] == 4 and out["same sign"] == 1.0
    assert out["spearman"] == pytest.approx(0.8)
    assert math.isnan(measures_agreement([1], [1])["spearman"])


def test_fitted_on_discovery_it_orders_the_camps_of_the_discovery_split():
    folder = LIBYA.study.folder / "validation"
    arts = load_corpus(folder / "articles.jsonl")
    ref = arts[(arts["split"] == "discovery") & arts["group"].isin(["pro_lna", "pro_gna"])]
    model = fit_wordscores(ref["raw"], [1 if g == "pro_lna" else -1 for g in ref["group"]], LIBYA)
    table = wordscores_table(arts, model).merge(arts[["doc_id", "group", "split"]])
    held = table[table["split"] == "discovery"]
    by = {g: list(held.loc[held["group"] == g, "wordscore"]) for g in ("pro_lna", "neutral", "pro_gna")}
    # in sample, as a check of the direction of the scale (the held-out figures are in benchmarks/)
    assert outscores(by["pro_lna"], by["neutral"]) > 0.9 and outscores(by["neutral"], by["pro_gna"]) > 0.9
    words = model.words(5)
    assert len(words) == 10 and (words["count"] >= 2).all() and words["score"].is_monotonic_decreasing
