"""The evidence subcommands of ``arabic-news``: what stands behind the scores of a study pack on a
corpus, without writing Python. Each reads the corpus batch by batch (by default the cleaned article
text, in two passes, as ``stance`` scores it; ``--raw``: the whole text) and writes in every format.

* ``kwic``: one row per lexicon hit (or per match of ``--term``): doc_id, source, metadata, before,
  keyword, after (raw text; *before* stands to the right of the keyword on an Arabic page), term,
  gloss_en, actor, polarity, intensity, weight, voice (own / quoted / reported), target_via, counted,
  axis, category, start, end;
* ``discover`` (:mod:`arabic_news.cli.discover`): Fightin' Words between the groups of a metadata column;
* ``validate``: how the alignment separates the groups of a label column (``--label``): tables
  ``groups``, ``pairs``, ``terms``, for labels 1 / 0 / -1 ``accuracy``, and ``documents``
  (:mod:`arabic_news.analyses.separation` defines every column);
* ``explain``: one document, one row per hit: as kwic, with the document's alignment (alignment,
  alignment_low, alignment_high, n_hits, n_words) and what leaving the hit's term out changes
  (alignment_without_term, alignment_delta, actor_score, actor_score_without_term, actor_delta).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..analyses.cleaning import boilerplate_cues
from ..analyses.evidence import explain_document, hit_records, term_records
from ..analyses.passes import clean_batch, first_pass
from ..analyses.separation import Scored, label_text, separation_tables
from ..analyses.stance import StanceScorer
from ..core.context import Context
from ..core.corpus import METADATA_COLUMNS, CorpusReader
from ..core.document import Document, from_records
from ..core.errors import CorpusError
from ..core.match import PhraseMatcher
from ..core.parallel import Engine
from .commands import Command, add_stance_arguments, metadata
from .formats import CELL_WIDTH

# --- reading the documents -------------------------------------------------------------------------


def add_reading_arguments(parser: argparse.ArgumentParser, description: str) -> None:
    """Add the options every evidence command shares: those of ``stance`` (what is scored and how)
    and ``--where``."""
    add_stance_arguments(parser)
    parser.description = description
    parser.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="COLUMN=VALUE",
        type=condition,
        help="only the documents whose metadata COLUMN is VALUE (repeat: all must hold), e.g. --where split=validation",
    )


def condition(value: str) -> tuple[str, str]:
    """Return (column, value) of a --where condition (argparse type)."""
    column, sep, wanted = value.partition("=")
    if not sep or not column.strip():
        raise argparse.ArgumentTypeError(f"not COLUMN=VALUE: {value!r}")
    return column.strip(), wanted.strip()


def _selected(record: dict, args: argparse.Namespace) -> bool:
    """Return True when ``record`` meets every --where condition."""
    return all(label_text(record.get(column)) == label_text(value) for column, value in args.where)


def scorer_of(ctx: Context, args: argparse.Namespace) -> StanceScorer:
    """Return the stance scorer of the command line's options (the context's lexicons are built once
    per process)."""
    return StanceScorer(ctx, scare_quotes=args.scare_quotes, topic_gate=not args.no_topic_gate)


Worker = Callable[[list[dict], list[Document], Context, argparse.Namespace], list]


def on_raw(records: list[dict], worker: Worker, ctx: Context, args: argparse.Namespace) -> list:
    """Return ``worker`` on the selected documents of a batch, prepared from their whole text."""
    pairs = [(r, d) for r, d in zip(records, from_records(records, ctx.options)) if _selected(r, args)]
    return worker([r for r, _ in pairs], [d for _, d in pairs], ctx, args)


def on_cleaned(part: dict, worker: Worker, ctx: Context, args: argparse.Namespace, keys: Any) -> list:
    """Return ``worker`` on the selected documents of a batch kept by pass 1, cleaned first with the
    corpus-wide template line counts ``keys``."""
    docs = clean_batch(part, keys, boilerplate_cues(ctx))
    pairs = [(r, d) for r, d in zip(part["records"], docs) if _selected(r, args)]
    return worker([r for r, _ in pairs], [d for _, d in pairs], ctx, args)


def each_batch(
    reader: CorpusReader,
    ctx: Context,
    args: argparse.Namespace,
    engine: Engine,
    progress: Any,
    worker: Worker,
    stage: str,
) -> Iterator[list]:
    """Yield ``worker(records, documents, ctx, args)`` for each batch of the corpus (the documents
    --where selects), computed on the engine: on the whole text with ``--raw``, else on the article
    text, cleaned in two passes as ``stance`` does."""
    if args.raw:
        yield from engine.map(on_raw, _ticking(reader.batches(), progress(stage, reader.total)), worker, ctx, args)
        return
    with first_pass(reader.batches(), engine, ctx.options, progress("template lines", reader.total)) as read:
        tick = progress(stage, read.n_docs)
        for part in engine.map(on_cleaned, read.batches, worker, ctx, args, read.keys):
            tick(len(part))
            yield part


def _ticking(batches: Iterable[list], tick: Callable[[int], None]) -> Iterator[list]:
    """Yield ``batches``, telling ``tick`` the size of each as it is sent."""
    for batch in batches:
        tick(len(batch))
        yield batch


def _head(record: dict) -> dict:
    """Return the first fields of a record: doc_id, source, then the metadata."""
    return {"doc_id": record["doc_id"], "source": record.get("source", ""), **metadata(record)}


def _context_cells(record: dict) -> dict:
    """Return the before / keyword / after cells of a terminal table: the ends nearest the keyword kept
    (empty for the one row of a document without a hit)."""
    width = CELL_WIDTH - 1
    before, after = record["before"] or "", record["after"]
    return {
        "before": before if len(before) <= width + 1 else "…" + before[-width:],
        "keyword": record["keyword"],
        "after": after,
    }


def _table_meta(record: dict) -> dict:
    """Return the outlet, date and title of a record (the metadata a terminal table shows)."""
    return {k: record[k] for k in METADATA_COLUMNS if k in record and k != "title"}


# --- kwic ------------------------------------------------------------------------------------------


def add_kwic_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``arabic-news kwic``."""
    add_reading_arguments(
        parser,
        "Keyword in context: every hit of the study's lexicons (framing terms and neutral names), with "
        "its actor, polarity, intensity, voice (own, quoted, reported), how its target was found and "
        "whether it counts; or, with --term, every match of a term (clitic-aware).",
    )
    parser.add_argument(
        "--term", action="append", default=[], metavar="TERM", help="list the matches of TERM instead (repeatable)"
    )
    parser.add_argument("--width", type=int, default=40, metavar="N", help="characters of context on each side")
    parser.add_argument(
        "--counted-only", action="store_true", help="only the hits that count toward a score (not neutral names)"
    )


def kwic_batch(records: list[dict], docs: list[Document], ctx: Context, args: argparse.Namespace) -> list[dict]:
    """Return the concordance records of a batch (in a worker)."""
    out = []
    if args.term:
        matcher = PhraseMatcher(args.term, options=ctx.options)
        for r, d in zip(records, docs):
            out += [{**_head(r), **row} for row in term_records(d, matcher, args.width)]
        return out
    scorer = scorer_of(ctx, args)
    for r, d in zip(records, docs):
        rows = hit_records(d, scorer.find_hits(d), scorer, include_quoted=args.include_quoted, width=args.width)
        out += [{**_head(r), **row} for row in rows if row["counted"] or not args.counted_only]
    return out


def kwic_streamed(
    reader: CorpusReader, ctx: Context, args: argparse.Namespace, engine: Engine, progress: Any
) -> dict[str | None, Iterable[dict]]:
    """Return the concordance records of the corpus, batch by batch."""
    return {None: (row for part in each_batch(reader, ctx, args, engine, progress, kwic_batch, "kwic") for row in part)}


def kwic_rows(record: dict, table: bool = False) -> list[dict]:
    """Return the flat row of a kwic record (the terminal table: the context and the hit's reading)."""
    if not table:
        return [record]
    row = {"doc_id": record["doc_id"], **_table_meta(record), **_context_cells(record)}
    if "actor" not in record:
        return [{**row, "term": record["term"]}]
    keys = ("actor", "polarity", "intensity", "voice", "target_via", "counted")
    return [{**row, **{k: record[k] for k in keys}}]


def group_pair(value: str) -> tuple[str, str]:
    """Return the two names of A,B (argparse type)."""
    names = tuple(v.strip() for v in value.split(","))
    if len(names) != 2 or not all(names) or names[0] == names[1]:
        raise argparse.ArgumentTypeError(f"name two different groups, A,B: {value!r}")
    return names  # type: ignore[return-value]


# --- validate --------------------------------------------------------------------------------------


def add_validate_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``arabic-news validate``."""
    add_reading_arguments(
        parser,
        "How well the camp alignment separates labelled documents: coverage, saturation, mean with its "
        "interval per group, pairwise AUC (unscored = 0, ties one half) with bootstrap intervals, each "
        "term's leave-one-out contribution, and for labels 1 / 0 / -1 the accuracy. With --holdout-by "
        "the figures are given for a discovery and a held-out part, each outlet whole in one part.",
    )
    parser.add_argument("--label", required=True, metavar="COLUMN", help="the metadata column with each label")
    parser.add_argument(
        "--holdout-by", default=None, metavar="COLUMN", help="split by COLUMN (e.g. outlet) into discovery / held_out"
    )
    parser.add_argument(
        "--pair", type=group_pair, default=None, metavar="A,B", help="the pair the terms table explains"
    )
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="resamples of the intervals (1000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the resampling (default 0)")


def validate_batch(records: list[dict], docs: list[Document], ctx: Context, args: argparse.Namespace) -> list[Scored]:
    """Return each labelled document of a batch with its alignment score (in a worker); its hits
    are kept when some count on the axis (for the leave-one-out of terms)."""
    scorer = scorer_of(ctx, args)
    out = []
    for r, d in zip(records, docs):
        label = label_text(r.get(args.label))
        if not label:
            continue
        hits = scorer.find_hits(d)
        result = scorer.alignment(hits, args.include_quoted)
        on_axis = [h for h in scorer.counted(hits, args.include_quoted) if scorer.axis_side(h)]
        key = label_text(r.get(args.holdout_by)) if args.holdout_by else ""
        kept = tuple(hits) if on_axis else ()
        out.append(Scored(str(r["doc_id"]), label, key, result["score"], kept, result["n_neutral"]))
    return out


def validate_streamed(
    reader: CorpusReader, ctx: Context, args: argparse.Namespace, engine: Engine, progress: Any
) -> dict[str | None, Iterable[dict]]:
    """Return the validation tables of the corpus (the documents' scores computed batch by batch)."""
    scored = [d for part in each_batch(reader, ctx, args, engine, progress, validate_batch, "validate") for d in part]
    if reader.report.loaded and not scored:
        raise CorpusError(
            args.path,
            f"no document has a value in column {args.label!r}",
            "Pass the column that holds each document's label with --label (see `arabic-news corpus PATH`).",
        )
    try:
        return separation_tables(
            scored,
            scorer_of(ctx, args),
            holdout=args.holdout_by is not None,
            pair=args.pair,
            include_quoted=args.include_quoted,
            bootstrap=args.bootstrap,
            seed=args.seed,
        )
    except ValueError as exc:
        raise CorpusError(args.path, str(exc), "Name two of the labels.") from None


def validate_rows(name: str | None, record: dict, table: bool = False) -> list[dict]:
    """Return the flat row of a record of the validate tables."""
    return [record]


# --- explain ---------------------------------------------------------------------------------------


def add_explain_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``arabic-news explain``."""
    add_reading_arguments(
        parser,
        "One document's scores explained: every lexicon hit in its context, how it counts, the "
        "document's alignment, and how the alignment and the actor's score change without the hit's term.",
    )
    parser.add_argument("doc_id", metavar="DOC_ID", help="the document (its doc_id, as `arabic-news corpus` lists it)")
    parser.add_argument("--width", type=int, default=40, metavar="N", help="characters of context on each side")


def explain_batch(records: list[dict], docs: list[Document], ctx: Context, args: argparse.Namespace) -> list[dict]:
    """Return the explanation of the document ``args.doc_id`` if it is in the batch (in a worker)."""
    scorer = scorer_of(ctx, args)
    out = []
    for r, d in zip(records, docs):
        if str(r["doc_id"]) == args.doc_id:
            rows = explain_document(d, scorer, include_quoted=args.include_quoted, width=args.width)
            out += [{**_head(r), **row} for row in rows]
    return out


def explain_streamed(
    reader: CorpusReader, ctx: Context, args: argparse.Namespace, engine: Engine, progress: Any
) -> dict[str | None, Iterable[dict]]:
    """Return the records of the document ``args.doc_id`` (refused with one line when the corpus has none)."""
    found = [row for part in each_batch(reader, ctx, args, engine, progress, explain_batch, "explain") for row in part]
    if not found and reader.report.loaded:
        raise CorpusError(
            args.path,
            f"has no document {args.doc_id!r}" + (" among those --where selects" if args.where else ""),
            "Pass a doc_id as `arabic-news corpus PATH` lists them.",
        )
    return {None: found}


def explain_rows(record: dict, table: bool = False) -> list[dict]:
    """Return the flat row of an explain record (the terminal table: the hit in context, how it
    counts and what leaving its term out changes)."""
    if not table:
        return [record]
    keys = ("actor", "polarity", "intensity", "voice", "counted", "alignment", "alignment_delta", "actor_delta")
    return [{**_context_cells(record), **{k: record[k] for k in keys}}]


#: the evidence subcommands (added to the corpus subcommands of :mod:`arabic_news.cli.commands`;
#: ``discover`` is in :mod:`arabic_news.cli.discover`)
EVIDENCE_COMMANDS: dict[str, Command] = {
    "kwic": Command(
        "keyword in context: every lexicon hit (or --term) with actor, polarity, intensity, voice",
        kwic_streamed,
        add_arguments=add_kwic_arguments,
        rows=kwic_rows,
    ),
    "validate": Command(
        "how the alignment separates labelled documents (--label): coverage, AUC, terms, accuracy",
        validate_streamed,
        add_arguments=add_validate_arguments,
        rows=validate_rows,
        tables=("groups", "pairs", "terms", "accuracy", "documents"),
    ),
    "explain": Command(
        "one document's scores: each hit in context and what leaving its term out changes",
        explain_streamed,
        add_arguments=add_explain_arguments,
        rows=explain_rows,
    ),
}
