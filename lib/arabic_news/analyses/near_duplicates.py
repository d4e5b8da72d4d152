"""Near-duplicate documents at scale, and the passages two documents share.

Comparing every pair of documents is quadratic. :func:`near_duplicates` estimates the Jaccard
similarity of shingle sets with MinHash signatures (fixed seed), lets locality-sensitive hashing
(datasketch's MinHashLSH) propose candidate pairs, then confirms each candidate with the exact
Jaccard of the shingle sets, so no reported pair is an approximation. :func:`exact_pairs` is the
exact baseline: an inverted index (shingle -> documents), or the same count as a sparse product.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from ..core.parallel import parallel_map
from ..core.shingles import NUM_PERM, SEED, exact_jaccard, minhash_signatures, shingle_hashes, shingles
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
    """Return the pairs (i < j) that datasketch MinHashLSH puts in a common bucket."""
    from datasketch import MinHash, MinHashLSH

    num_perm = signatures.shape[1]
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    proto = MinHash(num_perm=num_perm, seed=seed)
    with lsh.insertion_session() as session:
        for i, sig in enumerate(signatures):
            session.insert(
                i,
                MinHash(
                    num_perm=num_perm, seed=seed, hashvalues=sig, permutations=proto.permutations, scheme="affine32"
                ),
                check_duplication=False,
            )
    pairs: set[tuple[int, int]] = set()
    for table in lsh.hashtables:
        for key in table.keys():  # noqa: SIM118  (a datasketch storage, not a dict)
            bucket = sorted(table.get(key))
            for x, a in enumerate(bucket):
                pairs.update((a, b) for b in bucket[x + 1 :])
    return pairs


@dataclass(frozen=True)
class NearDuplicates:
    """Confirmed near-duplicate pairs and what it took to find them."""

    pairs: list[tuple[int, int, float]]  # (i, j, exact Jaccard), i < j, sorted
    candidates: int  # pairs proposed by LSH before exact confirmation
    bands: int
    rows: int


def near_duplicates(
    texts: Sequence[str],
    threshold: float = 0.5,
    *,
    n: int = 5,
    lsh_threshold: float | None = None,
    num_perm: int = NUM_PERM,
    seed: int = SEED,
    workers: int = 1,
    hashed: tuple[list, np.ndarray] | None = None,
) -> NearDuplicates:
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
    """Per document counts, internal duplicates, boilerplate lines and near-duplicate pairs."""

    documents: pd.DataFrame  # doc_id, paragraphs, kept_paragraphs, boilerplate_lines, ...
    internal_duplicates: pd.DataFrame  # doc_id, paragraph, duplicate_of, similarity
    boilerplate: pd.DataFrame  # doc_id, line, text, reason
    near_duplicates: pd.DataFrame  # a, b, similarity


def duplicates_report(df: pd.DataFrame, threshold: float = 0.5, *, study=None, workers: int = 1) -> DuplicatesReport:
    """Return what the ``duplicates`` command reports: the corpus cleaned (boilerplate and repeated
    paragraphs, see :func:`~arabic_news.analyses.cleaning.clean_corpus`), then the pairs of
    documents whose cleaned texts have shingle Jaccard >= ``threshold``."""
    import pandas as pd

    from .cleaning import clean_corpus

    cleaned = clean_corpus(df, study=study, workers=workers)
    found = near_duplicates(list(cleaned["clean_text"]), threshold, workers=workers)
    ids = list(cleaned["doc_id"])
    near_count = [0] * len(ids)
    for i, j, _sim in found.pairs:
        near_count[i] += 1
        near_count[j] += 1
    documents, internal, boiler = [], [], []
    for k, (doc_id, spans, removed) in enumerate(zip(ids, cleaned["kept_spans"], cleaned["removed"])):
        dups = [r for r in removed if "duplicate_of" in r]
        flags = [r for r in removed if "duplicate_of" not in r]
        documents.append(
            {
                "doc_id": doc_id,
                "paragraphs": len(spans) + len(removed),
                "kept_paragraphs": len(spans),
                "boilerplate_lines": len(flags),
                "internal_duplicates": len(dups),
                "near_duplicates": near_count[k],
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
    near = [{"a": ids[i], "b": ids[j], "similarity": sim} for i, j, sim in found.pairs]
    return DuplicatesReport(
        pd.DataFrame(
            documents,
            columns=[
                "doc_id",
                "paragraphs",
                "kept_paragraphs",
                "boilerplate_lines",
                "internal_duplicates",
                "near_duplicates",
            ],
        ),
        pd.DataFrame(internal, columns=["doc_id", "paragraph", "duplicate_of", "similarity"]),
        pd.DataFrame(boiler, columns=["doc_id", "line", "text", "reason"]),
        pd.DataFrame(near, columns=["a", "b", "similarity"]),
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
