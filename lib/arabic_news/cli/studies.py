"""``arabic-news studies``: the study packs. Without an action it lists the shipped packs with their
location (JSON fields: name, title, location, actors, camps); ``studies init PATH [--from CORPUS]``
scaffolds a new pack; ``studies check PATH [--corpus CORPUS]`` validates a pack without running an
analysis and prints what it holds, what it probably does not mean (warnings) and, with a corpus, how
much of it the pack reaches."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from ..analyses.discovery import most_spelled, spellings_of
from ..analyses.evidence import add_coverage, coverage_counts, coverage_summary, name_candidates, phrase_counts
from ..core.context import Context
from ..core.corpus import CorpusReader
from ..core.document import Document
from ..core.errors import CorpusError, StudyError
from ..core.packs import pack_problems, pack_summary, scaffold_pack, write_candidates
from ..core.parallel import Engine
from ..core.study import load_study
from .atomic import replace_folder
from .commands import studies_records
from .evidence import condition, each_batch, scorer_of
from .formats import FORMATS, OutputError, Writer

EXIT_BAD_INPUT = 2
#: the exit status of ``studies check --strict`` on a pack with warnings
EXIT_WARNINGS = 1


def _add_corpus_options(p: argparse.ArgumentParser) -> None:
    """Add the options that say how a corpus file is read."""
    p.add_argument("--text-column", default="text", help="column with the article text (CSV/JSONL/Parquet)")
    p.add_argument("--id-column", default="id", help="column with the document id (CSV/JSONL/Parquet)")
    p.add_argument("--encoding", default=None, help="encoding of files that are not UTF-8, e.g. cp1256")
    p.add_argument("--raw", action="store_true", help="read the whole text (default: the cleaned article text)")
    p.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="COLUMN=VALUE",
        type=condition,
        help="only the documents of the corpus whose metadata COLUMN is VALUE, e.g. --where split=discovery",
    )


def add_studies_parser(sub: argparse._SubParsersAction, parser_class: type) -> None:
    """Add ``studies`` and its actions ``init`` and ``check`` to the subcommands."""
    p = sub.add_parser(
        "studies",
        help="list the study packs (with their location); init or check a pack",
        description="List the study packs that ship with the package, with their location; "
        "`studies init PATH` scaffolds a new pack, `studies check PATH` validates one.",
    )
    p.add_argument("--format", choices=FORMATS, default="table", help="output format")
    p.add_argument("--output", "-o", default=None, metavar="FILE", help="write to FILE instead of the terminal")
    actions = p.add_subparsers(dest="action", parser_class=parser_class)
    init = actions.add_parser(
        "init",
        help="scaffold a new study pack",
        description="Write a new study pack into PATH (a new or empty folder): a manifest with every key "
        "explained, the lexicon CSVs with their headers and a README to fill in. With --from CORPUS, the "
        "corpus's most frequent phrases go to actor_candidates.csv to start the actor list.",
    )
    init.add_argument("pack", metavar="PATH", help="the folder of the new pack")
    init.add_argument("--name", default=None, help="the pack's id (default: the folder's name)")
    init.add_argument("--from", dest="corpus", default=None, metavar="CORPUS", help="a corpus to propose names from")
    init.add_argument("--candidates", type=int, default=60, metavar="K", help="how many candidates (default 60)")
    _add_corpus_options(init)
    check = actions.add_parser(
        "check",
        help="validate a study pack and summarize it",
        description="Validate a study pack (a folder or a shipped pack's name) without running an "
        "analysis: the manifest, every lexicon and the rules between them. Prints the actors, camps, rows "
        "per category and intensity, warnings (what the pack accepts but probably does not mean) and, "
        "with --corpus, how much of the corpus the pack reaches. Exit status 2 on an error.",
    )
    check.add_argument("pack", metavar="PATH", help="the pack's folder (or a shipped pack's name)")
    check.add_argument("--corpus", default=None, metavar="CORPUS", help="a corpus to measure the coverage on")
    check.add_argument(
        "--strict", action="store_true", help=f"exit with status {EXIT_WARNINGS} when there are warnings"
    )
    check.add_argument("--format", choices=("table", "json"), default="table", help="output format (table: text)")
    check.add_argument("--output", "-o", default=None, metavar="FILE", help="write to FILE instead of the terminal")
    _add_corpus_options(check)


def run_studies(args: argparse.Namespace, warn: Callable[[str], None]) -> int:
    """Run ``studies`` (list), ``studies init`` or ``studies check``; return the exit status."""
    try:
        if args.action == "init":
            return _init(args, warn)
        if args.action == "check":
            return _check(args, warn)
        if args.format == "table":  # a few packs: every field in full, one block each
            with _output(args) as out:
                out.write("\n".join(studies_lines(studies_records())) + "\n")
            return 0
        writer = Writer(args.format, sys.stdout, args.output)
        writer.table(None, studies_records())
        writer.close()
        return 0
    except (StudyError, CorpusError, OutputError) as exc:
        warn(f"error: {exc}")
        return EXIT_BAD_INPUT
    except OSError as exc:
        warn(f"error: {exc.filename or args.pack}: {exc.strerror or exc}")
        return EXIT_BAD_INPUT


def _reader(path: str, args: argparse.Namespace) -> CorpusReader:
    """Return the reader of a corpus named on the command line (documents that fail are skipped)."""
    return CorpusReader(
        path, encoding=args.encoding, text_column=args.text_column, id_column=args.id_column, on_error="skip"
    )


def _options(args: argparse.Namespace) -> argparse.Namespace:
    """Return the reading options of the evidence commands for a pass over a corpus in this process."""
    return argparse.Namespace(
        raw=args.raw,
        where=args.where,
        scare_quotes="neutralize",
        no_topic_gate=False,
        include_quoted=False,
    )


def _no_progress(stage: str, total: int | None) -> Callable[[int], None]:
    return lambda n: None


def _over_corpus(path: str, ctx: Context, args: argparse.Namespace, worker, stage: str) -> Iterable:
    """Yield the worker's result for each batch of the corpus at ``path`` (in this process)."""
    reader = _reader(path, args)
    yield from each_batch(reader, ctx, _options(args), Engine(), _no_progress, worker, stage)
    if reader.report.loaded == 0:
        raise reader.no_document_error()


def phrases_batch(records: list[dict], docs: list[Document], ctx: Context, args: argparse.Namespace) -> list:
    """Return the phrase document counts of a batch and the spellings of its words."""
    return [phrase_counts(docs), spellings_of(docs)]


def _init(args: argparse.Namespace, warn: Callable[[str], None]) -> int:
    """Scaffold a pack (in a hidden sibling folder, moved into place once complete)."""
    target = Path(args.pack)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise StudyError(
            str(target), "already exists and is not an empty folder", "Pick a new folder: init never overwrites."
        )
    candidates: list[dict] = []
    with replace_folder(target) as work:
        scaffold_pack(work, args.name or target.name, shown=target.name)
        if args.corpus:
            ctx = Context(load_study(work))  # the new pack: the package's general lists clean the corpus
            total: Counter = Counter()
            spelled: Counter = Counter()
            for counts, spellings in _over_corpus(args.corpus, ctx, args, phrases_batch, "phrases"):
                total += counts
                spelled += spellings
            candidates = name_candidates(total, ctx.study, args.candidates, most_spelled(spelled))
            write_candidates(work, candidates)
    print(f"wrote {target}: {', '.join(sorted(p.name for p in target.iterdir()))}")
    if candidates:
        print(
            f"actor_candidates.csv: the {len(candidates)} most frequent phrases of {args.corpus}: keep the names, "
            "give each an actor, kind and gloss_en, and move them to actors.csv"
        )
    print(f"next: fill in study.toml and the CSVs (docs/study-packs.md), then `arabic-news studies check {target}`")
    return 0


def coverage_batch(records: list[dict], docs: list[Document], ctx: Context, args: argparse.Namespace) -> list:
    """Return the coverage counts of a batch (one item)."""
    return [coverage_counts(docs, scorer_of(ctx, args))]


def _check(args: argparse.Namespace, warn: Callable[[str], None]) -> int:
    """Validate a pack, summarize it (and its coverage of a corpus), print the summary; when it cannot
    be loaded, print every problem the rules between its parts find (loading stops at the first)."""
    errors, warnings = pack_problems(args.pack) if Path(args.pack).exists() else ([], [])
    try:
        study = load_study(args.pack)
    except StudyError as exc:
        shown = [str(e) for e in errors]
        for line in shown + ([] if str(exc) in shown else [str(exc)]):
            warn(f"error: {line}")
        for line in warnings:
            warn(f"warning: {line}")
        return EXIT_BAD_INPUT
    ctx = Context(study)
    if len(study.framing) or len(study.neutral):  # else a warning says that nothing is scored
        scorer_of(ctx, _options(args))  # builds every matcher of the stance analysis
    summary = pack_summary(study)
    if args.corpus and (len(study.framing) or len(study.neutral)):
        counts = None
        for part in _over_corpus(args.corpus, ctx, args, coverage_batch, "coverage"):
            counts = add_coverage(counts, part[0])
        summary["coverage"] = {"corpus": args.corpus, **coverage_summary(counts, study)}
    out: TextIO
    with _output(args) as out:
        if args.format == "json":
            out.write(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
        else:
            out.write("\n".join(summary_lines(summary)) + "\n")
    if args.output is not None:  # the terminal still hears about the warnings
        for line in summary["warnings"]:
            warn(f"warning: {line}")
    return EXIT_WARNINGS if args.strict and summary["warnings"] else 0


class _output:
    """The terminal, or a file that appears only when complete."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.path = None if args.output is None else Path(args.output)

    def __enter__(self) -> TextIO:
        if self.path is None:
            return sys.stdout
        from .atomic import partial_path

        self.partial = partial_path(self.path)
        self.fh = open(self.partial, "w", encoding="utf-8", newline="\n")
        return self.fh

    def __exit__(self, kind, *exc) -> None:
        if self.path is None:
            return
        import os

        self.fh.close()
        if kind is None:
            os.replace(self.partial, self.path)
        else:
            self.partial.unlink(missing_ok=True)


def summary_lines(s: dict) -> list[str]:
    """Return the summary of a pack as lines of text."""
    lines = [
        f"study pack {s['name']}: {s['title']}",
        f"location: {s['location']}",
        f"actors: {len(s['actors'])} ({', '.join(s['actors'])}); actor lexicon: "
        + ", ".join(f"{n} {k}s" for k, n in s["actor_terms"].items() if n),
    ]
    for c in s["camps"]:
        end = f" ({c['end']} end of the axis)" if c["end"] else " (not on the axis)"
        lines.append(
            f"camp {c['id']}{end}: favours {', '.join(c['favours']) or '-'}; opposes {', '.join(c['opposes']) or '-'}"
        )
    f = s["framing"]
    lines.append(
        f"topic terms: {s['topic_terms']}; proper names: {s['proper_names']}; fillers: {s['fillers']}; "
        f"neutral names: {s['neutral']}"
    )
    lines.append(
        f"framing rows: {f['rows']} ({f['favourable']} favourable, {f['hostile']} hostile; "
        f"target term {f['target_term']}, context {f['target_context']}, of which "
        f"{f['context_without_default_actor']} without a default actor"
        + "".join(f"; {k} {f['target_' + k]}" for k in ("shared", "anaphor") if f.get("target_" + k))
        + ")"
    )
    if f["by_category"]:
        width = max(len(c) for c in f["by_category"])
        lines.append(f"  {'category':<{width}}  {'0':>4} {'1':>4} {'2':>4} {'all':>5}")
        for category, row in f["by_category"].items():
            lines.append(f"  {category:<{width}}  {row['0']:>4} {row['1']:>4} {row['2']:>4} {row['all']:>5}")
    lines.append("lexicons: " + ", ".join(f"{k}: {v}" for k, v in s["lexicons"].items()))
    cov = s.get("coverage")
    if cov:
        n = cov["documents"]
        lines.append(
            f"coverage of {cov['corpus']} ({n} documents): {cov['topic_documents']} mention a topic term, "
            f"{cov['any_hit_documents']} have a lexicon hit, {cov['counted_documents']} a favourable or hostile "
            f"hit ({cov['counted_share']:.1%}), {cov['aligned_documents']} an alignment score "
            f"({cov['aligned_share']:.1%})"
        )
        lines.append(f"  framing terms found: {cov['framing_terms_found']} of {cov['framing_terms']}")
        if cov["most_frequent_terms"]:
            lines.append(f"  most frequent: {', '.join(cov['most_frequent_terms'])}")
    lines += [f"note: {n}" for n in s["notes"]]
    lines += [f"warning: {w}" for w in s["warnings"]]
    n = len(s["warnings"])
    lines.append("ok: the pack loads and every rule holds" + (f"; {n} warning(s)" if n else ""))
    return lines


def studies_lines(records: list[dict]) -> list[str]:
    """Return the shipped packs as lines of text: name and title, then location, actors and camps."""
    lines = []
    for r in records:
        camps = ", ".join(r["camps"])
        lines += [
            f"{r['name']}: {r['title']}",
            f"    location: {r['location']}",
            f"    {len(r['actors'])} actors; camps: {camps or 'none'}",
        ]
    lines.append(
        "use one with --study NAME (or --study PATH for a pack folder); `arabic-news studies check NAME` describes it"
    )
    return lines
