"""Charts of the source comparison (notebook 01): timeline, actor heatmap, attribution bars.

Each function draws one table produced by :mod:`arabic_news.analyses.sources` (so the notebook can show the
same numbers as a table), takes ``ax=None`` and returns the axes. Arabic labels go through
:func:`arabic_news.render.display_text`.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import pandas as pd

from ..analyses.sources import KINDS
from .rendering import display_labels, display_text, new_axes, use_arabic_font

if TYPE_CHECKING:
    from matplotlib.axes import Axes

KIND_COLORS = {
    "anonymous": "#b2182b",
    "named": "#2166ac",
    "institution": "#67a9cf",
    "media": "#f4a582",
    "unclear": "#bdbdbd",
}


def _wrap(labels: list[str], width: int = 28) -> list[str]:
    """Return labels wrapped to ``width`` characters and prepared for display."""
    return display_labels("\n".join(textwrap.wrap(str(s), width)) for s in labels)


def plot_timeline(timeline: pd.DataFrame, ax: Axes | None = None, title: str = "Articles and key events") -> Axes:
    """Draw articles (date ranges) as bars on their own rows and events as labelled lines."""
    import matplotlib.dates as mdates

    ax = new_axes(ax)
    arts = timeline[timeline["what"] == "article"].reset_index(drop=True)
    events = timeline[timeline["what"] == "event"]
    for k, (_, ev) in enumerate(events.iterrows()):
        day = pd.Timestamp(ev["date"])
        ax.axvline(day, color="#999999", lw=0.8, zorder=1)
        ax.text(
            day,
            len(arts) - 0.2 + 0.45 * (k % 2),
            display_text(ev["label"].split()[0]),
            ha="center",
            va="center",
            fontsize=7,
            color="#555555",
        )  # staggered: no overlap
    for i, row in arts.iterrows():
        start = pd.Timestamp(row["date"])
        width = max(int(row["days"]), 4)  # a one-day article must still be visible
        ax.barh(i, width, left=start - pd.Timedelta(days=width // 2 - 1), height=0.5, color="#2166ac", zorder=2)
    ax.set_yticks(range(len(arts)))
    ax.set_yticklabels(_wrap(list(arts["label"]), 40), fontsize=8)
    ax.set_ylim(-0.6, len(arts) + 0.5)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.set_title(display_text(title))
    return use_arabic_font(ax)


def plot_actor_heatmap(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Draw mentions per 1,000 words (rows: documents or outlets; columns: actors) as a heatmap."""
    ax = new_axes(ax)
    image = ax.imshow(table.to_numpy(dtype=float), cmap="Blues", aspect="auto")
    ax.set_xticks(range(table.shape[1]))
    ax.set_xticklabels(display_labels(c.replace("_", " ") for c in table.columns), rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(table.shape[0]))
    ax.set_yticklabels(_wrap(list(table.index)), fontsize=8)
    peak = float(table.to_numpy().max()) if table.size else 0.0
    for (i, j), value in pd.DataFrame(table.to_numpy()).stack().items():
        ax.text(
            j, i, f"{value:.0f}", ha="center", va="center", fontsize=7, color="white" if value > 0.6 * peak else "black"
        )
    ax.figure.colorbar(image, ax=ax, label="mentions per 1,000 words")
    ax.set_title("Actor mentions per 1,000 words")
    return use_arabic_font(ax)


def plot_attribution_bars(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Draw the attribution kinds of each row of ``table`` as horizontal stacked bars."""
    ax = new_axes(ax)
    left = pd.Series(0.0, index=table.index)
    for kind in KINDS:
        if kind not in table:
            continue
        ax.barh(range(len(table)), table[kind], left=left, color=KIND_COLORS[kind], label=kind)
        left = left + table[kind]
    ax.set_yticks(range(len(table)))
    ax.set_yticklabels(_wrap(list(table.index)), fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("attributed statements")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title("Who is cited: kinds of source per article")
    return use_arabic_font(ax)
