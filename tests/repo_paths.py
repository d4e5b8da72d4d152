"""Paths of the repository the tests read (the package itself never reads outside its folder)."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = REPO_ROOT / "data" / "raw"
EXAMPLES = REPO_ROOT / "lib" / "arabic_news" / "studies" / "libya-2019-2020" / "examples"
FIXTURES = REPO_ROOT / "tests" / "fixtures"
PACKS = REPO_ROOT / "lib" / "arabic_news" / "studies"
METADATA_CSV = PACKS / "libya-2019-2020" / "metadata.csv"
BUILD_DIR = REPO_ROOT / "build"
NOTEBOOKS = REPO_ROOT / "notebooks"
