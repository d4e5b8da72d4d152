"""How well alignment scores separate labelled documents: the figures of ``arabic-news validate``.

Each document carries a label (the camp of its outlet, or, for sentences, the expected direction
+1 / 0 / -1) and its alignment score (:meth:`~arabic_news.analyses.stance.StanceScorer.alignment`,
None when the document has no evidence). The figures, per group of documents with one label:

* **coverage**: the share of documents with a score; **saturation**: the share of scored documents
  at |score| >= 0.99;
* **mean** of the scored documents with a 95 % bootstrap interval (documents resampled), and the
  mean with unscored documents counted as 0;
* for every pair of groups, **AUC** = P(score of a document of the first group > score of one of
  the second), ties counting one half and an unscored document counting as 0 (no evidence either
  way), as :func:`~arabic_news.analyses.stance.outscores`, with a 95 % bootstrap interval (documents
  resampled within each group);
* for one pair (the two camps of the axis when both are labels), each term's **leave-one-out
  contribution**: the AUC minus the AUC once the term's hits are left out of every document;
* with labels +1 / 0 / -1, the **accuracy**: a document's prediction is the sign of its score when
  |score| reaches :func:`~arabic_news.analyses.stance.partisan_band` (one marked hit alone), 0 below
  it or when the document names the camps' actors only neutrally, and a document without any hit
  counts as wrong whatever its label (as :func:`~arabic_news.analyses.stance.evaluate_alignment`).

Groups are ordered with the + camp first and the - camp last (for sentence labels +1, 0, -1), so an
AUC above 0.5 means "toward the + end"; labels that are not camp ids are ordered by their mean score
(unscored as 0), highest first, and the term contributions then explain the two extremes.

With ``holdout`` every document belongs to a part, ``discovery`` or ``held_out``, chosen by
:func:`holdout_parts` so that each outlet (or any other key) lies whole in one part, and the figures
are given per part.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .stance import Hit, StanceScorer, partisan_band

#: the parts of a corpus split by :func:`holdout_parts`
PARTS = ("discovery", "held_out")
#: |score| at or above which a scored document is saturated
SATURATED = 0.99


@dataclass
class Scored:
    """One labelled document: its label, the key of its hold-out split (its outlet), its alignment
    score, the hits it was computed from (kept only when they can count on the axis) and its
    neutral names (``n_neutral``: an unscored document that has some predicts 0)."""

    doc_id: str
    label: str
    key: str
    score: float | None
    hits: tuple[Hit, ...] = field(default=(), repr=False)
    n_neutral: int = 0


def label_text(value: object) -> str:
    """Return a label as text: numbers as integers (1.0 and "+1" are "1"), missing values as ""."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text


def is_direction(labels: Sequence[str]) -> bool:
    """Return True when every label is a direction: 1, 0 or -1."""
    return bool(labels) and set(labels) <= {"1", "0", "-1"}


def holdout_parts(labels: Sequence[str], keys: Sequence[str]) -> list[str]:
    """Return the part of each document, ``discovery`` or ``held_out``: each key (outlet) goes whole
    to one part. Keys are taken by descending number of documents, then by name; each goes to the
    part that holds fewer documents of the key's most frequent label so far (ties: ``held_out``), so
    that every label is split about evenly and no outlet is in both parts."""
    per_key: dict[str, Counter] = {}
    for label, key in zip(labels, keys):
        per_key.setdefault(key, Counter())[label] += 1
    filled = {part: Counter() for part in PARTS}
    part_of = {}
    for key, counts in sorted(per_key.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        label = min(counts, key=lambda lab: (-counts[lab], lab))
        part = "held_out" if filled["held_out"][label] <= filled["discovery"][label] else "discovery"
        part_of[key] = part
        filled[part].update(counts)
    return [part_of[k] for k in keys]


def group_order(
    labels: Sequence[str], axis: tuple[str, str] | None, means: dict[str, float] | None = None
) -> list[str]:
    """Return the distinct labels in the order of the figures: the + camp first, the - camp last,
    the others alphabetically between (directions: 1, 0, -1). When no label is a camp of the axis,
    by ``means`` (each label's mean score), highest first, so that the pairs read "toward the + end"."""
    present = sorted(set(labels))
    if is_direction(present):
        return [x for x in ("1", "0", "-1") if x in present]
    plus, minus = axis if axis is not None else (None, None)
    if means is not None and plus not in present and minus not in present:
        return sorted(present, key=lambda g: (-means.get(g, 0.0), g))
    middle = [g for g in present if g not in (plus, minus)]
    return [g for g in (plus,) if g in present] + middle + [g for g in (minus,) if g in present]


def _values(docs: Sequence[Scored]) -> list[float]:
    """Return the scores of ``docs`` with unscored documents as 0."""
    return [0.0 if d.score is None else d.score for d in docs]


def auc(a: Sequence[float], b: Sequence[float]) -> float:
    """Return P(a random value of ``a`` > a random value of ``b``), ties counting one half (from the
    ranks of the two samples together: Mann-Whitney U / (len(a) len(b)))."""
    import numpy as np
    from scipy.stats import rankdata

    if not len(a) or not len(b):
        return math.nan
    ranks = rankdata(np.concatenate([np.asarray(a, float), np.asarray(b, float)]))
    u = ranks[: len(a)].sum() - len(a) * (len(a) + 1) / 2
    return float(u / (len(a) * len(b)))


def _bootstrap(statistic, samples: Sequence[Sequence[float]], n: int, rng) -> tuple[float, float]:
    """Return the central 95 % of ``statistic`` over ``n`` resamples of each sample (with
    replacement, each to its own size); (nan, nan) when a sample is empty or ``n`` is 0."""
    import numpy as np

    if n == 0 or any(len(s) == 0 for s in samples):
        return math.nan, math.nan
    arrays = [np.asarray(s, float) for s in samples]
    values = [statistic(*(x[rng.integers(0, len(x), len(x))] for x in arrays)) for _ in range(n)]
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high)


def _r(x: float | None) -> float | None:
    """Return ``x`` rounded to 4 decimals (None and nan as None)."""
    return None if x is None or x != x else round(float(x), 4)


def group_rows(part: str, groups: dict[str, list[Scored]], n_boot: int, rng) -> list[dict]:
    """Return one row per group: documents, scored, coverage, saturation, mean (scored documents)
    with its interval, and the mean with unscored documents as 0."""
    import numpy as np

    rows = []
    for label, docs in groups.items():
        scored = [d.score for d in docs if d.score is not None]
        low, high = _bootstrap(np.mean, [scored], n_boot, rng)
        rows.append(
            {
                "part": part,
                "group": label,
                "documents": len(docs),
                "scored": len(scored),
                "coverage": _r(len(scored) / len(docs)),
                "saturation": _r(sum(abs(s) >= SATURATED for s in scored) / len(scored)) if scored else None,
                "mean": _r(sum(scored) / len(scored)) if scored else None,
                "low": _r(low),
                "high": _r(high),
                "mean_unscored_0": _r(sum(_values(docs)) / len(docs)),
            }
        )
    return rows


def pair_rows(part: str, groups: dict[str, list[Scored]], main: tuple[str, str] | None, n_boot: int, rng) -> list[dict]:
    """Return one row per pair of groups (in group order): the AUC of the first over the second with
    its interval; ``main`` marks the pair the term contributions are computed for."""
    rows = []
    labels = list(groups)
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            x, y = _values(groups[a]), _values(groups[b])
            low, high = _bootstrap(auc, [x, y], n_boot, rng)
            rows.append(
                {
                    "part": part,
                    "a": a,
                    "b": b,
                    "n_a": len(x),
                    "n_b": len(y),
                    "auc": _r(auc(x, y)),
                    "low": _r(low),
                    "high": _r(high),
                    "main": (a, b) == main,
                }
            )
    return rows


def term_rows(
    part: str, groups: dict[str, list[Scored]], main: tuple[str, str], scorer: StanceScorer, include_quoted: bool
) -> list[dict]:
    """Return each term's leave-one-out contribution to the AUC of the ``main`` pair (a, b): term,
    side (+1 / -1: the end of the axis it points to; 0 when both), the documents of a and of b where
    it counts, the AUC, the AUC without the term and the contribution (their difference: > 0 when the
    term helps separate the two groups)."""
    a, b = main
    docs = {g: groups.get(g, []) for g in main}
    base = auc(_values(docs[a]), _values(docs[b]))
    uses: dict[str, dict] = {}
    for g in main:
        for i, d in enumerate(docs[g]):
            for h in (h for h in scorer.counted(d.hits, include_quoted) if scorer.axis_side(h)):
                use = uses.setdefault(h.term, {"side": set(), a: set(), b: set()})
                use["side"].add(h.polarity * scorer.axis_sign(h.actor))
                use[g].add(i)
    rows = []
    for term, use in uses.items():
        values = {}
        for g in main:
            values[g] = _values(docs[g])
            for i in use[g]:
                d = docs[g][i]
                score = scorer.alignment([h for h in d.hits if h.term != term], include_quoted)["score"]
                values[g][i] = 0.0 if score is None else score
        without = auc(values[a], values[b])
        sides = use["side"]
        rows.append(
            {
                "part": part,
                "term": term,
                "side": next(iter(sides)) if len(sides) == 1 else 0,
                "a": a,
                "b": b,
                "documents_a": len(use[a]),
                "documents_b": len(use[b]),
                "auc": _r(base),
                "auc_without": _r(without),
                "contribution": _r(base - without),
            }
        )
    return sorted(rows, key=lambda r: (-(r["contribution"] or 0.0), r["term"]))


def accuracy_rows(part: str, groups: dict[str, list[Scored]], band: float) -> list[dict]:
    """Return, per direction label and overall, the documents, how many are predicted right
    (:func:`_predicted`), the accuracy and the unscored share."""
    rows = []
    everything = [d for docs in groups.values() for d in docs]
    for label, docs in [*groups.items(), ("all", everything)]:
        right = sum(_predicted(d, band) == int(d.label) for d in docs)
        rows.append(
            {
                "part": part,
                "label": label,
                "documents": len(docs),
                "correct": right,
                "accuracy": _r(right / len(docs)) if docs else None,
                "unscored": _r(sum(d.score is None for d in docs) / len(docs)) if docs else None,
            }
        )
    return rows


def _predicted(doc: Scored, band: float) -> int | None:
    """Return the direction a document predicts: that of its score; 0 for an unscored document that
    names the camps' actors only neutrally; None (wrong whatever the label) without any hit."""
    if doc.score is None:
        return 0 if doc.n_neutral else None
    return _direction(doc.score, band)


def _direction(score: float, band: float) -> int:
    """Return the direction a score predicts: its sign at |score| >= ``band``, 0 below."""
    return 0 if abs(score) < band - 1e-9 else (1 if score > 0 else -1)


def separation_tables(
    docs: Sequence[Scored],
    scorer: StanceScorer,
    *,
    holdout: bool = False,
    pair: tuple[str, str] | None = None,
    include_quoted: bool = False,
    bootstrap: int = 1000,
    seed: int = 0,
) -> dict[str, list[dict]]:
    """Return the tables of ``arabic-news validate`` for labelled, scored documents (see the module
    docstring): ``groups``, ``pairs``, ``terms``, with direction labels ``accuracy``, and
    ``documents`` (part, doc_id, label, score: unscored documents as None).

    ``pair``: the two groups whose AUC the term contributions explain (default: the two camps of
    the study's axis when both are labels, +1 and -1 for directions, else the first and the last group).
    Documents without a label are left out; results do not depend on the order of ``docs``.
    """
    import numpy as np

    docs = sorted((d for d in docs if d.label != ""), key=lambda d: d.doc_id)
    axis = scorer.study.axis
    by_label: dict[str, list[Scored]] = {}
    for d in docs:
        by_label.setdefault(d.label, []).append(d)
    means = {g: sum(_values(ds)) / len(ds) for g, ds in by_label.items()}
    order = group_order(list(by_label), None if axis is None else (axis[0].id, axis[1].id), means)
    direction = is_direction(order)
    if pair is None:
        ends = ("1", "-1") if direction else (order[0], order[-1]) if axis is None else (axis[0].id, axis[1].id)
        pair = ends if set(ends) <= set(order) else (order[0], order[-1]) if len(order) > 1 else None
    elif not set(pair) <= set(order):
        raise ValueError(f"--pair {','.join(pair)}: the labels are {', '.join(order)}")
    parts = holdout_parts([d.label for d in docs], [d.key for d in docs]) if holdout else ["all"] * len(docs)
    rng = np.random.default_rng(seed)
    tables: dict[str, list[dict]] = {"groups": [], "pairs": [], "terms": []}
    if direction:
        tables["accuracy"] = []
    tables["documents"] = [
        {"part": p, "doc_id": d.doc_id, "label": d.label, "score": _r(d.score)} for d, p in zip(docs, parts)
    ]
    band = partisan_band(scorer)
    for part in [p for p in ("all", *PARTS) if p in parts]:
        groups = {g: [d for d, p in zip(docs, parts) if p == part and d.label == g] for g in order}
        groups = {g: ds for g, ds in groups.items() if ds}
        tables["groups"] += group_rows(part, groups, bootstrap, rng)
        tables["pairs"] += pair_rows(part, groups, pair, bootstrap, rng)
        if pair is not None and set(pair) <= set(groups):
            tables["terms"] += term_rows(part, groups, pair, scorer, include_quoted)
        if direction:
            tables["accuracy"] += accuracy_rows(part, groups, band)
    return tables
