"""Wordscores: a second, independent position of each document between the camps, scaled from
reference texts of known position (Laver, Benoit and Garry 2003), reported beside the lexicon's
alignment and never mixed into it.

The lexicon's alignment rests on expressions a reader chose; Wordscores rests on nothing but word
frequencies. Given reference texts with positions (the partisan items of a discovery split: +1 for the
first camp's outlets, -1 for the second's), each word gets a score, the mean of the reference
positions weighted by how much more often each reference uses it::

    P(r | w) = F(w, r) / sum over r' of F(w, r')      (F: the word's relative frequency in r)
    S(w) = sum over r of P(r | w) * position(r)

and a document's raw score is the mean word score of its words that the references know (each word
weighted by its relative frequency). The references of one position are pooled into one text. The
score reported is the raw score minus the midpoint of the pooled references' own raw scores, so that
0 lies halfway between the camps and the sign says which camp's references the document's words
resemble; it orders documents, it does not say how partisan one is on the lexicon's scale. Words
are the package's normalized words (:func:`arabic_news.core.text.tokenize`), so the same options
as the lexicon apply.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...core.context import Context
from ...core.document import Document, documents
from ...core.text import NormalizeOptions

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class WordScores:
    """Word scores fitted on reference texts: ``scores`` maps a normalized word to its score,
    ``counts`` to its number of occurrences in the references."""

    scores: dict[str, float] = field(repr=False)
    counts: dict[str, int] = field(repr=False)
    options: NormalizeOptions
    positions: tuple[float, ...]
    midpoint: float = 0.0

    def raw_score(self, words: Iterable[str]) -> tuple[float | None, int]:
        """Return (raw score, number of scored words) of normalized ``words``."""
        known = Counter(w for w in words if w in self.scores)
        total = sum(known.values())
        if not total:
            return None, 0
        return sum(n * self.scores[w] for w, n in known.items()) / total, total

    def score(self, text: str | Document) -> tuple[float | None, int]:
        """Return (score, number of scored words) of a raw text or Document: the raw score minus the
        references' midpoint; None when no word of it occurs in the references."""
        doc = Document("", text, self.options) if isinstance(text, str) else text
        raw, n = self.raw_score(doc.word_spans[0])
        return (None if raw is None else raw - self.midpoint), n

    def words(self, k: int = 10) -> pd.DataFrame:
        """Return the ``k`` words with the highest and the ``k`` with the lowest scores among those
        the references use at least twice (columns word, score, count): the evidence of the scale."""
        import pandas as pd

        table = pd.DataFrame(
            [(w, s, self.counts[w]) for w, s in self.scores.items() if self.counts[w] >= 2],
            columns=["word", "score", "count"],
        ).sort_values(["score", "count", "word"], ascending=[False, False, True])
        return pd.concat([table.head(k), table.tail(k)]).reset_index(drop=True)


def fit_wordscores(texts: Iterable[str | Document], positions: Iterable[float], ctx: Context) -> WordScores:
    """Return the word scores of reference ``texts`` (raw texts or Documents) with their
    ``positions`` (e.g. +1 for the first camp's outlets, -1 for the second's; texts of one position
    are pooled), words normalized with the context's options."""
    pooled: dict[float, Counter] = {}
    for text, position in zip(texts, positions, strict=True):
        doc = Document("", text, ctx.options) if isinstance(text, str) else text
        pooled.setdefault(float(position), Counter()).update(doc.word_spans[0])
    if len(pooled) < 2:
        raise ValueError("Wordscores needs reference texts of at least two different positions")
    relative = {p: {w: n / sum(c.values()) for w, n in c.items()} for p, c in pooled.items()}
    counts: Counter = Counter()
    for c in pooled.values():
        counts.update(c)
    scores = {}
    for w in counts:
        f = {p: rel.get(w, 0.0) for p, rel in relative.items()}
        total = sum(f.values())
        scores[w] = sum(f[p] / total * p for p in f)
    model = WordScores(scores, dict(counts), ctx.options, tuple(sorted(pooled)))
    own = [model.raw_score(c.elements())[0] for c in pooled.values()]
    return WordScores(scores, dict(counts), ctx.options, model.positions, sum(own) / len(own))


def wordscores_table(df: pd.DataFrame, model: WordScores) -> pd.DataFrame:
    """Return one row per document of a corpus DataFrame: doc_id, wordscore (None when no word is
    known to the references) and scored_words."""
    import pandas as pd

    rows = [(d, *model.score(doc)) for d, doc in zip(df["doc_id"], documents(df, model.options))]
    out = pd.DataFrame(rows, columns=["doc_id", "wordscore", "scored_words"])
    out["wordscore"] = out["wordscore"].astype(float)
    return out


def measures_agreement(a: Sequence[float | None], b: Sequence[float | None]) -> dict[str, float]:
    """Return how two measures of the same documents agree: the Spearman rank correlation over the
    documents both score, and the share of them where both have the same sign (0 counts as neither
    sign), with their number ``n``."""
    from scipy.stats import spearmanr

    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None and x == x and y == y]
    if len(pairs) < 3:
        return {"n": float(len(pairs)), "spearman": float("nan"), "same sign": float("nan")}
    xs, ys = zip(*pairs)
    same = sum((x > 0) == (y > 0) and (x < 0) == (y < 0) for x, y in pairs) / len(pairs)
    return {"n": float(len(pairs)), "spearman": float(spearmanr(xs, ys).statistic), "same sign": same}
