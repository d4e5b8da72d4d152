"""Template lines: the lines that several documents share, the one definition.

A news site wraps every article in the same furniture: a section label above the headline, "related
articles" and "leave a comment" blocks, a back-to-top button, a donation appeal. These lines repeat,
word for word, across the site's articles, while the article text does not. A document's *lines* are
its paragraphs (:func:`~arabic_news.core.text.split_paragraphs`: one per line in articles without
blank lines), compared after normalization with spaces folded (:func:`line_key`).

The same lines serve two purposes:

* **cleaning** (rule 5 of :mod:`~arabic_news.analyses.cleaning`): a line is a template line when it is
  short and in at least 2 documents, or in at least ``max(3, 1 %)`` of them, and two of its documents
  share no other long line (two copies of one wire story share all their lines: that is syndication,
  not a template). :func:`template_keys_from_arrays` counts them corpus-wide from a few bytes per line,
  and the streaming passes hash the keys (:func:`hashed_lines`, :class:`HashedKeys`);
* **recognising a site** (notebook 01): :func:`shared_lines` lists the short lines (at most
  ``max_words`` words) found in several documents and :func:`template_groups` groups the documents
  that share them, without knowing the sites.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import islice
from typing import TYPE_CHECKING

from ..core.document import Document, documents
from ..core.groups import connected_groups
from ..core.text import DEFAULT_OPTIONS, WORD_RE, NormalizeOptions, ends_like_sentence, split_paragraphs

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: a line with at most this many words is "short" (when it does not end like a sentence)
SHORT_WORDS = 12


# --- the lines and their keys -------------------------------------------------------------------


def line_key(norm: str) -> str:
    """Return the key under which a normalized line is counted across documents (spaces folded)."""
    return " ".join(norm.split())


def is_short_line(text: str, n_words: int) -> bool:
    """Return True for a short (at most 12 words) line that does not end like a sentence."""
    return n_words <= SHORT_WORDS and not ends_like_sentence(text)


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


# --- template lines of a corpus (cleaning rule 5) -------------------------------------------------


def template_lines(
    docs: Sequence[Document], min_docs_short: int = 2, min_share_long: float = 0.01, min_docs_long: int = 3
) -> dict[str, int]:
    """Return line key -> number of documents, for the lines of ``docs`` that are template lines."""
    return template_keys_from_lines([document_lines(d) for d in docs], min_docs_short, min_share_long, min_docs_long)


def document_lines(doc: Document) -> list[tuple[str, bool]]:
    """Return (line key, is short and not sentence-like) for each line of the normalized text of
    ``doc`` (:attr:`~arabic_news.core.document.Document.norm_spans`)."""
    text = doc.text
    return [_line(text[start:end]) for start, end in doc.norm_spans]


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


# --- recognising a site (notebook 01) ------------------------------------------------------------


def _short_lines(doc: Document, max_words: int) -> dict[str, str]:
    """Return the lines of ``doc`` with at most ``max_words`` words as {line key: first raw form}."""
    lines: dict[str, str] = {}
    for p in doc.paragraphs:
        key = line_key(p.norm)
        if 0 < p.n_words <= max_words and key not in lines:
            lines[key] = p.text
    return lines


def candidate_lines(raw: str, max_words: int = 12, options: NormalizeOptions = DEFAULT_OPTIONS) -> dict[str, str]:
    """Return the lines of ``raw`` with at most ``max_words`` words as {line key: first raw form}
    (longer lines are article prose, not template)."""
    return _short_lines(Document("", raw, options), max_words)


def shared_lines(
    df: pd.DataFrame, min_docs: int = 2, max_words: int = 12, options: NormalizeOptions = DEFAULT_OPTIONS
) -> pd.DataFrame:
    """Return the short lines found in at least ``min_docs`` documents: line, n_docs, doc_ids."""
    import pandas as pd

    docs: dict[str, list[str]] = defaultdict(list)
    example: dict[str, str] = {}
    for doc in documents(df, options):
        for key, raw_line in _short_lines(doc, max_words).items():
            docs[key].append(doc.doc_id)
            example.setdefault(key, raw_line)
    rows = [
        {"line": example[k], "n_docs": len(ids), "doc_ids": ", ".join(ids)}
        for k, ids in docs.items()
        if len(ids) >= min_docs
    ]
    out = pd.DataFrame(rows, columns=["line", "n_docs", "doc_ids"])
    return out.sort_values(["n_docs", "doc_ids"], ascending=[False, True], kind="stable").reset_index(drop=True)


def template_groups(
    df: pd.DataFrame,
    min_docs: int = 2,
    min_shared: int = 2,
    max_words: int = 12,
    options: NormalizeOptions = DEFAULT_OPTIONS,
) -> pd.DataFrame:
    """Return one row per document: its template group (T1, T2, ... or "" for none) and shared lines.

    Each document's *signature* is the set of its short lines that occur in at least ``min_docs``
    documents. Signatures that have at least ``min_shared`` lines in common are grouped (connected
    groups over distinct signatures, so the cost grows with the number of templates, not of documents).
    """
    import pandas as pd

    per_doc = {doc.doc_id: _short_lines(doc, max_words) for doc in documents(df, options)}
    counts: dict[str, int] = defaultdict(int)
    for lines in per_doc.values():
        for key in lines:
            counts[key] += 1
    signatures = {d: frozenset(k for k in lines if counts[k] >= min_docs) for d, lines in per_doc.items()}
    distinct = list(dict.fromkeys(s for s in signatures.values() if len(s) >= min_shared))
    links = [
        (i, j)
        for i in range(len(distinct))
        for j in range(i + 1, len(distinct))
        if len(distinct[i] & distinct[j]) >= min_shared
    ]
    root = {i: i for i in range(len(distinct))}
    for group in connected_groups(links):
        root.update(dict.fromkeys(group, group[0]))
    number = {s: root[i] for i, s in enumerate(distinct)}
    sizes: dict[int, int] = defaultdict(int)
    for sig in signatures.values():
        if sig in number:
            sizes[number[sig]] += 1
    names: dict[int, str] = {}
    rows = []
    for doc_id, sig in signatures.items():
        group = ""
        if sig in number and sizes[number[sig]] >= 2:
            group = names.setdefault(number[sig], f"T{len(names) + 1}")
        shown = [per_doc[doc_id][k] for k in per_doc[doc_id] if k in sig]
        rows.append(
            {"doc_id": doc_id, "template": group, "n_shared_lines": len(sig), "shared_lines": " | ".join(shown)}
        )
    return pd.DataFrame(rows, columns=["doc_id", "template", "n_shared_lines", "shared_lines"])
