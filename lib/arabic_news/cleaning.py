"""Boilerplate and internal duplicates: keep the article text, report everything removed.

A scraped news page holds more than the article: section labels, "read also" links, share
buttons, donation appeals, comment forms, reader comments, and sometimes a paragraph the CMS
printed twice. This module flags those paragraphs with a *reason* each, never edits the raw text,
and returns the article text as raw-text spans (:func:`clean_corpus`).

The unit is the paragraph of :func:`arabic_news.text.split_paragraphs` (one line per paragraph
for articles without blank lines). Paragraph numbers are 0-based, as in ``split_paragraphs``.

Rules, applied in this order (the first that fires gives the reason):

1. **cue phrases** (``data/lexicons/boilerplate.csv``): a paragraph is flagged when its cue phrases
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

import csv
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .match import PhraseMatcher
from .paths import LEXICON_DIR
from .text import Span, count_words, normalize, split_paragraphs

if TYPE_CHECKING:
    import pandas as pd

BOILERPLATE_CSV = LEXICON_DIR / "boilerplate.csv"

#: a paragraph with at most this many words is "short"
SHORT_WORDS = 12
#: cue phrases covering at least this share of a paragraph's words flag it
COVERAGE = 0.6

_WORD_RE = re.compile(r"[^\W_]+")
_SENTENCE_END_RE = re.compile(r"[.!?؟…][\"'”»)\]]*\s*$")
_PUNCT_OR_DIGIT_RE = re.compile(r"[^\w\s]|\d")
_DASH_END_RE = re.compile(r"\s[-–—]\s*$|^[^\n]{1,60}?[-–—]$")
#: relative-time units after منذ ("since/ago"), normalized, longest first
_TIME_UNITS = sorted(
    ["ثانيه", "ثوان", "دقيقه", "دقيقتين", "دقائق", "ساعه", "ساعتين", "ساعات", "يوم", "يومين",
     "ايام", "اسبوع", "اسبوعين", "اسابيع", "شهر", "شهرين", "اشهر", "سنه", "سنتين", "سنوات"],
    key=len, reverse=True,
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
        return {"paragraph": self.paragraph, "start": self.start, "end": self.end,
                "text": self.text, "reason": self.reason, "evidence": self.evidence}


def load_boilerplate_lexicon(path: str | Path | None = None) -> "pd.DataFrame":
    """Return the cue-phrase lexicon (phrase, reason, scope, gloss_en) as a DataFrame."""
    import pandas as pd

    return pd.read_csv(path or BOILERPLATE_CSV, encoding="utf-8", dtype=str)


@lru_cache(maxsize=8)
def _cues(path: str) -> tuple[PhraseMatcher, dict[str, tuple[str, str]]]:
    """Return a matcher over the lexicon's phrases and phrase -> (reason, scope)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    info = {r["phrase"].strip(): (r["reason"].strip(), r["scope"].strip()) for r in rows}
    return PhraseMatcher(info, suffixes=False), info


def line_key(text: str) -> str:
    """Return the key under which a line is counted across documents (normalized, spaces folded)."""
    return " ".join(normalize(text).split())


def is_sentence_like(text: str) -> bool:
    """Return True when ``text`` ends like a sentence (. ! ? ؟ … possibly before a quote)."""
    return _SENTENCE_END_RE.search(text) is not None


def is_short_line(text: str, words: int | None = None) -> bool:
    """Return True for a short (at most 12 words) line that does not end like a sentence."""
    n = count_words(text) if words is None else words
    return n <= SHORT_WORDS and not is_sentence_like(text)


def cue_flag(text: str, words: int | None = None,
             lexicon: str | Path | None = None) -> tuple[str, str] | None:
    """Return (reason, cue phrases) when rule 1 (cue phrases) flags the paragraph, else None."""
    matcher, info = _cues(str(lexicon or BOILERPLATE_CSV))
    matches = matcher.find(text)
    if not matches:
        return None
    n = count_words(text) if words is None else words
    covered = sum(count_words(m.text) for m in matches)
    strong = [m for m in matches if info[m.term][1] == "paragraph"]
    distinct = {m.term for m in strong}
    fires = (n and covered / n >= COVERAGE) or len(distinct) >= 2 or (
        strong and n <= SHORT_WORDS and not is_sentence_like(text))
    if not fires:
        return None
    first = (strong or matches)[0]
    return info[first.term][0], "، ".join(dict.fromkeys(m.term for m in matches))


def relative_time(text: str) -> tuple[bool, bool]:
    """Return (starts with a relative time such as منذ 7 ساعات, the time is glued to a word)."""
    norm = normalize(text.lstrip())
    m = _RELATIVE_RE.match(norm)
    if not m:
        return False, False
    rest = norm[m.end():]
    for unit in _TIME_UNITS:
        if rest.startswith(unit):
            after = rest[len(unit):len(unit) + 1]
            return True, bool(after) and (after.isalpha())
    return False, False


def is_user_name_line(text: str) -> bool:
    """Return True for a comment author line: at most 5 words ending in a dash."""
    return count_words(text) <= 5 and _DASH_END_RE.search(text.strip()) is not None


def _section_label(paras: Sequence[Span]) -> bool:
    """Return True when the first paragraph looks like a section label (rule 3)."""
    if len(paras) < 3:
        return False
    first = paras[0].text
    words = _WORD_RE.findall(normalize(first))
    if not 1 <= len(words) <= 2 or _PUNCT_OR_DIGIT_RE.search(first):
        return False
    if any(w.startswith("ي") and len(w) >= 4 for w in words):
        return False
    return count_words(paras[1].text) > len(words) + 1


def _headline_fragment(paras: Sequence[Span]) -> bool:
    """Return True when the second paragraph repeats a few words of the first (rule 4)."""
    if len(paras) < 3:
        return False
    second = paras[1].text
    words = _WORD_RE.findall(normalize(second))
    if not 1 <= len(words) <= 3 or _PUNCT_OR_DIGIT_RE.search(second):
        return False
    head = " " + " ".join(_WORD_RE.findall(normalize(paras[0].text))) + " "
    return f" {' '.join(words)} " in head and len(head.split()) > len(words)


def flag_boilerplate(raw: str, template_keys: dict[str, int] | None = None,
                     lexicon: str | Path | None = None) -> list[Flag]:
    """Return the boilerplate paragraphs of one document, each with its reason (rules 1-5).

    ``template_keys`` maps line keys (:func:`line_key`) that are template lines in the corpus to
    the number of documents sharing them (see :func:`template_lines`).
    """
    paras = split_paragraphs(raw)
    flags: dict[int, Flag] = {}
    in_comments = False
    words = [count_words(p.text) for p in paras]

    def add(i: int, reason: str, evidence: str = "") -> None:
        p = paras[i]
        flags[i] = Flag(i, p.start, p.end, p.text, reason, evidence)

    for i, p in enumerate(paras):
        cue = cue_flag(p.text, words[i], lexicon)
        rel, glued = relative_time(p.text)
        user = is_user_name_line(p.text)
        next_rel = i + 1 < len(paras) and relative_time(paras[i + 1].text)[0]
        prev_user = i > 0 and is_user_name_line(paras[i - 1].text)
        if cue:
            add(i, cue[0], cue[1])
            in_comments = in_comments or cue[0] in ("comment section", "comment form")
        elif (user and next_rel) or (rel and (glued or prev_user)):
            add(i, "reader comment", "user name + relative time" if user else "relative time")
            in_comments = True
        elif in_comments and (user or rel or words[i] <= SHORT_WORDS):
            add(i, "reader comment", "inside a comment block")
        else:
            in_comments = False
    if 0 not in flags and _section_label(paras):
        add(0, "section label", "one or two words before the headline")
    if 1 not in flags and _headline_fragment(paras):
        add(1, "headline fragment", "repeats words of the headline (image caption)")
    if template_keys:
        for i, p in enumerate(paras):
            n = template_keys.get(line_key(p.text))
            if i not in flags and n:
                add(i, "template line", f"shared by {n} documents")
    return [flags[i] for i in sorted(flags)]


def template_lines(raws: Sequence[str], min_docs_short: int = 2, min_share_long: float = 0.01,
                   min_docs_long: int = 3) -> dict[str, int]:
    """Return line key -> number of documents, for the lines that are template (rule 5)."""
    doc_keys: list[set[str]] = []
    short: dict[str, bool] = {}
    df: Counter[str] = Counter()
    for raw in raws:
        keys = set()
        for p in split_paragraphs(raw):
            k = line_key(p.text)
            if k:
                keys.add(k)
                if k not in short:
                    short[k] = is_short_line(p.text)
        doc_keys.append(keys)
        df.update(keys)
    long_min = max(min_docs_long, math.ceil(min_share_long * len(raws)))
    candidates = {k for k, n in df.items()
                  if (n >= min_docs_short and short[k]) or n >= long_min}
    if not candidates:
        return {}
    shared_long = [{k for k in keys if df[k] >= 2 and not short[k]} for keys in doc_keys]
    holders: dict[str, list[int]] = {k: [] for k in candidates}
    for d, keys in enumerate(doc_keys):
        for k in keys & candidates:
            holders[k].append(d)
    return {k: df[k] for k, docs in holders.items() if _unrelated_pair(k, docs, shared_long)}


def _unrelated_pair(key: str, docs: list[int], shared_long: list[set[str]], cap: int = 60) -> bool:
    """Return True when two of ``docs`` share no long paragraph other than ``key``."""
    sample = docs[:cap]
    for x, a in enumerate(sample):
        for b in sample[x + 1:]:
            if not (shared_long[a] & shared_long[b]) - {key}:
                return True
    return False


def _shingle_set(text: str) -> set:
    """Return the shingles used to compare two paragraphs of one document."""
    from .duplicates import paragraph_shingles

    return paragraph_shingles(text)


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


def internal_duplicates(raw: str, threshold: float = 0.8,
                        skip: Sequence[int] = ()) -> list[InternalDuplicate]:
    """Return the paragraphs of ``raw`` that repeat an earlier one (Jaccard >= threshold)."""
    from .duplicates import jaccard

    paras = [p for p in split_paragraphs(raw) if p.index not in set(skip)]
    sets = [_shingle_set(p.text) for p in paras]
    found: list[InternalDuplicate] = []
    removed: set[int] = set()
    for j in range(1, len(paras)):
        best, best_i = 0.0, -1
        for i in range(j):
            if i in removed or not sets[i] or not sets[j]:
                continue
            small, large = sorted((len(sets[i]), len(sets[j])))
            if small / large < threshold:
                continue  # Jaccard <= |small| / |large|: cannot reach the threshold
            sim = jaccard(sets[i], sets[j])
            if sim > best:
                best, best_i = sim, i
        if best_i >= 0 and best >= threshold:
            removed.add(j)
            a, b = paras[best_i], paras[j]
            found.append(InternalDuplicate(b.index, a.index, round(best, 4), b.start, b.end,
                                           a.start, a.end, b.text))
    return found


def clean_document(raw: str, template_keys: dict[str, int] | None = None,
                   dup_threshold: float = 0.8, lexicon: str | Path | None = None
                   ) -> tuple[list[tuple[int, int]], str, list[dict]]:
    """Return (kept spans, clean text, removed paragraphs) for one raw document."""
    paras = split_paragraphs(raw)
    removed = {f.paragraph: f.as_dict() for f in flag_boilerplate(raw, template_keys, lexicon)}
    for d in internal_duplicates(raw, dup_threshold, skip=list(removed)):
        removed[d.paragraph] = {"paragraph": d.paragraph, "start": d.start, "end": d.end,
                                "text": d.text, "reason": f"repeats paragraph {d.duplicate_of}",
                                "evidence": f"Jaccard {d.similarity:.2f}"}
    kept = [(p.start, p.end) for p in paras if p.index not in removed]
    clean = "\n\n".join(raw[s:e] for s, e in kept)
    return kept, clean, [removed[i] for i in sorted(removed)]


def clean_corpus(df: "pd.DataFrame", *, templates: bool = True, dup_threshold: float = 0.8,
                 min_share_long: float = 0.01, lexicon: str | Path | None = None
                 ) -> "pd.DataFrame":
    """Return a copy of ``df`` with ``kept_spans``, ``clean`` and ``removed`` columns added.

    ``kept_spans``: raw (start, end) offsets of the article paragraphs kept, in order;
    ``clean``: those paragraphs' raw text joined with a blank line;
    ``removed``: one dict per removed paragraph (paragraph, start, end, text, reason, evidence).
    With ``templates=False`` lines are not compared across documents (rule 5 is skipped).
    """
    raws = list(df["raw"])
    keys = template_lines(raws, min_share_long=min_share_long) if templates else {}
    results = [clean_document(raw, keys, dup_threshold, lexicon) for raw in raws]
    out = df.copy()
    out["kept_spans"] = [r[0] for r in results]
    out["clean"] = [r[1] for r in results]
    out["removed"] = [r[2] for r in results]
    return out


def removal_report(cleaned: "pd.DataFrame") -> "pd.DataFrame":
    """Return one row per removed paragraph: doc_id, paragraph, reason, text (and offsets)."""
    import pandas as pd

    rows = [{"doc_id": doc_id, "paragraph": r["paragraph"], "reason": r["reason"],
             "text": r["text"], "start": r["start"], "end": r["end"]}
            for doc_id, removed in zip(cleaned["doc_id"], cleaned["removed"]) for r in removed]
    return pd.DataFrame(rows, columns=["doc_id", "paragraph", "reason", "text", "start", "end"])
