"""The glossary covers every Arabic term the notebooks discuss."""

import re
from pathlib import Path

import pandas as pd
import pytest

from arabic_news import PhraseMatcher, Study, load_study, normalize
from arabic_news.cli.report import glossary_page
from arabic_news.core.glossary import camp_of, glossary
from repo_paths import REPO_ROOT

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").rglob("*.ipynb"))
LIBYA = load_study("libya-2019-2020")


# --- the Arabic terms a notebook discusses (read from its Markdown) -----------------------------

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


def missing_terms(notebooks: list[Path], study: Study, max_words: int = 3) -> dict[str, list[str]]:
    """Return the Arabic terms (up to ``max_words``) that ``notebooks`` discuss but the glossary
    lacks, with the notebooks that use them; clitic forms of a glossary term count as covered."""
    table = glossary(study)
    terms = [t for t in table["term"] if normalize(t).strip()]
    keys = {normalize(t) for t in table["term"]}
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


# --- the checks ---------------------------------------------------------------------------------


#: the study pack whose glossary covers a notebook (by its number, solutions included); the others: Libya's
PACK_OF = {"04": "syria-idlib-2019-2020"}


def test_every_arabic_term_in_the_notebooks_has_a_gloss():
    assert NOTEBOOKS, "no notebooks found"
    by_pack: dict[str, list[Path]] = {}
    for nb in NOTEBOOKS:
        by_pack.setdefault(PACK_OF.get(nb.name[:2], "libya-2019-2020"), []).append(nb)
    assert len(by_pack) == 2
    for pack, notebooks in by_pack.items():
        assert missing_terms(notebooks, load_study(pack)) == {}, pack


def test_glossary_rows_are_complete_and_unique():
    g = glossary(LIBYA)
    assert list(g.columns) == ["term", "transliteration", "gloss_en", "camp", "used_in", "actor", "category"]
    assert len(g) > 300
    assert not g["gloss_en"].fillna("").str.strip().eq("").any()
    assert not g["camp"].fillna("").str.strip().eq("").any()
    assert g["term"].map(normalize).is_unique


def test_glossary_groups_terms_by_actor_and_category():
    g = glossary(LIBYA).set_index("term")
    assert (g.loc["الجنرال الانقلابي", "actor"], g.loc["الجنرال الانقلابي", "category"]) == (
        "haftar",
        "framing: names and titles",
    )
    assert g.loc["حكومة الوفاق", "actor"] == "gna"
    assert g.loc["بحسب", "category"] == "attribution: according to"
    assert g.loc["لل", "category"] == "letters, clitics and digits"
    assert not g["category"].str.strip().eq("").any()


def test_glossary_knows_the_framing_vocabulary():
    g = glossary(LIBYA).set_index("term")
    assert g.loc["الجنرال الانقلابي", "camp"] == "pro-GNA outlets"
    assert "putschist" in g.loc["الجنرال الانقلابي", "gloss_en"].lower()
    assert g.loc["لل", "camp"] == "clitic"


@pytest.mark.parametrize(
    "actor, polarity, camp",
    [
        ("haftar", 1, "pro-Haftar outlets"),
        ("haftar", -1, "pro-GNA outlets"),
        ("gna", 1, "pro-GNA outlets"),
        ("turkey", -1, "pro-Haftar outlets"),
        ("un", 1, "all camps"),
    ],
)
def test_camp_of(actor, polarity, camp):
    assert camp_of(LIBYA, actor, polarity) == camp


def test_discussed_terms_reads_markdown_only(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook(
        cells=[
            new_markdown_cell(
                "The word حفتر (*Ḥaftar*) and انضم/ي إلى المناقشة, split\nover lines: زر الذهاب إلى\nالأعلى."
            ),
            new_code_cell("'قوات'"),
        ]
    )
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    assert discussed_terms(path) == ["حفتر", "انضم/ي إلى المناقشة", "زر الذهاب إلى\nالأعلى"]


def test_unknown_terms_are_reported(tmp_path):
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook

    path = tmp_path / "y.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell("للجيش and كلمةمخترعة")]), path)
    assert missing_terms([path], LIBYA) == {"كلمةمخترعة": ["y.ipynb"]}


def test_glossary_html_escapes_and_marks_rtl():
    page = glossary_page(LIBYA)
    assert '<td dir="rtl" style="text-align:right">الجنرال الانقلابي</td>' in page
    assert isinstance(glossary(LIBYA), pd.DataFrame)


def test_names_and_titles_take_the_camp_of_the_framing_terms_they_hold():
    g = glossary(LIBYA).set_index("term")
    assert g.loc["قائد مليشيات شرق ليبيا", "camp"] == "pro-GNA outlets"  # "leader of the militias of eastern Libya"
    assert g.loc["قائد الجيش الوطني الليبي", "camp"] == "pro-Haftar outlets"  # "commander of the LNA"
    assert g.loc["المشير", "camp"] == "pro-Haftar outlets"  # "the field marshal": part of favourable titles only
    camps = {c.outlets for c in LIBYA.camps}
    assert g.loc["خليفة حفتر", "camp"] not in camps  # the plain name: part of both camps' phrases


@pytest.mark.parametrize("pack", ["libya-2019-2020", "yemen-2015"])
def test_no_term_of_all_camps_holds_a_framing_term_of_one_camp(pack):
    study = load_study(pack)
    framing = study.framing[study.framing["polarity"].astype(int) != 0]
    sides = {normalize(r["term"]): (r["actor"], int(r["polarity"])) for r in framing.to_dict("records")}
    matcher = PhraseMatcher(list(framing["term"]))
    table = glossary(study)
    wrong = []
    for row in table[table["camp"] == "all camps"].to_dict("records"):
        camps = {
            camp_of(study, sides[normalize(m.term)][0] or row["actor"], sides[normalize(m.term)][1])
            for m in matcher.find(row["term"])
        }
        if len(camps) == 1 and camps != {"all camps"}:
            wrong.append((row["term"], row["gloss_en"], camps.pop()))
    assert wrong == []


def test_the_student_glossary_names_no_solution_and_leaves_out_their_terms():
    from arabic_news.cli.report_glossary import glossary_page, student_glossary

    full = glossary(LIBYA)
    student = student_glossary(full)
    assert not student["used_in"].str.contains("solutions").any()
    assert "بنك" in set(full["term"]) and "بنك" not in set(student["term"])  # "bank": the answer to an exercise
    assert len(student) > 300
    page = glossary_page(LIBYA, student=True)
    assert "solutions" not in page and "بنك" not in page
