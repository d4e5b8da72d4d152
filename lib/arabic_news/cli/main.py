"""The ``arabic-news`` command line: ``arabic-news SUBCOMMAND PATH [--format FORMAT] [--output FILE]``.

Bad input never produces a traceback: each problem is printed as one line naming the file (and
row) and the fix, and the exit status is 2; so is an invalid option. By default documents that
cannot be loaded are skipped and summarised in one line (``--verbose`` lists each); ``--strict``
makes any problem fatal. The corpus is read in batches, so memory depends on the batch size, not
on the corpus; ``--engine dask`` runs the batches on a Dask cluster. Long work shows a progress bar
per stage on stderr when it is a terminal (``--quiet`` hides it) and ends with a summary line.
"""

from __future__ import annotations

import argparse
import codecs
import math
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from ..core.context import Context
from ..core.corpus import CorpusReader
from ..core.errors import CorpusError, InputError, StudyError
from ..core.files import DEFAULT_MAX_BYTES
from ..core.parallel import default_workers, make_engine
from ..core.study import load_study
from .atomic import check_output
from .commands import COMMANDS as CORPUS_COMMANDS
from .discover import DISCOVER_COMMANDS
from .evidence import EVIDENCE_COMMANDS
from .formats import FORMATS, OutputError, Writer, escape_controls
from .studies import add_studies_parser, run_studies

#: every subcommand that reads a corpus: the analyses, then the evidence behind their numbers
COMMANDS = {**CORPUS_COMMANDS, **EVIDENCE_COMMANDS, **DISCOVER_COMMANDS}

EXIT_BAD_INPUT = 2
PROG = "arabic-news"
#: what ``arabic-news --help`` says (plain text: argparse prints docstring markup as it is)
DESCRIPTION = (
    "Analyse a corpus of Arabic news articles: counts (corpus), attributions and naming (sources), "
    "repeated paragraphs, boilerplate and near-duplicate documents (duplicates), graded stance and camp "
    "alignment (stance), with the lexicons of a study pack (studies lists them, studies init and studies "
    "check make and check one); and the evidence behind the numbers: concordance (kwic), lexicon "
    "discovery (discover), validation against labels (validate), one document explained (explain)."
)
EPILOG = (
    "Bad input never produces a traceback: each problem is one line naming the file (and row) and the fix, "
    "with exit status 2. Run 'arabic-news SUBCOMMAND --help' for the options of one subcommand."
)


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``arabic-news: error: PROBLEM``, exit status 2."""

    def error(self, message: str) -> NoReturn:
        """Print the problem on one line (with where to find help) and exit with status 2."""
        _warn(f"error: {message} (see `{self.prog} --help`)")
        sys.exit(EXIT_BAD_INPUT)


def _size(value: str) -> int | None:
    """Return the byte count of a size such as 500M, 2G or 1000000 (0 means no limit: None)."""
    units = {"K": 10**3, "M": 10**6, "G": 10**9}
    text = value.strip().upper().removesuffix("B")
    factor = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    try:
        size = float(number) * factor
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (use e.g. 500M)") from None
    if not math.isfinite(size) or size < 0:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (use e.g. 500M, or 0 for no limit)")
    if size == 0:
        return None
    if size < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is less than one byte (use e.g. 500M, or 0 for no limit)")
    return int(size)


def _encoding(value: str) -> str:
    """Return a text encoding Python knows (argparse type); refuse codecs that are not text encodings."""
    try:
        info = codecs.lookup(value)
    except LookupError:
        return value  # refused by the loader with the file's name, as before
    if not getattr(info, "_is_text_encoding", True):
        raise argparse.ArgumentTypeError(f"{value!r} is not a text encoding (use e.g. utf-8, cp1256, utf-16)")
    return value


def _positive(value: str) -> int:
    """Return a whole number >= 1 (argparse type)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value!r}")
    return number


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", help="a .txt file, a folder of .txt files, or a .csv/.jsonl/.jsonl.gz/.parquet file")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument(
        "--output",
        "-o",
        default=None,
        metavar="FILE",
        help="write to FILE instead of the terminal (CSV/Parquet of several tables: FILE.TABLE.csv); "
        "the file appears only when complete",
    )
    p.add_argument(
        "--study",
        default=None,
        metavar="NAME|PATH",
        help="the study pack whose lexicons the analyses use: a shipped pack's name "
        "(see `arabic-news studies`) or a pack folder (default: the default pack)",
    )
    p.add_argument(
        "--lexicon", default=None, metavar="CSV", help="a framing lexicon CSV that replaces the study's (same columns)"
    )
    p.add_argument(
        "--encoding",
        type=_encoding,
        default=None,
        help="encoding of the files that are not UTF-8, e.g. cp1256 (UTF-8 files stay UTF-8)",
    )
    p.add_argument("--text-column", default="text", help="column with the article text (CSV/JSONL/Parquet)")
    p.add_argument("--id-column", default="id", help="column with the document id (CSV/JSONL/Parquet)")
    p.add_argument(
        "--metadata",
        default=None,
        metavar="CSV",
        help="a metadata CSV kept elsewhere, keyed by doc_id, id or file; its columns are passed through",
    )
    p.add_argument(
        "--strict", action="store_true", help="stop at the first document that cannot be loaded instead of skipping it"
    )
    p.add_argument(
        "--max-bytes",
        type=_size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="refuse documents (a .txt file, a table row) larger than this, e.g. 500M or 2G "
        f"(0: no limit; default: {DEFAULT_MAX_BYTES // 1_000_000}M)",
    )
    p.add_argument(
        "--workers",
        type=_positive,
        default=default_workers(),
        metavar="N",
        help="worker processes (default: the processors available)",
    )
    p.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="where the batches run: this machine (default) or a Dask cluster (pip install 'arabic-news[dask]')",
    )
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="with --engine dask: the scheduler to connect to, e.g. tcp://10.0.0.5:8786 "
        "(default: a local cluster of --workers processes)",
    )
    p.add_argument("--batch-size", type=_positive, default=1000, metavar="N", help="documents per batch (default 1000)")
    p.add_argument(
        "--recursive", "-r", action="store_true", help="with a folder: read the .txt files of its subfolders too"
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bars and no summary line")
    p.add_argument(
        "--verbose", "-v", action="store_true", help="list every skipped document and metadata problem; summary line"
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for name, command in COMMANDS.items():
        p = sub.add_parser(name, help=command.help, description=command.help)
        _add_common(p)
        if command.add_arguments is not None:
            command.add_arguments(p)
    add_studies_parser(sub, Parser)
    for name, help_text in TOOLS.items():  # their own options: `arabic-news report --help`
        sub.add_parser(name, help=help_text, add_help=False)
    return parser


def _warn(message: str) -> None:
    """Print one line on stderr, control characters escaped (a file name cannot forge a line)."""
    print(f"{PROG}: {escape_controls(message)}", file=sys.stderr)


class _Progress:
    """Progress bars on stderr (tqdm), one per stage; silent when stderr is not a terminal or quiet."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.bars: list = []

    def __call__(self, stage: str, total: int | None) -> Callable[[int], None]:
        """Start a bar for ``stage``; return the function that advances it."""
        if not self.enabled:
            return lambda n: None
        from tqdm import tqdm

        bar = tqdm(total=total, desc=stage, unit=" doc", file=sys.stderr, leave=False, dynamic_ncols=True)
        self.bars.append(bar)
        return bar.update

    def close(self) -> None:
        """Close every bar."""
        for bar in self.bars:
            bar.close()


def _report_skipped(reader: CorpusReader, verbose: bool) -> None:
    """Print the skipped documents and metadata problems: one line each (verbose), else a summary."""
    skipped, problems = reader.report.skipped, reader.report.metadata
    if verbose or len(skipped) == 1:
        for s in skipped:
            _warn(f"warning: skipped {s.reason}")
    elif skipped:
        names = ", ".join(s.source if s.row is None else f"{s.source} row {s.row}" for s in skipped[:3])
        more = f" and {len(skipped) - 3} more" if len(skipped) > 3 else ""
        _warn(f"warning: skipped {len(skipped)} documents ({names}{more}); --verbose lists why")
    if verbose or len(problems) == 1:
        for p in problems:
            _warn(f"warning: {p.reason}")
    elif problems:
        _warn(
            f"warning: {len(problems)} metadata rows match no document or repeat a key "
            f"({problems[0].source}); --verbose lists them"
        )
    if reader.report.ignored:
        _warn(
            f"note: ignored {len(reader.report.ignored)} file(s) that are not .txt: {', '.join(reader.report.ignored)}"
        )
    if reader.report.folders:
        _warn(
            f"note: did not read {len(reader.report.folders)} subfolder(s): {', '.join(reader.report.folders)} "
            "(--recursive reads them)"
        )


def _reader(args: argparse.Namespace, ctx: Context) -> CorpusReader:
    """Return the corpus reader of the command line's options (normalizing with the context's)."""
    return CorpusReader(
        args.path,
        encoding=args.encoding,
        text_column=args.text_column,
        id_column=args.id_column,
        on_error="raise" if args.strict else "skip",
        options=ctx.options,
        max_bytes=args.max_bytes,
        metadata=args.metadata,
        batch_size=args.batch_size,
        recursive=args.recursive,
    )


def _run(args: argparse.Namespace, ctx: Context, progress: _Progress, reader: CorpusReader, emptied: list) -> int:
    """Run a corpus subcommand on the corpus of ``reader``; return the number of records written
    (the ids of the documents cleaning emptied go to ``emptied``)."""
    command = COMMANDS[args.command]
    writer = Writer(
        args.format,
        sys.stdout,
        args.output,
        flatten=command.flatten(args.format == "table"),
        tables=len(command.tables or ()) or 1,
        names=command.tables,
    )
    try:
        _write(args, ctx, progress, reader, writer, emptied)
    except BaseException:
        writer.discard()
        raise
    writer.close()
    return writer.count


def _write(
    args: argparse.Namespace, ctx: Context, progress: _Progress, reader: CorpusReader, writer: Writer, emptied: list
) -> None:
    """Compute the command's records on the engine and hand them to ``writer`` as they come."""
    command = COMMANDS[args.command]
    with make_engine(args.engine, args.workers, args.scheduler) as engine:
        data = command.stream(reader, ctx, args, engine, progress)
        for name in command.tables or (None,):
            if name in data:  # a table asked for by an option may be absent
                writer.table(name, _checked(data[name], reader, name, emptied))
        _check_loaded(reader)


def _checked(records: Iterable[dict], reader: CorpusReader, table: str | None, emptied: list) -> Iterator[dict]:
    """Yield ``records`` (noting in ``emptied`` the documents cleaning left without a word), then
    raise the "no document could be loaded" error when nothing loaded."""
    for record in records:
        if _emptied(table, record):
            emptied.append(record["doc_id"])
        yield record
    _check_loaded(reader)


def _emptied(table: str | None, record: dict) -> bool:
    """Return True for the record of a document whose every paragraph cleaning removed: the
    ``documents`` table of ``duplicates``, a ``stance`` record of the cleaned text (every document
    loaded has a word, so 0 words means cleaning removed them all)."""
    if table == "documents":
        return record.get("kept_paragraphs") == 0 and bool(record.get("paragraphs"))
    return table is None and "hits" in record and record.get("n_words") == 0


def _report_emptied(args: argparse.Namespace, emptied: list) -> None:
    """Say which documents cleaning emptied (never silently scored or compared on nothing)."""
    if not emptied:
        return
    names = ", ".join(map(str, emptied[:3])) + (f" and {len(emptied) - 3} more" if len(emptied) > 3 else "")
    where = "the boilerplate table lists why" if args.command == "duplicates" else "--raw scores the whole text"
    _warn(
        f"warning: cleaning removed every paragraph of {len(emptied)} document(s) ({names}), which count no word "
        f"({where})"
    )


def _check_loaded(reader: CorpusReader) -> None:
    """Raise the "no document could be loaded" error when nothing loaded."""
    if reader.report.loaded == 0:
        raise reader.no_document_error()


def _inputs(args: argparse.Namespace) -> list[str | Path]:
    """Return the inputs of a run that its output must not replace: the corpus (a file or a folder),
    the metadata and lexicon files, and the files of a study pack given as a folder."""
    inputs: list[str | Path] = [args.path, *(p for p in (args.metadata, args.lexicon) if p)]
    if args.study and Path(args.study).is_dir():
        inputs += [p for p in Path(args.study).rglob("*") if p.is_file()]
    return inputs


def _check_args(args: argparse.Namespace) -> None:
    """Raise InputError for options that cannot work together, OutputError for an output that would
    harm an input or cannot be written: before any work."""
    if args.command != "studies" and args.scheduler is not None and args.engine != "dask":
        raise InputError("--scheduler", "needs --engine dask (the local engine has no scheduler)", "Add --engine dask.")
    if args.output is None:
        return
    if args.command == "studies":
        check_output(args.output, args.format)
    else:
        check_output(args.output, args.format, COMMANDS[args.command].tables, _inputs(args), args.recursive)


def _main(args: argparse.Namespace) -> int:
    """Run the parsed command line; return the exit status."""
    try:
        _check_args(args)
    except (InputError, OutputError) as exc:
        _warn(f"error: {exc}")
        return EXIT_BAD_INPUT
    if args.command == "studies":
        return run_studies(args, _warn)
    try:  # the study pack and the options, resolved once for the whole run
        ctx = Context(load_study(args.study))
        if args.lexicon:
            ctx = Context.of(ctx.study, lexicon=args.lexicon)
    except StudyError as exc:
        _warn(f"error: {exc}")
        return EXIT_BAD_INPUT
    for line in ctx.study.warnings:  # what the pack accepts but probably does not mean
        _warn(f"warning: {line}")
    progress = _Progress(args.quiet)
    start = time.perf_counter()
    reader = None
    emptied: list = []
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")  # skipped documents are reported from the reader's report
        try:
            reader = _reader(args, ctx)  # the path, its type and the encoding are checked before any work
            written = _run(args, ctx, progress, reader, emptied)
        except CorpusError as exc:
            progress.close()
            for skipped in exc.skipped:
                _warn(f"warning: skipped {skipped.reason}")
            _warn(f"error: {exc}")
            return EXIT_BAD_INPUT
        except (InputError, OutputError) as exc:
            progress.close()
            _warn(f"error: {exc}")
            return EXIT_BAD_INPUT
        except OSError as exc:
            progress.close()
            if isinstance(exc, BrokenPipeError):
                raise
            _warn(f"error: {exc.filename or args.path}: {exc.strerror or exc}")
            return EXIT_BAD_INPUT
        except ImportError as exc:
            progress.close()
            _warn(f"error: {exc}")
            return EXIT_BAD_INPUT
    progress.close()
    _report_skipped(reader, args.verbose)
    _report_emptied(args, emptied)
    if args.verbose or (progress.enabled and not args.quiet):
        where = f" to {args.output}" if args.output else ""
        report = reader.report
        _warn(
            f"{args.command}: {report.loaded:,} documents read, {len(report.skipped):,} skipped, "
            f"{written:,} records written{where} in {time.perf_counter() - start:.1f} s"
        )
    return 0


def _terminated(signum: int, _frame: object) -> NoReturn:
    """Stop on SIGTERM or SIGHUP as on Ctrl-C: partial files removed, workers stopped."""
    raise KeyboardInterrupt


#: the commands of the notebooks, without make: cli/report.py and cli/lab.py, with their own options
TOOLS = {
    "report": "execute the notebooks and write the HTML report (make run); --student: without solutions",
    "lab": "start JupyterLab on the notebooks, with the Arabic face of the charts (make lab)",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] and argv[0] in TOOLS:
        import importlib

        return importlib.import_module(f".{argv[0]}", __package__).main(argv[1:])
    args = build_parser().parse_args(argv)
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                handlers[name] = signal.signal(getattr(signal, name), _terminated)
    try:
        return _guarded(args)
    finally:
        for name, handler in handlers.items():
            signal.signal(getattr(signal, name), handler)


def _guarded(args: argparse.Namespace) -> int:
    """Run the parsed command line; a closed pipe or an interruption ends it quietly."""
    if (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-") != "utf-8":
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]  # Arabic output, any locale
    try:
        return _main(args)
    except BrokenPipeError:
        # the reader of our output went away (`| head`): stop quietly, without a traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        _warn("interrupted")
        return 130


def entry_point() -> None:
    """Console-script entry point."""
    sys.exit(main())
