"""Keyword in context: every concordance of the package comes from here.

A concordance row shows a match with the raw text just before and just after it. In Arabic the
text *before* the keyword stands to its right on the page, so tables label their columns
``before`` / ``keyword`` / ``after`` (never left / right), and
:func:`arabic_news.display.concordance_table` lays them out right to left.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..core.document import documents
from ..core.match import PhraseMatcher
from ..core.text import DEFAULT_OPTIONS, NormalizeOptions

if TYPE_CHECKING:
    import pandas as pd

_SPACE_RE = re.compile(r"\s+")
COLUMNS = ["doc_id", "before", "keyword", "after"]


def keyword_in_context(raw: str, start: int, end: int, width: int = 50) -> tuple[str, str, str]:
    """Return (before, keyword, after): ``width`` raw characters on each side of ``raw[start:end]``,
    runs of whitespace (line breaks included) shown as one space."""
    before = _SPACE_RE.sub(" ", raw[max(0, start - width) : start]).strip()
    after = _SPACE_RE.sub(" ", raw[end : end + width]).strip()
    return before, raw[start:end], after


def find_matches(
    corpus: pd.DataFrame, terms: Sequence[str], options: NormalizeOptions = DEFAULT_OPTIONS
) -> pd.DataFrame:
    """Return every match of ``terms`` (clitic-aware, normalized with ``options``) in the corpus:
    doc_id, term, start, end, text."""
    import pandas as pd

    matcher = PhraseMatcher(terms, options=options)
    rows = [
        {"doc_id": doc.doc_id, "term": m.term, "start": m.start, "end": m.end, "text": m.text}
        for doc in documents(corpus, options)
        for m in doc.find(matcher)
    ]
    return pd.DataFrame(rows, columns=["doc_id", "term", "start", "end", "text"])


def concordance(
    corpus: pd.DataFrame,
    spans: pd.DataFrame | Sequence[str],
    width: int = 50,
    keep: Sequence[str] = (),
    options: NormalizeOptions = DEFAULT_OPTIONS,
) -> pd.DataFrame:
    """Return one row per span: doc_id, before, keyword, after, then the ``keep`` columns of ``spans``.

    ``spans`` is a table with doc_id, start and end (a stance hits table, :func:`find_matches`), or a
    list of terms, whose matches (normalized with ``options``) are then listed with their ``term``.
    """
    import pandas as pd

    if not hasattr(spans, "to_dict"):
        spans, keep = find_matches(corpus, spans, options), ["term", *keep]
    raws = dict(zip(corpus["doc_id"], corpus["raw"]))
    rows = []
    for r in spans.to_dict("records"):
        before, keyword, after = keyword_in_context(raws[r["doc_id"]], int(r["start"]), int(r["end"]), width)
        rows.append(
            {"doc_id": r["doc_id"], "before": before, "keyword": keyword, "after": after, **{k: r[k] for k in keep}}
        )
    return pd.DataFrame(rows, columns=COLUMNS + list(keep))
