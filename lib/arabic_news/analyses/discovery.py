"""Lexicon discovery: which words and phrases tell two groups of documents apart ("Fightin' Words").

Monroe, Colaresi and Quinn (2008, "Fightin' Words: Lexical Feature Selection and Evaluation for
Identifying the Content of Political Conflict", *Political Analysis* 16(4)) compare the use of each
word ``w`` in two groups ``a`` and ``b`` by a log-odds ratio with an informative Dirichlet prior:

    δ_w = log((y_aw + α_w) / (n_a + α_0 - y_aw - α_w)) - log((y_bw + α_w) / (n_b + α_0 - y_bw - α_w))
    σ²(δ_w) ≈ 1 / (y_aw + α_w) + 1 / (y_bw + α_w),      z_w = δ_w / σ(δ_w)

where ``y_gw`` counts ``w`` in group ``g``, ``n_g`` counts every n-gram of ``g``, and the prior
``α_w = α_0 · π_w`` spreads ``α_0`` pseudo-counts by the background share ``π_w`` of ``w`` (by
default the two groups together). Rare words are pulled toward no difference, so a word used once
by one outlet does not top the list, and frequent words need a consistent difference to score.
``z`` > 0 marks words of group ``a``, ``z`` < 0 words of group ``b``; |z| >= 1.96 is the usual
threshold.

Units are normalized, clitic-aware 1- to 3-grams: each word is normalized
(:func:`arabic_news.core.text.words`) and reduced to the form a lexicon would list
(:func:`clitic_form`: والجيش, للجيش and بالجيش all count as الجيش; لحفتر as حفتر when حفتر
itself occurs), so that a phrase is not split over its clitic spellings. Pronoun suffixes are kept
(مليشياته "his militias" is evidence in itself).

:func:`fightin_words` compares two lists of texts; a corpus too large for memory is counted batch by
batch into :class:`GroupCounts` (:func:`group_ngrams`, added up with :meth:`GroupCounts.add`) and its
groups compared with :func:`compare_groups` (``arabic-news discover`` does so), with the same result.

Discovery proposes; it does not decide. Names and topics of one group's coverage come out as well
as framing words, so every candidate is read in context (:func:`arabic_news.analyses.concordance
.concordance`) before it enters a lexicon.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.text import DEFAULT_OPTIONS, NormalizeOptions, tokenize, words

if TYPE_CHECKING:
    import pandas as pd

    from ..core.document import Document

#: attached proclitics tried on a word, longest first, with what replaces them: a conjunction
#: (و, ف) and/or a preposition (ب, ك, ل) before the article become the article alone; before a
#: bare word they are dropped. ل + ال is written لل, and ل + a word starting with ل too.
_PROCLITICS = (
    ("وبال", "ال"),
    ("وكال", "ال"),
    ("فبال", "ال"),
    ("فكال", "ال"),
    ("ولل", "ال"),
    ("فلل", "ال"),
    ("وال", "ال"),
    ("فال", "ال"),
    ("بال", "ال"),
    ("كال", "ال"),
    ("لل", "ال"),
    ("ولل", "ل"),
    ("فلل", "ل"),
    ("لل", "ل"),
    ("وب", ""),
    ("ول", ""),
    ("وك", ""),
    ("فب", ""),
    ("فل", ""),
    ("و", ""),
    ("ف", ""),
    ("ب", ""),
    ("ل", ""),
    ("ك", ""),
)


def clitic_form(word: str, vocabulary: set[str] | frozenset[str]) -> str:
    """Return ``word`` (normalized) without its attached conjunction / preposition, when the
    resulting form is itself a word of ``vocabulary`` (the corpus's words): والجيش → الجيش,
    للجيش → الجيش, لحفتر → حفتر; words whose first letter is part of the word (وزير, ليبيا) stay
    as they are, since زير or يبيا do not occur on their own."""
    if word.startswith("ال"):
        return word
    for prefix, replacement in _PROCLITICS:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            candidate = replacement + word[len(prefix) :]
            if candidate in vocabulary and (replacement or len(candidate) >= 3):
                return candidate
    return word


def ngram_counts(forms: Sequence[str], ngrams: tuple[int, int] = (1, 3)) -> Counter:
    """Return the n-grams (words joined by a space) of a document's word ``forms``, counted."""
    lo, hi = ngrams
    counts: Counter = Counter()
    for n in range(lo, hi + 1):
        counts.update(" ".join(forms[i : i + n]) for i in range(len(forms) - n + 1))
    return counts


def document_ngrams(
    texts: Sequence[str],
    ngrams: tuple[int, int] = (1, 3),
    options: NormalizeOptions = DEFAULT_OPTIONS,
    vocabulary: set[str] | None = None,
) -> list[Counter]:
    """Return one Counter of clitic-aware n-grams (words joined by a space) per text.

    ``vocabulary`` is the set of words that count as standalone forms for :func:`clitic_form`
    (default: every normalized word of ``texts``).
    """
    tokenized = [words(t, options) for t in texts]
    vocab = vocabulary if vocabulary is not None else {w for ws in tokenized for w in ws}
    return [ngram_counts([clitic_form(w, vocab) for w in ws], ngrams) for ws in tokenized]


@dataclass
class GroupCounts:
    """The n-grams of groups of documents: per group, how often each occurs (``counts``) and in
    how many documents (``docs``). Counts of batches of a corpus are added up with :meth:`add`."""

    counts: dict[str, Counter] = field(default_factory=dict)
    docs: dict[str, Counter] = field(default_factory=dict)

    def add_document(self, group: str, grams: Counter) -> None:
        """Count one document's n-grams in ``group``."""
        self.counts.setdefault(group, Counter()).update(grams)
        self.docs.setdefault(group, Counter()).update(grams.keys())

    def add(self, other: GroupCounts) -> GroupCounts:
        """Add the counts of ``other`` (another batch) to these; return self."""
        for group, c in other.counts.items():
            self.counts.setdefault(group, Counter()).update(c)
        for group, c in other.docs.items():
            self.docs.setdefault(group, Counter()).update(c)
        return self

    def merged(self, groups: Iterable[str]) -> tuple[Counter, Counter]:
        """Return the (counts, documents) of several groups together."""
        counts, docs = Counter(), Counter()
        for g in groups:
            counts.update(self.counts.get(g, {}))
            docs.update(self.docs.get(g, {}))
        return counts, docs


def group_ngrams(
    items: Iterable[tuple[str, Sequence[str]]], vocabulary: Container[str], ngrams: tuple[int, int] = (1, 3)
) -> GroupCounts:
    """Return the clitic-aware n-grams of documents given as (group, normalized words) pairs, counted
    per group; ``vocabulary``: the corpus's words (the standalone forms of :func:`clitic_form`)."""
    out = GroupCounts()
    for group, ws in items:
        out.add_document(group, ngram_counts([clitic_form(w, vocabulary) for w in ws], ngrams))
    return out


def fightin_words(
    group_a: Sequence[str],
    group_b: Sequence[str],
    *,
    ngrams: tuple[int, int] = (1, 3),
    alpha0: float = 500.0,
    background: Sequence[str] = (),
    min_docs: int = 2,
    options: NormalizeOptions = DEFAULT_OPTIONS,
) -> pd.DataFrame:
    """Return the weighted log-odds ratio with an informative Dirichlet prior of every n-gram
    between two groups of texts, one row per n-gram, sorted by ``z`` (group ``a`` first).

    Columns: ngram, written (the n-gram as the texts spell it, :func:`written_forms`), n (words),
    count_a, count_b, docs_a, docs_b (documents that use it), prior (``α_w``), delta (log-odds
    ratio), se (its standard error) and z. ``alpha0`` is the prior's
    total pseudo-count, spread over n-grams by their share in the background (the two groups plus
    the ``background`` texts). Only n-grams used in at least ``min_docs`` documents of either group
    are returned (all are used to estimate the prior).
    """
    texts = {"a": list(group_a), "b": list(group_b), "background": list(background)}
    tokenized = {g: [words(t, options) for t in ts] for g, ts in texts.items()}
    vocab = {w for ws in tokenized.values() for doc in ws for w in doc}
    counts = group_ngrams(((g, doc) for g, ws in tokenized.items() for doc in ws), vocab, ngrams)
    spelled = written_forms((t for ts in texts.values() for t in ts), options)
    return compare_groups(counts, ["a"], ["b"], ["background"], alpha0=alpha0, min_docs=min_docs, written=spelled)


def compare_groups(
    counts: GroupCounts,
    a: Sequence[str],
    b: Sequence[str],
    background: Sequence[str] = (),
    *,
    alpha0: float = 500.0,
    min_docs: int = 2,
    written: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Return :func:`fightin_words` of the groups ``a`` against the groups ``b`` of ``counts`` (the
    prior from ``a``, ``b`` and the ``background`` groups together); ``written`` spells each
    normalized word as the texts do (:func:`written_forms`; without it, the normalized form)."""
    import numpy as np
    import pandas as pd

    count_a, df_a = counts.merged(a)
    count_b, df_b = counts.merged(b)
    total = counts.merged([*a, *b, *background])[0]
    grams = [g for g in total if df_a[g] >= min_docs or df_b[g] >= min_docs]
    columns = ["ngram", "written", "n", "count_a", "count_b", "docs_a", "docs_b", "prior", "delta", "se", "z"]
    if not grams:
        return pd.DataFrame(columns=columns)
    n_total = sum(total.values())
    ya = np.array([count_a[g] for g in grams], dtype=float)
    yb = np.array([count_b[g] for g in grams], dtype=float)
    alpha = alpha0 * np.array([total[g] for g in grams], dtype=float) / n_total
    na, nb = float(sum(count_a.values())), float(sum(count_b.values()))
    delta = np.log((ya + alpha) / (na + alpha0 - ya - alpha)) - np.log((yb + alpha) / (nb + alpha0 - yb - alpha))
    se = np.sqrt(1.0 / (ya + alpha) + 1.0 / (yb + alpha))
    spelled = written or {}
    out = pd.DataFrame(
        {
            "ngram": grams,
            "written": [" ".join(spelled.get(w, w) for w in g.split(" ")) for g in grams],
            "n": [g.count(" ") + 1 for g in grams],
            "count_a": ya.astype(int),
            "count_b": yb.astype(int),
            "docs_a": [df_a[g] for g in grams],
            "docs_b": [df_b[g] for g in grams],
            "prior": alpha,
            "delta": delta,
            "se": se,
            "z": delta / se,
        },
        columns=columns,
    )
    return out.sort_values(["z", "ngram"], ascending=[False, True], kind="stable").reset_index(drop=True)


def written_forms(texts: Iterable[str], options: NormalizeOptions = DEFAULT_OPTIONS) -> dict[str, str]:
    """Return, for every normalized word of ``texts``, its most frequent spelling as written (the
    raw word, with its hamza, teh marbuta or alef maksura): خليفه → خليفة, مرتزقه → مرتزقة."""
    seen: Counter = Counter()
    for text in texts:
        seen.update((token.norm, token.text) for token in tokenize(text, options))
    return most_spelled(seen)


def spellings_of(docs: Iterable[Document]) -> Counter:
    """Return how often each (normalized word, word as written) pair occurs in ``docs`` (prepared
    documents; add batches up with ``+``): what :func:`most_spelled` reads."""
    out: Counter = Counter()
    for doc in docs:
        out.update((t.norm, t.text) for t in doc.tokens)
    return out


def most_spelled(spellings: Mapping[tuple[str, str], int]) -> dict[str, str]:
    """Return, for each normalized word of ``spellings`` (how often each (normalized, written) pair
    occurs, e.g. summed over the batches of a corpus), its most frequent written form; ties go to
    the form that sorts first, so that the order the texts are read in changes nothing."""
    best: dict[str, tuple[int, str]] = {}
    for (norm, raw), n in spellings.items():
        count, form = best.get(norm, (0, ""))
        if n > count or (n == count and raw < form):
            best[norm] = (n, raw)
    return {norm: raw for norm, (_n, raw) in best.items()}


def top_candidates(result: pd.DataFrame, k: int = 25, z: float = 1.96) -> pd.DataFrame:
    """Return the ``k`` n-grams with the highest and the ``k`` with the lowest z among those with
    |z| >= ``z``, with a ``side`` column ("a" or "b"); an n-gram inside a longer candidate with the
    same counts is left out (the longer phrase says more)."""
    import pandas as pd

    sides = []
    for side, part in (("a", result[result["z"] >= z]), ("b", result[result["z"] <= -z].iloc[::-1])):
        records = part.to_dict("records")
        kept: list[dict] = []
        for row in records:
            if any(_inside_phrase(row, other) for other in records):
                continue
            kept.append({**row, "side": side})
            if len(kept) == k:
                break
        sides.extend(kept)
    return pd.DataFrame(sides, columns=[*result.columns, "side"])


def _inside_phrase(row: dict, other: dict) -> bool:
    """Return True when ``row``'s n-gram is a part of ``other``'s longer n-gram with the same counts."""
    return (
        other["n"] > row["n"]
        and f" {row['ngram']} " in f" {other['ngram']} "
        and (other["count_a"], other["count_b"]) == (row["count_a"], row["count_b"])
    )


def ngram_documents(
    texts: Iterable[str],
    ngram: str,
    options: NormalizeOptions = DEFAULT_OPTIONS,
    vocabulary: set[str] | None = None,
) -> list[int]:
    """Return the positions of the texts that contain the clitic-aware n-gram ``ngram``
    (``vocabulary`` as in :func:`document_ngrams`)."""
    n = ngram.count(" ") + 1
    return [i for i, c in enumerate(document_ngrams(list(texts), (n, n), options, vocabulary)) if c[ngram]]
