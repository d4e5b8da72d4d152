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
read row by row: a bad row (encoding, NUL byte, JSON, a repeated JSON key) costs that row, named by
its row and physical line; a header that repeats a column is refused (no value is dropped silently).
Only regular files are read (not FIFOs, devices, or links leading out of the corpus folder); a
folder's subfolders are read with ``recursive=True`` and otherwise reported (``report.folders``).

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
  as that much has been read, and so is one whose normalized text is (NFKC expands some ligatures
  18 times); pass a larger ``max_bytes`` or ``None`` (``--max-bytes`` on the
  command line) to load it anyway. Table files are read row by row, whatever their size.
* **Markup** (HTML, ``<script>``, Markdown) is article text like any other: it is kept as data
  and escaped by every HTML output of the package.
"""

from __future__ import annotations

import gzip
import os
import stat
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib.resources import as_file
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from .decoding import check_encoding, check_text, decode_bytes
from .errors import CorpusError, LoadReport, Skipped
from .files import (
    DEFAULT_MAX_BYTES,
    check_max_bytes,
    check_normalized_size,
    not_regular,
    open_regular,
    read_bytes,
    safe_name,
    size_fix,
)
from .metadata import Metadata
from .readers import (
    Row,
    csv_rows,
    decoded_lines,
    doc_key,
    frame_rows,
    jsonl_rows,
    own_shape,
    parquet_rows,
    repeated,
    row_record,
    with_row,
)
from .text import DEFAULT_OPTIONS, NormalizeOptions, normalize

if TYPE_CHECKING:
    import pandas as pd

    from .context import Context

METADATA_COLUMNS = ("outlet", "date", "title")
TABLE_SUFFIXES = (".csv", ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


def _walk(folder: Path) -> list[Path]:
    """Return every file and folder under ``folder`` (hidden ones and links to folders not entered),
    sorted by their path inside it."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(root, name) for name in (*dirs, *files)]
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


# --- the corpus reader ------------------------------------------------------------------------------


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
        f"{_PASS} (or a DataFrame).",
    )


_PASS = "Pass a .txt file, a folder of .txt files, or a .csv/.jsonl/.jsonl.gz/.parquet file"


class CorpusReader:
    """Read a corpus document by document, in batches of DataFrames with bounded memory.

    Iterating yields DataFrames of at most ``batch_size`` documents (the shape of
    :func:`load_corpus`); :attr:`report` fills up as the reading goes (skipped documents, ignored
    files, subfolders not read, metadata rows that matched nothing). Arguments as for
    :func:`load_corpus`.
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
        recursive: bool = False,
    ) -> None:
        import pandas as pd

        if on_error not in ("raise", "skip"):
            raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, not {batch_size!r}")
        self.max_bytes = check_max_bytes(max_bytes)
        self.source, self.encoding, self.options = source, encoding, options
        self.text_column, self.id_column = text_column, id_column
        self.skip, self.batch_size, self.recursive = on_error == "skip", batch_size, recursive
        self.report = LoadReport()
        self._meta_path = None if metadata is None else Path(metadata)
        self._frame = source if isinstance(source, pd.DataFrame) else None
        if self._frame is not None and repeated(self._frame.columns) is not None:
            raise CorpusError(
                "DataFrame",
                f"has two columns named {repeated(self._frame.columns)!r}, so one column's values would be lost",
                "Rename one of them.",
            )
        if self._frame is not None and own_shape(self._frame, text_column, id_column):
            # a corpus DataFrame (from load_corpus): its raw text and ids, its sources kept
            self._frame = self._frame.drop(columns=["text"], errors="ignore")
            self.text_column, self.id_column = "raw", "doc_id"
        self.name = "DataFrame" if self._frame is not None else (Path(source).name or str(source))
        check_encoding(encoding, self.name)
        self.path: Path | None = None
        self.kind = "frame"
        self.files: list[Path] = []
        if self._frame is None:
            if isinstance(source, str) and not source.strip():
                raise CorpusError(repr(source), "is an empty path", f"{_PASS}.")
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
        """List the .txt files of the folder (and of its subfolders with ``recursive``), its
        metadata.csv, the other files and the subfolders not read."""
        assert self.path is not None
        try:
            entries = sorted(self.path.iterdir()) if not self.recursive else _walk(self.path)
        except OSError as exc:
            raise CorpusError(
                str(self.path), f"cannot be listed ({exc.strerror or exc})", "Check the folder's permissions."
            ) from None
        visible = [p for p in entries if not p.name.startswith(".")]
        folders = [p for p in visible if p.is_dir() and (self.recursive or p.suffix.lower() != ".txt")]
        self.files = [p for p in entries if p.suffix.lower() == ".txt" and p not in folders]
        self.report.ignored = [
            self._rel(p)
            for p in visible
            if p.suffix.lower() != ".txt" and p.name != "metadata.csv" and p not in folders
        ]
        if not self.recursive:
            self.report.folders = [self._rel(p) for p in folders]
        if not self.files:
            sub = self.report.folders
            raise CorpusError(
                str(self.path),
                "has no .txt files" + (f" (it has {len(sub)} subfolder(s): {', '.join(sub[:3])})" if sub else ""),
                "Pass --recursive (recursive=True) to read the .txt files of its subfolders."
                if sub
                else "Put one article per .txt file in the folder, or pass a CSV/JSONL file.",
            )
        if self._meta_path is None and (self.path / "metadata.csv").exists():
            self._meta_path = self.path / "metadata.csv"

    def _rel(self, f: Path) -> str:
        """Return the name of a file of the folder as reports show it: its path inside the folder."""
        assert self.path is not None
        return safe_name(f.relative_to(self.path).as_posix())

    # -- documents, one at a time

    def _folder_records(self) -> Iterator[tuple[str, int | None, Callable[[], dict]]]:
        """Yield (file name, None, a function returning the record) for each .txt file."""
        assert self.path is not None
        root = self.path.resolve()
        for f in self.files:
            rel = self._rel(f)

            def load(f: Path = f, rel: str = rel) -> dict:
                if f.is_symlink() and f.exists() and not f.resolve().is_relative_to(root):
                    mode = os.stat(f).st_mode
                    if not stat.S_ISREG(mode):
                        raise not_regular(mode, rel)
                    raise CorpusError(
                        rel,
                        "is a symbolic link to a file outside the corpus folder",
                        "Copy the file into the folder, or pass it by its own path.",
                    )
                return self._txt_record(f, rel)

            yield rel, None, load

    def _txt_record(self, f: Path, rel: str) -> dict:
        """Return the record of one .txt file (its id: its path in the folder without the suffix)."""
        text = decode_bytes(read_bytes(f, rel, self.max_bytes), rel, self.encoding)
        norm = normalize(text, self.options)
        check_text(text, norm, rel)
        check_normalized_size(norm, rel, self.max_bytes)
        return {"doc_id": doc_key(rel[: -len(f.suffix)] if f.suffix else rel), "source": rel, "raw": text, "text": norm}

    def _rows(self, fh: BinaryIO | None) -> Iterator[Row]:
        """Yield the rows of the table (or DataFrame) being read."""
        assert self.kind in ("table", "parquet", "frame")
        if self.kind == "frame":
            yield from frame_rows(self._frame)  # type: ignore[arg-type]
            return
        assert self.path is not None
        rel = safe_name(self.path.name)
        if self.kind == "parquet":
            yield from parquet_rows(self.path, rel)
            return
        assert fh is not None
        lines = decoded_lines(fh, rel, self.encoding, self.max_bytes)
        if self.path.name.lower().endswith(".csv"):
            yield from csv_rows(lines, rel, self.text_column, self.max_bytes)
        else:
            yield from jsonl_rows(lines, rel)

    def _open_table(self) -> BinaryIO | None:
        """Return the table file opened for reading (decompressed for .gz); None for Parquet and frames."""
        if self.kind not in ("table",):
            return None
        assert self.path is not None
        rel = safe_name(self.path.name)
        fh = open_regular(self.path, rel)
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

                def load(row: Row = row) -> dict:
                    if row.problem is not None:
                        raise row.problem
                    try:
                        return self._checked(row, rel, stem)
                    except CorpusError as exc:
                        raise with_row(exc, row.row, row.line) from None

                yield rel, row.row, load
        finally:
            if fh is not None:
                fh.close()
                if raw_fh is not None:
                    raw_fh.close()

    def _checked(self, row: Row, rel: str, stem: str) -> dict:
        """Return the record of a table row that passes every check (the size first)."""
        assert row.fields is not None
        text = row.fields.get(self.text_column)
        if self.max_bytes is not None and isinstance(text, str) and len(text) > self.max_bytes // 4:
            size = len(text.encode("utf-8", "surrogatepass"))
            if size > self.max_bytes:
                raise CorpusError(
                    rel, f"the text is {size:,} bytes, above the limit of {self.max_bytes:,} bytes", size_fix(size)
                )
        record = row_record(row.fields, row.row, rel, stem, self.text_column, self.id_column, self.options)
        check_normalized_size(record["text"], rel, self.max_bytes)
        if self.kind == "frame" and "user_source" in record and self.text_column == "raw":
            record["source"] = record.pop("user_source")
        return record

    def documents(self) -> Iterator[dict]:
        """Yield the record of each document that loads (doc_id, source, raw, text, metadata)."""
        meta = None
        if self._meta_path is not None:
            meta = Metadata(self._meta_path, self.encoding, self.max_bytes, self.report)
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
        import pandas as pd

        for records in self.batches():
            yield pd.DataFrame.from_records(records)

    def columns(self, names: Sequence[str]) -> Iterator[dict[str, list]]:
        """Yield the documents in batches of at most ``batch_size``, as lists of the values of the
        columns ``names`` (name -> list; None where a document has no such value): cheaper than
        DataFrames when a few columns are all that is needed."""
        for batch in self.batches():
            yield {name: [record.get(name) for record in batch] for name in names}

    def batches(self) -> Iterator[list[dict]]:
        """Yield the records of the documents (doc_id, source, raw, text, metadata) in lists of at
        most ``batch_size``: what the engines send to their workers."""
        batch: list[dict] = []
        for record in self.documents():
            batch.append(record)
            if len(batch) >= self.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def no_document_error(self) -> CorpusError:
        """Return the error raised when nothing at all could be loaded."""
        if not self.report.skipped:
            error = CorpusError(self.name, "has no documents (no rows)", "Pass a file with at least one article.")
            error.skipped = []
            return error
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
    recursive: bool = False,
) -> pd.DataFrame:
    """Return a DataFrame with one row per document: doc_id, source, raw, text and metadata.

    ``path`` is a .txt file, a folder of .txt files (with an optional ``metadata.csv`` keyed by file
    stem), a .csv / .jsonl / .jsonl.gz / .parquet file with a ``text_column``, or a DataFrame with
    one. ``encoding`` applies to every format, for files that are not valid UTF-8 (see
    :func:`decode_bytes`). With ``on_error="skip"``, documents (files or rows) that cannot be loaded
    are skipped with a warning and listed in ``df.attrs["skipped"]``; with ``"raise"`` the first
    problem raises :class:`CorpusError`. Files in a folder that are not .txt are listed in
    ``df.attrs["ignored"]``, its subfolders in ``df.attrs["folders"]`` (``recursive=True`` reads
    their .txt files, named by their path inside the folder: ``2020/a.txt``, id ``2020/a``).
    ``metadata`` names a metadata CSV kept elsewhere (keyed by doc_id, id or file; keys match ids
    after NFC normalization, and by case when that is unambiguous); its rows that match no document
    or repeat a key are listed in ``df.attrs["metadata_problems"]``. A document larger than
    ``max_bytes`` (a .txt file, or one row's text, also once normalized; None: no limit) is refused
    as soon as that much has been read. ``recursive``: read the subfolders of a folder too.

    The package's columns are ``doc_id``, ``source``, ``raw`` and ``text`` (the raw text normalized
    with ``options``, for reading and counting): a user column with one of these names is kept with
    the prefix ``user_`` (a ``text`` column next to ``--text-column body`` becomes ``user_text``).
    Ids are unique: a second document with the same id is refused, naming both. The analyses take
    the study and the options from a :class:`~arabic_news.core.context.Context`, not from the
    DataFrame. For corpora too large for memory, read them in batches with :class:`CorpusReader`.
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
        recursive=recursive,
    )
    records = list(reader.documents())
    if not records:
        raise reader.no_document_error()
    df = pd.DataFrame.from_records(records).reset_index(drop=True)
    df.attrs.update(reader.report.attrs())
    return df


def load_case_study(ctx: Context) -> pd.DataFrame:
    """Return the articles of the context's study pack with their metadata joined, normalized with
    the context's options."""
    from .errors import StudyError

    pack = ctx.study
    if pack.articles is None:
        raise StudyError(pack.name, "has no articles", "Name a folder of .txt files under [corpus] in its manifest.")
    with as_file(pack.articles) as folder:
        metadata = pack.metadata
        if metadata is None:
            return load_corpus(folder, options=ctx.options)
        with as_file(metadata) as meta:
            return load_corpus(folder, options=ctx.options, metadata=meta)
