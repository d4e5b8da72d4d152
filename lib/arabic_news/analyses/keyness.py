"""Keyness: which words one document (or outlet) uses distinctively often, compared with the rest.

Significance: Dunning's log-likelihood G2 in the two-cell form used by corpus linguists (Rayson &
Garside 2000; Rayson's online calculator)::

    E1 = c * (a + b) / (c + d)        E2 = d * (a + b) / (c + d)
    G2 = 2 * (a * ln(a / E1) + b * ln(b / E2))          (0 * ln 0 = 0)

where a and b are the word's frequencies in the target and the reference, and c and d the sizes
(tokens) of the two. With small counts G2 overstates evidence, so by default a Yates-style
continuity correction is applied first: each observed frequency moves 0.5 towards its expected
value (when it is at least 0.5 away; otherwise it is set to the expected value). A word seen once
in the target and never elsewhere then scores about 0.4 instead of about 3, far below the 3.84
of p < 0.05.

Effect size: the log ratio (Hardie 2014), log2 of the ratio of the word's relative frequencies,
with 0.5 added to both frequencies so that a word absent from one side has a finite value. +1
means twice as frequent in the target, -1 half as frequent.

Tokens are the normalized words of the corpus (its ``text`` column, normalized with the corpus's
options). No stoplist is applied:
function words stay in (they are part of an outlet's style). Only pure digits and one-letter
tokens are ignored, because they are artefacts of numbers, dates and split clitics, not words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..core.document import documents
from ..core.metadata import group_labels
from ..core.text import DEFAULT_OPTIONS, NormalizeOptions, words

#: G2 critical values (1 degree of freedom): p < 0.05, 0.01, 0.001, 0.0001
CRITICAL = ((15.13, "****"), (10.83, "***"), (6.63, "**"), (3.84, "*"))


def keep_token(norm: str) -> bool:
    """Return False for tokens that are pure digits or a single letter, True otherwise."""
    return len(norm) > 1 and not norm.isdigit()


def token_counts(texts: Iterable[str]) -> Counter:
    """Return the frequency of every kept word over already normalized ``texts``."""
    counts: Counter = Counter()
    for norm in texts:
        counts.update(w for w in words(norm, None) if keep_token(w))
    return counts


def log_likelihood(a: np.ndarray, b: np.ndarray, c: float, d: float, correction: bool = True) -> np.ndarray:
    """Return G2 for frequencies ``a`` (target, size ``c``) and ``b`` (reference, size ``d``)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    if correction:
        a = np.where(np.abs(a - e1) >= 0.5, a - 0.5 * np.sign(a - e1), e1)
        b = np.where(np.abs(b - e2) >= 0.5, b - 0.5 * np.sign(b - e2), e2)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2 * (t1 + t2)


def log_ratio(a: np.ndarray, b: np.ndarray, c: float, d: float, add: float = 0.5) -> np.ndarray:
    """Return log2 of the ratio of relative frequencies, with ``add`` added to both frequencies."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return np.log2(((a + add) / c) / ((b + add) / d))


def keyness(target: Counter, reference: Counter, correction: bool = True) -> pd.DataFrame:
    """Return every word of ``target`` or ``reference`` with a, b, G2, log ratio and stars,
    sorted by G2 (over-used words first, then under-used)."""
    words = sorted(set(target) | set(reference))
    a = np.array([target.get(w, 0) for w in words], dtype=float)
    b = np.array([reference.get(w, 0) for w in words], dtype=float)
    c, d = float(sum(target.values())), float(sum(reference.values()))
    out = pd.DataFrame({"word": words, "a": a.astype(int), "b": b.astype(int)})
    out["G2"] = log_likelihood(a, b, c, d, correction) if c and d else 0.0
    out["log_ratio"] = log_ratio(a, b, c, d) if c and d else 0.0
    out["use"] = np.where(a / max(c, 1) >= b / max(d, 1), "+", "-")
    out["sig"] = [next((s for v, s in CRITICAL if g >= v), "") for g in out["G2"]]
    return out.sort_values(["use", "G2", "word"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


def keyness_by(
    df: pd.DataFrame,
    by: str = "doc_id",
    top: int = 8,
    min_count: int = 2,
    correction: bool = True,
    options: NormalizeOptions = DEFAULT_OPTIONS,
) -> pd.DataFrame:
    """Return the ``top`` over-used words of each value of ``by`` against all other documents
    (words normalized with ``options``, seen at least ``min_count`` times in the target)."""
    texts = [d.text for d in documents(df, options)]
    df = df.assign(text=texts, **{by: group_labels(df, by)})  # no document drops out
    counts = {key: token_counts(group["text"]) for key, group in df.groupby(by, sort=False)}
    total: Counter = Counter()
    for c in counts.values():
        total.update(c)
    frames = []
    for key, target in counts.items():
        reference = total - target
        table = keyness(target, reference, correction)
        table = table[(table["use"] == "+") & (table["a"] >= min_count)].head(top)
        frames.append(table.assign(**{by: key}))
    out = pd.concat(frames, ignore_index=True)
    out["G2"] = out["G2"].round(2)
    out["log_ratio"] = out["log_ratio"].round(2)
    return out[[by, "word", "a", "b", "G2", "log_ratio", "sig"]]
