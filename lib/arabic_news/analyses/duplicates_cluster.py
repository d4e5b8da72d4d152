"""Near-duplicate pairs found on the workers of a cluster (``duplicates --method lsh --engine dask``).

Shingle hashes and signatures stay on the workers that computed them; the client keeps what the
report needs (ids, paragraph counts, removed paragraphs) and a 16-byte key per document. The band
keys are shuffled to ``parts`` partitions by key, so that the documents of a bucket meet in one task;
the candidate pairs are then joined with the shingle hashes of their second document (partitioned by
document), then of their first, and confirmed exactly where both meet. The pairs are those of
:func:`~arabic_news.analyses.near_duplicates.near_duplicates`: the same buckets, the same large-bucket
joins, the same exact Jaccard.

The plan uses only the engine interface (:meth:`~arabic_news.core.parallel.Engine.submit_map`,
``submit``, ``gather``): the Dask engine runs it when its results stay on the workers
(:attr:`~arabic_news.core.parallel.Engine.distributed`); any other engine can run it too, which is
how the tests compare it with the local plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from .families import Family, family_candidates, family_of, probe_pairs, star_pairs
from .near_duplicates import (
    LARGE_BUCKET,
    NearDuplicates,
    _band_keys,
    _exact_join,
    _with_copies,
    bucket_pairs,
    confirm_each,
    content_key,
    groups_of_keys,
)

if TYPE_CHECKING:
    import numpy as np

    from ..core.parallel import Engine


def _light_part(part: dict) -> dict:
    """Return what the client keeps of a cleaned batch: ids, paragraphs kept, removed paragraphs and
    the :func:`content_key` of each document."""
    light = {k: part[k] for k in ("ids", "kept", "removed", "texts", "families")}
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
    return bucket_pairs(doc, starts, np.diff(np.r_[starts, len(doc)]), large)


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


def cluster_pairs(
    engine: Engine,
    parts: Iterable,
    threshold: float,
    banding: tuple[int, int],
    keep: Callable[[dict], None],
) -> NearDuplicates:
    """Return the pairs of the duplicates report found with LSH by the engine's workers (see the
    module docstring). ``parts``: the futures of the cleaned batches (each a dict with ``ids``,
    ``hashes``, ``sigs`` and what the report keeps), in order; ``keep(light)`` is given what the
    client keeps of each batch (its fields but the hashes and signatures) as it comes."""
    import operator

    import numpy as np

    submit = engine.submit
    cleaned, content, sizes, family_keys = [], [], [], []
    for fut in parts:
        light = submit(_light_part, fut).result()
        cleaned.append(fut)
        keep(light)
        content += light["keys"]
        family_keys += light["families"]
        sizes.append(len(light["ids"]))
    n_docs = sum(sizes)
    reps, copies = groups_of_keys(content)
    is_rep = np.zeros(n_docs, dtype=bool)
    is_rep[reps] = True
    offsets = np.r_[0, np.cumsum(sizes)].astype(np.int64)
    all_reps = [np.flatnonzero(is_rep[offsets[b] : offsets[b + 1]]) for b in range(len(cleaned))]
    families, members = _families(engine, cleaned, offsets, reps, family_keys, n_docs, threshold)
    for f in families:  # a family's pairs are found apart: its members take no part in the banding
        is_rep[list(f.members)] = False
    local = [np.flatnonzero(is_rep[offsets[b] : offsets[b + 1]]) for b in range(len(cleaned))]
    docs = [offsets[b] + local[b] for b in range(len(cleaned))]
    n_parts = max(2, 2 * engine.workers)
    split = [submit(_band_split, f, d, x, *banding, n_parts) for f, d, x in zip(cleaned, docs, local)]
    buckets = [
        submit(_bucket_pairs, LARGE_BUCKET, *[submit(operator.getitem, s, p) for s in split]) for p in range(n_parts)
    ]
    hashes = [submit(_hash_split, f, d, x, n_parts) for f, d, x in zip(cleaned, docs, local)]
    routed = [submit(_route, b, n_parts, 1) for b in buckets]
    big = [m for b in engine.gather([submit(operator.getitem, b, 2) for b in buckets]) for m in b]
    if big:
        wanted = np.zeros(n_docs, dtype=bool)
        wanted[np.concatenate(big)] = True
        taken = []
        for b, f in enumerate(cleaned):
            x = np.flatnonzero(wanted[offsets[b] : offsets[b + 1]])
            if len(x):
                taken.append(submit(_take, f, offsets[b] + x, x))
        routed.append(submit(_route, submit(_large_joins, threshold, big, *taken), n_parts, 1))
    probed = []
    if families:  # the pairs of each family with the rest of the corpus, on the workers
        probed = [
            submit(_probe_batch, f, offsets[b] + x, x, families, members, threshold)
            for b, (f, x) in enumerate(zip(cleaned, all_reps))
        ]
    del cleaned, split  # the workers free them once their dependents are done
    by_doc = [[submit(operator.getitem, h, q) for h in hashes] for q in range(n_parts)]
    attached = [
        submit(_attach, n_parts, len(by_doc[q]), *by_doc[q], *[submit(operator.getitem, r, q) for r in routed])
        for q in range(n_parts)
    ]
    confirmed = engine.gather(
        [
            submit(
                _confirm_attached,
                threshold,
                len(by_doc[q]),
                *by_doc[q],
                *[submit(operator.getitem, a, q) for a in attached],
            )
            for q in range(n_parts)
        ]
    )
    found = [p for pairs, _n in confirmed for p in pairs]
    if families:
        stars = {p for f in families for p in star_pairs(f, members)}
        found += sorted(stars.union(*map(set, engine.gather(probed))))
    return _with_copies(found, copies, sum(n for _p, n in confirmed), *banding, "lsh", families)


def _families(
    engine: Engine,
    cleaned: list,
    offsets: np.ndarray,
    reps: list[int],
    keys: list[bytes | None],
    n_docs: int,
    threshold: float,
) -> tuple[list[Family], dict[int, np.ndarray]]:
    """Return the families among the documents ``reps`` and the shingle hashes of their members,
    brought from the workers (only those of the candidate families)."""
    import numpy as np

    groups = family_candidates(reps, keys)
    if not groups:
        return [], {}
    wanted = np.zeros(n_docs, dtype=bool)
    wanted[[m for g in groups for m in g]] = True
    taken = []
    for b, f in enumerate(cleaned):
        x = np.flatnonzero(wanted[offsets[b] : offsets[b + 1]])
        if len(x):
            taken.append(engine.submit(_take, f, offsets[b] + x, x))
    hashes = _merged(engine.gather(taken))
    families = [f for f in (family_of(g, hashes, threshold) for g in groups) if f is not None]
    return families, {m: hashes[m] for f in families for m in f.members}


def _probe_batch(
    part: dict, docs: np.ndarray, local: np.ndarray, families: list[Family], members: dict, threshold: float
) -> list[tuple[int, int, float]]:
    """Return the near-duplicate pairs between the members of ``families`` and the documents
    ``local`` of a cleaned batch (numbered ``docs`` in the corpus)."""
    return probe_pairs(families, members, docs.tolist(), [part["hashes"][i] for i in local.tolist()], threshold)
