"""The glossary covers every Arabic term the notebooks discuss."""

import pandas as pd
import pytest

from arabic_news import camp_of, discussed_terms, glossary, glossary_page, load_study, missing_terms, normalize
from repo_paths import REPO_ROOT

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").rglob("*.ipynb"))


def test_every_arabic_term_in_the_notebooks_has_a_gloss():
    assert NOTEBOOKS, "no notebooks found"
    assert missing_terms(NOTEBOOKS) == {}


def test_glossary_rows_are_complete_and_unique():
    g = glossary()
    assert list(g.columns) == ["term", "transliteration", "gloss_en", "camp", "used_in", "actor", "category"]
    assert len(g) > 300
    assert not g["gloss_en"].fillna("").str.strip().eq("").any()
    assert not g["camp"].fillna("").str.strip().eq("").any()
    assert g["term"].map(normalize).is_unique


def test_glossary_groups_terms_by_actor_and_category():
    g = glossary().set_index("term")
    assert (g.loc["الجنرال الانقلابي", "actor"], g.loc["الجنرال الانقلابي", "category"]) == (
        "haftar",
        "framing: names and titles",
    )
    assert g.loc["حكومة الوفاق", "actor"] == "gna"
    assert g.loc["بحسب", "category"] == "attribution: according to"
    assert g.loc["لل", "category"] == "letters, clitics and digits"
    assert not g["category"].str.strip().eq("").any()


def test_glossary_knows_the_framing_vocabulary():
    g = glossary().set_index("term")
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
    assert camp_of(load_study(), actor, polarity) == camp


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
    assert missing_terms([path]) == {"كلمةمخترعة": ["y.ipynb"]}


def test_glossary_html_escapes_and_marks_rtl():
    page = glossary_page(load_study())
    assert '<td dir="rtl" style="text-align:right">الجنرال الانقلابي</td>' in page
    assert isinstance(glossary(), pd.DataFrame)
