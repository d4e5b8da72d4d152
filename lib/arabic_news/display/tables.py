"""Tables for notebooks and the report: one right-to-left HTML table, one concordance, one
side-by-side view. Every cell is HTML-escaped, mixed Arabic/English cells are isolated run by run
(:mod:`arabic_news.display.bidi`), numbers share one format; the plain-text form (what nbval
compares) shows the same cells."""

from __future__ import annotations

import html
import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..core.text import has_arabic
from .bidi import is_mixed, isolate_cell

if TYPE_CHECKING:
    import pandas as pd


#: what a missing value (NaN, None) shows in a table, explained in a note under it
MISSING = "—"


def _is_missing(value: object) -> bool:
    """Return True for None and NaN (pandas' NA included)."""
    try:
        return value is None or bool(value != value)
    except (TypeError, ValueError):  # pandas.NA compares to NA
        return True


def _is_number(value: object) -> bool:
    """Return True for ints and floats (numpy's included), not for booleans."""
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _decimals(value: float) -> int:
    """Return the decimals ``value`` needs to show three significant digits (at most 4, none from 1,000)."""
    if value == 0 or abs(value) >= 1000 or float(value).is_integer():
        return 0
    text = np.format_float_positional(abs(value), precision=3, unique=True, fractional=False, trim="-")
    return min(len(text.split(".")[1]) if "." in text else 0, 4)


def format_column(values: Sequence[object]) -> list[str]:
    """Return the cells of one column as text, in the one number format of the package's tables.

    Integers with a thousands separator from 10,000; floats of a column with the same number of
    decimals (enough for three significant digits, at most four, never an exponent); missing values
    as :data:`MISSING`; anything else as ``str``.
    """
    floats = [float(v) for v in values if _is_number(v) and not _is_missing(v) and not float(v).is_integer()]
    places = max((_decimals(v) for v in floats), default=0)
    out = []
    for v in values:
        if _is_missing(v):
            out.append(MISSING)
        elif _is_number(v):
            number = float(v)
            if places == 0 and number.is_integer():
                out.append(f"{int(number):,}" if abs(number) >= 10000 else str(int(number)))
            else:
                out.append(f"{number:,.{places}f}" if abs(number) >= 10000 else f"{number:.{places}f}")
        else:
            out.append(str(v))
    return out


def _shows_index(df: pd.DataFrame) -> bool:
    """Return False for an unnamed integer index (pandas' row numbers carry no information)."""
    import pandas as pd

    return not (df.index.name is None and df.index.nlevels == 1 and pd.api.types.is_integer_dtype(df.index))


def formatted(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with every column formatted by :func:`format_column` (and the index, when shown)."""
    import pandas as pd

    out = pd.DataFrame({c: format_column(list(df[c])) for c in df.columns}, columns=df.columns)
    out.index = pd.Index(format_column(list(df.index)), name=df.index.name) if _shows_index(df) else df.index
    return out


class RtlTable:
    """A table shown in notebooks as escaped HTML with Arabic cells right-to-left and mixed cells isolated.

    Numbers share one format (:func:`format_column`), a missing value shows as "—" with a note, pandas'
    row numbers are left out, and ``notes`` (column: explanation) are printed under the table. Its
    plain-text form (what regression runs compare) shows the same cells and notes.
    """

    def __init__(
        self,
        df: pd.DataFrame,
        caption: str | None = None,
        rtl_columns: Sequence[str] | None = None,
        direction: str = "ltr",
        notes: Mapping[str, str] | None = None,
        missing: str = "no value",
    ) -> None:
        self.df = df
        self.caption = caption
        self.direction = direction
        if rtl_columns is None:
            rtl_columns = [c for c in df.columns if df[c].map(lambda v: isinstance(v, str) and has_arabic(v)).any()]
        self.rtl_columns = set(rtl_columns)
        self.notes = dict(notes or {})
        self.missing = missing

    def footnotes(self) -> list[str]:
        """Return the notes printed under the table: column explanations, then the missing-value note."""
        lines = [f"{column}: {text}" for column, text in self.notes.items()]
        if self.df.isna().to_numpy().any():
            lines.append(f"{MISSING} {self.missing}")
        return lines

    def __repr__(self) -> str:
        body = formatted(self.df).to_string(index=_shows_index(self.df))
        return "\n".join(([self.caption] if self.caption else []) + [body] + self.footnotes())

    def _repr_html_(self) -> str:
        return rtl_table_html(
            self.df,
            caption=self.caption,
            rtl_columns=self.rtl_columns,
            direction=self.direction,
            notes=self.notes,
            missing=self.missing,
        )


def _cell(text: str, tag: str, rtl: bool, number: bool = False, in_rtl_table: bool = False) -> str:
    """Return one escaped table cell: Arabic right-to-left, mixed Arabic/English isolated run by run,
    and (in a right-to-left table) everything else left to right, so "004_ed29" is not shown "ed29_004"."""
    if has_arabic(text):
        inner, direction = isolate_cell(text)
        if direction == "rtl" and not rtl and not is_mixed(text):
            direction = ""  # an Arabic word outside the Arabic columns keeps the table's layout
        attrs = ' dir="rtl" style="text-align:right"' if direction == "rtl" else (' dir="ltr"' if direction else "")
        return f"<{tag}{attrs}>{inner}</{tag}>"
    ltr = in_rtl_table or (number and text.startswith("-"))  # the minus sign stays in front
    attrs = ' dir="ltr"' if ltr and text else ""
    return f"<{tag}{attrs}>{html.escape(text)}</{tag}>"


def rtl_table_html(
    df: pd.DataFrame,
    caption: str | None = None,
    rtl_columns: Iterable[str] = (),
    direction: str = "ltr",
    notes: Mapping[str, str] | None = None,
    missing: str = "no value",
) -> str:
    """Return an HTML table of ``df`` with every cell escaped, Arabic cells right-to-left and mixed cells
    isolated; with ``direction="rtl"`` the columns themselves run right to left (first column rightmost).
    Numbers share one format, missing values show as "—" and ``notes`` follow the table."""
    rtl = set(rtl_columns)
    show_index = _shows_index(df)
    cells = formatted(df)
    numeric = {c: df[c].map(_is_number).all() for c in df.columns}
    names = ([df.index.name or ""] if show_index else []) + [str(c) for c in df.columns]
    flip = direction == "rtl"
    head = "".join(_cell(c, "th", True, in_rtl_table=flip) for c in names)
    rows = []
    for (idx, row), (_, raw) in zip(cells.iterrows(), df.iterrows()):
        out = [_cell(str(idx), "th", True, in_rtl_table=flip)] if show_index else []
        out += [_cell(v, "td", c in rtl, numeric[c] and _is_number(raw[c]), flip) for c, v in row.items()]
        rows.append("<tr>" + "".join(out) + "</tr>")
    cap = f"<caption>{isolate_cell(caption, 'ltr')[0]}</caption>" if caption else ""  # English, Arabic isolated
    table_dir = ' dir="rtl"' if direction == "rtl" else ""
    notes_html = "".join(
        f"<li><code>{html.escape(str(column))}</code>: {html.escape(text)}</li>"
        for column, text in (notes or {}).items()
    )
    if df.isna().to_numpy().any():
        notes_html += f"<li>{MISSING} {html.escape(missing)}</li>"
    foot = f'<ul class="an-notes">{notes_html}</ul>' if notes_html else ""
    # a table wider than its column scrolls on its own (in JupyterLab and in the report), never the page
    return (
        '<div class="an-scroll" style="max-width:100%;overflow-x:auto">'
        f'<table class="arabic-news"{table_dir}>{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{foot}"
    )


def rtl_table(
    df: pd.DataFrame,
    caption: str | None = None,
    rtl_columns: Sequence[str] | None = None,
    notes: Mapping[str, str] | None = None,
    missing: str = "no value",
) -> RtlTable:
    """Return ``df`` wrapped for display: escaped HTML, Arabic cells right-to-left, mixed cells isolated,
    one number format, "—" for missing values (explained by ``missing``), ``notes`` on columns."""
    return RtlTable(df, caption=caption, rtl_columns=rtl_columns, notes=notes, missing=missing)


def concordance_table(
    concordance: pd.DataFrame, caption: str | None = None, notes: Mapping[str, str] | None = None
) -> RtlTable:
    """Return a concordance (before, keyword, after, ...) for display: the table runs right to
    left, so an Arabic reader meets *before*, then the keyword, then *after*."""
    rtl = [c for c in ("before", "keyword", "after", "term") if c in concordance.columns]
    return RtlTable(concordance, caption=caption, rtl_columns=rtl, direction="rtl", notes=notes)


class SideBySide:
    """Aligned sentences shown side by side, words that differ highlighted.

    In notebooks it renders as escaped right-to-left HTML with differing words in <mark>; its
    text form (what nbval compares) puts differing words in [brackets].
    """

    def __init__(self, pairs: Sequence[tuple[str, str, str, str]]) -> None:
        self.pairs = list(pairs)  # (label_a, text_a, label_b, text_b)

    @staticmethod
    def _marked(pieces: Sequence[tuple[str, str, bool]], html_out: bool) -> str:
        """Return the text of ``pieces`` (from :func:`~arabic_news.analyses.alignment.word_diff`)
        with the words not shared marked."""
        esc = html.escape if html_out else (lambda x: x)
        out = []
        for gap, word, shared in pieces:
            out.append(esc(gap))
            if word:
                out.append(esc(word) if shared else (f"<mark>{esc(word)}</mark>" if html_out else f"[{word}]"))
        return "".join(out)

    def _rows(self, html_out: bool) -> list[tuple[str, str, str, str]]:
        """Return (label_a, marked a, label_b, marked b) per pair."""
        from ..analyses.alignment import word_diff

        rows = []
        for la, ta, lb, tb in self.pairs:
            pa, pb = word_diff(ta, tb)
            rows.append((la, self._marked(pa, html_out), lb, self._marked(pb, html_out)))
        return rows

    def __repr__(self) -> str:
        lines = []
        for la, ma, lb, mb in self._rows(html_out=False):
            lines += [f"{la}: {ma}", f"{lb}: {mb}", ""]
        return "\n".join(lines).rstrip()

    def _repr_html_(self) -> str:
        rows = []
        for la, ma, lb, mb in self._rows(html_out=True):
            rows.append(
                f"<tr><th>{html.escape(la)}</th><th>{html.escape(lb)}</th></tr>"
                f'<tr><td dir="rtl" style="text-align:right;vertical-align:top">{ma}</td>'
                f'<td dir="rtl" style="text-align:right;vertical-align:top">{mb}</td></tr>'
            )
        return '<table class="arabic-news side-by-side">' + "".join(rows) + "</table>"


def side_by_side(pairs: pd.DataFrame | Sequence[tuple[str, str, str, str]]) -> SideBySide:
    """Return aligned sentence pairs (rows of :func:`~arabic_news.analyses.alignment.align_sentences`,
    or label/text tuples) ready to display side by side with their differing words highlighted."""
    if hasattr(pairs, "itertuples"):
        items = [(f"{r.doc_a} #{r.sent_a}", r.text_a, f"{r.doc_b} #{r.sent_b}", r.text_b) for r in pairs.itertuples()]
    else:
        items = [tuple(p) for p in pairs]
    return SideBySide(items)  # type: ignore[arg-type]


#: the placeholders that stand for readers' words in the tables of the notebooks
READER_NAME, READER_WORDS = "[a reader's name]", "[reader comment, {n} words]"


def anonymize_comments(report: pd.DataFrame, column: str = "text") -> pd.DataFrame:
    """Return a removal report (:func:`~arabic_news.analyses.cleaning.removal_report`) whose reader
    comments show no reader's name or words: a name line (or a line of at most three words) becomes
    "[a reader's name]", a comment its relative time (منذ 7 ساعات, "7 hours ago", the evidence of the
    rule) and "[reader comment, N words]". Other rows are unchanged; the raw data never is."""
    import re

    from ..analyses.cleaning import is_user_name_line, relative_time
    from ..core.text import count_words

    def hidden(text: str) -> str:
        starts, _glued = relative_time(text)
        if starts:
            m = re.match(r"\s*منذ\s*[\d٠-٩]*\s*", text)
            rest = text[m.end() :] if m else text
            unit = next((u for u in _TIME_WORDS if rest.startswith(u)), "")
            words = count_words(rest[len(unit) :])
            return text[: m.end() if m else 0] + unit + (" " + READER_WORDS.format(n=words) if words else "")
        if is_user_name_line(text) or count_words(text) <= 3:
            return READER_NAME
        return READER_WORDS.format(n=count_words(text))

    out = report.copy()
    comments = out["reason"] == "reader comment"
    out.loc[comments, column] = out.loc[comments, column].map(hidden)
    return out


#: relative-time units as written after منذ, longest first (their normalized forms are
#: :mod:`arabic_news.analyses.cleaning`'s)
_TIME_WORDS = sorted(
    [
        "ثانية",
        "ثوان",
        "دقيقة",
        "دقيقتين",
        "دقائق",
        "ساعة",
        "ساعتين",
        "ساعات",
        "يوم",
        "يومين",
        "أيام",
        "ايام",
        "أسبوع",
        "اسبوع",
        "أسبوعين",
        "أسابيع",
        "شهر",
        "شهرين",
        "أشهر",
        "سنة",
        "سنتين",
        "سنوات",
    ],
    key=len,
    reverse=True,
)
