"""Loading a corpus: one .txt file, a folder of .txt files, or a CSV / JSONL / JSONL.gz table.

Every loader returns the same DataFrame shape: one row per document with a stable ``doc_id``,
the ``raw`` text exactly as decoded, the normalized ``text``, and the metadata columns passed
through. Problems are reported as :class:`CorpusError` naming the file (and row), what is wrong and
what to do; with ``on_error="skip"`` bad documents are skipped with a warning and listed in
``df.attrs["skipped"]``, so no document disappears silently.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from .text import DEFAULT_OPTIONS, NormalizeOptions, has_arabic, normalize

METADATA_COLUMNS = ("outlet", "date", "title")
TABLE_SUFFIXES = (".csv", ".jsonl", ".jsonl.gz", ".ndjson")


class CorpusError(ValueError):
    """A document or file that cannot be loaded; the message names it and says what to do."""

    def __init__(self, source: str, problem: str, fix: str, row: int | None = None) -> None:
        self.source, self.problem, self.fix, self.row = source, problem, fix, row
        where = f"{source}, row {row}" if row is not None else source
        super().__init__(f"{where}: {problem}. {fix}")


@dataclass(frozen=True)
class Skipped:
    """A document that was not loaded, and why."""

    source: str
    row: int | None
    reason: str


#: encodings worth suggesting when a file is not UTF-8: codec name -> human name
SUGGESTED_ENCODINGS = {"utf-16": "UTF-16", "utf-16-le": "UTF-16 (little-endian, no BOM)",
                       "utf-16-be": "UTF-16 (big-endian, no BOM)", "cp1256": "Windows-1256"}


def _plausible(text: str) -> bool:
    """Return True when ``text`` is mostly Arabic letters, spaces, digits and punctuation."""
    if not has_arabic(text):
        return False
    good = sum(1 for ch in text if ch.isspace() or ch.isalnum() or ch in ".,;:!?()\"'-،؛؟«»")
    return good >= 0.9 * len(text)


def _guess_encoding(data: bytes) -> str | None:
    """Return a likely encoding for bytes that are not UTF-8, or None when unsure."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for codec in ("utf-16-le", "utf-16-be", "cp1256"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return codec
    return None


def decode_bytes(data: bytes, source: str, encoding: str | None = None) -> str:
    """Return ``data`` decoded (UTF-8 with or without BOM unless ``encoding`` is given)."""
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise CorpusError(source, f"unknown encoding {encoding!r}",
                              "Pass a codec name Python knows, e.g. utf-8, cp1256, utf-16.") from None
        except UnicodeDecodeError as exc:
            raise CorpusError(source, f"cannot be decoded as {encoding} (byte {exc.start})",
                              "Check the file's encoding and pass the right one.") from None
        return text[1:] if text.startswith("\ufeff") else text
    if not data.strip():
        raise CorpusError(source, "the file is empty", "Remove it or add the article text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        guess = _guess_encoding(data)
        if guess:
            fix = (f"It looks like {SUGGESTED_ENCODINGS[guess]}: pass `--encoding {guess}` "
                   f"(encoding='{guess}' in Python), or re-save the file as UTF-8.")
        elif b"\x00" in data:
            raise CorpusError(source, "looks like a binary file, not text",
                              "Export the article as plain text (UTF-8) first.") from None
        else:
            fix = "Re-save the file as UTF-8, or pass its encoding with `--encoding`."
        raise CorpusError(source, f"is not valid UTF-8 (byte {exc.start})", fix) from None
    if "\x00" in text:
        guess = _guess_encoding(data)
        if guess:
            raise CorpusError(source, "is not UTF-8 text (it contains NUL bytes)",
                              f"It looks like {SUGGESTED_ENCODINGS[guess]}: pass `--encoding {guess}` "
                              f"(encoding='{guess}' in Python), or re-save the file as UTF-8.")
        raise CorpusError(source, "contains NUL bytes, so it is probably a binary file",
                          "Export the article as plain text (UTF-8) first.")
    return text


def _check_text(text: str, source: str, row: int | None = None) -> None:
    """Raise CorpusError when ``text`` is empty or has no Arabic letter."""
    if not text.strip():
        raise CorpusError(source, "the text is empty", "Remove it or add the article text.", row)
    if not has_arabic(text):
        raise CorpusError(source, "contains no Arabic text",
                          "Check that this is an Arabic article and that the encoding is right "
                          "(pass `--encoding`).", row)


def _records_from_txt(path: Path, rel: str, encoding: str | None) -> Iterator[dict]:
    """Yield the one record of a .txt file."""
    text = decode_bytes(path.read_bytes(), rel, encoding)
    _check_text(text, rel)
    yield {"doc_id": path.stem, "source": rel, "raw": text}


def _read_metadata(path: Path, encoding: str | None) -> dict[str, dict[str, str]]:
    """Return the rows of a metadata.csv keyed by the ``doc_id`` (or ``file``/``id``) column."""
    try:
        text = decode_bytes(path.read_bytes(), path.name, encoding)
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:
        raise CorpusError(path.name, f"unreadable metadata ({exc})",
                          "Fix the CSV or remove it to load the texts without metadata.") from None
    key = next((k for k in ("doc_id", "id", "file") if rows and k in rows[0]), None)
    if rows and key is None:
        raise CorpusError(path.name, "metadata has no doc_id, id or file column",
                          "Add a doc_id column with the file stems.")
    return {Path(r[key]).stem if key == "file" else r[key]: r for r in rows}


def _iter_table_rows(path: Path, rel: str, encoding: str | None) -> Iterator[tuple[int, dict]]:
    """Yield (row number, record) for each row of a CSV or JSONL(.gz) file."""
    name = path.name.lower()
    data = path.read_bytes()
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise CorpusError(rel, f"is not a readable gzip file ({exc})",
                              "Check that the download finished, or decompress it first.") from None
    text = decode_bytes(data, rel, encoding)
    if name.endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text))
        for i, row in enumerate(reader, start=2):  # row 1 is the header
            yield i, row
        return
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(rel, f"invalid JSON ({exc.msg})",
                              "Each line must be one JSON object.", i) from None
        if not isinstance(record, dict):
            raise CorpusError(rel, "line is not a JSON object", "Each line must be one JSON object.", i)
        yield i, record


def _records_from_table(path: Path, rel: str, encoding: str | None, text_column: str,
                        id_column: str, skip: list[Skipped] | None) -> Iterator[dict]:
    """Yield one record per row of a table file; rows with problems raise or are skipped."""
    seen: set[str] = set()
    for row_no, row in _iter_table_rows(path, rel, encoding):
        try:
            if text_column not in row:
                raise CorpusError(rel, f"has no {text_column!r} column (columns: "
                                  f"{', '.join(map(str, row)) or 'none'})",
                                  "Name the column that holds the article text with `--text-column`.",
                                  row_no)
            raw = row[text_column]
            if not isinstance(raw, str):
                raise CorpusError(rel, f"{text_column!r} is not a string", "Store the text as a string.", row_no)
            _check_text(raw, rel, row_no)
            doc_id = str(row.get(id_column) or f"{path.name.split('.')[0]}-{row_no}")
            if doc_id in seen:
                raise CorpusError(rel, f"duplicate id {doc_id!r}", "Give every row a unique id.", row_no)
            seen.add(doc_id)
        except CorpusError as exc:
            if skip is None or "column (columns" in exc.problem:
                raise
            skip.append(Skipped(rel, row_no, str(exc)))
            warnings.warn(f"skipped: {exc}", stacklevel=4)
            continue
        meta = {k: v for k, v in row.items() if k not in (text_column, id_column)}
        yield {"doc_id": doc_id, "source": rel, "raw": raw, **meta}


def load_corpus(
    path: str | Path,
    *,
    encoding: str | None = None,
    text_column: str = "text",
    id_column: str = "id",
    on_error: Literal["raise", "skip"] = "raise",
    options: NormalizeOptions = DEFAULT_OPTIONS,
    metadata: str | Path | None = None,
) -> pd.DataFrame:
    """Return a DataFrame with one row per document: doc_id, source, raw, text and metadata.

    ``path`` is a .txt file, a folder of .txt files (with an optional ``metadata.csv`` keyed by
    file stem), or a .csv / .jsonl / .jsonl.gz file with a ``text_column``. With
    ``on_error="skip"``, documents that cannot be loaded are skipped with a warning and listed in
    ``df.attrs["skipped"]``; with ``"raise"`` the first problem raises :class:`CorpusError`.
    ``metadata`` names a metadata CSV kept elsewhere (keyed by doc_id, id or file).
    """
    path = Path(path)
    skipped: list[Skipped] = []
    skip = skipped if on_error == "skip" else None
    records: list[dict] = []
    if not path.exists():
        raise CorpusError(str(path), "does not exist", "Check the path.")
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
        if not files:
            raise CorpusError(str(path), "has no .txt files",
                              "Put one article per .txt file in the folder, or pass a CSV/JSONL file.")
        for f in files:
            try:
                records.extend(_records_from_txt(f, f.name, encoding))
            except CorpusError as exc:
                if skip is None:
                    raise
                skip.append(Skipped(f.name, None, str(exc)))
                warnings.warn(f"skipped: {exc}", stacklevel=2)
        if metadata is None and (path / "metadata.csv").exists():
            metadata = path / "metadata.csv"
    elif path.name.lower().endswith(TABLE_SUFFIXES):
        records.extend(_records_from_table(path, path.name, encoding, text_column, id_column, skip))
    elif path.suffix.lower() == ".txt":
        records.extend(_records_from_txt(path, path.name, encoding))
    else:
        raise CorpusError(path.name, f"unsupported file type {path.suffix or '(none)'}",
                          "Pass a .txt file, a folder of .txt files, or a .csv/.jsonl/.jsonl.gz file.")
    if metadata is not None:
        meta = _read_metadata(Path(metadata), None)
        for r in records:
            extra = meta.get(r["doc_id"], {})
            r.update({k: v for k, v in extra.items() if k not in ("doc_id", "raw", "text", "source")})
    if not records:
        raise CorpusError(str(path), "no document could be loaded",
                          "See the warnings above for each skipped document.")
    df = pd.DataFrame.from_records(records)
    df.insert(3, "text", [normalize(r, options) for r in df["raw"]])
    df.attrs["skipped"] = skipped
    return df.reset_index(drop=True)


def load_case_study() -> pd.DataFrame:
    """Return the five case-study articles of data/raw/, with data/metadata.csv joined if present."""
    from .paths import METADATA_CSV, RAW_DIR

    return load_corpus(RAW_DIR, metadata=METADATA_CSV if METADATA_CSV.exists() else None)
