"""Outputs that never harm inputs and appear only when complete: a run that fails or is interrupted
leaves the previous output as it was, never a mix of old and new files.

Before any work, :func:`check_output` refuses an output that is, or resolves to, one of the run's
inputs (a corpus file, the corpus folder's ``metadata.csv``, a metadata or lexicon file), anything but
a regular file or a new path (a folder, a device such as ``/dev/null``, a FIFO, a socket, a symbolic
link), and a location that cannot be written. Files (``--output``) are written under a hidden partial
name beside the target (:func:`partial_path`) and put in place together when the run completes
(:func:`commit`): the tables of one run replace every table of the previous run (a table this run
does not write is removed), with the termination signals held back meanwhile and the old files
restored when a rename fails. A folder (the HTML report of ``make run``) is written into a hidden
sibling folder and swapped in whole (:func:`replace_folder`).
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

#: the signals held back while the files of a run are put in place
_HELD = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class OutputError(ValueError):
    """An output that cannot be written as asked (e.g. Parquet to a terminal, or onto an input)."""


def partial_path(output: str | Path | None) -> Path | None:
    """Return the file written while ``output`` is incomplete (None for no output file)."""
    if output is None:
        return None
    out = Path(output)
    return out.with_name(f".{out.name}.partial-{os.getpid()}")


def table_path(output: Path, name: str | None, fmt: str) -> Path:
    """Return the file the table ``name`` of a several-table CSV/Parquet output goes to:
    ``STEM.NAME.SUFFIX`` beside ``output`` (``output`` itself for None)."""
    if name is None:
        return output
    suffix = output.suffix or f".{fmt}"
    return output.with_name(f"{output.name.removesuffix(suffix)}.{name}{suffix}")


def output_files(output: str | Path, fmt: str, tables: Sequence[str] | None) -> list[Path]:
    """Return every file an ``--output`` of ``fmt`` may write: one, or one per table (CSV, Parquet)."""
    out = Path(output)
    if tables and len(tables) > 1 and fmt in ("csv", "parquet"):
        return [table_path(out, name, fmt) for name in tables]
    return [out]


def input_identities(paths: Iterable[str | Path | None], recursive: bool = False) -> tuple[set, list[Path]]:
    """Return the (device, inode) of every input file of ``paths`` (a file, or the files of a folder,
    with its subfolders when ``recursive``), and the corpus folders among ``paths``."""
    ids: set[tuple[int, int]] = set()
    folders: list[Path] = []
    for p in paths:
        if p is None or str(p) == "":
            continue
        try:
            st = os.stat(p)
        except OSError:
            continue
        if not stat.S_ISDIR(st.st_mode):
            ids.add((st.st_dev, st.st_ino))
            continue
        folders.append(Path(p))
        for root, _dirs, files in os.walk(p) if recursive else [(str(p), [], os.listdir(p))]:
            for name in files:
                try:
                    fst = os.stat(os.path.join(root, name))
                except OSError:
                    continue
                if stat.S_ISREG(fst.st_mode):
                    ids.add((fst.st_dev, fst.st_ino))
    return ids, folders


def _kind(mode: int) -> str:
    """Return what a path that is not a regular file is (a folder, a device...)."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def check_output(
    output: str,
    fmt: str,
    tables: Sequence[str] | None = None,
    inputs: Sequence[str | Path | None] = (),
    recursive: bool = False,
) -> None:
    """Raise OutputError unless ``output`` (and, for several tables, each ``STEM.TABLE`` file) is a
    new path or a regular file that is none of the ``inputs`` (files, or corpus folders: their files
    and their ``metadata.csv``), in a folder that exists and can be written."""
    if output == "":
        raise OutputError("the output path is empty. Pass a file name, e.g. --output results.json")
    ids, folders = input_identities(inputs, recursive)
    metadata = {os.path.realpath(f / "metadata.csv") for f in folders}
    for target in output_files(output, fmt, tables):
        name = str(target)
        try:
            st = os.lstat(target)
        except (FileNotFoundError, NotADirectoryError):
            st = None
        except OSError as exc:
            raise OutputError(f"{name}: cannot be checked ({exc.strerror or exc}). Pass another output path") from None
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise OutputError(
                f"{name}: is {_kind(st.st_mode)}, not a regular file; --output writes (and replaces) a regular file. "
                "Pass a new file name (omit --output to print the result)"
            )
        if os.path.realpath(target) in metadata or (st is not None and (st.st_dev, st.st_ino) in ids):
            raise OutputError(
                f"{name}: is an input of this run (a corpus, metadata or lexicon file); writing the result there "
                "would destroy it. Pass another output path"
            )
        _check_writable(target)


def _check_writable(target: Path) -> None:
    """Raise OutputError unless a file can be created beside ``target`` (its folder exists and is writable)."""
    folder = target.parent
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder"
        raise OutputError(f"{target}: the folder {folder} {what}. Create it first, or pass another output path")
    probe = partial_path(target)
    assert probe is not None
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # a partial file of this process: the folder is writable
    except OSError as exc:
        raise OutputError(f"{target}: cannot be written ({exc.strerror or exc}). Pass another output path") from None
    os.close(fd)
    os.unlink(probe)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP in the block (delivered when it ends)."""
    block = getattr(signal, "pthread_sigmask", None)
    if block is None:  # Windows: nothing to hold back
        yield
        return
    old = block(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, old)


def commit(files: Sequence[tuple[Path, Path]], stale: Iterable[Path] = ()) -> None:
    """Put the partial files of a run in place as one unit: every (partial, final) renamed to its
    final name and every ``stale`` file (a table of the previous run this run did not write) removed.
    The signals are held back meanwhile; when a rename fails, the previous files are restored and the
    partial files removed."""
    finals = [final for _partial, final in files] + [p for p in stale if p not in {f for _p, f in files}]
    with signals_held():
        aside: list[tuple[Path, Path]] = []
        placed: list[Path] = []
        try:
            for final in finals:
                if os.path.lexists(final):
                    old = final.with_name(f".{final.name}.old-{os.getpid()}")
                    os.replace(final, old)
                    aside.append((old, final))
            for partial, final in files:
                os.replace(partial, final)
                placed.append(final)
        except BaseException:
            for final in placed:
                final.unlink(missing_ok=True)
            for old, final in aside:
                os.replace(old, final)
            for partial, _final in files:
                partial.unlink(missing_ok=True)
            raise
        for old, _final in aside:
            old.unlink(missing_ok=True)


@contextmanager
def replace_folder(target: str | Path) -> Iterator[Path]:
    """Yield an empty folder to write into; when the block ends normally, it replaces ``target``
    (the old folder is moved aside, the new one renamed in, the old one removed). When the block
    raises, the new folder is removed and ``target`` is left untouched."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.with_name(f".{target.name}.partial-{os.getpid()}")
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        yield work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if target.exists():
        os.replace(target, old)
    os.replace(work, target)
    shutil.rmtree(old, ignore_errors=True)
