"""The glossary: every Arabic term the notebooks discuss, with gloss, transliteration and camp.

It is assembled from the curated lexicons in ``data/lexicons/`` (so a gloss is written once, where
the term is used) plus ``glossary_extra.csv`` for terms the notebooks explain that no lexicon
lists (linguistic terms such as حركات "harakat", section labels, words used as examples).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .paths import LEXICON_DIR, read_csv_rows
from .text import normalize

#: actors whose favourable framing is typical of the pro-Haftar camp (Egyptian, Emirati, Saudi
#: and LNA media); favourable framing of the others is typical of the pro-GNA camp
PRO_HAFTAR_SIDE = {"haftar", "haftar_forces", "egypt", "sisi", "uae", "russia", "france", "aguila_saleh"}
PRO_GNA_SIDE = {"gna", "gna_leaders", "turkey", "turkey_leaders", "qatar", "muslim_brotherhood"}

COLUMNS = ["term", "transliteration", "gloss_en", "camp", "used_in"]


def _rows(name: str) -> list[dict[str, str]]:
    """Return the rows of one lexicon CSV (empty when the file does not exist)."""
    path = LEXICON_DIR / name
    return read_csv_rows(path) if path.exists() else []


def camp_of(actor: str, polarity: int) -> str:
    """Return which camp typically uses a framing term of ``polarity`` toward ``actor``."""
    if actor in PRO_HAFTAR_SIDE:
        return "pro-Haftar outlets" if polarity > 0 else "outlets hostile to Haftar"
    if actor in PRO_GNA_SIDE:
        return "pro-GNA outlets" if polarity > 0 else "pro-Haftar outlets"
    return "all camps"


def glossary() -> pd.DataFrame:
    """Return one row per Arabic term: term, transliteration, gloss_en, camp, used_in (sorted)."""
    rows: list[dict[str, str]] = []
    for r in _rows("framing.csv"):
        rows.append({"term": r["term"], "transliteration": r.get("transliteration", ""),
                     "gloss_en": r["gloss_en"], "camp": camp_of(r["actor"], int(r["polarity"])),
                     "used_in": "framing lexicon (notebook 03)"})
    for r in _rows("naming_neutral.csv"):
        rows.append({"term": r["term"], "transliteration": r.get("transliteration", ""),
                     "gloss_en": r["gloss_en"], "camp": "neutral or wire wording",
                     "used_in": "neutral names (notebook 03)"})
    for r in _rows("actors.csv"):
        camp = "all camps" if r["kind"] != "descriptor" else "depends on the outlet (see notebook 01)"
        rows.append({"term": r["term"], "transliteration": r.get("transliteration", ""),
                     "gloss_en": r["gloss_en"], "camp": camp, "used_in": "actors (notebook 01)"})
    for name, used_in in (("attribution.csv", "attribution (notebook 01)"),
                          ("time_cues.csv", "dating (notebook 01)")):
        for r in _rows(name):
            rows.append({"term": r["term"], "transliteration": r.get("transliteration", ""),
                         "gloss_en": r["gloss_en"], "camp": "all camps", "used_in": used_in})
    for r in _rows("boilerplate.csv"):
        rows.append({"term": r["phrase"], "transliteration": r.get("transliteration", ""),
                     "gloss_en": r["gloss_en"], "camp": "site templates (not article text)",
                     "used_in": "boilerplate cues (notebook 02)"})
    for r in _rows("glossary_extra.csv"):
        rows.append({k: r.get(k, "") for k in COLUMNS})
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["key"] = table["term"].map(normalize)
    # one row per normalized term: the first source wins, its uses are merged
    merged = table.groupby("key", sort=False).agg(
        {"term": "first", "transliteration": "first", "gloss_en": "first", "camp": "first",
         "used_in": lambda s: "; ".join(dict.fromkeys(s))})
    return merged.sort_values("term").reset_index(drop=True)


def glossary_keys() -> set[str]:
    """Return the normalized forms of every glossary term."""
    return {normalize(t) for t in glossary()["term"]}


def save_glossary_html(path: Path) -> Path:
    """Write the glossary as a right-to-left HTML page to ``path``; return the path."""
    from .render import rtl_table_html

    table = glossary()
    body = rtl_table_html(table, caption="Glossary of the Arabic terms discussed in the notebooks",
                          rtl_columns=["term"])
    path.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                    "<title>Glossary</title><style>body{font-family:'DejaVu Sans',sans-serif;"
                    "margin:2em}td,th{border:1px solid #ccc;padding:2px 6px}table{border-collapse:"
                    "collapse}[dir=rtl]{text-align:right}</style></head><body>"
                    '<p><a href="index.html">Report index</a></p>' + body + "</body></html>",
                    encoding="utf-8")
    return path


_WORD = r"[\u0621-\u064A\u0660-\u0669\u066E-\u06D3\u0640\u064B-\u065F\u0670]+"
#: a run of Arabic words separated by spaces, line breaks or a slash (انضم/ي)
_ARABIC_RUN_RE = re.compile(rf"{_WORD}(?:(?:[ \u00a0\n]+|/){_WORD})*")


def discussed_terms(notebook: Path, max_words: int = 6) -> list[str]:
    """Return the Arabic words and short phrases (up to ``max_words``) in a notebook's Markdown."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    found: dict[str, None] = {}
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for m in _ARABIC_RUN_RE.finditer(cell.source):
            if len(m.group().split()) <= max_words:
                found[m.group()] = None
    return list(found)


def missing_terms(notebooks: list[Path], max_words: int = 3) -> dict[str, list[str]]:
    """Return the Arabic terms (up to ``max_words``) that ``notebooks`` discuss but the glossary
    lacks, with the notebooks that use them; clitic forms of a glossary term count as covered."""
    from .match import PhraseMatcher

    terms = [t for t in glossary()["term"] if normalize(t).strip()]
    keys = {normalize(t) for t in glossary()["term"]}
    matcher = PhraseMatcher(terms)
    missing: dict[str, list[str]] = {}

    def covered(term: str) -> bool:
        if normalize(term) in keys:
            return True
        found = matcher.find(term)
        return len(found) == 1 and (found[0].start, found[0].end) == (0, len(term))

    for nb in notebooks:
        for term in discussed_terms(nb, max_words=max_words):
            # "ة/ه" lists two letters, "انضم/ي" is one word with its feminine ending
            if not (covered(term) or ("/" in term and all(map(covered, term.split("/"))))):
                missing.setdefault(term, []).append(nb.name)
    return missing
