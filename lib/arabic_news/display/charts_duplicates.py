"""Charts of duplicate detection (notebook 02): the similarity heatmap and the LSH curve."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..analyses.near_duplicates import lsh_curve
from .figures import annotate_cells, describe
from .rendering import display_labels, display_text, new_axes, use_arabic_font

if TYPE_CHECKING:
    import pandas as pd


def plot_similarity(matrix: pd.DataFrame, ax=None, title: str | None = None, vmax: float = 1.0):
    """Draw ``matrix`` as an annotated heatmap and return the axes."""
    ax = new_axes(ax, (5.5, 4.5))
    im = ax.imshow(matrix.to_numpy(), cmap="Blues", vmin=0.0, vmax=vmax)
    ax.set_xticks(range(len(matrix.columns)), display_labels(matrix.columns), rotation=45, ha="right")
    ax.set_yticks(range(len(matrix.index)), display_labels(matrix.index))
    annotate_cells(ax, matrix.to_numpy(dtype=float), ".2f", vmax)
    ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label="Jaccard")
    if title:
        ax.set_title(display_text(title))
    values = matrix.to_numpy(dtype=float)
    pairs = [(values[i, j], matrix.index[i], matrix.columns[j]) for i in range(len(values)) for j in range(i)]
    top = max(pairs, default=None)
    largest = f"; the largest between two documents is {top[0]:.3f} ({top[1]} and {top[2]})" if top else ""
    describe(
        ax,
        f"Heatmap of the Jaccard similarity of every pair of {len(values)} documents "
        f"(colour scale 0 to {vmax:g}, value in each cell){largest}.",
    )
    return use_arabic_font(ax)


def plot_lsh_curve(bands: int, rows: int, ax=None, threshold: float | None = None):
    """Draw the probability that LSH proposes a pair as a function of Jaccard; return the axes."""
    ax = new_axes(ax, (6, 3.5))
    curve = lsh_curve(bands, rows, points=101)
    ax.plot(curve["jaccard"], curve["p_candidate"], color="tab:blue")
    if threshold is not None:
        ax.axvline(threshold, color="grey", linestyle="--", linewidth=1)
    ax.set_xlabel("Jaccard similarity of the pair")
    ax.set_ylabel("P(candidate)")
    ax.set_title(f"LSH with {bands} bands of {rows} rows")
    half = float(curve.loc[(curve["p_candidate"] - 0.5).abs().idxmin(), "jaccard"])
    describe(
        ax,
        f"S-shaped curve of the probability that LSH with {bands} bands of {rows} rows proposes a pair (y), "
        f"against the pair's Jaccard similarity (x): near 0 below 0.2, one half at about {half:.2f}, near 1 above 0.8"
        + (f"; a dashed line marks the threshold {threshold:g}." if threshold is not None else "."),
    )
    return ax
