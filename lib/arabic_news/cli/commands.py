"""The subcommands of ``arabic-news``: each calls the analyses and turns their results into
JSON-ready records (one per document, or a dict of record lists), and says how a record becomes
flat rows for CSV, Parquet and the terminal table. Parsing and printing live in
:mod:`arabic_news.cli.main` and :mod:`arabic_news.cli.formats`.

Flat columns (CSV, Parquet; the terminal table shows the ones marked *):

* ``corpus``: doc_id*, source, the metadata columns (outlet*, date*, title* and any other), words*,
  paragraphs*, sentences*, characters*;
* ``sources``: doc_id*, source, metadata, n_words*, attributions* (total), one column per source
  kind (anonymous*, named*, institution*, media*, unclear*), actors (``actor: mentions | ...``),
  top_actor*, naming_actor, naming* (the phrases, ``|``-separated; the table shows their number);
* ``stance``: one row per document and actor: doc_id*, source, metadata, n_words*, alignment*
  (and alignment_axis, alignment_low, alignment_high, alignment_hits, alignment_neutral), actor*,
  score*, low, high, pro*, anti*, neutral, per_1000_words*, intensity_per_1000_words, hits* (the
  counted hits on that actor in the document: pro + anti); the JSON record is :data:`STANCE_JSON`;
* ``duplicates``: five tables, ``documents`` (doc_id, paragraphs, kept_paragraphs,
  boilerplate_lines, internal_duplicates, near_duplicates, cluster: its number, 0 for none), ``internal_duplicates``
  (doc_id, paragraph, duplicate_of, similarity), ``boilerplate`` (doc_id, line, text, reason),
  ``near_duplicates`` (a, b, similarity, cluster) and ``clusters`` (cluster, size, doc_ids); with
  ``--passages`` a sixth, ``shared_passages`` (a, b, passage: its number in the pair, words, text: the
  passage as the cleaned text of a has it).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from ..analyses.cleaning import boilerplate_cues
from ..analyses.duplicates import duplicates_tables
from ..analyses.passes import clean_batch, first_pass
from ..analyses.sources import source_profiles
from ..analyses.stance import Hit, StanceScorer
from ..analyses.stats import document_counts
from ..core.context import Context
from ..core.corpus import METADATA_COLUMNS, CorpusReader
from ..core.document import Document, from_records
from ..core.parallel import Engine
from ..core.study import list_studies

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


def corpus_records(records: list[dict], ctx: Context, args: argparse.Namespace) -> list[dict]:
    """Return one record per document: doc_id, source, metadata, words, paragraphs, sentences, characters."""
    return [{**_head(r), **document_counts(d)} for r, d in zip(records, from_records(records, ctx.options))]


# --- sources -------------------------------------------------------------------------------------


def sources_records(records: list[dict], ctx: Context, args: argparse.Namespace) -> list[dict]:
    """Return one source profile per document: attributions, actor mentions, naming of the focus actor."""
    out = []
    for row, profile in zip(records, source_profiles(from_records(records, ctx.options), ctx)):
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


#: the tables of ``duplicates`` (shared_passages only with --passages)
DUPLICATES_TABLES = (
    "documents",
    "internal_duplicates",
    "boilerplate",
    "near_duplicates",
    "clusters",
    "shared_passages",
)


def fraction(value: str) -> float:
    """Return a number in (0, 1] given on the command line (argparse type)."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 < number <= 1:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"must be a number above 0 and at most 1, not {value!r}")
    return number


def add_duplicates_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``arabic-news duplicates``."""
    parser.add_argument(
        "--threshold",
        type=fraction,
        default=0.5,
        help="report document pairs with shingle Jaccard >= this, above 0 and at most 1 (default 0.5)",
    )
    parser.add_argument(
        "--method",
        choices=("auto", "exact", "lsh"),
        default="auto",
        help="how pairs are found: exact (prefix-filtered join), lsh (MinHash + LSH, every candidate confirmed "
        "exactly) or auto (exact for smaller corpora, where it is faster; default)",
    )
    parser.add_argument(
        "--recall",
        type=fraction,
        default=0.98,
        help="with lsh: the probability that a pair at the threshold is found (sets the bands; default 0.98)",
    )
    parser.add_argument(
        "--passages",
        action="store_true",
        help="also list the passages of at least 8 words each near-duplicate pair shares (table shared_passages)",
    )


def duplicates_streamed(
    reader: CorpusReader, ctx: Context, args: argparse.Namespace, engine: Engine, progress: Any
) -> dict[str | None, Iterable[dict]]:
    """Return the tables of ``duplicates`` of the corpus ``reader`` reads batch by batch, as records
    read back from temporary files (bounded memory)."""
    return duplicates_tables(
        reader.batches,
        ctx,
        args.threshold,
        engine=engine,
        method=args.method,
        recall=args.recall,
        progress=progress,
        passages=args.passages,
    )


# --- stance --------------------------------------------------------------------------------------


#: what one JSON record of ``arabic-news stance`` holds (printed by ``arabic-news stance --help``)
STANCE_JSON = """\
JSON record, one per document:
  doc_id, source, the metadata columns, n_words (of the scored text);
  alignment: axis ("plus_camp vs minus_camp"), score in (-1, 1) (+ toward the first camp) with its
    95% interval low/high; n_hits = the hits the score uses (favourable or hostile, on an actor of
    either camp, own voice unless --include-quoted); n_neutral = neutral names of those actors
    (they weigh nothing). score is null when n_hits is 0: with n_neutral > 0 the text names the
    actors without taking a side in the lexicon's terms; with both 0 it says nothing about them.
    A score of 0 means favourable and hostile evidence that balance.
  actors: per actor, score (null without a pro or anti hit), low, high, pro, anti (the hits the
    score uses), neutral (neutral names), per_1000_words, intensity_per_1000_words;
  hits: every lexicon hit: term, text (the raw span), actor ("" when a generic label found none),
    polarity (+1, -1, 0 for a neutral name), intensity (0, 1, 2), target_via (term, name, pronoun,
    clause, document, anaphor), start, end (raw offsets), voice (own; quoted: inside quotation
    marks, after a verb of saying and a colon, or in scare quotes; reported: a claim in indirect
    speech, after a verb of saying and "that"), quoted (voice is not own), counted (true when it
    counts toward its actor's score) and axis (+1/-1: the end of the alignment axis it points to;
    0 for a neutral name or an actor of neither camp). The hits with counted true and axis != 0
    are exactly the alignment's n_hits; those of one actor with counted true its pro + anti.
"""


def add_stance_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``arabic-news stance``."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = (
        "Score each document's framing of the study's actors (graded scores with 95% intervals) and its\n"
        "alignment between the study's two camps. By default only the article text is scored: boilerplate\n"
        "(footers, share buttons, comment forms, reader comments) and repeated paragraphs are removed\n"
        "first, as in notebook 03; --raw scores the whole text."
    )
    parser.epilog = STANCE_JSON
    parser.add_argument(
        "--include-quoted",
        action="store_true",
        help="count words inside quotations and reported claims toward the outlet's score",
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


def _hit_record(h: Hit, scorer: StanceScorer, include_quoted: bool) -> dict:
    """Return the JSON record of one hit (see :data:`STANCE_JSON`)."""
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
        "voice": h.voice,
        "counted": scorer.counts(h, include_quoted),
        "axis": scorer.axis_side(h),
    }


def _stance_records(records: list[dict], docs: list[Document], ctx: Context, args: argparse.Namespace) -> list[dict]:
    """Return the stance records of prepared (and, by default, cleaned) documents."""
    scorer = StanceScorer(ctx, scare_quotes=args.scare_quotes, topic_gate=not args.no_topic_gate)
    out = []
    for row, doc in zip(records, docs):
        result = scorer.score(doc, include_quoted=args.include_quoted)
        out.append(
            {
                **_head(row),
                "n_words": result["n_words"],
                "alignment": _rounded(result["alignment"]),
                "actors": {a: _rounded(r) for a, r in result["actors"].items()},
                "hits": [_hit_record(h, scorer, args.include_quoted) for h in result["hits"]],
            }
        )
    return out


def stance_records(records: list[dict], ctx: Context, args: argparse.Namespace) -> list[dict]:
    """Return one record per document of the whole text (``--raw``): doc_id, source, metadata, n_words,
    alignment, actors, hits."""
    return _stance_records(records, from_records(records, ctx.options), ctx, args)


def stance_cleaned_records(part: dict, ctx: Context, args: argparse.Namespace, keys: Any) -> list[dict]:
    """Return the stance records of a batch kept by pass 1, cleaned first with the corpus-wide template
    line counts ``keys`` (pass 2, in a worker)."""
    return _stance_records(part["records"], clean_batch(part, keys, boilerplate_cues(ctx)), ctx, args)


def stance_streamed(
    reader: CorpusReader, ctx: Context, args: argparse.Namespace, engine: Engine, progress: Any
) -> dict[str | None, Iterable[dict]]:
    """Return the stance records of the corpus ``reader`` reads batch by batch: of the whole text
    with ``--raw``; by default of the article text, in two passes (template lines counted across the
    corpus first, then each batch cleaned and scored on a worker)."""
    if args.raw:
        parts = engine.map(stance_records, reader.batches(), ctx, args)
        return {None: _ticked(parts, progress("stance", reader.total))}

    def records() -> Iterator[dict]:
        with first_pass(reader.batches(), engine, ctx.options, progress("template lines", reader.total)) as read:
            parts = engine.map(stance_cleaned_records, read.batches, ctx, args, read.keys)
            yield from _ticked(parts, progress("stance", read.n_docs))

    return {None: records()}


def _ticked(parts: Iterable[list[dict]], tick: Callable[[int], None]) -> Iterator[dict]:
    """Yield the records of each part, telling ``tick`` how many each part held."""
    for part in parts:
        tick(len(part))
        yield from part


# --- studies -------------------------------------------------------------------------------------


def studies_records() -> list[dict]:
    """Return one record per shipped study pack: name, title, location, actors, camps."""
    return [
        {
            "name": s.name,
            "title": s.title,
            "location": str(s.folder),
            "actors": list(s.actors),
            "camps": {
                c.id: {"label": c.label, "favours": sorted(c.favours), "opposes": sorted(c.opposes)} for c in s.camps
            },
        }
        for s in list_studies()
    ]


# --- flat rows (CSV, Parquet, terminal table) ---------------------------------------------------

#: the package's fields of each command's flat rows; the rest are the user's metadata
_COUNTS = {
    "corpus": ("words", "paragraphs", "sentences", "characters"),
}


def _meta(record: dict, table: bool) -> dict:
    """Return the metadata fields of a record (in the terminal table only outlet, date and title)."""
    skip = {"doc_id", "source", "words", "paragraphs", "sentences", "characters", "n_words"}
    skip |= {"attributions", "actors", "naming", "hits", "alignment"}
    return {k: v for k, v in record.items() if k not in skip and (not table or k in METADATA_COLUMNS)}


def corpus_rows(record: dict, table: bool = False) -> list[dict]:
    """Return the flat row of a ``corpus`` record."""
    head = {"doc_id": record["doc_id"]} if table else {"doc_id": record["doc_id"], "source": record["source"]}
    return [{**head, **_meta(record, table), **{k: record[k] for k in _COUNTS["corpus"]}}]


def sources_rows(record: dict, table: bool = False) -> list[dict]:
    """Return the flat row of a ``sources`` record."""
    kinds = dict.fromkeys(("anonymous", "named", "institution", "media", "unclear"), 0)
    for a in record["attributions"]:
        kinds[a["kind"]] = kinds.get(a["kind"], 0) + 1
    actors = record["actors"]
    top = max(actors, key=lambda a: (actors[a], a)) if actors else ""
    row = {"doc_id": record["doc_id"]}
    if not table:
        row["source"] = record["source"]
    row.update(_meta(record, table))
    row.update({"n_words": record["n_words"], "attributions": len(record["attributions"]), **kinds})
    row["top_actor"] = f"{top} ({actors[top]})" if top else ""
    if table:
        row["naming"] = len(record["naming"]["phrases"])
    else:
        row["actors"] = actors
        row["naming_actor"] = record["naming"]["actor"]
        row["naming"] = record["naming"]["phrases"]
    return [row]


#: per-actor numbers left out of the terminal table (the CSV and Parquet rows keep them)
_NOT_IN_TABLE = ("neutral", "per_1000_words", "intensity_per_1000_words")


def stance_rows(record: dict, table: bool = False) -> list[dict]:
    """Return one flat row per actor of a ``stance`` record: the document's camp alignment, then the
    actor's scores and its number of scored hits (in the terminal table only actors with hits)."""
    head = {"doc_id": record["doc_id"]}
    if not table:
        head["source"] = record["source"]
    head.update(_meta(record, table))
    head["n_words"] = record["n_words"]
    alignment = record.get("alignment") or {}
    head["alignment"] = alignment.get("score")
    if not table:
        head.update(
            {
                "alignment_axis": alignment.get("axis"),
                "alignment_low": alignment.get("low"),
                "alignment_high": alignment.get("high"),
                "alignment_hits": alignment.get("n_hits", 0),
                "alignment_neutral": alignment.get("n_neutral", 0),
            }
        )
    hits: dict[str, int] = {}
    for h in record.get("hits", []):
        if h.get("counted", True):
            hits[h.get("actor")] = hits.get(h.get("actor"), 0) + 1
    rows = []
    for actor, scores in record["actors"].items():
        if table and not hits.get(actor):
            continue
        row = {**head, "actor": actor}
        row.update(
            {k: v for k, v in scores.items() if not isinstance(v, (dict, list)) and not (table and k in _NOT_IN_TABLE)}
        )
        row["hits"] = hits.get(actor, 0)
        rows.append(row)
    return rows or [head]


def duplicates_rows(name: str | None, record: dict, table: bool = False) -> list[dict]:
    """Return the flat row of a record of one of the ``duplicates`` tables."""
    return [record]


def mapped(name: str) -> Callable[..., dict[str | None, Iterable[dict]]]:
    """Return the stream of a command whose records are computed batch by batch (one pass): the
    command's ``run`` mapped over the reader's batches on the engine."""

    def stream(
        reader: CorpusReader, ctx: Context, args: argparse.Namespace, engine: Engine, progress: Any
    ) -> dict[str | None, Iterable[dict]]:
        parts = engine.map(COMMANDS[name].run, reader.batches(), ctx, args)
        return {None: _ticked(parts, progress(name, reader.total))}

    return stream


@dataclass(frozen=True)
class Command:
    """One subcommand of a corpus: its help, its extra options, what it computes, and how its
    records become flat rows."""

    help: str
    #: the whole corpus (its :class:`~arabic_news.core.corpus.CorpusReader`) -> table name (None for
    #: the one table of records) -> records, computed on an engine with bounded memory
    stream: Callable[..., dict[str | None, Iterable[dict]]]
    #: what one batch of records becomes (a module-level function, run on the engine's workers)
    run: Callable[[list[dict], Context, argparse.Namespace], list[dict]] | None = None
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None
    #: record -> flat rows (``table=True``: the few columns the terminal table shows)
    rows: Callable[..., list[dict]] | None = None
    #: the names of its tables (None: one table of records, one per document)
    tables: tuple[str, ...] | None = None

    def flatten(self, table: bool) -> Callable[[str | None, dict], list[dict]]:
        """Return the function that turns a record of a table into flat rows."""
        rows = self.rows

        def flat(name: str | None, record: dict) -> list[dict]:
            if rows is None:
                return [record]
            return rows(name, record, table) if self.tables else rows(record, table)

        return flat


#: the subcommands that analyse a corpus
COMMANDS: dict[str, Command] = {
    "corpus": Command("list documents with word/paragraph counts", mapped("corpus"), corpus_records, rows=corpus_rows),
    "duplicates": Command(
        "internal duplicates, boilerplate lines, near-duplicate documents and their clusters",
        duplicates_streamed,
        add_arguments=add_duplicates_arguments,
        rows=duplicates_rows,
        tables=DUPLICATES_TABLES,
    ),
    "sources": Command(
        "per document: attributions, actor mentions, naming of the study's focus actor",
        mapped("sources"),
        sources_records,
        rows=sources_rows,
    ),
    "stance": Command(
        "per document: camp alignment and graded stance toward each actor, with every lexicon hit",
        stance_streamed,
        add_arguments=add_stance_arguments,
        rows=stance_rows,
    ),
}
