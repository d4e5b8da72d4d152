"""The report's HTML post-processing and notebook summaries (no browser needed)."""

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from arabic_news.cli.report import first_strong_is_arabic, link_pages, make_offline, mark_rtl, summarize
from repo_paths import NOTEBOOKS


def test_blocks_starting_in_arabic_get_dir_rtl_and_others_do_not():
    page = (
        "<p>حفتر in Cairo</p><p>Haftar (حفتر) in Cairo</p><li><b>قائد</b> الجيش</li>"
        '<td dir="ltr">حفتر</td><h2>1. Arabic</h2>'
    )
    assert mark_rtl(page) == (
        '<p dir="rtl">حفتر in Cairo</p><p>Haftar (حفتر) in Cairo</p><li dir="rtl"><b>قائد</b> الجيش</li>'
        '<td dir="ltr">حفتر</td><h2>1. Arabic</h2>'
    )


def test_first_strong_character_ignores_tags_digits_and_punctuation():
    assert first_strong_is_arabic('<span class="x">12, «حفتر»</span>')
    assert not first_strong_is_arabic("12 <i>LNA</i> حفتر")


def test_remote_scripts_and_stylesheets_are_removed():
    page = (
        '<script src="https://cdn.example/require.js"></script>'
        '<link rel="stylesheet" href="https://cdn.example/x.css">'
        '<script type="module">if (x) { await import("https://cdn.example/m.mjs") }</script>'
        "<script>var local = 1;</script>"
    )
    assert make_offline(page) == "<script>var local = 1;</script>"


def test_summary_extracts_goals_and_escapes_markup(tmp_path):
    nb = new_notebook(
        cells=[
            new_markdown_cell(
                "# 09 · A title\n\nWhat do outlets say?\n\n**Learning goals.**\n\n"
                "1. Count words.\n2. Read <b>tables</b>."
            ),
            new_markdown_cell("## 1. Counting"),
            new_markdown_cell("## Summary\n\nWe found <script>alert(1)</script> **three** things."),
            new_code_cell("x", outputs=[new_output("stream", name="stdout", text="<img src=x> 42\n")]),
            new_markdown_cell("## Limitations\n\nMany."),
        ]
    )
    summary = summarize(nb, tmp_path / "09-a-title.ipynb")
    assert summary.title == "09 · A title"
    assert summary.question == "What do outlets say?"
    assert summary.goals == ["Count words.", "Read <b>tables</b>."]
    assert "<script>" not in summary.summary_html
    assert "&lt;script&gt;" in summary.summary_html
    assert "<strong>three</strong>" in summary.summary_html
    assert "&lt;img src=x&gt; 42" in summary.summary_html
    assert "Many" not in summary.summary_html
    assert summary.html_name == "09-a-title.html"


def test_notebooks_are_readable():
    from arabic_news.cli.report import numbered_notebooks

    notebooks = numbered_notebooks(NOTEBOOKS)
    assert notebooks[0].name == "00-corpus-and-arabic-text.ipynb"
    for path in notebooks:
        assert nbformat.read(path, as_version=4).cells


def test_links_between_notebooks_point_at_report_pages():
    page = (
        '<a href="01-source-comparison.ipynb">next</a> <a href="02-x.ipynb#summary">s</a> '
        '<a href="solutions/00-a-solutions.ipynb">sol</a>'
    )
    assert link_pages(page) == (
        '<a href="01-source-comparison.html">next</a> <a href="02-x.html#summary">s</a> '
        '<a href="solutions/00-a-solutions.ipynb">sol</a>'
    )
