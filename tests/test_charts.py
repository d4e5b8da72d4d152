"""Every chart of the package, drawn on the data the notebooks draw it from: no two texts overlap, no
text is smaller than the legible minimum, no chart is wider than the report's column, actors, camps
and lexicon categories are named as the study names them (never by their ids), and every chart
carries a description (the alt text of its image in the report) that names what it shows.

The charts are also saved as PNGs under build/charts-matplotlib-VERSION/ for a person to look at
(`make test` runs this file on matplotlib 3.11 and, in .venv-mpl310, on 3.10).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from arabic_news import (
    Context,
    StanceScorer,
    actor_table,
    alignment_scores,
    article_text,
    attribution_table,
    category_table,
    clean_corpus,
    corpus_hits,
    doc_labels,
    fightin_words,
    load_case_study,
    load_corpus,
    load_events,
    naming_by,
    naming_hits,
    naming_table,
    plot_actor_heatmap,
    plot_alignment,
    plot_attribution_bars,
    plot_category_heatmap,
    plot_fightin_words,
    plot_lsh_curve,
    plot_naming,
    plot_rendering_pitfall,
    plot_similarity,
    plot_stance_scores,
    plot_timeline,
    setup_notebook,
    similarity_matrix,
    stance_scores,
    term_glosses,
    timeline_table,
)
from arabic_news.core.glossary import CATEGORY_NAMES
from arabic_news.display.charts_discovery import term_label
from arabic_news.display.figures import MAX_WIDTH, MIN_FONT_SIZE, alt_text, overlapping_texts, small_texts
from arabic_news.display.rendering import display_text
from repo_paths import BUILD_DIR

LIBYA = Context.of("libya-2019-2020")
STUDY = LIBYA.study
CAMPS = {c.id: c.outlets for c in STUDY.camps}  # the manifest's names of the camps
CHARTS = BUILD_DIR / f"charts-matplotlib-{matplotlib.__version__}"


@pytest.fixture(scope="module")
def data():
    """The tables the notebooks chart, computed as the notebooks compute them."""
    setup_notebook()
    corpus = clean_corpus(load_case_study(LIBYA), LIBYA)
    labels = doc_labels(corpus, study=STUDY)
    article = article_text(corpus)
    scorer = StanceScorer(LIBYA)
    hits = corpus_hits(corpus, scorer, spans="kept_spans")
    dev = load_corpus(STUDY.folder / "validation" / "articles.jsonl")
    held_out = clean_corpus(dev[dev["split"] == "validation"].reset_index(drop=True), LIBYA)
    held_hits = corpus_hits(held_out, scorer, spans="kept_spans")
    discovery = dev[dev["split"] == "discovery"]
    texts = {g: list(discovery.loc[discovery["group"] == g, "raw"]) for g in ("pro_lna", "neutral", "pro_gna")}
    return {
        "corpus": corpus,
        "labels": labels,
        "article": article,
        "hits": hits,
        "scores": stance_scores(corpus, hits, scorer, spans="kept_spans"),
        "alignment": alignment_scores(corpus, hits, scorer),
        "held_out": alignment_scores(held_out, held_hits, scorer).merge(held_out[["doc_id", "group"]], on="doc_id"),
        "dev_labels": dict(zip(dev["doc_id"], dev["outlet"])),
        "fw": fightin_words(texts["pro_lna"], texts["neutral"], background=texts["pro_gna"]),
    }


def _pitfall(d):
    return plot_rendering_pitfall("قائد الجيش الوطني الليبي خليفة حفتر")


def _timeline(d):
    return plot_timeline(timeline_table(d["corpus"], load_events(STUDY)))


def _attribution(d):
    return plot_attribution_bars(attribution_table(d["article"], LIBYA).rename(index=d["labels"]))


def _actors(d):
    return plot_actor_heatmap(actor_table(d["article"], LIBYA, by="outlet"), STUDY)


def _naming_outlets(d):
    naming = naming_by(d["article"], LIBYA, by="outlet")
    return plot_naming(naming, list(dict.fromkeys(d["corpus"]["outlet"])), title="How each outlet names Haftar")


def _similarity(d):
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    short = list(d["corpus"]["doc_id"].str[:3])
    plot_similarity(similarity_matrix(d["corpus"]["raw"], short), ax=axes[0], title="raw", vmax=0.05)
    plot_similarity(similarity_matrix(d["corpus"]["clean"], short), ax=axes[1], title="cleaned", vmax=0.05)
    fig.tight_layout()
    return axes[1]


def _lsh(d):
    return plot_lsh_curve(25, 5, threshold=0.5)


def _stance(d):
    core = d["scores"][d["scores"]["actor"].isin(STUDY.key_actors)]
    return plot_stance_scores(core, actors=STUDY.key_actors, labels=d["labels"], actor_labels=STUDY.actors)


def _alignment(d):
    seeds = d["alignment"]
    return plot_alignment(seeds, labels=d["labels"], axis=("the LNA camp", "the GNA camp"), group_labels=CAMPS)


def _held_out(d):
    return plot_alignment(
        d["held_out"], group="group", labels=d["dev_labels"], axis=("the LNA camp", "the GNA camp"), group_labels=CAMPS
    )


def _categories(d):
    return plot_category_heatmap(category_table(d["hits"]).rename(index=d["labels"]))


def _naming_articles(d):
    names = naming_table(naming_hits(d["hits"], STUDY.focus_actor), groups=d["corpus"]["doc_id"])
    return plot_naming(names, labels=d["labels"], title="How each article names Haftar and his forces")


def _fightin_words(d):
    return plot_fightin_words(
        d["fw"], names=("pro-LNA outlets", "neutral outlets"), label=8, glosses=term_glosses(STUDY)
    )


CHART_FUNCTIONS = {
    "plot_rendering_pitfall": _pitfall,
    "plot_timeline": _timeline,
    "plot_attribution_bars": _attribution,
    "plot_actor_heatmap": _actors,
    "plot_naming (outlets)": _naming_outlets,
    "plot_similarity": _similarity,
    "plot_lsh_curve": _lsh,
    "plot_stance_scores": _stance,
    "plot_alignment (five articles)": _alignment,
    "plot_alignment (held-out articles)": _held_out,
    "plot_category_heatmap": _categories,
    "plot_naming (articles)": _naming_articles,
    "plot_fightin_words": _fightin_words,
}


def test_every_plot_function_is_drawn_here():
    import arabic_news

    assert {n for n in arabic_news.__all__ if n.startswith("plot_")} == {n.split()[0] for n in CHART_FUNCTIONS}


@pytest.fixture(scope="module", params=list(CHART_FUNCTIONS))
def chart(request, data):
    ax = CHART_FUNCTIONS[request.param](data)
    fig = ax.figure
    fig.canvas.draw()
    CHARTS.mkdir(parents=True, exist_ok=True)
    fig.savefig(CHARTS / f"{request.param.replace(' ', '_')}.png", bbox_inches="tight")
    yield request.param, fig
    plt.close(fig)


def test_no_two_texts_overlap(chart):
    name, fig = chart
    assert overlapping_texts(fig) == [], name


def test_every_text_is_legible_at_report_width(chart):
    name, fig = chart
    assert small_texts(fig) == [], name
    fig.canvas.draw()
    width = fig.get_tightbbox(fig.canvas.get_renderer()).width
    assert width <= MAX_WIDTH, f"{name}: {width:.1f} inches wide"


def test_actors_camps_and_categories_are_named_not_ids(chart):
    from arabic_news.display.figures import text_artists

    name, fig = chart
    ids = set(STUDY.actors) | {c.id for c in STUDY.camps} | {k for k, v in CATEGORY_NAMES.items() if k != v}
    shown = {t.get_text().strip() for t in text_artists(fig)}
    assert sorted(shown & ids) == [], name
    assert not any(line.strip() in ids for text in shown for line in text.splitlines()), name


def test_every_chart_says_what_it_shows(chart):
    name, fig = chart
    text = alt_text(fig)
    assert len(text) > 80 and not text.startswith("A chart"), f"{name}: {text}"
    assert "_" not in text.replace("display_text", ""), f"{name}: an id in the description: {text}"
    assert "None" not in text, f"{name}: a missing group named in the description: {text}"


def test_the_overlap_check_finds_overlapping_labels():
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "السراج", fontsize=MIN_FONT_SIZE)
    ax.text(0.51, 0.5, "اردوغان", fontsize=MIN_FONT_SIZE)
    assert len(overlapping_texts(fig)) == 1
    plt.close(fig)


def test_fightin_words_labels_are_written_forms_with_glosses(data):
    ax = _fightin_words(data)
    labels = [t.get_text() for t in ax.texts]
    written = {term_label(display_text(w), g) for w, g in (("مرتزقة", "mercenaries"), ("المرتزقة", "the mercenaries"))}
    assert written & set(labels)
    assert not any(display_text("مرتزقه") in label for label in labels)  # the normalized spelling
    assert sum("(" in label for label in labels) >= 8  # glossed
    plt.close(ax.figure)


def test_an_actor_without_hits_is_named_under_the_chart_not_drawn_as_an_empty_row(data):
    ax = _stance(data)
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert "the United Arab\nEmirates" not in rows
    assert "the United Arab Emirates" in ax.get_xlabel()
    plt.close(ax.figure)


def test_charts_read_the_study_they_are_given(yemen):
    table = pd.DataFrame({"houthis": [3.0], "hadi_government": [0.0]}, index=["outlet"])
    ax = plot_actor_heatmap(table, yemen.study)
    assert [t.get_text() for t in ax.get_yticklabels()] == [yemen.study.label("houthis")]
    assert yemen.study.label("hadi_government") in ax.get_xlabel()
    plt.close(ax.figure)


def test_a_label_that_must_cross_a_reference_line_is_drawn_on_white():
    from arabic_news.display.figures import place_labels

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    for v in [i / 20 for i in range(1, 20)]:  # a grid of reference lines: every place crosses one
        ax.axhline(v, lw=0.5)
        ax.axvline(v, lw=0.5)
    assert place_labels(ax, [(0.5, 0.5, "the militias")], avoid_points=False) == 1
    (label,) = ax.texts
    assert label.get_bbox_patch() is not None and label.get_bbox_patch().get_facecolor()[:3] == (1.0, 1.0, 1.0)
    plt.close(fig)
