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

from ..core.context import Context
from ..core.document import documents
from ..core.match import PhraseMatcher
from ..core.text import DEFAULT_OPTIONS, NormalizeOptions, count_words, normalize, split_paragraphs
from .sources import actor_mentions

if TYPE_CHECKING:
    import pandas as pd

#: the columns :func:`~arabic_news.analyses.cleaning.clean_corpus` adds
CLEANING_COLUMNS = ("kept_spans", "clean", "removed", "clean_text")


def _check_cleaned(corpus: pd.DataFrame, what: str) -> None:
    """Raise ValueError when ``corpus`` lacks the columns of :func:`~arabic_news.analyses.cleaning.clean_corpus`."""
    missing = [c for c in CLEANING_COLUMNS if c not in corpus.columns]
    if missing:
        raise ValueError(
            f"{what} needs a cleaned corpus (no column {', '.join(missing)}): pass clean_corpus(corpus, ctx)"
        )


def article_text(cleaned: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of a cleaned corpus (:func:`~arabic_news.analyses.cleaning.clean_corpus`) whose
    ``raw`` and ``text`` hold the article text only (the kept paragraphs, raw and normalized); the page
    as received stays in ``page_raw``. Every per-outlet analysis takes it in place of the corpus."""
    _check_cleaned(cleaned, "article_text")
    out = cleaned.drop(columns=list(CLEANING_COLUMNS)).copy()
    out["page_raw"] = list(cleaned["raw"])
    out["raw"] = list(cleaned["clean"])
    out["text"] = list(cleaned["clean_text"])
    return out


def cleaning_counts(cleaned: pd.DataFrame) -> pd.DataFrame:
    """Return per document of a cleaned corpus: paragraphs, kept paragraphs, repeated paragraphs
    removed, words before and after cleaning (:func:`~arabic_news.core.text.count_words`, the one word
    count, of the normalized text and of the kept paragraphs) and % words removed."""
    import pandas as pd

    _check_cleaned(cleaned, "cleaning_counts")
    rows = []
    for doc_id, norm, kept, clean_norm, removed in zip(
        cleaned["doc_id"], cleaned["text"], cleaned["kept_spans"], cleaned["clean_text"], cleaned["removed"]
    ):
        before, after = count_words(norm, None), count_words(clean_norm, None)
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


def repeated_paragraphs(cleaned: pd.DataFrame) -> pd.DataFrame:
    """Return one row per paragraph of a cleaned corpus that repeats an earlier one of the same article:
    doc_id, paragraph, repeats (the earlier paragraph), similarity, and the article's number of paragraphs."""
    import pandas as pd

    _check_cleaned(cleaned, "repeated_paragraphs")
    rows = [
        {
            "doc_id": doc_id,
            "paragraph": r["paragraph"],
            "repeats": r["duplicate_of"],
            "similarity": r["similarity"],
            "paragraphs in the article": len(split_paragraphs(raw)),
        }
        for doc_id, raw, removed in zip(cleaned["doc_id"], cleaned["raw"], cleaned["removed"])
        for r in removed
        if "duplicate_of" in r
    ]
    return pd.DataFrame(rows, columns=["doc_id", "paragraph", "repeats", "similarity", "paragraphs in the article"])


def term_occurrences(corpus: pd.DataFrame, term: str, ctx: Context) -> pd.DataFrame:
    """Return, per document, how often ``term`` occurs and why two counts of it differ.

    ``matches``: every written form the clitic-aware matcher finds (what notebook 00 counts);
    ``as a name of its own``: the occurrences that the actor lexicon of the context's study reads as
    this term itself (what the naming table of notebook 01 counts); ``inside a longer phrase``: the
    others, with the longer lexicon phrases that contain them (``قائد الجيش الوطني الليبي`` contains
    ``الجيش الوطني الليبي``, and the naming table counts the title).
    """
    import pandas as pd

    options = ctx.options
    matcher = PhraseMatcher([term], options=options)
    key = normalize(term, options)
    rows = []
    for doc in documents(corpus, options):
        found = matcher.find(doc.raw, normalized=doc.text)
        mentions = actor_mentions(doc, ctx)
        own = sum(1 for m in mentions if normalize(m.term, options) == key)
        longer = [
            m.term
            for m in mentions
            if normalize(m.term, options) != key and any(m.start <= f.start and f.end <= m.end for f in found)
        ]
        rows.append(
            {
                "doc_id": doc.doc_id,
                "matches": len(found),
                "as a name of its own": own,
                "inside a longer phrase": len(found) - own,
                "longer phrases": "; ".join(f"{t} ×{longer.count(t)}" for t in dict.fromkeys(longer)),
            }
        )
    return pd.DataFrame(rows).set_index("doc_id")


def documents_containing(
    corpus: pd.DataFrame, terms: Sequence[str], options: NormalizeOptions = DEFAULT_OPTIONS
) -> dict[str, int]:
    """Return, for each of ``terms``, the number of documents in which the matcher finds it."""
    docs = documents(corpus, options)
    counts = {}
    for term in terms:
        matcher = PhraseMatcher([term], options=options)
        counts[term] = sum(1 for d in docs if matcher.find(d.raw, normalized=d.text))
    return counts
