"""Per-document counts: words, paragraphs, sentences, characters."""

from __future__ import annotations

import pandas as pd

from ..core.document import Document, documents
from ..core.text import DEFAULT_OPTIONS, NormalizeOptions


def document_counts(doc: Document) -> dict[str, int]:
    """Return the words, paragraphs, sentences and characters of a document."""
    return {
        "words": doc.n_words,
        "paragraphs": len(doc.spans),
        "sentences": len(doc.sentences),
        "characters": len(doc.raw),
    }


def document_stats(df: pd.DataFrame, options: NormalizeOptions = DEFAULT_OPTIONS) -> pd.DataFrame:
    """Return a table indexed by doc_id with words (normalized with ``options``), paragraphs,
    sentences and characters."""
    rows = [{"doc_id": doc.doc_id, **document_counts(doc)} for doc in documents(df, options)]
    return pd.DataFrame(rows, columns=["doc_id", "words", "paragraphs", "sentences", "characters"]).set_index("doc_id")


def overview(df: pd.DataFrame, chars: int = 80, options: NormalizeOptions = DEFAULT_OPTIONS) -> pd.DataFrame:
    """Return per-document counts plus the opening ``chars`` characters of each raw text."""
    table = document_stats(df, options)
    openings = {d: " ".join(r.split())[:chars] + "…" for d, r in zip(df["doc_id"], df["raw"])}
    table["opening"] = table.index.map(openings)
    return table


def normalization_report(df: pd.DataFrame) -> pd.DataFrame:
    """Return, per normalization option (rows) and document (columns), how many raw characters it changes."""
    from dataclasses import fields

    from ..core.text import NormalizeOptions, normalize

    rows = {}
    for f in fields(NormalizeOptions):
        only = NormalizeOptions(**{g.name: g.name == f.name for g in fields(NormalizeOptions)})
        rows[f.name] = {
            doc_id: _changed_characters(raw, normalize(raw, only)) for doc_id, raw in zip(df["doc_id"], df["raw"])
        }
    table = pd.DataFrame(rows).T
    table.index.name = "option"
    return table


def _changed_characters(before: str, after: str) -> int:
    """Return how many characters differ between ``before`` and its normalized form ``after``."""
    import difflib

    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def normalization_examples(df: pd.DataFrame, option: str, n: int = 3) -> pd.DataFrame:
    """Return up to ``n`` distinct words per document that ``option`` alone changes, raw and normalized."""
    from dataclasses import fields

    from ..core.text import NormalizeOptions, normalize

    only = NormalizeOptions(**{g.name: g.name == option for g in fields(NormalizeOptions)})
    rows = []
    for doc_id, raw in zip(df["doc_id"], df["raw"]):
        seen: set[str] = set()
        for word in raw.split():  # whitespace-separated, so marks and tatweel stay inside words
            changed = normalize(word, only)
            if changed != word and word not in seen:
                seen.add(word)
                rows.append(
                    {
                        "doc_id": doc_id,
                        "raw": word,
                        "normalized": changed,
                        "codepoints removed or changed": _codepoint_diff(word, changed),
                    }
                )
                if len(seen) == n:
                    break
    return pd.DataFrame(rows, columns=["doc_id", "raw", "normalized", "codepoints removed or changed"])


def _codepoint_diff(before: str, after: str) -> str:
    """Return the Unicode names of the characters of ``before`` that are not kept in ``after``."""
    import unicodedata
    from collections import Counter

    gone = Counter(before) - Counter(after)
    return ", ".join(sorted(unicodedata.name(c, f"U+{ord(c):04X}") for c in gone.elements()))
