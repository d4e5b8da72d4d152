"""Reading tables row by row: CSV, JSONL (gzip-compressed or not), Parquet and DataFrames, and
turning a row into a document record (``doc_id``, ``source``, ``raw``, ``text`` and the metadata).

A bad row (encoding, NUL byte, broken JSON or CSV quoting) costs that row only, named by its row
and the physical line it starts on; a problem of the whole file is raised at once.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .decoding import (
    arabic_or_forms,
    check_signature,
    check_surrogates,
    check_text,
    encoding_fix,
    guess_encoding,
    is_utf8_family,
)
from .errors import CorpusError
from .files import open_regular, size_fix
from .text import normalize

if TYPE_CHECKING:
    import pandas as pd


def doc_key(value: object) -> str:
    """Return a document id as the package stores it: text, NFC-normalized, outer spaces removed."""
    return unicodedata.normalize("NFC", str(value)).strip()


def match_key(value: object) -> str:
    """Return the key under which metadata rows and document ids are matched when they differ
    only by case (:func:`doc_key`, case-folded)."""
    return doc_key(value).casefold()


# --- records ------------------------------------------------------------------------------------

#: the columns of a corpus DataFrame that belong to the package; a user column of the same name is
#: kept under the name prefixed with :data:`USER_PREFIX`
RESERVED_COLUMNS = ("doc_id", "source", "raw", "text")
USER_PREFIX = "user_"


def user_column(name: str) -> str:
    """Return the column name under which a user column is kept (reserved names get the prefix)."""
    return USER_PREFIX + name if name in RESERVED_COLUMNS else name


@dataclass
class Row:
    """One row of a table before checks: its number, physical line, fields, or the problem found."""

    row: int
    fields: dict | None = None
    problem: CorpusError | None = None
    #: the physical line the row starts on (CSV rows may span lines); None: the row's number
    line: int | None = None


def row_record(row: dict, row_no: int, rel: str, stem: str, text_column: str, id_column: str, options) -> dict:
    """Return the record of one table row, or raise CorpusError naming the row."""
    if None in row:
        raise CorpusError(
            rel,
            f"has more fields than the header ({len(row) - 1 + len(row[None])} instead of {len(row) - 1})",
            "Quote fields that contain commas, or fix the header.",
            row_no,
        )
    if text_column not in row:
        raise CorpusError(
            rel,
            f"has no {text_column!r} field (fields: {', '.join(map(str, row)) or 'none'})",
            "Name the field that holds the article text with `--text-column`.",
            row_no,
        )
    raw = row[text_column]
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        raise CorpusError(
            rel,
            f"has no value for {text_column!r}",
            "Fill in the article text (a CSV row may be missing fields).",
            row_no,
        )
    if not isinstance(raw, str):
        raise CorpusError(rel, f"{text_column!r} is not a string", "Store the text as a string.", row_no)
    for key, value in row.items():
        check_surrogates(str(key), "field name", rel, row_no)
        if isinstance(value, str):
            check_surrogates(value, str(key), rel, row_no)
    norm = normalize(raw, options)
    check_text(raw, norm, rel, row_no)
    given = row.get(id_column)
    if given is None or (isinstance(given, float) and math.isnan(given)) or doc_key(given) == "":
        doc_id = f"{stem}-{row_no}"
    else:
        doc_id = doc_key(given.item() if hasattr(given, "item") else given)
    meta = {user_column(str(k)): v for k, v in row.items() if k not in (text_column, id_column)}
    return {"doc_id": doc_id, "source": rel, "raw": raw, "text": norm, **meta}


# --- reading tables row by row --------------------------------------------------------------------


def _physical_lines(fh: BinaryIO, limit: int | None) -> Iterator[tuple[int, int, bytes | int]]:
    """Yield (line number, byte offset, line with its line break) for each line of a binary stream;
    a line longer than ``limit`` bytes is read through and yielded as its length in bytes instead."""
    offset, number = 0, 0
    while True:
        line = fh.readline() if limit is None else fh.readline(limit + 2)
        if not line:
            return
        number += 1
        start = offset
        offset += len(line)
        if limit is not None and len(line) > limit + 1 and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = fh.readline(1 << 20)
                offset += len(line)
            yield number, start, offset - start - line.endswith(b"\n")
            continue
        yield number, start, line


def _ascii_compatible(encoding: str | None) -> bool:
    """Return True when lines of ``encoding`` end with the byte 0x0A (UTF-8, cp1256...; not UTF-16)."""
    if encoding is None:
        return True
    name = codecs.lookup(encoding).name
    return not name.startswith(("utf-16", "utf-32", "utf_16", "utf_32")) and "\n".encode(encoding) == b"\n"


class _LineDecoder:
    """Decode the lines of a table file one by one: UTF-8 (BOM dropped), else ``encoding``.

    A file in another encoding is refused as a whole at its first non-ASCII line (with the
    encoding it looks like); a damaged line in an otherwise readable file costs that line only."""

    def __init__(self, rel: str, encoding: str | None) -> None:
        self.rel, self.encoding = rel, encoding
        self.seen_text = False  # a non-ASCII line was decoded: the file is not in another encoding

    def __call__(self, number: int, offset: int, line: bytes) -> str | CorpusError:
        """Return the decoded line, or the problem with it (raise for problems of the whole file)."""
        if number == 1:
            check_signature(line, self.rel)
            if line.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and self.encoding is None:
                raise CorpusError(self.rel, "is not valid UTF-8 (byte 0)", encoding_fix("utf-16"))
            line = line.removeprefix(codecs.BOM_UTF8)
        if b"\x00" in line:
            guess = guess_encoding(line) if not self.seen_text else None
            if guess and guess.startswith("utf-16"):
                raise CorpusError(self.rel, "is not UTF-8 text (it contains NUL bytes)", encoding_fix(guess))
            problem = CorpusError(
                self.rel,
                f"line {number} contains a NUL byte (byte {offset + line.index(0)})",
                "Remove the NUL bytes, or check the file's encoding.",
                number,
            )
            return _keeping(problem, line.replace(b"\x00", b" "))
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            result = self._not_utf8(number, offset, line, exc)
            return _keeping(result, line) if isinstance(result, CorpusError) else result
        if not self.seen_text and not line.isascii():
            self.seen_text = True
        return text

    def _not_utf8(self, number: int, offset: int, line: bytes, exc: UnicodeDecodeError) -> str | CorpusError:
        """Return the line decoded with the given encoding, or the problem with it."""
        if self.encoding is not None and not is_utf8_family(self.encoding):
            try:
                self.seen_text = True
                return line.decode(self.encoding)
            except UnicodeDecodeError as exc2:
                return CorpusError(
                    self.rel,
                    f"cannot be decoded as {self.encoding} (byte {offset + exc2.start})",
                    "Check the file's encoding and pass the right one.",
                    number,
                )
        repaired = line.decode("utf-8", errors="replace")
        bad = repaired.count("\ufffd")
        where = f"is not valid UTF-8 (byte {offset + exc.start})"
        if arabic_or_forms(repaired) and bad <= max(16, len(repaired) // 100):
            return CorpusError(
                self.rel,
                f"{where}: {bad} undecodable byte(s) in an otherwise UTF-8 line",
                "Repair or re-export the row; no encoding option can read damaged bytes.",
                number,
            )
        guess = guess_encoding(line)
        fix = encoding_fix(guess) if guess else "Re-save the file as UTF-8, or pass its encoding with `--encoding`."
        if not self.seen_text:
            raise CorpusError(self.rel, where, fix)
        return CorpusError(self.rel, where, fix, number)


def _keeping(problem: CorpusError, line: bytes) -> CorpusError:
    """Return ``problem`` carrying the line decoded with replacement characters, so that a CSV
    record spanning it keeps its shape and only that record is refused."""
    problem.text = line.decode("utf-8", errors="replace")  # type: ignore[attr-defined]
    return problem


def _text_lines(fh: BinaryIO, rel: str, encoding: str, limit: int | None) -> Iterator[tuple[int, str | CorpusError]]:
    """Yield (line number, line) of a file in an encoding whose lines are not byte lines (UTF-16)."""
    text = io.TextIOWrapper(fh, encoding=encoding, newline="\n")
    number = 0
    try:
        while True:
            line = text.readline() if limit is None else text.readline(limit + 2)
            if not line:
                return
            number += 1
            if number == 1:
                line = line.removeprefix("\ufeff")
            if limit is not None and len(line) > limit + 1 and not line.endswith("\n"):
                size = len(line.encode(encoding, "surrogatepass"))
                while line and not line.endswith("\n"):
                    line = text.readline(1 << 20)
                    size += len(line.rstrip("\n").encode(encoding, "surrogatepass"))
                problem = f"line {number} is {size:,} bytes, above the limit of {limit:,} bytes"
                yield number, CorpusError(rel, problem, size_fix(size), number)
                continue
            yield (
                number,
                (
                    line
                    if "\x00" not in line
                    else CorpusError(
                        rel, f"line {number} contains a NUL character", "Check the file's encoding.", number
                    )
                ),
            )
    except UnicodeError as exc:
        raise CorpusError(
            rel,
            f"cannot be decoded as {encoding} (line {number + 1}, {getattr(exc, 'reason', exc)})",
            "Check the file's encoding and pass the right one.",
        ) from None
    finally:
        text.detach()


def decoded_lines(
    fh: BinaryIO, rel: str, encoding: str | None, max_bytes: int | None
) -> Iterator[tuple[int, str | CorpusError]]:
    """Yield (physical line number, decoded line or its problem) for each line of a table file."""
    if not _ascii_compatible(encoding):
        yield from _text_lines(fh, rel, encoding or "utf-8", max_bytes)
        return
    decode = _LineDecoder(rel, encoding)
    empty = True
    for number, offset, line in _physical_lines(fh, max_bytes):
        if isinstance(line, int):  # the size of a line above the limit: a limit that reads it
            problem = f"line {number} is {line:,} bytes, above the limit of {max_bytes:,} bytes"
            yield number, CorpusError(rel, problem, size_fix(line))
            continue
        if line.strip():
            empty = False
        yield number, decode(number, offset, line)
    if empty:
        raise CorpusError(rel, "the file is empty", "Remove it or add the article text.")


def jsonl_rows(lines: Iterable[tuple[int, str | CorpusError]], rel: str) -> Iterator[Row]:
    """Yield one row per non-blank line of a JSONL file."""
    for number, line in lines:
        if isinstance(line, CorpusError):
            yield Row(number, problem=with_row(line, number))
            continue
        # split on LF only: JSON strings may legally hold U+2028 and other characters splitlines() uses
        if not line.strip():
            continue
        try:
            record = json.loads(line.rstrip("\r\n"), object_pairs_hook=_unique_keys)
        except _RepeatedKey as exc:
            problem = CorpusError(
                rel,
                f"repeats the field {exc.key!r} (values {exc.first!r} and {exc.second!r}), so one value would be lost",
                "Give each field of a JSON object its own name.",
                number,
            )
            yield Row(number, problem=problem)
            continue
        except json.JSONDecodeError as exc:
            problem = CorpusError(
                rel,
                f"invalid JSON ({exc.msg}, column {exc.colno})",
                "Each line must be one complete JSON object.",
                number,
            )
            yield Row(number, problem=problem)
            continue
        except RecursionError:
            yield Row(number, problem=CorpusError(rel, "JSON nested too deeply", "Flatten the record.", number))
            continue
        if not isinstance(record, dict):
            yield Row(
                number,
                problem=CorpusError(rel, "line is not a JSON object", "Each line must be one JSON object.", number),
            )
            continue
        yield Row(number, fields=record)


class _RepeatedKey(ValueError):
    """A JSON object that repeats a key (json keeps the last value silently)."""

    def __init__(self, key: str, first: object, second: object) -> None:
        super().__init__(key)
        self.key, self.first, self.second = key, _short(first), _short(second)


def _short(value: object, width: int = 40) -> object:
    """Return ``value`` for a message, text cut to ``width`` characters."""
    return value[:width] + "…" if isinstance(value, str) and len(value) > width else value


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """Return the JSON object of ``pairs``; raise _RepeatedKey when a key comes twice."""
    record = dict(pairs)
    if len(record) != len(pairs):
        seen: dict[str, object] = {}
        for key, value in pairs:
            if key in seen:
                raise _RepeatedKey(key, seen[key], value)
            seen[key] = value
    return record


def repeated(names: Iterable[object]) -> str | None:
    """Return the first column name that comes twice in ``names`` (None when all differ)."""
    seen: set[str] = set()
    for name in map(str, names):
        if name in seen:
            return name
        seen.add(name)
    return None


def with_row(problem: CorpusError, row: int, line: int | None = None) -> CorpusError:
    """Return ``problem`` naming ``row`` (and the physical ``line`` it starts on)."""
    if problem.row == row and problem.line == line:
        return problem
    return CorpusError(problem.source, problem.problem, problem.fix, row, line)


class _CountingLines:
    """Feed decoded lines to the csv module, remembering which line is physical line number what."""

    def __init__(self, lines: Iterator[tuple[int, str | CorpusError]]) -> None:
        self.lines = lines
        self.number = 0
        self.problem: CorpusError | None = None

    def __iter__(self) -> _CountingLines:
        return self

    def __next__(self) -> str:
        number, line = next(self.lines)
        self.number = number
        if isinstance(line, CorpusError):
            self.problem = self.problem or line
            return getattr(line, "text", "\n")  # keeps the record structure; the row is refused below
        return line


#: the separators a CSV file may use besides the comma: semicolons (Excel where the decimal mark is
#: a comma) and tabs
OTHER_DELIMITERS = (";", "\t")


def _delimiter(header: str, text_column: str) -> tuple[str, list[str]]:
    """Return the separator of a CSV file from its header line, and the header split with it: the
    comma, unless the text column is found only when splitting at a semicolon or a tab (the most
    fields otherwise)."""
    fields = {d: next(csv.reader([header.rstrip("\r\n")], delimiter=d), []) for d in (",", *OTHER_DELIMITERS)}
    for d, names in fields.items():
        if text_column in names:
            return d, names
    return max(fields.items(), key=lambda item: len(item[1]))


def _named(delimiter: str) -> str:
    """Return a separator as messages name it."""
    return {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]


def csv_rows(
    lines: Iterator[tuple[int, str | CorpusError]], rel: str, text_column: str, limit: int | None
) -> Iterator[Row]:
    """Yield one row per record of a CSV file; the header is line 1, rows are named by the physical
    line they start on. The separator is the comma, or a semicolon or a tab when the header holds the
    text column only with it (Excel saves semicolon-separated "CSV" in many countries)."""
    first = next(lines, None)
    if first is None:
        raise CorpusError(rel, "the file is empty", "Remove it or add the article text.")
    delimiter = ","
    if isinstance(first[1], str):
        if "\r" in first[1].rstrip("\r\n"):
            raise CorpusError(
                rel,
                "has lines that end with a carriage return alone (CR, as old Mac programs save them)",
                "Re-save the file with LF or CRLF line ends (e.g. `tr '\\r' '\\n' < in.csv > out.csv`).",
            )
        delimiter, _names = _delimiter(first[1], text_column)
    feed = _CountingLines(chain([first], lines))
    reader = csv.reader(feed, strict=True, delimiter=delimiter)
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, limit + 1 if limit else sys.maxsize))
    try:
        try:
            header = next(reader)
        except StopIteration:
            raise CorpusError(rel, "the file is empty", "Remove it or add the article text.") from None
        except csv.Error as exc:
            raise CorpusError(rel, f"is not a well-formed CSV ({exc})", "Check the header line.", 1) from None
        if feed.problem is not None:
            raise feed.problem
        if text_column not in header:
            how = f", read as {_named(delimiter)}-separated" if delimiter != "," else ""
            raise CorpusError(
                rel,
                f"has no {text_column!r} column (columns{how}: {', '.join(map(str, header)) or 'none'})",
                "Name the column that holds the article text with `--text-column`.",
                2,
            )
        twice = repeated(header)
        if twice is not None:
            raise CorpusError(
                rel,
                f"has two columns named {twice!r}, so one column's values would be lost",
                "Rename one of them in the header line.",
                1,
            )
        rows = 1  # the header is row 1
        while True:
            start = feed.number + 1
            feed.problem = None
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise CorpusError(
                    rel,
                    f"is not a well-formed CSV ({exc})",
                    "Check the quotes: a field with a comma, quote or line break must be "
                    "wrapped in double quotes, and inner quotes doubled.",
                    rows + 1,
                    start,
                ) from None
            if not values:
                continue
            rows += 1
            if feed.problem is not None:
                yield Row(rows, problem=with_row(feed.problem, rows, start), line=start)
                continue
            record = dict(zip(header, values))
            if len(values) > len(header):
                record[None] = values[len(header) :]  # type: ignore[index]
            elif len(values) < len(header):
                record.update(dict.fromkeys(header[len(values) :]))
            yield Row(rows, fields=record, line=start)
        if rows == 1:
            raise CorpusError(rel, "has a header but no rows", "Add one article per row.")
    finally:
        csv.field_size_limit(old)


def parquet_rows(path: Path, rel: str, batch_size: int = 1024) -> Iterator[Row]:
    """Yield one row per record of a Parquet file (rows numbered from 1), every page checked against
    its checksum when the file has them (a damaged page is refused, never read as other text)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise CorpusError(
            rel, "needs pyarrow to be read", "Install it: pip install 'arabic-news[parquet]' (or pip install pyarrow)."
        ) from None
    fh = open_regular(path, rel)
    try:
        pf = pq.ParquetFile(fh, page_checksum_verification=True)
    except Exception as exc:  # pyarrow raises its own error types for damaged files
        fh.close()
        raise CorpusError(rel, f"is not a readable Parquet file ({exc})", "Check that the file is complete.") from None
    twice = repeated(pf.schema_arrow.names)
    if twice is not None:
        fh.close()
        raise CorpusError(
            rel, f"has two columns named {twice!r}, so one column's values would be lost", "Rename one of them."
        )
    number = 0
    with fh:
        batches = pf.iter_batches(batch_size=batch_size)
        while True:
            try:
                batch = next(batches, None)
                records = [] if batch is None else batch.to_pylist()
            except Exception as exc:  # a damaged page, a checksum that does not match, invalid UTF-8
                raise CorpusError(
                    rel,
                    f"rows {number + 1} and after cannot be read ({exc})",
                    "The file is damaged: write it again from its source.",
                ) from None
            if batch is None:
                return
            for record in records:
                number += 1
                yield Row(number, fields=record)


def own_shape(df: pd.DataFrame, text_column: str, id_column: str) -> bool:
    """Return True for a DataFrame shaped like :func:`load_corpus`'s (doc_id, source, raw) read
    with the default columns: its ``raw`` column is the text, ``doc_id`` the id."""
    return (text_column, id_column) == ("text", "id") and {"doc_id", "raw"} <= set(map(str, df.columns))


def frame_rows(df: pd.DataFrame) -> Iterator[Row]:
    """Yield one row per row of a DataFrame (rows numbered from 1)."""
    columns = [str(c) for c in df.columns]
    for number, values in enumerate(df.itertuples(index=False, name=None), start=1):
        yield Row(number, fields=dict(zip(columns, values)))
