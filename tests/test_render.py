"""Arabic in charts: the glyphs matplotlib draws are compared with an independent shaper.

This file runs twice under `make test`: in .venv (pinned matplotlib, which shapes Arabic itself)
and in .venv-mpl310 (matplotlib 3.10, which needs reshaping and reordering). nbval does not
compare images, so these tests are what protects the direction of chart text.
"""

import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib import _text_helpers, font_manager
from matplotlib.ft2font import FT2Font

from arabic_news import NormalizeOptions, display_text, normalize, rtl_table, setup_notebook
from arabic_news.display.rendering import (
    ARABIC_FONT,
    arabic_font_family,
    arabic_font_path,
    display_labels,
    matplotlib_shapes_text,
    use_arabic_font,
)

# Pure right-to-left labels: HarfBuzz shapes one direction per buffer and does no bidi, so mixed
# Arabic/Latin labels are checked by the figure test instead.
LABELS = [
    "قائد الجيش الوطني الليبي خليفة حفتر",
    "الجنرال الانقلابي",
    "حكومة الوفاق المعترف بها دولياً",  # with tanwin (a diacritic)
    "هل انتهت الحرب؟ لا، لم تنته",  # lam-alef ligature, Arabic punctuation
]

setup_notebook()  # registers the Arabic face with matplotlib
# the face that draws Arabic on this matplotlib: Noto Sans Arabic (3.11+), DejaVu Sans's forms before
FONT_PATH = font_manager.findfont(arabic_font_family()[0], fallback_to_default=False)


def _canonical_ids(font: FT2Font) -> dict[int, int]:
    """Map the glyph of each isolated presentation form (U+FExx <isolated>) to the glyph of its base
    letter: the same shape, reached by a shaper through the base letter and by the reshaping path
    through the presentation form."""
    import unicodedata

    cmap = font.get_charmap()
    canonical = {}
    for cp, glyph in cmap.items():
        decomposition = unicodedata.decomposition(chr(cp)).split()
        if decomposition[:1] == ["<isolated>"] and len(decomposition) == 2:
            base = int(decomposition[1], 16)
            if base in cmap:
                canonical[glyph] = cmap[base]
    return canonical


def drawn_glyphs(text: str) -> list[int]:
    """Return the glyphs matplotlib lays out for ``text``, left to right as drawn."""
    font = FT2Font(FONT_PATH)
    items = list(_text_helpers.layout(text, font))
    ids = [getattr(it, "glyph_index", None) or getattr(it, "glyph_idx", 0) for it in items]
    assert 0 not in ids, f"missing glyph in {text!r}"
    canonical = _canonical_ids(font)
    return [canonical.get(g, g) for g in ids]


def reference_glyphs(text: str) -> list[int]:
    """Return the glyphs HarfBuzz shapes for logical ``text``, in visual (left-to-right) order."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(FONT_PATH))
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(hb.Font(face), buf, {})
    ids = [info.codepoint for info in buf.glyph_infos]
    assert 0 not in ids
    return ids


def test_capability_is_detected_from_the_rcparam():
    assert matplotlib_shapes_text() == ("text.language" in matplotlib.rcParams)
    major, minor = (int(x) for x in matplotlib.__version__.split(".")[:2])
    assert matplotlib_shapes_text() == ((major, minor) >= (3, 11))


@pytest.mark.parametrize("label", LABELS)
def test_drawn_label_matches_independent_shaper(label):
    if not matplotlib_shapes_text():
        # the reshaping path (arabic_reshaper's default) drops diacritics: the letters must
        # still be the right ones in the right order
        label = normalize(
            label, NormalizeOptions(**{f: f == "diacritics" for f in NormalizeOptions.__dataclass_fields__})
        )
    assert drawn_glyphs(display_text(label)) == reference_glyphs(label)


@pytest.mark.parametrize("label", LABELS[:3])
def test_the_wrong_path_would_be_caught(label):
    wrong = display_text(label, shaping=not matplotlib_shapes_text())
    assert drawn_glyphs(wrong) != reference_glyphs(label)


def test_a_real_figure_draws_arabic_without_missing_glyphs():
    import matplotlib.pyplot as plt

    setup_notebook()
    fig, ax = plt.subplots()
    ax.barh(display_labels(LABELS[:2] + ["مليشيات حفتر (2019)", "ٱلله"]), [1, 2, 3, 4])
    ax.set_title(display_text("تسمية حفتر"))
    ax.set_xlabel("ḥukūma → ≥ ± ʿ")  # Latin text keeps the Latin face
    use_arabic_font(ax)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" becomes an error
        fig.canvas.draw()
    image = np.asarray(fig.canvas.buffer_rgba())
    plt.close(fig)
    assert (image[..., :3] < 128).any()  # something dark was drawn


def test_the_chart_font_is_the_packaged_arabic_face():
    assert ARABIC_FONT == "Noto Sans Arabic"
    if matplotlib_shapes_text():
        assert str(arabic_font_path()) == FONT_PATH
    else:
        assert arabic_font_family() == ["DejaVu Sans", ARABIC_FONT]


def test_display_text_leaves_latin_alone_on_both_paths():
    for shaping in (True, False):
        assert display_text("LNA 2019", shaping=shaping) == "LNA 2019"


def test_old_path_reshapes_and_reorders():
    shaped = display_text("حفتر", shaping=False)
    assert shaped == "\ufeae\ufe98\ufed4\ufea3"  # final reh, medial teh, medial feh, initial hah
    assert display_text("حفتر", shaping=True) == "حفتر"


def test_rtl_table_escapes_markup_and_marks_arabic_cells():
    import pandas as pd

    df = pd.DataFrame({"term": ["<script>alert(1)</script> حفتر"], "count": [3]})
    html = rtl_table(df, caption="<b>x</b>")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    # a mixed cell: left to right (more Latin letters), its Arabic run isolated
    assert '<td dir="ltr">&lt;script&gt;alert(1)&lt;/script&gt; <bdi>حفتر</bdi></td>' in html
    assert "<td>3</td>" in html
    # the text form (what nbval compares) shows the same cells, without pandas' row numbers
    assert [line.split() for line in repr(rtl_table(df)).splitlines()] == [
        ["term", "count"],
        ["<script>alert(1)</script>", "حفتر", "3"],
    ]


def test_negative_numbers_keep_their_sign_in_front_inside_rtl_tables():
    import numpy as np
    import pandas as pd

    df = pd.DataFrame({"keyword": ["مليشيات حفتر"], "polarity": [np.int64(-1)], "score": [0.5]})
    html = rtl_table(df)._repr_html_()
    assert '<td dir="ltr">-1</td>' in html
    assert "<td>0.5</td>" in html
