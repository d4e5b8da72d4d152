"""The discovery chart ("Fightin' Words"): each n-gram's z-score against its frequency.

It draws :func:`arabic_news.analyses.discovery.fightin_words` (the notebook shows the same table):
grey points for every n-gram, the candidates beyond |z| = 1.96 coloured by the group they mark,
and the strongest of them labelled (through :func:`arabic_news.display.rendering.display_text`), the
labels of a side spread vertically so that they never overlap, each joined to its point.
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
    ax.autoscale_view()
    low, high = ax.get_ylim()
    # the height of a line of 7-point Arabic text (Noto Sans Arabic: about 2.3 times its size), in data units
    gap = 2.3 * 7 * ax.figure.dpi / 72 * (high - low) / max(ax.get_window_extent().height, 1.0)
    for mask, order, step in ((side_a, np.argsort(-zs), -1), (side_b, np.argsort(zs), 1)):
        shown = [i for i in order if mask[i]][:label]
        for i, y in zip(shown, label_positions([zs[i] for i in shown], gap, step)):
            ax.annotate(
                display_text(result["ngram"].iloc[i]),
                (total[i], zs[i]),
                xytext=(total[i] * 1.25, y),
                textcoords="data",
                fontsize=7,
                va="center",
                arrowprops={"arrowstyle": "-", "color": "#9e9e9e", "lw": 0.5},
            )
    for level in (z, -z):
        ax.axhline(level, color="black", lw=0.6, ls="--")
    ax.set_xscale("log")
    ax.set_xlabel("uses in both groups (log scale)")
    ax.set_ylabel(f"z-score of the log-odds ratio ({names[0]} > 0 > {names[1]})")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False)
    return use_arabic_font(ax)


def label_positions(values: list[float], gap: float, step: int) -> list[float]:
    """Return a label height for each value (strongest first), each at least ``gap`` from the
    previous one in the direction ``step`` (-1: downward from the top, +1: upward from the bottom),
    so that no two labels of a side overlap."""
    out: list[float] = []
    for v in values:
        y = v if not out else (min(v, out[-1] - gap) if step < 0 else max(v, out[-1] + gap))
        out.append(y)
    return out
