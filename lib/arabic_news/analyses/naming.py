"""How each document (or outlet) names an actor: one table for every kind of naming evidence.

The input is a table of naming mentions, one row per occurrence: the group it belongs to (a
document or an outlet), the term, its gloss and, when the lexicon gives one, its polarity (+1
legitimizing, 0 neutral, -1 delegitimizing). :func:`~arabic_news.analyses.sources.naming_mentions`
(titles and descriptors of the actor lexicon) and :func:`~arabic_news.analyses.stance.naming_hits`
(names and labels of the framing lexicon) both produce it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: the columns that describe a term (kept when present), in this order
TERM_COLUMNS = ("term", "gloss_en", "transliteration", "refers_to", "polarity")


def naming_table(mentions: pd.DataFrame, by: str = "doc_id", groups: Sequence[str] | None = None) -> pd.DataFrame:
    """Return one row per term: its description columns, one count column per group of ``by``
    (``groups`` fixes their order and includes groups without mentions) and ``total``; sorted by
    polarity (favourable first) or by what the term refers to, when known, then by total and term."""
    import pandas as pd

    described = [c for c in TERM_COLUMNS if c in mentions.columns]
    groups = list(dict.fromkeys(str(g) for g in (groups if groups is not None else mentions[by])))
    if mentions.empty:
        return pd.DataFrame(columns=described + groups + ["total"])
    counts = pd.crosstab([mentions[c] for c in described], mentions[by].astype(str))
    counts = counts.reindex(columns=groups, fill_value=0).reset_index()
    counts.columns.name = None
    counts["total"] = counts[groups].sum(axis=1)
    first = [(c, up) for c, up in (("polarity", False), ("refers_to", True)) if c in described]
    keys = [c for c, _up in first] + ["total", "term"]
    ascending = [up for _c, up in first] + [False, True]
    return counts.sort_values(keys, ascending=ascending, kind="stable").reset_index(drop=True)
