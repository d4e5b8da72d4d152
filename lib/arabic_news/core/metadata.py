"""Metadata joined to documents: a CSV keyed by document id (or ``id`` / ``file``), matched after the
same normalization as the ids and by case when that is unambiguous; rows that match nothing or
repeat a key are reported, never silently dropped. Also the labels of per-group tables."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import TYPE_CHECKING

from .decoding import decode_bytes
from .errors import CorpusError, LoadReport, Skipped
from .files import read_bytes, safe_name
from .readers import OTHER_DELIMITERS, doc_key, match_key, repeated, user_column

if TYPE_CHECKING:
    import pandas as pd


#: the label of a document whose grouping value (outlet, date...) is missing, in every per-group table
MISSING_LABEL = "(missing)"


class Metadata:
    """The rows of a metadata CSV keyed by document id, matched exactly or, failing that, by case."""

    def __init__(self, path: Path, encoding: str | None, max_bytes: int | None, report: LoadReport) -> None:
        self.name = safe_name(path.name)
        self.rows, self.folded, self.key_of = read_metadata(path, encoding, max_bytes, report, self.name)
        self.used: set[str] = set()

    def get(self, doc_id: str) -> dict:
        """Return the metadata of ``doc_id`` (empty when there is none)."""
        key = doc_id if doc_id in self.rows else self.folded.get(match_key(doc_id))
        if key is None:
            return {}
        self.used.add(key)
        return self.rows[key]

    def unmatched(self) -> list[Skipped]:
        """Return the metadata rows no document matched."""
        return [
            Skipped(self.name, row, f"{self.name}, row {row}: metadata for {key!r} matches no document")
            for key, (row, _r) in self.key_of.items()
            if key not in self.used
        ]


def read_metadata(
    path: Path, encoding: str | None, max_bytes: int | None, report: LoadReport, name: str
) -> tuple[dict[str, dict], dict[str, str], dict[str, tuple[int, dict]]]:
    """Return the rows of a metadata CSV keyed by ``doc_id`` (or ``id``/``file``), NFC-normalized,
    the case-folded keys that stand for exactly one row, and key -> (row number, row).

    Like the texts, the metadata file is read as UTF-8, or with ``encoding`` when it is not valid UTF-8.
    A row repeating an earlier key is reported and left out."""
    fix = "Fix the metadata file, or remove it to load the texts without metadata."
    text = decode_bytes(read_bytes(path, name, max_bytes), name, encoding)
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True, delimiter=_delimiter(text))
    twice = repeated(reader.fieldnames or [])
    if twice is not None:
        raise CorpusError(name, f"has two columns named {twice!r}, so one column's values would be lost", fix, 1)
    rows = []
    try:
        for row_no, row in enumerate(reader, start=2):
            if None in row or None in row.values():
                fields = sum(v is not None for k, v in row.items() if k is not None) + len(row.get(None) or [])
                raise CorpusError(
                    name,
                    f"has {fields} field(s) where the header has {len(reader.fieldnames or [])}",
                    "Quote fields that contain commas. " + fix,
                    row_no,
                )
            rows.append((row_no, row))
    except csv.Error as exc:
        raise CorpusError(name, f"is not a well-formed CSV ({exc})", fix, len(rows) + 2) from None
    key = next((k for k in ("doc_id", "id", "file") if k in (reader.fieldnames or [])), None)
    if rows and key is None:
        raise CorpusError(name, "metadata has no doc_id, id or file column", "Add a doc_id column with the file stems.")
    by_key: dict[str, dict] = {}
    key_of: dict[str, tuple[int, dict]] = {}
    for row_no, row in rows:
        k = doc_key(Path(row[key]).stem if key == "file" else row[key])
        if k in by_key:
            report.metadata.append(
                Skipped(
                    name,
                    row_no,
                    f"{name}, row {row_no}: repeats the metadata of {k!r} (row {key_of[k][0]}); the first row is used",
                )
            )
            continue
        by_key[k] = {user_column(c): v for c, v in row.items() if c != key}
        key_of[k] = (row_no, row)
    folded: dict[str, str | None] = {}
    for k in by_key:
        folded[match_key(k)] = None if match_key(k) in folded else k
    return by_key, {f: k for f, k in folded.items() if k is not None}, key_of


def _delimiter(text: str) -> str:
    """Return the separator of a metadata CSV: the comma, or the semicolon or tab with which its header
    line holds a key column (doc_id, id or file)."""
    header = text.split("\n", 1)[0].rstrip("\r")
    for d in (",", *OTHER_DELIMITERS):
        if {"doc_id", "id", "file"} & set(next(csv.reader([header], delimiter=d), [])):
            return d
    return ","


def group_labels(df: pd.DataFrame, by: str) -> pd.Series:
    """Return the column ``by`` as text labels for per-group tables: a missing value (None, NaN,
    empty) becomes :data:`MISSING_LABEL`, so no document drops out of a table or hides under 'nan'."""

    def label(v: object) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip()):
            return MISSING_LABEL
        return str(v)

    return df[by].map(label)
