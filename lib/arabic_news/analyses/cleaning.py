"""Boilerplate and internal duplicates: keep the article text, report everything removed.

A scraped news page holds more than the article: section labels, "read also" links, share
buttons, donation appeals, comment forms, reader comments, and sometimes a paragraph the CMS
printed twice. This module flags those paragraphs with a *reason* each, never edits the raw text,
and returns the article text as raw-text spans (:func:`clean_corpus`).

The unit is the paragraph of :func:`arabic_news.text.split_paragraphs` (one line per paragraph
for articles without blank lines). Paragraph numbers are 0-based, as in ``split_paragraphs``.

Rules, applied in this order (the first that fires gives the reason):

1. **cue phrases** (the study's ``boilerplate`` lexicon; by default the package's general list):
   a paragraph is flagged when its cue phrases
   cover at least 60 % of its words, or it holds two distinct cue phrases, or it is short
   (at most 12 words), holds a ``paragraph``-scope cue and does not end like a sentence. Cues of
   scope ``line`` (e.g. تويتر "Twitter", التعليقات "the comments") only count towards coverage,
   so an article sentence that mentions them is never flagged.
2. **reader comments**: a short line ending in a dash (a user name) followed by a line that starts
   with a relative time (منذ 7 ساعات "7 hours ago"), or a relative time glued to the comment text
   (منذ يومينعمل...), opens a comment block; so does a comment-section header from rule 1.
   Inside the block, user-name lines, relative-time lines and short lines (at most 12 words)
   are reader comments; the first long line that is none of these closes the block.
3. **section label**: the first paragraph, one or two words, no punctuation or digits, not
   verb-like (no word of 4+ letters starting with the imperfect prefix ي), followed by a longer
   paragraph (the headline).
4. **headline fragment**: the second paragraph, at most three words, no punctuation, repeating
   words of the first paragraph (the headline) verbatim, as image captions and alt texts do.
5. **template line** (needs a corpus): a normalized line found in at least 2 documents and short
   and not sentence-like, or found in at least ``max(3, 1 % of the corpus)`` documents; and,
   to protect syndication, at least two of the documents that share it share no other long
   paragraph (two copies of the same wire story share all their lines, including subheadings:
   that is syndication, not a template).
6. **internal duplicate**: among the paragraphs left, a later paragraph whose shingle Jaccard
   similarity with an earlier one is at least ``dup_threshold`` is removed with reason
   ``repeats paragraph N``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import islice
from typing import TYPE_CHECKING

from ..core.corpus import normalized_texts
from ..core.match import PhraseMatcher
from ..core.parallel import parallel_map
from ..core.shingles import paragraph_shingles
from ..core.study import Study, options_of, resolve_study
from ..core.text import (
    DEFAULT_OPTIONS,
    WORD_RE,
    NormalizeOptions,
    Span,
    ends_like_sentence,
    normalize,
    split_paragraphs,
)

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: a paragraph with at most this many words is "short"
SHORT_WORDS = 12
#: cue phrases covering at least this share of a paragraph's words flag it
COVERAGE = 0.6
#: below this many documents the work stays in one process (starting workers costs more)
PARALLEL_MIN_DOCS = 2000

_PUNCT_OR_DIGIT_RE = re.compile(r"[^\w\s]|\d")
_DASH_END_RE = re.compile(r"\s[-–—]\s*$|^[^\n]{1,60}?[-–—]$")
#: relative-time units after منذ ("since/ago"), normalized, longest first
_TIME_UNITS = sorted(
    [
        "ثانيه",
        "ثوان",
        "دقيقه",
        "دقيقتين",
        "دقائق",
        "ساعه",
        "ساعتين",
        "ساعات",
        "يوم",
        "يومين",
        "ايام",
        "اسبوع",
        "اسبوعين",
        "اسابيع",
        "شهر",
        "شهرين",
        "اشهر",
        "سنه",
        "سنتين",
        "سنوات",
    ],
    key=len,
    reverse=True,
)
_RELATIVE_RE = re.compile(r"^منذ\s*(?:\d+\s*)?")


@dataclass(frozen=True)
class Flag:
    """A paragraph flagged as non-article text: its span, the reason and the evidence."""

    paragraph: int
    start: int
    end: int
    text: str
    reason: str
    evidence: str = ""

    def as_dict(self) -> dict:
        """Return the flag as a JSON-ready dict (paragraph, start, end, text, reason, evidence)."""
        return {
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "reason": self.reason,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a document with its normalized text and words, computed once."""

    span: Span
    norm: str
    words: tuple[str, ...]

    @property
    def text(self) -> str:
        """Return the raw text of the paragraph."""
        return self.span.text

    @property
    def n_words(self) -> int:
        """Return the number of normalized words of the paragraph."""
        return len(self.words)


def fast_normalize(text: str, options: NormalizeOptions = DEFAULT_OPTIONS) -> str:
    """Return :func:`normalize` of ``text``, applying NFKC to the whole string first when
    ``options`` ask for it (faster on text that is not NFKC-normalized; the result is the same)."""
    return normalize(unicodedata.normalize("NFKC", text) if options.nfkc else text, options)


def paragraphs(
    raw: str,
    normalized: str | None = None,
    options: NormalizeOptions = DEFAULT_OPTIONS,
    norm_spans: Sequence[tuple[int, int]] | None = None,
) -> list[Paragraph]:
    """Return the paragraphs of ``raw`` with their normalized text and words.

    ``normalized`` (the document's normalized text, e.g. the corpus ``text`` column) is reused
    when it splits into the same number of paragraphs; otherwise each paragraph is normalized
    with ``options``. ``norm_spans``: the (start, end) offsets of the paragraphs of ``normalized``
    (:func:`~arabic_news.core.text.split_paragraphs`), when they are already known.
    """
    spans = split_paragraphs(raw)
    norms: list[str] | None = None
    if normalized is not None:
        if norm_spans is None:
            norms = [p.text for p in split_paragraphs(normalized)]
        else:
            norms = [normalized[start:end] for start, end in norm_spans]
        if len(norms) != len(spans):
            norms = None
    if norms is None:
        norms = [fast_normalize(p.text, options) for p in spans]
    return [Paragraph(sp, n, tuple(WORD_RE.findall(n))) for sp, n in zip(spans, norms)]


def line_key(norm: str) -> str:
    """Return the key under which a normalized line is counted across documents (spaces folded)."""
    return " ".join(norm.split())


def is_short_line(text: str, n_words: int) -> bool:
    """Return True for a short (at most 12 words) line that does not end like a sentence."""
    return n_words <= SHORT_WORDS and not ends_like_sentence(text)


@dataclass(frozen=True)
class BoilerplateCues:
    """The cue phrases of a boilerplate lexicon: phrase -> (reason, scope, number of words), and
    one matcher over all of them (conjunction and preposition prefixes, no pronoun suffixes)."""

    info: dict[str, tuple[str, str, int]]
    matcher: PhraseMatcher


@lru_cache(maxsize=16)
def boilerplate_cues(study: Study | None = None, options: NormalizeOptions = DEFAULT_OPTIONS) -> BoilerplateCues:
    """Return the boilerplate cues of ``study`` (default: the default study), normalized with ``options``."""
    lexicon = resolve_study(study).lexicon("boilerplate")
    info = {}
    for phrase, reason, scope in zip(lexicon["phrase"], lexicon["reason"], lexicon["scope"]):
        info[phrase] = (reason, scope, len(WORD_RE.findall(normalize(phrase, options))))
    return BoilerplateCues(info, PhraseMatcher(info, options=options, suffixes=False))


def cue_flag(para: Paragraph | str, cues: BoilerplateCues | None = None) -> tuple[str, str] | None:
    """Return (reason, cue phrases found) when rule 1 (cue phrases) flags the paragraph."""
    cues = cues or boilerplate_cues()
    if isinstance(para, str):
        para = (
            paragraphs(para, options=cues.matcher.options)[0] if para.strip() else Paragraph(Span(0, 0, 0, ""), "", ())
        )
    counts = cues.matcher.count(para.norm, normalized=para.norm)
    if not counts:
        return None
    info = cues.info
    n = sum(1 for w in para.words if not w.isdigit())  # "التعليقات (3)": the count is no word
    covered = sum(info[t][2] * k for t, k in counts.items())
    strong = [t for t in counts if info[t][1] == "paragraph"]
    fires = (
        (n and covered / n >= COVERAGE)
        or len(strong) >= 2
        or (strong and n <= SHORT_WORDS and not ends_like_sentence(para.text))
    )
    if not fires:
        return None
    found = sorted(counts, key=lambda t: para.norm.find(normalize(t, cues.matcher.options)))
    first = next((t for t in found if t in strong), found[0])
    return info[first][0], "، ".join(found)


def relative_time(para: Paragraph | str) -> tuple[bool, bool]:
    """Return (starts with a relative time such as منذ 7 ساعات, the time is glued to a word)."""
    norm = para.norm if isinstance(para, Paragraph) else fast_normalize(para)
    m = _RELATIVE_RE.match(norm.lstrip())
    if not m:
        return False, False
    rest = norm.lstrip()[m.end() :]
    for unit in _TIME_UNITS:
        if rest.startswith(unit):
            after = rest[len(unit) : len(unit) + 1]
            return True, after.isalpha()
    return False, False


def is_user_name_line(para: Paragraph | str) -> bool:
    """Return True for a comment author line: at most 5 words ending in a dash."""
    text = para.text if isinstance(para, Paragraph) else para
    n = para.n_words if isinstance(para, Paragraph) else len(WORD_RE.findall(text))
    return n <= 5 and _DASH_END_RE.search(text.strip()) is not None


def _section_label(paras: Sequence[Paragraph]) -> bool:
    """Return True when the first paragraph looks like a section label (rule 3)."""
    if len(paras) < 3:
        return False
    first = paras[0]
    if not 1 <= first.n_words <= 2 or _PUNCT_OR_DIGIT_RE.search(first.text):
        return False
    if any(w.startswith("ي") and len(w) >= 4 for w in first.words):
        return False
    return paras[1].n_words > first.n_words + 1


def _headline_fragment(paras: Sequence[Paragraph]) -> bool:
    """Return True when the second paragraph repeats a few words of the first (rule 4)."""
    if len(paras) < 3:
        return False
    second = paras[1]
    if not 1 <= second.n_words <= 3 or _PUNCT_OR_DIGIT_RE.search(second.text):
        return False
    head = " " + " ".join(paras[0].words) + " "
    return f" {' '.join(second.words)} " in head and paras[0].n_words > second.n_words


def flag_boilerplate(
    raw: str,
    template_keys: dict[str, int] | None = None,
    cues: BoilerplateCues | None = None,
    normalized: str | None = None,
    paras: Sequence[Paragraph] | None = None,
    template_counts: Sequence[int | None] | None = None,
) -> list[Flag]:
    """Return the boilerplate paragraphs of one document, each with its reason (rules 1-5).

    ``template_keys`` maps line keys (:func:`line_key`) that are template lines in the corpus to
    the number of documents sharing them (see :func:`template_lines`); ``template_counts``, when
    known, gives that number for each paragraph instead (None or 0: not a template line); ``cues``
    are the cue phrases (:func:`boilerplate_cues`, default: the default study's).
    """
    cues = cues or boilerplate_cues()
    if paras is None:
        paras = paragraphs(raw, normalized, cues.matcher.options)
    flags: dict[int, Flag] = {}
    in_comments = False
    rel = [relative_time(p) for p in paras]
    user = [is_user_name_line(p) for p in paras]

    def add(i: int, reason: str, evidence: str = "") -> None:
        sp = paras[i].span
        flags[i] = Flag(i, sp.start, sp.end, sp.text, reason, evidence)

    for i, p in enumerate(paras):
        cue = cue_flag(p, cues)
        next_rel = i + 1 < len(paras) and rel[i + 1][0]
        if cue:
            add(i, cue[0], cue[1])
            in_comments = in_comments or cue[0] in ("comment section", "comment form")
        elif (user[i] and next_rel) or (rel[i][0] and (rel[i][1] or (i > 0 and user[i - 1]))):
            add(i, "reader comment", "user name + relative time" if user[i] else "relative time")
            in_comments = True
        elif in_comments and (user[i] or rel[i][0] or p.n_words <= SHORT_WORDS):
            add(i, "reader comment", "inside a comment block")
        else:
            in_comments = False
    if 0 not in flags and _section_label(paras):
        add(0, "section label", "one or two words before the headline")
    if 1 not in flags and _headline_fragment(paras):
        add(1, "headline fragment", "repeats words of the headline (image caption)")
    if (template_keys or template_counts) and len(paras) > 1:  # one paragraph is an article, not a template
        if template_counts is None:
            template_counts = [template_keys.get(line_key(p.norm)) for p in paras]  # type: ignore[union-attr]
        for i, n in enumerate(template_counts):
            if i not in flags and n:
                add(i, "template line", f"shared by {n} documents")
    return [flags[i] for i in sorted(flags)]


def template_lines(
    docs: Sequence[Sequence[Paragraph]], min_docs_short: int = 2, min_share_long: float = 0.01, min_docs_long: int = 3
) -> dict[str, int]:
    """Return line key -> number of documents, for the lines that are template (rule 5)."""
    return template_keys_from_lines(
        [_line_keys(paras) for paras in docs], min_docs_short, min_share_long, min_docs_long
    )


def _line_keys(paras: Sequence[Paragraph]) -> list[tuple[str, bool]]:
    """Return (line key, is short and not sentence-like) for each paragraph."""
    return [(line_key(p.norm), is_short_line(p.text, p.n_words)) for p in paras]


def template_keys_from_lines(
    lines: Sequence[Sequence[tuple[str, bool]]],
    min_docs_short: int = 2,
    min_share_long: float = 0.01,
    min_docs_long: int = 3,
) -> dict[str, int]:
    """Return :func:`template_lines` from each document's (line key, is short) pairs."""
    import numpy as np

    ids: dict = {}
    keys, short = [], []
    for doc in lines:
        for k, is_short in doc:
            keys.append(ids.setdefault(k, len(ids) + 1) if k else 0)
            short.append(is_short)
    found = template_keys_from_arrays(
        np.array([len(doc) for doc in lines], dtype=np.int64),
        np.array(keys, dtype=np.int64),
        np.array(short, dtype=bool),
        min_docs_short,
        min_share_long,
        min_docs_long,
    )
    back = {i: k for k, i in ids.items()}
    return {back[i]: n for i, n in found.items()}


def template_keys_from_arrays(
    sizes: np.ndarray,
    keys: np.ndarray,
    short: np.ndarray,
    min_docs_short: int = 2,
    min_share_long: float = 0.01,
    min_docs_long: int = 3,
) -> dict[int, int]:
    """Return line key -> number of documents of the template lines of documents given as flat
    arrays: ``sizes`` (lines per document, in order), then per line its integer ``keys`` (0: an
    empty line) and whether it is ``short``. A line is a template when it is short and in at least
    ``min_docs_short`` documents, or in at least ``max(min_docs_long, min_share_long x documents)``,
    and two of its documents share no other long line (so it is not one article reprinted); a
    document of one line holds no template (its line is its article); a key is short or long as
    its first occurrence is. Memory: a few bytes per line, no Python object per line."""
    import numpy as np

    n_docs = len(sizes)
    doc = np.repeat(np.arange(n_docs, dtype=np.int64), sizes)
    ok = (np.repeat(sizes, sizes) >= 2) & (keys != 0)
    doc, keys, short = doc[ok], keys[ok], short[ok]
    if not len(keys):
        return {}
    uniq, first, kid = np.unique(keys, return_index=True, return_inverse=True)
    short_of = short[first]
    pair = np.unique(doc * len(uniq) + kid.ravel())  # each (document, key) once, by document
    pdoc, pkey = pair // len(uniq), pair % len(uniq)
    df = np.bincount(pkey, minlength=len(uniq))
    long_min = max(min_docs_long, math.ceil(min_share_long * n_docs))
    candidate = ((df >= min_docs_short) & short_of) | (df >= long_min)
    if not candidate.any():
        return {}
    long_shared = (df[pkey] >= 2) & ~short_of[pkey]
    ldoc, lkey = pdoc[long_shared], pkey[long_shared]
    bounds = np.searchsorted(ldoc, np.arange(n_docs + 1))
    sets: dict[int, frozenset] = {}

    def shared_long(d: int) -> frozenset:
        if d not in sets:
            sets[d] = frozenset(lkey[bounds[d] : bounds[d + 1]].tolist())
        return sets[d]

    sel = candidate[pkey]
    order = np.lexsort((pdoc[sel], pkey[sel]))  # by key, then document
    hkey, hdoc = pkey[sel][order], pdoc[sel][order]
    starts = np.flatnonzero(np.r_[True, hkey[1:] != hkey[:-1]])
    out = {}
    for start, stop in zip(starts.tolist(), [*starts[1:].tolist(), len(hkey)]):
        k = int(hkey[start])
        if _unrelated_pair(k, hdoc[start:stop].tolist(), shared_long):
            out[int(uniq[k])] = int(df[k])
    return out


def _unrelated_pair(key: int, docs: list[int], shared_long: Callable[[int], frozenset], cap: int = 60) -> bool:
    """Return True when two of ``docs`` share no long line other than ``key``."""
    sample = docs[:cap]
    for x, a in enumerate(sample):
        for b in sample[x + 1 :]:
            if not (shared_long(a) & shared_long(b)) - {key}:
                return True
    return False


#: up to this many paragraphs, shingles are taken in plain sorted order (cheaper to order)
_FEW_PARAGRAPHS = 64


@dataclass(frozen=True)
class InternalDuplicate:
    """A paragraph that repeats an earlier paragraph of the same document."""

    paragraph: int
    duplicate_of: int
    similarity: float
    start: int
    end: int
    original_start: int
    original_end: int
    text: str


def internal_duplicates(
    raw: str,
    threshold: float = 0.8,
    skip: Sequence[int] = (),
    min_words: int = 5,
    paras: Sequence[Paragraph] | None = None,
    options: NormalizeOptions = DEFAULT_OPTIONS,
) -> list[InternalDuplicate]:
    """Return the paragraphs of ``raw`` that repeat an earlier one (shingle Jaccard >= threshold).

    Paragraphs with fewer than ``min_words`` words (refrains, list items, labels) are left alone;
    paragraphs listed in ``skip`` (already removed as boilerplate) are not compared. Candidates
    come from an inverted index of the earlier paragraphs' shingles, so the cost grows with the
    number of shared shingles, not with the square of the number of paragraphs.
    """
    if paras is None:
        paras = paragraphs(raw, options=options)
    skipped = set(skip)
    cand = [p for p in paras if p.span.index not in skipped and p.n_words >= min_words]
    if len(cand) < 2:
        return []
    # the shingles as Python hashes: the same sets within this call (collisions aside, about
    # 2^-64 per pair of shingles), and integers sort much faster than tuples of words
    sets = [set(map(hash, paragraph_shingles(p.words))) for p in cand]
    # prefix filtering: two sets with Jaccard >= t share one of the first |s| - ceil(t |s|) + 1
    # shingles of each in any fixed order, so only those are indexed. With many paragraphs the
    # order is rarest first, so a shingle every paragraph shares (a dateline, a refrain) is seldom
    # in a prefix and the candidates stay few however many paragraphs share it
    frequency: Counter | None = Counter(sh for sj in sets for sh in sj) if len(sets) > _FEW_PARAGRAPHS else None
    index: dict[object, list[int]] = {}
    found: list[InternalDuplicate] = []
    for j, sj in enumerate(sets):
        ordered = sorted(sj) if frequency is None else sorted(sj, key=lambda sh: (frequency[sh], sh))
        prefix = ordered[: len(sj) - math.ceil(threshold * len(sj) - 1e-9) + 1]
        seen = {i for sh in prefix for i in index.get(sh, ())}
        best, best_i = 0.0, -1
        for i in sorted(seen):
            inter = len(sj & sets[i])
            sim = inter / (len(sj) + len(sets[i]) - inter)
            if sim > best:
                best, best_i = sim, i
        if best_i >= 0 and best >= threshold:
            a, b = cand[best_i].span, cand[j].span
            found.append(InternalDuplicate(b.index, a.index, round(best, 4), b.start, b.end, a.start, a.end, b.text))
            continue  # a later third copy is compared with the first one
        for sh in prefix:
            index.setdefault(sh, []).append(j)
    return found


def clean_document(
    raw: str,
    template_keys: dict[str, int] | None = None,
    dup_threshold: float = 0.8,
    cues: BoilerplateCues | None = None,
    normalized: str | None = None,
    paras: Sequence[Paragraph] | None = None,
    template_counts: Sequence[int | None] | None = None,
) -> tuple[list[tuple[int, int]], str, list[dict], str]:
    """Return (kept spans, clean text, removed paragraphs, normalized clean text) for one
    raw document (``template_counts``: see :func:`flag_boilerplate`)."""
    cues = cues or boilerplate_cues()
    if paras is None:
        paras = paragraphs(raw, normalized, cues.matcher.options)
    flags = flag_boilerplate(raw, template_keys, cues, paras=paras, template_counts=template_counts)
    removed = {f.paragraph: f.as_dict() for f in flags}
    for d in internal_duplicates(raw, dup_threshold, skip=list(removed), paras=paras):
        removed[d.paragraph] = {
            "paragraph": d.paragraph,
            "start": d.start,
            "end": d.end,
            "text": d.text,
            "reason": f"repeats paragraph {d.duplicate_of}",
            "evidence": f"Jaccard {d.similarity:.2f}",
            "duplicate_of": d.duplicate_of,
            "similarity": d.similarity,
        }
    kept_paras = [p for p in paras if p.span.index not in removed]
    kept = [(p.span.start, p.span.end) for p in kept_paras]
    clean = "\n\n".join(raw[s:e] for s, e in kept)
    clean_norm = "\n\n".join(p.norm for p in kept_paras)
    return kept, clean, [removed[i] for i in sorted(removed)], clean_norm


def _keys_chunk(norms: Sequence[str]) -> list[list[tuple[str, bool]]]:
    """Return the line keys of documents given as normalized texts (a worker's share of the
    template pass): the keys are the paragraphs of the normalized text (the raw text need not be
    split: splitting is the most expensive step of this pass)."""
    return [[_line(p.text) for p in split_paragraphs(norm)] for norm in norms]


def _line(norm: str) -> tuple[str, bool]:
    """Return (line key, is short and not sentence-like: :func:`is_short_line`) of a normalized
    paragraph; most paragraphs end like a sentence, so their words need not be counted."""
    return line_key(norm), not ends_like_sentence(norm) and _count_words(norm, SHORT_WORDS + 1) <= SHORT_WORDS


def _count_words(text: str, limit: int) -> int:
    """Return the number of words of ``text``, or ``limit`` when it has more (counting stops there)."""
    return len(list(islice(WORD_RE.finditer(text), limit)))


def key_hash(key: str) -> int:
    """Return a 64-bit hash of a line key (:func:`line_key`), the same in every process."""
    import hashlib

    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


class HashedKeys(dict):
    """Template line keys stored as 64-bit hashes (:func:`key_hash`) -> number of documents, looked
    up by the key itself: the template pass of a large corpus keeps 8 bytes per line, not the line."""

    def get(self, key: object, default: object = None) -> object:  # type: ignore[override]
        """Return the count of line key ``key`` (a string), or ``default``."""
        return super().get(key_hash(key) if isinstance(key, str) else key, default)


def hashed_lines(norms: Sequence[str]) -> list[list[tuple[int, int, int, bool]]]:
    """Return the lines of :func:`_keys_chunk` as (start, end, hashed key, is short): their offsets
    in the normalized text and their keys hashed (:func:`key_hash`; empty keys stay 0)."""
    docs = []
    for norm in norms:
        doc = []
        for p in split_paragraphs(norm):
            key, short = _line(p.text)
            doc.append((p.start, p.end, key_hash(key) if key else 0, short))
        docs.append(doc)
    return docs


def _clean_chunk(
    docs: Sequence[tuple[str, str]], keys: dict[str, int], dup_threshold: float, cues: BoilerplateCues
) -> list[tuple]:
    """Return :func:`clean_document` for (raw, normalized) documents (a worker's share)."""
    return [clean_document(raw, keys, dup_threshold, cues, norm) for raw, norm in docs]


def clean_corpus(
    df: pd.DataFrame,
    *,
    study: Study | str | None = None,
    templates: bool = True,
    dup_threshold: float = 0.8,
    min_share_long: float = 0.01,
    workers: int = 1,
) -> pd.DataFrame:
    """Return a copy of ``df`` with ``kept_spans``, ``clean``, ``removed`` and ``clean_text`` columns.

    ``kept_spans``: raw (start, end) offsets of the article paragraphs kept, in order;
    ``clean``: those paragraphs' raw text joined with a blank line;
    ``removed``: one dict per removed paragraph (paragraph, start, end, text, reason, evidence;
    internal duplicates also carry duplicate_of and similarity);
    ``clean_text``: the normalized form of ``clean`` (for counting and shingling).
    Cue phrases come from ``study`` (default: the corpus's study, see
    :func:`~arabic_news.core.study.resolve_study`); text is normalized with the corpus's options.
    With ``templates=False`` lines are not compared across documents (rule 5 is skipped);
    ``workers`` > 1 splits the work over that many processes (same result).
    """
    options = options_of(df)
    pack = resolve_study(study, df)
    pack.check_options(options)
    cues = boilerplate_cues(pack, options)
    raws = list(df["raw"])
    norms = normalized_texts(df)
    docs = list(zip(raws, norms))
    workers = workers if len(docs) >= PARALLEL_MIN_DOCS else 1
    keys: dict[str, int] = {}
    if templates:
        lines = [d for part in parallel_map(_keys_chunk, norms, workers) for d in part]
        keys = template_keys_from_lines(lines, min_share_long=min_share_long)
    chunk = partial(_clean_chunk, keys=keys, dup_threshold=dup_threshold, cues=cues)
    results = [r for part in parallel_map(chunk, docs, workers) for r in part]
    out = df.copy()
    out["kept_spans"] = [r[0] for r in results]
    out["clean"] = [r[1] for r in results]
    out["removed"] = [r[2] for r in results]
    out["clean_text"] = [r[3] for r in results]
    return out


def removal_report(cleaned: pd.DataFrame) -> pd.DataFrame:
    """Return one row per removed paragraph: doc_id, paragraph, reason, text (and offsets)."""
    import pandas as pd

    rows = [
        {
            "doc_id": doc_id,
            "paragraph": r["paragraph"],
            "reason": r["reason"],
            "text": r["text"],
            "start": r["start"],
            "end": r["end"],
        }
        for doc_id, removed in zip(cleaned["doc_id"], cleaned["removed"])
        for r in removed
    ]
    return pd.DataFrame(rows, columns=["doc_id", "paragraph", "reason", "text", "start", "end"])
