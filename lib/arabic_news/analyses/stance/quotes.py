"""Quoted and reported speech and distance: quotation marks, verbs of saying with a colon or with
إن / أن ("that"), scare quotes and "so-called" (rules 4-6 of :mod:`arabic_news.analyses.stance`)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...core.context import Context, context_cached
from ...core.document import Document
from ...core.match import PhraseMatcher
from ...core.text import NormalizeOptions, normalize, tokenize

#: quotation marks; marks in one group close each other (Arabic web copy mixes “…” and ”…“)
QUOTE_GROUPS = ("“”„‟", "«»", '"', "‘’")
QUOTE_CHARS = "".join(QUOTE_GROUPS)
QUOTE_GROUP_OF = {ch: group for group in QUOTE_GROUPS for ch in group}
DELETE_QUOTES = {ord(ch): None for ch in QUOTE_CHARS}

SO_CALLED_BEFORE = re.compile(
    r"(?:ما\s+[يت]سمي|ما\s+[يت]سمي\s+نفسه|ما\s+[يت]عرف|ما\s+[يت]طلق\s+علي\s*(?:ه|ها)?(?:\s+اسم)?|"
    r"ما\s+[يت]دعي|ما\s+[يت]سميه|ما\s+[يت]سميها|المسمي|المسماه|المدعو|المزعوم|المزعومه|"
    r"[يت](?:طلق|سمي)\s+(?:علي\s+)?نفس(?:ه|ها|هم)(?:\s+اسم)?)"
    r"\s*(?:ب\s*)?[^\w\s]*\s*$"
)
SO_CALLED_AFTER = re.compile(r"^[^\w\s]*\s*(?:المزعوم|المزعومه|المزعومين)(?!\w)")

#: words that open indirect speech after a verb of saying: إن / أن "that", بأن "that" (after وصف,
#: أفاد...), alone or with an attached pronoun (إنه "that he", أنها "that she / it", أنهم "that they")
REPORTED_OPENERS = ("إن", "أن", "بأن", "إنه", "أنه", "بأنه", "إنها", "أنها", "بأنها", "إنهم", "أنهم", "بأنهم")
#: the farthest (in words) an opener may stand after its verb of saying: the speaker, a title and a
#: date come between them (قال آمر محور عين زارة يوسف الأمين، الاثنين، إن ...)
REPORTED_GAP = 12

#: a quotation right after one of these words gives a name, it does not distance: "known as", "called",
#: and مبادرة "the initiative" (مبادرة «إعلان القاهرة», "the 'Cairo Declaration' initiative")
NAMING_BEFORE = re.compile(r"(?<!ما )(?<!ما)\b(?:باسم|اسم|[يت]سمي|[يت]دعي|المعروف|المعروفه|مبادره)\s*$")


# --- quotation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    """A quoted span of raw text: marks included (``start``/``end``) and the text inside them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    kind: str  # "marks", "colon" (both quoted speech) or "reported" (indirect speech)


def _mark_quotes(doc: Document, max_chars: int) -> list[Quote]:
    """Return the spans between matching quotation marks (unbalanced marks are skipped)."""
    quotes = []
    raw = doc.raw
    for para in (p.span for p in doc.paragraphs):
        i, hi = para.start, para.end
        while i < hi:
            group = QUOTE_GROUP_OF.get(raw[i])
            if group is None:
                i += 1
                continue
            limit = min(hi, i + 1 + max_chars)
            j = next((k for k in range(i + 1, limit) if raw[k] in group), None)
            if j is None:
                i += 1
                continue
            quotes.append(Quote(i, j + 1, i + 1, j, "marks"))
            i = j + 1
    return quotes


@context_cached
def saying_matcher(ctx: Context) -> PhraseMatcher:
    """Return the matcher of the verbs and speech words (قال, مضيفا, ...) of the context's
    attribution lexicon, without pronoun suffixes."""
    lex = ctx.study.lexicon("attribution")
    return PhraseMatcher(lex.loc[lex["role"].isin(["verb", "speech"]), "term"], options=ctx.options, suffixes=False)


def _colon_quotes(doc: Document, max_chars: int, saying: PhraseMatcher) -> list[Quote]:
    """Return the spans after ``verb of saying ... :`` (the verb at most 80 characters before
    the colon, in the same sentence) up to the end of the sentence."""
    quotes: list[Quote] = []
    raw = doc.raw
    if ":" not in raw:
        return quotes
    sentences = doc.sentences
    starts = [s.start for s in sentences]
    for colon in [i for i, ch in enumerate(raw) if ch == ":"]:
        k = bisect.bisect_right(starts, colon) - 1
        if k < 0 or colon >= sentences[k].end:
            continue
        sentence = sentences[k]
        if not saying.find(raw[max(sentence.start, colon - 80) : colon]):
            continue
        start = colon + 1
        end = min(sentence.end, start + max_chars)
        while end > start and raw[end - 1] in ".!?؟…":  # the sentence's own full stop is not quoted
            end -= 1
        if raw[start:end].strip():
            quotes.append(Quote(start, end, start, end, "colon"))
    return quotes


def _reported_quotes(doc: Document, max_chars: int, saying: PhraseMatcher) -> list[Quote]:
    """Return the spans of indirect speech: from إن / أن ("that", :data:`REPORTED_OPENERS`) at most
    :data:`REPORTED_GAP` words after a verb of saying, in the same sentence, up to the end of the
    sentence (قال المتحدث إن الجيش سيدخل طرابلس: "the spokesman said that the army will enter
    Tripoli")."""
    openers = {normalize(w, doc.options) for w in REPORTED_OPENERS}
    norms, starts, ends = doc.word_spans
    if not openers.intersection(norms):
        return []
    raw, quotes = doc.raw, []
    sentences = doc.sentences
    sentence_starts = [s.start for s in sentences]
    covered = -1
    for verb in doc.find(saying):
        if verb.end <= covered:
            continue  # a second verb inside reported speech already found ("... إنه أكد أن ...")
        k = bisect.bisect_right(sentence_starts, verb.start) - 1
        if k < 0 or verb.start >= sentences[k].end:
            continue
        sentence = sentences[k]
        first = bisect.bisect_left(starts, verb.end)
        for i in range(first, min(first + REPORTED_GAP + 1, len(norms))):
            if starts[i] >= sentence.end or raw[verb.end : starts[i]].count(":"):
                break  # a colon opens quoted speech instead (see _colon_quotes)
            if norms[i] in openers:
                start, end = ends[i], min(sentence.end, ends[i] + max_chars)
                while end > start and raw[end - 1] in ".!?؟…":
                    end -= 1
                if raw[start:end].strip():
                    quotes.append(Quote(start, end, start, end, "reported"))
                    covered = end
                break
    return quotes


def find_quotes(text: str | Document, saying: PhraseMatcher, max_chars: int = 400) -> list[Quote]:
    """Return the quoted spans of a raw text or Document (between marks, and after a verb of saying
    of ``saying`` (:func:`saying_matcher`) + colon) and its indirect speech (a verb of saying + إن / أن
    "that", ``kind="reported"``), sorted by start."""
    doc = Document("", text, saying.options) if isinstance(text, str) else text
    quotes = _mark_quotes(doc, max_chars) + _colon_quotes(doc, max_chars, saying)
    return sorted(quotes + _reported_quotes(doc, max_chars, saying), key=lambda q: (q.start, q.end))


class QuoteIndex:
    """The quotations of one document, for lookups in time independent of their number: sorted by
    start, so the quotes that can overlap a span are found by bisection (a quotation is never
    longer than the longest one found)."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = sorted(quotes, key=lambda q: (q.start, q.end))
        self._starts = [q.start for q in self.quotes]
        self._longest = max((q.end - q.start for q in self.quotes), default=0)
        self._words: dict[Quote, list] = {}

    def words(self, q: Quote, raw: str, options: NormalizeOptions) -> list:
        """Return the word tokens inside quote ``q`` of ``raw`` (computed once per quote)."""
        if q not in self._words:
            self._words[q] = tokenize(raw[q.inner_start : q.inner_end], options)
        return self._words[q]

    def overlapping(self, start: int, end: int) -> list[Quote]:
        """Return the quotes that overlap the raw span [start, end)."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return [q for q in self.quotes[lo:hi] if q.end > start and q.start < end]
