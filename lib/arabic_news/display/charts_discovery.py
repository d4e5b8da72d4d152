"""The discovery chart ("Fightin' Words"): each n-gram's z-score against its frequency.

It draws :func:`arabic_news.analyses.discovery.fightin_words` (the notebook shows the same table):
grey points for every n-gram, the candidates beyond |z| = 1.96 coloured by the group they mark,
and the strongest of them labelled as the texts spell them (``written``), with the English gloss of
the study's glossary when it has one, where the label overlaps nothing (through
:func:`arabic_news.display.figures.place_labels`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..core.text import normalize
from .charts_naming import ANTI_COLOR, PRO_COLOR
from .figures import MIN_FONT_SIZE, describe, place_labels
from .rendering import arabic_font_family, display_text, new_axes, use_arabic_font

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


def term_label(written: str, gloss: str | None) -> str:
    """Return the chart label of a term: its written form, then the first sense of its gloss (up to a
    semicolon or a bracket) in brackets, as the naming chart writes them (brackets, unlike quotation
    marks, are mirrored by the bidirectional algorithm on both drawing paths)."""
    short = gloss.split(";")[0].split(" (")[0].strip() if gloss else ""
    return f"{written} ({short})" if short else written


def _gloss(ngram: str, glosses: Mapping[str, str]) -> str | None:
    """Return the gloss of a normalized n-gram, or of the word without its article (ال): "the" + gloss."""
    if ngram in glosses:
        return glosses[ngram]
    if ngram.startswith("ال") and ngram[2:] in glosses:
        gloss = glosses[ngram[2:]]
        return gloss if gloss.lower().startswith("the ") else f"the {gloss}"
    return None


def plot_fightin_words(
    result: pd.DataFrame,
    names: tuple[str, str] = ("group a", "group b"),
    label: int = 10,
    z: float = 1.96,
    ax: Axes | None = None,
    *,
    glosses: Mapping[str, str] | None = None,
) -> Axes:
    """Return a scatter of z (y) against the n-gram's total count on a log scale (x); n-grams with
    z >= ``z`` are coloured as ``names[0]``'s, z <= -``z`` as ``names[1]``'s, and up to ``label``
    strongest on each side are labelled (as written, with the English gloss of ``glosses``, keyed by
    normalized term: :func:`~arabic_news.core.glossary.term_glosses`) where their label overlaps no
    other text."""
    import numpy as np

    ax = new_axes(ax, (8, 5.5))
    glosses = {normalize(k): v for k, v in (glosses or {}).items()}
    written = result["written"] if "written" in result.columns else result["ngram"]
    total = (result["count_a"] + result["count_b"]).to_numpy(dtype=float)
    zs = result["z"].to_numpy(dtype=float)
    side_a, side_b = zs >= z, zs <= -z
    rest = ~(side_a | side_b)
    ax.scatter(total[rest], zs[rest], s=6, color="#bdbdbd", label="no clear difference")
    ax.scatter(total[side_a], zs[side_a], s=12, color=PRO_COLOR, label=f"marks {names[0]}")
    ax.scatter(total[side_b], zs[side_b], s=12, color=ANTI_COLOR, label=f"marks {names[1]}")
    for level in (z, -z):
        ax.axhline(level, color="black", lw=0.6, ls="--")
    ax.set_xscale("log")
    ax.set_xlabel("uses in both groups (log scale)")
    ax.set_ylabel(f"z-score of the log-odds ratio\n({names[0]} > 0 > {names[1]})")
    ax.legend(fontsize=MIN_FONT_SIZE, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.margins(x=0.15, y=0.08)
    use_arabic_font(ax)
    strongest = []
    for mask, order in ((side_a, np.argsort(-zs, kind="stable")), (side_b, np.argsort(zs, kind="stable"))):
        strongest.append([int(i) for i in order if mask[i]][:label])
    # labels alternate between the sides, strongest first, so both sides get their top terms
    ranked = [i for pair in zip(*strongest) for i in pair]
    ranked += [i for side in strongest for i in side[min(map(len, strongest)) :]]
    texts = {i: term_label(written.iloc[i], _gloss(result["ngram"].iloc[i], glosses)) for i in ranked}
    # the Arabic prepared for this matplotlib, the gloss after it (as the naming chart writes them)
    drawn = {i: term_label(display_text(written.iloc[i]), _gloss(result["ngram"].iloc[i], glosses)) for i in ranked}
    points = [(total[i], zs[i], drawn[i]) for i in ranked]
    colours = [PRO_COLOR if zs[i] > 0 else ANTI_COLOR for i in ranked]
    placed = place_labels(ax, points, color=colours, arabic_family=arabic_font_family())
    use_arabic_font(ax)
    shown = [a.get_text() for a in ax.texts]
    top = {
        side: "; ".join(texts[i] for i in idx if drawn[i] in shown) or "none labelled"
        for side, idx in zip(names, strongest)
    }
    describe(
        ax,
        f"Scatter of {len(result)} n-grams: z-score of the log-odds ratio (y) against uses in both groups "
        f"(x, log scale). {int(side_a.sum())} mark {names[0]} (z >= {z}), strongest labelled: {top[names[0]]}. "
        f"{int(side_b.sum())} mark {names[1]} (z <= -{z}), strongest labelled: {top[names[1]]}. "
        f"{placed} of {len(ranked)} labels fit without overlapping.",
    )
    return ax
