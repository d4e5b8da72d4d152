"""The report's HTML post-processing and notebook summaries (no browser needed)."""

import re

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
        '<a href="solutions/00-a-solutions.html">sol</a>'
    )
    assert link_pages('<a href="../00-a.ipynb">back</a>') == '<a href="../00-a.html">back</a>'


# --- sections, lessons, editions --------------------------------------------------------------------


def test_a_cell_holding_several_closing_sections_is_split():
    from arabic_news.cli.report_index import sections

    cells = [
        new_markdown_cell("# 09 · Title\n\nA question?"),
        new_markdown_cell(
            "## Summary\n\n* found\n\n## Limitations\n\n* few\n\n## Your turn\n\n1. x\n\n**Next:** [n](10-x.ipynb)"
        ),
    ]
    found = [(s.heading, s.markdown) for s in sections(cells)]
    assert found == [
        ("", "# 09 · Title\n\nA question?"),
        ("Summary", "* found"),
        ("Limitations", "* few"),
        ("Your turn", "1. x"),
        ("Next", "**Next:** [n](10-x.ipynb)"),
    ]
    summary = summarize(new_notebook(cells=cells), NOTEBOOKS / "09-x.ipynb")
    assert "few" not in summary.summary_html and "few" in summary.limitations_html
    assert "10-x.ipynb" in summary.next_html


def test_exercises_and_the_lesson_they_make():
    from arabic_news.cli.report_index import LAB_MINUTES, exercises, lesson

    turn = (
        "## Your turn\n\n1. **Easy one.** *(10 min · easy)* Do it.\n2. **Long one.** *(60 min · hard)* Then this.\n"
        "3. **Short one.** *(5 min · medium)* And this."
    )
    nb = new_notebook(cells=[new_markdown_cell("# 09 · T\n\n" + " ".join(["word"] * 5990)), new_markdown_cell(turn)])
    assert [(e.number, e.minutes, e.level) for e in exercises(nb.cells)] == [
        (1, 10, "easy"),
        (2, 60, "hard"),
        (3, 5, "medium"),
    ]
    plan = lesson(nb)
    assert plan.reading == 60 and plan.total <= LAB_MINUTES  # 5 setup + 60 + 15 discussion + 10 + 5
    assert [e.number for e in plan.in_class] == [1, 3] and [e.number for e in plan.homework] == [2]
    assert plan.plan().endswith("one 2-hour lab; exercise 2 (60 min) as homework.")
    long = new_notebook(cells=[new_markdown_cell("# 09 · T\n\n" + " ".join(["word"] * 12000)), new_markdown_cell(turn)])
    assert lesson(long).labs == 2 and "two 2-hour labs" in lesson(long).plan()


def _tiny_course(folder):
    """A numbered notebook whose exercises point to its worked solutions, and the solutions."""
    (folder / "solutions").mkdir(parents=True)
    nb = new_notebook(
        cells=[
            new_markdown_cell("# 00 · Tiny\n\nWhat is one plus one?\n\n**Learning goals.**\n\n1. Add."),
            new_code_cell("1 + 1"),
            new_markdown_cell("## Summary\n\nTwo."),
            new_markdown_cell("## Limitations\n\nIntegers only."),
            new_markdown_cell(
                "## Your turn\n\n1. **Add.** *(5 min · easy)* Add three.\n\n"
                "Worked solutions: [solutions/00-tiny-solutions.ipynb](solutions/00-tiny-solutions.ipynb)."
            ),
        ]
    )
    nbformat.write(nb, folder / "00-tiny.ipynb")
    sol = new_notebook(
        cells=[new_markdown_cell("# Solutions · 00\n\n[back](../00-tiny.ipynb)"), new_code_cell("1 + 2")]
    )
    nbformat.write(sol, folder / "solutions" / "00-tiny-solutions.ipynb")
    return folder / "00-tiny.ipynb"


def test_the_instructor_edition_links_the_solutions_and_the_student_edition_names_none(tmp_path):
    from arabic_news.cli.report import build_report

    notebook = _tiny_course(tmp_path / "notebooks")
    build_report(tmp_path / "teacher", [notebook])
    page = (tmp_path / "teacher" / "00-tiny.html").read_text(encoding="utf-8")
    assert 'href="solutions/00-tiny-solutions.html"' in page
    solution = (tmp_path / "teacher" / "solutions" / "00-tiny-solutions.html").read_text(encoding="utf-8")
    assert 'href="../00-tiny.html"' in solution
    build_report(tmp_path / "student", [notebook], student=True)
    pages = {
        p.relative_to(tmp_path / "student").as_posix(): p.read_text(encoding="utf-8")
        for p in (tmp_path / "student").rglob("*.html")
    }
    assert sorted(pages) == ["00-tiny.html", "glossary.html", "index.html"]
    pointers = re.compile(r"solutions/|worked solutions(?! are with your instructor)", re.I)
    assert [name for name, text in pages.items() if pointers.search(text)] == []
    assert "Add three." in pages["00-tiny.html"]  # the exercise stays, its pointer to the solutions goes
