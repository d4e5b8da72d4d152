"""Families of near-identical documents: many documents that differ only in their numbers ("... 17
killed", "... 18 killed"; a price, a score, a date), grouped before pairs are listed, as identical
copies are.

Three thousand such one-sentence documents are four and a half million near-duplicate pairs. Listing
them all says nothing more than "these 3,000 documents are one family", and costs gigabytes. So, as
identical documents are one group whose copies are each paired with its first document
(:func:`~arabic_news.analyses.near_duplicates.identical_groups`), documents whose words are the same
once every number is masked form a *family* when there are at least :data:`FAMILY_MIN` of them and
every pair of them is provably a near-duplicate:

* the *core* C is the set of shingles every member shares, and each member M has ``d_M`` shingles
  of its own beyond it. Any two members i, j share at least C and together hold at most
  ``|C| + d_i + d_j`` shingles, so their Jaccard is at least ``|C| / (|C| + d_i + d_j)``; with the
  two largest ``d``, that bound (the family's ``bound``) must reach the threshold: every pair of the
  family is a near-duplicate, and the report says so by listing each member paired with the
  family's first document (with its exact similarity) and counting every pair in the documents'
  ``near_duplicates`` column;
* a document X outside the family that is a near-duplicate of a member M shares at least
  ``t |S_M|`` shingles with M, at most ``d_M`` of them outside the core, so at least
  ``alpha = t |C| - (1 - t) max d`` with the core. A family needs ``alpha >= 1``: then every such X
  holds one of the first ``|C| - alpha + 1`` core shingles (the *probe*), the only documents
  compared with the members, each pair confirmed exactly. The pairs between a family and the rest of
  the corpus are therefore exactly those a comparison of every pair would find.

Nothing is approximated: the pairs listed are confirmed exactly, and the pairs left out are those
inside a family, which the family's bound proves.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.shingles import exact_jaccard

if TYPE_CHECKING:
    import numpy as np

#: the fewest documents of a family: smaller groups are listed pair by pair (at most 2,016 pairs)
FAMILY_MIN = 64

_DIGITS_RE = re.compile(r"\d+")


def family_key(words: Sequence[str]) -> bytes | None:
    """Return a 16-byte digest of ``words`` with every number masked (None when no word holds a
    digit): documents that differ only in their numbers get the same key."""
    import hashlib

    text = "\x1f".join(words)
    if not _DIGITS_RE.search(text):
        return None
    masked = _DIGITS_RE.sub("0", text).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(masked, digest_size=16).digest()


@dataclass(frozen=True)
class Family:
    """A family of near-identical documents (see the module docstring)."""

    #: the documents of the family (their numbers in the corpus), in order: the first is its head
    members: tuple[int, ...]
    #: the shingle hashes every member holds (sorted)
    core: np.ndarray
    #: per member, how many shingles it holds beyond the core
    extra: np.ndarray
    #: every pair of members has at least this Jaccard similarity
    bound: float
    #: the core hashes of which a document outside the family must hold one to be a near-duplicate
    probe: np.ndarray


def family_candidates(reps: Sequence[int], keys: Sequence[bytes | None], minimum: int = FAMILY_MIN) -> list[list[int]]:
    """Return the groups of at least ``minimum`` of the documents ``reps`` that share a
    :func:`family_key` (each group in order)."""
    groups: dict[bytes, list[int]] = {}
    for r in reps:
        key = keys[r]
        if key is not None:
            groups.setdefault(key, []).append(r)
    return [g for g in groups.values() if len(g) >= minimum]


def family_of(members: Sequence[int], hashes: Sequence[np.ndarray], threshold: float) -> Family | None:
    """Return the :class:`Family` of ``members`` (their shingle hashes: ``hashes[m]``, sorted and
    unique), or None when its bound is below ``threshold`` or the probe cannot be made exact."""
    import numpy as np

    arrays = [hashes[m] for m in members]
    core = arrays[0]
    for h in arrays[1:]:
        core = np.intersect1d(core, h, assume_unique=True)
    c = len(core)
    extra = np.array([len(h) for h in arrays], dtype=np.int64) - c
    d1, d2 = np.sort(extra)[::-1][:2].tolist()
    if c == 0 or c / (c + d1 + d2) < threshold:
        return None
    alpha = math.ceil(threshold * c - (1 - threshold) * d1 - 1e-9)
    if alpha < 1:
        return None
    return Family(tuple(members), core, extra, c / (c + d1 + d2), core[: c - alpha + 1])


def star_pairs(family: Family, hashes: Sequence[np.ndarray]) -> list[tuple[int, int, float]]:
    """Return each member of ``family`` paired with its head, with their exact Jaccard (rounded to 4
    places, as every pair of the report)."""
    head = family.members[0]
    first = hashes[head]
    return [(head, m, round(exact_jaccard(first, hashes[m]), 4)) for m in family.members[1:]]


def probe_pairs(
    families: Sequence[Family],
    member_hashes: dict[int, np.ndarray],
    docs: Sequence[int],
    doc_hashes: Sequence[np.ndarray],
    threshold: float,
) -> list[tuple[int, int, float]]:
    """Return the pairs (i < j, exact Jaccard >= ``threshold``) between the members of ``families``
    (their hashes: ``member_hashes``) and the documents ``docs`` outside each family (their hashes:
    ``doc_hashes``): only documents holding a probe hash are compared, and only with the members
    whose bound on the pair reaches the threshold."""
    import numpy as np

    if not families:
        return []
    probes = np.concatenate([f.probe for f in families])
    owner = np.repeat(np.arange(len(families)), [len(f.probe) for f in families])
    order = np.argsort(probes, kind="stable")
    probes, owner = probes[order], owner[order]
    inside = [set(f.members) for f in families]
    found = []
    for x, hx in zip(docs, doc_hashes):
        hit = np.isin(probes, hx, assume_unique=False)
        for k in np.unique(owner[hit]).tolist():
            family = families[k]
            if x in inside[k]:
                continue
            shared = len(np.intersect1d(family.core, hx, assume_unique=True))
            sizes = len(family.core) + family.extra
            # at most the core shingles X holds and all of M's own: an upper bound on J(M, X)
            upper = (shared + np.minimum(family.extra, len(hx))) / np.maximum(sizes, len(hx))
            for k_m in np.flatnonzero(upper >= threshold - 1e-12).tolist():
                m = family.members[k_m]
                sim = exact_jaccard(member_hashes[m], hx)
                if sim >= threshold:
                    found.append((min(m, x), max(m, x), round(sim, 4)))
    return found
