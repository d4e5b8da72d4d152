"""The Arabic text layer: normalization with offset maps, paragraphs, sentences, tokens.

Three layers of text are kept apart and never confused:

* **raw** text, exactly as received (what the outlet wrote);
* **normalized** text, for matching and counting (see :class:`NormalizeOptions`);
* **display** text, for charts (see :mod:`arabic_news.render`).

Every normalized character remembers the raw characters it came from, so a span found in the
normalized text maps back to the exact raw span (:meth:`NormalizedText.to_raw`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# --- character classes -------------------------------------------------------------------------

#: Arabic diacritics (harakat, tanwin, shadda, sukun, small high/low marks, superscript alef).
DIACRITICS = (
    "".join(chr(c) for c in range(0x064B, 0x0660))
    + "\u0670"
    + "".join(chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06DD, 0x06DE, 0x06E5, 0x06E6, 0x06E9))
)
#: Tatweel (kashida), the stretching stroke ـ used for justification and emphasis.
TATWEEL = "\u0640"
#: Invisible direction and joining controls: LRM, RLM, ALM, embeddings/overrides, isolates,
#: zero-width space/joiners and the byte-order mark used as a zero-width no-break space.
DIRECTION_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\ufeff"
#: Alef with hamza above/below, madda and wasla, all folded to bare alef ا.
ALEF_VARIANTS = "\u0623\u0625\u0622\u0671"
ALEF_MAKSURA = "\u0649"  # ى, folded to ي (yeh)
TEH_MARBUTA = "\u0629"  # ة, folded to ه (heh)
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
EXTENDED_ARABIC_INDIC_DIGITS = "۰۱۲۳۴۵۶۷۸۹"

ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF]")


@dataclass(frozen=True)
class NormalizeOptions:
    """One switch per effect of :func:`normalize`; all on by default.

    nfkc: fold compatibility characters (Arabic presentation forms from PDFs, ligatures such as
        ﻻ, no-break spaces) with Unicode NFKC.
    direction_marks: delete invisible direction/joining controls (LRM, RLM, ALM, ZWJ, ...).
    tatweel: delete tatweel ـ (كـبـير → كبير).
    diacritics: delete harakat and other diacritics (مُحَمَّد → محمد).
    alef: fold أ إ آ ٱ to ا.
    alef_maksura: fold ى to ي (final yeh is written either way).
    teh_marbuta: fold ة to ه (final heh/teh marbuta are often confused in web text).
    digits: map Arabic-Indic digits ٠-٩ and ۰-۹ to 0-9.
    newlines: map CRLF and lone CR to LF.
    """

    nfkc: bool = True
    direction_marks: bool = True
    tatweel: bool = True
    diacritics: bool = True
    alef: bool = True
    alef_maksura: bool = True
    teh_marbuta: bool = True
    digits: bool = True
    newlines: bool = True


DEFAULT_OPTIONS = NormalizeOptions()


@lru_cache(maxsize=64)
def _tables(opts: NormalizeOptions) -> tuple[dict[int, str | None], str]:
    """Return the str.translate table and the string of deleted characters for ``opts``."""
    table: dict[int, str | None] = {}
    deleted = ""
    if opts.direction_marks:
        deleted += DIRECTION_MARKS
    if opts.tatweel:
        deleted += TATWEEL
    if opts.diacritics:
        deleted += DIACRITICS
    for ch in deleted:
        table[ord(ch)] = None
    if opts.alef:
        table.update({ord(ch): "\u0627" for ch in ALEF_VARIANTS})
    if opts.alef_maksura:
        table[ord(ALEF_MAKSURA)] = "\u064a"
    if opts.teh_marbuta:
        table[ord(TEH_MARBUTA)] = "\u0647"
    if opts.digits:
        for digits in (ARABIC_INDIC_DIGITS, EXTENDED_ARABIC_INDIC_DIGITS):
            table.update({ord(d): str(i) for i, d in enumerate(digits)})
    if opts.newlines:
        table[ord("\r")] = "\n"  # a CR before LF is deleted first (_CR_BEFORE_LF)
    return table, deleted


def _nfkc_chunks(s: str) -> list[tuple[int, int]]:
    """Split ``s`` into spans that NFKC normalizes independently of each other."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(s)):
        a, b = s[i - 1], s[i]
        if unicodedata.combining(b) == 0 and unicodedata.normalize("NFKC", a + b) == unicodedata.normalize(
            "NFKC", a
        ) + unicodedata.normalize("NFKC", b):
            spans.append((start, i))
            start = i
    if s:
        spans.append((start, len(s)))
    return spans


#: spaces and newlines never compose with their neighbours, so NFKC can work piece by piece:
#: line by line first, then word by word inside the lines that change
_LINE_RE = re.compile(r"[^\n]+|\n+")
_SEGMENT_RE = re.compile(r"[^ \n]+|[ \n]+")


def _nfkc(s: str, track: bool, pieces: re.Pattern[str] = _LINE_RE) -> tuple[str, list[tuple[int, int]] | None]:
    """Return NFKC of ``s`` (computed only on the pieces that change) and, with ``track``, the
    input span of every output character."""
    out: list[str] = []
    spans: list[tuple[int, int]] | None = [] if track else None
    for m in pieces.finditer(s):
        seg, base = m.group(), m.start()
        if unicodedata.is_normalized("NFKC", seg):
            out.append(seg)
            if spans is not None:
                spans.extend((base + i, base + i + 1) for i in range(len(seg)))
            continue
        if pieces is _LINE_RE:
            text, inner = _nfkc(seg, track, _SEGMENT_RE)
            out.append(text)
            if spans is not None and inner is not None:
                spans.extend((base + a, base + b) for a, b in inner)
            continue
        for a, b in _nfkc_chunks(seg):
            piece = unicodedata.normalize("NFKC", seg[a:b])
            out.append(piece)
            if spans is not None:
                spans.extend([(base + a, base + b)] * len(piece))
    return "".join(out), spans


def _one_pass(s: str, opts: NormalizeOptions, track: bool) -> tuple[str, list[tuple[int, int]] | None]:
    """Apply every enabled effect once; with ``track``, also return, per output character,
    the span of input characters it came from."""
    spans: list[tuple[int, int]] | None = None
    if opts.nfkc and not unicodedata.is_normalized("NFKC", s):
        s, spans = _nfkc(s, track)
    table, deleted = _tables(opts)
    if not track:
        if opts.newlines:
            s = _CR_BEFORE_LF.sub("", s)
        return s.translate(table), None
    keep = [ch not in deleted for ch in s] if deleted else [True] * len(s)
    if opts.newlines:
        for m in _CR_BEFORE_LF.finditer(s):
            keep[m.start()] = False
    kept = [i for i, k in enumerate(keep) if k]
    out = "".join(s[i] for i in kept).translate(table)
    if spans is None:
        return out, [(i, i + 1) for i in kept]
    return out, [spans[i] for i in kept]


_CR_BEFORE_LF = re.compile("\r(?=\n)")
_MAX_PASSES = 4


def normalize(text: str, options: NormalizeOptions = DEFAULT_OPTIONS) -> str:
    """Return ``text`` normalized for matching and counting (idempotent)."""
    for _ in range(_MAX_PASSES):
        text, _unused = _one_pass(text, options, track=False)
        if not options.nfkc or unicodedata.is_normalized("NFKC", text):
            break
    return text


@dataclass(frozen=True)
class NormalizedText:
    """Raw text, its normalized form, and the map between their offsets."""

    raw: str
    text: str
    #: text[k] was produced by raw[starts[k]:ends[k]]
    starts: tuple[int, ...] = field(repr=False)
    ends: tuple[int, ...] = field(repr=False)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Return the raw span ``(start, end)`` that produced normalized ``text[start:end]``.

        Diacritics and tatweel deleted right after the span belong to it, so the raw span shows
        the word exactly as the outlet wrote it.
        """
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span ({start}, {end}) outside normalized text of {len(self.text)}")
        if start == end:
            pos = self.starts[start] if start < len(self.text) else len(self.raw)
            return pos, pos
        raw_start, raw_end = self.starts[start], self.ends[end - 1]
        limit = self.starts[end] if end < len(self.text) else len(self.raw)
        while raw_end < limit and _decorates(self.raw[raw_end]):
            raw_end += 1
        return raw_start, raw_end


def _decorates(ch: str) -> bool:
    """Return True for characters that decorate the preceding letter (diacritics, tatweel)."""
    return ch == TATWEEL or ch in DIACRITICS or unicodedata.combining(ch) != 0


def normalize_with_offsets(raw: str, options: NormalizeOptions = DEFAULT_OPTIONS) -> NormalizedText:
    """Return the normalized text of ``raw`` together with its offset map back to ``raw``."""
    text = raw
    starts = list(range(len(raw)))
    ends = list(range(1, len(raw) + 1))
    for _ in range(_MAX_PASSES):
        text, step = _one_pass(text, options, track=True)
        assert step is not None
        starts, ends = [starts[a] for a, _b in step], [ends[b - 1] for _a, b in step]
        if not options.nfkc or unicodedata.is_normalized("NFKC", text):
            break
    return NormalizedText(raw=raw, text=text, starts=tuple(starts), ends=tuple(ends))


def has_arabic(text: str) -> bool:
    """Return True when ``text`` contains at least one Arabic letter."""
    return ARABIC_LETTER_RE.search(text) is not None


# --- segmentation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A piece of raw text: its index, raw offsets and the raw text itself."""

    index: int
    start: int
    end: int
    text: str


#: a blank line may hold spaces and invisible direction marks (Word puts an RLM on empty lines)
_BLANK_LINE_RE = re.compile(r"\n[ \t\u00a0\r" + DIRECTION_MARKS + r"]*\n")
_VISIBLE_RE = re.compile(f"[^\\s{DIRECTION_MARKS}]")


def _is_blank(chunk: str) -> bool:
    """Return True when ``chunk`` holds nothing but whitespace and invisible direction marks."""
    return _VISIBLE_RE.search(chunk) is None


def split_paragraphs(raw: str) -> list[Span]:
    """Return the paragraphs of ``raw`` as spans into it.

    Articles separated by blank lines are split there (lines inside one block are one wrapped
    paragraph); articles with one paragraph per line, and no blank lines, are split by line.
    """
    # CRLF -> " \n" and lone CR -> "\n" keep the length, so offsets stay valid in raw
    text = raw.replace("\r\n", " \n").replace("\r", "\n") if "\r" in raw else raw
    if _BLANK_LINE_RE.search(text):
        separators = _BLANK_LINE_RE
    else:
        separators = re.compile(r"\n")
    spans: list[Span] = []
    pos = 0
    for piece_end, next_start in [(m.start(), m.end()) for m in separators.finditer(text)] + [(len(text), len(text))]:
        chunk = raw[pos:piece_end]
        stripped = chunk.strip()
        if not _is_blank(chunk):
            lead = len(chunk) - len(chunk.lstrip())
            start = pos + lead
            spans.append(Span(len(spans), start, start + len(stripped), stripped))
        pos = next_start
    return spans


# a sentence ends at . ! ? ؟ … (or a run of them), optionally followed by closing quotes or
# brackets, and then whitespace; a period between digits (3.5) or after a one-letter
# abbreviation (د. = Dr.) does not end a sentence.
#: the characters that end a sentence, as a regex character class
SENTENCE_END_CHARS_CLASS = "[.!?؟…]"
_SENTENCE_END_RE = re.compile(r"(?<!\b\w)(?:" + SENTENCE_END_CHARS_CLASS + r"+|\.\.\.)[\"'”»)\]]*(?=\s|$)", re.UNICODE)


#: the view in which sentence ends are searched (same length as the text): direction marks read
#: as spaces (an RLM after a full stop still ends the sentence) and diacritics/tatweel as letters
#: (a diacritic before the full stop does not make the last letter a one-letter abbreviation)
_SENTENCE_VIEW = {**{ord(ch): " " for ch in DIRECTION_MARKS}, **{ord(ch): "x" for ch in DIACRITICS + TATWEEL}}


def split_sentences(raw: str) -> list[Span]:
    """Return the sentences of ``raw`` as spans into it (never crossing a paragraph)."""
    spans: list[Span] = []
    for para in split_paragraphs(raw):
        pos = 0
        body = para.text
        ends = [m.end() for m in _SENTENCE_END_RE.finditer(body.translate(_SENTENCE_VIEW))]
        for end in ends + [len(body)]:
            chunk = body[pos:end]
            stripped = chunk.strip()
            if not _is_blank(chunk):
                start = para.start + pos + (len(chunk) - len(chunk.lstrip()))
                spans.append(Span(len(spans), start, start + len(stripped), stripped))
            pos = end
    return spans


@dataclass(frozen=True)
class Token:
    """A word: its normalized form and the raw span it came from."""

    norm: str
    start: int
    end: int
    text: str


#: a word: a run of letters and digits (the one definition every module uses)
WORD_RE = re.compile(r"[^\W_]+")


def tokenize(raw: str, options: NormalizeOptions = DEFAULT_OPTIONS) -> list[Token]:
    """Return the word tokens of ``raw``, normalized, each with its raw offsets."""
    nt = normalize_with_offsets(raw, options)
    tokens = []
    for m in WORD_RE.finditer(nt.text):
        start, end = nt.to_raw(m.start(), m.end())
        tokens.append(Token(m.group(), start, end, raw[start:end]))
    return tokens


def words(text: str, options: NormalizeOptions | None = DEFAULT_OPTIONS) -> list[str]:
    """Return the normalized words of ``text`` (``options=None``: ``text`` is already normalized)."""
    return WORD_RE.findall(text if options is None else normalize(text, options))


def count_words(text: str, options: NormalizeOptions | None = DEFAULT_OPTIONS) -> int:
    """Return the number of words in ``text`` (``options=None``: ``text`` is already normalized)."""
    return sum(1 for _ in WORD_RE.finditer(text if options is None else normalize(text, options)))


#: a text that ends like a sentence: . ! ? ؟ … possibly followed by closing quotes or brackets
_ENDS_LIKE_SENTENCE_RE = re.compile(SENTENCE_END_CHARS_CLASS + r"[\"'”»)\]]*\s*$")


def ends_like_sentence(text: str) -> bool:
    """Return True when ``text`` ends like a sentence (. ! ? ؟ …, possibly before a quote)."""
    return _ENDS_LIKE_SENTENCE_RE.search(text) is not None
