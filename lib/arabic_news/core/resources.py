"""Files that ship inside the package (general lexicons, study packs), read with importlib.resources.

Nothing here reads from the working directory or from the repository around the package: an
installed wheel carries everything it needs.
"""

from __future__ import annotations

import csv
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

#: a file that ships with the package, or a file of the user's (a Path)
Resource = Traversable | Path


def package_root() -> Traversable:
    """Return the installed package folder."""
    return files("arabic_news")


def general_lexicon(name: str) -> Traversable:
    """Return a general Arabic lexicon shipped with the package (``lexicons/NAME``)."""
    return package_root() / "lexicons" / name


def studies_root() -> Traversable:
    """Return the folder of the study packs shipped with the package."""
    return package_root() / "studies"


def read_csv_rows(path: Resource) -> list[dict[str, str]]:
    """Return the rows of a curated CSV file (UTF-8, header row) as dictionaries; the byte-order mark
    Excel writes at the start of a UTF-8 file is dropped."""
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))
