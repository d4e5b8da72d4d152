"""Near-duplicate documents at scale, and the passages two documents share.

Comparing every pair of documents is quadratic. :func:`near_duplicates` estimates the Jaccard
similarity of shingle sets with MinHash signatures (fixed seed), lets locality-sensitive hashing
(datasketch's MinHashLSH) propose candidate pairs, then confirms each candidate with the exact
Jaccard of the shingle sets, so no reported pair is an approximation. :func:`exact_pairs` is the
exact baseline: an inverted index (shingle -> documents), or the same count as a sparse product.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from ..core.groups import connected_groups
from ..core.parallel import parallel_map
from ..core.shingles import (
    NUM_PERM,
    SEED,
    exact_jaccard,
    minhash_signatures,
    shingle_hashes_many,
    signature_matrix,
)
from ..core.text import WORD_RE
from .families import Family, family_candidates, family_key, family_of, probe_pairs, star_pairs

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: below this many documents the work stays in one process (starting workers costs more)
PARALLEL_MIN_DOCS = 2000


# --- near-duplicate documents at scale ------------------------------------------------------


def _hash_chunk(texts: Sequence[str], n: int) -> list:
    """Return the shingle hashes of a chunk of normalized texts (a worker's share)."""
    return shingle_hashes_many(texts, n)


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
    out: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for band in range(bands):
        keys = _band_keys(signatures[:, band * rows : (band + 1) * rows])
        order = np.argsort(keys, kind="stable")  # stable: each bucket's members in ascending order
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        first, second, _big = bucket_pairs(order, starts, np.diff(np.r_[starts, n]), large)
        out.append(first * n + second)
    return np.unique(np.concatenate(out).astype(np.int64))


def bucket_pairs(
    members: np.ndarray, starts: np.ndarray, sizes: np.ndarray, large: int = LARGE_BUCKET
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Return the pairs (first members, second members) of the buckets given as runs of
    ``members`` (the run at ``starts[k]`` of ``sizes[k]`` members, in ascending order), and the
    members of the buckets larger than ``large``, which give only a star (their first member with
    each other member). Buckets of two, the usual kind, are paired in one vectorized step."""
    import numpy as np

    two = starts[sizes == 2]
    first, second, big = [members[two]], [members[two + 1]], []
    for start, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist()):
        run = members[start : start + size]
        if size > large:
            first.append(np.full(size - 1, run[0]))
            second.append(run[1:])
            big.append(run)
            continue
        i, j = np.triu_indices(size, 1)
        first.append(run[i])
        second.append(run[j])
    return np.concatenate(first).astype(np.int64), np.concatenate(second).astype(np.int64), big


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
    thousand copies give 9,999 pairs and one cluster instead of fifty million pairs. Families of
    documents that differ only in their numbers, every pair of which is provably a near-duplicate
    (:mod:`~arabic_news.analyses.families`), are listed the same way: each member paired with the
    family's first document, with its exact similarity. Documents without shingles (empty after
    cleaning) are never near-duplicates."""

    pairs: list[tuple[int, int, float]]  # (i, j, exact Jaccard), i < j, sorted
    candidates: int  # pairs proposed (by LSH, or by the exact method's prefix filter) before confirmation
    bands: int
    rows: int
    #: connected groups of documents linked by pairs: sorted index tuples, sorted by first member
    clusters: list[tuple[int, ...]] = field(default_factory=list)
    method: str = "lsh"
    #: first document of a group of identical documents -> the other documents of the group
    copies: dict[int, list[int]] = field(default_factory=dict)
    #: first document of a family (:mod:`~arabic_news.analyses.families`) -> its other members (first
    #: documents of their identical groups); every pair inside a family is a near-duplicate
    families: dict[int, list[int]] = field(default_factory=dict)


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
    family_keys: Sequence[bytes | None] | None = None,
) -> NearDuplicates:
    """Return the pairs of normalized ``texts`` whose exact shingle Jaccard is >= ``threshold``.

    ``method="lsh"``: MinHash + LSH propose candidates, then every candidate is confirmed with the
    exact Jaccard of its shingle sets. The banding is the one datasketch chooses for
    ``lsh_threshold`` (default ``threshold``), or, with ``recall``, the one that makes a pair at
    ``threshold`` a candidate with at least that probability (:func:`recall_banding`).
    ``method="exact"``: every pair, by a prefix-filtered join (:func:`exact_pairs`), no signatures.
    Identical documents are grouped first, then families of documents that differ only in their
    numbers (see :class:`NearDuplicates`; ``family_keys``: each document's
    :func:`~arabic_news.analyses.families.family_key`, computed from ``texts`` when not given).
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
    if family_keys is None and texts is not None and len(texts) == len(hashes):
        family_keys = [family_key(WORD_RE.findall(t)) for t in texts]
    families = [] if family_keys is None else find_families(reps, family_keys, hashes, threshold)
    in_family = {m for f in families for m in f.members}
    heads = [r for r in reps if r not in in_family] if in_family else reps
    head_hashes = _Picked(hashes, heads)  # read one by one: the hashes may be on disk (SpilledHashes)
    if method == "exact":
        found, candidates = _exact_join(list(head_hashes), threshold)
    else:
        found, candidates = _lsh_join(head_hashes, sigs[heads], bands, rows, threshold)
    found = [(heads[i], heads[j], sim) for i, j, sim in found]
    if families:
        members = {m: hashes[m] for f in families for m in f.members}
        found += family_pairs(families, members, reps, _Picked(hashes, reps), threshold)
    return _with_copies(found, copies, candidates, bands, rows, method, families)


def find_families(
    reps: Sequence[int], keys: Sequence[bytes | None], hashes: Sequence[np.ndarray], threshold: float
) -> list[Family]:
    """Return the families among the documents ``reps`` (see :mod:`~arabic_news.analyses.families`)."""
    found = (family_of(group, hashes, threshold) for group in family_candidates(reps, keys))
    return [f for f in found if f is not None]


def family_pairs(
    families: Sequence[Family],
    members: dict[int, np.ndarray],
    docs: Sequence[int],
    doc_hashes: Sequence[np.ndarray],
    threshold: float,
) -> list[tuple[int, int, float]]:
    """Return the pairs of the documents of ``families`` (hashes: ``members``): each member with its
    family's first document, and every near-duplicate pair with the documents ``docs`` (hashes:
    ``doc_hashes``) outside its family."""
    pairs = {p for f in families for p in star_pairs(f, members)}
    pairs.update(probe_pairs(families, members, docs, doc_hashes, threshold))
    return sorted(pairs)


def _with_copies(
    found: list[tuple[int, int, float]],
    copies: dict[int, list[int]],
    candidates: int,
    bands: int,
    rows: int,
    method: str,
    families: Sequence[Family] = (),
) -> NearDuplicates:
    """Return the :class:`NearDuplicates` of the pairs ``found`` among the first documents of
    identical groups (the pairs of ``families`` included), each copy paired with its group's first
    document."""
    pairs = found + [(first, other, 1.0) for first, others in copies.items() for other in others]
    pairs = sorted((min(i, j), max(i, j), s) for i, j, s in pairs)
    heads = {f.members[0]: list(f.members[1:]) for f in families}
    return NearDuplicates(pairs, candidates, bands, rows, clusters_of(pairs), method, copies, heads)


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
    """Return the connected groups of the documents linked by ``pairs``, each sorted, sorted by
    their first member."""
    return connected_groups((i, j) for i, j, _s in pairs)


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
