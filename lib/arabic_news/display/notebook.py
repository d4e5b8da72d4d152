"""The one setup call of every notebook: fonts, chart style, pandas display options, seeds."""

from __future__ import annotations

import random

from .rendering import ARABIC_FONT


def setup_notebook(seed: int = 0) -> None:
    """Prepare a notebook: Arabic-capable font, chart style, pandas display options, seeds."""
    import matplotlib
    import numpy as np
    import pandas as pd

    matplotlib.rcParams.update(
        {
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
        }
    )
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.precision", 3)
    random.seed(seed)
    np.random.seed(seed)


def doc_labels(df: object, column: str = "outlet") -> dict[str, str]:
    """Return short chart labels per doc_id: the outlet without its parenthetical and the first
    three characters of the doc_id (``Raseef22 [001]``), or the doc_id without an outlet."""
    labels = {}
    for i, doc_id in enumerate(df["doc_id"]):  # type: ignore[index]
        value = df[column].iloc[i] if column in df.columns else None  # type: ignore[index, attr-defined]
        if isinstance(value, str) and value.strip():
            labels[doc_id] = f"{value.split(' (')[0].strip()} [{str(doc_id)[:3]}]"
        else:
            labels[doc_id] = str(doc_id)
    return labels
