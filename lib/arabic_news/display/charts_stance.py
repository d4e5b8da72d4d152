"""Charts for stance and framing; each takes ``ax=None``, returns the axes, and draws from a table
that the notebook also shows (:func:`arabic_news.analyses.stance.stance_scores`,
``alignment_scores``, ``category_table``). Every score is a point with its 95 % interval and its
number of hits, so that one light hit is not mistaken for strong evidence. Arabic labels go through
:func:`arabic_news.display.rendering.display_text`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .rendering import display_labels, display_text, new_axes, use_arabic_font

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


def plot_stance_scores(
    scores: pd.DataFrame,
    actors: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Return a chart of the graded score toward each actor per document: a point at the score,
    a line for its 95 % interval, and the number of own-voice hits beside it; pairs without hits
    are not drawn."""
    import matplotlib
    import numpy as np

    ax = new_axes(ax)
    actors = list(actors) if actors is not None else list(dict.fromkeys(scores["actor"]))
    docs = list(dict.fromkeys(scores["doc_id"]))
    labels = labels or {}
    step = 0.8 / max(1, len(docs))
    cmap = matplotlib.colormaps["tab10"]
    for j, doc in enumerate(docs):
        sub = scores[scores["doc_id"] == doc].set_index("actor").reindex(actors)
        y = np.arange(len(actors)) + (j - (len(docs) - 1) / 2) * step
        value = sub["score"].to_numpy(dtype=float)
        ok = ~np.isnan(value)
        color = cmap(j % 10)
        ax.hlines(y[ok], sub["low"].to_numpy(dtype=float)[ok], sub["high"].to_numpy(dtype=float)[ok], color=color, lw=1)
        ax.plot(value[ok], y[ok], "o", color=color, ms=5, label=display_text(str(labels.get(doc, doc))))
        n = (sub["pro"] + sub["anti"]).to_numpy()
        for yy, v, k in zip(y[ok], value[ok], n[ok]):
            ax.annotate(f"{int(k)}", (v, yy), xytext=(0, 4), textcoords="offset points", fontsize=6, ha="center")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(actors)), display_labels(actors))
    ax.invert_yaxis()
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("graded score: -1 hostile ... +1 favourable (own voice; line = 95% interval; number = hits)")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    return use_arabic_font(ax)


def plot_alignment(
    alignment: pd.DataFrame,
    group: str | None = None,
    labels: Mapping[str, str] | None = None,
    axis: tuple[str, str] = ("+", "-"),
    ax: Axes | None = None,
) -> Axes:
    """Return every document's camp alignment on one axis: one row per document (grouped by the
    ``group`` column when given, each group sorted by score), a point at the score, a line for its
    95 % interval, the number of hits beside it; unscored documents are listed without a point.
    ``axis`` names the two ends (the + camp, the - camp)."""
    import matplotlib

    table = alignment.copy()
    groups = list(dict.fromkeys(table[group])) if group else [None]
    order = []
    for g in groups:
        part = table if g is None else table[table[group] == g]
        order.append(part.sort_values("score", na_position="first", kind="stable"))
    height = max(3.0, 0.16 * len(table) + 1.0)
    ax = new_axes(ax, (8, height))
    cmap = matplotlib.colormaps["tab10"]
    labels = labels or {}
    y = 0
    ticks, names = [], []
    for i, part in enumerate(order):
        color = cmap(i % 10)
        first = True
        for r in part.itertuples():
            if r.score == r.score:  # not NaN
                ax.hlines(y, r.low, r.high, color=color, lw=0.8, alpha=0.6)
                ax.plot(r.score, y, "o", color=color, ms=4, label=str(groups[i]) if first and group else None)
                ax.annotate(f"{int(r.n_hits)}", (r.high, y), xytext=(3, -2), textcoords="offset points", fontsize=5)
                first = False
            ticks.append(y)
            names.append(display_text(str(labels.get(r.doc_id, r.doc_id))))
            y += 1
        y += 1
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(ticks, names, fontsize=5 if len(ticks) > 40 else 8)
    ax.set_ylim(y - 0.5, -1)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel(f"alignment: -1 toward {axis[1]} ... +1 toward {axis[0]} (line = 95% interval; number = hits)")
    if group:
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.grid(axis="x", alpha=0.3)
    return use_arabic_font(ax)


def plot_category_heatmap(table: pd.DataFrame, labels: Mapping[str, str] | None = None, ax: Axes | None = None) -> Axes:
    """Return a heatmap of hits per document (rows) and lexicon category (columns), annotated."""
    ax = new_axes(ax)
    labels = labels or {}
    values = table.to_numpy(dtype=float)
    ax.imshow(values, cmap="Greys", aspect="auto", vmin=0, vmax=max(1.0, float(values.max(initial=0))))
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            ax.text(
                j, i, f"{v:g}", ha="center", va="center", color="white" if v > values.max() / 2 else "black", fontsize=8
            )
    ax.set_xticks(range(values.shape[1]), [c.replace("_", "\n") for c in table.columns], fontsize=8)
    ax.set_yticks(range(values.shape[0]), display_labels(labels.get(d, d) for d in table.index))
    ax.set_title("Counted hits per lexicon category")
    return use_arabic_font(ax)
