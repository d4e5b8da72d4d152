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
from .figures import MIN_FONT_SIZE, annotate_cells, describe
from .rendering import display_labels, display_text, new_axes, use_arabic_font

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..core.study import Study

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
            len(arts) - 0.2 + 0.5 * (k % 2),
            display_text(ev["label"].split()[0]),
            ha="center",
            va="center",
            fontsize=MIN_FONT_SIZE,
            color="#444444",
        )  # staggered: no overlap
    for i, row in arts.iterrows():
        start = pd.Timestamp(row["date"])
        width = max(int(row["days"]), 4)  # a one-day article must still be visible
        ax.barh(i, width, left=start - pd.Timedelta(days=width // 2 - 1), height=0.5, color="#2166ac", zorder=2)
    ax.set_yticks(range(len(arts)))
    ax.set_yticklabels(_wrap(list(arts["label"]), 40), fontsize=MIN_FONT_SIZE + 1)
    ax.set_ylim(-0.6, len(arts) + 0.7)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.set_title(display_text(title))
    dates = pd.to_datetime(timeline["date"])
    placed = "; ".join(f"{r['label']} {pd.Timestamp(r['date']):%d %b %Y}" for _, r in arts.iterrows())
    describe(
        ax,
        f"Timeline from {dates.min():%B %Y} to {dates.max():%B %Y}: {len(arts)} articles as bars ({placed}) "
        f"and {len(events)} key events as vertical lines labelled "
        f"{events['label'].str.split().str[0].iloc[0]} to {events['label'].str.split().str[0].iloc[-1]}."
        if len(events)
        else f"Timeline of {len(arts)} articles as bars ({placed}).",
    )
    return use_arabic_font(ax)


def plot_actor_heatmap(table: pd.DataFrame, study: Study, ax: Axes | None = None) -> Axes:
    """Draw mentions per 1,000 words (``table``: rows documents or outlets, columns actor ids) as a
    heatmap with one row per actor, named as ``study`` names it; actors never mentioned are left
    out and named under the chart."""
    values = table.T
    mentioned = values[(values.to_numpy(dtype=float) > 0).any(axis=1)]
    never = [study.label(a) for a in values.index if a not in mentioned.index]
    ax = new_axes(ax, (8, max(3.0, 0.32 * len(mentioned) + 1.6)))
    image = ax.imshow(mentioned.to_numpy(dtype=float), cmap="Blues", aspect="auto")
    ax.set_yticks(range(mentioned.shape[0]))
    ax.set_yticklabels(_wrap([study.label(a) for a in mentioned.index], 40), fontsize=MIN_FONT_SIZE)
    ax.set_xticks(range(mentioned.shape[1]))
    ax.set_xticklabels(_wrap(list(mentioned.columns), 18), fontsize=MIN_FONT_SIZE)
    ax.xaxis.tick_top()
    peak = float(mentioned.to_numpy().max()) if mentioned.size else 0.0
    annotate_cells(ax, mentioned.to_numpy(dtype=float), ".0f", peak)
    ax.figure.colorbar(image, ax=ax, label="mentions per 1,000 words")
    ax.set_title("Actor mentions per 1,000 words", pad=28)
    if never:
        ax.set_xlabel("never mentioned: " + ", ".join(never), fontsize=MIN_FONT_SIZE)
    cells = "; ".join(
        f"{study.label(a)}: " + ", ".join(f"{c} {v:.0f}" for c, v in zip(mentioned.columns, mentioned.loc[a]))
        for a in mentioned.index
    )
    describe(
        ax,
        f"Heatmap of actor mentions per 1,000 words, {len(mentioned)} actors (rows) in {mentioned.shape[1]} "
        f"columns ({', '.join(map(str, mentioned.columns))}): {cells}."
        + (f" Never mentioned: {', '.join(never)}." if never else ""),
    )
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
    ax.set_yticklabels(_wrap(list(table.index)), fontsize=MIN_FONT_SIZE + 1)
    ax.invert_yaxis()
    ax.set_xlabel("attributed statements")
    ax.legend(frameon=False, fontsize=MIN_FONT_SIZE + 1, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title("Who is cited: kinds of source per article")
    kinds = [k for k in KINDS if k in table]
    rows = "; ".join(
        f"{idx}: " + ", ".join(f"{int(row[k])} {k}" for k in kinds if row[k]) for idx, row in table.iterrows()
    )
    describe(ax, f"Stacked horizontal bars of attributed statements per article by kind of source: {rows}.")
    return use_arabic_font(ax)
