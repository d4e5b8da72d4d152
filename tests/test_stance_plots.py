"""Stance charts: they draw the numbers of their tables and label Arabic through display_text."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from arabic_news import (
    Context,
    StanceScorer,
    alignment_scores,
    category_table,
    corpus_hits,
    display_text,
    fightin_words,
    load_corpus,
    naming_hits,
    naming_table,
    plot_alignment,
    plot_category_heatmap,
    plot_fightin_words,
    plot_naming,
    plot_stance_scores,
    stance_scores,
    term_glosses,
)
from arabic_news.display.charts_naming import ANTI_COLOR, PRO_COLOR
from repo_paths import EXAMPLES

LIBYA = Context.of("libya-2019-2020")


@pytest.fixture(scope="module")
def tables():
    df = load_corpus(EXAMPLES / "stance_articles")
    scorer = StanceScorer(LIBYA)
    hits = corpus_hits(df, scorer)
    return df, hits, stance_scores(df, hits, scorer), alignment_scores(df, hits, scorer)


def test_stance_scores_one_point_and_interval_per_scored_pair(tables):
    _df, _hits, scores, _al = tables
    fig, ax = plt.subplots()
    assert plot_stance_scores(scores, actors=["haftar", "gna"], ax=ax, actor_labels=LIBYA.study.actors) is ax
    sub = scores[scores["actor"].isin(["haftar", "gna"])].dropna(subset=["score"])
    points = sorted(round(float(x), 6) for line in ax.lines if line.get_marker() == "o" for x in line.get_xdata())
    assert points == sorted(round(v, 6) for v in sub["score"])
    segments = [seg for coll in ax.collections for seg in coll.get_segments()]
    assert sorted((round(s[0][0], 6), round(s[1][0], 6)) for s in segments) == sorted(
        (round(lo, 6), round(hi, 6)) for lo, hi in zip(sub["low"], sub["high"])
    )
    assert sorted(t.get_text() for t in ax.texts) == sorted(str(int(n)) for n in sub["pro"] + sub["anti"])
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Khalifa Haftar",
        "the Government of\nNational Accord (GNA)",
    ]
    plt.close(fig)


def test_alignment_chart_draws_every_scored_document(tables):
    df, _hits, _scores, aligned = tables
    table = aligned.merge(df[["doc_id", "camp"]], on="doc_id")
    ax = plot_alignment(
        table, group="camp", axis=("LNA camp", "GNA camp"), group_labels={c.id: c.outlets for c in LIBYA.study.camps}
    )
    points = sorted(round(float(x), 6) for line in ax.lines if line.get_marker() == "o" for x in line.get_xdata())
    assert points == sorted(round(v, 6) for v in table["score"].dropna())
    assert len(ax.get_yticklabels()) == len(table)
    assert "toward GNA camp" in ax.get_xlabel() and "toward LNA camp" in ax.get_xlabel()
    assert sorted(t.get_text() for t in ax.texts) == sorted(str(n) for n in table["n_hits"])
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {c.outlets for c in LIBYA.study.camps} | {"wire"}
    plt.close(ax.figure)


def test_category_heatmap_annotates_counts(tables):
    _df, hits, _scores, _al = tables
    table = category_table(hits)
    ax = plot_category_heatmap(table)
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == table.size
    assert texts[: table.shape[1]] == [f"{v:g}" for v in table.iloc[0]]
    plt.close(ax.figure)


def test_naming_grid_colours_follow_polarity(tables):
    _df, hits, _scores, _al = tables
    table = naming_table(naming_hits(hits, "haftar"))
    ax = plot_naming(table)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert any(label.startswith(display_text("المشير خليفة حفتر") + "  (") for label in labels)
    image = ax.images[0].get_array()
    row = list(table["term"]).index("مليشيات حفتر")
    col = [c for c in table.columns if c not in ("term", "gloss_en", "polarity", "total")].index(
        "pro_gna_arabi21_style"
    )
    assert image[row, col] == 1  # hostile colour index
    assert ax.images[0].cmap.colors[1] == ANTI_COLOR and ax.images[0].cmap.colors[3] == PRO_COLOR
    plt.close(ax.figure)


def test_fightin_words_chart_plots_the_table():
    a = ["مليشيات حفتر قصفت", "مليشيات حفتر تقدمت", "مليشيات حفتر انسحبت"]
    b = ["الجيش الوطني تقدم", "الجيش الوطني انسحب", "الجيش الوطني قصف"]
    result = fightin_words(a, b, ngrams=(1, 2), alpha0=5)
    ax = plot_fightin_words(result, names=("pro-GNA", "pro-LNA"), label=2, z=1.0, glosses=term_glosses(LIBYA.study))
    xs = np.concatenate([c.get_offsets()[:, 0] for c in ax.collections])
    ys = np.concatenate([c.get_offsets()[:, 1] for c in ax.collections])
    assert sorted(ys.round(6)) == sorted(result["z"].round(6))
    assert sorted(xs) == sorted(result["count_a"] + result["count_b"])
    labelled = [t.get_text() for t in ax.texts]
    assert len(labelled) == 4 and display_text("مليشيات") + " (militias)" in labelled  # as written, with its gloss
    plt.close(ax.figure)
