"""Tests of arabic_news.keyness: log-likelihood with continuity correction, log ratio."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd

from arabic_news import keyness_by
from arabic_news.analyses.keyness import keep_token, keyness, log_likelihood, log_ratio, token_counts


def test_log_likelihood_uncorrected_matches_the_formula():
    # a=10 in 100 tokens, b=0 in 100: E1 = E2 = 5, G2 = 2 * 10 * ln(10/5)
    assert math.isclose(log_likelihood([10], [0], 100, 100, correction=False)[0], 20 * math.log(2))


def test_log_likelihood_with_continuity_correction():
    # observed move 0.5 towards expected: a' = 9.5, b' = 0.5
    expected = 2 * (9.5 * math.log(9.5 / 5) + 0.5 * math.log(0.5 / 5))
    assert math.isclose(log_likelihood([10], [0], 100, 100)[0], expected)
    assert round(expected, 3) == 9.893


def test_correction_deflates_a_single_occurrence():
    # 1 in 500 vs 0 in 2000: E1 = 0.2, E2 = 0.8; corrected a' = 0.5, b' = 0.5
    g = log_likelihood([1], [0], 500, 2000)[0]
    assert math.isclose(g, 2 * (0.5 * math.log(0.5 / 0.2) + 0.5 * math.log(0.5 / 0.8)))
    assert round(g, 3) == 0.446
    assert math.isclose(log_likelihood([1], [0], 500, 2000, correction=False)[0], 2 * math.log(5))


def test_equal_relative_frequency_scores_zero():
    assert log_likelihood([5], [10], 100, 200)[0] == 0.0


def test_log_ratio_adds_half():
    assert math.isclose(log_ratio([0], [3], 100, 100)[0], math.log2(0.5 / 3.5))
    assert math.isclose(log_ratio([7.5], [3.5], 100, 200)[0], math.log2((8 / 100) / (4 / 200)))


def test_tokens_keep_function_words_but_not_digits_or_letters():
    assert keep_token("في") and keep_token("الجيش")
    assert not keep_token("2019") and not keep_token("و")
    assert token_counts(["الجيش الوطني في 2019 و الجيش"]) == Counter({"الجيش": 2, "الوطني": 1, "في": 1})


def test_keyness_signs_and_stars():
    target = Counter({"المليشيات": 12, "قال": 3})
    reference = Counter({"الجيش": 12, "قال": 3})
    table = keyness(target, reference).set_index("word")
    assert table.loc["المليشيات", "use"] == "+" and table.loc["الجيش", "use"] == "-"
    assert table.loc["قال", "G2"] == 0.0 and table.loc["قال", "sig"] == ""
    # a=12, b=0, c=d=15: E = 6, corrected a'=11.5, b'=0.5
    g = 2 * (11.5 * math.log(11.5 / 6) + 0.5 * math.log(0.5 / 6))
    assert math.isclose(table.loc["المليشيات", "G2"], g)
    assert table.loc["المليشيات", "sig"] == "***"  # 10.83 <= G2 < 15.13


def test_keyness_by_document():
    df = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "raw": ["مليشيات حفتر هاجمت ومليشيات حفتر تراجعت " * 3, "الجيش الوطني تقدم والجيش الوطني انتصر " * 3],
        }
    )
    table = keyness_by(df, top=3)
    assert set(table.loc[table["doc_id"] == "a", "word"]) <= {"حفتر", "مليشيات", "ومليشيات", "هاجمت", "تراجعت"}
    assert "حفتر" in set(table.loc[table["doc_id"] == "a", "word"])
    assert "الوطني" in set(table.loc[table["doc_id"] == "b", "word"])
    assert (table["log_ratio"] > 0).all() and np.isfinite(table["G2"]).all()


def test_keyness_by_keeps_documents_without_a_group_under_one_label():
    df = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "raw": ["الجيش الجيش الجيش قال", "الوفاق الوفاق الوفاق قال", "قال قال"],
            "outlet": ["X", None, float("nan")],
        }
    )
    table = keyness_by(df, by="outlet", top=3, min_count=1)
    assert set(table["outlet"]) == {"X", "(missing)"}
