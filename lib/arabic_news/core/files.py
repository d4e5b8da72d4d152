"""Reading input files safely: only regular files (not FIFOs, devices or sockets), opened without
blocking, and no document above the size limit (refused as soon as that much has been read)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from .decoding import SURROGATE_RE
from .errors import CorpusError

#: documents (a .txt file, or the text of one table row) larger than this are refused unless
#: ``max_bytes`` is raised; table files themselves are read row by row, whatever their size
DEFAULT_MAX_BYTES = 40_000_000


def check_max_bytes(max_bytes: object) -> int | None:
    """Return ``max_bytes`` as a positive int or None (no limit); raise ValueError otherwise."""
    if max_bytes is None:
        return None
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ValueError(f"max_bytes must be a whole number of bytes >= 1, or None for no limit; not {max_bytes!r}")
    return max_bytes


def size_fix(size: int) -> str:
    """Return the advice for a document above the size limit."""
    needed = -(-size // 1_000_000)
    return (
        f"Split it into smaller documents, or raise the limit with `--max-bytes {needed}M` "
        f"(max_bytes={needed}_000_000 in Python; None for no limit)."
    )


def check_normalized_size(norm: str, rel: str, max_bytes: int | None) -> None:
    """Raise CorpusError when the normalized text ``norm`` is above ``max_bytes``: NFKC expands some
    characters (the ligature ﷺ becomes 18 letters and spaces), and the analyses work on that text."""
    if max_bytes is None or len(norm) <= max_bytes // 4:
        return
    size = len(norm.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise CorpusError(
            rel,
            f"the text is {size:,} bytes once normalized (Unicode NFKC spells out ligatures such as ﷺ, up to "
            f"18 characters for one), above the limit of {max_bytes:,} bytes",
            size_fix(size),
        )


_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def not_regular(mode: int, rel: str) -> CorpusError:
    """Return the error for a path that is not a regular file."""
    if stat.S_ISDIR(mode):
        return CorpusError(rel, "is a folder, not a file", "Pass the folder itself or a file inside it.")
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")
    return CorpusError(rel, f"is {kind}, not a regular file", "Pass regular files only (copy the data into a file).")


def _unreadable(rel: str, exc: OSError) -> CorpusError:
    return CorpusError(
        rel, f"cannot be read ({exc.strerror or exc})", "Check the file's permissions and that it is a regular file."
    )


def open_regular(path: Path, rel: str) -> BinaryIO:
    """Return ``path`` opened for binary reading; refuse anything that is not a regular file.

    The file is opened without blocking (a FIFO would otherwise wait for a writer forever) and its
    type is checked on the open descriptor, so it cannot be swapped in between."""
    try:
        if path.is_symlink() and not path.exists():
            raise CorpusError(rel, "is a broken symbolic link", "Point it at an existing file or remove it.")
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise not_regular(mode, rel)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            raise not_regular(mode, rel)
        return os.fdopen(fd, "rb")
    except OSError as exc:
        raise _unreadable(rel, exc) from None


def _read_limited(fh: BinaryIO, rel: str, max_bytes: int | None) -> bytes:
    """Return the content of an open file, refusing it as soon as more than ``max_bytes`` are read."""
    try:
        data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    except OSError as exc:
        raise _unreadable(rel, exc) from None
    if max_bytes is not None and len(data) > max_bytes:
        try:
            size = os.fstat(fh.fileno()).st_size
        except (OSError, ValueError):
            size = 0
        if size > max_bytes:
            raise CorpusError(rel, f"is {size:,} bytes, above the limit of {max_bytes:,} bytes", size_fix(size))
        raise CorpusError(rel, f"is more than the limit of {max_bytes:,} bytes", size_fix(len(data)))
    return data


def read_bytes(path: Path, rel: str, max_bytes: int | None) -> bytes:
    """Return the bytes of the regular file ``path``, refusing it above ``max_bytes``."""
    with open_regular(path, rel) as fh:
        size = os.fstat(fh.fileno()).st_size
        if max_bytes is not None and size > max_bytes:  # refused before reading
            raise CorpusError(rel, f"is {size:,} bytes, above the limit of {max_bytes:,} bytes", size_fix(size))
        return _read_limited(fh, rel, max_bytes)


def safe_name(name: str) -> str:
    """Return a file name as text: bytes that were not UTF-8 (surrogate escapes) become \\xNN."""
    if not SURROGATE_RE.search(name):
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
