"""Outputs that appear only when complete: a run that fails or is interrupted leaves the previous
output as it was, never a mix of old and new files.

Files (``--output``) are written under a hidden partial name beside the target (:func:`partial_path`)
and renamed into place when the run completes (:class:`arabic_news.cli.formats.Writer`); a folder
(the HTML report of ``make run``) is written into a hidden sibling folder and swapped in whole
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
