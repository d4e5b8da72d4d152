"""Drawing Arabic correctly: matplotlib labels, notebook setup, right-to-left HTML tables.

matplotlib 3.11 and later shape Arabic and apply the bidirectional algorithm themselves (through
libraqm). Older versions draw the characters one by one, left to right, unjoined, so they need the
text reshaped into presentation forms and reordered first (``arabic_reshaper`` + ``python-bidi``).
Doing that on 3.11+ reverses the text a second time. :func:`display_text` is the one place that
decides, by capability: the ``text.language`` rcParam exists exactly when matplotlib shapes text.
"""

from __future__ import annotations

import html
import numbers
import random
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .text import has_arabic

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

#: a face with full Arabic coverage that ships with matplotlib itself
ARABIC_FONT = "DejaVu Sans"


def matplotlib_shapes_text() -> bool:
    """Return True when the installed matplotlib shapes complex scripts itself (3.11+)."""
    import matplotlib

    return "text.language" in matplotlib.rcParams


def display_text(text: str, *, shaping: bool | None = None) -> str:
    """Return ``text`` ready to pass to matplotlib: unchanged where matplotlib shapes text
    itself, reshaped and reordered for display where it does not.

    ``shaping`` overrides the detection (True = matplotlib shapes; used by tests and by the
    notebook that shows the double-reversal pitfall).
    """
    if shaping is None:
        shaping = matplotlib_shapes_text()
    if shaping or not has_arabic(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(text))


def display_labels(labels: Iterable[str]) -> list[str]:
    """Return :func:`display_text` applied to every label."""
    return [display_text(str(label)) for label in labels]


def setup_notebook(seed: int = 0) -> None:
    """Prepare a notebook: Arabic-capable font, chart style, pandas display options, seeds."""
    import matplotlib
    import numpy as np
    import pandas as pd

    matplotlib.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": [ARABIC_FONT],
        "figure.dpi": 100,
        "figure.figsize": (8, 4.5),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "axes.titlelocation": "left",
        "axes.titleweight": "bold",
        "svg.hashsalt": "arabic-news",
    })
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.precision", 3)
    random.seed(seed)
    np.random.seed(seed)


class RtlTable:
    """A table shown in notebooks as escaped HTML with Arabic cells right-to-left.

    Its plain-text form is the DataFrame's, so regression runs compare the numbers.
    """

    def __init__(self, df: "pd.DataFrame", caption: str | None = None,
                 rtl_columns: Sequence[str] | None = None) -> None:
        self.df = df
        self.caption = caption
        if rtl_columns is None:
            rtl_columns = [c for c in df.columns
                           if df[c].map(lambda v: isinstance(v, str) and has_arabic(v)).any()]
        self.rtl_columns = set(rtl_columns)

    def __repr__(self) -> str:
        return (f"{self.caption}\n" if self.caption else "") + self.df.to_string()

    def _repr_html_(self) -> str:
        return rtl_table_html(self.df, caption=self.caption, rtl_columns=self.rtl_columns)


def _cell(value: object, tag: str, rtl: bool) -> str:
    """Return one escaped table cell."""
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    if isinstance(value, float) and text:
        text = f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if rtl and has_arabic(text):
        attrs = ' dir="rtl" style="text-align:right"'
    elif isinstance(value, numbers.Number) and not isinstance(value, bool) and text.startswith("-"):
        attrs = ' dir="ltr"'  # keeps the minus sign in front inside right-to-left tables
    else:
        attrs = ""
    return f"<{tag}{attrs}>{html.escape(text)}</{tag}>"


def rtl_table_html(df: "pd.DataFrame", caption: str | None = None,
                   rtl_columns: Iterable[str] = ()) -> str:
    """Return an HTML table of ``df`` with every cell escaped and Arabic cells right-to-left."""
    rtl = set(rtl_columns)
    head = "".join(_cell(c, "th", has_arabic(str(c))) for c in [df.index.name or ""] + list(df.columns))
    rows = []
    for idx, row in df.iterrows():
        cells = [_cell(idx, "th", True)] + [_cell(v, "td", c in rtl) for c, v in row.items()]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<table class="arabic-news">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def rtl_table(df: "pd.DataFrame", caption: str | None = None,
              rtl_columns: Sequence[str] | None = None) -> RtlTable:
    """Return ``df`` wrapped for display: escaped HTML, Arabic cells right-to-left."""
    return RtlTable(df, caption=caption, rtl_columns=rtl_columns)


def plot_rendering_pitfall(label: str, ax: "Axes | None" = None) -> "Axes":
    """Draw ``label`` twice, as :func:`display_text` prepares it and with the other path's
    preparation (double-reversed on matplotlib 3.11+, unjoined and backwards before); return the axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _fig, ax = plt.subplots(figsize=(8, 2.4))
    native = matplotlib_shapes_text()
    right = display_text(label)
    wrong = display_text(label, shaping=not native)
    ax.text(0.0, 0.92, "correct: display_text(label)", fontsize=9, transform=ax.transAxes)
    ax.text(1.0, 0.62, right, fontsize=18, ha="right", transform=ax.transAxes)
    ax.text(0.0, 0.42, "wrong: the other matplotlib version's preparation", fontsize=9,
            color="firebrick", transform=ax.transAxes)
    ax.text(1.0, 0.12, wrong, fontsize=18, ha="right", color="firebrick", transform=ax.transAxes)
    ax.set_axis_off()
    return ax


def rendering_inputs(label: str) -> "pd.DataFrame":
    """Return the first characters handed to matplotlib on each path, with their Unicode names."""
    import unicodedata

    import pandas as pd

    native = matplotlib_shapes_text()
    rows = []
    for name, text in (("correct", display_text(label)), ("wrong", display_text(label, shaping=not native))):
        for pos, ch in enumerate(text[:4]):
            rows.append({"path": name, "position": pos, "character": ch,
                         "unicode name": unicodedata.name(ch, f"U+{ord(ch):04X}")})
    return pd.DataFrame(rows)
