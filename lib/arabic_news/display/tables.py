"""Tables for notebooks and the report: one right-to-left HTML table, one concordance, one
side-by-side view. Every cell is HTML-escaped; the plain-text form (what nbval compares) is the
DataFrame's."""

from __future__ import annotations

import html
import numbers
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..core.text import has_arabic

if TYPE_CHECKING:
    import pandas as pd


class RtlTable:
    """A table shown in notebooks as escaped HTML with Arabic cells right-to-left.

    Its plain-text form is the DataFrame's, so regression runs compare the numbers.
    """

    def __init__(
        self,
        df: pd.DataFrame,
        caption: str | None = None,
        rtl_columns: Sequence[str] | None = None,
        direction: str = "ltr",
    ) -> None:
        self.df = df
        self.caption = caption
        self.direction = direction
        if rtl_columns is None:
            rtl_columns = [c for c in df.columns if df[c].map(lambda v: isinstance(v, str) and has_arabic(v)).any()]
        self.rtl_columns = set(rtl_columns)

    def __repr__(self) -> str:
        return (f"{self.caption}\n" if self.caption else "") + self.df.to_string()

    def _repr_html_(self) -> str:
        return rtl_table_html(self.df, caption=self.caption, rtl_columns=self.rtl_columns, direction=self.direction)


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


def rtl_table_html(
    df: pd.DataFrame, caption: str | None = None, rtl_columns: Iterable[str] = (), direction: str = "ltr"
) -> str:
    """Return an HTML table of ``df`` with every cell escaped and Arabic cells right-to-left;
    with ``direction="rtl"`` the columns themselves run right to left (first column rightmost)."""
    rtl = set(rtl_columns)
    head = "".join(_cell(c, "th", has_arabic(str(c))) for c in [df.index.name or ""] + list(df.columns))
    rows = []
    for idx, row in df.iterrows():
        cells = [_cell(idx, "th", True)] + [_cell(v, "td", c in rtl) for c, v in row.items()]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    table_dir = ' dir="rtl"' if direction == "rtl" else ""
    return (
        f'<table class="arabic-news"{table_dir}>{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def rtl_table(df: pd.DataFrame, caption: str | None = None, rtl_columns: Sequence[str] | None = None) -> RtlTable:
    """Return ``df`` wrapped for display: escaped HTML, Arabic cells right-to-left."""
    return RtlTable(df, caption=caption, rtl_columns=rtl_columns)


def concordance_table(concordance: pd.DataFrame, caption: str | None = None) -> RtlTable:
    """Return a concordance (before, keyword, after, ...) for display: the table runs right to
    left, so an Arabic reader meets *before*, then the keyword, then *after*."""
    rtl = [c for c in ("before", "keyword", "after", "term") if c in concordance.columns]
    return RtlTable(concordance, caption=caption, rtl_columns=rtl, direction="rtl")


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
