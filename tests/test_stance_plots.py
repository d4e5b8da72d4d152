"""Stance charts: they draw the numbers of their tables and label Arabic through display_text."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from arabic_news import (
    ANTI_COLOR,
    PRO_COLOR,
    StanceScorer,
    category_table,
    corpus_hits,
    display_text,
    load_corpus,
    naming_hits,
    naming_table,
    plot_category_heatmap,
    plot_naming,
    plot_stance_bars,
    stance_scores,
)
from repo_paths import EXAMPLES


@pytest.fixture(scope="module")
def tables():
    df = load_corpus(EXAMPLES / "stance_articles")
    scorer = StanceScorer()
    hits = corpus_hits(df, scorer)
    return df, hits, stance_scores(df, hits, scorer, bootstrap=100)


def test_stance_bars_one_bar_per_scored_pair(tables):
    _df, _hits, scores = tables
    fig, ax = plt.subplots()
    assert plot_stance_bars(scores, actors=["haftar", "gna"], ax=ax) is ax
    sub = scores[scores["actor"].isin(["haftar", "gna"])].dropna(subset=["score"])
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == sorted(round(v, 6) for v in sub["score"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["haftar", "gna"]
    plt.close(fig)


def test_category_heatmap_annotates_counts(tables):
    _df, hits, _scores = tables
    table = category_table(hits)
    ax = plot_category_heatmap(table)
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == table.size
    assert texts[: table.shape[1]] == [f"{v:g}" for v in table.iloc[0]]
    plt.close(ax.figure)


def test_naming_grid_colours_follow_polarity(tables):
    _df, hits, _scores = tables
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
