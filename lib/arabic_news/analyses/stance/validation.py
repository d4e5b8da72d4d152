"""Validation of stance scores: labelled sentences, agreement, alignment figures on labelled articles."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ...core.study import Study
from .scorer import StanceScorer

if TYPE_CHECKING:
    import pandas as pd

# --- validation ---------------------------------------------------------------------------------


def evaluate_sentences(table: pd.DataFrame, scorer: StanceScorer) -> pd.DataFrame:
    """Return ``table`` (sentence, actor, expected) with ``predicted`` (sign of the own-voice
    score toward the actor, 0 without hits) and ``correct``. A sentence seldom names the conflict:
    score them with a scorer whose topic gate is off (``StanceScorer(ctx, topic_gate=False)``)."""
    out = table.copy()
    cache: dict[str, dict] = {}
    predicted = []
    for sentence, actor in zip(out["sentence"], out["actor"]):
        if sentence not in cache:
            cache[sentence] = scorer.score(sentence)["actors"]
        score = cache[sentence].get(actor, {"score": None})["score"]
        predicted.append(0 if not score else (1 if score > 0 else -1))
    out["predicted"] = predicted
    out["correct"] = out["predicted"] == out["expected"].astype(int)
    return out


def agreement(evaluated: pd.DataFrame, by: str = "camp") -> pd.DataFrame:
    """Return accuracy and Cohen's kappa of predicted vs expected labels, per ``by`` group and
    overall (columns: n, correct, accuracy, kappa)."""
    import pandas as pd

    def summary(g: pd.DataFrame) -> dict:
        exp, pred = g["expected"].astype(int), g["predicted"].astype(int)
        observed = float((exp == pred).mean())
        labels = sorted(set(exp) | set(pred))
        chance = sum(float((exp == k).mean()) * float((pred == k).mean()) for k in labels)
        kappa = (observed - chance) / (1 - chance) if chance < 1 else float("nan")
        return {"n": len(g), "correct": int((exp == pred).sum()), "accuracy": observed, "kappa": kappa}

    rows = {name: summary(g) for name, g in evaluated.groupby(by, sort=True)}
    rows["all"] = summary(evaluated)
    return pd.DataFrame.from_dict(rows, orient="index")


def partisan_band(scorer: StanceScorer) -> float:
    """Return the smallest |alignment| read as partisan for a sentence: the score of one marked
    (intensity 1) hit alone, so conventional names on their own, or a marked term offset by
    conventional ones, read as neutral."""
    return scorer.graded(scorer.weight(1), 0.0, 1)[0]


def evaluate_alignment(
    table: pd.DataFrame, scorer: StanceScorer, text: str = "sentence", band: float | None = None
) -> pd.DataFrame:
    """Return ``table`` (a text column and ``label``: +1 toward the + camp, -1, 0 neutral) with the
    alignment of each text (score, low, high, n_hits, n_neutral), ``predicted`` (+1 / -1 when
    |score| >= ``band``, default :func:`partisan_band`; 0 when below, or when the text names the
    camps' actors only neutrally; missing when it has no hit at all) and ``correct`` (a text without
    any hit is wrong, whatever its label). Sentences seldom name the conflict: score them with a
    scorer whose topic gate is off (``StanceScorer(ctx, topic_gate=False)``)."""
    import pandas as pd

    band = partisan_band(scorer) if band is None else band
    out = table.copy()
    results = [scorer.alignment(scorer.find_hits(t)) for t in out[text]]
    for key in ("score", "low", "high", "n_hits", "n_neutral"):
        out[key] = [r[key] for r in results]
    predicted = [
        (0 if r["n_neutral"] else None)
        if r["score"] is None
        else (0 if abs(r["score"]) < band - 1e-9 else (1 if r["score"] > 0 else -1))
        for r in results
    ]
    out["predicted"] = pd.array(predicted, dtype="Int64")
    out["correct"] = [p is not None and p == int(label) for p, label in zip(predicted, out["label"])]
    return out


def outscores(a: Iterable[float | None], b: Iterable[float | None]) -> float:
    """Return the probability that a random score of ``a`` is above a random score of ``b``
    (ties count one half; an unscored document counts as 0, no evidence either way)."""
    import numpy as np

    x = np.array([0.0 if v is None or v != v else float(v) for v in a])
    y = np.array([0.0 if v is None or v != v else float(v) for v in b])
    if not len(x) or not len(y):
        return float("nan")
    diff = x[:, None] - y[None, :]
    return float(((diff > 0).sum() + 0.5 * (diff == 0).sum()) / diff.size)


def validation_figures(
    articles: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    study: Study,
    group: str = "group",
    camps: tuple[str, str, str] | None = None,
) -> dict[str, float]:
    """Return the validation figures of alignment scores.

    ``articles`` has a ``group`` column (the ids of the two camps of ``study`` around "neutral", or
    ``camps``: the + camp, neutral, the - camp) and ``score``
    (None without a favourable or hostile hit); ``sentences`` is :func:`evaluate_alignment`'s output.
    Figures: number of articles, coverage of partisan articles (share with a score; with the
    ``n_neutral`` column of :func:`alignment_scores`, also the share that names the camps' actors
    only neutrally), saturation (share of scored articles at
    |score| >= 0.99), mean score per group, P(+ > neutral), P(neutral > -),
    P(+ > -) (:func:`outscores`), and sentence accuracy (a sentence without any hit, not even a
    neutral name, counted wrong), overall and on partisan sentences only.
    """
    if camps is None:
        axis = study.axis
        if axis is None:
            raise ValueError(f"study {study.name!r} has no two camps: pass camps=(plus, neutral, minus)")
        camps = (axis[0].id, "neutral", axis[1].id)
    plus, neutral, minus = camps
    scores = articles["score"].astype(float)
    partisan = articles[group].isin([plus, minus])
    scored = scores.notna()
    by = {g: list(scores[articles[group] == g]) for g in camps}
    out = {
        "articles": float(len(articles)),
        "coverage of partisan articles": float(scored[partisan].mean()) if partisan.any() else math.nan,
        **(
            {
                "partisan articles with neutral names only": float(
                    (~scored & (articles["n_neutral"] > 0))[partisan].mean()
                )
            }
            if "n_neutral" in articles and partisan.any()
            else {}
        ),
        "saturation (abs score >= 0.99)": float((scores[scored].abs() >= 0.99).mean()) if scored.any() else math.nan,
        **{f"mean score {g}": float(scores[articles[group] == g].mean()) for g in camps},
        f"P({plus} > {neutral})": outscores(by[plus], by[neutral]),
        f"P({neutral} > {minus})": outscores(by[neutral], by[minus]),
        f"P({plus} > {minus})": outscores(by[plus], by[minus]),
    }
    if sentences is not None:
        partisan_s = sentences["label"].astype(int) != 0
        out["sentences"] = float(len(sentences))
        out["sentence accuracy (no hit = wrong)"] = float(sentences["correct"].mean())
        out["partisan sentence accuracy"] = float(sentences.loc[partisan_s, "correct"].mean())
        out["sentences without any hit"] = float(sentences["predicted"].isna().mean())
    return out
