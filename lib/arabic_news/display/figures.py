"""What every chart of the package promises besides its data: a description (the alt text of its
image in the report), text that does not overlap, and letters large enough to read at report width.

* :func:`describe` attaches to an axes a sentence saying what the chart shows; :func:`alt_text`
  composes a figure's alt text from its titles and descriptions when the figure is displayed
  (:func:`arabic_news.display.notebook.setup_notebook` puts it in the image's output metadata, which
  the report writes into ``<img alt>``).
* :func:`place_labels` writes point labels where they overlap no other text (or leaves them out and
  says how many), :func:`overlapping_texts` finds any two texts of a drawn figure that overlap (the
  chart tests call it on every chart).
* :func:`annotate_cells` writes each cell's value on a heatmap, in a colour readable on its shade.
* :data:`MIN_FONT_SIZE`: the smallest text of any chart, in points. A chart is at most
  :data:`MAX_WIDTH` inches wide, so at the report's width (about 1,000 pixels for 100 dpi figures)
  nothing is scaled below about 11 pixels.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

#: the smallest font size (points) of any text in a chart
MIN_FONT_SIZE = 8.0
#: the widest chart (inches); 100 dpi figures stay within the report's column
MAX_WIDTH = 10.0
_DESCRIPTION = "_arabic_news_description"


def annotate_cells(ax: Axes, values, fmt: str, peak: float) -> None:
    """Write each cell of the 2-D array ``values`` (as drawn by ``imshow``) at its centre with
    ``fmt``, white on cells darker than 60 % of ``peak`` and black elsewhere."""
    for (row, col), value in np.ndenumerate(values):
        ax.text(
            col,
            row,
            format(value, fmt),
            ha="center",
            va="center",
            fontsize=MIN_FONT_SIZE,
            color="white" if value > 0.6 * peak else "black",
        )


def describe(ax: Axes, text: str) -> Axes:
    """Return ``ax`` after attaching ``text``, a sentence saying what the chart shows (its alt text)."""
    setattr(ax, _DESCRIPTION, " ".join(text.split()))
    return ax


def alt_text(fig: Figure) -> str:
    """Return the alt text of ``fig``: per axes, its title and the description of :func:`describe`
    (or, for a chart without one, its axis labels), so the text follows titles set after drawing."""
    parts = []
    for ax in fig.axes:
        title = " ".join(t for t in (ax.get_title("left"), ax.get_title(), ax.get_title("right")) if t)
        description = getattr(ax, _DESCRIPTION, "")
        if not description:
            if not (title or ax.get_xlabel() or ax.get_ylabel()) or ax.get_label() == "<colorbar>":
                continue  # a colour bar or an empty panel: described by the chart it belongs to
            axes = "; ".join(f"{n}: {label}" for n, label in (("x", ax.get_xlabel()), ("y", ax.get_ylabel())) if label)
            description = f"A chart ({axes})." if axes else "A chart."
        parts.append(f"{title}. {description}" if title else description)
    return " ".join(parts) or "A chart."


def text_artists(fig: Figure) -> list[Text]:
    """Return the visible, non-empty texts of ``fig`` as drawn last: titles, axis labels, the tick
    labels in view, annotations, legends and figure texts."""
    texts: list[Text] = list(fig.texts)
    if getattr(fig, "_suptitle", None) is not None:
        texts.append(fig._suptitle)
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        texts += [ax.xaxis.offsetText, ax.yaxis.offsetText]
        for axis in (ax.xaxis, ax.yaxis):
            texts += [label for tick in axis._update_ticks() for label in (tick.label1, tick.label2)]  # in view
        texts += ax.texts
        legend = ax.get_legend()
        if legend is not None:
            texts += [legend.get_title(), *legend.get_texts()]
    for legend in fig.legends:
        texts += [legend.get_title(), *legend.get_texts()]
    seen, out = set(), []
    for text in texts:
        if id(text) not in seen and text.get_visible() and text.get_text().strip():
            seen.add(id(text))
            out.append(text)
    return out


def _renderer(fig: Figure):
    """Return the renderer of ``fig`` (a figure made with ``Figure()``, outside pyplot, is given an
    Agg canvas, the one ``savefig`` would use)."""
    get = getattr(fig.canvas, "get_renderer", None)
    if get is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        get = FigureCanvasAgg(fig).get_renderer
    return get()


def _drawn_boxes(fig: Figure) -> list[tuple[Text, object]]:
    """Return (text, window extent) of the texts of ``fig``, measured after drawing it."""
    renderer = _renderer(fig)
    fig.draw(renderer)
    boxes = [(text, text.get_window_extent(renderer)) for text in text_artists(fig)]
    return [(text, box) for text, box in boxes if box.width > 0 and box.height > 0]


def overlapping_texts(fig: Figure, tolerance: float = 1.0) -> list[tuple[str, str]]:
    """Return the pairs of texts of the drawn ``fig`` whose boxes overlap by more than ``tolerance``
    pixels in both directions (an empty list for a legible chart)."""
    boxes = _drawn_boxes(fig)
    found = []
    for i, (text_a, a) in enumerate(boxes):
        for text_b, b in boxes[i + 1 :]:
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if dx > tolerance and dy > tolerance:
                found.append((text_a.get_text(), text_b.get_text()))
    return found


def small_texts(fig: Figure, minimum: float = MIN_FONT_SIZE) -> list[tuple[str, float]]:
    """Return (text, size in points) for every text of ``fig`` smaller than ``minimum``."""
    return [(t.get_text(), t.get_fontsize()) for t in text_artists(fig) if t.get_fontsize() < minimum - 1e-9]


#: where a point's label may go, tried in order: offsets in points from the point (x, y) with the
#: label's alignment
_SPOTS = (
    (4, 0, "left", "center"),
    (-4, 0, "right", "center"),
    (0, 5, "center", "bottom"),
    (0, -5, "center", "top"),
    (4, 7, "left", "bottom"),
    (-4, 7, "right", "bottom"),
    (4, -7, "left", "top"),
    (-4, -7, "right", "top"),
    (10, 14, "left", "bottom"),
    (-10, 14, "right", "bottom"),
    (10, -14, "left", "top"),
    (-10, -14, "right", "top"),
    (0, 16, "center", "bottom"),
    (0, -16, "center", "top"),
    (14, 22, "left", "bottom"),
    (-14, 22, "right", "bottom"),
    (14, -22, "left", "top"),
    (-14, -22, "right", "top"),
)


def place_labels(
    ax: Axes,
    points: Sequence[tuple[float, float, str]],
    fontsize: float = MIN_FONT_SIZE,
    color: str | Iterable[str] = "black",
    avoid_points: bool = True,
    arabic_family: Sequence[str] | None = None,
) -> int:
    """Label ``points`` (x, y, text in data coordinates), most important first, each where its box
    overlaps no text already drawn, no other label, (``avoid_points``) no other labelled point and,
    where it can, no reference line (axhline, axvline; a label that must cross one is drawn on white,
    so the line does not strike through it); a label that fits nowhere is left out. Return
    the number of labels placed. Labels holding Arabic
    are measured and drawn in ``arabic_family`` (the face :func:`~arabic_news.display.rendering.use_arabic_font`
    gives them).

    The figure is drawn once to measure text; labels are offset in points, so they keep their
    place relative to their point when the figure is saved with a tight bounding box.
    """
    from matplotlib.transforms import Bbox

    from ..core.text import ARABIC_SCRIPT_RE

    fig = ax.figure
    renderer = _renderer(fig)
    fig.draw(renderer)
    taken = [box for _t, box in _drawn_boxes(fig)]
    axes_box = ax.get_window_extent(renderer)
    colors = [color] * len(points) if isinstance(color, str) else list(color)
    # straight reference lines (axhline, axvline) are obstacles too: a label is not drawn across one
    lines = [
        line.get_window_extent(renderer).padded(2)
        for line in ax.lines
        if len(line.get_xdata()) == 2 and (len(set(line.get_xdata())) == 1 or len(set(line.get_ydata())) == 1)
    ]
    marks = []
    if avoid_points:
        for x, y, _label in points:
            px, py = ax.transData.transform((x, y))
            marks.append(Bbox.from_extents(px - 3, py - 3, px + 3, py + 3))
    scale = fig.dpi / 72.0
    done: set[int] = set()
    # every label first where it crosses no reference line; those left, where they cross one
    for avoid_lines in (True, False):
        for i, (x, y, label) in enumerate(points):
            if i in done:
                continue
            for dx, dy, ha, va in _SPOTS:
                text = ax.annotate(
                    label,
                    (x, y),
                    xytext=(dx, dy),
                    textcoords="offset points",
                    fontsize=fontsize,
                    ha=ha,
                    va=va,
                    color=colors[i],
                )
                if arabic_family and ARABIC_SCRIPT_RE.search(label):
                    text.set_fontfamily(list(arabic_family))  # measured in the face it is drawn with
                if not avoid_lines:  # a label that must cross a reference line hides the line under it
                    text.set_bbox({"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
                box = text.get_window_extent(renderer)
                inside = axes_box.x0 - 2 <= box.x0 and box.x1 <= axes_box.x1 + 2
                inside = inside and axes_box.y0 - 2 <= box.y0 and box.y1 <= axes_box.y1 + 2
                clear = inside and not any(box.overlaps(other) for other in taken)
                clear = clear and not any(box.overlaps(m) for j, m in enumerate(marks) if j != i)
                clear = clear and not (avoid_lines and any(box.overlaps(line) for line in lines))
                if clear:
                    taken.append(box.padded(1.5 * scale))
                    done.add(i)
                    break
                text.remove()
    placed = len(done)
    return placed
