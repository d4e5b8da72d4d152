"""The evidence behind a number, document by document: every lexicon hit in its context, one
document explained term by term, how much of a corpus a study pack reaches, and the frequent
phrases of a corpus that may name its actors.

These are the computations of ``arabic-news kwic``, ``explain`` and ``studies init|check``; they take
prepared :class:`~arabic_news.core.document.Document` objects (a batch at a time, so a corpus of any
size streams through them) and a :class:`~arabic_news.analyses.stance.StanceScorer`, and return
JSON-ready records. Scores are always read through the scorer's own methods (``alignment``,
``actor_scores``, ``counted``), so what "counted" means is defined once, there.

**Voice.** A hit is in the outlet's ``own`` voice, ``quoted`` (inside quotation marks, after a verb
of saying and a colon, or neutralized by scare quotes) or ``reported`` (indirect speech after a verb
of saying and إن / أن "that"): the scorer's :attr:`~arabic_news.analyses.stance.Hit.voice`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ..core.document import Document
from ..core.match import PhraseMatcher
from ..core.text import NormalizeOptions, normalize, words
from .concordance import keyword_in_context
from .discovery import clitic_form, ngram_counts
from .stance import Hit, StanceScorer

if TYPE_CHECKING:
    from ..core.study import Study

#: the voices a hit can be in (see the module docstring)
VOICES = ("own", "quoted", "reported")
#: characters of context on each side of a keyword
WIDTH = 40


def glosses(scorer: StanceScorer) -> dict[str, str]:
    """Return the English gloss of every framing term and neutral name of the scorer's lexicon."""
    out = dict(zip(scorer.neutral["term"], scorer.neutral["gloss_en"]))
    out.update(zip(scorer.lexicon["term"], scorer.lexicon["gloss_en"]))
    return out


def hit_records(
    doc: Document,
    hits: Sequence[Hit],
    scorer: StanceScorer,
    *,
    include_quoted: bool = False,
    width: int = WIDTH,
    gloss: dict[str, str] | None = None,
) -> list[dict]:
    """Return one keyword-in-context record per hit of ``doc``: before, keyword (the raw span), after,
    then the term, its gloss, actor, polarity (0: a neutral name), intensity, weight, voice,
    target_via, whether it counts toward the actor's score (``counted``), its side of the alignment
    axis (``axis``: +1, -1, 0), category and raw offsets."""
    gloss = glosses(scorer) if gloss is None else gloss
    counted = set(scorer.counted(hits, include_quoted))
    out = []
    for h in hits:
        before, keyword, after = keyword_in_context(doc.raw, h.start, h.end, width)
        out.append(
            {
                "before": before,
                "keyword": keyword,
                "after": after,
                "term": h.term,
                "gloss_en": gloss.get(h.term, ""),
                "actor": h.actor,
                "polarity": h.polarity,
                "intensity": h.intensity,
                "weight": scorer.weight(h.intensity) if h.polarity else 0.0,
                "voice": h.voice,
                "target_via": h.target_via,
                "counted": h in counted,
                "axis": h.polarity * scorer.axis_sign(h.actor),
                "category": h.category,
                "start": h.start,
                "end": h.end,
            }
        )
    return out


def term_records(doc: Document, matcher: PhraseMatcher, width: int = WIDTH) -> list[dict]:
    """Return one keyword-in-context record per match of ``matcher``'s terms in the text of ``doc``
    that cleaning kept (the whole text when it is not cleaned): before, keyword, after, term, start, end."""
    spans = doc.kept_spans
    out = []
    for m in doc.find(matcher):
        if spans is not None and not any(s <= m.start and m.end <= e for s, e in spans):
            continue
        before, keyword, after = keyword_in_context(doc.raw, m.start, m.end, width)
        out.append(
            {"before": before, "keyword": keyword, "after": after, "term": m.term, "start": m.start, "end": m.end}
        )
    return out


# --- one document explained -----------------------------------------------------------------------


def _rounded(value: float | None) -> float | None:
    """Return a score rounded to 4 decimals (None stays None)."""
    return None if value is None else round(value, 4)


def explain_document(
    doc: Document, scorer: StanceScorer, *, include_quoted: bool = False, width: int = WIDTH
) -> list[dict]:
    """Return one record per hit of ``doc`` (:func:`hit_records`) with the document's alignment
    (``alignment``, its interval ``alignment_low`` / ``alignment_high``, ``n_hits``, ``n_words``) and
    what leaving the hit's term out of the document changes: ``alignment_without_term`` and
    ``alignment_delta``; for a hit that counts toward its actor's score, ``actor_score``,
    ``actor_score_without_term`` and ``actor_delta`` (None otherwise, and None when no score is left).
    Every score is the scorer's own (:meth:`~arabic_news.analyses.stance.StanceScorer.alignment`,
    :meth:`~arabic_news.analyses.stance.StanceScorer.actor_scores`). A document without hits gives
    one record with its scores and empty hit fields."""
    result = scorer.score(doc, include_quoted=include_quoted)
    hits, n_words, al = result["hits"], result["n_words"], result["alignment"]
    head = {
        "alignment": _rounded(al["score"]),
        "alignment_low": _rounded(al["low"]),
        "alignment_high": _rounded(al["high"]),
        "n_hits": al["n_hits"],
        "n_words": n_words,
    }
    records = hit_records(doc, hits, scorer, include_quoted=include_quoted, width=width)
    if not records:
        return [{**head, **dict.fromkeys(HIT_FIELDS), **dict.fromkeys(CHANGES)}]
    without = {}
    for term in dict.fromkeys(h.term for h in hits):
        without[term] = scorer.alignment([h for h in hits if h.term != term], include_quoted)["score"]
    out = []
    for record in records:
        term, actor = record["term"], record["actor"]
        change = dict.fromkeys(CHANGES)
        change.update(
            alignment_without_term=_rounded(without[term]), alignment_delta=_delta(al["score"], without[term])
        )
        if record["counted"]:
            score = result["actors"][actor]["score"] if actor in result["actors"] else None
            rest = [h for h in hits if not (h.term == term and h.actor == actor)]
            left = scorer.actor_scores(rest, n_words, include_quoted, actors=[actor])[actor]["score"]
            change.update(
                actor_score=_rounded(score), actor_score_without_term=_rounded(left), actor_delta=_delta(score, left)
            )
        out.append({**head, **record, **change})
    return out


#: the fields of a hit record (:func:`hit_records`)
HIT_FIELDS = (
    "before",
    "keyword",
    "after",
    "term",
    "gloss_en",
    "actor",
    "polarity",
    "intensity",
    "weight",
    "voice",
    "target_via",
    "counted",
    "axis",
    "category",
    "start",
    "end",
)
#: what :func:`explain_document` adds to each hit
CHANGES = ("alignment_without_term", "alignment_delta", "actor_score", "actor_score_without_term", "actor_delta")


def _delta(score: float | None, without: float | None) -> float | None:
    """Return without - score, rounded (None when either is None)."""
    return None if score is None or without is None else _rounded(without - score)


# --- how much of a corpus a pack reaches ----------------------------------------------------------


def coverage_counts(docs: Iterable[Document], scorer: StanceScorer, include_quoted: bool = False) -> dict:
    """Return what the scorer finds in ``docs`` (a batch; add batches with :func:`add_coverage`):
    documents, topic (mention a topic term), any_hit (a framing term or neutral name), counted (a
    favourable or hostile hit that counts), aligned (an alignment score) and ``terms`` (a Counter
    of the documents in which each framing term counts)."""
    out = {"documents": 0, "topic": 0, "any_hit": 0, "counted": 0, "aligned": 0, "terms": Counter()}
    topic = scorer.lex.topic
    for doc in docs:
        out["documents"] += 1
        text = doc.clean_text if doc.cleaned else doc.text
        out["topic"] += topic is None or bool(topic.count(text, normalized=text))
        hits = scorer.find_hits(doc)
        counted = scorer.counted(hits, include_quoted)
        out["any_hit"] += bool(hits)
        out["counted"] += bool(counted)
        out["aligned"] += scorer.alignment(hits, include_quoted)["score"] is not None
        out["terms"].update({h.term for h in counted})
    return out


def add_coverage(total: dict | None, part: dict) -> dict:
    """Return the coverage counts of two parts of a corpus added up."""
    if total is None:
        return part
    for key, value in part.items():
        total[key] = total[key] + value
    return total


def coverage_summary(counts: dict, study: Study) -> dict:
    """Return the coverage of a corpus as shares, with the framing terms never counted."""
    n = counts["documents"]
    share = {k: round(counts[k] / n, 4) if n else None for k in ("topic", "any_hit", "counted", "aligned")}
    found = counts["terms"]
    terms = list(dict.fromkeys(study.framing["term"]))
    return {
        "documents": n,
        **{f"{k}_documents": counts[k] for k in ("topic", "any_hit", "counted", "aligned")},
        **{f"{k}_share": v for k, v in share.items()},
        "framing_terms": len(terms),
        "framing_terms_found": sum(1 for t in terms if found[t]),
        "most_frequent_terms": [f"{t} ({c})" for t, c in found.most_common(10)],
        "terms_never_found": [t for t in terms if not found[t]],
    }


# --- frequent phrases: candidate names ----------------------------------------------------------

_PARTICLE_WORDS = """في من إلى على عن مع منذ حول خلال بين بعد قبل عند حتى ضد دون نحو لدى أن إن بأن أنه إنه التي
الذي الذين اللذين اللتين ما لا لم لن قد كما كان كانت يكون تكون هذا هذه ذلك تلك هناك هو هي هم أو أم ثم كل بعض
غير أي وقال قال وقالت قالت أكثر أيضا"""
#: particles that never begin or end a name (prepositions, conjunctions, relatives, negations,
#: demonstratives, auxiliaries), normalized: used only to pick candidate names, never to delete text
PARTICLES = frozenset(normalize(w) for w in _PARTICLE_WORDS.split())


def phrase_counts(docs: Iterable[Document], ngrams: tuple[int, int] = (1, 3), min_docs: int = 2) -> Counter:
    """Return, for a batch of documents, the number of documents using each clitic-aware 1- to
    3-gram that no particle begins or ends and that holds letters, among those in at least
    ``min_docs`` documents of the batch (add batches up with ``+``)."""
    tokenized = [words(d.clean_text if d.cleaned else d.text, None) for d in docs]
    vocab = {w for ws in tokenized for w in ws}
    df: Counter = Counter()
    for ws in tokenized:
        grams = ngram_counts([clitic_form(w, vocab) for w in ws], ngrams)
        df.update(g for g in grams if _name_like(g))
    return Counter({g: n for g, n in df.items() if n >= min_docs})


def _name_like(gram: str) -> bool:
    """Return True when an n-gram may be a name: letters, no particle at either end."""
    parts = gram.split()
    return parts[0] not in PARTICLES and parts[-1] not in PARTICLES and not any(p.isdigit() for p in parts)


def name_candidates(
    df: Counter, study: Study | None = None, k: int = 60, written: Mapping[str, str] | None = None
) -> list[dict]:
    """Return the ``k`` most frequent phrases of document counts ``df`` as candidate actor names:
    term (each word as ``written`` spells it, :func:`~arabic_news.analyses.discovery.most_spelled`;
    without it, normalized), documents; a phrase inside a longer one used in as many documents is
    left out (the longer says more), and so are the terms of the ``study``'s general cue lexicons
    (verbs of saying, time expressions, cues of fighting), which are not names."""
    spelled = written or {}
    cues: set[str] = set()
    if study is not None:
        for kind in ("attribution", "time_cues", "target_cues"):
            cues |= {normalize(t) for t in study.lexicon(kind)["term"]}
    ranked = sorted(df.items(), key=lambda kv: (-kv[1], kv[0]))
    ranked = [(g, n) for g, n in ranked if g not in cues]
    by_count: dict[int, list[str]] = {}
    for g, n in ranked:
        by_count.setdefault(n, []).append(g)
    out = []
    for g, n in ranked:
        if any(f" {g} " in f" {longer} " for longer in by_count[n] if len(longer) > len(g)):
            continue
        out.append({"term": " ".join(spelled.get(w, w) for w in g.split(" ")), "documents": n})
        if len(out) == k:
            break
    return out


# --- discovery candidates already in the pack -----------------------------------------------------


def lexicon_marks(grams: Iterable[str], study: Study, options: NormalizeOptions) -> dict[str, tuple[str, str]]:
    """Return, for each n-gram (as :mod:`~arabic_news.analyses.discovery` writes them), where the
    pack already has it: (``framing``, ``neutral``, ``actors`` or "" when the whole n-gram is a term
    of that lexicon, clitics aside; the lexicon terms found inside it, "; "-separated)."""
    files = {"framing": study.framing, "neutral": study.neutral, "actors": study.actor_terms}
    where: dict[str, str] = {}
    for name, frame in files.items():
        for term in frame["term"]:
            where.setdefault(term, name)
    if not where:  # a new pack: nothing is in it yet
        return dict.fromkeys(grams, ("", ""))
    matcher = PhraseMatcher(list(where), options=options)
    out = {}
    for gram in grams:
        found = matcher.find(gram)
        whole = next((where[m.term] for m in found if (m.start, m.end) == (0, len(gram))), "")
        inside = "; ".join(dict.fromkeys(f"{m.term} ({where[m.term]})" for m in found))
        out[gram] = (whole, inside)
    return out
