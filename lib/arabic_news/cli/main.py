"""The ``arabic-news`` command line: ``arabic-news SUBCOMMAND PATH [--format json|table]``.

Bad input never produces a traceback: each problem is printed as one line naming the file (and
row) and the fix, and the exit status is 2. By default documents that cannot be loaded are
skipped with a warning line each; ``--strict`` makes any problem fatal.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

from ..core.corpus import DEFAULT_MAX_BYTES, CorpusError, load_corpus
from ..core.parallel import default_workers
from ..core.study import StudyError, load_study
from .commands import COMMANDS, studies_records
from .formats import WRITERS

EXIT_BAD_INPUT = 2


def _size(value: str) -> int | None:
    """Return the byte count of a size such as 500M, 2G or 1000000 (0 means no limit: None)."""
    units = {"K": 10**3, "M": 10**6, "G": 10**9}
    text = value.strip().upper().removesuffix("B")
    factor = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    try:
        size = int(float(number) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (use e.g. 500M)") from None
    return size or None


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", help="a .txt file, a folder of .txt files, or a .csv/.jsonl/.jsonl.gz file")
    p.add_argument("--format", choices=sorted(WRITERS), default="table", help="output format")
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
        default=None,
        help="encoding of the files that are not UTF-8, e.g. cp1256 (UTF-8 files stay UTF-8)",
    )
    p.add_argument("--text-column", default="text", help="column with the article text (CSV/JSONL)")
    p.add_argument("--id-column", default="id", help="column with the document id (CSV/JSONL)")
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
        help="refuse files larger than this, e.g. 500M or 2G (0: no limit; default: 200M)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        metavar="N",
        help="processes for the large steps (default: the processors available)",
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="arabic-news", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, command in COMMANDS.items():
        p = sub.add_parser(name, help=command.help)
        _add_common(p)
        if command.add_arguments is not None:
            command.add_arguments(p)
    p = sub.add_parser("studies", help="list the study packs that ship with the package")
    p.add_argument("--format", choices=sorted(WRITERS), default="table", help="output format")
    return parser


def _warn(message: str) -> None:
    print(f"arabic-news: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    if (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-") != "utf-8":
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]  # Arabic output, any locale
    write = WRITERS[args.format]
    if args.command == "studies":
        write(studies_records(), sys.stdout)
        return 0
    try:
        study = load_study(args.study)
        if args.lexicon:
            study = study.with_lexicon(args.lexicon)
    except StudyError as exc:
        _warn(f"error: {exc}")
        return EXIT_BAD_INPUT
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")  # skipped documents are printed from the list below
        try:
            df = load_corpus(
                args.path,
                encoding=args.encoding,
                text_column=args.text_column,
                id_column=args.id_column,
                on_error="raise" if args.strict else "skip",
                max_bytes=args.max_bytes,
                metadata=args.metadata,
                study=study,
            )
        except CorpusError as exc:
            for skipped in exc.skipped:
                _warn(f"warning: skipped {skipped.reason}")
            _warn(f"error: {exc}")
            return EXIT_BAD_INPUT
        except OSError as exc:
            _warn(f"error: {args.path}: {exc.strerror or exc}")
            return EXIT_BAD_INPUT
    for skipped in df.attrs.get("skipped", []):
        _warn(f"warning: skipped {skipped.reason}")
    if df.attrs.get("ignored"):
        _warn(f"note: ignored {len(df.attrs['ignored'])} file(s) that are not .txt: {', '.join(df.attrs['ignored'])}")
    try:
        data = COMMANDS[args.command].run(df, study, args)
    except StudyError as exc:
        _warn(f"error: {exc}")
        return EXIT_BAD_INPUT
    write(data, sys.stdout)
    return 0


def entry_point() -> None:
    """Console-script entry point."""
    sys.exit(main())
