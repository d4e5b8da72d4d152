"""Bidirectional isolation: Arabic inside English (and English inside Arabic) shown in the right order.

The Unicode bidirectional algorithm lets neutral characters (spaces, brackets, arrows, quotes) and
numbers next to an Arabic word join the Arabic run. In an English sentence "ة → ه" then displays as
"ه → ة", and "حفتر (Haftar) x3" inside an Arabic cell scatters its parentheses. The cure is an
*isolate* around each run of the other script (``<bdi>`` in HTML and Markdown): the run is laid out on
its own, and the text around it keeps its direction. Examples of a change are written
``<bdi>A</bdi> → <bdi>B</bdi>`` in a left-to-right context, so the arrow points from A to B.

One set of rules serves the notebooks' Markdown (:func:`unisolated_runs` finds what is missing,
:func:`isolate_markdown` inserts it) and the HTML tables (:func:`isolate_cell`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..core.text import ARABIC_OR_FORMS_RE

#: an Arabic letter, mark, tatweel or Arabic-Indic digit (what starts and ends an Arabic run; the
#: letters alone are :data:`~arabic_news.core.text.ARABIC_OR_FORMS_RE`)
_AR = (
    r"\u0610-\u061A\u0620-\u065F\u066E-\u06D3\u06D5-\u06FF\u0660-\u0669"
    r"\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC"
)
#: what may stand between two Arabic letters of one run: spaces (a single line break, as Markdown
#: wraps lines), digits, Arabic punctuation, quotes, dash, full stop and ellipsis; a slash only between
#: two letters (أغسطس/آب is one run, "أخبارمصر / مصر" two)
_JOIN = r"0-9\u060C\u061B\u061F\u066A-\u066D \u00a0\t\"'«»“”‘’\-–.…:"
ARABIC_RUN_RE = re.compile(rf"[{_AR}](?:(?:[{_JOIN}]|(?<=[{_AR}])/(?=[{_AR}])|\n(?![ \t]*\n))*[{_AR}])*[0-9]*")
#: a Latin run: from a Latin letter (or an opening bracket before one) to a Latin letter, digit or
#: closing bracket, with spaces and ASCII punctuation (markup such as <b>x</b> stays one run)
_LATIN = r"A-Za-z\u00C0-\u024F\u1E00-\u1EFF"
LATIN_RUN_RE = re.compile(rf"(?:[<(\[]*[{_LATIN}])(?:[{_LATIN}0-9 '’.,&;:=/<>()\[\]!?\-_*]*[{_LATIN}0-9>)\]])?")
_LATIN_LETTER_RE = re.compile(rf"[{_LATIN}]")
#: arrows whose direction a right-to-left layout would turn around
ARROWS = "→←⟶⇒"
_PAIRS = {'"': '"', "«": "»", "“": "”", "(": ")", "‘": "’"}

# Markdown that must not be touched: fenced code, inline code, existing isolates, HTML tags, link targets
_PROTECTED_RE = re.compile(
    r"(?P<fence>^[ \t]*```.*?^[ \t]*```[ \t]*$)"
    r"|(?P<code>`[^`\n]*`)"
    r"|(?P<bdi><bdi\b[^>]*>.*?</bdi>)"
    r"|(?P<tag></?[A-Za-z][^<>]*>)"
    r"|(?P<link>\]\([^)\s]*\))",
    re.M | re.S,
)


@dataclass(frozen=True)
class Run:
    """A run of one script that needs an isolate: its text and offsets in the source."""

    text: str
    start: int
    end: int


def _balanced(run: str, source: str, end: int) -> int:
    """Return ``end`` moved past closing quotes or brackets that the run opened (``لـ"العربي الجديد"``)."""
    for opening, closing in _PAIRS.items():
        unclosed = run.count(opening) % 2 if opening == closing else run.count(opening) - run.count(closing)
        if unclosed > 0 and source[end : end + 1] == closing:
            return end + 1
    return end


def _arabic_runs(text: str) -> list[Run]:
    """Return the Arabic runs of ``text`` (each extended over a closing quote or bracket it opened)."""
    runs = []
    for m in ARABIC_RUN_RE.finditer(text):
        end = _balanced(m.group(), text, m.end())
        runs.append(Run(text[m.start() : end], m.start(), end))
    return runs


def _unprotected_spans(source: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of ``source`` outside code, isolates, tags and link targets."""
    spans, pos = [], 0
    for m in _PROTECTED_RE.finditer(source):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(source)))
    return [(a, b) for a, b in spans if b > a]


def unisolated_runs(markdown: str) -> list[Run]:
    """Return the Arabic runs of left-to-right Markdown that are not inside ``<bdi>`` (code excluded)."""
    found = []
    for a, b in _unprotected_spans(markdown):
        found += [Run(r.text, r.start + a, r.end + a) for r in _arabic_runs(markdown[a:b])]
    return found


def arabic_in_code(markdown: str) -> list[str]:
    """Return the inline code spans of ``markdown`` that hold Arabic (code cannot hold an isolate)."""
    return [
        m.group("code") for m in _PROTECTED_RE.finditer(markdown) if m.group("code") and ARABIC_RUN_RE.search(m.group())
    ]


def isolate_markdown(markdown: str) -> str:
    """Return ``markdown`` with every Arabic run outside code and existing isolates wrapped in ``<bdi>``.

    Idempotent: isolated runs are left alone. Inline code that holds Arabic becomes
    ``<code><bdi>…</bdi></code>`` (Markdown cannot put a tag inside backticks).
    """
    out, pos = [], 0
    for m in _PROTECTED_RE.finditer(markdown):
        out.append(_isolate_plain(markdown[pos : m.start()]))
        code = m.group("code")
        if code and ARABIC_RUN_RE.search(code):
            out.append(f"<code>{_isolate_plain(html.escape(code[1:-1], quote=False))}</code>")
        else:
            out.append(m.group())
        pos = m.end()
    out.append(_isolate_plain(markdown[pos:]))
    return "".join(out)


def _isolate_plain(text: str) -> str:
    """Return ``text`` (no code, no tags) with its Arabic runs wrapped in ``<bdi>``."""
    out, pos = [], 0
    for r in _arabic_runs(text):
        out += [text[pos : r.start], f"<bdi>{r.text}</bdi>"]
        pos = r.end
    out.append(text[pos:])
    return "".join(out)


def is_mixed(text: str) -> bool:
    """Return True when ``text`` holds Arabic together with Latin letters or an arrow."""
    return bool(ARABIC_OR_FORMS_RE.search(text)) and (
        bool(_LATIN_LETTER_RE.search(text)) or any(a in text for a in ARROWS)
    )


def base_direction(text: str) -> str:
    """Return "rtl" or "ltr": the direction of a cell, from its first strong letter (as ``dir="auto"``
    decides), except that a cell with an arrow is left to right (the arrow points from A to B)."""
    if any(a in text for a in ARROWS):
        return "ltr"
    arabic, latin = ARABIC_OR_FORMS_RE.search(text), _LATIN_LETTER_RE.search(text)
    if arabic and (not latin or arabic.start() < latin.start()):
        return "rtl"
    return "ltr"


#: what separates two Arabic units of a left-to-right cell: an arrow, a slash between spaces or a Latin
#: comma (the items of an English list: "أ, إ, آ")
_CELL_SEPARATOR_RE = re.compile(rf"[{ARROWS}]| / |, ")
_ARABIC_CHAR_RE = re.compile(f"[{_AR}]")
#: a span of a right-to-left cell without Arabic script (letters, marks, digits, Arabic punctuation)
_NON_ARABIC_RE = re.compile(r"[^\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]+")
_OPENERS, _CLOSERS = "([{«“‘", ")]}»”’"


def _unmatched(text: str) -> tuple[int, int]:
    """Return (closers without their opener, openers without their closer) of ``text``."""
    depth, lonely = 0, 0
    for ch in text:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            if depth:
                depth -= 1
            else:
                lonely += 1
    return lonely, depth


def cell_runs(text: str, direction: str) -> list[Run]:
    """Return the runs of a table cell that need an isolate: in a right-to-left cell each span without
    Arabic script that holds a Latin letter, from its first to its last character that is not a space
    (its numbers, signs and brackets included: "(+1, intensity 0)"); in a left-to-right cell each
    Arabic unit, from an Arabic letter across anything but a Latin letter, an arrow, " / " or ", " to the
    last Arabic letter, with a hashtag sign or a bracket it opens or closes ("#حفتر")."""
    runs = []
    if direction == "rtl":
        for m in _NON_ARABIC_RE.finditer(text):
            if not _LATIN_LETTER_RE.search(m.group()):
                continue
            body = m.group()
            start = m.start() + len(body) - len(body.lstrip(" \t\n\u00a0:;,."))  # punctuation after Arabic stays
            end = m.end() - (len(body) - len(body.rstrip()))
            closers, openers = _unmatched(text[start:end])
            if closers and text[end - 1] in _CLOSERS:
                end -= 1  # a bracket closed here was opened in the Arabic text
            if openers and text[start] in _OPENERS:
                start += 1
            runs.append(Run(text[start:end], start, end))
        return runs
    pos = 0
    for piece in _CELL_SEPARATOR_RE.split(text) + [""]:
        for chunk in re.split(rf"(?=[{_LATIN}])|(?<=[{_LATIN}])", piece):
            letters = [m.start() for m in _ARABIC_CHAR_RE.finditer(chunk)]
            if not letters or _LATIN_LETTER_RE.search(chunk):
                pos += len(chunk)
                continue
            start, end = pos + letters[0], pos + letters[-1] + 1
            closers, openers = _unmatched(text[start:end])
            if start and (text[start - 1] == "#" or (closers and text[start - 1] in _OPENERS)):
                start -= 1
            if openers and end < len(text) and text[end] in _CLOSERS:
                end += 1
            runs.append(Run(text[start:end], start, end))
            pos += len(chunk)
        sep = _CELL_SEPARATOR_RE.search(text, pos)
        pos = sep.end() if sep and sep.start() == pos else pos
    return runs


def isolate_cell(text: str, direction: str | None = None) -> tuple[str, str]:
    """Return (escaped HTML, direction) for a table cell: the direction of its first letter (left to
    right with an arrow) unless ``direction`` is given; in a mixed cell every run of the other script
    (:func:`cell_runs`) is wrapped in ``<bdi>``, so brackets, signs and hashtags stay with their text."""
    direction = direction or base_direction(text)
    if not is_mixed(text):
        return html.escape(text), direction
    out, pos = [], 0
    for r in cell_runs(text, direction):
        out += [html.escape(text[pos : r.start]), f"<bdi>{html.escape(r.text)}</bdi>"]
        pos = r.end
    out.append(html.escape(text[pos:]))
    return "".join(out), direction


def strip_isolates(fragment: str) -> str:
    """Return an HTML ``fragment`` without the content of its ``<bdi>`` isolates (for first-strong tests)."""
    return re.sub(r"<bdi\b[^>]*>.*?</bdi>", " ", fragment, flags=re.S)
