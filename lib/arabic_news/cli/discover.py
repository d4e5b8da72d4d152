"""The ``discover`` subcommand of ``arabic-news``: Fightin' Words between the groups of a metadata
column (``--by``), read batch by batch as the other evidence commands read
(:mod:`arabic_news.cli.evidence`). One row per candidate: marks (the group the n-gram marks), versus,
ngram (normalized), written (as the texts most often spell it), n, z, delta, count_a, count_b, docs_a,
docs_b, in_lexicon, lexicon_terms; ``--chart`` draws the comparison of two groups.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..analyses.discovery import GroupCounts, compare_groups, group_ngrams, most_spelled, spellings_of, top_candidates
from ..analyses.evidence import lexicon_marks
from ..analyses.separation import holdout_parts, label_text
from ..core.context import Context
from ..core.corpus import CorpusReader
from ..core.document import Document
from ..core.errors import CorpusError
from ..core.parallel import Engine
from ..core.spill import SpilledObjects
from ..core.text import words
from .commands import Command
from .evidence import add_reading_arguments, each_batch, group_pair


def _ngram_range(value: str) -> tuple[int, int]:
    """Return (lo, hi) of an n-gram range such as 1-3 or 2 (argparse type)."""
    lo, _, hi = value.partition("-")
    try:
        bounds = int(lo), int(hi or lo)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an n-gram range such as 1-3: {value!r}") from None
    if not 1 <= bounds[0] <= bounds[1] <= 5:
        raise argparse.ArgumentTypeError(f"n-gram lengths go from 1 to 5, the first not above the second: {value!r}")
    return bounds


def _chart(value: str) -> Path:
    """Return the path of a chart file (.png, .svg or .pdf; argparse type)."""
    path = Path(value)
    if path.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise argparse.ArgumentTypeError(f"a chart is a .png, .svg or .pdf file, not {value!r}")
    return path


def add_discover_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``arabic-news discover``."""
    add_reading_arguments(
        parser,
        "Fightin' Words (weighted log-odds with an informative Dirichlet prior, Monroe et al. 2008): the "
        "words and phrases that tell the groups of a metadata column apart, with z-scores and counts; "
        "candidates already in the study pack are marked. Two groups are compared with each other (the "
        "rest of the corpus gives the prior), more groups each with all the others.",
    )
    parser.add_argument("--by", required=True, metavar="COLUMN", help="the metadata column whose groups are compared")
    parser.add_argument("--groups", type=group_pair, default=None, metavar="A,B", help="compare these two groups only")
    parser.add_argument("--top", type=int, default=20, metavar="K", help="candidates per side (default 20)")
    parser.add_argument("--z", type=float, default=1.96, help="smallest |z| of a candidate (default 1.96)")
    parser.add_argument("--all", action="store_true", help="every n-gram, not only the candidates")
    parser.add_argument("--ngrams", type=_ngram_range, default=(1, 3), metavar="LO-HI", help="default 1-3")
    parser.add_argument("--min-docs", type=int, default=2, metavar="N", help="used in N documents of a group (2)")
    parser.add_argument("--alpha0", type=float, default=500.0, help="pseudo-counts of the prior (default 500)")
    parser.add_argument(
        "--holdout-by",
        default=None,
        metavar="COLUMN",
        help="use only the discovery part of a split by COLUMN (e.g. outlet), the part `validate "
        "--holdout-by COLUMN` does not report as held out",
    )
    parser.add_argument("--chart", type=_chart, default=None, metavar="FILE", help="draw the comparison (.png/.svg)")


@dataclass
class WordsBatch:
    """The documents of a batch that have a group: (group, hold-out key, normalized words) of each,
    and how often each normalized word is written each way in them (the n-grams' written forms)."""

    rows: list[tuple[str, str, list[str]]]
    spellings: Counter

    def __len__(self) -> int:
        return len(self.rows)


def discover_words_batch(
    records: list[dict], docs: list[Document], ctx: Context, args: argparse.Namespace
) -> WordsBatch:
    """Return the words of each document of a batch with a group, and their spellings."""
    out = WordsBatch([], Counter())
    for r, d in zip(records, docs):
        group = label_text(r.get(args.by))
        if group:
            key = label_text(r.get(args.holdout_by)) if args.holdout_by else ""
            out.rows.append((group, key, words(d.clean_text if d.cleaned else d.text, None)))
            out.spellings.update(spellings_of([d]))
    return out


def count_batch(items: list[tuple[str, list[str]]], vocabulary: frozenset[str], ngrams: tuple[int, int]) -> GroupCounts:
    """Return the n-grams of a batch of (group, words) counted per group (in a worker)."""
    return group_ngrams(items, vocabulary, ngrams)


def discover_streamed(
    reader: CorpusReader, ctx: Context, args: argparse.Namespace, engine: Engine, progress: Any
) -> dict[str | None, Iterable[dict]]:
    """Return the discovery candidates of the corpus: the words of each document are spilled to a
    temporary file, the hold-out split (if any) and the vocabulary computed, then the n-grams
    counted per group batch by batch on the engine."""
    with SpilledObjects() as spill:
        groups, keys, spellings = [], [], Counter()
        for part in each_batch(reader, ctx, args, engine, progress, discover_words_batch, "discover"):
            spill.append(part.rows)
            groups += [g for g, _k, _w in part.rows]
            keys += [k for _g, k, _w in part.rows]
            spellings.update(part.spellings)
        if reader.report.loaded == 0:
            raise reader.no_document_error()
        keep = [p == "discovery" for p in holdout_parts(groups, keys)] if args.holdout_by else [True] * len(groups)
        names = sorted({g for g, k in zip(groups, keep) if k})
        chosen = _chosen(names, args)
        vocabulary = frozenset(w for _g, ws in _kept(spill, keep) for w in ws)
        counts = GroupCounts()
        for c in engine.map(count_batch, _batches(_kept(spill, keep), 2000), vocabulary, args.ngrams):
            counts.add(c)
    rows = _comparisons(counts, most_spelled(spellings), names, chosen, ctx, args)
    return {None: rows}


def _chosen(names: list[str], args: argparse.Namespace) -> list[str]:
    """Return the groups to compare (refused with one line when there are fewer than two)."""
    if args.groups is not None:
        missing = [g for g in args.groups if g not in names]
        if missing:
            raise CorpusError(
                args.path, f"column {args.by!r} has no group {', '.join(map(repr, missing))}", _listing(names)
            )
        return list(args.groups)
    if len(names) < 2:
        raise CorpusError(
            args.path,
            f"column {args.by!r} holds {len(names)} group(s) among the documents read",
            "Discovery compares groups: pass a column with at least two values (" + _listing(names) + ").",
        )
    if args.chart is not None and len(names) > 2:
        raise CorpusError(args.path, f"--chart draws two groups and {args.by!r} has {len(names)}", "Add --groups A,B.")
    return names


def _listing(names: list[str]) -> str:
    """Return the groups found, for a message."""
    return "groups found: " + (", ".join(names[:10]) or "none") + (" ..." if len(names) > 10 else "")


def _kept(spill: SpilledObjects, keep: list[bool]) -> Iterator[tuple[str, list[str]]]:
    """Yield (group, words) of the spilled documents that ``keep`` marks."""
    i = 0
    for part in spill:
        for group, _key, ws in part:
            if keep[i]:
                yield group, ws
            i += 1


def _batches(items: Iterable, size: int) -> Iterator[list]:
    """Yield lists of ``size`` items."""
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _comparisons(
    counts: GroupCounts,
    written: dict[str, str],
    names: list[str],
    chosen: list[str],
    ctx: Context,
    args: argparse.Namespace,
):
    """Return the candidate records of each comparison (and draw the chart), each n-gram also as
    the texts write it (``written``: the most frequent spelling of each normalized word)."""
    records = []
    if len(chosen) == 2:
        a, b = chosen
        result = compare_groups(
            counts, [a], [b], [g for g in names if g not in chosen], **_stats(args), written=written
        )
        records += _candidates(result, a, b, args, sides=("a", "b"))
        if args.chart is not None:
            _draw(result, (a, b), ctx, args)
    else:
        for g in chosen:
            result = compare_groups(counts, [g], [o for o in chosen if o != g], **_stats(args), written=written)
            records += _candidates(result, g, "the others", args, sides=("a",))
    marks = lexicon_marks({r["ngram"] for r in records}, ctx.study, ctx.options)
    for r in records:
        r["in_lexicon"], r["lexicon_terms"] = marks[r["ngram"]]
    return records


def _stats(args: argparse.Namespace) -> dict:
    """Return the statistic's options."""
    return {"alpha0": args.alpha0, "min_docs": args.min_docs}


def _candidates(result, a: str, b: str, args: argparse.Namespace, sides: tuple[str, ...]) -> list[dict]:
    """Return the records of one comparison: its candidates (or every n-gram with --all)."""
    if args.all:
        table = result.assign(side=["a" if z >= 0 else "b" for z in result["z"]])
    else:
        table = top_candidates(result, k=args.top, z=args.z)
    out = []
    for r in table[table["side"].isin(sides)].to_dict("records"):
        out.append(
            {
                "marks": a if r["side"] == "a" else b,
                "versus": b if r["side"] == "a" else a,
                "ngram": r["ngram"],
                "written": r["written"],
                "n": int(r["n"]),
                "z": round(float(r["z"]), 3),
                "delta": round(float(r["delta"]), 4),
                "count_a": int(r["count_a"]),
                "count_b": int(r["count_b"]),
                "docs_a": int(r["docs_a"]),
                "docs_b": int(r["docs_b"]),
            }
        )
    return out


def discover_figure(result, names: tuple[str, str], ctx: Context, by: str, top: int = 20, z: float = 1.96):
    """Return the Fightin' Words chart of a comparison as a figure of its own (pyplot's state, a
    notebook's inline charts, is left alone): groups that are camps of the pack named as its manifest
    names their outlets, n-grams as written with the pack's glosses, the ``top`` strongest of each
    side labelled (at most 12)."""
    from matplotlib.figure import Figure

    from ..core.glossary import term_glosses
    from ..display.charts_discovery import plot_fightin_words

    outlets = {c.id: c.outlets for c in ctx.study.camps}
    shown = (outlets.get(names[0], names[0]), outlets.get(names[1], names[1]))
    figure = Figure(figsize=(8, 5.5))
    ax = plot_fightin_words(
        result, names=shown, label=min(top, 12), z=z, ax=figure.subplots(), glosses=term_glosses(ctx.study)
    )
    ax.set_title(f"Fightin' Words by {by}: {shown[0]} vs {shown[1]}")
    return figure


def _draw(result, names: tuple[str, str], ctx: Context, args: argparse.Namespace) -> None:
    """Draw the comparison to the --chart file (written under a partial name, then renamed)."""
    from .atomic import partial_path

    figure = discover_figure(result, names, ctx, args.by, args.top, args.z)
    target = args.chart
    partial = partial_path(target)
    assert partial is not None
    try:
        figure.savefig(partial, format=target.suffix.lstrip(".").lower(), bbox_inches="tight", dpi=150)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def discover_rows(record: dict, table: bool = False) -> list[dict]:
    """Return the flat row of a discover record (the terminal table shows the n-gram as written
    and leaves out its normalized form, delta and lexicon_terms)."""
    if not table:
        return [record]
    return [{k: v for k, v in record.items() if k not in ("ngram", "delta", "lexicon_terms")}]


#: the discover subcommand (added to the others by :mod:`arabic_news.cli.main`)
DISCOVER_COMMANDS: dict[str, Command] = {
    "discover": Command(
        "Fightin' Words between the groups of a metadata column (--by), lexicon terms marked",
        discover_streamed,
        add_arguments=add_discover_arguments,
        rows=discover_rows,
    ),
}
