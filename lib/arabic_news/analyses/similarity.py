"""Similarity of a few documents: the Jaccard matrix of their shingle sets, the passages two of them
share, and edited copies of real texts (near-duplicates whose answer is known). For a corpus, see
:mod:`~arabic_news.analyses.near_duplicates`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.shingles import jaccard, shingles
from ..core.text import DEFAULT_OPTIONS, NormalizeOptions, tokenize

if TYPE_CHECKING:
    import pandas as pd


def similarity_matrix(
    texts: Sequence[str],
    labels: Sequence[str] | None = None,
    kind: str = "word",
    n: int | None = None,
    options: NormalizeOptions = DEFAULT_OPTIONS,
) -> pd.DataFrame:
    """Return the square DataFrame of pairwise shingle Jaccard similarities of ``texts``."""
    import pandas as pd

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


# --- edited copies: near-duplicates planted in real text -------------------------------------


def edited_copies(texts: Sequence[str], copies: int, seed: int = 0) -> pd.DataFrame:
    """Return ``texts`` and ``copies`` edited copies of them (doc_id, text, source): each copy is a
    randomly chosen text with a random 1-30 % of its words replaced, deleted or inserted (the new
    words drawn from the texts themselves), which spreads its Jaccard similarity to its original over
    roughly 0.2-0.95. ``source`` names the original of a copy (empty for the originals). For
    measuring near-duplicate detection on real prose, where the right answer is known; deterministic
    for a ``seed``."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    originals = [t.split() for t in texts]
    vocabulary = [w for ws in originals for w in ws]
    docs, sources = [" ".join(ws) for ws in originals], [""] * len(originals)
    for _ in range(copies):
        src = int(rng.integers(0, len(originals)))
        w = list(originals[src])
        edits = max(1, int(rng.uniform(0.01, 0.3) * len(w)))
        for op in rng.integers(0, 3, edits).tolist():
            pos = int(rng.integers(0, len(w)))
            new = vocabulary[int(rng.integers(0, len(vocabulary)))]
            if op == 0:
                w[pos] = new
            elif op == 1 and len(w) > 10:
                del w[pos]
            else:
                w.insert(pos, new)
        docs.append(" ".join(w))
        sources.append(f"doc-{src:05d}")
    return pd.DataFrame({"doc_id": [f"doc-{i:05d}" for i in range(len(docs))], "text": docs, "source": sources})
