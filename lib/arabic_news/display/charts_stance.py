"""Charts for stance and framing; each takes ``ax=None``, returns the axes, and draws from a table
that the notebook also shows (:func:`arabic_news.analyses.stance.stance_scores`, ``category_table``).
Arabic labels go through :func:`arabic_news.display.rendering.display_text`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .rendering import display_labels, display_text, new_axes

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


def plot_stance_bars(
    scores: pd.DataFrame,
    actors: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Return a diverging bar chart of the score toward each actor per document, with the
    bootstrap interval as error bars; documents without hits for an actor get no bar."""
    import matplotlib
    import numpy as np

    ax = new_axes(ax)
    actors = list(actors) if actors is not None else list(dict.fromkeys(scores["actor"]))
    docs = list(dict.fromkeys(scores["doc_id"]))
    labels = labels or {}
    height = 0.8 / max(1, len(docs))
    cmap = matplotlib.colormaps["tab10"]
    for j, doc in enumerate(docs):
        sub = scores[scores["doc_id"] == doc].set_index("actor").reindex(actors)
        y = np.arange(len(actors)) + (j - (len(docs) - 1) / 2) * height
        value = sub["score"].to_numpy(dtype=float)
        lo = sub["ci_low"].to_numpy(dtype=float) if "ci_low" in sub else np.full(len(actors), np.nan)
        hi = sub["ci_high"].to_numpy(dtype=float) if "ci_high" in sub else np.full(len(actors), np.nan)
        err = np.vstack([np.nan_to_num(value - lo), np.nan_to_num(hi - value)])
        ok = ~np.isnan(value)
        ax.barh(
            y[ok],
            value[ok],
            height=height,
            color=cmap(j % 10),
            xerr=err[:, ok],
            error_kw={"elinewidth": 0.8, "capsize": 2},
            label=display_text(str(labels.get(doc, doc))),
        )
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(actors)), display_labels(actors))
    ax.invert_yaxis()
    ax.set_xlim(-1.1, 1.1)
    ax.set_xlabel("stance score: -1 hostile ... +1 favourable (own voice; bars = 95% bootstrap)")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    return ax


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
    return ax
