"""Template fingerprinting: lines that several documents share, and the groups they reveal.

A news site wraps every article in the same furniture: a section label above the headline,
"related articles" and "leave a comment" blocks, a back-to-top button, a donation appeal. These
lines are short and repeat, word for word, across the site's articles, while the article text does
not. Finding the short lines that occur in several documents therefore recognises articles from the
same site (or the same site template) without knowing the site. Nothing here is specific to a
corpus: the only inputs are the raw texts.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd

from ..core.study import options_of
from ..core.text import DEFAULT_OPTIONS, NormalizeOptions, count_words, normalize

_SPACE_RE = re.compile(r"\s+")


def candidate_lines(raw: str, max_words: int = 12, options: NormalizeOptions = DEFAULT_OPTIONS) -> dict[str, str]:
    """Return the short lines of ``raw`` as {normalized line: first raw form}.

    Lines are compared after normalization and whitespace collapsing; lines longer than
    ``max_words`` words are article prose, not template, and are left out.
    """
    lines: dict[str, str] = {}
    for line in raw.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        key = _SPACE_RE.sub(" ", normalize(stripped, options))
        if 0 < count_words(key, None) <= max_words and key not in lines:
            lines[key] = stripped
    return lines


def shared_lines(df: pd.DataFrame, min_docs: int = 2, max_words: int = 12) -> pd.DataFrame:
    """Return the short lines found in at least ``min_docs`` documents: line, n_docs, doc_ids."""
    docs: dict[str, list[str]] = defaultdict(list)
    example: dict[str, str] = {}
    for doc_id, raw in zip(df["doc_id"], df["raw"]):
        for key, raw_line in candidate_lines(raw, max_words, options_of(df)).items():
            docs[key].append(str(doc_id))
            example.setdefault(key, raw_line)
    rows = [
        {"line": example[k], "n_docs": len(ids), "doc_ids": ", ".join(ids)}
        for k, ids in docs.items()
        if len(ids) >= min_docs
    ]
    out = pd.DataFrame(rows, columns=["line", "n_docs", "doc_ids"])
    return out.sort_values(["n_docs", "doc_ids"], ascending=[False, True], kind="stable").reset_index(drop=True)


def template_groups(df: pd.DataFrame, min_docs: int = 2, min_shared: int = 2, max_words: int = 12) -> pd.DataFrame:
    """Return one row per document: its template group (T1, T2, ... or "" for none) and shared lines.

    Each document's *signature* is the set of its lines that occur in at least ``min_docs``
    documents. Signatures that have at least ``min_shared`` lines in common are merged (union-find
    over distinct signatures, so the cost grows with the number of templates, not of documents).
    """
    options = options_of(df)
    per_doc = {str(d): candidate_lines(r, max_words, options) for d, r in zip(df["doc_id"], df["raw"])}
    counts: dict[str, int] = defaultdict(int)
    for lines in per_doc.values():
        for key in lines:
            counts[key] += 1
    signatures = {d: frozenset(k for k in lines if counts[k] >= min_docs) for d, lines in per_doc.items()}
    distinct = list(dict.fromkeys(s for s in signatures.values() if len(s) >= min_shared))
    parent = list(range(len(distinct)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(distinct)):
        for j in range(i + 1, len(distinct)):
            if len(distinct[i] & distinct[j]) >= min_shared:
                parent[find(j)] = find(i)
    roots = {d: find(distinct.index(s)) if s in distinct else None for d, s in signatures.items()}
    sizes: dict[int, int] = defaultdict(int)
    for root in roots.values():
        if root is not None:
            sizes[root] += 1
    names: dict[int, str] = {}
    rows = []
    for doc_id, sig in signatures.items():
        root = roots[doc_id]
        group = ""
        if root is not None and sizes[root] >= 2:
            group = names.setdefault(root, f"T{len(names) + 1}")
        shown = [per_doc[doc_id][k] for k in per_doc[doc_id] if k in sig]
        rows.append(
            {"doc_id": doc_id, "template": group, "n_shared_lines": len(sig), "shared_lines": " | ".join(shown)}
        )
    return pd.DataFrame(rows, columns=["doc_id", "template", "n_shared_lines", "shared_lines"])
