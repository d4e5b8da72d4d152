"""Loading a corpus: one .txt file, a folder of .txt files, a CSV / JSONL / JSONL.gz / Parquet table,
or a DataFrame, all at once (:func:`load_corpus`) or batch by batch (:class:`CorpusReader`).

Every loader returns the same DataFrame shape: one row per document with a unique ``doc_id``,
the ``raw`` text exactly as decoded (line endings included), the normalized ``text``, and the
metadata columns passed through. Problems are reported as :class:`CorpusError`, whose message
always reads ``"<file>[, row N]: <problem>. <fix>"``; with ``on_error="skip"`` bad documents are
skipped with a warning and listed in ``df.attrs["skipped"]``, so no document disappears silently.

The contract: ``doc_id``, ``source``, ``raw`` and ``text`` are the package's columns (a user column
of the same name is kept as ``user_<name>``); ids are NFC-normalized and unique (a repeated id is
refused, naming both documents); metadata keys match ids after the same normalization (and by case
when unambiguous), and metadata rows that match nothing or repeat a key are reported. Tables are
read row by row: a bad row (encoding, NUL byte, JSON) costs that row, named by its row and physical
line. Only regular files are read (not FIFOs, devices, or links leading out of the corpus folder).

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
  repaired reliably, so it is refused when common words appear reversed (يف for في, at least
  three times and two different ones; colloquial words such as يلا are not evidence).
  Presentation forms from PDFs in logical order are fine: normalization folds them (NFKC).
* **Size.** A document (a .txt file, or the text of one table row, decompressed) above ``max_bytes``
  (default :data:`DEFAULT_MAX_BYTES`, 40 MB, so that its analysis fits in 4 GB) is refused as soon
  as that much has been read; pass a larger ``max_bytes`` or ``None`` (``--max-bytes`` on the
  command line) to load it anyway. Table files are read row by row, whatever their size.
* **Markup** (HTML, ``<script>``, Markdown) is article text like any other: it is kept as data
  and escaped by every HTML output of the package.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import math
import os
import re
import stat
import sys
import unicodedata
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.resources import as_file
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from .errors import InputError
from .text import ARABIC_LETTER_RE, DEFAULT_OPTIONS, NormalizeOptions, normalize

if TYPE_CHECKING:
    import pandas as pd

METADATA_COLUMNS = ("outlet", "date", "title")
TABLE_SUFFIXES = (".csv", ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
#: documents (a .txt file, or the text of one table row) larger than this are refused unless
#: ``max_bytes`` is raised; table files themselves are read row by row, whatever their size
DEFAULT_MAX_BYTES = 40_000_000


class CorpusError(InputError):
    """A document or file that cannot be loaded; the message names it and says what to do."""

    def __init__(self, source: str, problem: str, fix: str, row: int | None = None, line: int | None = None) -> None:
        # a table row that does not start on the physical line of its number is named by both
        super().__init__(source, problem, fix, row if line is None or line == row else f"{row} (line {line})")  # type: ignore[arg-type]
        self.row, self.line = row, line
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
#: frequent function words (normalized: في in, من from, علي on, عن about) whose reversals no Arabic
#: word spells: seen reversed, the text was copied in visual order. الي (to) and من are left out:
#: their reversals يلا (colloquial "come on") and نم ("sleep!") are words.
_FORWARD_WORDS = frozenset({"في", "من", "علي", "الي", "عن"})
_REVERSED_WORDS = frozenset({"يف", "يلع", "نع"})
_REVERSAL_SAMPLE = 5000
_REVERSED_RE = re.compile(r"(?<!\S)(?:" + "|".join(sorted(_REVERSED_WORDS)) + r")(?!\S)")


def looks_reversed(text: str, normalized: str | None = None) -> bool:
    """Return True when ``text`` reads backwards (visual order, as copied from some PDFs).

    The evidence is at least three reversed function words (يف for في, يلع for علي, نع for عن),
    at least two different ones, and more than twice as many reversed as forward ones in the opening
    of the text; ``normalized`` may pass the text already normalized.
    """
    opening = normalize(text[:_REVERSAL_SAMPLE]) if normalized is None else normalized[:_REVERSAL_SAMPLE]
    if sum(map(opening.count, _REVERSED_WORDS)) < 3 or len(_REVERSED_RE.findall(opening)) < 3:
        return False  # the usual case, decided without splitting the text (substrings: a quick bound)
    words = opening.split()
    forward = sum(map(_FORWARD_WORDS.__contains__, words))
    backward = list(filter(_REVERSED_WORDS.__contains__, words))
    return len(backward) >= 3 and len(set(backward)) >= 2 and len(backward) > 2 * forward


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


def _check_text(text: str, norm: str, source: str, row: int | None = None) -> None:
    """Raise CorpusError when ``text`` is empty, holds NUL characters, has no Arabic letter, or
    reads backwards (``norm`` is its normalized form)."""
    if not text.strip():
        raise CorpusError(source, "the text is empty", "Remove it or add the article text.", row)
    if "\x00" in text:
        raise CorpusError(
            source,
            f"the text contains a NUL character (character {text.index(chr(0))})",
            "Remove the NUL characters, or check the file's encoding.",
            row,
        )
    if not _arabic_or_forms(text):
        raise CorpusError(
            source,
            "contains no Arabic text",
            "Check that this is an Arabic article and that the encoding is right (pass `--encoding`).",
            row,
        )
    if looks_reversed(text, norm):
        raise CorpusError(
            source,
            "reads backwards (words such as يف for في): it was probably "
            "copied from a PDF in visual order, which cannot be repaired reliably",
            "Copy the article from its web page, or extract the PDF with a tool that "
            "keeps logical order (e.g. `pdftotext`).",
            row,
        )


def check_max_bytes(max_bytes: object) -> int | None:
    """Return ``max_bytes`` as a positive int or None (no limit); raise ValueError otherwise."""
    if max_bytes is None:
        return None
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ValueError(f"max_bytes must be a whole number of bytes >= 1, or None for no limit; not {max_bytes!r}")
    return max_bytes


def _size_fix(size: int) -> str:
    """Return the advice for a document above the size limit."""
    needed = -(-size // 1_000_000)
    return (
        f"Split it into smaller documents, or raise the limit with `--max-bytes {needed}M` "
        f"(max_bytes={needed}_000_000 in Python; None for no limit)."
    )


_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _not_regular(mode: int, rel: str) -> CorpusError:
    """Return the error for a path that is not a regular file."""
    if stat.S_ISDIR(mode):
        return CorpusError(rel, "is a folder, not a file", "Pass the folder itself or a file inside it.")
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")
    return CorpusError(rel, f"is {kind}, not a regular file", "Pass regular files only (copy the data into a file).")


def _open_regular(path: Path, rel: str) -> BinaryIO:
    """Return ``path`` opened for binary reading; refuse anything that is not a regular file.

    The file is opened without blocking (a FIFO would otherwise wait for a writer forever) and its
    type is checked on the open descriptor, so it cannot be swapped in between."""
    try:
        if path.is_symlink() and not path.exists():
            raise CorpusError(rel, "is a broken symbolic link", "Point it at an existing file or remove it.")
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(mode, rel)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            raise _not_regular(mode, rel)
        return os.fdopen(fd, "rb")
    except OSError as exc:
        raise CorpusError(
            rel,
            f"cannot be read ({exc.strerror or exc})",
            "Check the file's permissions and that it is a regular file.",
        ) from None


def _read_limited(fh: BinaryIO, rel: str, max_bytes: int | None) -> bytes:
    """Return the content of an open file, refusing it as soon as more than ``max_bytes`` are read."""
    try:
        data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    except OSError as exc:
        raise CorpusError(
            rel,
            f"cannot be read ({exc.strerror or exc})",
            "Check the file's permissions and that it is a regular file.",
        ) from None
    if max_bytes is not None and len(data) > max_bytes:
        try:
            size = os.fstat(fh.fileno()).st_size
        except (OSError, ValueError):
            size = 0
        if size > max_bytes:
            raise CorpusError(rel, f"is {size:,} bytes, above the limit of {max_bytes:,} bytes", _size_fix(size))
        raise CorpusError(rel, f"is more than the limit of {max_bytes:,} bytes", _size_fix(len(data)))
    return data


def _read_bytes(path: Path, rel: str, max_bytes: int | None) -> bytes:
    """Return the bytes of the regular file ``path``, refusing it above ``max_bytes``."""
    with _open_regular(path, rel) as fh:
        size = os.fstat(fh.fileno()).st_size
        if max_bytes is not None and size > max_bytes:  # refused before reading
            raise CorpusError(rel, f"is {size:,} bytes, above the limit of {max_bytes:,} bytes", _size_fix(size))
        return _read_limited(fh, rel, max_bytes)


def safe_name(name: str) -> str:
    """Return a file name as text: bytes that were not UTF-8 (surrogate escapes) become \\xNN."""
    if not _SURROGATE_RE.search(name):
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


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
#: the label of a document whose grouping value (outlet, date...) is missing, in every per-group table
MISSING_LABEL = "(missing)"


def _user_column(name: str) -> str:
    """Return the column name under which a user column is kept (reserved names get the prefix)."""
    return USER_PREFIX + name if name in RESERVED_COLUMNS else name


@dataclass
class _Row:
    """One row of a table before checks: its number, physical line, fields, or the problem found."""

    row: int
    fields: dict | None = None
    problem: CorpusError | None = None
    #: the physical line the row starts on (CSV rows may span lines); None: the row's number
    line: int | None = None


def _row_record(row: dict, row_no: int, rel: str, stem: str, text_column: str, id_column: str, options) -> dict:
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
        _check_surrogates(str(key), "field name", rel, row_no)
        if isinstance(value, str):
            _check_surrogates(value, str(key), rel, row_no)
    norm = normalize(raw, options)
    _check_text(raw, norm, rel, row_no)
    given = row.get(id_column)
    if given is None or (isinstance(given, float) and math.isnan(given)) or doc_key(given) == "":
        doc_id = f"{stem}-{row_no}"
    else:
        doc_id = doc_key(given.item() if hasattr(given, "item") else given)
    meta = {_user_column(str(k)): v for k, v in row.items() if k not in (text_column, id_column)}
    return {"doc_id": doc_id, "source": rel, "raw": raw, "text": norm, **meta}


# --- reading tables row by row --------------------------------------------------------------------


def _physical_lines(fh: BinaryIO, limit: int | None) -> Iterator[tuple[int, int, bytes | None]]:
    """Yield (line number, byte offset, line with its line break) for each line of a binary stream;
    a line longer than ``limit`` bytes is read through and yielded as None."""
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
            yield number, start, None
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
            _check_signature(line, self.rel)
            if line.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and self.encoding is None:
                raise CorpusError(self.rel, "is not valid UTF-8 (byte 0)", _encoding_fix("utf-16"))
            line = line.removeprefix(codecs.BOM_UTF8)
        if b"\x00" in line:
            guess = _guess_encoding(line) if not self.seen_text else None
            if guess and guess.startswith("utf-16"):
                raise CorpusError(self.rel, "is not UTF-8 text (it contains NUL bytes)", _encoding_fix(guess))
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
        if self.encoding is not None and not _is_utf8_family(self.encoding):
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
        if _arabic_or_forms(repaired) and bad <= max(16, len(repaired) // 100):
            return CorpusError(
                self.rel,
                f"{where}: {bad} undecodable byte(s) in an otherwise UTF-8 line",
                "Repair or re-export the row; no encoding option can read damaged bytes.",
                number,
            )
        guess = _guess_encoding(line)
        fix = _encoding_fix(guess) if guess else "Re-save the file as UTF-8, or pass its encoding with `--encoding`."
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
                while line and not line.endswith("\n"):
                    line = text.readline(1 << 20)
                yield number, CorpusError(rel, f"line {number} is longer than the limit", _size_fix(limit + 1), number)
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


def _decoded_lines(
    fh: BinaryIO, rel: str, encoding: str | None, max_bytes: int | None
) -> Iterator[tuple[int, str | CorpusError]]:
    """Yield (physical line number, decoded line or its problem) for each line of a table file."""
    if not _ascii_compatible(encoding):
        yield from _text_lines(fh, rel, encoding or "utf-8", max_bytes)
        return
    decode = _LineDecoder(rel, encoding)
    empty = True
    for number, offset, line in _physical_lines(fh, max_bytes):
        if line is None:
            yield (
                number,
                CorpusError(rel, f"line {number} is above the limit of {max_bytes:,} bytes", _size_fix(max_bytes or 0)),
            )
            continue
        if line.strip():
            empty = False
        yield number, decode(number, offset, line)
    if empty:
        raise CorpusError(rel, "the file is empty", "Remove it or add the article text.")


def _jsonl_rows(lines: Iterable[tuple[int, str | CorpusError]], rel: str) -> Iterator[_Row]:
    """Yield one row per non-blank line of a JSONL file."""
    for number, line in lines:
        if isinstance(line, CorpusError):
            yield _Row(number, problem=_with_row(line, number))
            continue
        # split on LF only: JSON strings may legally hold U+2028 and other characters splitlines() uses
        if not line.strip():
            continue
        try:
            record = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            problem = CorpusError(
                rel,
                f"invalid JSON ({exc.msg}, column {exc.colno})",
                "Each line must be one complete JSON object.",
                number,
            )
            yield _Row(number, problem=problem)
            continue
        except RecursionError:
            yield _Row(number, problem=CorpusError(rel, "JSON nested too deeply", "Flatten the record.", number))
            continue
        if not isinstance(record, dict):
            yield _Row(
                number,
                problem=CorpusError(rel, "line is not a JSON object", "Each line must be one JSON object.", number),
            )
            continue
        yield _Row(number, fields=record)


def _with_row(problem: CorpusError, row: int, line: int | None = None) -> CorpusError:
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


def _csv_rows(
    lines: Iterator[tuple[int, str | CorpusError]], rel: str, text_column: str, limit: int | None
) -> Iterator[_Row]:
    """Yield one row per record of a CSV file; the header is line 1, rows are named by the physical
    line they start on."""
    feed = _CountingLines(lines)
    reader = csv.reader(feed, strict=True)
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
            raise CorpusError(
                rel,
                f"has no {text_column!r} column (columns: {', '.join(map(str, header)) or 'none'})",
                "Name the column that holds the article text with `--text-column`.",
                2,
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
                yield _Row(rows, problem=_with_row(feed.problem, rows, start), line=start)
                continue
            record = dict(zip(header, values))
            if len(values) > len(header):
                record[None] = values[len(header) :]  # type: ignore[index]
            elif len(values) < len(header):
                record.update(dict.fromkeys(header[len(values) :]))
            yield _Row(rows, fields=record, line=start)
        if rows == 1:
            raise CorpusError(rel, "has a header but no rows", "Add one article per row.")
    finally:
        csv.field_size_limit(old)


def _parquet_rows(path: Path, rel: str, batch_size: int = 1024) -> Iterator[_Row]:
    """Yield one row per record of a Parquet file (rows numbered from 1)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise CorpusError(
            rel, "needs pyarrow to be read", "Install it: pip install 'arabic-news[parquet]' (or pip install pyarrow)."
        ) from None
    fh = _open_regular(path, rel)
    try:
        pf = pq.ParquetFile(fh)
    except Exception as exc:  # pyarrow raises its own error types for damaged files
        fh.close()
        raise CorpusError(rel, f"is not a readable Parquet file ({exc})", "Check that the file is complete.") from None
    number = 0
    with fh:
        for batch in pf.iter_batches(batch_size=batch_size):
            for record in batch.to_pylist():
                number += 1
                yield _Row(number, fields=record)


def _own_shape(df: pd.DataFrame, text_column: str, id_column: str) -> bool:
    """Return True for a DataFrame shaped like :func:`load_corpus`'s (doc_id, source, raw) read
    with the default columns: its ``raw`` column is the text, ``doc_id`` the id."""
    return (text_column, id_column) == ("text", "id") and {"doc_id", "raw"} <= set(map(str, df.columns))


def _frame_rows(df: pd.DataFrame) -> Iterator[_Row]:
    """Yield one row per row of a DataFrame (rows numbered from 1)."""
    columns = [str(c) for c in df.columns]
    for number, values in enumerate(df.itertuples(index=False, name=None), start=1):
        yield _Row(number, fields=dict(zip(columns, values)))


# --- the corpus reader ------------------------------------------------------------------------------


@dataclass
class LoadReport:
    """What happened while a corpus was read: documents skipped, files ignored, metadata problems."""

    skipped: list[Skipped] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    #: metadata rows that matched no document, or repeated an earlier row's key (as Skipped entries)
    metadata: list[Skipped] = field(default_factory=list)
    loaded: int = 0


class _Metadata:
    """The rows of a metadata CSV keyed by document id, matched exactly or, failing that, by case."""

    def __init__(self, path: Path, encoding: str | None, max_bytes: int | None, report: LoadReport) -> None:
        self.name = safe_name(path.name)
        self.rows, self.folded, self.key_of = _read_metadata(path, encoding, max_bytes, report, self.name)
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


def _read_metadata(
    path: Path, encoding: str | None, max_bytes: int | None, report: LoadReport, name: str
) -> tuple[dict[str, dict], dict[str, str], dict[str, tuple[int, dict]]]:
    """Return the rows of a metadata CSV keyed by ``doc_id`` (or ``id``/``file``), NFC-normalized,
    the case-folded keys that stand for exactly one row, and key -> (row number, row).

    Like the texts, the metadata file is read as UTF-8, or with ``encoding`` when it is not valid UTF-8.
    A row repeating an earlier key is reported and left out."""
    fix = "Fix the metadata file, or remove it to load the texts without metadata."
    text = decode_bytes(_read_bytes(path, name, max_bytes), name, encoding)
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
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
        by_key[k] = {_user_column(c): v for c, v in row.items() if c != key}
        key_of[k] = (row_no, row)
    folded: dict[str, str | None] = {}
    for k in by_key:
        folded[match_key(k)] = None if match_key(k) in folded else k
    return by_key, {f: k for f, k in folded.items() if k is not None}, key_of


def _check_path_type(path: Path) -> str:
    """Return the kind of input ``path`` is: "folder", "table", "parquet" or "txt"; raise otherwise."""
    if path.is_dir():
        return "folder"
    name = path.name.lower()
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(TABLE_SUFFIXES):
        return "table"
    if path.suffix.lower() == ".txt":
        return "txt"
    raise CorpusError(
        path.name,
        f"unsupported file type {path.suffix or '(none)'}",
        "Pass a .txt file, a folder of .txt files, or a .csv/.jsonl/.jsonl.gz/.parquet file (or a DataFrame).",
    )


class CorpusReader:
    """Read a corpus document by document, in batches of DataFrames with bounded memory.

    Iterating yields DataFrames of at most ``batch_size`` documents (the shape of
    :func:`load_corpus`); :attr:`report` fills up as the reading goes (skipped documents, ignored
    files, metadata rows that matched nothing). Arguments as for :func:`load_corpus`.
    """

    def __init__(
        self,
        source: str | Path | pd.DataFrame,
        *,
        encoding: str | None = None,
        text_column: str = "text",
        id_column: str = "id",
        on_error: Literal["raise", "skip"] = "raise",
        options: NormalizeOptions = DEFAULT_OPTIONS,
        metadata: str | Path | None = None,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        batch_size: int = 1000,
    ) -> None:
        import pandas as pd

        if on_error not in ("raise", "skip"):
            raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, not {batch_size!r}")
        self.max_bytes = check_max_bytes(max_bytes)
        self.source, self.encoding, self.options = source, encoding, options
        self.text_column, self.id_column = text_column, id_column
        self.skip, self.batch_size = on_error == "skip", batch_size
        self.report = LoadReport()
        self._meta_path = None if metadata is None else Path(metadata)
        self._frame = source if isinstance(source, pd.DataFrame) else None
        if self._frame is not None and _own_shape(self._frame, text_column, id_column):
            # a corpus DataFrame (from load_corpus): its raw text and ids, its sources kept
            self._frame = self._frame.drop(columns=["text"], errors="ignore")
            self.text_column, self.id_column = "raw", "doc_id"
        self.name = "DataFrame" if self._frame is not None else (Path(source).name or str(source))
        check_encoding(encoding, self.name)
        self.path: Path | None = None
        self.kind = "frame"
        self.files: list[Path] = []
        if self._frame is None:
            self.path = Path(source)
            if not self.path.exists() and not self.path.is_symlink():
                raise CorpusError(str(self.path), "does not exist", "Check the path.")
            self.kind = _check_path_type(self.path)
            if self.kind == "folder":
                self._list_folder()
        #: number of documents (files or rows) to read, when known in advance
        self.total: int | None = len(self.files) if self.kind == "folder" else 1 if self.kind == "txt" else None
        if self._frame is not None:
            self.total = len(self._frame)

    def _list_folder(self) -> None:
        """List the .txt files of the folder (and its metadata.csv)."""
        assert self.path is not None
        try:
            entries = sorted(self.path.iterdir())
        except OSError as exc:
            raise CorpusError(
                str(self.path), f"cannot be listed ({exc.strerror or exc})", "Check the folder's permissions."
            ) from None
        self.files = [p for p in entries if p.suffix.lower() == ".txt"]
        self.report.ignored = [
            safe_name(p.name)
            for p in entries
            if p.suffix.lower() != ".txt" and p.name != "metadata.csv" and not p.name.startswith(".")
        ]
        if not self.files:
            raise CorpusError(
                str(self.path),
                "has no .txt files",
                "Put one article per .txt file in the folder, or pass a CSV/JSONL file.",
            )
        if self._meta_path is None and (self.path / "metadata.csv").exists():
            self._meta_path = self.path / "metadata.csv"

    # -- documents, one at a time

    def _folder_records(self) -> Iterator[tuple[str, int | None, Callable[[], dict]]]:
        """Yield (file name, None, a function returning the record) for each .txt file."""
        assert self.path is not None
        root = self.path.resolve()
        for f in self.files:
            rel = safe_name(f.name)

            def load(f: Path = f, rel: str = rel) -> dict:
                if f.is_symlink() and f.exists() and not f.resolve().is_relative_to(root):
                    mode = os.stat(f).st_mode
                    if not stat.S_ISREG(mode):
                        raise _not_regular(mode, rel)
                    raise CorpusError(
                        rel,
                        "is a symbolic link to a file outside the corpus folder",
                        "Copy the file into the folder, or pass it by its own path.",
                    )
                return self._txt_record(f, rel)

            yield rel, None, load

    def _txt_record(self, f: Path, rel: str) -> dict:
        """Return the record of one .txt file."""
        text = decode_bytes(_read_bytes(f, rel, self.max_bytes), rel, self.encoding)
        norm = normalize(text, self.options)
        _check_text(text, norm, rel)
        return {"doc_id": doc_key(safe_name(f.stem)), "source": rel, "raw": text, "text": norm}

    def _rows(self, fh: BinaryIO | None) -> Iterator[_Row]:
        """Yield the rows of the table (or DataFrame) being read."""
        assert self.kind in ("table", "parquet", "frame")
        if self.kind == "frame":
            yield from _frame_rows(self._frame)  # type: ignore[arg-type]
            return
        assert self.path is not None
        rel = safe_name(self.path.name)
        if self.kind == "parquet":
            yield from _parquet_rows(self.path, rel)
            return
        assert fh is not None
        lines = _decoded_lines(fh, rel, self.encoding, self.max_bytes)
        if self.path.name.lower().endswith(".csv"):
            yield from _csv_rows(lines, rel, self.text_column, self.max_bytes)
        else:
            yield from _jsonl_rows(lines, rel)

    def _open_table(self) -> BinaryIO | None:
        """Return the table file opened for reading (decompressed for .gz); None for Parquet and frames."""
        if self.kind not in ("table",):
            return None
        assert self.path is not None
        rel = safe_name(self.path.name)
        fh = _open_regular(self.path, rel)
        if not self.path.name.lower().endswith(".gz"):
            return fh
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]

    def _table_records(self) -> Iterator[tuple[str, int | None, Callable[[], dict]]]:
        """Yield (source, row, a function returning the record) for each row of the table."""
        rel = self.name if self.kind == "frame" else safe_name(self.path.name)  # type: ignore[union-attr]
        stem = safe_name(self.name.split(".")[0]) if self.kind != "frame" else "row"
        fh = self._open_table()
        raw_fh = fh.fileobj if isinstance(fh, gzip.GzipFile) else None
        rows = self._rows(fh)
        try:
            while True:
                try:
                    row = next(rows)
                except StopIteration:
                    break
                except (OSError, EOFError, zlib.error) as exc:
                    raise CorpusError(
                        rel,
                        f"is not a readable gzip file ({exc})",
                        "Check that the download finished, or decompress it first.",
                    ) from None

                def load(row: _Row = row) -> dict:
                    if row.problem is not None:
                        raise row.problem
                    try:
                        return self._checked(row, rel, stem)
                    except CorpusError as exc:
                        raise _with_row(exc, row.row, row.line) from None

                yield rel, row.row, load
        finally:
            if fh is not None:
                fh.close()
                if raw_fh is not None:
                    raw_fh.close()

    def _checked(self, row: _Row, rel: str, stem: str) -> dict:
        """Return the record of a table row that passes every check (the size first)."""
        assert row.fields is not None
        text = row.fields.get(self.text_column)
        if self.max_bytes is not None and isinstance(text, str) and len(text) > self.max_bytes // 4:
            size = len(text.encode("utf-8", "surrogatepass"))
            if size > self.max_bytes:
                raise CorpusError(
                    rel, f"the text is {size:,} bytes, above the limit of {self.max_bytes:,} bytes", _size_fix(size)
                )
        record = _row_record(row.fields, row.row, rel, stem, self.text_column, self.id_column, self.options)
        if self.kind == "frame" and "user_source" in record and self.text_column == "raw":
            record["source"] = record.pop("user_source")
        return record

    def documents(self) -> Iterator[dict]:
        """Yield the record of each document that loads (doc_id, source, raw, text, metadata)."""
        meta = None
        if self._meta_path is not None:
            meta = _Metadata(self._meta_path, self.encoding, self.max_bytes, self.report)
            for problem in self.report.metadata:
                warnings.warn(f"metadata: {problem.reason}", stacklevel=3)
        seen: dict[str, str] = {}
        if self.kind == "txt":
            assert self.path is not None
            rel = safe_name(self.path.name)
            produced: Iterable = [(rel, None, lambda: self._txt_record(self.path, rel))]
        else:
            produced = self._folder_records() if self.kind == "folder" else self._table_records()
        for rel, row, load in produced:
            try:
                record = load()
                first = seen.get(record["doc_id"])
                if first is not None:
                    raise CorpusError(
                        rel,
                        f"duplicate id {record['doc_id']!r} (already used by {first})",
                        "Give every document a unique id (file names that differ only by the case of their "
                        "extension, or a repeated id column value, give the same id).",
                        row,
                    )
                seen[record["doc_id"]] = rel if row is None else f"{rel}, row {row}"
            except CorpusError as exc:
                if not self.skip or self.kind == "txt":  # a single file is the whole corpus
                    raise
                self.report.skipped.append(Skipped(rel, row, str(exc)))
                warnings.warn(f"skipped: {exc}", stacklevel=3)
                continue
            if meta is not None:
                record.update(meta.get(record["doc_id"]))
            self.report.loaded += 1
            yield record
        if meta is not None:
            unmatched = meta.unmatched()
            self.report.metadata.extend(unmatched)
            for problem in unmatched:
                warnings.warn(f"metadata: {problem.reason}", stacklevel=3)

    def __iter__(self) -> Iterator[pd.DataFrame]:
        """Yield the documents in DataFrames of at most ``batch_size`` rows."""
        return map(self._frame_of, self._record_batches())

    def columns(self, names: Sequence[str]) -> Iterator[dict[str, list]]:
        """Yield the documents in batches of at most ``batch_size``, as lists of the values of the
        columns ``names`` (name -> list; None where a document has no such value): cheaper than
        DataFrames when a few columns are all that is needed."""
        for batch in self._record_batches():
            yield {name: [record.get(name) for record in batch] for name in names}

    def _record_batches(self) -> Iterator[list[dict]]:
        """Yield the records of the documents in lists of at most ``batch_size``."""
        batch: list[dict] = []
        for record in self.documents():
            batch.append(record)
            if len(batch) >= self.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _frame_of(self, records: list[dict]) -> pd.DataFrame:
        """Return a batch of records as a corpus DataFrame."""
        import pandas as pd

        df = pd.DataFrame.from_records(records)
        df.attrs["options"] = self.options
        return df

    def no_document_error(self) -> CorpusError:
        """Return the error raised when nothing at all could be loaded."""
        error = CorpusError(
            self.name,
            f"no document could be loaded ({len(self.report.skipped)} skipped)",
            "See the warnings above for each skipped document.",
        )
        error.skipped = list(self.report.skipped)
        return error


def load_corpus(
    path: str | Path | pd.DataFrame,
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
    stem), a .csv / .jsonl / .jsonl.gz / .parquet file with a ``text_column``, or a DataFrame with
    one. ``encoding`` applies to every format, for files that are not valid UTF-8 (see
    :func:`decode_bytes`). With ``on_error="skip"``, documents (files or rows) that cannot be loaded
    are skipped with a warning and listed in ``df.attrs["skipped"]``; with ``"raise"`` the first
    problem raises :class:`CorpusError`. Files in a folder that are not .txt are listed in
    ``df.attrs["ignored"]``. ``metadata`` names a metadata CSV kept elsewhere (keyed by doc_id, id
    or file; keys match ids after NFC normalization, and by case when that is unambiguous); its rows
    that match no document or repeat a key are listed in ``df.attrs["metadata_problems"]``. A
    document larger than ``max_bytes`` (a .txt file, or one row's text; None: no limit) is refused
    as soon as that much has been read.

    The package's columns are ``doc_id``, ``source``, ``raw`` and ``text``: a user column with one of
    these names is kept with the prefix ``user_`` (a ``text`` column next to ``--text-column body``
    becomes ``user_text``). Ids are unique: a second document with the same id is refused, naming
    both.

    The normalization ``options`` travel with the corpus (``df.attrs["options"]``): every analysis
    uses them. ``study`` (a :class:`~arabic_news.core.study.Study` or pack name) is recorded in
    ``df.attrs["study"]`` as the study the analyses use by default. For corpora too large for
    memory, read them in batches with :class:`CorpusReader`.
    """
    import pandas as pd

    reader = CorpusReader(
        path,
        encoding=encoding,
        text_column=text_column,
        id_column=id_column,
        on_error=on_error,
        options=options,
        metadata=metadata,
        max_bytes=max_bytes,
    )
    records = list(reader.documents())
    if not records:
        raise reader.no_document_error()
    df = pd.DataFrame.from_records(records).reset_index(drop=True)
    return with_attrs(df, reader.report, options, study)


def with_attrs(df: pd.DataFrame, report: LoadReport, options: NormalizeOptions, study: object = None) -> pd.DataFrame:
    """Return ``df`` with the attributes of a loaded corpus: skipped, ignored, metadata problems,
    normalization options and study."""
    df.attrs["skipped"] = list(report.skipped)
    df.attrs["ignored"] = list(report.ignored)
    df.attrs["metadata_problems"] = list(report.metadata)
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


def group_labels(df: pd.DataFrame, by: str) -> pd.Series:
    """Return the column ``by`` as text labels for per-group tables: a missing value (None, NaN,
    empty) becomes :data:`MISSING_LABEL`, so no document drops out of a table or hides under 'nan'."""

    def label(v: object) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip()):
            return MISSING_LABEL
        return str(v)

    return df[by].map(label)


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
