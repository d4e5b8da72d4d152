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
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

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
#: Every default-ignorable code point of Unicode (DerivedCoreProperties.txt, Default_Ignorable_Code_Point):
#: the direction marks above and the other invisible characters that split words when left in, such as
#: the soft hyphen, word joiner, combining grapheme joiner, variation selectors, invisible operators,
#: Mongolian free variation selectors, Hangul fillers and tag characters. Ranges, as (first, last).
DEFAULT_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
#: the default-ignorable code points as a string (what ``direction_marks`` deletes)
INVISIBLE = "".join(chr(c) for a, b in DEFAULT_IGNORABLE_RANGES for c in range(a, b + 1))
#: the same as the inside of a regex character class
INVISIBLE_CLASS = "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in DEFAULT_IGNORABLE_RANGES)
#: Alef with hamza above/below, madda and wasla, all folded to bare alef ا.
ALEF_VARIANTS = "\u0623\u0625\u0622\u0671"
ALEF_MAKSURA = "\u0649"  # ى, folded to ي (yeh)
TEH_MARBUTA = "\u0629"  # ة, folded to ه (heh)
#: Persian and Urdu letter forms that stand for Arabic letters in web Arabic, and the letter each is
#: folded to: Farsi yeh ی and yeh barree ے → ي, keheh ک and swash kaf ڪ → ك, heh goal ہ, heh
#: doachashmee ھ, ae ە and heh with yeh above ۀ → ه, teh marbuta goal ۃ → ة (then ه with ``teh_marbuta``).
PERSIAN_LETTERS = {
    "\u06cc": "\u064a",
    "\u06d2": "\u064a",
    "\u06a9": "\u0643",
    "\u06aa": "\u0643",
    "\u06c1": "\u0647",
    "\u06be": "\u0647",
    "\u06d5": "\u0647",
    "\u06c0": "\u0647",
    "\u06c3": "\u0629",
}
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
EXTENDED_ARABIC_INDIC_DIGITS = "۰۱۲۳۴۵۶۷۸۹"

#: the one definition of the Arabic character classes, as the insides of regex character classes:
#: letters (with the Arabic Supplement), presentation forms (contextual glyphs and ligatures, as text
#: copied out of a PDF holds them: normalization folds them to letters) and the whole script
#: (letters, marks, digits, punctuation)
ARABIC_LETTERS = "\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f"
ARABIC_FORMS = "\ufb50-\ufdff\ufe70-\ufefc"
ARABIC_SCRIPT = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff" + ARABIC_FORMS
ARABIC_LETTER_RE = re.compile(f"[{ARABIC_LETTERS}]")
ARABIC_OR_FORMS_RE = re.compile(f"[{ARABIC_LETTERS}{ARABIC_FORMS}]")
ARABIC_SCRIPT_RE = re.compile(f"[{ARABIC_SCRIPT}]")


@dataclass(frozen=True)
class NormalizeOptions:
    """One switch per effect of :func:`normalize`; all on by default.

    nfkc: fold compatibility characters (Arabic presentation forms from PDFs, ligatures such as
        ﻻ, no-break spaces) with Unicode NFKC.
    direction_marks: delete invisible characters: direction and joining controls (LRM, RLM, ALM,
        ZWJ, ...) and every other default-ignorable code point (soft hyphen, word joiner, variation
        selectors, ...; see :data:`INVISIBLE`).
    tatweel: delete tatweel ـ (كـبـير → كبير).
    diacritics: delete harakat and other diacritics (مُحَمَّد → محمد).
    alef: fold أ إ آ ٱ to ا.
    alef_maksura: fold ى to ي (final yeh is written either way).
    teh_marbuta: fold ة to ه (final heh/teh marbuta are often confused in web text).
    persian: fold Persian/Urdu letter forms to the Arabic letters they stand for (ی → ي, ک → ك,
        ہ ھ → ه, ...; see :data:`PERSIAN_LETTERS`).
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
    persian: bool = True
    digits: bool = True
    newlines: bool = True


DEFAULT_OPTIONS = NormalizeOptions()


@lru_cache(maxsize=64)
def _tables(opts: NormalizeOptions) -> tuple[dict[int, str | None], str]:
    """Return the str.translate table and the string of deleted characters for ``opts``."""
    table: dict[int, str | None] = {}
    deleted = ""
    if opts.direction_marks:
        deleted += INVISIBLE
    if opts.tatweel:
        deleted += TATWEEL
    if opts.diacritics:
        deleted += DIACRITICS
    for ch in deleted:
        table[ord(ch)] = None
    if opts.persian:
        teh = "\u0647" if opts.teh_marbuta else TEH_MARBUTA
        table.update({ord(k): (teh if v == TEH_MARBUTA else v) for k, v in PERSIAN_LETTERS.items()})
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


def _nfkc_tracked(s: str) -> tuple[str, np.ndarray, np.ndarray]:
    """Return NFKC of ``s`` and, per output character, the input span [start, end) it came from
    (two int32 arrays; only the pieces that change are normalized piece by piece)."""
    import numpy as np

    out: list[str] = []
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    for line in _LINE_RE.finditer(s):
        for m in (line,) if unicodedata.is_normalized("NFKC", line.group()) else _SEGMENT_RE.finditer(s, *line.span()):
            seg, base = m.group(), m.start()
            if unicodedata.is_normalized("NFKC", seg):
                out.append(seg)
                starts.append(np.arange(base, base + len(seg), dtype=np.int32))
                ends.append(starts[-1] + 1)
                continue
            for a, b in _nfkc_chunks(seg):
                piece = unicodedata.normalize("NFKC", seg[a:b])
                out.append(piece)
                starts.append(np.full(len(piece), base + a, dtype=np.int32))
                ends.append(np.full(len(piece), base + b, dtype=np.int32))
    if not starts:
        empty = np.zeros(0, dtype=np.int32)
        return "", empty, empty
    return "".join(out), np.concatenate(starts), np.concatenate(ends)


def _nfkc(s: str) -> str:
    """Return NFKC of ``s`` (the same text as :func:`_nfkc_tracked`, which normalizes piece by
    piece to know where each character came from: spaces and line breaks never compose).

    The no-break space, the one compatibility character of most news text (a third of SaudiNewsNet's
    articles), is replaced by its decomposition first, a plain space (NFKC of the result is the
    same), so that those texts are usually already normalized and skip the slower full pass."""
    if "\xa0" in s:
        s = s.replace("\xa0", " ")
    return s if unicodedata.is_normalized("NFKC", s) else unicodedata.normalize("NFKC", s)


#: in a lookup table, the code of a deleted character
_DELETE = 0xFFFFFFFF
#: below this length str.translate is faster than the lookup table
_LUT_MIN = 300


@lru_cache(maxsize=8)
def _lut(opts: NormalizeOptions) -> np.ndarray:
    """Return the lookup table of one pass: code point -> code point, or :data:`_DELETE`."""
    import numpy as np

    table, deleted = _tables(opts)
    lut = np.arange(0x110000, dtype=np.uint32)
    for code, value in table.items():
        lut[code] = _DELETE if value is None else ord(value)
    for ch in deleted:
        lut[ord(ch)] = _DELETE
    return lut


def text_codes(s: str) -> np.ndarray:
    """Return the code points of ``s`` as a uint32 array (lone surrogates included)."""
    import numpy as np

    return np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _translated(s: str, opts: NormalizeOptions, track: bool) -> tuple[str, np.ndarray | None]:
    """Return ``s`` with the pass's characters mapped and deleted (a CR before LF deleted too) and,
    with ``track``, the mask of the characters kept (None: all kept)."""
    if not track and len(s) < _LUT_MIN:
        table, _deleted = _tables(opts)
        if opts.newlines and "\r" in s:
            s = _CR_BEFORE_LF.sub("", s)
        return s.translate(table), None
    codes = text_codes(s)
    mapped = _lut(opts)[codes]
    drop = mapped == _DELETE
    if opts.newlines and len(codes) > 1:
        drop[:-1] |= (codes[:-1] == 13) & (codes[1:] == 10)
    keep = None
    if drop.any():
        keep = ~drop
        mapped = mapped[keep]
    return mapped.tobytes().decode("utf-32-le", "surrogatepass"), keep


def _one_pass(s: str, opts: NormalizeOptions) -> str:
    """Apply every enabled effect once."""
    if opts.nfkc:
        s = _nfkc(s)
    return _translated(s, opts, track=False)[0]


def _one_pass_tracked(s: str, opts: NormalizeOptions, starts: np.ndarray, ends: np.ndarray) -> tuple:
    """Return :func:`_one_pass` of ``s`` and the raw span arrays of its characters, given the raw
    spans (``starts``, ``ends``) of the characters of ``s``."""
    if opts.nfkc and "\xa0" in s:  # NFKC makes the no-break space a space: same length, same offsets
        s = s.replace("\xa0", " ")
    if opts.nfkc and not unicodedata.is_normalized("NFKC", s):
        s, a, b = _nfkc_tracked(s)
        starts, ends = starts[a], ends[b - 1]
    out, keep = _translated(s, opts, track=True)
    if keep is not None:
        starts, ends = starts[keep], ends[keep]
    return out, starts, ends


_CR_BEFORE_LF = re.compile("\r(?=\n)")
_MAX_PASSES = 4


def normalize(text: str, options: NormalizeOptions = DEFAULT_OPTIONS) -> str:
    """Return ``text`` normalized for matching and counting (idempotent)."""
    for _ in range(_MAX_PASSES):
        text = _one_pass(text, options)
        if not options.nfkc or unicodedata.is_normalized("NFKC", text):
            break
    return text


def _int_array(values: np.ndarray) -> array:
    """Return an int32 numpy array as a compact ``array('i')`` (4 bytes per offset)."""
    out = array("i")
    out.frombytes(values.astype("int32", copy=False).tobytes())
    return out


@dataclass(frozen=True)
class NormalizedText:
    """Raw text, its normalized form, and the map between their offsets.

    The offsets are compact integer arrays (4 bytes per character each), so the map of a long
    document costs 8 bytes per normalized character.
    """

    raw: str
    text: str
    #: text[k] was produced by raw[starts[k]:ends[k]]
    starts: Sequence[int] = field(repr=False)
    ends: Sequence[int] = field(repr=False)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Return the raw span ``(start, end)`` that produced normalized ``text[start:end]``.

        Diacritics and tatweel deleted right after the span belong to it, so the raw span shows
        the word exactly as the outlet wrote it.
        """
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span ({start}, {end}) outside normalized text of {len(self.text)}")
        if start == end:
            pos = int(self.starts[start]) if start < len(self.text) else len(self.raw)
            return pos, pos
        raw_start, raw_end = int(self.starts[start]), int(self.ends[end - 1])
        limit = int(self.starts[end]) if end < len(self.text) else len(self.raw)
        while raw_end < limit and _decorates(self.raw[raw_end]):
            raw_end += 1
        return raw_start, raw_end

    def without(self, chars: str) -> NormalizedText:
        """Return this text with the characters in ``chars`` deleted from the normalized text
        (offsets still map to the raw text), e.g. quotation marks before matching."""
        import numpy as np

        if not any(ch in self.text for ch in chars):
            return self
        codes = text_codes(self.text)
        keep = ~np.isin(codes, np.array([ord(ch) for ch in chars], dtype=np.uint32))
        text = codes[keep].tobytes().decode("utf-32-le", "surrogatepass")
        starts = np.asarray(self.starts, dtype=np.int32)[keep]
        ends = np.asarray(self.ends, dtype=np.int32)[keep]
        return NormalizedText(self.raw, text, _int_array(starts), _int_array(ends))


def _decorates(ch: str) -> bool:
    """Return True for characters that decorate the preceding letter (diacritics, tatweel)."""
    return ch == TATWEEL or ch in DIACRITICS or unicodedata.combining(ch) != 0


def normalize_with_offsets(raw: str, options: NormalizeOptions = DEFAULT_OPTIONS) -> NormalizedText:
    """Return the normalized text of ``raw`` together with its offset map back to ``raw``."""
    import numpy as np

    text = raw
    starts = np.arange(len(raw), dtype=np.int32)
    ends = starts + 1
    for _ in range(_MAX_PASSES):
        text, starts, ends = _one_pass_tracked(text, options, starts, ends)
        if not options.nfkc or unicodedata.is_normalized("NFKC", text):
            break
    return NormalizedText(raw=raw, text=text, starts=_int_array(starts), ends=_int_array(ends))


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


#: a line is blank when it holds nothing visible: whitespace of any kind and invisible characters
#: (Word puts an RLM on empty lines)
_VISIBLE_RE = re.compile(f"[^\\s{INVISIBLE_CLASS}]")


def _is_blank(chunk: str) -> bool:
    """Return True when ``chunk`` holds nothing but whitespace and invisible characters."""
    return _VISIBLE_RE.search(chunk) is None


#: what ends a line besides LF and CR: vertical tab, form feed, NEL, the Unicode line and paragraph separators
LINE_SEPARATORS = "\x0b\x0c\x85\u2028\u2029"


def split_lines(raw: str) -> list[Span]:
    """Return every line of ``raw`` (blank ones too) as a span, without its line break.

    Lines end at LF, CRLF, a lone CR or one of :data:`LINE_SEPARATORS`: the one definition of a line
    (:func:`split_paragraphs`, which templates and boilerplate use, finds the same lines without a
    span each; a property test keeps the two in agreement)."""
    spans: list[Span] = []
    pos = 0
    for m in _LINE_BREAK_RE.finditer(raw):
        spans.append(Span(len(spans), pos, m.start(), raw[pos : m.start()]))
        pos = m.end()
    spans.append(Span(len(spans), pos, len(raw), raw[pos:]))
    return spans


_LINE_BREAK_RE = re.compile(f"\r\n|[\r\n{LINE_SEPARATORS}]")


def split_paragraphs(raw: str) -> list[Span]:
    """Return the paragraphs of ``raw`` as spans into it.

    Articles with a blank line between two paragraphs are split at blank lines (lines inside one
    block are one wrapped paragraph); articles with one paragraph per line are split by line.
    A blank line holds nothing visible (spaces of any kind, invisible characters); blank lines
    before the first and after the last visible line change nothing. Lines are those of
    :func:`split_lines`, found here without a span per line.
    """
    visible = [m.span() for m in _NONEMPTY_LINE_RE.finditer(raw) if _VISIBLE_RE.search(raw, m.start(), m.end())]
    if not visible:
        return []
    # two visible lines follow each other when one line break, and no blank line, is between them
    follows = [raw[a_end:b_start] in _ONE_BREAK for (_a, a_end), (b_start, _b) in zip(visible, visible[1:])]
    blank_mode = not all(follows)  # a blank line between two visible ones
    groups: list[list[int]] = []
    for (start, end), joined in zip(visible, [False, *follows]):
        if blank_mode and joined:
            groups[-1][1] = end
        else:
            groups.append([start, end])
    spans: list[Span] = []
    for a, b in groups:
        chunk = raw[a:b]
        stripped = chunk.strip()
        start = a + len(chunk) - len(chunk.lstrip())
        spans.append(Span(len(spans), start, start + len(stripped), stripped))
    return spans


#: a line that is not empty (the characters between two line breaks of :func:`split_lines`)
_NONEMPTY_LINE_RE = re.compile(f"[^\r\n{LINE_SEPARATORS}]+")
#: what lies between two lines that follow each other
_ONE_BREAK = frozenset({"\n", "\r", "\r\n", *LINE_SEPARATORS})


# a sentence ends at . ! ? ؟ … (or a run of them), optionally followed by closing quotes or
# brackets, and then whitespace; a period between digits (3.5) or after a one-letter
# abbreviation (د. = Dr.) does not end a sentence.
#: the characters that end a sentence, as a regex character class
SENTENCE_END_CHARS_CLASS = "[.!?؟…]"
_SENTENCE_END_RE = re.compile(r"(?<!\b\w)(?:" + SENTENCE_END_CHARS_CLASS + r"+|\.\.\.)[\"'”»)\]]*(?=\s|$)", re.UNICODE)


#: the view in which sentence ends are searched (same length as the text, invisible characters
#: taken out by _sentence_ends): diacritics/tatweel read as letters (a diacritic before the full
#: stop does not make the last letter a one-letter abbreviation)
_SENTENCE_VIEW = {ord(ch): "x" for ch in DIACRITICS + TATWEEL}
_INVISIBLE_RE = re.compile(f"[{INVISIBLE_CLASS}]")


def _sentence_ends(body: str) -> list[int]:
    """Return the offsets in ``body`` where its sentences end.

    Invisible characters are taken out of the view first (an RLM after a full stop, a soft hyphen
    inside a word change nothing) and the offsets mapped back."""
    if not _INVISIBLE_RE.search(body):
        return [m.end() for m in _SENTENCE_END_RE.finditer(body.translate(_SENTENCE_VIEW))]
    keep = [i for i, ch in enumerate(body) if not _INVISIBLE_RE.match(ch)]
    view = "".join(body[i] for i in keep).translate(_SENTENCE_VIEW)
    return [keep[m.end() - 1] + 1 for m in _SENTENCE_END_RE.finditer(view)]


def split_sentences(raw: str) -> list[Span]:
    """Return the sentences of ``raw`` as spans into it (never crossing a paragraph)."""
    return sentences_in(raw, split_paragraphs(raw))


def sentences_in(raw: str, paragraphs: Sequence[Span]) -> list[Span]:
    """Return the sentences of ``raw`` inside its ``paragraphs`` (:func:`split_paragraphs`)."""
    spans: list[Span] = []
    for para in paragraphs:
        pos = 0
        body = para.text
        ends = _sentence_ends(body)
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


#: what ends a clause: punctuation (Arabic and Latin) and line breaks (quotation marks do not: quotes
#: around a name are a house style of some sites); the one definition, for source phrases and for
#: the clause around a generic label
CLAUSE_BREAKS = "،,؛;:.!?؟()[]{}…–—\n" + LINE_SEPARATORS

#: a word: a run of letters and digits (the one definition every module uses)
WORD_RE = re.compile(r"[^\W_]+")


def tokenize(raw: str, options: NormalizeOptions = DEFAULT_OPTIONS) -> list[Token]:
    """Return the word tokens of ``raw``, normalized, each with its raw offsets."""
    return tokens_of(normalize_with_offsets(raw, options))


def tokens_of(nt: NormalizedText) -> list[Token]:
    """Return the word tokens of a normalized text, each with its raw offsets."""
    norms, starts, ends = word_spans(nt)
    raw = nt.raw
    return [Token(w, s, e, raw[s:e]) for w, s, e in zip(norms, starts, ends)]


def word_spans(nt: NormalizedText) -> tuple[list[str], list[int], list[int]]:
    """Return the words of a normalized text and the raw start and end of each, as
    :meth:`NormalizedText.to_raw` maps them (computed for all words at once)."""
    import numpy as np

    found = [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(nt.text)]
    if not found:
        return [], [], []
    first, last = (np.fromiter((f[k] for f in found), dtype=np.int64, count=len(found)) for k in (0, 1))
    map_starts = np.frombuffer(nt.starts, dtype=np.int32) if len(nt.text) else np.zeros(0, np.int32)
    map_ends = np.frombuffer(nt.ends, dtype=np.int32) if len(nt.text) else np.zeros(0, np.int32)
    raw_start = map_starts[first].astype(np.int64)
    raw_end = map_ends[last - 1].astype(np.int64)
    # decorations deleted right after a word (diacritics, tatweel) belong to it, up to the raw start
    # of the next normalized character
    n_raw = len(nt.raw)
    limit = np.where(last < len(nt.text), map_starts[np.minimum(last, len(nt.text) - 1)], n_raw)
    undecorated = ~_decorating_lut()[text_codes(nt.raw)]
    positions = np.where(undecorated, np.arange(n_raw), n_raw)
    next_plain = np.minimum.accumulate(positions[::-1])[::-1]  # first undecorated position >= i
    inside = raw_end < limit
    ext = next_plain[np.minimum(raw_end, n_raw - 1)]
    raw_end = np.where(inside, np.minimum(ext, limit), raw_end)
    return [f[2] for f in found], raw_start.tolist(), raw_end.tolist()


@lru_cache(maxsize=1)
def _decorating_lut() -> np.ndarray:
    """Return, per code point, whether it decorates the preceding letter (:func:`_decorates`)."""
    import numpy as np

    lut = np.zeros(0x110000, dtype=bool)
    for c in range(0x110000):
        if unicodedata.combining(chr(c)):
            lut[c] = True
    for ch in DIACRITICS + TATWEEL:
        lut[ord(ch)] = True
    return lut


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
