"""Near-duplicate documents at scale, and the passages two documents share.

Comparing every pair of documents is quadratic. :func:`near_duplicates` estimates the Jaccard
similarity of shingle sets with MinHash signatures (fixed seed), lets locality-sensitive hashing
(datasketch's MinHashLSH) propose candidate pairs, then confirms each candidate with the exact
Jaccard of the shingle sets, so no reported pair is an approximation. :func:`exact_pairs` is the
exact baseline: an inverted index (shingle -> documents), or the same count as a sparse product.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from ..core.parallel import parallel_map
from ..core.shingles import (
    NUM_PERM,
    SEED,
    SpilledHashes,
    exact_jaccard,
    minhash_signatures,
    shingle_hashes,
    shingles,
    signature_matrix,
)
from ..core.text import DEFAULT_OPTIONS, NormalizeOptions, tokenize

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: below this many documents the work stays in one process (starting workers costs more)
PARALLEL_MIN_DOCS = 2000


def similarity_matrix(
    texts: Sequence[str],
    labels: Sequence[str] | None = None,
    kind: str = "word",
    n: int | None = None,
    options: NormalizeOptions = DEFAULT_OPTIONS,
) -> pd.DataFrame:
    """Return the square DataFrame of pairwise shingle Jaccard similarities of ``texts``."""
    import pandas as pd

    from ..core.shingles import jaccard

    sets = [shingles(t, kind, n, options) for t in texts]
    labels = list(labels) if labels is not None else [str(i) for i in range(len(texts))]
    rows = [[round(jaccard(a, b), 3) if a is not b else 1.0 for b in sets] for a in sets]
    return pd.DataFrame(rows, index=labels, columns=labels)


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


def shared_passages(
    raw_a: str, raw_b: str, min_words: int = 8, options: NormalizeOptions = DEFAULT_OPTIONS
) -> list[SharedPassage]:
    """Return the passages of at least ``min_words`` consecutive normalized words shared by two
    raw texts, with raw offsets in both (longest matching blocks, in order of ``raw_a``)."""
    from difflib import SequenceMatcher

    ta, tb = tokenize(raw_a, options), tokenize(raw_b, options)
    sm = SequenceMatcher(None, [t.norm for t in ta], [t.norm for t in tb], autojunk=False)
    out = []
    for blk in sm.get_matching_blocks():
        if blk.size >= min_words:
            a0, a1 = ta[blk.a].start, ta[blk.a + blk.size - 1].end
            b0, b1 = tb[blk.b].start, tb[blk.b + blk.size - 1].end
            out.append(SharedPassage(a0, a1, b0, b1, blk.size, raw_a[a0:a1], raw_b[b0:b1]))
    return out


# --- near-duplicate documents at scale ------------------------------------------------------


def _hash_chunk(texts: Sequence[str], n: int) -> list:
    """Return the shingle hashes of a chunk of normalized texts (a worker's share)."""
    cache: dict = {}
    return [shingle_hashes(t, n, cache) for t in texts]


def _hash_and_sign_chunk(texts: Sequence[str], n: int, num_perm: int, seed: int) -> tuple[list, np.ndarray]:
    """Return the shingle hashes and MinHash signatures of a chunk of normalized texts."""
    hashes = _hash_chunk(texts, n)
    return hashes, minhash_signatures(hashes, num_perm, seed)


def _workers_for(n_docs: int, workers: int) -> int:
    """Return ``workers``, or 1 for corpora too small to gain from processes."""
    return workers if n_docs >= PARALLEL_MIN_DOCS else 1


def shingle_corpus(texts: Sequence[str], n: int = 5, workers: int = 1) -> list:
    """Return the sorted unique shingle hash array of each normalized text."""
    texts = list(texts)
    parts = parallel_map(partial(_hash_chunk, n=n), texts, _workers_for(len(texts), workers))
    return [h for p in parts for h in p]


def hash_corpus(
    texts: Sequence[str], n: int = 5, num_perm: int = NUM_PERM, seed: int = SEED, workers: int = 1
) -> tuple[list, np.ndarray]:
    """Return (shingle hash arrays, MinHash signature matrix) for normalized ``texts``."""
    import numpy as np

    texts = list(texts)
    parts = parallel_map(
        partial(_hash_and_sign_chunk, n=n, num_perm=num_perm, seed=seed), texts, _workers_for(len(texts), workers)
    )
    sigs = [p[1] for p in parts]
    return [h for p in parts for h in p[0]], (np.vstack(sigs) if sigs else np.empty((0, num_perm), dtype=np.uint32))


def lsh_candidates(signatures: np.ndarray, threshold: float = 0.5, seed: int = SEED) -> set[tuple[int, int]]:
    """Return the pairs (i < j) that datasketch MinHashLSH (threshold ``threshold``) puts in a
    common bucket: the bands and rows it chooses, applied by :func:`band_candidates`."""
    bands, rows = datasketch_banding(threshold, signatures.shape[1])
    codes = band_candidates(signatures, bands, rows)
    n = max(len(signatures), 1)
    return {(int(c // n), int(c % n)) for c in codes}


def datasketch_banding(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """Return the (bands, rows) datasketch's MinHashLSH chooses for ``threshold`` (equal weights
    on false positives and false negatives)."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def recall_banding(threshold: float, recall: float = 0.98, max_perm: int = NUM_PERM) -> tuple[int, int]:
    """Return the (bands, rows) for which a pair at Jaccard ``threshold`` becomes a candidate with
    probability >= ``recall`` (1 - (1 - t^r)^b >= recall), with the most rows per band (the fewest
    false candidates) that fit in ``max_perm`` permutations."""
    import math

    if not 0 < threshold <= 1 or not 0 < recall < 1:
        raise ValueError(f"threshold must be in (0, 1] and recall in (0, 1), not {threshold!r}, {recall!r}")
    best = (max_perm, 1)
    for rows in range(1, max_perm + 1):
        p = threshold**rows
        bands = 1 if p >= 1 else math.ceil(math.log(1 - recall) / math.log(1 - p)) if p > 0 else max_perm + 1
        if bands * rows > max_perm:
            break
        best = (bands, rows)
    return best


#: a bucket with more documents than this is confirmed by an exact join of its members instead of
#: listing every pair of it as a candidate
LARGE_BUCKET = 64


def band_candidates(signatures: np.ndarray, bands: int, rows: int, large: int = LARGE_BUCKET) -> np.ndarray:
    """Return the sorted unique candidate pairs of LSH banding as codes ``i * n + j`` (i < j).

    Two documents are candidates when all ``rows`` values of one of the ``bands`` bands of their
    signatures are equal. Buckets are found by sorting band keys (no Python loop per document);
    a bucket larger than ``large`` is returned as one star (its first member with each other
    member) and must be completed by the caller, see :func:`large_buckets`."""
    import numpy as np

    n = len(signatures)
    out: list[np.ndarray] = []
    for band in range(bands):
        keys = _band_keys(signatures[:, band * rows : (band + 1) * rows])
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, n])
        for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist()):
            members = np.sort(order[start : start + size])
            if size > large:
                out.append(members[0] * n + members[1:])
                continue
            i, j = np.triu_indices(size, 1)
            out.append(members[i] * n + members[j])
    if not out:
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(out).astype(np.int64))


def large_buckets(signatures: np.ndarray, bands: int, rows: int, large: int = LARGE_BUCKET) -> list[np.ndarray]:
    """Return the members (sorted indexes) of every bucket larger than ``large``."""
    import numpy as np

    found = []
    for band in range(bands):
        keys = _band_keys(signatures[:, band * rows : (band + 1) * rows])
        values, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        for k in np.flatnonzero(counts > large).tolist():
            found.append(np.flatnonzero(inverse == k))
    return found


def _band_keys(band: np.ndarray) -> np.ndarray:
    """Return one 64-bit key per row of a band (equal rows give equal keys; collisions ~2^-64)."""
    import numpy as np

    key = np.zeros(len(band), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for col in range(band.shape[1]):
            key = (key ^ band[:, col].astype(np.uint64)) * np.uint64(_GOLDEN)
            key ^= key >> np.uint64(29)
    return key


_GOLDEN = 0x9E3779B97F4A7C15


@dataclass(frozen=True)
class NearDuplicates:
    """Confirmed near-duplicate pairs, their clusters, and what it took to find them.

    Identical documents (the same shingle set) are not paired with each other: each copy is paired
    with the first document of its group (similarity 1.0), and the group is one cluster, so ten
    thousand copies give 9,999 pairs and one cluster instead of fifty million pairs. Documents
    without shingles (empty after cleaning) are never near-duplicates."""

    pairs: list[tuple[int, int, float]]  # (i, j, exact Jaccard), i < j, sorted
    candidates: int  # pairs proposed (by LSH, or by the exact method's prefix filter) before confirmation
    bands: int
    rows: int
    #: connected groups of documents linked by pairs: sorted index tuples, sorted by first member
    clusters: list[tuple[int, ...]] = field(default_factory=list)
    method: str = "lsh"
    #: first document of a group of identical documents -> the other documents of the group
    copies: dict[int, list[int]] = field(default_factory=dict)


def near_duplicates(
    texts: Sequence[str],
    threshold: float = 0.5,
    *,
    n: int = 5,
    lsh_threshold: float | None = None,
    recall: float | None = None,
    method: str = "lsh",
    num_perm: int = NUM_PERM,
    seed: int = SEED,
    workers: int = 1,
    hashed: tuple[list, np.ndarray] | None = None,
) -> NearDuplicates:
    """Return the pairs of normalized ``texts`` whose exact shingle Jaccard is >= ``threshold``.

    ``method="lsh"``: MinHash + LSH propose candidates, then every candidate is confirmed with the
    exact Jaccard of its shingle sets. The banding is the one datasketch chooses for
    ``lsh_threshold`` (default ``threshold``), or, with ``recall``, the one that makes a pair at
    ``threshold`` a candidate with at least that probability (:func:`recall_banding`).
    ``method="exact"``: every pair, by a prefix-filtered join (:func:`exact_pairs`), no signatures.
    Identical documents are grouped first (see :class:`NearDuplicates`).
    """
    import numpy as np

    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")
    if method not in ("lsh", "exact"):
        raise ValueError(f"method must be 'lsh' or 'exact', not {method!r}")
    if method == "exact" and hashed is None:
        hashes, sigs = shingle_corpus(texts, n, workers), np.zeros((0, 0), dtype=np.uint32)
    elif hashed is None and recall is not None:  # as the command line does: the fastest signatures
        hashes = shingle_corpus(texts, n, workers)
        bands, rows = recall_banding(threshold, recall, num_perm)
        sigs = signature_matrix(hashes, bands * rows, seed)
    else:
        hashes, sigs = hashed if hashed is not None else hash_corpus(texts, n, num_perm, seed, workers)
    if recall is not None:
        bands, rows = recall_banding(threshold, recall, sigs.shape[1] if sigs.size else num_perm)
    else:
        bands, rows = datasketch_banding(threshold if lsh_threshold is None else lsh_threshold, num_perm)
    reps, copies = identical_groups(hashes)
    rep_hashes = _Picked(hashes, reps)  # read one by one: the hashes may be on disk (SpilledHashes)
    if method == "exact":
        found, candidates = _exact_join(list(rep_hashes), threshold)
    else:
        found, candidates = _lsh_join(rep_hashes, sigs[reps], bands, rows, threshold)
    found = [(reps[i], reps[j], sim) for i, j, sim in found]
    return _with_copies(found, copies, candidates, bands, rows, method)


def _with_copies(
    found: list[tuple[int, int, float]],
    copies: dict[int, list[int]],
    candidates: int,
    bands: int,
    rows: int,
    method: str,
) -> NearDuplicates:
    """Return the :class:`NearDuplicates` of the pairs ``found`` among the first documents of
    identical groups, each copy paired with its group's first document."""
    pairs = found + [(first, other, 1.0) for first, others in copies.items() for other in others]
    pairs = sorted((min(i, j), max(i, j), s) for i, j, s in pairs)
    return NearDuplicates(pairs, candidates, bands, rows, clusters_of(pairs), method, copies)


class _Picked(Sequence):
    """The items ``picks`` of a sequence, read when indexed."""

    def __init__(self, items: Sequence, picks: Sequence[int]) -> None:
        self._items, self._picks = items, picks

    def __len__(self) -> int:
        return len(self._picks)

    def __getitem__(self, i):  # type: ignore[override]
        return self._items[self._picks[i]]


def identical_groups(hashes: Sequence[np.ndarray]) -> tuple[list[int], dict[int, list[int]]]:
    """Return (the first document of each distinct non-empty shingle set, in order; first
    document -> the later documents with the same set)."""
    return groups_of_keys([content_key(h) for h in hashes])


def content_key(hashes: np.ndarray) -> bytes | None:
    """Return a 16-byte digest of a sorted shingle hash array (None when it is empty): equal sets,
    equal keys."""
    import hashlib

    return hashlib.blake2b(hashes.tobytes(), digest_size=16).digest() if len(hashes) else None


def groups_of_keys(keys: Sequence[bytes | None]) -> tuple[list[int], dict[int, list[int]]]:
    """Return :func:`identical_groups` from the :func:`content_key` of each document."""
    first: dict[bytes, int] = {}
    copies: dict[int, list[int]] = {}
    reps = []
    for i, key in enumerate(keys):
        if key is None:
            continue
        if key in first:
            copies.setdefault(first[key], []).append(i)
        else:
            first[key] = i
            reps.append(i)
    return reps, copies


def clusters_of(pairs: Sequence[tuple[int, int, float]]) -> list[tuple[int, ...]]:
    """Return the connected groups of the documents linked by ``pairs`` (union-find), each sorted,
    sorted by their first member."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _s in pairs:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    return sorted(tuple(sorted(g)) for g in groups.values())


def confirm_pairs(
    hashes: Sequence[np.ndarray], codes: np.ndarray, threshold: float, matrix=None, block: int = 200_000
) -> list[tuple[int, int, float]]:
    """Return the candidate pairs (codes ``i * n + j``) whose exact Jaccard is >= ``threshold``.

    With the binary document x shingle ``matrix`` (as the exact join builds it), the shared shingles
    of many pairs at once are the row sums of the element-wise product of their rows; without it,
    pair by pair (LSH: no matrix of the whole corpus is built)."""
    import numpy as np

    n = max(len(hashes), 1)
    if len(codes) == 0:
        return []
    if matrix is None:  # pair by pair: no matrix of the whole corpus in memory
        return confirm_each(zip((codes // n).tolist(), (codes % n).tolist()), hashes, hashes, threshold)
    x = matrix
    sizes = np.diff(x.indptr)
    out: list[tuple[int, int, float]] = []
    for start in range(0, len(codes), block):
        part = codes[start : start + block]
        i, j = part // n, part % n
        inter = np.asarray(x[i].multiply(x[j]).sum(axis=1)).ravel()
        sim = inter / (sizes[i] + sizes[j] - inter)
        ok = sim >= threshold
        out.extend(zip(i[ok].tolist(), j[ok].tolist(), [round(v, 4) for v in sim[ok].tolist()]))
    return out


def confirm_each(
    pairs: Iterable[tuple[int, int]],
    left: Sequence[np.ndarray] | Mapping[int, np.ndarray],
    right: Sequence[np.ndarray] | Mapping[int, np.ndarray],
    threshold: float,
) -> list[tuple[int, int, float]]:
    """Return the pairs (i, j) whose exact Jaccard of shingle sets ``left[i]`` and ``right[j]`` is
    >= ``threshold``, with that Jaccard rounded to 4 places."""
    out = []
    last, a = None, None
    for i, j in pairs:
        if i != last:  # pairs usually come sorted by their first document: read it once
            last, a = i, left[i]
        sim = exact_jaccard(a, right[j])
        if sim >= threshold:
            out.append((i, j, round(sim, 4)))
    return out


def _shingle_matrix(hashes: Sequence[np.ndarray]) -> tuple:
    """Return (the binary documents x shingles CSR matrix, each shingle's column index per
    document entry, the document of each entry)."""
    import numpy as np
    from scipy import sparse

    sizes = np.array([len(h) for h in hashes], dtype=np.int64)
    flat = np.concatenate(hashes) if len(hashes) else np.zeros(0, dtype=np.uint64)
    doc = np.repeat(np.arange(len(hashes), dtype=np.int64), sizes)
    _, col = np.unique(flat, return_inverse=True)
    col = col.ravel().astype(np.int64)
    ncols = int(col.max()) + 1 if len(col) else 0
    x = sparse.csr_matrix((np.ones(len(flat), dtype=np.int32), (doc, col)), shape=(len(hashes), ncols))
    return x, col, doc


def _lsh_join(
    hashes: Sequence[np.ndarray], sigs: np.ndarray, bands: int, rows: int, threshold: float, large: int = LARGE_BUCKET
) -> tuple[list[tuple[int, int, float]], int]:
    """Return (confirmed pairs, number of candidates) of LSH over distinct, non-empty documents."""
    import numpy as np

    if len(hashes) < 2:
        return [], 0
    codes = band_candidates(sigs, bands, rows, large)
    found = confirm_pairs(hashes, codes, threshold)
    n = len(hashes)
    extra: set[tuple[int, int, float]] = set()
    for members in large_buckets(sigs, bands, rows, large):
        sub, _c = _exact_join([hashes[i] for i in members.tolist()], threshold)
        extra.update((int(members[i]), int(members[j]), s) for i, j, s in sub)
    if extra:
        found = sorted(set(found) | extra)
        codes = np.union1d(codes, np.array([i * n + j for i, j, _s in extra], dtype=np.int64))
    return found, len(codes)


def _exact_join(hashes: Sequence[np.ndarray], threshold: float) -> tuple[list[tuple[int, int, float]], int]:
    """Return (pairs with exact Jaccard >= threshold, number of candidates) by prefix filtering.

    Shingles are ordered from rarest to most common; two sets with Jaccard >= t share one of the
    first |s| - ceil(t |s|) + 1 shingles of each (the prefix), so candidates are the pairs whose
    prefixes meet, found by a sparse product of the (small) prefix matrix with itself; each is
    then confirmed exactly. Common shingles rarely reach a prefix, so the cost follows the pairs,
    not the square of the posting lists."""
    import numpy as np
    from scipy import sparse

    n = len(hashes)
    sizes = np.array([len(h) for h in hashes], dtype=np.int64)
    if n < 2 or sizes.sum() == 0:
        return [], 0
    x, col, doc = _shingle_matrix(hashes)
    ncols = int(col.max()) + 1
    df = np.bincount(col, minlength=ncols)
    rarity = np.empty(ncols, dtype=np.int64)
    rarity[np.lexsort((np.arange(ncols), df))] = np.arange(ncols)  # the global order: rarest first, then by column
    order = np.argsort(doc * ncols + rarity[col])  # per document, in that order
    rank = np.arange(len(col)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    prefix_len = sizes - np.ceil(threshold * sizes - 1e-9).astype(np.int64) + 1
    keep = order[rank < np.repeat(prefix_len, sizes)]
    p = sparse.csr_matrix((np.ones(len(keep), dtype=np.int32), (doc[keep], col[keep])), shape=(n, ncols))
    pt = p.T.tocsr()
    codes: list[np.ndarray] = []
    block = max(1, 4_000_000 // max(1, p.nnz // n + 1))
    for start in range(0, n, block):
        prod = (p[start : start + block] @ pt).tocoo()
        i = prod.row.astype(np.int64) + start
        j = prod.col.astype(np.int64)
        codes.append(i[j > i] * n + j[j > i])
    cand = np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
    return confirm_pairs(hashes, cand, threshold, x), len(cand)


def lsh_curve(bands: int, rows: int, points: int = 11) -> pd.DataFrame:
    """Return the probability that LSH proposes a pair, by Jaccard: 1 - (1 - J^rows)^bands."""
    import pandas as pd

    js = [round(i / (points - 1), 3) for i in range(points)]
    return pd.DataFrame({"jaccard": js, "p_candidate": [round(1 - (1 - j**rows) ** bands, 4) for j in js]})


def exact_pairs(
    hashes: Sequence[np.ndarray], threshold: float = 0.5, method: str = "index", block: int = 2000
) -> list[tuple[int, int, float]]:
    """Return every pair (i < j) with exact Jaccard >= ``threshold``: the exact baseline.

    ``method="index"``: an inverted index (shingle -> documents); for each document, the
    documents in the posting lists of its shingles are counted, which gives the number of
    shared shingles of every pair sharing at least one (no shingle is skipped, however common,
    so the cost grows with the sum of squared posting-list lengths).
    ``method="sparse"``: the same count as a sparse matrix product (the document x shingle
    matrix stored by column *is* the inverted index), vectorised by scipy, in row blocks.
    ``method="prefix"``: candidates from the rarest shingles only (prefix filtering, see
    :func:`_exact_join`), confirmed exactly; the same pairs, at a cost that follows the pairs.
    """
    import numpy as np

    sizes = np.array([len(h) for h in hashes], dtype=np.int64)
    if len(hashes) < 2 or sizes.sum() == 0:
        return []
    if method == "index":
        return _exact_index(hashes, sizes, threshold)
    if method == "prefix":
        return sorted(_exact_join(hashes, threshold)[0])
    if method != "sparse":
        raise ValueError(f"method must be 'index', 'sparse' or 'prefix', not {method!r}")
    from scipy import sparse

    flat = np.concatenate(hashes)
    _, cols = np.unique(flat, return_inverse=True)
    rows = np.repeat(np.arange(len(hashes)), sizes)
    x = sparse.csr_matrix(
        (np.ones(len(flat), dtype=np.int32), (rows, cols.ravel())), shape=(len(hashes), int(cols.max()) + 1)
    )
    xt = x.T.tocsr()
    out: list[tuple[int, int, float]] = []
    for start in range(0, len(hashes), block):
        prod = (x[start : start + block] @ xt).tocoo()
        i = prod.row.astype(np.int64) + start
        j = prod.col.astype(np.int64)
        keep = j > i
        i, j, inter = i[keep], j[keep], prod.data[keep]
        sim = inter / (sizes[i] + sizes[j] - inter)
        ok = sim >= threshold
        out.extend(zip(i[ok].tolist(), j[ok].tolist(), [round(v, 4) for v in sim[ok].tolist()]))
    return sorted(out)


def _exact_index(hashes: Sequence[np.ndarray], sizes: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
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


# --- the report of the `duplicates` command ------------------------------------------------


@dataclass(frozen=True)
class DuplicatesReport:
    """Per document counts, internal duplicates, boilerplate lines, near-duplicate pairs and clusters."""

    documents: pd.DataFrame  # doc_id, paragraphs, kept_paragraphs, boilerplate_lines, ..., cluster (0: none)
    internal_duplicates: pd.DataFrame  # doc_id, paragraph, duplicate_of, similarity
    boilerplate: pd.DataFrame  # doc_id, line, text, reason
    near_duplicates: pd.DataFrame  # a, b, similarity, cluster
    clusters: pd.DataFrame  # cluster, size, doc_ids
    #: with ``passages=True``: a, b, passage, words, text (the passages of at least
    #: :data:`PASSAGE_MIN_WORDS` words each near-duplicate pair shares, in the cleaned text of a;
    #: a copy of an identical group is not compared with the group's first document)
    shared_passages: pd.DataFrame | None = None


#: below this many documents ``method="auto"`` finds pairs exactly, above it with LSH. Measured
#: (benchmarks/README.md, "Scaling"): with rensa's signatures LSH is already faster at 31k documents
#: (4.7 vs 7.6 s; 12.0 vs 18.1 s at 61k); with numpy's it was slower at 31k (23.8 vs 13.5 s). Above
#: these sizes the exact join also needs more memory (the whole document x shingle matrix).
EXACT_BELOW = 20_000
#: the shortest passage the ``shared_passages`` table lists, in words
PASSAGE_MIN_WORDS = 8
#: pairs sent to a worker at once to find their shared passages
PASSAGE_CHUNK = 200
EXACT_BELOW_WITHOUT_RENSA = 40_000
DOCUMENT_COLUMNS = [
    "doc_id",
    "paragraphs",
    "kept_paragraphs",
    "boilerplate_lines",
    "internal_duplicates",
    "near_duplicates",
    "cluster",
]


def choose_method(method: str, n_docs: int) -> str:
    """Return "exact" or "lsh" for ``method`` ("auto": exact below :data:`EXACT_BELOW` documents, or
    :data:`EXACT_BELOW_WITHOUT_RENSA` when rensa is not installed)."""
    if method == "auto":
        try:
            import rensa  # noqa: F401  (fast signatures make LSH the faster method sooner)
        except ImportError:
            return "exact" if n_docs < EXACT_BELOW_WITHOUT_RENSA else "lsh"
        return "exact" if n_docs < EXACT_BELOW else "lsh"
    if method not in ("exact", "lsh"):
        raise ValueError(f"method must be 'auto', 'exact' or 'lsh', not {method!r}")
    return method


def duplicates_report(
    df: pd.DataFrame,
    threshold: float = 0.5,
    *,
    study=None,
    workers: int = 1,
    method: str = "auto",
    recall: float = 0.98,
    batch_size: int = 1000,
    passages: bool = False,
) -> DuplicatesReport:
    """Return what the ``duplicates`` command reports: the corpus cleaned (boilerplate and repeated
    paragraphs, as :func:`~arabic_news.analyses.cleaning.clean_corpus` does), then the pairs of
    documents whose cleaned texts have shingle Jaccard >= ``threshold``, and their clusters.

    ``method``: "exact", "lsh" (banding for ``recall`` at ``threshold``) or "auto" (exact below
    :data:`EXACT_BELOW` documents). ``passages``: also list the passages each pair shares. The work
    is done batch by batch (:func:`duplicates_stream`)."""
    from ..core.parallel import make_engine
    from ..core.study import options_of, resolve_study

    def batches() -> Iterator[pd.DataFrame]:
        for start in range(0, len(df), batch_size):
            yield df.iloc[start : start + batch_size]

    with make_engine("local", workers if len(df) >= PARALLEL_MIN_DOCS else 1) as engine:
        return duplicates_stream(
            batches,
            threshold,
            study=resolve_study(study, df),
            options=options_of(df),
            engine=engine,
            method=method,
            recall=recall,
            passages=passages,
        )


def _lines_batch(batch: pd.DataFrame, options: NormalizeOptions) -> list[list[tuple[int, bool]]]:
    """Return the hashed line keys of a batch of documents (pass 1: template lines)."""
    from ..core.text import normalize
    from .cleaning import hashed_line_keys

    norms = batch["text"] if "text" in batch.columns else [normalize(r, options) for r in batch["raw"]]
    return hashed_line_keys(list(zip(batch["raw"], norms)), options)


def _clean_hash_batch(batch: pd.DataFrame, keys: dict, cues, sign: tuple[int, int] | None, texts: bool = False) -> dict:
    """Return the cleaned documents of a batch as the report needs them (pass 2): ids, the
    number of paragraphs kept, removed paragraphs, shingle hashes, (with ``sign`` = (num_perm,
    seed)) MinHash signatures and (with ``texts``) the cleaned texts."""
    import numpy as np

    from ..core.text import normalize
    from .cleaning import clean_document

    options = cues.matcher.options
    norms = batch["text"] if "text" in batch.columns else [normalize(r, options) for r in batch["raw"]]
    cleaned = [clean_document(raw, keys, 0.8, cues, norm) for raw, norm in zip(batch["raw"], norms)]
    cache: dict = {}
    hashes = [shingle_hashes(c[3], 5, cache) for c in cleaned]
    sigs = signature_matrix(hashes, *sign) if sign else np.zeros((len(hashes), 0), dtype=np.uint32)
    return {
        "ids": [str(d) for d in batch["doc_id"]],
        "kept": [len(c[0]) for c in cleaned],
        "removed": [c[2] for c in cleaned],
        "hashes": hashes,
        "sigs": sigs,
        "texts": [c[1] for c in cleaned] if texts else None,
    }


def duplicates_stream(
    batches: Callable[[], Iterable[pd.DataFrame]],
    threshold: float = 0.5,
    *,
    study=None,
    options: NormalizeOptions = DEFAULT_OPTIONS,
    engine=None,
    method: str = "auto",
    recall: float = 0.98,
    progress: Callable[[str, int | None], Callable[[int], None]] | None = None,
    passages: bool = False,
) -> DuplicatesReport:
    """Return the :class:`DuplicatesReport` of a corpus read twice, batch by batch.

    ``batches()`` yields the corpus as DataFrames (doc_id, raw, and text); it is called twice (pass
    1 counts the template lines across the corpus, pass 2 cleans each document and keeps only its
    shingle hashes, MinHash signature and what was removed), so memory grows with those, not
    with the texts. ``engine`` (:func:`~arabic_news.core.parallel.make_engine`) runs the batches
    (default: this process). ``progress(stage, total)`` may return a callback told how many
    documents each batch held. ``passages``: also find the passages each pair shares (the cleaned
    texts are kept in a temporary file for that).
    """
    from ..core.parallel import Engine
    from ..core.study import resolve_study
    from .cleaning import HashedKeys, boilerplate_cues, template_keys_from_lines

    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")
    engine = engine or Engine()
    pack = resolve_study(study)
    pack.check_options(options)
    cues = boilerplate_cues(pack, options)
    tick = progress("template lines", None) if progress else None
    lines: list = []
    for part in engine.map(_lines_batch, batches(), options):
        lines.extend(part)
        if tick:
            tick(len(part))
    keys = HashedKeys(template_keys_from_lines(lines))
    n_docs = len(lines)
    del lines
    method = choose_method(method, n_docs)
    sign = None
    if method == "lsh":
        bands, rows = recall_banding(threshold, recall, NUM_PERM)
        sign = (bands * rows, SEED)
    tick = progress("cleaning and hashing", n_docs) if progress else None
    clean = (keys, cues, sign, passages)
    with SpilledHashes("uint8") as texts:  # the cleaned texts, for the shared passages
        if method == "lsh" and hasattr(engine, "client"):
            parts, found = _dask_pairs(engine, batches, clean, threshold, (bands, rows), tick, texts)
        else:
            parts, found = _local_pairs(engine, batches, clean, threshold, method, recall, tick, texts)
        shared = _passage_table(engine, found, texts, options, progress) if passages else None
    return assemble_report(parts, found, shared)


def _local_pairs(
    engine, batches: Callable[[], Iterable[pd.DataFrame]], clean: tuple, threshold, method, recall, tick, texts
) -> tuple[tuple[list, list, list], NearDuplicates]:
    """Return (:func:`report_parts`, the pairs) of :func:`duplicates_stream` found in this process."""
    import numpy as np

    ids: list[str] = []
    kept: list[int] = []
    removed: list = []
    sigs: list = []
    with SpilledHashes() as hashes:  # on disk: memory holds no shingle hashes
        for part in engine.map(_clean_hash_batch, batches(), *clean):
            ids += part["ids"]
            kept += part["kept"]
            removed += part["removed"]
            hashes.extend(part["hashes"])
            _spill_texts(texts, part["texts"])
            sigs.append(part["sigs"])
            if tick:
                tick(len(part["ids"]))
        matrix = np.vstack(sigs) if sigs else np.zeros((0, 0), dtype=np.uint32)
        del sigs
        found = near_duplicates([], threshold, method=method, recall=recall, hashed=(hashes, matrix))
    return report_parts(ids, kept, removed), found


def _spill_texts(spilled: SpilledHashes, texts: list[str] | None) -> None:
    """Append texts (UTF-8 bytes) to ``spilled`` (nothing when None)."""
    import numpy as np

    if texts is not None:
        spilled.extend([np.frombuffer(t.encode("utf-8"), dtype=np.uint8) for t in texts])


def _passages_chunk(chunk: list[tuple[int, int, str, str]], options: NormalizeOptions) -> list[dict]:
    """Return the shared passage rows (a, b as document numbers) of pairs with their cleaned texts."""
    rows = []
    for i, j, text_a, text_b in chunk:
        for k, p in enumerate(shared_passages(text_a, text_b, PASSAGE_MIN_WORDS, options), start=1):
            rows.append({"a": i, "b": j, "passage": k, "words": p.words, "text": p.text_a})
    return rows


def _passage_table(engine, found: NearDuplicates, texts: SpilledHashes, options, progress) -> list[dict]:
    """Return the shared passage rows of the pairs ``found`` (copies of an identical group and the
    group's first document left out), computed by ``engine`` a chunk of pairs at a time."""
    rep_of = {c: first for first, others in found.copies.items() for c in others}
    pairs = [(i, j) for i, j, _s in found.pairs if rep_of.get(j) != i]
    tick = progress("shared passages", len(pairs)) if progress else None

    def text(d: int) -> str:
        return texts[d].tobytes().decode("utf-8")

    def chunks() -> Iterator[list]:
        for start in range(0, len(pairs), PASSAGE_CHUNK):
            yield [(i, j, text(i), text(j)) for i, j in pairs[start : start + PASSAGE_CHUNK]]

    rows = []
    for part in engine.map(_passages_chunk, chunks(), options):
        rows += part
        if tick:
            tick(len({(r["a"], r["b"]) for r in part}))
    return rows


# --- pair finding on a Dask cluster -------------------------------------------------------------
#
# With the Dask engine and LSH, shingle hashes and signatures stay on the workers that computed
# them; the client keeps what the report needs (ids, kept spans, removed paragraphs) and a 16-byte
# key per document. The band keys are shuffled to ``parts`` partitions by key, so that the
# documents of a bucket meet in one task; the candidate pairs are then joined with the shingle
# hashes of their second document (partitioned by document), then of their first, and confirmed
# exactly where both meet. The pairs are the local engine's: the same buckets, the same large-
# bucket joins, the same exact Jaccard.


def _light_part(part: dict) -> dict:
    """Return what the client keeps of a cleaned batch: ids, kept spans, removed paragraphs and
    the :func:`content_key` of each document."""
    light = {k: part[k] for k in ("ids", "kept", "removed", "texts")}
    return {**light, "keys": [content_key(h) for h in part["hashes"]]}


def _band_split(part: dict, docs: np.ndarray, local: np.ndarray, bands: int, rows: int, parts: int) -> list:
    """Return the band keys of the documents ``local`` of a cleaned batch (numbered ``docs`` in the
    corpus) as ``parts`` pieces (band, key, doc arrays), a key always in the same piece."""
    import numpy as np

    sigs = part["sigs"][local]
    key = np.concatenate([_band_keys(sigs[:, b * rows : (b + 1) * rows]) for b in range(bands)])
    band = np.repeat(np.arange(bands, dtype=np.int32), len(docs))
    doc = np.tile(docs, bands)
    where = key % np.uint64(parts)
    return [(band[where == p], key[where == p], doc[where == p]) for p in range(parts)]


def _bucket_pairs(large: int, *pieces: tuple) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Return the candidate pairs (first and second documents, first < second) of the buckets of
    one partition of band keys, and the members of its buckets larger than ``large`` (given as a
    star, as :func:`band_candidates` does)."""
    import numpy as np

    band, key, doc = (np.concatenate([p[k] for p in pieces]) for k in range(3))
    order = np.lexsort((doc, key, band))
    band, key, doc = band[order], key[order], doc[order]
    starts = np.flatnonzero(np.r_[True, (band[1:] != band[:-1]) | (key[1:] != key[:-1])])
    sizes = np.diff(np.r_[starts, len(doc)])
    first, second, big = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)], []
    for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist()):
        members = doc[start : start + size]
        if size > large:
            first.append(np.full(size - 1, members[0]))
            second.append(members[1:])
            big.append(members)
            continue
        i, j = np.triu_indices(size, 1)
        first.append(members[i])
        second.append(members[j])
    return np.concatenate(first).astype(np.int64), np.concatenate(second).astype(np.int64), big


def _route(pairs: tuple, parts: int, by: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Return the pairs (first, second arrays) split into ``parts`` pieces by document ``by`` (0:
    the first, 1: the second) modulo ``parts``."""
    first, second = pairs[0], pairs[1]
    where = pairs[by] % parts
    return [(first[where == p], second[where == p]) for p in range(parts)]


def _hash_split(part: dict, docs: np.ndarray, local: np.ndarray, parts: int) -> list[dict[int, np.ndarray]]:
    """Return the shingle hashes of the documents ``local`` of a cleaned batch as ``parts`` dicts
    (document number -> hashes), a document in piece (number modulo ``parts``)."""
    out: list[dict[int, np.ndarray]] = [{} for _ in range(parts)]
    for d, i in zip(docs.tolist(), local.tolist()):
        out[d % parts][d] = part["hashes"][i]
    return out


def _merged(pieces: Sequence[dict]) -> dict:
    """Return one dict of several."""
    out: dict = {}
    for p in pieces:
        out.update(p)
    return out


def _attach(parts: int, n_hashes: int, *pieces) -> list[tuple[np.ndarray, np.ndarray, list]]:
    """Return the distinct pairs of ``pieces[n_hashes:]`` (all with the second document in this
    partition) with the hashes of their second document (``pieces[:n_hashes]``), split into
    ``parts`` pieces by first document."""
    import numpy as np

    hashes = _merged(pieces[:n_hashes])
    code = np.unique(np.concatenate([(p[0] << 32) | p[1] for p in pieces[n_hashes:]] or [np.zeros(0, np.int64)]))
    first, second = code >> 32, code & 0xFFFFFFFF
    where = first % parts
    return [
        (first[where == p], second[where == p], [hashes[j] for j in second[where == p].tolist()]) for p in range(parts)
    ]


def _confirm_attached(threshold: float, n_hashes: int, *pieces) -> tuple[list[tuple[int, int, float]], int]:
    """Return (the pairs of ``pieces[n_hashes:]`` with exact Jaccard >= ``threshold``, the number
    of pairs); the hashes of their first documents are ``pieces[:n_hashes]``."""
    hashes = _merged(pieces[:n_hashes])
    found, count = [], 0
    for first, second, right in pieces[n_hashes:]:
        count += len(first)
        sure = confirm_each(zip(first.tolist(), range(len(first))), hashes, right, threshold)
        found += [(i, int(second[k]), sim) for i, k, sim in sure]
    return found, count


def _take(part: dict, docs: np.ndarray, local: np.ndarray) -> dict[int, np.ndarray]:
    """Return document number -> shingle hashes of the documents ``local`` of a cleaned batch."""
    return {d: part["hashes"][i] for d, i in zip(docs.tolist(), local.tolist())}


def _large_joins(threshold: float, buckets: list[np.ndarray], *taken: dict) -> tuple[np.ndarray, np.ndarray]:
    """Return the pairs (first, second arrays) with exact Jaccard >= ``threshold`` inside each
    large bucket, by the exact join of its members."""
    import numpy as np

    hashes = _merged(taken)
    found = set()
    for members in buckets:
        sub, _c = _exact_join([hashes[m] for m in members.tolist()], threshold)
        found.update((int(members[i]), int(members[j])) for i, j, _s in sub)
    pairs = np.array(sorted(found), dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def _dask_pairs(
    engine, batches: Callable[[], Iterable[pd.DataFrame]], clean: tuple, threshold: float, banding: tuple, tick, texts
) -> tuple[tuple[list, list, list], NearDuplicates]:
    """Return (:func:`report_parts`, the pairs) of :func:`duplicates_stream` found with LSH on a
    Dask cluster (``engine.client``); ``clean`` = (template keys, cues, signature settings, texts?);
    the cleaned texts (when asked for) go to ``texts``."""
    import operator

    import numpy as np

    client = engine.client
    submit = partial(client.submit, pure=False)
    cleaned, ids, kept, removed, content, sizes = [], [], [], [], [], []
    for fut in engine.submit_map(_clean_hash_batch, batches(), *clean):
        light = submit(_light_part, fut).result()
        cleaned.append(fut)
        ids += light["ids"]
        kept += light["kept"]
        removed += light["removed"]
        content += light["keys"]
        _spill_texts(texts, light["texts"])
        sizes.append(len(light["ids"]))
        if tick:
            tick(sizes[-1])
    reps, copies = groups_of_keys(content)
    is_rep = np.zeros(len(ids), dtype=bool)
    is_rep[reps] = True
    offsets = np.r_[0, np.cumsum(sizes)].astype(np.int64)
    local = [np.flatnonzero(is_rep[offsets[b] : offsets[b + 1]]) for b in range(len(cleaned))]
    docs = [offsets[b] + local[b] for b in range(len(cleaned))]
    parts = max(2, 2 * engine.workers)
    split = [submit(_band_split, f, d, x, *banding, parts) for f, d, x in zip(cleaned, docs, local)]
    buckets = [
        submit(_bucket_pairs, LARGE_BUCKET, *[submit(operator.getitem, s, p) for s in split]) for p in range(parts)
    ]
    hashes = [submit(_hash_split, f, d, x, parts) for f, d, x in zip(cleaned, docs, local)]
    routed = [submit(_route, b, parts, 1) for b in buckets]
    big = [m for b in client.gather([submit(operator.getitem, b, 2) for b in buckets]) for m in b]
    if big:
        wanted = np.zeros(len(ids), dtype=bool)
        wanted[np.concatenate(big)] = True
        taken = []
        for b, f in enumerate(cleaned):
            x = np.flatnonzero(wanted[offsets[b] : offsets[b + 1]])
            if len(x):
                taken.append(submit(_take, f, offsets[b] + x, x))
        routed.append(submit(_route, submit(_large_joins, threshold, big, *taken), parts, 1))
    del cleaned, split  # the workers free them once their dependents are done
    by_doc = [[submit(operator.getitem, h, q) for h in hashes] for q in range(parts)]
    attached = [
        submit(_attach, parts, len(by_doc[q]), *by_doc[q], *[submit(operator.getitem, r, q) for r in routed])
        for q in range(parts)
    ]
    confirmed = client.gather(
        [
            submit(
                _confirm_attached,
                threshold,
                len(by_doc[q]),
                *by_doc[q],
                *[submit(operator.getitem, a, q) for a in attached],
            )
            for q in range(parts)
        ]
    )
    found = [p for pairs, _n in confirmed for p in pairs]
    near = _with_copies(found, copies, sum(n for _p, n in confirmed), *banding, "lsh")
    return report_parts(ids, kept, removed), near


def report_parts(ids: Sequence[str], kept: Sequence[int], removed: Sequence) -> tuple[list, list, list]:
    """Return (document rows without pair counts, internal duplicate rows, boilerplate rows) of
    cleaned documents (``kept``: the number of paragraphs each keeps)."""
    documents, internal, boiler = [], [], []
    for doc_id, n_kept, gone in zip(ids, kept, removed):
        dups = [r for r in gone if "duplicate_of" in r]
        flags = [r for r in gone if "duplicate_of" not in r]
        documents.append(
            {
                "doc_id": doc_id,
                "paragraphs": n_kept + len(gone),
                "kept_paragraphs": n_kept,
                "boilerplate_lines": len(flags),
                "internal_duplicates": len(dups),
            }
        )
        internal.extend(
            {
                "doc_id": doc_id,
                "paragraph": r["paragraph"],
                "duplicate_of": r["duplicate_of"],
                "similarity": r["similarity"],
            }
            for r in dups
        )
        boiler.extend(
            {"doc_id": doc_id, "line": r["paragraph"], "text": r["text"], "reason": r["reason"]} for r in flags
        )
    return documents, internal, boiler


def pair_counts(n_docs: int, found: NearDuplicates) -> tuple[list[int], list[int]]:
    """Return, per document, the number of documents it is a near-duplicate of (every copy of an
    identical group counted, though only one pair per copy is listed) and its cluster number (0
    outside clusters; clusters are numbered from 1)."""
    cluster: list[int] = [0] * n_docs
    for k, members in enumerate(found.clusters, start=1):
        for m in members:
            cluster[m] = k
    rep_of = {c: first for first, others in found.copies.items() for c in others}
    size = {first: 1 + len(others) for first, others in found.copies.items()}
    per_rep: dict[int, int] = {}
    for i, j, _sim in found.pairs:
        if rep_of.get(j) == i:
            continue  # a copy paired with its group's first document
        per_rep[i] = per_rep.get(i, 0) + size.get(j, 1)
        per_rep[j] = per_rep.get(j, 0) + size.get(i, 1)
    count = []
    for d in range(n_docs):
        rep = rep_of.get(d, d)
        count.append(size.get(rep, 1) - 1 + per_rep.get(rep, 0))
    return count, cluster


def assemble_report(
    parts: tuple[list, list, list], found: NearDuplicates, passages: list[dict] | None = None
) -> DuplicatesReport:
    """Return the :class:`DuplicatesReport` of cleaned documents (:func:`report_parts`), the
    near-duplicates found among them and (when given) their shared passages (a, b as numbers)."""
    import pandas as pd

    documents, internal, boiler = parts
    ids = [d["doc_id"] for d in documents]
    count, cluster = pair_counts(len(ids), found)
    for d, c, k in zip(documents, count, cluster):
        d["near_duplicates"], d["cluster"] = c, k
    near = [{"a": ids[i], "b": ids[j], "similarity": sim, "cluster": cluster[i]} for i, j, sim in found.pairs]
    clusters = [
        {"cluster": k, "size": len(m), "doc_ids": [ids[i] for i in m]} for k, m in enumerate(found.clusters, start=1)
    ]
    return DuplicatesReport(
        pd.DataFrame(documents, columns=DOCUMENT_COLUMNS),
        pd.DataFrame(internal, columns=["doc_id", "paragraph", "duplicate_of", "similarity"]),
        pd.DataFrame(boiler, columns=["doc_id", "line", "text", "reason"]),
        pd.DataFrame(near, columns=["a", "b", "similarity", "cluster"]),
        pd.DataFrame(clusters, columns=["cluster", "size", "doc_ids"]),
        None
        if passages is None
        else pd.DataFrame(
            [{**r, "a": ids[r["a"]], "b": ids[r["b"]]} for r in passages],
            columns=["a", "b", "passage", "words", "text"],
        ),
    )


# --- a generated corpus with planted near-duplicates ----------------------------------------

_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def generate_corpus(
    n_docs: int = 1000, dup_share: float = 0.2, seed: int = 0, words: tuple[int, int] = (150, 400)
) -> pd.DataFrame:
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
    return pd.DataFrame(
        {"doc_id": [f"gen-{i:06d}" for i in range(n_docs)], "text": [" ".join(d) for d in docs], "source": sources}
    )
