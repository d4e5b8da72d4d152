"""Charts for stance and framing; each takes ``ax=None``, returns the axes, and draws from a table
that the notebook also shows (:func:`arabic_news.analyses.stance.stance_scores`,
``alignment_scores``, ``category_table``). Every score is a point with its 95 % interval and its
number of hits, so that one light hit is not mistaken for strong evidence. Arabic labels go through
:func:`arabic_news.display.rendering.display_text`."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..core.glossary import CATEGORY_NAMES
from .figures import MIN_FONT_SIZE, describe
from .rendering import display_labels, display_text, new_axes, use_arabic_font

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


#: inches per row of a chart with one labelled row per document (8-point labels need about 0.17)
ROW_INCHES = 0.2


def _wrapped(text: str, width: int = 24) -> str:
    """Return ``text`` wrapped to lines of ``width`` characters."""
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def plot_stance_scores(
    scores: pd.DataFrame,
    actors: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    *,
    actor_labels: Mapping[str, str] | None = None,
) -> Axes:
    """Return a chart of the graded score toward each actor per document: a point at the score,
    a line for its 95 % interval, and the number of own-voice hits at its end; pairs without hits
    are not drawn, and actors without any are named under the axis instead of an empty row.
    Actors are named by ``actor_labels`` (the manifest's: ``study.actors``), documents by ``labels``."""
    import matplotlib
    import numpy as np
    from matplotlib.lines import Line2D

    actors = list(actors) if actors is not None else list(dict.fromkeys(scores["actor"]))
    docs = list(dict.fromkeys(scores["doc_id"]))
    labels = labels or {}
    name = (lambda a: actor_labels.get(a, a)) if actor_labels is not None else str
    scored = scores.dropna(subset=["score"])
    drawn = [a for a in actors if (scored["actor"] == a).any()]
    empty = [a for a in actors if a not in drawn]
    rows = sum(int(((scored["actor"] == a) & scored["doc_id"].isin(docs)).sum()) for a in drawn)
    ax = new_axes(ax, (8, max(3.0, ROW_INCHES * (rows + len(drawn)) + 1.4)))
    cmap = matplotlib.colormaps["tab10"]
    colours = {doc: cmap(j % 10) for j, doc in enumerate(docs)}
    y, ticks, legend = 0, [], set()
    for actor in drawn:
        part = scored[scored["actor"] == actor].set_index("doc_id").reindex([d for d in docs])
        part = part.dropna(subset=["score"])
        first = y
        for doc, r in part.iterrows():
            colour = colours[doc]
            ax.hlines(y, r["low"], r["high"], color=colour, lw=1.2)
            legend.add(doc)
            ax.plot(r["score"], y, "o", color=colour, ms=5)
            n = int(r["pro"] + r["anti"])
            ax.annotate(
                f"{n}",
                (r["high"], y),
                xytext=(3, 0),
                textcoords="offset points",
                fontsize=MIN_FONT_SIZE,
                va="center",
                color=colour,
            )
            y += 1
        ticks.append((first + y - 1) / 2)
        y += 1
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(ticks, display_labels(_wrapped(name(a)) for a in drawn))
    ax.set_ylim(y - 0.5, -1)
    ax.set_xlim(-1.05, 1.2)
    ax.set_xticks(np.linspace(-1, 1, 5))
    note = f"\nno own-voice hit, not drawn: {', '.join(name(a) for a in empty)}" if empty else ""
    ax.set_xlabel("graded score: -1 hostile ... +1 favourable\n(own voice; line = 95% interval; number = hits)" + note)
    shown = [d for d in docs if d in legend]
    handles = [Line2D([], [], marker="o", ls="-", lw=1.2, ms=5, color=colours[d]) for d in shown]
    ax.legend(
        handles,
        [display_text(str(labels.get(d, d))) for d in shown],
        fontsize=MIN_FONT_SIZE,
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        frameon=False,
    )
    ax.grid(axis="x", alpha=0.3)
    points = "; ".join(
        f"{name(r.actor)} in {labels.get(r.doc_id, r.doc_id)}: {r.score:+.2f} [{r.low:+.2f}, {r.high:+.2f}], "
        f"{int(r.pro + r.anti)} hits"
        for r in scored[scored["actor"].isin(drawn)].itertuples()
    )
    describe(
        ax,
        f"Graded stance scores toward {len(drawn)} actors in {len(docs)} documents, from -1 (hostile) to +1 "
        f"(favourable), each a point with its 95% interval and its number of hits: {points}."
        + (f" Not drawn, no own-voice hit: {', '.join(name(a) for a in empty)}." if empty else ""),
    )
    return use_arabic_font(ax)


def plot_alignment(
    alignment: pd.DataFrame,
    group: str | None = None,
    labels: Mapping[str, str] | None = None,
    axis: tuple[str, str] = ("+", "-"),
    ax: Axes | None = None,
    *,
    group_labels: Mapping[str, str] | None = None,
    max_rows: int = 40,
) -> Axes:
    """Return every document's camp alignment on one axis: one row per document (grouped by the
    ``group`` column when given, each group sorted by score), a point at the score, a line for its
    95 % interval; unscored documents are counted, without a point. ``axis`` names the two ends
    (the + camp, the - camp); ``group_labels`` names the groups (the manifest's camps:
    ``{c.id: c.outlets for c in study.camps}``). Up to
    ``max_rows`` documents, each row is labelled (``labels``) with its number of hits; beyond, rows
    are drawn unlabelled and each group is labelled once."""
    import matplotlib

    table = alignment.copy()
    groups = list(dict.fromkeys(table[group])) if group else [None]
    camps = dict(group_labels or {})
    order = []
    for g in groups:
        part = table if g is None else table[table[group] == g]
        order.append(part.sort_values("score", na_position="first", kind="stable"))
    labelled = len(table) <= max_rows
    per_row = ROW_INCHES if labelled else 0.06
    ax = new_axes(ax, (8, max(3.0, per_row * (len(table) + len(groups)) + 1.4)))
    cmap = matplotlib.colormaps["tab10"]
    labels = labels or {}
    y = 0
    ticks, names, spans = [], [], []
    unscored = 0
    for i, part in enumerate(order):
        color = cmap(i % 10)
        first, start = True, y
        name = "" if groups[i] is None else str(camps.get(groups[i], groups[i]))
        for r in part.itertuples():
            if r.score == r.score:  # not NaN
                ax.hlines(y, r.low, r.high, color=color, lw=0.8, alpha=0.6)
                ax.plot(r.score, y, "o", color=color, ms=4 if labelled else 3, label=name if first and group else None)
                if labelled:
                    ax.annotate(
                        f"{int(r.n_hits)}",
                        (r.high, y),
                        xytext=(3, 0),
                        textcoords="offset points",
                        fontsize=MIN_FONT_SIZE,
                        va="center",
                    )
                first = False
            else:
                unscored += 1
            ticks.append(y)
            names.append(display_text(str(labels.get(r.doc_id, r.doc_id))))
            y += 1
        spans.append((start, y - 1, name, len(part)))
        y += 1
    ax.axvline(0, color="black", linewidth=0.8)
    if labelled:
        ax.set_yticks(ticks, names, fontsize=MIN_FONT_SIZE)
    else:
        ax.set_yticks(
            [(a + b) / 2 for a, b, _n, _k in spans],
            [f"{_wrapped(n, 18)}\n({k} articles)" for _a, _b, n, k in spans],
            fontsize=9,
        )
        for a, _b, _n, _k in spans[1:]:
            ax.axhline(a - 1, color="#cccccc", lw=0.8)
    ax.set_ylim(y - 0.5, -1)
    ax.set_xlim(-1.05, 1.2)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    how = "line = 95% interval; number = hits" if labelled else "line = 95% interval; one row per article"
    ax.set_xlabel(f"alignment: -1 toward {axis[1]} ... +1 toward {axis[0]}\n({how})")
    if group:
        ax.legend(fontsize=MIN_FONT_SIZE, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
    ax.grid(axis="x", alpha=0.3)
    parts = []
    for (_a, _b, name, k), part in zip(spans, order):
        values = part["score"].dropna()
        summary = f"median {values.median():+.2f}" if len(values) else "no score"
        parts.append(f"{name}: " * bool(name) + f"{k} articles, {len(values)} scored, {summary}")
    describe(
        ax,
        f"Camp alignment of {len(table)} articles from -1 (toward {axis[1]}) to +1 (toward {axis[0]}), one row per "
        f"article with its 95% interval, sorted by score within each group; {'; '.join(parts)}."
        + (f" {unscored} articles without any hit have no point." if unscored else ""),
    )
    return use_arabic_font(ax)


def plot_category_heatmap(table: pd.DataFrame, labels: Mapping[str, str] | None = None, ax: Axes | None = None) -> Axes:
    """Return a heatmap of hits per document (rows) and lexicon category (columns, named as the
    glossary names them), annotated."""
    ax = new_axes(ax)
    labels = labels or {}
    values = table.to_numpy(dtype=float)
    ax.imshow(values, cmap="Greys", aspect="auto", vmin=0, vmax=max(1.0, float(values.max(initial=0))))
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            ax.text(
                j,
                i,
                f"{v:g}",
                ha="center",
                va="center",
                color="white" if v > values.max() / 2 else "black",
                fontsize=MIN_FONT_SIZE + 1,
            )
    categories = [CATEGORY_NAMES.get(c, c.replace("_", " ")) for c in table.columns]
    ax.set_xticks(range(values.shape[1]), [_wrapped(c, 12) for c in categories], fontsize=MIN_FONT_SIZE)
    rows = [str(labels.get(d, d)) for d in table.index]
    ax.set_yticks(range(values.shape[0]), display_labels(rows), fontsize=MIN_FONT_SIZE + 1)
    ax.set_title("Counted hits per lexicon category")
    cells = "; ".join(
        f"{row}: " + ", ".join(f"{c} {v:g}" for c, v in zip(categories, values[i]) if v) for i, row in enumerate(rows)
    )
    describe(ax, f"Heatmap of own-voice hits per document (rows) and lexicon category (columns): {cells}.")
    return use_arabic_font(ax)
