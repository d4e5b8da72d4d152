"""Shingles, Jaccard similarity, near-duplicate documents at scale, and shared passages.

A *shingle* is a run of consecutive units of normalized text: word 5-grams by default
(``"a b c d e"``), or character n-grams (``kind="char"``), which also match words that differ
by a clitic or a spelling variant but make unrelated texts look more alike. The Jaccard
similarity of two documents is |A ∩ B| / |A ∪ B| of their shingle sets.

At scale, comparing every pair is quadratic. :func:`near_duplicates` estimates Jaccard with
MinHash signatures (datasketch, fixed seed), lets locality-sensitive hashing (MinHashLSH) propose
candidate pairs, then confirms each candidate with the exact Jaccard of the shingle sets, so no
reported pair is an approximation. :func:`exact_pairs` is the exact baseline: an inverted index
(shingle -> documents) that counts the shared shingles of every pair sharing at least one.
"""

from __future__ import annotations

import argparse
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .text import normalize

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

_WORD_RE = re.compile(r"[^\W_]+")
SEED = 1
NUM_PERM = 128


def words(text: str) -> list[str]:
    """Return the normalized words of ``text``."""
    return _WORD_RE.findall(normalize(text))


def word_shingles(text: str | Sequence[str], n: int = 5) -> set[str]:
    """Return the set of word ``n``-grams of ``text`` (normalized here; or a list of normalized
    words); a text shorter than ``n`` words is one shingle."""
    w = words(text) if isinstance(text, str) else list(text)
    if len(w) < n:
        return {" ".join(w)} if w else set()
    return {" ".join(w[i:i + n]) for i in range(len(w) - n + 1)}


def char_shingles(text: str | Sequence[str], n: int = 4) -> set[str]:
    """Return the set of character ``n``-grams of ``text`` (normalized, spaces folded; or a list
    of normalized words)."""
    s = " ".join(words(text) if isinstance(text, str) else text)
    if len(s) < n:
        return {s} if s else set()
    return {s[i:i + n] for i in range(len(s) - n + 1)}


def shingles(text: str, kind: str = "word", n: int | None = None) -> set[str]:
    """Return the shingle set of ``text``: word 5-grams (``kind="word"``) or char 5-grams."""
    if kind == "word":
        return word_shingles(text, n or 5)
    if kind == "char":
        return char_shingles(text, n or 5)
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


def similarity_matrix(texts: Sequence[str], labels: Sequence[str] | None = None,
                      kind: str = "word", n: int | None = None) -> "pd.DataFrame":
    """Return the square DataFrame of pairwise shingle Jaccard similarities of ``texts``."""
    import pandas as pd

    sets = [shingles(t, kind, n) for t in texts]
    labels = list(labels) if labels is not None else [str(i) for i in range(len(texts))]
    rows = [[round(jaccard(a, b), 3) if a is not b else 1.0 for b in sets] for a in sets]
    return pd.DataFrame(rows, index=labels, columns=labels)


def plot_similarity(matrix: "pd.DataFrame", ax=None, title: str | None = None,
                    vmax: float = 1.0):
    """Draw ``matrix`` as an annotated heatmap and return the axes."""
    import matplotlib.pyplot as plt

    from .render import display_labels, display_text

    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 4.5))
    im = ax.imshow(matrix.to_numpy(), cmap="Blues", vmin=0.0, vmax=vmax)
    ax.set_xticks(range(len(matrix.columns)), display_labels(matrix.columns), rotation=45,
                  ha="right")
    ax.set_yticks(range(len(matrix.index)), display_labels(matrix.index))
    for (r, c), v in zip([(r, c) for r in range(matrix.shape[0]) for c in range(matrix.shape[1])],
                         matrix.to_numpy().ravel()):
        ax.text(c, r, f"{v:.2f}", ha="center", va="center", fontsize=8,
                color="white" if v > 0.6 * vmax else "black")
    ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label="Jaccard")
    if title:
        ax.set_title(display_text(title))
    return ax


@dataclass(frozen=True)
class SharedPassage:
    """A run of words two documents share, with raw character offsets in each."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words: int
    text_a: str
    text_b: str


def shared_passages(raw_a: str, raw_b: str, min_words: int = 8) -> list[SharedPassage]:
    """Return the passages of at least ``min_words`` consecutive normalized words shared by two
    raw texts, with raw offsets in both (longest matching blocks, in order of ``raw_a``)."""
    from difflib import SequenceMatcher

    from .text import tokenize

    ta, tb = tokenize(raw_a), tokenize(raw_b)
    sm = SequenceMatcher(None, [t.norm for t in ta], [t.norm for t in tb], autojunk=False)
    out = []
    for blk in sm.get_matching_blocks():
        if blk.size >= min_words:
            a0, a1 = ta[blk.a].start, ta[blk.a + blk.size - 1].end
            b0, b1 = tb[blk.b].start, tb[blk.b + blk.size - 1].end
            out.append(SharedPassage(a0, a1, b0, b1, blk.size, raw_a[a0:a1], raw_b[b0:b1]))
    return out


# --- near-duplicate documents at scale ------------------------------------------------------

#: odd 64-bit multipliers used to combine word hashes into a shingle hash
_MULT = 0x9E3779B97F4A7C15
_MIX1, _MIX2 = 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53


def shingle_hashes(norm_text: str, n: int = 5, _cache: dict | None = None) -> "np.ndarray":
    """Return the sorted unique 64-bit hashes of the word ``n``-grams of already normalized text.

    Each word is hashed with CRC-32 (deterministic across runs and processes), the ``n`` word
    hashes of a shingle are combined with a polynomial over 64-bit integers and mixed with the
    MurmurHash3 finalizer. Two different shingles collide with probability about 2^-64.
    """
    import numpy as np

    cache = {} if _cache is None else _cache
    ws = _WORD_RE.findall(norm_text)
    ids = np.fromiter((cache[w] if w in cache else cache.setdefault(w, zlib.crc32(w.encode()))
                       for w in ws), dtype=np.uint64, count=len(ws))
    if len(ids) == 0:
        return ids
    m = min(n, len(ids))
    with np.errstate(over="ignore"):
        h = np.zeros(len(ids) - m + 1, dtype=np.uint64)
        for k in range(m):
            h = h * np.uint64(_MULT) + ids[k:len(ids) - m + 1 + k] + np.uint64(k + 1)
        h ^= h >> np.uint64(33)
        h *= np.uint64(_MIX1)
        h ^= h >> np.uint64(33)
        h *= np.uint64(_MIX2)
        h ^= h >> np.uint64(33)
    return np.unique(h)


def _fmix32(h: "np.ndarray") -> "np.ndarray":
    """Return the MurmurHash3 32-bit finalizer of uint32 ``h`` (datasketch's affine32 pre-mix)."""
    import numpy as np

    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def minhash_signatures(hashes: Sequence["np.ndarray"], num_perm: int = NUM_PERM,
                       seed: int = SEED, chunk: int = 1 << 16) -> "np.ndarray":
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


#: inputs shared with forked worker processes (set before the pool starts, never pickled)
_SHARED: dict = {}


def _hash_and_sign(bounds: tuple[int, int]) -> tuple[list, "np.ndarray"]:
    """Return the shingle hashes and MinHash signatures of texts[lo:hi] (a worker's share)."""
    texts, n, num_perm, seed = _SHARED["hash"]
    cache: dict = {}
    hashes = [shingle_hashes(t, n, cache) for t in texts[bounds[0]:bounds[1]]]
    return hashes, minhash_signatures(hashes, num_perm, seed)


def _hash_only(bounds: tuple[int, int]) -> list:
    """Return the shingle hashes of texts[lo:hi] (a worker's share)."""
    texts, n = _SHARED["shingle"]
    cache: dict = {}
    return [shingle_hashes(t, n, cache) for t in texts[bounds[0]:bounds[1]]]


def shingle_corpus(texts: Sequence[str], n: int = 5, workers: int = 1) -> list:
    """Return the sorted unique shingle hash array of each normalized text."""
    _SHARED["shingle"] = (list(texts), n)
    try:
        parts = parallel_map(_hash_only, len(texts), workers if len(texts) >= 2000 else 1)
    finally:
        _SHARED.pop("shingle", None)
    return [h for p in parts for h in p]


def parallel_map(func, n_items: int, workers: int, chunks_per_worker: int = 4) -> list:
    """Return ``func((lo, hi))`` for consecutive slices of ``range(n_items)``, in order, computed
    by ``workers`` forked processes (in this process when ``workers`` <= 1)."""
    if workers <= 1 or n_items < 2:
        return [func((0, n_items))]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = -(-n_items // (workers * chunks_per_worker))
    bounds = [(lo, min(lo + size, n_items)) for lo in range(0, n_items, size)]
    # fork: the workers see the inputs the parent stored in module globals without copying them
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(func, bounds))


def hash_corpus(texts: Sequence[str], n: int = 5, num_perm: int = NUM_PERM, seed: int = SEED,
                workers: int = 1) -> tuple[list, "np.ndarray"]:
    """Return (shingle hash arrays, MinHash signature matrix) for normalized ``texts``."""
    import numpy as np

    _SHARED["hash"] = (list(texts), n, num_perm, seed)
    try:
        parts = parallel_map(_hash_and_sign, len(texts), workers if len(texts) >= 2000 else 1)
    finally:
        _SHARED.pop("hash", None)
    sigs = [p[1] for p in parts]
    return [h for p in parts for h in p[0]], (np.vstack(sigs) if sigs else
                                              np.empty((0, num_perm), dtype=np.uint32))


def lsh_candidates(signatures: "np.ndarray", threshold: float = 0.5,
                   seed: int = SEED) -> set[tuple[int, int]]:
    """Return the pairs (i < j) that datasketch MinHashLSH puts in a common bucket."""
    from datasketch import MinHash, MinHashLSH

    num_perm = signatures.shape[1]
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    proto = MinHash(num_perm=num_perm, seed=seed)
    with lsh.insertion_session() as session:
        for i, sig in enumerate(signatures):
            session.insert(i, MinHash(num_perm=num_perm, seed=seed, hashvalues=sig,
                                      permutations=proto.permutations, scheme="affine32"),
                           check_duplication=False)
    pairs: set[tuple[int, int]] = set()
    for table in lsh.hashtables:
        for key in table.keys():
            bucket = sorted(table.get(key))
            for x, a in enumerate(bucket):
                pairs.update((a, b) for b in bucket[x + 1:])
    return pairs


def exact_jaccard(a: "np.ndarray", b: "np.ndarray") -> float:
    """Return the Jaccard similarity of two sorted unique hash arrays."""
    import numpy as np

    if len(a) == 0 and len(b) == 0:
        return 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (len(a) + len(b) - inter)


@dataclass(frozen=True)
class NearDuplicates:
    """Confirmed near-duplicate pairs and what it took to find them."""

    pairs: list[tuple[int, int, float]]  # (i, j, exact Jaccard), i < j, sorted
    candidates: int  # pairs proposed by LSH before exact confirmation
    bands: int
    rows: int


def near_duplicates(texts: Sequence[str], threshold: float = 0.5, *, n: int = 5,
                    lsh_threshold: float | None = None, num_perm: int = NUM_PERM,
                    seed: int = SEED, workers: int = 1,
                    hashed: tuple[list, "np.ndarray"] | None = None) -> NearDuplicates:
    """Return the pairs of normalized ``texts`` whose exact shingle Jaccard is >= ``threshold``.

    MinHash + LSH propose candidates (LSH threshold ``lsh_threshold``, default ``threshold``),
    then every candidate is confirmed with the exact Jaccard of its shingle sets.
    """
    from datasketch import MinHashLSH

    hashes, sigs = hashed if hashed is not None else hash_corpus(texts, n, num_perm, seed, workers)
    lt = threshold if lsh_threshold is None else lsh_threshold
    cands = lsh_candidates(sigs, lt, seed) if len(hashes) > 1 else set()
    pairs = []
    for i, j in sorted(cands):
        sim = exact_jaccard(hashes[i], hashes[j])
        if sim >= threshold:
            pairs.append((i, j, round(sim, 4)))
    probe = MinHashLSH(threshold=lt, num_perm=num_perm)
    return NearDuplicates(pairs, len(cands), probe.b, probe.r)


def lsh_curve(bands: int, rows: int, points: int = 11) -> "pd.DataFrame":
    """Return the probability that LSH proposes a pair, by Jaccard: 1 - (1 - J^rows)^bands."""
    import pandas as pd

    js = [round(i / (points - 1), 3) for i in range(points)]
    return pd.DataFrame({"jaccard": js,
                         "p_candidate": [round(1 - (1 - j ** rows) ** bands, 4) for j in js]})


def plot_lsh_curve(bands: int, rows: int, ax=None, threshold: float | None = None):
    """Draw the probability that LSH proposes a pair as a function of Jaccard; return the axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    curve = lsh_curve(bands, rows, points=101)
    ax.plot(curve["jaccard"], curve["p_candidate"], color="tab:blue")
    if threshold is not None:
        ax.axvline(threshold, color="grey", linestyle="--", linewidth=1)
    ax.set_xlabel("Jaccard similarity of the pair")
    ax.set_ylabel("P(candidate)")
    ax.set_title(f"LSH with {bands} bands of {rows} rows")
    return ax


def exact_pairs(hashes: Sequence["np.ndarray"], threshold: float = 0.5,
                method: str = "index", block: int = 2000) -> list[tuple[int, int, float]]:
    """Return every pair (i < j) with exact Jaccard >= ``threshold``: the exact baseline.

    ``method="index"``: an inverted index (shingle -> documents); for each document, the
    documents in the posting lists of its shingles are counted, which gives the number of
    shared shingles of every pair sharing at least one (no shingle is skipped, however common,
    so the cost grows with the sum of squared posting-list lengths).
    ``method="sparse"``: the same count as a sparse matrix product (the document x shingle
    matrix stored by column *is* the inverted index), vectorised by scipy, in row blocks.
    """
    import numpy as np

    sizes = np.array([len(h) for h in hashes], dtype=np.int64)
    if len(hashes) < 2 or sizes.sum() == 0:
        return []
    if method == "index":
        return _exact_index(hashes, sizes, threshold)
    if method != "sparse":
        raise ValueError(f"method must be 'index' or 'sparse', not {method!r}")
    from scipy import sparse

    flat = np.concatenate(hashes)
    _, cols = np.unique(flat, return_inverse=True)
    rows = np.repeat(np.arange(len(hashes)), sizes)
    x = sparse.csr_matrix((np.ones(len(flat), dtype=np.int32), (rows, cols.ravel())),
                          shape=(len(hashes), int(cols.max()) + 1))
    xt = x.T.tocsr()
    out: list[tuple[int, int, float]] = []
    for start in range(0, len(hashes), block):
        prod = (x[start:start + block] @ xt).tocoo()
        i = prod.row.astype(np.int64) + start
        j = prod.col.astype(np.int64)
        keep = j > i
        i, j, inter = i[keep], j[keep], prod.data[keep]
        sim = inter / (sizes[i] + sizes[j] - inter)
        ok = sim >= threshold
        out.extend(zip(i[ok].tolist(), j[ok].tolist(), [round(v, 4) for v in sim[ok].tolist()]))
    return sorted(out)


def _exact_index(hashes: Sequence["np.ndarray"], sizes: "np.ndarray",
                 threshold: float) -> list[tuple[int, int, float]]:
    """Return the exact pairs with a plain inverted index (see :func:`exact_pairs`)."""
    from collections import Counter

    index: dict[int, list[int]] = {}
    for d, h in enumerate(hashes):
        for sh in h.tolist():
            index.setdefault(sh, []).append(d)
    out = []
    for a, h in enumerate(hashes):
        shared: Counter[int] = Counter()
        for sh in h.tolist():
            posting = index[sh]
            if len(posting) > 1:
                shared.update(posting)
        for b, inter in shared.items():
            if b > a:
                sim = inter / (int(sizes[a]) + int(sizes[b]) - inter)
                if sim >= threshold:
                    out.append((a, b, round(sim, 4)))
    return sorted(out)


# --- command line -------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``duplicates`` subcommand's options to ``parser``."""
    parser.add_argument("--threshold", type=float, default=0.5,
                        help="report document pairs with shingle Jaccard >= this (default 0.5)")


def duplicates_report(df: "pd.DataFrame", args: argparse.Namespace | None = None) -> dict:
    """Return the JSON-ready report: documents, internal_duplicates, boilerplate, near_duplicates."""
    from .cleaning import clean_corpus

    threshold = getattr(args, "threshold", 0.5) if args is not None else 0.5
    cleaned = clean_corpus(df, workers=2)
    found = near_duplicates(list(cleaned["clean_text"]), threshold, workers=2)
    ids = list(cleaned["doc_id"])
    near_count = [0] * len(ids)
    for i, j, _sim in found.pairs:
        near_count[i] += 1
        near_count[j] += 1
    documents, internal, boiler = [], [], []
    for k, (doc_id, spans, removed) in enumerate(zip(ids, cleaned["kept_spans"], cleaned["removed"])):
        dups = [r for r in removed if "duplicate_of" in r]
        flags = [r for r in removed if "duplicate_of" not in r]
        documents.append({"doc_id": doc_id, "paragraphs": len(spans) + len(removed),
                          "kept_paragraphs": len(spans), "boilerplate_lines": len(flags),
                          "internal_duplicates": len(dups), "near_duplicates": near_count[k]})
        internal.extend({"doc_id": doc_id, "paragraph": r["paragraph"],
                         "duplicate_of": r["duplicate_of"], "similarity": r["similarity"]}
                        for r in dups)
        boiler.extend({"doc_id": doc_id, "line": r["paragraph"], "text": r["text"],
                       "reason": r["reason"]} for r in flags)
    near = [{"a": ids[i], "b": ids[j], "similarity": sim} for i, j, sim in found.pairs]
    return {"documents": documents, "internal_duplicates": internal, "boilerplate": boiler,
            "near_duplicates": near}


# --- a generated corpus with planted near-duplicates ----------------------------------------

_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def generate_corpus(n_docs: int = 1000, dup_share: float = 0.2, seed: int = 0,
                    words: tuple[int, int] = (150, 400)) -> "pd.DataFrame":
    """Return a deterministic synthetic corpus (doc_id, text) with planted near-duplicates.

    Words are random strings of Arabic letters drawn from a Zipf-like vocabulary, so common
    shingles exist as in real text. ``dup_share`` of the documents are edited copies of an
    earlier document: a random 1-30 % of their words replaced, deleted or inserted, which spreads
    their Jaccard similarity to the source over roughly 0.2-0.95. Column ``source`` names the
    planted original (empty for originals).
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    vocab_size = 20000
    lengths = rng.integers(3, 8, vocab_size)
    vocab = ["".join(rng.choice(list(_LETTERS), size=k)) for k in lengths]
    cdf = np.cumsum(1.0 / np.arange(1, vocab_size + 1) ** 1.05)
    cdf /= cdf[-1]

    def draw(k: int) -> list[str]:
        return [vocab[j] for j in np.searchsorted(cdf, rng.random(k)).clip(0, vocab_size - 1)]

    docs: list[list[str]] = []
    sources: list[str] = []
    for i in range(n_docs):
        if i > 0 and rng.random() < dup_share:
            src = int(rng.integers(0, i))
            w = list(docs[src])
            edits = max(1, int(rng.uniform(0.01, 0.3) * len(w)))
            for op, new in zip(rng.integers(0, 3, edits), draw(edits)):
                pos = int(rng.integers(0, len(w)))
                if op == 0:
                    w[pos] = new
                elif op == 1 and len(w) > 10:
                    del w[pos]
                else:
                    w.insert(pos, new)
            docs.append(w)
            sources.append(f"gen-{src:06d}")
        else:
            k = int(rng.integers(words[0], words[1] + 1))
            docs.append(draw(k))
            sources.append("")
    return pd.DataFrame({"doc_id": [f"gen-{i:06d}" for i in range(n_docs)],
                         "text": [" ".join(d) for d in docs], "source": sources})
