"""Outputs that appear only when complete: a run that fails or is interrupted leaves the previous
output as it was, never a mix of old and new files.

Files (``--output``) are written under a hidden partial name beside the target and renamed into
place at the end (:func:`partial_path`, :func:`publish`, :func:`discard`); a folder (the HTML
report of ``make run``) is written into a hidden sibling folder and swapped in whole
(:func:`replace_folder`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def partial_path(output: str | Path | None) -> Path | None:
    """Return the file written while ``output`` is incomplete (None for no output file)."""
    if output is None:
        return None
    out = Path(output)
    return out.with_name(f".{out.name}.partial-{os.getpid()}")


def publish(output: str | Path | None) -> None:
    """Rename the complete partial files of ``output`` into place (several for CSV/Parquet tables:
    ``.NAME.partial-PID.TABLE.csv`` becomes ``NAME.TABLE.csv``)."""
    partial = partial_path(output)
    if partial is None:
        return
    for f in partial.parent.glob(f"{partial.name}*"):
        os.replace(f, f.with_name(Path(output).name + f.name[len(partial.name) :]))  # type: ignore[arg-type]


def discard(output: str | Path | None) -> None:
    """Remove the partial files of an ``output`` whose run failed."""
    partial = partial_path(output)
    if partial is not None:
        for f in partial.parent.glob(f"{partial.name}*"):
            f.unlink(missing_ok=True)


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
