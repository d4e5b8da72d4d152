"""The discovery chart ("Fightin' Words"): each n-gram's z-score against its frequency.

It draws :func:`arabic_news.analyses.discovery.fightin_words` (the notebook shows the same table):
grey points for every n-gram, the candidates beyond |z| = 1.96 coloured by the group they mark,
and the strongest of them labelled (through :func:`arabic_news.display.rendering.display_text`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .charts_naming import ANTI_COLOR, PRO_COLOR
from .rendering import display_text, new_axes, use_arabic_font

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


def plot_fightin_words(
    result: pd.DataFrame,
    names: tuple[str, str] = ("group a", "group b"),
    label: int = 10,
    z: float = 1.96,
    ax: Axes | None = None,
) -> Axes:
    """Return a scatter of z (y) against the n-gram's total count on a log scale (x); n-grams with
    z >= ``z`` are coloured as ``names[0]``'s, z <= -``z`` as ``names[1]``'s, and the ``label``
    strongest on each side are written out."""
    import numpy as np

    ax = new_axes(ax, (8, 5.5))
    total = (result["count_a"] + result["count_b"]).to_numpy(dtype=float)
    zs = result["z"].to_numpy(dtype=float)
    side_a, side_b = zs >= z, zs <= -z
    rest = ~(side_a | side_b)
    ax.scatter(total[rest], zs[rest], s=6, color="#bdbdbd", label="no clear difference")
    ax.scatter(total[side_a], zs[side_a], s=10, color=PRO_COLOR, label=f"marks {names[0]}")
    ax.scatter(total[side_b], zs[side_b], s=10, color=ANTI_COLOR, label=f"marks {names[1]}")
    for mask, order in ((side_a, np.argsort(-zs)), (side_b, np.argsort(zs))):
        shown = [i for i in order if mask[i]][:label]
        for i in shown:
            ax.annotate(
                display_text(result["ngram"].iloc[i]),
                (total[i], zs[i]),
                xytext=(3, 0),
                textcoords="offset points",
                fontsize=7,
                va="center",
            )
    for level in (z, -z):
        ax.axhline(level, color="black", lw=0.6, ls="--")
    ax.set_xscale("log")
    ax.set_xlabel("uses in both groups (log scale)")
    ax.set_ylabel(f"z-score of the log-odds ratio ({names[0]} > 0 > {names[1]})")
    ax.legend(fontsize=7, loc="lower right", frameon=False)
    return use_arabic_font(ax)
