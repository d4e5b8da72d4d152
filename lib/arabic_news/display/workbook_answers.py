"""Reading a student's answers to the notebooks' exercises: answers keyed by article (by its file
number), compared with what the package computes, with a message that names what differs, never the
right value. Shared by the self-checks of :mod:`arabic_news.display.workbook`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from ..core.context import Context


def article_number(key: object) -> str | None:
    """Return the three-digit file number a key names ("000", "000_0aad...", "Site A [000]")."""
    m = re.search(r"(?<!\d)(\d{3})(?!\d)", str(key))
    return m.group(1) if m else None


def by_article(answer: object, what: str) -> tuple[dict[str, Any] | None, str]:
    """Return ``answer`` keyed by three-digit article numbers, or None and what is wrong with it."""
    if not isinstance(answer, Mapping):
        return None, f"Give a dict {{article: {what}}} with one entry per article, keyed by its number ('000')."
    keyed = {article_number(k): v for k, v in answer.items()}
    if None in keyed:
        return None, "Key each article by its number ('000'), its doc_id or a label that holds the number."
    return keyed, ""


def compare(mine: Mapping[str, Any], truth: Mapping[str, Any], what: str, hint: str) -> tuple[bool, str]:
    """Return (right, message) for per-article answers compared with the computed ones."""
    missing = sorted(set(truth) - set(mine))
    if missing:
        return (
            False,
            f"Your answer has {len(truth) - len(missing)} of the {len(truth)} articles; missing: " + ", ".join(missing),
        )
    wrong = sorted(k for k in truth if mine[k] != truth[k])
    if wrong:
        return (
            False,
            f"The {what} of {len(wrong)} article(s) ({', '.join(wrong)}) differ from what the package finds. {hint}",
        )
    return True, ""


def case_study(ctx: Context) -> pd.DataFrame:
    """Return the context's case-study articles."""
    from ..core.corpus import load_case_study

    return load_case_study(ctx)


def file_numbers(df: pd.DataFrame) -> list[str]:
    """Return the three-digit file numbers of a corpus's documents."""
    return [article_number(d) or str(d) for d in df["doc_id"]]
