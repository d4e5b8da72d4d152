"""Bidirectional isolation: the checker finds unisolated Arabic in English Markdown, the fixer inserts
the isolates, table cells isolate the runs of the other script, and every notebook's Markdown is clean."""

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st

from arabic_news.display.bidi import arabic_in_code, is_mixed, isolate_cell, isolate_markdown, unisolated_runs
from repo_paths import NOTEBOOKS

ALL_NOTEBOOKS = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")) + sorted((NOTEBOOKS / "solutions").glob("*.ipynb"))


@pytest.mark.parametrize(
    "markdown, expected",
    [
        # a change example: each side isolated, the arrow between them in the English text
        ("| `teh_marbuta` | ة → ه |", "| `teh_marbuta` | <bdi>ة</bdi> → <bdi>ه</bdi> |"),
        # a term and its gloss: the parentheses stay outside the isolate
        ('حكومة (*ḥukūma*, "government")', '<bdi>حكومة</bdi> (*ḥukūma*, "government")'),
        # a quotation with an Arabic comma and a quoted name is one run, its closing quote included
        ('ذكرت مصادر مصرية، لـ"العربي الجديد" ("told")', '<bdi>ذكرت مصادر مصرية، لـ"العربي الجديد"</bdi> ("told")'),
        # a slash between letters joins (أغسطس/آب), a spaced slash separates two items
        ("أغسطس/آب and مصر / ليبيا", "<bdi>أغسطس/آب</bdi> and <bdi>مصر</bdi> / <bdi>ليبيا</bdi>"),
        # numbers inside or attached to an Arabic run belong to it
        ("رصيف22 and منذ 7 ساعات", "<bdi>رصيف22</bdi> and <bdi>منذ 7 ساعات</bdi>"),
        # a run wrapped over two lines of Markdown stays one run; a blank line ends it
        ("زر الذهاب\nإلى الأعلى.\n\nحفتر", "<bdi>زر الذهاب\nإلى الأعلى</bdi>.\n\n<bdi>حفتر</bdi>"),
        # existing isolates, link targets and HTML tags are left alone; inline code gets an isolate inside
        ("<bdi>حفتر</bdi> [x](a/ب.md) `قوات`", "<bdi>حفتر</bdi> [x](a/ب.md) <code><bdi>قوات</bdi></code>"),
    ],
)
def test_isolate_markdown(markdown, expected):
    assert isolate_markdown(markdown) == expected
    assert unisolated_runs(expected) == []


def test_the_checker_reports_what_is_missing():
    runs = unisolated_runs("The word حفتر (*Ḥaftar*) and <bdi>قوات</bdi>, then code:\n```\nحفتر\n```")
    assert [(r.text, r.start) for r in runs] == [("حفتر", 9)]
    assert arabic_in_code("a `'حفتر'` b `x`") == ["`'حفتر'`"]


@given(st.text(alphabet='حفتر قوات→ (Haftar)"،.\n', max_size=40))
def test_the_fixer_is_idempotent_and_leaves_nothing_unisolated(text):
    once = isolate_markdown(text)
    assert isolate_markdown(once) == once
    assert unisolated_runs(once) == []
    assert once.replace("<bdi>", "").replace("</bdi>", "") == text  # only isolates are inserted


def test_mixed_cells_are_isolated_in_their_first_letter_s_direction():
    # Arabic term first: right to left, the English gloss and count isolated as one run
    assert isolate_cell("مليشيات حفتر (Haftar's militias) x3") == (
        "مليشيات حفتر <bdi>(Haftar&#x27;s militias) x3</bdi>",
        "rtl",
    )
    # English first: left to right, the Arabic isolated
    assert isolate_cell("Egypt: مصر") == ("Egypt: <bdi>مصر</bdi>", "ltr")
    # a change example: left to right whatever comes first, so the arrow points from A to B
    assert isolate_cell("حكومة → حكومه") == ("<bdi>حكومة</bdi> → <bdi>حكومه</bdi>", "ltr")
    # plain Arabic, numbers included, needs no isolate
    assert isolate_cell("منذ 7 ساعات") == ("منذ 7 ساعات", "rtl")
    assert not is_mixed("منذ 7 ساعات") and is_mixed("ة → ه")


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.name)
def test_every_arabic_run_in_notebook_markdown_is_isolated(path):
    nb = nbformat.read(path, as_version=4)
    missing = [
        (i, r.text) for i, c in enumerate(nb.cells) if c.cell_type == "markdown" for r in unisolated_runs(c.source)
    ]
    assert missing == [], f"run arabic_news.isolate_markdown on these cells: {missing[:5]}"


@pytest.mark.parametrize(
    "cell, expected",
    [
        # a right-to-left cell: the English note with its sign, number and both brackets is one isolate
        ("الجيش الوطني (+1, intensity 0)", ("الجيش الوطني <bdi>(+1, intensity 0)</bdi>", "rtl")),
        # a left-to-right cell: the Arabic phrase with its hashtag stays one right-to-left unit
        ("militias (مليشيات #حفتر)", ("militias (<bdi>مليشيات #حفتر</bdi>)", "ltr")),
        # a Latin comma or a spaced slash separates the items of an English list
        ("أ, إ → ا", ("<bdi>أ</bdi>, <bdi>إ</bdi> → <bdi>ا</bdi>", "ltr")),
        ("part of المعترف بها دوليا", ("part of <bdi>المعترف بها دوليا</bdi>", "ltr")),
        # punctuation after the Arabic stays with it; a bracket opened in the Arabic text stays there
        ("القاهرة (Cairo)، مصر", ("القاهرة <bdi>(Cairo)</bdi>، مصر", "rtl")),
        ("x (مصر والإمارات) – ، تشن y", ("x <bdi>(مصر والإمارات) – ، تشن</bdi> y", "ltr")),
        # a reader comment as the notebooks show it
        ("منذ 7 ساعات [reader comment, 16 words]", ("منذ 7 ساعات <bdi>[reader comment, 16 words]</bdi>", "rtl")),
    ],
)
def test_every_run_of_the_other_script_is_isolated_with_what_belongs_to_it(cell, expected):
    assert isolate_cell(cell) == expected
