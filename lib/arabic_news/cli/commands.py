"""The subcommands of ``arabic-news``: each calls the analyses and turns their results into
JSON-ready records (one per document, or a dict of record lists). Parsing and printing live in
:mod:`arabic_news.cli.main` and :mod:`arabic_news.cli.formats`."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from ..analyses.cleaning import clean_corpus
from ..analyses.near_duplicates import duplicates_report
from ..analyses.sources import source_profiles
from ..analyses.stance import Hit, StanceScorer
from ..analyses.stats import document_stats
from ..core.study import Study, list_studies, options_of

#: columns of a corpus DataFrame that are the package's, not the user's metadata
TEXT_COLUMNS = frozenset({"doc_id", "source", "raw", "text", "kept_spans", "clean", "removed", "clean_text"})


def metadata(row: dict) -> dict:
    """Return the metadata of a document record: the user's columns, missing values left out."""
    out = {}
    for k, v in row.items():
        if k in TEXT_COLUMNS or v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        out[k] = v.item() if hasattr(v, "item") else v
    return out


def _head(row: dict) -> dict:
    """Return the first fields of every record: doc_id, source, then the metadata."""
    return {"doc_id": row["doc_id"], "source": row["source"], **metadata(row)}


# --- corpus --------------------------------------------------------------------------------------


def corpus_records(df: pd.DataFrame, study: Study, args: argparse.Namespace) -> list[dict]:
    """Return one record per document: doc_id, source, metadata, words, paragraphs, sentences, characters."""
    stats = document_stats(df)
    return [{**_head(row), **{k: int(v) for k, v in stats.loc[row["doc_id"]].items()}} for row in df.to_dict("records")]


# --- sources -------------------------------------------------------------------------------------


def sources_records(df: pd.DataFrame, study: Study, args: argparse.Namespace) -> list[dict]:
    """Return one source profile per document: attributions, actor mentions, naming of the focus actor."""
    out = []
    for row, profile in zip(df.to_dict("records"), source_profiles(df, study)):
        out.append(
            {
                **_head(row),
                "n_words": profile.n_words,
                "attributions": [asdict(a) for a in profile.attributions],
                "actors": profile.actors,
                "naming": {"actor": profile.naming_actor, "phrases": profile.naming},
            }
        )
    return out


# --- duplicates ----------------------------------------------------------------------------------


def add_duplicates_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``arabic-news duplicates``."""
    parser.add_argument(
        "--threshold", type=float, default=0.5, help="report document pairs with shingle Jaccard >= this (default 0.5)"
    )


def duplicates_records(df: pd.DataFrame, study: Study, args: argparse.Namespace) -> dict:
    """Return documents, internal_duplicates, boilerplate and near_duplicates as record lists."""
    report = duplicates_report(df, args.threshold, study=study, workers=args.workers)
    return {
        name: getattr(report, name).to_dict("records")
        for name in ("documents", "internal_duplicates", "boilerplate", "near_duplicates")
    }


# --- stance --------------------------------------------------------------------------------------


def add_stance_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``arabic-news stance``."""
    parser.description = (
        "Score each document's framing of the study's actors (graded scores with 95% intervals) and its "
        "alignment between the study's two camps. By default only the article text is scored: boilerplate "
        "(footers, share buttons, comment forms, reader comments) and repeated paragraphs are removed first, "
        "as in notebook 03; --raw scores the whole text."
    )
    parser.add_argument(
        "--include-quoted", action="store_true", help="count words inside quotations toward the outlet's score"
    )
    parser.add_argument(
        "--scare-quotes",
        choices=("neutralize", "flip", "ignore"),
        default="neutralize",
        help="what scare quotes around a term do (default: neutralize)",
    )
    parser.add_argument(
        "--no-topic-gate", action="store_true", help="score documents that never mention the study's topic terms too"
    )
    parser.add_argument(
        "--raw",
        action="store_true",
        help="score the whole raw text (default: the cleaned article text, without boilerplate and repeats)",
    )
    parser.add_argument(
        "--clean",
        action="store_true",
        help="score the cleaned article text (the default; kept for older scripts)",
    )


def _rounded(record: dict) -> dict:
    """Return a score record with its score and interval rounded to 4 decimals."""
    return {k: round(v, 4) if k in ("score", "low", "high") and v is not None else v for k, v in record.items()}


def _hit_record(h: Hit) -> dict:
    """Return the JSON record of one scored hit."""
    return {
        "term": h.term,
        "text": h.text,
        "actor": h.actor,
        "polarity": h.polarity,
        "intensity": h.intensity,
        "target_via": h.target_via,
        "start": h.start,
        "end": h.end,
        "quoted": h.quoted,
    }


def stance_records(df: pd.DataFrame, study: Study, args: argparse.Namespace) -> list[dict]:
    """Return one record per document: doc_id, source, metadata, n_words, alignment, actors, hits."""
    scorer = StanceScorer(
        study, options=options_of(df), scare_quotes=args.scare_quotes, topic_gate=not args.no_topic_gate
    )
    spans: list = [None] * len(df)
    if not args.raw:
        cleaned = clean_corpus(df, study=study, workers=args.workers)
        spans = [[tuple(x) for x in s] for s in cleaned["kept_spans"]]
    records = []
    for row, sp in zip(df.to_dict("records"), spans):
        result = scorer.score(row["raw"], sp, args.include_quoted, row["text"])
        records.append(
            {
                **_head(row),
                "n_words": result["n_words"],
                "alignment": _rounded(result["alignment"]),
                "actors": {a: _rounded(r) for a, r in result["actors"].items()},
                "hits": [_hit_record(h) for h in result["hits"] if h.polarity != 0 and h.actor],
            }
        )
    return records


# --- studies -------------------------------------------------------------------------------------


def studies_records() -> list[dict]:
    """Return one record per shipped study pack: name, title, actors, camps."""
    return [
        {
            "name": s.name,
            "title": s.title,
            "actors": list(s.actors),
            "camps": {
                c.id: {"label": c.label, "favours": sorted(c.favours), "opposes": sorted(c.opposes)} for c in s.camps
            },
        }
        for s in list_studies()
    ]


@dataclass(frozen=True)
class Command:
    """One subcommand of a corpus: its help, its extra options and what it runs."""

    help: str
    run: Callable[[pd.DataFrame, Study, argparse.Namespace], Any]
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None


#: the subcommands that analyse a corpus
COMMANDS: dict[str, Command] = {
    "corpus": Command("list documents with word/paragraph counts", corpus_records),
    "duplicates": Command(
        "internal duplicates, boilerplate lines and near-duplicate documents",
        duplicates_records,
        add_duplicates_arguments,
    ),
    "sources": Command(
        "per document: attributions, actor mentions, naming of the study's focus actor", sources_records
    ),
    "stance": Command(
        "per document: camp alignment and graded stance toward each actor, with every lexicon hit",
        stance_records,
        add_stance_arguments,
    ),
}
