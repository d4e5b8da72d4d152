"""Facts about a corpus, computed once: what notebooks, the report and the instructor guide quote.

Each function answers one question that several places of the teaching material state in words
(how many paragraphs an article repeats, how many words cleaning removes, how often a phrase occurs
and why two counts of it differ); ``tests/test_facts.py`` checks every statement against them.
Per-outlet findings are computed on the *article text* (:func:`article_text`: boilerplate and
repeated paragraphs removed, as notebook 02 does) unless a table says "raw".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..core.corpus import normalized_texts
from ..core.match import PhraseMatcher
from ..core.study import options_of, resolve_study
from ..core.text import count_words, normalize, split_paragraphs
from .cleaning import clean_corpus
from .sources import actor_mentions

if TYPE_CHECKING:
    import pandas as pd


def cleaned(corpus: pd.DataFrame) -> pd.DataFrame:
    """Return ``corpus`` with the cleaning columns of :func:`~arabic_news.analyses.cleaning.clean_corpus`
    (computed when missing)."""
    return corpus if "clean" in corpus.columns else clean_corpus(corpus)


def article_text(corpus: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``corpus`` whose ``raw`` and ``text`` hold the article text only (the kept
    paragraphs of :func:`~arabic_news.analyses.cleaning.clean_corpus`); the page as received stays in
    ``page_raw``. Every per-outlet analysis takes it in place of the corpus."""
    source = cleaned(corpus)
    options = options_of(corpus)
    out = corpus.drop(columns=[c for c in ("kept_spans", "clean", "removed", "clean_text") if c in corpus]).copy()
    out["page_raw"] = list(corpus["raw"])
    out["raw"] = list(source["clean"])
    out["text"] = [normalize(t, options) for t in source["clean"]]
    out.attrs = dict(corpus.attrs)
    return out


def cleaning_counts(corpus: pd.DataFrame) -> pd.DataFrame:
    """Return per document: paragraphs, kept paragraphs, repeated paragraphs removed, words before and
    after cleaning (:func:`~arabic_news.core.text.count_words`, the one word count) and % words removed."""
    import pandas as pd

    source = cleaned(corpus)
    options = options_of(corpus)
    rows = []
    for doc_id, norm, kept, clean, removed in zip(
        source["doc_id"], normalized_texts(source), source["kept_spans"], source["clean"], source["removed"]
    ):
        before, after = count_words(norm, None), count_words(clean, options)
        rows.append(
            {
                "doc_id": doc_id,
                "paragraphs": len(kept) + len(removed),
                "kept": len(kept),
                "repeats removed": sum(1 for r in removed if "duplicate_of" in r),
                "words before": before,
                "words after": after,
                "% words removed": round(100 * (1 - after / before), 1) if before else 0.0,
            }
        )
    return pd.DataFrame(rows).set_index("doc_id")


def repeated_paragraphs(corpus: pd.DataFrame) -> pd.DataFrame:
    """Return one row per paragraph that repeats an earlier one of the same article: doc_id, paragraph,
    repeats (the earlier paragraph), similarity, and the article's number of paragraphs."""
    import pandas as pd

    source = cleaned(corpus)
    rows = [
        {
            "doc_id": doc_id,
            "paragraph": r["paragraph"],
            "repeats": r["duplicate_of"],
            "similarity": r["similarity"],
            "paragraphs in the article": len(split_paragraphs(raw)),
        }
        for doc_id, raw, removed in zip(source["doc_id"], source["raw"], source["removed"])
        for r in removed
        if "duplicate_of" in r
    ]
    return pd.DataFrame(rows, columns=["doc_id", "paragraph", "repeats", "similarity", "paragraphs in the article"])


def term_occurrences(corpus: pd.DataFrame, term: str, study: object = None) -> pd.DataFrame:
    """Return, per document, how often ``term`` occurs and why two counts of it differ.

    ``matches``: every written form the clitic-aware matcher finds (what notebook 00 counts);
    ``as a name of its own``: the occurrences that the actor lexicon reads as this term itself (what
    the naming table of notebook 01 counts); ``inside a longer phrase``: the others, with the
    longer lexicon phrases that contain them (``قائد الجيش الوطني الليبي`` contains
    ``الجيش الوطني الليبي``, and the naming table counts the title).
    """
    import pandas as pd

    pack = resolve_study(study, corpus)  # type: ignore[arg-type]
    options = options_of(corpus)
    matcher = PhraseMatcher([term], options=options)
    key = normalize(term, options)
    rows = []
    for doc_id, raw, norm in zip(corpus["doc_id"], corpus["raw"], normalized_texts(corpus)):
        found = matcher.find(raw, normalized=norm)
        mentions = actor_mentions(raw, study=pack, options=options)
        own = sum(1 for m in mentions if normalize(m.term, options) == key)
        longer = [
            m.term
            for m in mentions
            if normalize(m.term, options) != key and any(m.start <= f.start and f.end <= m.end for f in found)
        ]
        rows.append(
            {
                "doc_id": doc_id,
                "matches": len(found),
                "as a name of its own": own,
                "inside a longer phrase": len(found) - own,
                "longer phrases": "; ".join(f"{t} ×{longer.count(t)}" for t in dict.fromkeys(longer)),
            }
        )
    return pd.DataFrame(rows).set_index("doc_id")


def documents_containing(corpus: pd.DataFrame, terms: Sequence[str]) -> dict[str, int]:
    """Return, for each of ``terms``, the number of documents in which the matcher finds it."""
    options = options_of(corpus)
    counts = {}
    for term in terms:
        matcher = PhraseMatcher([term], options=options)
        counts[term] = sum(
            1 for raw, norm in zip(corpus["raw"], normalized_texts(corpus)) if matcher.find(raw, normalized=norm)
        )
    return counts
