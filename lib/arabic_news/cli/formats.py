"""How the command line writes results: JSON, JSON lines, CSV, Parquet, or a terminal table.

Records arrive table by table (one table for ``corpus``, ``sources`` and ``stance``; five for
``duplicates``). JSON and JSON lines keep the full record and are written as the records come (one
record per line, with the C JSON encoder: fast, and still readable). CSV, Parquet and the terminal
table are flat: each command turns a record into flat rows of documented columns (see
:data:`arabic_news.cli.commands.COMMANDS` and the README); the terminal table also shortens every
cell to a fixed width, so no line grows with the text it shows.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from .atomic import OutputError, commit, partial_path, table_path

FORMATS = ("table", "json", "jsonl", "csv", "parquet")
#: widest cell of the terminal table, in characters on screen
CELL_WIDTH = 24

#: characters escaped on the terminal (messages and table cells): C0 and C1 controls, DEL, and the
#: bidirectional embeddings, overrides and isolates, which could erase, forge or reorder a line
_CONTROLS = {
    c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"
    for c in [*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
}


def escape_controls(text: str) -> str:
    """Return ``text`` with control characters written as escapes (``\\x1b``, ``\\n``...)."""
    return text.translate(_CONTROLS)


def _json_default(value: Any) -> Any:
    """Return a JSON-ready form of numpy scalars and other objects with ``item()`` or ``tolist()``."""
    for attr in ("item", "tolist"):
        if hasattr(value, attr):
            return getattr(value, attr)()
    if value is None or value != value:  # pandas NA / NaN
        return None
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(record: Any) -> str:
    """Return ``record`` as one line of UTF-8 JSON."""
    return json.dumps(record, ensure_ascii=False, default=_json_default)


def flat_value(value: Any) -> Any:
    """Return a cell value for flat formats: lists joined with " | ", dicts as "key: value" pairs."""
    if isinstance(value, dict):
        return " | ".join(f"{k}: {flat_value(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return " | ".join(str(flat_value(v)) for v in value)
    if hasattr(value, "item"):
        return value.item()
    return value


def display_width(text: str) -> int:
    """Return how many terminal columns ``text`` takes (combining marks and invisible characters take none)."""
    return sum(1 for ch in text if not unicodedata.combining(ch) and unicodedata.category(ch) not in ("Cf", "Mn"))


def shorten(value: Any, width: int = CELL_WIDTH) -> str:
    """Return ``value`` as one line of at most ``width`` columns ("…" marks a cut)."""
    if isinstance(value, float) and value == value:
        return f"{value:.3f}"  # one number format: three decimals
    text = "" if value is None or (isinstance(value, float) and value != value) else str(flat_value(value))
    text = escape_controls(" ".join(text.split()))  # an escape sequence in a file name cannot reach the terminal
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = 0 if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cf", "Mn") else 1
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def render_table(rows: list[dict], out: TextIO) -> None:
    """Write flat rows as an aligned plain-text table of shortened cells (numbers right-aligned)."""
    if not rows:
        out.write("(none)\n")
        return
    columns = list(dict.fromkeys(k for r in rows for k in r))
    cells = [[shorten(r.get(c)) for c in columns] for r in rows]
    numeric = [all(isinstance(r.get(c), (int, float)) or r.get(c) is None for r in rows) for c in columns]
    widths = [max(display_width(h), *(display_width(row[i]) for row in cells)) for i, h in enumerate(columns)]

    def line(values: list[str]) -> str:
        parts = []
        for v, w, num in zip(values, widths, numeric):
            pad = " " * (w - display_width(v))
            parts.append(pad + v if num else v + pad)
        return "  ".join(parts).rstrip()

    out.write(line([shorten(c) for c in columns]) + "\n")
    for row in cells:
        out.write(line(row) + "\n")


class Writer:
    """Write the tables of one run in one format, to a stream or to ``path`` (CSV and Parquet:
    one file per table when there are several, named ``STEM.TABLE.csv``).

    ``names``: every table the command can write; the files of those this run does not write (a
    previous run's ``shared_passages``) are removed when the run's files are put in place, so the
    tables beside ``path`` are always those of one run."""

    def __init__(
        self,
        fmt: str,
        out: TextIO | None = None,
        path: str | Path | None = None,
        flatten: Callable[[str | None, dict], list[dict]] | None = None,
        tables: int = 1,
        names: Sequence[str] | None = None,
    ) -> None:
        if fmt not in FORMATS:
            raise OutputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
        if fmt == "parquet" and path is None:
            raise OutputError("Parquet is a binary format: pass --output FILE.parquet")
        if fmt == "csv" and path is None and tables > 1:
            raise OutputError("this command writes several tables: pass --output FILE.csv (one CSV file per table)")
        self.fmt, self.path, self.tables = fmt, None if path is None else Path(path), tables
        self.names = tuple(names or ())
        self.flatten = flatten or (lambda _name, record: [record])
        self._stream = out
        self._own: TextIO | None = None
        self.count = 0
        self._object = False

        #: (partial file, final file) of every file written; put in place together by close()
        self.files: list[tuple[Path, Path]] = []

    def _file(self, final: Path) -> Path:
        """Return the partial file to write instead of ``final`` (renamed when the run completes)."""
        partial = partial_path(final)
        assert partial is not None
        self.files.append((partial, final))
        return partial

    @property
    def out(self) -> TextIO:
        """Return the text stream written to (a file of ``path`` is opened on first use)."""
        if self._own is None and self.path is not None and self.fmt in ("json", "jsonl", "table"):
            self._own = open(self._file(self.path), "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        return self._own or self._stream or sys.stdout

    def table(self, name: str | None, records: Iterable[dict]) -> int:
        """Write one table of records; return how many were written."""
        n = 0
        if self.fmt == "json":
            n = self._json(name, records)
        elif self.fmt == "jsonl":
            for record in records:
                self.out.write(dumps(record if name is None else {"table": name, **record}) + "\n")
                n += 1
        else:
            rows = []
            for record in records:
                rows.extend({k: flat_value(v) for k, v in row.items()} for row in self.flatten(name, record))
                n += 1
            self._flat(name, rows)
        self.count += n
        return n

    def _json(self, name: str | None, records: Iterable[dict]) -> int:
        """Write a JSON array of ``records`` (inside an object of tables when ``name`` is given);
        nothing is written before the first record arrives, so a run that fails early writes nothing."""
        head = "["
        if name is not None:
            head = ("{\n" if not self._object else ",\n") + dumps(name) + ": ["
        n = 0
        for record in records:
            if n == 0:
                self._open(head, name)
            self.out.write(("\n" if n == 0 else ",\n") + dumps(record))
            n += 1
        if n == 0:
            self._open(head, name)
        self.out.write("\n]" if n else "]")
        if name is None:
            self.out.write("\n")
        return n

    def _open(self, head: str, name: str | None) -> None:
        """Start a JSON array (and the object of tables)."""
        self.out.write(head)
        self._object = self._object or name is not None

    def _target(self, name: str | None) -> Path:
        """Return the file a table of a CSV/Parquet run goes to."""
        assert self.path is not None
        return self._file(table_path(self.path, None if self.tables == 1 else name, self.fmt))

    def _flat(self, name: str | None, rows: list[dict]) -> None:
        """Write flat rows as CSV, Parquet or a terminal table."""
        import pandas as pd

        if self.fmt == "table":
            if name is not None:
                self.out.write(f"== {name} ==\n")
            render_table(rows, self.out)
            if name is not None:
                self.out.write("\n")
            return
        frame = pd.DataFrame(rows)
        if self.fmt == "csv":
            if self.path is None:
                frame.to_csv(self.out, index=False, lineterminator="\n")
            else:
                frame.to_csv(self._target(name), index=False, lineterminator="\n", encoding="utf-8")
            return
        try:
            import pyarrow as pa
        except ImportError:
            raise OutputError("Parquet output needs pyarrow: pip install 'arabic-news[parquet]'") from None
        target = self._target(name)
        try:  # page checksums let a reader (this package's among them) detect a damaged page
            frame.to_parquet(target, index=False, write_page_checksum=True)
        except (pa.ArrowTypeError, pa.ArrowInvalid):  # a column mixing numbers and text
            try:
                _text_if_mixed(frame).to_parquet(target, index=False, write_page_checksum=True)
            except (pa.ArrowTypeError, pa.ArrowInvalid) as exc:
                raise OutputError(f"a column cannot be written to Parquet ({exc}). Use --format csv or json") from None

    def close(self) -> None:
        """Finish the output (close the object of tables, the file)."""
        if self.fmt == "json" and self._object:
            self.out.write("\n}\n")
        if self._own is not None:
            self._own.close()
        elif self.path is None or self.fmt not in ("csv", "parquet"):
            self.out.flush()
        stale = []
        if self.path is not None and self.tables > 1 and self.fmt in ("csv", "parquet"):
            stale = [table_path(self.path, name, self.fmt) for name in self.names]
        files, self.files = self.files, []
        commit(files, stale)

    def discard(self) -> None:
        """Remove the partial files of a run that failed (the previous output stays as it was)."""
        if self._own is not None:
            self._own.close()
        for partial, _final in self.files:
            partial.unlink(missing_ok=True)
        self.files = []


def _text_if_mixed(frame: Any) -> Any:
    """Return ``frame`` with each column that mixes value types (numbers and text in one metadata
    column) written as text, which Parquet, one type per column, can store; other columns unchanged."""
    mixed = []
    for column in frame.columns:
        if frame[column].dtype == object:
            types = {type(v) for v in frame[column] if v is not None and not (isinstance(v, float) and v != v)}
            if len(types) > 1:
                mixed.append(column)
    if not mixed:
        return frame
    frame = frame.copy()
    for column in mixed:
        frame[column] = [v if v is None or (isinstance(v, float) and v != v) else str(v) for v in frame[column]]
    return frame


def write(data: Any, fmt: str, out: TextIO) -> None:
    """Write ``data`` (records, or a dict of record lists) to ``out`` in ``fmt`` (json, jsonl, table)."""
    writer = Writer(fmt, out, tables=len(data) if isinstance(data, dict) else 1)
    for name, records in data.items() if isinstance(data, dict) else [(None, data)]:
        writer.table(name, records)
    writer.close()
