"""Corpus tables of stance: every hit, scores per document and actor, camp alignment, leave-one-
term-out and the evidence tables notebooks show."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

from ...core.document import documents
from ...core.lexicons import CATEGORIES
from .scorer import Hit, StanceScorer, document_words

if TYPE_CHECKING:
    import pandas as pd

# --- corpus tables ------------------------------------------------------------------------------

HIT_COLUMNS = (
    "doc_id",
    "term",
    "text",
    "actor",
    "polarity",
    "lexicon_polarity",
    "intensity",
    "weight",
    "axis",
    "target_via",
    "category",
    "start",
    "end",
    "quoted",
    "voice",
    "distance",
    "sentence",
    "sentence_text",
    "gloss_en",
)


def _spans_of(df: pd.DataFrame, spans: str | None) -> list:
    """Return the per-document span lists (None everywhere when ``spans`` is None)."""
    if spans is None:
        return [None] * len(df)
    return [None if s is None else [tuple(x) for x in s] for s in df[spans]]


def corpus_hits(df: pd.DataFrame, scorer: StanceScorer, spans: str | None = None) -> pd.DataFrame:
    """Return one row per hit (scored, neutral and unattributed) with its raw span, sentence, gloss,
    intensity, weight, ``axis`` (+1 / -1: the side of the alignment axis it points to, 0: none),
    ``target_via``, ``voice`` (own, quoted, reported) and ``quoted`` (any voice but own).

    ``spans`` names a column of raw (start, end) lists, e.g. ``"kept_spans"`` from
    :func:`arabic_news.analyses.cleaning.clean_corpus`: only hits inside them are kept. Text is
    normalized with the scorer's options.
    """
    import pandas as pd

    gloss = dict(zip(scorer.lexicon["term"], scorer.lexicon["gloss_en"]))
    gloss.update({t: g for t, g in zip(scorer.neutral["term"], scorer.neutral["gloss_en"]) if t not in gloss})
    rows = []
    for doc_id, doc, sp in zip(df["doc_id"], documents(df, scorer.options), _spans_of(df, spans)):
        hits = scorer.find_hits(doc, sp)
        sentences = doc.sentences if hits else []
        for h in hits:
            rows.append(
                {
                    "doc_id": doc_id,
                    **asdict(h),
                    "quoted": h.quoted,
                    "weight": scorer.weight(h.intensity) if h.polarity else 0.0,
                    "axis": scorer.axis_side(h),
                    "sentence_text": sentences[h.sentence].text if sentences else "",
                    "gloss_en": gloss.get(h.term, ""),
                }
            )
    return pd.DataFrame(rows, columns=list(HIT_COLUMNS))


def _hits_by_doc(hits: pd.DataFrame) -> dict[object, list[Hit]]:
    """Return the hits table as Hit objects grouped by document."""
    by_doc: dict[object, list[Hit]] = {}
    fields = Hit.__dataclass_fields__
    for r in hits.to_dict("records"):
        by_doc.setdefault(r["doc_id"], []).append(Hit(**{k: r[k] for k in fields}))
    return by_doc


def stance_scores(
    df: pd.DataFrame,
    hits: pd.DataFrame,
    scorer: StanceScorer,
    spans: str | None = None,
    *,
    include_quoted: bool = False,
) -> pd.DataFrame:
    """Return one row per (document, actor): own-voice pro and anti counts (the hits the score uses)
    and neutral names, the graded score (missing without a pro or anti hit) with its 95 % interval
    (low, high), hits and intensity weights per 1,000 words, the quoted counts and the score with
    quoted words."""
    import pandas as pd

    by_doc = _hits_by_doc(hits)
    rows = []
    for doc_id, doc, sp in zip(df["doc_id"], documents(df, scorer.options), _spans_of(df, spans)):
        doc_hits = by_doc.get(doc_id, [])
        n_words = doc.n_words if sp is None else document_words(doc.raw, sp, scorer.options)
        own = scorer.actor_scores(doc_hits, n_words, include_quoted)
        both = scorer.actor_scores(doc_hits, n_words, True)
        for actor in scorer.actors:
            o, b = own[actor], both[actor]
            rows.append(
                {
                    "doc_id": doc_id,
                    "actor": actor,
                    "pro": o["pro"],
                    "anti": o["anti"],
                    "neutral": o["neutral"],
                    "score": o["score"],
                    "low": o["low"],
                    "high": o["high"],
                    "per_1000_words": o["per_1000_words"],
                    "intensity_per_1000_words": o["intensity_per_1000_words"],
                    "pro_quoted": b["pro"] - o["pro"],
                    "anti_quoted": b["anti"] - o["anti"],
                    "score_with_quoted": b["score"],
                    "n_words": n_words,
                }
            )
    out = pd.DataFrame(rows)
    for col in ("score", "low", "high", "score_with_quoted"):
        out[col] = out[col].astype(float)
    return out


def alignment_scores(
    df: pd.DataFrame,
    hits: pd.DataFrame,
    scorer: StanceScorer,
    *,
    include_quoted: bool = False,
) -> pd.DataFrame:
    """Return one row per document: its camp alignment (score, low, high; ``n_hits``, the hits the
    score uses; ``n_neutral``, the neutral names of the camps' actors) and the summed weights pointing
    to each end of the axis (plus_weight, minus_weight). The score is missing without a favourable or
    hostile hit."""
    import pandas as pd

    by_doc = _hits_by_doc(hits)
    rows = []
    for doc_id in df["doc_id"]:
        doc_hits = by_doc.get(doc_id, [])
        sides = [(scorer.axis_side(h), scorer.weight(h.intensity)) for h in scorer.counted(doc_hits, include_quoted)]
        al = scorer.alignment(doc_hits, include_quoted)
        rows.append(
            {
                "doc_id": doc_id,
                "score": al["score"],
                "low": al["low"],
                "high": al["high"],
                "n_hits": al["n_hits"],
                "n_neutral": al["n_neutral"],
                "plus_weight": sum(w for side, w in sides if side > 0),
                "minus_weight": sum(w for side, w in sides if side < 0),
            }
        )
    columns = ["doc_id", "score", "low", "high", "n_hits", "n_neutral", "plus_weight", "minus_weight"]
    out = pd.DataFrame(rows, columns=columns)
    out["score"] = out["score"].astype(float)
    return out


def leave_one_term_out(
    hits: pd.DataFrame, scorer: StanceScorer, include_quoted: bool = False, on: str = "actor"
) -> pd.DataFrame:
    """Return, per document, actor (``on="actor"``) or the alignment (``on="alignment"``, actor
    column "alignment") and term, how the graded score changes when that term is dropped.

    Columns: doc_id, actor, term, polarity (the direction the term counts in), n (hits of the
    term), score, score_without, delta (score_without - score; NaN when no other hit is left).
    Sorted by |delta|, largest first.
    """
    import pandas as pd

    counted = hits[(hits["polarity"] != 0) & (hits["actor"] != "") & (include_quoted | ~hits["quoted"].astype(bool))]
    counted = counted.assign(
        side=counted["polarity"] if on == "actor" else counted["polarity"] * counted["actor"].map(scorer.axis_sign),
        w=counted["intensity"].map(scorer.weight),
        group=counted["actor"] if on == "actor" else "alignment",
    )
    counted = counted[counted["side"] != 0]
    rows = []
    for (doc_id, group), g in counted.groupby(["doc_id", "group"], sort=True):
        pro, anti, n_all = g.loc[g["side"] > 0, "w"].sum(), g.loc[g["side"] < 0, "w"].sum(), len(g)
        score = scorer.graded(pro, anti, n_all)[0]
        for (term, side), t in g.groupby(["term", "side"], sort=True):
            w = t["w"].sum()
            without = scorer.graded(pro - w if side > 0 else pro, anti - w if side < 0 else anti, n_all - len(t))[0]
            rows.append(
                {
                    "doc_id": doc_id,
                    "actor": group,
                    "term": term,
                    "polarity": int(side),
                    "n": len(t),
                    "score": score,
                    "score_without": math.nan if without is None else without,
                    "delta": math.nan if without is None else without - score,
                }
            )
    out = pd.DataFrame(rows, columns=["doc_id", "actor", "term", "polarity", "n", "score", "score_without", "delta"])
    order = out["delta"].abs().fillna(2.0).sort_values(ascending=False, kind="stable").index
    return out.loc[order].reset_index(drop=True)


# --- evidence tables ----------------------------------------------------------------------------


def category_table(hits: pd.DataFrame, include_quoted: bool = False) -> pd.DataFrame:
    """Return counted hits per document (rows) and lexicon category (columns)."""
    import pandas as pd

    counted = hits[(hits["polarity"] != 0) & (hits["actor"] != "") & (include_quoted | ~hits["quoted"].astype(bool))]
    table = pd.crosstab(counted["doc_id"], counted["category"])
    return table.reindex(columns=[c for c in CATEGORIES], fill_value=0)


def naming_hits(
    hits: pd.DataFrame, actor: str, categories: Sequence[str] = ("naming_titles", "force_labels")
) -> pd.DataFrame:
    """Return the hits that name ``actor`` (names, titles and force labels, neutral ones and
    quoted uses included: a naming choice, not a score) in the shape
    :func:`~arabic_news.analyses.naming.naming_table` counts: doc_id, term, gloss_en, polarity."""
    sel = hits[(hits["actor"] == actor) & hits["category"].isin(categories)]
    return (
        sel[["doc_id", "term", "gloss_en", "lexicon_polarity"]]
        .rename(columns={"lexicon_polarity": "polarity"})
        .reset_index(drop=True)
    )
