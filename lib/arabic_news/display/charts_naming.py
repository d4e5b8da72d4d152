"""The naming chart: which names and labels each document (or outlet) uses for an actor.

It draws a table of :func:`arabic_news.analyses.naming.naming_table` (the notebook shows the same
table). With a ``polarity`` column, cells are coloured by what the term does (blue legitimizing,
grey neutral, red delegitimizing) and a legend says so; without one, by count, with a colour bar.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .figures import MIN_FONT_SIZE, describe
from .rendering import display_labels, display_text, new_axes, use_arabic_font

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

#: colours: favourable, hostile, neutral
PRO_COLOR, ANTI_COLOR, NEUTRAL_COLOR = "#2c7bb6", "#d7191c", "#9e9e9e"
_DESCRIBING = ("term", "gloss_en", "transliteration", "refers_to", "polarity", "total")


def plot_naming(
    table: pd.DataFrame,
    groups: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    title: str = "Names and labels used by each document",
) -> Axes:
    """Draw a naming table (terms x ``groups`` counts) as an annotated grid; return the axes."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    ax = new_axes(ax, (5.5, max(3.0, 0.32 * len(table) + 1.5)))
    labels = labels or {}
    groups = list(groups) if groups is not None else [c for c in table.columns if c not in _DESCRIBING]
    counts = table[groups].to_numpy(dtype=float)
    if "polarity" in table.columns:
        pol = table["polarity"].to_numpy(dtype=int)
        colour = (counts > 0) * (pol[:, None] + 2)  # 0 empty, 1 hostile, 2 neutral, 3 favourable
        ax.imshow(
            colour, cmap=ListedColormap(["white", ANTI_COLOR, NEUTRAL_COLOR, PRO_COLOR]), vmin=0, vmax=3, aspect="auto"
        )
        text_colour = "white"
        ax.legend(
            handles=[
                Patch(color=PRO_COLOR, label="legitimizing (+1)"),
                Patch(color=NEUTRAL_COLOR, label="neutral (0)"),
                Patch(color=ANTI_COLOR, label="delegitimizing (−1)"),
            ],
            fontsize=MIN_FONT_SIZE,
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
            title="the term is",
            title_fontsize=MIN_FONT_SIZE,
        )
    else:
        image = ax.imshow(counts, cmap="Oranges", aspect="auto", vmin=0)
        text_colour = "black"
        bar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label="uses of the term (number in the cell)")
        bar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    for i in range(counts.shape[0]):
        for j in range(counts.shape[1]):
            if counts[i, j]:
                ax.text(j, i, f"{counts[i, j]:g}", ha="center", va="center", color=text_colour, fontsize=MIN_FONT_SIZE)
    rows = [f"{display_text(t)}  ({g})" for t, g in zip(table["term"], table["gloss_en"])]
    ax.set_yticks(range(len(rows)), rows, fontsize=MIN_FONT_SIZE)
    names = [str(labels.get(g, g)) for g in groups]
    ax.set_xticks(range(len(groups)), display_labels(textwrap.fill(n, 16) for n in names), fontsize=MIN_FONT_SIZE)
    ax.xaxis.tick_top()
    ax.set_title(
        display_text(title), pad=12 + 11 * max(n.count("\n") + 1 for n in [textwrap.fill(n, 16) for n in names])
    )
    cells = "; ".join(
        f"{t} ({g}): " + ", ".join(f"{n} {counts[i, j]:g}" for j, n in enumerate(names) if counts[i, j])
        for i, (t, g) in enumerate(zip(table["term"], table["gloss_en"]))
    )
    describe(
        ax,
        f"Grid of {len(rows)} names and labels (rows) by {len(names)} columns ({', '.join(names)}), "
        f"with the number of uses in each cell: {cells}.",
    )
    return use_arabic_font(ax)
