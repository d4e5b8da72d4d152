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
   so an article sentence that mentions them is never flagged. A paragraph of more than 50 words or
   more than three sentences is article prose and never flagged by a cue (an article stored on one
   line, as scraped JSON often holds it, keeps its text whatever cue phrases it contains).
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
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from ..core.context import Context, context_cached
from ..core.document import Document, Paragraph, documents, paragraphs_of
from ..core.match import PhraseMatcher
from ..core.parallel import parallel_map
from ..core.shingles import paragraph_shingles
from ..core.text import (
    DEFAULT_OPTIONS,
    WORD_RE,
    NormalizeOptions,
    Span,
    ends_like_sentence,
    normalize,
    split_sentences,
)
from .templates import SHORT_WORDS, line_key, template_lines

if TYPE_CHECKING:
    import pandas as pd

#: cue phrases covering at least this share of a paragraph's words flag it
COVERAGE = 0.6
#: a paragraph with more words than this, or more sentences, is never flagged by cue phrases (rule 1):
#: boilerplate blocks are short (the longest in the corpora of this package: 33 words, 3 sentences)
CUE_MAX_WORDS = 50
CUE_MAX_SENTENCES = 3
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
class BoilerplateCues:
    """The cue phrases of a boilerplate lexicon: phrase -> (reason, scope, number of words), and
    one matcher over all of them (conjunction and preposition prefixes, no pronoun suffixes)."""

    info: dict[str, tuple[str, str, int]]
    matcher: PhraseMatcher


@context_cached
def boilerplate_cues(ctx: Context) -> BoilerplateCues:
    """Return the boilerplate cues of the context's study (its ``boilerplate`` lexicon), normalized
    with its options."""
    options = ctx.options
    lexicon = ctx.study.lexicon("boilerplate")
    info = {}
    for phrase, reason, scope in zip(lexicon["phrase"], lexicon["reason"], lexicon["scope"]):
        info[phrase] = (reason, scope, len(WORD_RE.findall(normalize(phrase, options))))
    return BoilerplateCues(info, PhraseMatcher(info, options=options, suffixes=False))


def cue_flag(para: Paragraph | str, cues: BoilerplateCues) -> tuple[str, str] | None:
    """Return (reason, cue phrases found) when rule 1 (cue phrases) flags the paragraph."""
    if isinstance(para, str):
        para = (
            paragraphs_of(para, options=cues.matcher.options)[0]
            if para.strip()
            else Paragraph(Span(0, 0, 0, ""), "", ())
        )
    counts = cues.matcher.count(para.norm, normalized=para.norm)
    if not counts:
        return None
    if para.n_words > CUE_MAX_WORDS or len(split_sentences(para.text)) > CUE_MAX_SENTENCES:
        return None  # article prose: a one-line article mentioning "read also" keeps its text
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


def relative_time(para: Paragraph | str, options: NormalizeOptions = DEFAULT_OPTIONS) -> tuple[bool, bool]:
    """Return (starts with a relative time such as منذ 7 ساعات, the time is glued to a word); a
    string is normalized with ``options``."""
    norm = para.norm if isinstance(para, Paragraph) else normalize(para, options)
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
    doc: Document,
    cues: BoilerplateCues,
    template_keys: Mapping[str, int] | None = None,
    template_counts: Sequence[int | None] | None = None,
) -> list[Flag]:
    """Return the boilerplate paragraphs of one document, each with its reason (rules 1-5).

    ``cues``: the cue phrases (:func:`boilerplate_cues`). ``template_keys`` maps line keys
    (:func:`~arabic_news.analyses.templates.line_key`) that are template lines in the corpus to the
    number of documents sharing them (:func:`~arabic_news.analyses.templates.template_lines`);
    ``template_counts``, when known, gives that number for each paragraph instead (None or 0: not a
    template line).
    """
    paras = doc.paragraphs
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
    doc: Document | str,
    threshold: float = 0.8,
    skip: Sequence[int] = (),
    min_words: int = 5,
    options: NormalizeOptions = DEFAULT_OPTIONS,
) -> list[InternalDuplicate]:
    """Return the paragraphs of a document (or of a raw text, normalized with ``options``) that
    repeat an earlier one (shingle Jaccard >= threshold).

    Paragraphs with fewer than ``min_words`` words (refrains, list items, labels) are left alone;
    paragraphs listed in ``skip`` (already removed as boilerplate) are not compared. Candidates
    come from an inverted index of the earlier paragraphs' shingles, so the cost grows with the
    number of shared shingles, not with the square of the number of paragraphs.
    """
    paras = (Document("", doc, options) if isinstance(doc, str) else doc).paragraphs
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
    doc: Document,
    cues: BoilerplateCues,
    template_keys: Mapping[str, int] | None = None,
    dup_threshold: float = 0.8,
    template_counts: Sequence[int | None] | None = None,
) -> Document:
    """Clean one document: record on it the paragraphs kept and those removed with their reasons
    (rules 1-6; ``template_counts``: see :func:`flag_boilerplate`); return it."""
    flags = flag_boilerplate(doc, cues, template_keys, template_counts)
    removed = {f.paragraph: f.as_dict() for f in flags}
    for d in internal_duplicates(doc, dup_threshold, skip=list(removed)):
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
    kept = (p.span.index for p in doc.paragraphs if p.span.index not in removed)
    doc.keep(kept, [removed[i] for i in sorted(removed)])
    return doc


def _clean_chunk(
    rows: Sequence[tuple[str, str]], ctx: Context, keys: Mapping[str, int], dup_threshold: float
) -> list[tuple[tuple[int, ...], list[dict]]]:
    """Return (paragraphs kept, paragraphs removed) of documents given as (doc_id, raw) (a worker's share)."""
    cues = boilerplate_cues(ctx)
    out = []
    for doc_id, raw in rows:
        doc = clean_document(Document(doc_id, raw, ctx.options), cues, keys, dup_threshold)
        out.append((doc.kept, doc.removed))
    return out


def clean_corpus(
    df: pd.DataFrame,
    ctx: Context,
    *,
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
    Cue phrases come from the context's study; text is normalized with its options. With
    ``templates=False`` lines are not compared across documents (rule 5 is skipped); ``workers`` > 1
    splits the work over that many processes (same result).
    """
    docs = documents(df, ctx.options)
    keys = template_lines(docs, min_share_long=min_share_long) if templates else {}
    if workers > 1 and len(docs) >= PARALLEL_MIN_DOCS:
        chunk = partial(_clean_chunk, ctx=ctx, keys=keys, dup_threshold=dup_threshold)
        results = [r for part in parallel_map(chunk, [(d.doc_id, d.raw) for d in docs], workers) for r in part]
        for doc, (kept, removed) in zip(docs, results):
            doc.keep(kept, removed)
    else:
        cues = boilerplate_cues(ctx)
        for doc in docs:
            clean_document(doc, cues, keys, dup_threshold)
    out = df.copy()
    out["kept_spans"] = [d.kept_spans for d in docs]
    out["clean"] = [d.clean_raw for d in docs]
    out["removed"] = [d.removed for d in docs]
    out["clean_text"] = [d.clean_text for d in docs]
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
