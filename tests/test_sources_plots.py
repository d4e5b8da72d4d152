"""Tests of arabic_news.plots_sources: each chart draws its table and shapes Arabic labels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from arabic_news import (
    Context,
    actor_table,
    attribution_table,
    display_text,
    load_corpus,
    naming_by,
    plot_actor_heatmap,
    plot_attribution_bars,
    plot_naming,
    plot_timeline,
    timeline_table,
)
from repo_paths import EXAMPLES

LIBYA = Context.of("libya-2019-2020")

UNSEEN = EXAMPLES / "unseen"


@pytest.fixture(scope="module")
def unseen() -> pd.DataFrame:
    return load_corpus(UNSEEN).assign(outlet=["GNA site", "LNA portal", "LNA portal", "wire"])


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_attribution_bars_stack_to_totals(unseen):
    table = attribution_table(unseen, LIBYA)
    ax = plot_attribution_bars(table)
    ends = {}
    for patch in ax.patches:
        y = round(patch.get_y() + patch.get_height() / 2)
        ends[y] = max(ends.get(y, 0), patch.get_x() + patch.get_width())
    assert [ends[i] for i in range(len(table))] == table["total"].tolist()


def test_heatmap_draws_the_values(unseen):
    table = actor_table(unseen, LIBYA, by="outlet")
    ax = plot_actor_heatmap(table, LIBYA.study)
    image = ax.images[0].get_array()
    mentioned = table.loc[:, (table > 0).any()]
    assert image.shape == mentioned.T.shape  # one row per actor mentioned at least once
    assert float(image.max()) == pytest.approx(float(table.to_numpy().max()))
    assert [t.get_text() for t in ax.get_yticklabels()][0] == LIBYA.study.label(mentioned.columns[0])


def test_naming_labels_are_display_text(unseen):
    table = naming_by(unseen.assign(outlet=["GNA site", "LNA portal", "LNA portal", "wire"]), LIBYA)
    ax = plot_naming(table, ["GNA site", "LNA portal", "wire"])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith(display_text(table["term"].iloc[0]))
    assert "(" + table["gloss_en"].iloc[0] + ")" in labels[0]


def test_timeline_one_row_per_article_and_a_line_per_event():
    meta = pd.DataFrame(
        {
            "doc_id": ["x1", "x2"],
            "outlet": ["A", "B"],
            "date_earliest": ["2020-01-20", "2019-04-10"],
            "date_latest": ["2020-01-20", "2019-04-12"],
        }
    )
    events = pd.DataFrame(
        {"date": pd.to_datetime(["2019-04-04", "2020-01-19"]), "label": ["E1", "E2"], "event_en": ["start", "Berlin"]}
    )
    fig, ax = plt.subplots()
    assert plot_timeline(timeline_table(meta, events), ax=ax) is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == ["x2 B", "x1 A"]
    assert len(ax.lines) == 2 and len(ax.patches) == 2
