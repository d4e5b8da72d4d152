"""Shingles and their hashes: the units near-duplicate detection compares.

A *shingle* is a run of consecutive units of normalized text: word 5-grams by default
(``"a b c d e"``), or character n-grams (``kind="char"``), which also match words that differ
by a clitic or a spelling variant but make unrelated texts look more alike. The Jaccard
similarity of two documents is |A ∩ B| / |A ∪ B| of their shingle sets.

For corpora, shingles are hashed to 64-bit integers (:func:`shingle_hashes`) and summarised by
MinHash signatures (:func:`minhash_signatures`), whose values are exactly datasketch's.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import TYPE_CHECKING

from .text import DEFAULT_OPTIONS, WORD_RE, NormalizeOptions, words

if TYPE_CHECKING:
    import numpy as np

SEED = 1
NUM_PERM = 128


def word_shingles(text: str | Sequence[str], n: int = 5, options: NormalizeOptions = DEFAULT_OPTIONS) -> set[str]:
    """Return the set of word ``n``-grams of ``text`` (normalized here with ``options``; or a list
    of normalized words); a text shorter than ``n`` words is one shingle."""
    w = words(text, options) if isinstance(text, str) else list(text)
    if len(w) < n:
        return {" ".join(w)} if w else set()
    return {" ".join(w[i : i + n]) for i in range(len(w) - n + 1)}


def char_shingles(text: str | Sequence[str], n: int = 4, options: NormalizeOptions = DEFAULT_OPTIONS) -> set[str]:
    """Return the set of character ``n``-grams of ``text`` (normalized with ``options``, spaces
    folded; or a list of normalized words)."""
    s = " ".join(words(text, options) if isinstance(text, str) else text)
    if len(s) < n:
        return {s} if s else set()
    return {s[i : i + n] for i in range(len(s) - n + 1)}


def shingles(
    text: str, kind: str = "word", n: int | None = None, options: NormalizeOptions = DEFAULT_OPTIONS
) -> set[str]:
    """Return the shingle set of ``text``: word 5-grams (``kind="word"``) or char 5-grams."""
    if kind == "word":
        return word_shingles(text, n or 5, options)
    if kind == "char":
        return char_shingles(text, n or 5, options)
    raise ValueError(f"kind must be 'word' or 'char', not {kind!r}")


def paragraph_shingles(text: str | Sequence[str]) -> set:
    """Return the shingles used to compare paragraphs: word 3-grams (as tuples), or char 4-grams
    when the paragraph has fewer than 8 words (short lines have too few word 3-grams)."""
    w = words(text) if isinstance(text, str) else list(text)
    return char_shingles(w, 4) if len(w) < 8 else set(zip(w, w[1:], w[2:]))


def jaccard(a: set, b: set) -> float:
    """Return the Jaccard similarity |a ∩ b| / |a ∪ b| (0.0 when both are empty)."""
    if not a and not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


#: odd 64-bit multipliers used to combine word hashes into a shingle hash
_MULT = 0x9E3779B97F4A7C15
_MIX1, _MIX2 = 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53


def shingle_hashes(norm_text: str | Sequence[str], n: int = 5, _cache: dict | None = None) -> np.ndarray:
    """Return the sorted unique 64-bit hashes of the word ``n``-grams of already normalized text
    (or of its words, :data:`~arabic_news.core.text.WORD_RE`, when they are known).

    Each word is hashed with CRC-32 (deterministic across runs and processes), the ``n`` word
    hashes of a shingle are combined with a polynomial over 64-bit integers and mixed with the
    MurmurHash3 finalizer. Two different shingles collide with probability about 2^-64.
    """
    import numpy as np

    ws = WORD_RE.findall(norm_text) if isinstance(norm_text, str) else norm_text
    ids = _word_ids(ws, len(ws), {} if _cache is None else _cache)
    if len(ids) == 0:
        return ids
    return np.unique(_run_hashes(ids, min(n, len(ids))))


#: documents hashed together by :func:`shingle_hashes_many` (its memory grows with their words)
HASH_BATCH = 1000


def shingle_hashes_many(
    docs: Sequence[str | Sequence[str]], n: int = 5, _cache: dict | None = None
) -> list[np.ndarray]:
    """Return :func:`shingle_hashes` of each document, given as normalized text or as its words (the
    same arrays), computed :data:`HASH_BATCH` documents at a time (their words in memory):
    cheaper for many short documents."""
    import numpy as np

    cache = {} if _cache is None else _cache
    if len(docs) > HASH_BATCH:
        return [
            h for s in range(0, len(docs), HASH_BATCH) for h in shingle_hashes_many(docs[s : s + HASH_BATCH], n, cache)
        ]
    docs = [WORD_RE.findall(d) if isinstance(d, str) else d for d in docs]
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    if not (lengths >= n).any():  # no document as long as a shingle (or no document)
        return [shingle_hashes(ws, n, cache) for ws in docs]
    ids = _word_ids(chain.from_iterable(docs), int(lengths.sum()), cache)
    hashes = _run_hashes(ids, n)  # every run of n words, those across two documents too
    full = np.flatnonzero(lengths >= n)
    runs = lengths[full] - n + 1
    owner = np.repeat(full, runs)
    first = np.cumsum(lengths) - lengths  # where each document's words start
    within = np.arange(len(owner)) - np.repeat(np.cumsum(runs) - runs, runs)
    values = hashes[np.repeat(first[full], runs) + within]
    order = np.lexsort((values, owner))
    values, owner = values[order], owner[order]
    distinct = np.r_[True, (values[1:] != values[:-1]) | (owner[1:] != owner[:-1])]
    values, owner = values[distinct], owner[distinct]
    starts, stops = np.searchsorted(owner, full), np.searchsorted(owner, full, side="right")
    out = [np.zeros(0, dtype=np.uint64)] * len(docs)
    for d, start, stop in zip(full.tolist(), starts.tolist(), stops.tolist()):
        out[d] = values[start:stop]
    for d in np.flatnonzero((lengths > 0) & (lengths < n)).tolist():
        out[d] = shingle_hashes(docs[d], n, cache)  # shorter than a shingle: one shingle of its words
    return out


def _word_ids(ws: Iterable[str], count: int, cache: dict) -> np.ndarray:
    """Return the CRC-32 of each of ``count`` words as uint64 (``cache``: word -> CRC-32)."""
    import numpy as np

    return np.fromiter(
        (cache[w] if w in cache else cache.setdefault(w, zlib.crc32(w.encode())) for w in ws),
        dtype=np.uint64,
        count=count,
    )


def _run_hashes(ids: np.ndarray, m: int) -> np.ndarray:
    """Return the hash of every run of ``m`` consecutive word ids (a polynomial over 64-bit
    integers, then the MurmurHash3 finalizer), in order."""
    import numpy as np

    with np.errstate(over="ignore"):
        h = np.zeros(len(ids) - m + 1, dtype=np.uint64)
        for k in range(m):
            h = h * np.uint64(_MULT) + ids[k : len(ids) - m + 1 + k] + np.uint64(k + 1)
        h ^= h >> np.uint64(33)
        h *= np.uint64(_MIX1)
        h ^= h >> np.uint64(33)
        h *= np.uint64(_MIX2)
        h ^= h >> np.uint64(33)
    return h


def _fmix32(h: np.ndarray) -> np.ndarray:
    """Return the MurmurHash3 32-bit finalizer of uint32 ``h`` (datasketch's affine32 pre-mix)."""
    import numpy as np

    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def minhash_signatures(
    hashes: Sequence[np.ndarray], num_perm: int = NUM_PERM, seed: int = SEED, chunk: int = 1 << 16
) -> np.ndarray:
    """Return a (documents x num_perm) uint32 matrix of MinHash signatures.

    The values are exactly those of ``datasketch.MinHash(num_perm, seed)`` (scheme affine32) fed
    with the top 32 bits of each shingle hash (a test checks this), computed for many documents
    at once: one vectorised affine permutation per chunk of shingles, then a per-document minimum.
    """
    import numpy as np
    from datasketch import MinHash

    a, b = (np.asarray(v, dtype=np.uint32) for v in MinHash(num_perm=num_perm, seed=seed).permutations)
    out = np.full((len(hashes), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    docs = [i for i, h in enumerate(hashes) if len(h)]
    start = 0
    with np.errstate(over="ignore"):
        while start < len(docs):
            stop, total = start, 0
            while stop < len(docs) and (total == 0 or total + len(hashes[docs[stop]]) <= chunk):
                total += len(hashes[docs[stop]])
                stop += 1
            part = docs[start:stop]
            hv = _fmix32((np.concatenate([hashes[i] for i in part]) >> np.uint64(32)).astype(np.uint32))
            phv = hv[:, None] * a[None, :] + b[None, :]
            offsets = np.cumsum([0] + [len(hashes[i]) for i in part[:-1]])
            out[part] = np.minimum.reduceat(phv, offsets, axis=0)
            start = stop
    return out


def signature_matrix(hashes: Sequence[np.ndarray], num_perm: int = NUM_PERM, seed: int = SEED) -> np.ndarray:
    """Return a (documents x num_perm) matrix of MinHash signatures for LSH, as fast as installed.

    With the optional ``rensa`` (Rust MinHash, ``pip install 'arabic-news[fast]'``) the signatures
    are rensa's (about 50 times faster); otherwise :func:`minhash_signatures`. Both are MinHash
    signatures of the same shingle hashes, so LSH finds pairs with the same probabilities; the
    values differ, so use one of them throughout a run (every reported pair is confirmed exactly).
    Both are 32-bit values, returned as ``uint32``.
    """
    import numpy as np

    try:
        from rensa import RMinHash
    except ImportError:
        return minhash_signatures(hashes, num_perm, seed)
    if not len(hashes):
        return np.zeros((0, num_perm), dtype=np.uint32)
    flat = np.concatenate(hashes).astype(np.uint64, copy=False)
    offsets = np.concatenate([[0], np.cumsum([len(h) for h in hashes])]).astype(np.uint64)
    rows = RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, num_perm, seed).to_rows()
    return np.array(rows, dtype=np.uint32).reshape(len(hashes), num_perm)


def exact_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Return the Jaccard similarity of two sorted unique hash arrays."""
    import numpy as np

    if len(a) == 0 and len(b) == 0:
        return 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (len(a) + len(b) - inter)
