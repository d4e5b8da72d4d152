"""Paths of the repository's data, resolved from the package, never from the working directory."""

from __future__ import annotations

import csv
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent.parent
DATA_DIR = REPO_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
LEXICON_DIR = DATA_DIR / "lexicons"
METADATA_CSV = DATA_DIR / "metadata.csv"
BUILD_DIR = REPO_ROOT / "build"


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """Return the rows of a curated CSV file (UTF-8, header row) as dictionaries."""
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
