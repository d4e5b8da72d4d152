"""Drawing Arabic correctly in charts: the one place that decides how matplotlib gets Arabic text.

matplotlib 3.11 and later shape Arabic and apply the bidirectional algorithm themselves (through
libraqm). Older versions draw the characters one by one, left to right, unjoined, so they need the
text reshaped into presentation forms and reordered first (``arabic_reshaper`` + ``python-bidi``).
Doing that on 3.11+ reverses the text a second time. :func:`display_text` is the one place that
decides, by capability: the ``text.language`` rcParam exists exactly when matplotlib shapes text.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..core.text import ARABIC_SCRIPT_RE, has_arabic
from .figures import describe

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

#: the face of Arabic text in charts and in the report: Noto Sans Arabic covers the Arabic, Arabic
#: Supplement and presentation-form blocks (ٱ included); installed by the pinned pip package
#: ``fontpkg-noto-sans-arabic`` (the unmodified Google Fonts file, OFL)
ARABIC_FONT = "Noto Sans Arabic"
#: the face of everything else (Latin, transliterations, arrows): it ships with matplotlib
LATIN_FONT = "DejaVu Sans"

T = TypeVar("T")


@cache
def arabic_font_path() -> Path:
    """Return the file of :data:`ARABIC_FONT` (from the ``fontpkg_noto_sans_arabic`` package)."""
    from importlib.resources import files

    folder = Path(str(files("fontpkg_noto_sans_arabic") / "files"))
    return sorted(folder.glob("NotoSansArabic*.ttf"))[0]


@cache
def register_fonts() -> None:
    """Make :data:`ARABIC_FONT` known to matplotlib (once per process)."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(arabic_font_path()))


@cache
def _static_arabic_font() -> object:
    """Return :data:`ARABIC_FONT` as a fontTools font at its regular instance (weight 400)."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(str(arabic_font_path()))
    if "fvar" in font:
        axes = {a.axisTag: a.defaultValue for a in font["fvar"].axes}
        font = instancer.instantiateVariableFont(font, axes)
    return font


def embedded_font_css(text: str, family: str = ARABIC_FONT) -> str:
    """Return a CSS ``@font-face`` rule that embeds (as a data URL, nothing is fetched) the glyphs of
    :data:`ARABIC_FONT` needed for the Arabic characters of ``text``, limited to the Arabic blocks."""
    import base64
    import copy
    import io

    from fontTools import subset

    chars = "".join(sorted(set(ARABIC_SCRIPT_RE.findall(text)))) or "ا"
    font = copy.deepcopy(_static_arabic_font())
    options = subset.Options()
    options.layout_features = ["*"]  # joining forms, ligatures and mark positioning
    options.flavor = "woff"
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f"@font-face {{ font-family: '{family}'; src: url(data:font/woff;base64,{data}) format('woff'); "
        "unicode-range: U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF; }"
    )


def use_arabic_font(artist: T) -> T:
    """Return ``artist`` (axes or figure) after giving every text holding Arabic the Arabic face.

    matplotlib draws one text with one font (no fallback when it shapes text itself), so a label
    holding Arabic is drawn entirely with :data:`ARABIC_FONT` (which also has basic Latin for
    glosses) and everything else with :data:`LATIN_FONT`. Every chart function ends with this call.
    """
    from matplotlib.text import Text

    register_fonts()
    family = arabic_font_family()
    figure = getattr(artist, "figure", None) or artist
    for ax in figure.axes:  # type: ignore[attr-defined]
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            # tick labels are formatted lazily: format them now, and give the whole axis the face
            if any(ARABIC_SCRIPT_RE.search(t.get_text()) for t in axis.get_majorticklabels()):
                ax.tick_params(axis=name, which="both", labelfontfamily=family)
    for text in figure.findobj(Text):  # type: ignore[attr-defined]
        if ARABIC_SCRIPT_RE.search(text.get_text()):
            text.set_fontfamily(family)
    return artist


def arabic_font_family() -> list[str]:
    """Return the font list of Arabic chart text: :data:`ARABIC_FONT` where matplotlib shapes text
    itself (3.11+: one font per text, no fallback); before, the reshaped presentation forms are drawn
    glyph by glyph with :data:`LATIN_FONT`, whose forms match its own shaping, falling back glyph by
    glyph (as matplotlib then does) to :data:`ARABIC_FONT` for what it lacks (ٱ)."""
    return [ARABIC_FONT] if matplotlib_shapes_text() else [LATIN_FONT, ARABIC_FONT]


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


def new_axes(ax: Axes | None = None, size: tuple[float, float] = (8, 4.5)) -> Axes:
    """Return ``ax``, or the axes of a new figure of ``size`` inches (every chart takes ``ax=None``)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=size)[1]


def display_labels(labels: Iterable[str]) -> list[str]:
    """Return :func:`display_text` applied to every label."""
    return [display_text(str(label)) for label in labels]


def plot_rendering_pitfall(label: str, ax: Axes | None = None) -> Axes:
    """Draw ``label`` twice, as :func:`display_text` prepares it and with the other path's
    preparation (double-reversed on matplotlib 3.11+, unjoined and backwards before); return the axes."""
    ax = new_axes(ax, (8, 2.4))
    native = matplotlib_shapes_text()
    right = display_text(label)
    wrong = display_text(label, shaping=not native)
    ax.text(0.0, 0.92, "correct: display_text(label)", fontsize=9, transform=ax.transAxes)
    ax.text(1.0, 0.62, right, fontsize=18, ha="right", transform=ax.transAxes)
    ax.text(
        0.0,
        0.42,
        "wrong: the other matplotlib version's preparation",
        fontsize=9,
        color="firebrick",
        transform=ax.transAxes,
    )
    ax.text(1.0, 0.12, wrong, fontsize=18, ha="right", color="firebrick", transform=ax.transAxes)
    ax.set_axis_off()
    describe(
        ax,
        f"The label «{label}» drawn twice: on top as display_text prepares it for this matplotlib (joined letters, "
        "read from right to left); below, in red, with the other matplotlib version's preparation, which draws "
        "it backwards.",
    )
    return use_arabic_font(ax)


def rendering_inputs(label: str) -> pd.DataFrame:
    """Return the first characters handed to matplotlib on each path, with their Unicode names."""
    import unicodedata

    import pandas as pd

    native = matplotlib_shapes_text()
    rows = []
    for name, text in (("correct", display_text(label)), ("wrong", display_text(label, shaping=not native))):
        for pos, ch in enumerate(text[:4]):
            rows.append(
                {
                    "path": name,
                    "position": pos,
                    "character": ch,
                    "unicode name": unicodedata.name(ch, f"U+{ord(ch):04X}"),
                }
            )
    return pd.DataFrame(rows)
