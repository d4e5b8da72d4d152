"""Loading a corpus: one .txt file, a folder of .txt files, or a CSV / JSONL / JSONL.gz table.

Every loader returns the same DataFrame shape: one row per document with a stable ``doc_id``,
the ``raw`` text exactly as decoded (line endings included), the normalized ``text``, and the
metadata columns passed through. Problems are reported as :class:`CorpusError`, whose message
always reads ``"<file>[, row N]: <problem>. <fix>"``; with ``on_error="skip"`` bad documents are
skipped with a warning and listed in ``df.attrs["skipped"]``, so no document disappears silently.

Policies for bad and disguised input:

* **Encoding.** Files are read as UTF-8 (a BOM is accepted and dropped). Anything else is refused
  with a guess at the real encoding (Windows-1256, UTF-16 with or without BOM) and the option that
  reads it (``encoding=`` / ``--encoding``), which works for every format. The encoding applies
  to files that are not valid UTF-8: a valid UTF-8 file is still read as UTF-8 (reading it as
  Windows-1256 would garble it silently), so folders mixing both load in one go.
* **Binary files** (PNG, JPEG, GIF, PDF, ZIP/.docx, gzip, RTF) are recognised by their first bytes
  and refused with what they are; other files with NUL bytes are refused as binary.
* **Damaged text.** Invalid UTF-8 bytes (including encoded surrogates such as ``ED A0 80``) are
  refused with the byte offset and line; a JSON ``"\\ud800"`` escape yields an unpaired surrogate,
  which is not text: that row is refused (skipped in skip mode), never silently repaired.
* **Reversed text.** Text copied from a PDF in visual order (words spelled backwards) cannot be
  repaired reliably, so it is refused when common words appear reversed (يف for في).
  Presentation forms from PDFs in logical order are fine: normalization folds them (NFKC).
* **Size.** Files (and decompressed .gz content) above ``max_bytes`` (default
  :data:`DEFAULT_MAX_BYTES`, 200 MB) are refused before being read; pass a larger ``max_bytes`` or
  ``None`` (``--max-bytes`` on the command line) to load them anyway.
* **Markup** (HTML, ``<script>``, Markdown) is article text like any other: it is kept as data
  and escaped by every HTML output of the package.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import as_file
from pathlib import Path
from typing import Literal

import pandas as pd

from .errors import InputError
from .text import ARABIC_LETTER_RE, DEFAULT_OPTIONS, NormalizeOptions, normalize

METADATA_COLUMNS = ("outlet", "date", "title")
TABLE_SUFFIXES = (".csv", ".jsonl", ".jsonl.gz", ".ndjson")
#: files (and decompressed .gz content) larger than this are refused unless ``max_bytes`` is raised
DEFAULT_MAX_BYTES = 200_000_000


class CorpusError(InputError):
    """A document or file that cannot be loaded; the message names it and says what to do."""

    def __init__(self, source: str, problem: str, fix: str, row: int | None = None) -> None:
        super().__init__(source, problem, fix, row)
        #: documents skipped before this error (only set when nothing at all could be loaded)
        self.skipped: list[Skipped] = []


@dataclass(frozen=True)
class Skipped:
    """A document that was not loaded, and why."""

    source: str
    row: int | None
    reason: str


#: encodings worth suggesting when a file is not UTF-8: codec name -> human name
SUGGESTED_ENCODINGS = {
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 (little-endian, no BOM)",
    "utf-16-be": "UTF-16 (big-endian, no BOM)",
    "cp1256": "Windows-1256",
}

#: leading bytes of binary formats people rename to .txt -> (what it is, what to do)
SIGNATURES: dict[bytes, tuple[str, str]] = {
    b"\x89PNG": ("is a binary file (a PNG image), not text", "Pass the article as plain text (UTF-8)."),
    b"\xff\xd8\xff": ("is a binary file (a JPEG image), not text", "Pass the article as plain text (UTF-8)."),
    b"GIF8": ("is a binary file (a GIF image), not text", "Pass the article as plain text (UTF-8)."),
    b"%PDF-": (
        "is a binary file (a PDF document), not text",
        "Copy the article from its web page, or extract the text with a tool that keeps "
        "logical order (e.g. `pdftotext`) and save it as UTF-8.",
    ),
    b"PK\x03\x04": (
        "is a binary file (a ZIP archive; .docx and .xlsx files are ZIP archives), not text",
        "Save the article as plain text (UTF-8), or unpack the archive first.",
    ),
    b"\x1f\x8b": (
        "is a binary file (gzip-compressed data), not text",
        "Decompress it first (gunzip), or name it .jsonl.gz if it holds JSON lines.",
    ),
    b"{\\rtf": (
        "is an RTF document, not plain text",
        "Save it from the word processor as plain text with UTF-8 encoding.",
    ),
}


#: Arabic letters, or the presentation forms (contextual glyphs, ligatures) text copied out of a PDF
#: is made of; normalization folds those back to letters (NFKC)
_ARABIC_OR_FORMS_RE = re.compile(ARABIC_LETTER_RE.pattern[:-1] + r"\uFB50-\uFD3D\uFD50-\uFDFB\uFE70-\uFEFC]")


def _arabic_or_forms(text: str) -> bool:
    """Return True when ``text`` holds an Arabic letter or an Arabic presentation form."""
    return _ARABIC_OR_FORMS_RE.search(text) is not None


def _plausible(text: str) -> bool:
    """Return True when ``text`` is mostly Arabic letters, spaces, digits and punctuation."""
    if not _arabic_or_forms(text):
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


def _encoding_fix(guess: str) -> str:
    """Return the advice for a file that looks encoded with ``guess``."""
    return (
        f"It looks like {SUGGESTED_ENCODINGS[guess]}: pass `--encoding {guess}` "
        f"(encoding='{guess}' in Python), or re-save the file as UTF-8."
    )


def _check_signature(data: bytes, source: str) -> None:
    """Raise CorpusError when ``data`` starts like a known binary format."""
    for magic, (problem, fix) in SIGNATURES.items():
        if data.startswith(magic):
            raise CorpusError(source, problem, fix)


def _is_utf8_family(encoding: str) -> bool:
    """Return True for utf-8, utf-8-sig and ascii, which read UTF-8 files correctly."""
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig", "ascii")


def check_encoding(encoding: str | None, source: str) -> None:
    """Raise CorpusError when ``encoding`` is not a codec Python knows."""
    if encoding is None:
        return
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise CorpusError(
            source, f"unknown encoding {encoding!r}", "Pass a codec name Python knows, e.g. utf-8, cp1256, utf-16."
        ) from None


def decode_bytes(data: bytes, source: str, encoding: str | None = None) -> str:
    """Return ``data`` decoded: UTF-8 (with or without BOM), else ``encoding`` when given.

    A file that is valid UTF-8 (and not ASCII) is read as UTF-8 even when another ``encoding`` is
    given, so a folder mixing UTF-8 and Windows-1256 files loads with ``encoding="cp1256"`` and
    nothing is garbled.
    """
    _check_signature(data, source)
    if encoding is not None:
        check_encoding(encoding, source)
        if not _is_utf8_family(encoding) and not data.isascii() and b"\x00" not in data:
            try:  # valid UTF-8 is read as UTF-8: reading it as cp1256 would garble it silently
                return data.decode("utf-8-sig")
            except UnicodeDecodeError:
                pass
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise CorpusError(
                source,
                f"cannot be decoded as {encoding} (byte {exc.start})",
                "Check the file's encoding and pass the right one.",
            ) from None
        if "\x00" in text:
            raise CorpusError(
                source,
                f"contains NUL characters when read as {encoding}",
                "Check the file's encoding (UTF-16 files need `--encoding utf-16`).",
            )
        return text[1:] if text.startswith("\ufeff") else text
    if not data.strip():
        raise CorpusError(source, "the file is empty", "Remove it or add the article text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        guess = _guess_encoding(data)
        if guess:
            if not data.decode(guess).lstrip("\ufeff").strip():
                raise CorpusError(source, "the file is empty", "Remove it or add the article text.") from None
            fix = _encoding_fix(guess)
        elif b"\x00" in data:
            raise CorpusError(
                source, "looks like a binary file, not text", "Export the article as plain text (UTF-8) first."
            ) from None
        else:
            repaired = data.decode("utf-8", errors="replace")
            bad = repaired.count("\ufffd")
            if _arabic_or_forms(repaired) and bad <= max(16, len(repaired) // 100):
                line = data[: exc.start].count(b"\n") + 1
                raise CorpusError(
                    source,
                    f"is not valid UTF-8 (byte {exc.start}, line {line}): {bad} undecodable "
                    "byte(s) in an otherwise UTF-8 file",
                    "Repair or re-export the file; no encoding option can read damaged bytes.",
                ) from None
            fix = "Re-save the file as UTF-8, or pass its encoding with `--encoding`."
        raise CorpusError(source, f"is not valid UTF-8 (byte {exc.start})", fix) from None
    if "\x00" in text:
        guess = _guess_encoding(data)
        if guess:
            raise CorpusError(source, "is not UTF-8 text (it contains NUL bytes)", _encoding_fix(guess))
        raise CorpusError(
            source,
            "contains NUL bytes, so it is probably a binary file",
            "Export the article as plain text (UTF-8) first.",
        )
    return text


_SURROGATE_RE = re.compile("[\ud800-\udfff]")
#: frequent function words (normalized: في from, من from, علي on, الي to, عن about) and their
#: reversals, which no Arabic word spells: seen reversed, the text was copied in visual order
_FORWARD_WORDS = frozenset({"في", "من", "علي", "الي", "عن"})
_REVERSED_WORDS = frozenset(w[::-1] for w in _FORWARD_WORDS)
_REVERSAL_SAMPLE = 5000


def looks_reversed(text: str) -> bool:
    """Return True when ``text`` reads backwards (visual order, as copied from some PDFs)."""
    words = normalize(text[:_REVERSAL_SAMPLE]).split()  # the opening is enough to tell
    forward = sum(w in _FORWARD_WORDS for w in words)
    backward = sum(w in _REVERSED_WORDS for w in words)
    return backward >= 3 and backward > 2 * forward


def _check_surrogates(value: str, field: str, source: str, row: int | None) -> None:
    """Raise CorpusError when ``value`` holds an unpaired surrogate (not valid Unicode)."""
    m = _SURROGATE_RE.search(value)
    if m:
        raise CorpusError(
            source,
            f"{field!r} contains an unpaired surrogate (U+{ord(m.group()):04X} "
            f"at character {m.start()}), which is not valid Unicode text",
            "Fix the program that wrote the file (a JSON \\ud800-style escape without its pair), or remove the row.",
            row,
        )


def _check_text(text: str, source: str, row: int | None = None) -> None:
    """Raise CorpusError when ``text`` is empty, has no Arabic letter, or reads backwards."""
    if not text.strip():
        raise CorpusError(source, "the text is empty", "Remove it or add the article text.", row)
    if not _arabic_or_forms(text):
        raise CorpusError(
            source,
            "contains no Arabic text",
            "Check that this is an Arabic article and that the encoding is right (pass `--encoding`).",
            row,
        )
    if looks_reversed(text):
        raise CorpusError(
            source,
            "reads backwards (words such as يف for في): it was probably "
            "copied from a PDF in visual order, which cannot be repaired reliably",
            "Copy the article from its web page, or extract the PDF with a tool that "
            "keeps logical order (e.g. `pdftotext`).",
            row,
        )


def _size_fix(size: int) -> str:
    """Return the advice for a file above the size limit."""
    needed = -(-size // 1_000_000)
    return (
        f"Split it into smaller files, or raise the limit with `--max-bytes {needed}M` "
        f"(max_bytes={needed}_000_000 in Python; None for no limit)."
    )


def _read_bytes(path: Path, rel: str, max_bytes: int | None) -> bytes:
    """Return the bytes of ``path`` (decompressed for .gz), refusing unreadable or huge files."""
    try:
        if path.is_symlink() and not path.exists():
            raise CorpusError(rel, "is a broken symbolic link", "Point it at an existing file or remove it.")
        if path.is_dir():
            raise CorpusError(rel, "is a folder, not a file", "Pass the folder itself or a file inside it.")
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise CorpusError(rel, f"is {size:,} bytes, above the limit of {max_bytes:,} bytes", _size_fix(size))
        if not path.name.lower().endswith(".gz"):
            return path.read_bytes()
        limit = -1 if max_bytes is None else max_bytes + 1
        try:
            with gzip.open(path, "rb") as fh:
                data = fh.read(limit)
        except (OSError, EOFError, zlib.error) as exc:
            if isinstance(exc, PermissionError):
                raise
            raise CorpusError(
                rel, f"is not a readable gzip file ({exc})", "Check that the download finished, or decompress it first."
            ) from None
        if max_bytes is not None and len(data) > max_bytes:
            raise CorpusError(rel, f"decompresses to more than the limit of {max_bytes:,} bytes", _size_fix(len(data)))
        return data
    except OSError as exc:
        raise CorpusError(
            rel,
            f"cannot be read ({exc.strerror or exc})",
            "Check the file's permissions and that it is a regular file.",
        ) from None


def safe_name(name: str) -> str:
    """Return a file name as text: bytes that were not UTF-8 (surrogate escapes) become \\xNN."""
    if not _SURROGATE_RE.search(name):
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _records_from_txt(path: Path, rel: str, encoding: str | None, max_bytes: int | None) -> Iterator[dict]:
    """Yield the one record of a .txt file."""
    text = decode_bytes(_read_bytes(path, rel, max_bytes), rel, encoding)
    _check_text(text, rel)
    yield {"doc_id": safe_name(path.stem), "source": rel, "raw": text}


def _read_metadata(path: Path, encoding: str | None, max_bytes: int | None) -> dict[str, dict[str, str]]:
    """Return the rows of a metadata.csv keyed by the ``doc_id`` (or ``file``/``id``) column.

    Like the texts, the metadata file is read as UTF-8, or with ``encoding`` when it is not valid UTF-8.
    """
    fix = "Fix the metadata file, or remove it to load the texts without metadata."
    text = decode_bytes(_read_bytes(path, path.name, max_bytes), path.name, encoding)
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    rows = []
    try:
        for row_no, row in enumerate(reader, start=2):
            if None in row or None in row.values():
                fields = sum(v is not None for k, v in row.items() if k is not None) + len(row.get(None) or [])
                raise CorpusError(
                    path.name,
                    f"has {fields} field(s) where the header has {len(reader.fieldnames or [])}",
                    "Quote fields that contain commas. " + fix,
                    row_no,
                )
            rows.append(row)
    except csv.Error as exc:
        raise CorpusError(path.name, f"is not a well-formed CSV ({exc})", fix, len(rows) + 2) from None
    key = next((k for k in ("doc_id", "id", "file") if k in (reader.fieldnames or [])), None)
    if rows and key is None:
        raise CorpusError(
            path.name, "metadata has no doc_id, id or file column", "Add a doc_id column with the file stems."
        )
    return {Path(r[key]).stem if key == "file" else r[key]: r for r in rows}


class _FieldLimit:
    """Raise the csv module's field size limit (128 KB) for long articles, then restore it."""

    def __init__(self, limit: int) -> None:
        self.limit, self.old = limit, csv.field_size_limit()

    def __enter__(self) -> None:
        csv.field_size_limit(max(self.old, self.limit))

    def __exit__(self, *exc: object) -> None:
        csv.field_size_limit(self.old)


def _csv_rows(text: str, rel: str, text_column: str) -> list[tuple[int, dict]]:
    """Return (row number, record) for each row of a CSV text; the header is row 1."""
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict]] = []
    with _FieldLimit(len(text) + 1):
        try:
            header = reader.fieldnames or []
            if text_column not in header:
                raise CorpusError(
                    rel,
                    f"has no {text_column!r} column (columns: {', '.join(map(str, header)) or 'none'})",
                    "Name the column that holds the article text with `--text-column`.",
                    2,
                )
            for row_no, row in enumerate(reader, start=2):
                rows.append((row_no, row))
        except csv.Error as exc:
            raise CorpusError(
                rel,
                f"is not a well-formed CSV ({exc})",
                "Check the quotes: a field with a comma, quote or line break must be "
                "wrapped in double quotes, and inner quotes doubled.",
                len(rows) + 2,
            ) from None
    if not rows:
        raise CorpusError(rel, "has a header but no rows", "Add one article per row.")
    return rows


def _jsonl_rows(text: str, rel: str) -> list[tuple[int, dict | CorpusError]]:
    """Return (line number, record or the problem with that line) for each line of a JSONL text."""
    rows: list[tuple[int, dict | CorpusError]] = []
    # split on LF only: JSON strings may legally hold U+2028 and other characters splitlines() uses
    for i, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append(
                (
                    i,
                    CorpusError(
                        rel,
                        f"invalid JSON ({exc.msg}, column {exc.colno})",
                        "Each line must be one complete JSON object.",
                        i,
                    ),
                )
            )
            continue
        if not isinstance(record, dict):
            rows.append((i, CorpusError(rel, "line is not a JSON object", "Each line must be one JSON object.", i)))
            continue
        rows.append((i, record))
    return rows


def _row_record(row: dict, row_no: int, rel: str, stem: str, text_column: str, id_column: str, seen: set[str]) -> dict:
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
    if raw is None:
        raise CorpusError(
            rel,
            f"has no value for {text_column!r}",
            "Fill in the article text (a CSV row may be missing fields).",
            row_no,
        )
    if not isinstance(raw, str):
        raise CorpusError(rel, f"{text_column!r} is not a string", "Store the text as a string.", row_no)
    for key, value in row.items():
        _check_surrogates(str(key), "field name", rel, row_no)
        if isinstance(value, str):
            _check_surrogates(value, str(key), rel, row_no)
    _check_text(raw, rel, row_no)
    doc_id = str(row.get(id_column) if row.get(id_column) not in (None, "") else f"{stem}-{row_no}")
    if doc_id in seen:
        raise CorpusError(rel, f"duplicate id {doc_id!r}", "Give every row a unique id.", row_no)
    seen.add(doc_id)
    meta = {k: v for k, v in row.items() if k not in (text_column, id_column)}
    return {"doc_id": doc_id, "source": rel, "raw": raw, **meta}


def _records_from_table(
    path: Path,
    rel: str,
    encoding: str | None,
    text_column: str,
    id_column: str,
    skip: list[Skipped] | None,
    max_bytes: int | None,
) -> Iterator[dict]:
    """Yield one record per row of a table file; rows with problems raise or are skipped."""
    text = decode_bytes(_read_bytes(path, rel, max_bytes), rel, encoding)
    is_csv = path.name.lower().endswith(".csv")
    rows = _csv_rows(text, rel, text_column) if is_csv else _jsonl_rows(text, rel)
    seen: set[str] = set()
    stem = safe_name(path.name.split(".")[0])
    for row_no, row in rows:
        try:
            if isinstance(row, CorpusError):
                raise row
            yield _row_record(row, row_no, rel, stem, text_column, id_column, seen)
        except CorpusError as exc:
            if skip is None:
                raise
            skip.append(Skipped(rel, row_no, str(exc)))
            warnings.warn(f"skipped: {exc}", stacklevel=4)


def load_corpus(
    path: str | Path,
    *,
    encoding: str | None = None,
    text_column: str = "text",
    id_column: str = "id",
    on_error: Literal["raise", "skip"] = "raise",
    options: NormalizeOptions = DEFAULT_OPTIONS,
    metadata: str | Path | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    study: object = None,
) -> pd.DataFrame:
    """Return a DataFrame with one row per document: doc_id, source, raw, text and metadata.

    ``path`` is a .txt file, a folder of .txt files (with an optional ``metadata.csv`` keyed by file
    stem), or a .csv / .jsonl / .jsonl.gz file with a ``text_column``. ``encoding`` applies to every
    format, for files that are not valid UTF-8 (see :func:`decode_bytes`). With ``on_error="skip"``,
    documents that cannot be loaded are skipped with a warning and listed in
    ``df.attrs["skipped"]``; with ``"raise"`` the first problem raises :class:`CorpusError`. Files
    in a folder that are not .txt are listed in ``df.attrs["ignored"]``. ``metadata`` names a
    metadata CSV kept elsewhere (keyed by doc_id, id or file); a metadata file that cannot be read
    is always an error. Files larger than ``max_bytes`` (None: no limit) are refused before they are
    read.

    The normalization ``options`` travel with the corpus (``df.attrs["options"]``): every analysis
    uses them. ``study`` (a :class:`~arabic_news.core.study.Study` or pack name) is recorded in
    ``df.attrs["study"]`` as the study the analyses use by default.
    """
    path = Path(path)
    skipped: list[Skipped] = []
    ignored: list[str] = []
    skip = skipped if on_error == "skip" else None
    records: list[dict] = []
    check_encoding(encoding, path.name or str(path))
    if not path.exists() and not path.is_symlink():
        raise CorpusError(str(path), "does not exist", "Check the path.")
    if path.is_dir():
        try:
            entries = sorted(path.iterdir())
        except OSError as exc:
            raise CorpusError(
                str(path), f"cannot be listed ({exc.strerror or exc})", "Check the folder's permissions."
            ) from None
        files = [p for p in entries if p.suffix.lower() == ".txt"]
        ignored = [
            safe_name(p.name)
            for p in entries
            if p.suffix.lower() != ".txt" and p.name != "metadata.csv" and not p.name.startswith(".")
        ]
        if not files:
            raise CorpusError(
                str(path), "has no .txt files", "Put one article per .txt file in the folder, or pass a CSV/JSONL file."
            )
        for f in files:
            try:
                records.extend(_records_from_txt(f, safe_name(f.name), encoding, max_bytes))
            except CorpusError as exc:
                if skip is None:
                    raise
                skip.append(Skipped(safe_name(f.name), None, str(exc)))
                warnings.warn(f"skipped: {exc}", stacklevel=2)
        if metadata is None and (path / "metadata.csv").exists():
            metadata = path / "metadata.csv"
    elif path.name.lower().endswith(TABLE_SUFFIXES):
        records.extend(
            _records_from_table(path, safe_name(path.name), encoding, text_column, id_column, skip, max_bytes)
        )
    elif path.suffix.lower() == ".txt":
        records.extend(_records_from_txt(path, safe_name(path.name), encoding, max_bytes))
    else:
        raise CorpusError(
            path.name,
            f"unsupported file type {path.suffix or '(none)'}",
            "Pass a .txt file, a folder of .txt files, or a .csv/.jsonl/.jsonl.gz file.",
        )
    if metadata is not None:
        meta = _read_metadata(Path(metadata), encoding, max_bytes)
        for r in records:
            extra = meta.get(r["doc_id"], {})
            r.update({k: v for k, v in extra.items() if k not in ("doc_id", "raw", "text", "source")})
    if not records:
        error = CorpusError(
            path.name or str(path),
            f"no document could be loaded ({len(skipped)} skipped)",
            "See the warnings above for each skipped document.",
        )
        error.skipped = skipped
        raise error
    df = pd.DataFrame.from_records(records)
    df.insert(3, "text", [normalize(r, options) for r in df["raw"]])
    df = df.reset_index(drop=True)
    df.attrs["skipped"] = skipped
    df.attrs["ignored"] = ignored
    df.attrs["options"] = options
    if study is not None:
        df.attrs["study"] = study
    return df


def normalized_texts(df: pd.DataFrame) -> list[str]:
    """Return the normalized text of every document: the ``text`` column, or (for a DataFrame
    built by hand with ``doc_id`` and ``raw`` only) the raw text normalized with the corpus's options."""
    if "text" in df.columns:
        return list(df["text"])
    options = df.attrs.get("options", DEFAULT_OPTIONS)
    return [normalize(r, options) for r in df["raw"]]


def load_case_study(study: object = None, options: NormalizeOptions = DEFAULT_OPTIONS) -> pd.DataFrame:
    """Return the articles of a study pack (default: the default pack) with its metadata joined."""
    from .study import StudyError, load_study

    pack = load_study(study)  # type: ignore[arg-type]
    if pack.articles is None:
        raise StudyError(pack.name, "has no articles", "Name a folder of .txt files under [corpus] in its manifest.")
    with as_file(pack.articles) as folder:
        metadata = pack.metadata
        if metadata is None:
            return load_corpus(folder, options=options, study=pack)
        with as_file(metadata) as meta:
            return load_corpus(folder, options=options, metadata=meta, study=pack)
