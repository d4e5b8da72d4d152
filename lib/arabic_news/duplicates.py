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
from collections.abc import Iterable, Sequence
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


def word_shingles(text: str, n: int = 5) -> set[str]:
    """Return the set of word ``n``-grams of normalized ``text`` (the whole text if shorter)."""
    w = words(text)
    if len(w) < n:
        return {" ".join(w)} if w else set()
    return {" ".join(w[i:i + n]) for i in range(len(w) - n + 1)}


def char_shingles(text: str, n: int = 4) -> set[str]:
    """Return the set of character ``n``-grams of normalized ``text`` (spaces folded)."""
    s = " ".join(words(text))
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


def paragraph_shingles(text: str) -> set[str]:
    """Return the shingles used to compare paragraphs: word 3-grams, or char 4-grams when the
    paragraph has fewer than 8 words (short lines have too few word 3-grams to compare)."""
    if len(words(text)) < 8:
        return char_shingles(text, 4)
    return word_shingles(text, 3)


def jaccard(a: set, b: set) -> float:
    """Return the Jaccard similarity |a ∩ b| / |a ∪ b| (0.0 when both are empty)."""
    if not a and not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)
