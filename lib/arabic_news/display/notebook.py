"""The one setup call of every notebook: fonts, chart style, pandas display options, seeds."""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING

from .rendering import LATIN_FONT, register_fonts

if TYPE_CHECKING:
    from ..core.study import Study


def setup_notebook(seed: int = 0) -> None:
    """Prepare a notebook: chart fonts (Latin face, Arabic face registered), chart style, pandas
    display options, seeds."""
    import matplotlib
    import numpy as np
    import pandas as pd

    register_fonts()
    matplotlib.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [LATIN_FONT],
            "figure.dpi": 100,
            "figure.figsize": (8, 4.5),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": False,
            "axes.titlelocation": "left",
            "axes.titleweight": "bold",
            "svg.hashsalt": "arabic-news",
        }
    )
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.precision", 3)
    random.seed(seed)
    np.random.seed(seed)
    describe_figures()


def describe_figures() -> bool:
    """Make IPython display each figure with its alt text (:func:`~arabic_news.display.figures.alt_text`)
    in the image's output metadata (``{"image/png": {"alt": ...}}``), which the report writes into
    ``<img alt>``; return False outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    import matplotlib
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    from .figures import alt_text

    formatter = shell.display_formatter.formatters["image/png"]
    try:
        draw = formatter.lookup_by_type(Figure)
    except KeyError:  # the inline backend registers its formatter when its module is first loaded
        plt.switch_backend(matplotlib.get_backend())
        try:
            draw = formatter.lookup_by_type(Figure)
        except KeyError:
            return False
    if getattr(draw, "describes_figures", False):
        return True

    def png_with_alt(fig: Figure) -> object:
        data = draw(fig)
        return None if data is None else (data, {"alt": alt_text(fig)})

    png_with_alt.describes_figures = True  # type: ignore[attr-defined]
    formatter.for_type(Figure, png_with_alt)
    return True


_NUMBERED_ID_RE = re.compile(r"^(\d+)[_-]")


def doc_labels(df: object, column: str = "outlet", study: Study | None = None) -> dict[str, str]:
    """Return chart labels per doc_id: the outlet without its parenthetical and, in brackets, the
    file number of a numbered doc_id (``Raseef22 [001]``) or else the document's ``camp``, named as
    ``study`` names its outlets (``Al Jazeera style [pro-GNA outlets]``; the camp id without a
    study); the doc_id itself without an outlet."""
    camp_names = {c.id: c.outlets for c in study.camps} if study is not None else {}
    labels = {}
    for i, doc_id in enumerate(df["doc_id"]):  # type: ignore[index]
        value = df[column].iloc[i] if column in df.columns else None  # type: ignore[index, attr-defined]
        camp = df["camp"].iloc[i] if "camp" in df.columns else None  # type: ignore[index, attr-defined]
        number = _NUMBERED_ID_RE.match(str(doc_id))
        tag = number.group(1) if number else (camp_names.get(camp, camp) if isinstance(camp, str) and camp else None)
        if isinstance(value, str) and value.strip():
            name = value.split(" (")[0].strip()
            labels[doc_id] = f"{name} [{tag}]" if tag else name
        else:
            labels[doc_id] = str(doc_id)
    return labels
