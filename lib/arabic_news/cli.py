"""The ``arabic-news`` command line: ``arabic-news SUBCOMMAND PATH [--format json|table]``.

Bad input never produces a traceback: each problem is printed as one line naming the file (and
row) and the fix, and the exit status is 2. By default documents that cannot be loaded are
skipped with a warning line each; ``--strict`` makes any problem fatal.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from .corpus import DEFAULT_MAX_BYTES, CorpusError, load_corpus

EXIT_BAD_INPUT = 2

#: subcommand -> (module, function, help); the function takes (DataFrame, args) and returns
#: JSON-ready data (a list of records for table output, or a dict)
SUBCOMMANDS: dict[str, tuple[str, str, str]] = {
    "corpus": ("arabic_news.stats", "corpus_records", "list documents with word/paragraph counts"),
    "duplicates": ("arabic_news.duplicates", "duplicates_report", "internal duplicates, boilerplate lines and near-duplicate documents"),
    "sources": ("arabic_news.sources", "sources_records", "per document: attributions, actor mentions, Haftar descriptors"),
    "stance": ("arabic_news.stance", "stance_records", "per document: stance scores toward each actor, with every lexicon hit"),
}


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", help="a .txt file, a folder of .txt files, or a .csv/.jsonl/.jsonl.gz file")
    p.add_argument("--format", choices=("json", "table"), default="table", help="output format")
    p.add_argument("--encoding", default=None,
                   help="encoding of the files that are not UTF-8, e.g. cp1256 (UTF-8 files stay UTF-8)")
    p.add_argument("--text-column", default="text", help="column with the article text (CSV/JSONL)")
    p.add_argument("--id-column", default="id", help="column with the document id (CSV/JSONL)")
    p.add_argument("--metadata", default=None, metavar="CSV",
                   help="a metadata CSV kept elsewhere, keyed by doc_id, id or file "
                        "(e.g. data/metadata.csv for data/raw); its columns are passed through")
    p.add_argument("--strict", action="store_true",
                   help="stop at the first document that cannot be loaded instead of skipping it")
    p.add_argument("--max-bytes", type=_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                   help="refuse files larger than this, e.g. 500M or 2G (0: no limit; default: 200M)")


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


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="arabic-news", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module, _func, help_text) in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        _add_common(p)
        extra = getattr(importlib.import_module(module), "add_arguments", None)
        if extra is not None:
            extra(p)
    return parser


def _print_table(data: Any) -> None:
    """Print records (or a dict of record lists) as plain-text tables."""
    import pandas as pd

    def flat(v: Any) -> Any:
        return json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v

    if isinstance(data, dict):
        for key, value in data.items():
            print(f"== {key} ==")
            _print_table(value)
            print()
        return
    rows = [{k: flat(v) for k, v in r.items()} for r in data]
    print(pd.DataFrame(rows).to_string(index=False) if rows else "(none)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    module, func, _help = SUBCOMMANDS[args.command]
    run: Callable[..., Any] = getattr(importlib.import_module(module), func)
    if (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-") != "utf-8":
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]  # Arabic output, any locale
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")  # skipped documents are printed from the list below
        try:
            df = load_corpus(args.path, encoding=args.encoding, text_column=args.text_column,
                             id_column=args.id_column, on_error="raise" if args.strict else "skip",
                             max_bytes=args.max_bytes, metadata=args.metadata)
        except CorpusError as exc:
            for skipped in exc.skipped:
                print(f"arabic-news: warning: skipped {skipped.reason}", file=sys.stderr)
            print(f"arabic-news: error: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except OSError as exc:
            print(f"arabic-news: error: {args.path}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    for skipped in df.attrs.get("skipped", []):
        print(f"arabic-news: warning: skipped {skipped.reason}", file=sys.stderr)
    if df.attrs.get("ignored"):
        print(f"arabic-news: note: ignored {len(df.attrs['ignored'])} file(s) that are not .txt: "
              f"{', '.join(df.attrs['ignored'])}", file=sys.stderr)
    data = run(df, args)
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_table(data)
    return 0


def entry_point() -> None:
    """Console-script entry point."""
    sys.exit(main())
