"""The HTML report and the notebooks in a real browser: headless Chromium loads every page, reports no
console error, fetches nothing from the network, and lays text out in the right *visual* order: the
on-screen x positions of the parts of change examples (A, arrow, B), of Arabic terms and their English
glosses, of mixed table cells and of concordances (before, keyword, after from right to left) are
compared, in the report and in the notebooks rendered as JupyterLab renders them (nbconvert's lab
template). Arabic text is drawn with the embedded Arabic face. Screenshots of each checked place are
left under build/screenshots/ for a person to look at.

`make test` installs Debian's chromium and chromium-driver when they are missing.
"""

import re
import shutil
import tempfile
from pathlib import Path

import pytest

from arabic_news.cli.report import build_report, numbered_notebooks
from repo_paths import BUILD_DIR, NOTEBOOKS

SCREENSHOTS = BUILD_DIR / "screenshots"

# For every Arabic cell: its computed direction, and whether its first letter is drawn to the
# right of its last letter (what right-to-left layout means on screen).
RTL_CHECK_JS = """
const cells = Array.from(document.querySelectorAll('td[dir="rtl"], th[dir="rtl"]'));
return cells.slice(0, 200).map(cell => {
  const text = cell.firstChild;
  if (!text || text.nodeType !== Node.TEXT_NODE || text.length < 2) return null;
  const first = document.createRange(); first.setStart(text, 0); first.setEnd(text, 1);
  const last = document.createRange(); last.setStart(text, text.length - 1); last.setEnd(text, text.length);
  const a = first.getBoundingClientRect(), b = last.getBoundingClientRect();
  return {text: text.data.slice(0, 40), direction: getComputedStyle(cell).direction,
          firstRight: a.right, lastLeft: b.left, sameLine: Math.abs(a.top - b.top) < 2};
}).filter(x => x !== null);
"""


def _driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        pytest.fail(
            "chromium and chromedriver are needed: `make test` installs them (apt-get install chromium chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1600",
        f"--user-data-dir={tempfile.mkdtemp()}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)


@pytest.fixture(scope="module")
def report() -> Path:
    out = BUILD_DIR / "report"
    build_report(out, numbered_notebooks(NOTEBOOKS))
    return out


@pytest.fixture(scope="module")
def browser():
    driver = _driver()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def lab_pages() -> Path:
    """The committed notebooks as JupyterLab shows them: nbconvert's lab template, no report post-processing."""
    import nbformat
    from nbconvert import HTMLExporter

    out = BUILD_DIR / "lab"
    out.mkdir(parents=True, exist_ok=True)
    # not embed_images: nbconvert then parses each inline tag of Markdown alone and turns <bdi>x</bdi>
    # into <bdi></bdi>x (the notebooks' Markdown has no images to embed; chart outputs are embedded anyway)
    exporter = HTMLExporter(template_name="lab")
    for path in numbered_notebooks(NOTEBOOKS):
        body, _ = exporter.from_notebook_node(nbformat.read(path, as_version=4))
        (out / path.with_suffix(".html").name).write_text(body, encoding="utf-8")
    return out


def _pages(report: Path) -> list[Path]:
    return sorted(report.glob("*.html"))


def test_report_has_an_index_and_a_page_per_notebook(report):
    from arabic_news.cli.report import numbered_notebooks

    names = {p.name for p in _pages(report)}
    assert names == {"index.html", "glossary.html"} | {
        nb.with_suffix(".html").name for nb in numbered_notebooks(NOTEBOOKS)
    }


def test_pages_load_without_console_errors_or_network(report, browser):
    import json

    for page in _pages(report):
        browser.get(page.as_uri())
        assert browser.execute_script("return document.readyState") == "complete"
        errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == [], f"{page.name}: {errors}"
        requests = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
        urls = [r["params"]["request"]["url"] for r in requests if r["method"] == "Network.requestWillBeSent"]
        remote = [u for u in urls if u.startswith(("http://", "https://"))]
        assert remote == [], f"{page.name} fetches from the network: {remote}"


def test_arabic_table_cells_are_laid_out_right_to_left(report, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    checked = 0
    for page in _pages(report):
        browser.get(page.as_uri())
        cells = browser.execute_script(RTL_CHECK_JS)
        for cell in cells:
            assert cell["direction"] == "rtl", f"{page.name}: {cell}"
            if cell["sameLine"]:
                assert cell["firstRight"] > cell["lastLeft"], f"{page.name}: not right-to-left: {cell}"
                checked += 1
        height = browser.execute_script("return document.body.scrollHeight")
        browser.set_window_size(1280, min(max(height, 800), 12000))
        browser.save_screenshot(str(SCREENSHOTS / page.with_suffix(".png").name))
        browser.set_window_size(1280, 1600)
    assert checked >= 20, "too few Arabic table cells were checked"


def test_arabic_prose_blocks_are_marked_rtl(report):
    page = (report / "00-corpus-and-arabic-text.html").read_text(encoding="utf-8")
    assert '<td dir="rtl" style="text-align:right">' in page
    assert "<script>alert" not in page


# --- visual order ----------------------------------------------------------------------------------

# Helpers shared by the checks: the screen box of a range of characters, of an element, and whether
# two boxes sit on one line.
BOX_JS = """
window.anBox = (node, start, end) => { const r = document.createRange(); r.setStart(node, start);
  r.setEnd(node, end); const b = r.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top,
  x: (b.left + b.right) / 2}; };
window.anEl = el => { const b = el.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top,
  x: (b.left + b.right) / 2}; };
window.anLine = (a, b) => Math.abs(a.top - b.top) < 4;
"""

# Every "<bdi>A</bdi> → <bdi>B</bdi>": the arrow must stand right of A and left of B.
ARROWS_JS = (
    BOX_JS
    + """
const out = [];
for (const bdi of document.querySelectorAll('bdi')) {
  const t = bdi.nextSibling, b = t && t.nextSibling;
  if (!t || t.nodeType !== 3 || !/^\\s*→\\s*$/.test(t.data) || !b || b.nodeName !== 'BDI') continue;
  const i = t.data.indexOf('→');
  const A = anEl(bdi), arrow = anBox(t, i, i + 1), B = anEl(b);
  if (!anLine(A, B)) continue;
  out.push({a: bdi.textContent, b: b.textContent, ok: A.right <= arrow.left + 1 && arrow.right <= B.left + 1,
            dir: getComputedStyle(bdi.parentElement).direction});
}
return out;
"""
)

# Every isolated Arabic term followed by " (" in left-to-right text: the term, then its gloss, left to right.
GLOSS_JS = (
    BOX_JS
    + """
const out = [];
for (const bdi of document.querySelectorAll('bdi')) {
  const t = bdi.nextSibling;
  if (!t || t.nodeType !== 3 || !t.data.startsWith(' (') || t.data.length < 3) continue;
  if (getComputedStyle(bdi.parentElement).direction !== 'ltr') continue;
  const term = anEl(bdi), paren = anBox(t, 1, 2), next = anBox(t, 2, 3);
  if (!anLine(term, paren) || !anLine(paren, next)) continue;
  out.push({term: bdi.textContent, ok: term.right <= paren.left + 1 && paren.right <= next.left + 1});
}
return out;
"""
)

# Every mixed table cell (Arabic with Latin letters or an arrow), in the order of its runs as drawn.
# The cell is read as a reader reads it, independently of the markup: its base direction is that of
# its first letter (left to right with an arrow, which points from A to B); its words are cut at spaces.
# A Latin comma ends an item of an English list ("أ, إ, آ").
# In a right-to-left cell a span of words without Arabic that holds a Latin letter is one left-to-right
# unit ("(+1, intensity 0)", "(Haftar's militias) x3"); in a left-to-right cell the Arabic words, with
# the numbers, signs and brackets between them, are one right-to-left unit ("مليشيات #حفتر"), cut at
# an arrow, a spaced slash or a Latin comma. Units follow each other in the base direction, the words of a unit in
# its own direction; each word is measured from its first to its last letter or digit, on screen.
MIXED_CELLS_JS = (
    BOX_JS
    + """
const AR = /[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]/;
const LAT = /[A-Za-z\u00c0-\u024f\u1e00-\u1eff]/;
const SEP = /^(?:[→←⟶⇒]|\\/)$/;
const ALNUM = new RegExp('[0-9]|' + LAT.source + '|' + AR.source + '|[\u0660-\u0669]');
const out = [];
for (const cell of document.querySelectorAll('td, th')) {
  const full = cell.textContent;
  if (!AR.test(full) || !(LAT.test(full) || /[→←⟶⇒]/.test(full))) continue;
  const nodes = [], walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  let text = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([text.length, n]); text += n.data; }
  const at = i => { let k = nodes.length - 1; while (nodes[k][0] > i) k--; return [nodes[k][1], i - nodes[k][0]]; };
  const box = (a, b) => { const r = document.createRange(); const [n1, o1] = at(a), [n2, o2] = at(b - 1);
    r.setStart(n1, o1); r.setEnd(n2, o2 + 1); const rects = r.getClientRects();
    if (rects.length !== 1 && !(rects.length > 1 && Array.from(rects).every(x => Math.abs(x.top - rects[0].top) < 4)))
      return null;
    const b2 = r.getBoundingClientRect(); return {left: b2.left, right: b2.right, top: b2.top}; };
  const tokens = [];
  for (const m of text.matchAll(/\\S+/g)) {
    const t = m[0], kind = SEP.test(t) ? 'S' : AR.test(t) ? 'A' : LAT.test(t) ? 'L' : 'N';
    const chars = Array.from(t.matchAll(new RegExp(ALNUM.source, 'g')));
    const b = chars.length ? box(m.index + chars[0].index, m.index + chars[chars.length - 1].index + 1) : null;
    tokens.push({t, kind, b});
  }
  const first = full.search(new RegExp(AR.source + '|' + LAT.source));
  const rtl = !/[→←⟶⇒]/.test(full) && AR.test(full[first]);
  // units: [direction of its words, tokens]
  const units = [];
  for (let i = 0; i < tokens.length;) {
    let j = i + 1;
    if (rtl && tokens[i].kind !== 'A') {
      while (j < tokens.length && tokens[j].kind !== 'A') j++;
      const span = tokens.slice(i, j);
      if (span.some(x => x.kind === 'L')) { units.push(['ltr', span]); i = j; continue; }
      j = i + 1;
    } else if (!rtl && tokens[i].kind === 'A') {
      let last = i;
      for (let k = i + 1; k < tokens.length && tokens[k].kind !== 'L' && tokens[k].kind !== 'S'
           && !tokens[k - 1].t.endsWith(','); k++)
        if (tokens[k].kind === 'A') last = k;
      j = last + 1;
      units.push(['rtl', tokens.slice(i, j)]); i = j; continue;
    }
    units.push([rtl ? 'rtl' : 'ltr', tokens.slice(i, j)]); i = j;
  }
  const after = (a, b, dir) => dir === 'rtl' ? b.right <= a.left + 1 : b.left >= a.right - 1;
  const span = ws => { const bs = ws.map(w => w.b).filter(x => x);
    if (!bs.length || bs.some(x => Math.abs(x.top - bs[0].top) > 4)) return null;
    return {left: Math.min(...bs.map(x => x.left)), right: Math.max(...bs.map(x => x.right)), top: bs[0].top}; };
  const wrong = [];
  for (const [dir, ws] of units)
    for (let k = 1; k < ws.length; k++)
      if (ws[k - 1].b && ws[k].b && anLine(ws[k - 1].b, ws[k].b) && !after(ws[k - 1].b, ws[k].b, dir))
        wrong.push(ws[k - 1].t + ' / ' + ws[k].t);
  for (let k = 1; k < units.length; k++) {
    const a = span(units[k - 1][1]), b = span(units[k][1]);
    if (a && b && anLine(a, b) && !after(a, b, rtl ? 'rtl' : 'ltr'))
      wrong.push(units[k - 1][1].map(w => w.t).join(' ') + ' | ' + units[k][1].map(w => w.t).join(' '));
  }
  out.push({cell: full.slice(0, 80), rtl: rtl, units: units.length, wrong: wrong});
}
return out;
"""
)

# Every concordance table: before, keyword and after stand from right to left on screen.
CONCORDANCE_JS = (
    BOX_JS
    + """
const out = [];
for (const table of document.querySelectorAll('table')) {
  const heads = Array.from(table.querySelectorAll('thead th')).map(th => th.textContent.trim());
  const cols = ['before', 'keyword', 'after'].map(h => heads.indexOf(h));
  if (cols.some(c => c < 0)) continue;
  const row = table.querySelector('tbody tr');
  const cells = Array.from(row.children);
  const [b, k, a] = cols.map(c => anEl(cells[c]).x);
  out.push({caption: (table.caption || {}).textContent || '', ok: b > k && k > a});
}
return out;
"""
)


def _checked(browser, page: Path, script: str) -> list[dict]:
    browser.get(page.as_uri())
    return browser.execute_script(script)


def _shoot(browser, element, name: str) -> None:
    """Save a screenshot of ``element`` (scrolled into view) under build/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.screenshot(str(SCREENSHOTS / f"{name}.png"))


def _find(browser, xpath: str):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.XPATH, xpath)


@pytest.mark.parametrize("where", ["report", "lab"])
def test_change_examples_point_from_a_to_b(where, report, lab_pages, browser):
    folder = report if where == "report" else lab_pages
    page = folder / "00-corpus-and-arabic-text.html"
    found = _checked(browser, page, ARROWS_JS)
    assert len(found) >= 7, found  # ة → ه, alef, alef maksura, tatweel, digits and their word examples
    assert [f for f in found if not f["ok"]] == []
    assert {f["dir"] for f in found} == {"ltr"}
    _shoot(browser, _find(browser, "//table[.//code[text()='teh_marbuta']]"), f"{where}-00-normalization-examples")


@pytest.mark.parametrize("where", ["report", "lab"])
def test_arabic_terms_stand_before_their_glosses(where, report, lab_pages, browser):
    folder = report if where == "report" else lab_pages
    checked = 0
    for page in [folder / f"{nb.stem}.html" for nb in numbered_notebooks(NOTEBOOKS)][:3]:
        found = _checked(browser, page, GLOSS_JS)
        assert [f for f in found if not f["ok"]] == [], page.name
        checked += len(found)
    assert checked >= 50
    browser.get((folder / "00-corpus-and-arabic-text.html").as_uri())
    _shoot(browser, _find(browser, "//p[contains(., 'Khalīfa')]"), f"{where}-00-term-and-gloss")


@pytest.mark.parametrize("where", ["report", "lab"])
def test_every_mixed_table_cell_is_drawn_in_the_order_it_is_read(where, report, lab_pages, browser):
    folder = report if where == "report" else lab_pages
    pages = sorted(folder.glob("*.html"))
    found = {page.name: _checked(browser, page, MIXED_CELLS_JS) for page in pages}
    wrong = {name: [c for c in cells if c["wrong"]] for name, cells in found.items()}
    wrong = {name: cells for name, cells in wrong.items() if cells}
    assert wrong == {}
    assert sum(len(cells) for cells in found.values()) >= 30
    assert any(c["rtl"] and c["units"] >= 2 for cells in found.values() for c in cells)
    browser.get((folder / "01-source-comparison.html").as_uri())
    _shoot(
        browser, _find(browser, "//table[caption[contains(., 'The comparison in one table')]]"), f"{where}-01-summary"
    )


def test_the_order_check_catches_a_cell_that_is_not_isolated(browser, tmp_path):
    page = tmp_path / "cells.html"
    page.write_text(
        '<meta charset="utf-8"><table>'
        '<tr><td dir="rtl">الجيش الوطني (+1, intensity 0)</td></tr>'  # no isolate: "intensity 0" drawn first
        '<tr><td dir="rtl">الجيش الوطني <bdi>(+1, intensity 0)</bdi></td></tr>'
        '<tr><td dir="ltr">militias (<bdi>مليشيات</bdi> #<bdi>حفتر</bdi>)</td></tr>'  # two isolates: backwards
        '<tr><td dir="ltr">militias (<bdi>مليشيات #حفتر</bdi>)</td></tr></table>',
        encoding="utf-8",
    )
    found = _checked(browser, page, MIXED_CELLS_JS)
    assert [bool(c["wrong"]) for c in found] == [True, False, True, False]


@pytest.mark.parametrize("where", ["report", "lab"])
def test_every_concordance_reads_before_keyword_after_from_right_to_left(where, report, lab_pages, browser):
    folder = report if where == "report" else lab_pages
    found = {}
    for page in [folder / f"{nb.stem}.html" for nb in numbered_notebooks(NOTEBOOKS)]:
        found[page.name] = _checked(browser, page, CONCORDANCE_JS)
        assert [f for f in found[page.name] if not f["ok"]] == [], page.name
    assert len(found["01-source-comparison.html"]) == 4  # outlet cues and three tables of time expressions
    browser.get((folder / "01-source-comparison.html").as_uri())
    _shoot(
        browser, _find(browser, "//table[caption[contains(., 'Time expressions in 004')]]"), f"{where}-01-concordance"
    )


def test_the_index_shows_complete_goals_findings_and_titles(report, browser):
    browser.get((report / "index.html").as_uri())
    goals = browser.execute_script(
        "return Array.from(document.querySelectorAll('section ol li')).map(li => li.textContent)"
    )
    assert any(g.endswith("and say no more than the evidence supports.") for g in goals)  # a wrapped goal, whole
    assert browser.title == "Arabic news framing: report"
    _shoot(browser, _find(browser, "//section[.//a[contains(., 'Source comparison')]]"), "report-index-01")
    browser.get((report / "01-source-comparison.html").as_uri())
    assert browser.title.startswith("01 · Source comparison")
    assert "Next: 02 · Duplicates" in browser.find_element("css selector", "nav.an-nav").text


# A table or code block wider than the page: each must fit the page, or sit in a box that scrolls
# horizontally on its own and that fits the page (the page itself never scrolls sideways).
WIDE_JS = """
const w = document.documentElement.clientWidth, out = [];
for (const e of document.querySelectorAll('table, pre')) {
  let box = e;
  while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
  const edge = (box || e).getBoundingClientRect().right;
  const cut = !box && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'hidden';
  if (edge > w + 1 || cut) out.push(e.textContent.slice(0, 50));
}
return {wide: out, page: document.documentElement.scrollWidth > window.innerWidth + 1};
"""


@pytest.mark.parametrize("where", ["report", "lab"])
def test_no_table_or_code_line_is_wider_than_the_page(where, report, lab_pages, browser):
    folder = report if where == "report" else lab_pages
    for page in sorted(folder.glob("*.html")):
        found = _checked(browser, page, WIDE_JS)
        assert found == {"wide": [], "page": False}, page.name
    browser.get((folder / "00-corpus-and-arabic-text.html").as_uri())
    _shoot(browser, _find(browser, "//table[caption[contains(., 'Characters changed')]]/.."), f"{where}-00-wide-table")


def test_every_chart_has_alt_text_saying_what_it_shows(report, browser):
    for page in sorted(report.glob("[0-9]*.html")):
        browser.get(page.as_uri())
        alts = browser.execute_script("return Array.from(document.images).map(i => i.alt)")
        assert alts and all(len(a) > 60 and "no description" not in a for a in alts), (page.name, alts)


def test_the_index_puts_each_closing_section_under_its_own_heading(report, browser):
    browser.get((report / "index.html").as_uri())
    sections = browser.execute_script(
        "return Array.from(document.querySelectorAll('section')).map(s => Array.from(s.children)"
        ".map(e => [e.tagName, e.textContent]))"
    )
    for section in sections:
        heads = [text for tag, text in section if tag == "H3"]
        assert heads[:4] == ["Learning goals", "Main findings", "Limitations", "Exercises"], heads
        findings = " ".join(t for _tag, t in section[[x[1] for x in section].index("Main findings") + 1 :])
        findings = findings.split("Limitations")[0]
        assert "Your turn" not in findings and "Next:" not in findings and "Five articles cannot" not in findings
        time = next(t for tag, t in section if tag == "P" and t.startswith("Time."))
        assert "2-hour lab" in time and "min setup" in time and "min discussion" in time
    _shoot(browser, _find(browser, "//section[h2/a[contains(., 'Duplicates')]]"), "report-index-02")


def _search(browser, query: str) -> list[str]:
    """Type ``query`` in the glossary's search box; return the text of the rows shown."""
    from selenium.webdriver.common.by import By

    box = browser.find_element(By.ID, "an-search")
    box.clear()
    box.send_keys(query)
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('.an-group tbody tr')).filter(r => !r.hidden)"
        ".map(r => r.textContent)"
    )


def test_the_glossary_is_grouped_and_its_search_works_offline(report, browser):
    from selenium.webdriver.common.by import By

    browser.get((report / "glossary.html").as_uri())
    groups = browser.execute_script(
        "return Array.from(document.querySelectorAll('.an-group h3')).map(h => h.textContent)"
    )
    assert any(g.startswith("Actor: Khalifa Haftar") for g in groups)
    assert any(g.startswith("Category: attribution") for g in groups)
    total = browser.execute_script("return document.querySelectorAll('.an-group tbody tr').length")
    visible = _search(browser, "militia")
    assert 0 < len(visible) < total and all("militia" in v.lower() for v in visible)
    assert browser.find_element(By.ID, "an-count").text == f"{len(visible)} of {total} terms"
    # each group's count follows the filter: "n of all" for the rows shown
    counts = browser.execute_script(
        "return Array.from(document.querySelectorAll('.an-group:not([hidden]) h3')).map(h => h.textContent)"
    )
    shown = sum(int(re.search(r"\((\d+) of \d+\)", c).group(1)) for c in counts)
    assert shown == len(visible)
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(SCREENSHOTS / "report-glossary-search-militia.png"))  # box, count, first hits
    assert len(_search(browser, "حفتر")) > 0


@pytest.mark.parametrize(
    "query, found",
    [
        ("milish", "ميليشيات"),  # a transliteration without its diacritics (mīlīshiyāt)
        ("mushir", "المشير"),  # al-mushīr
        ("الاخوان", "الإخوان"),  # alef without its hamza
        ("الي", "إلى"),  # alef maksura written ي
        ("حكومه", "حكومة"),  # teh marbuta written ه
        ("حكومة", "حكومة"),
        ("الی", "إلى"),  # the Persian yeh ی
        ("الجَيش", "الجيش"),  # a vowel mark
        ("الجـيش", "الجيش"),  # tatweel
    ],
)
def test_the_glossary_search_folds_spelling_as_the_package_does(query, found, report, browser):
    if not browser.current_url.endswith("glossary.html"):
        browser.get((report / "glossary.html").as_uri())
    rows = _search(browser, query)
    assert any(found in r for r in rows), (query, len(rows))


def test_missing_values_show_as_a_dash_with_a_note(report):
    for page in _pages(report):
        text = page.read_text(encoding="utf-8")
        assert "<td>NaN</td>" not in text and "<td>nan</td>" not in text, page.name
    page = (report / "03-stance-and-framing.html").read_text(encoding="utf-8")
    assert "<td>—</td>" in page and "— no value" in page


# --- fonts --------------------------------------------------------------------------------------------


def _all_characters() -> set[str]:
    """Every character of the corpus, the lexicons and the notebooks (format and space characters aside)."""
    import json
    import unicodedata

    from repo_paths import PACKS, RAW_DIR

    text = "".join(p.read_text(encoding="utf-8") for p in RAW_DIR.glob("*.txt"))
    package = PACKS.parent
    text += "".join(p.read_text(encoding="utf-8") for p in package.rglob("*.csv"))
    text += "".join(p.read_text(encoding="utf-8") for p in PACKS.rglob("*.txt"))
    for nb in NOTEBOOKS.rglob("*.ipynb"):
        text += json.dumps(json.loads(nb.read_text(encoding="utf-8")), ensure_ascii=False)
    return {c for c in text if not unicodedata.category(c).startswith(("C", "Z"))}


def test_every_character_has_a_glyph_in_the_fonts_of_the_report_and_the_charts():
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    from arabic_news.display.rendering import ARABIC_FONT, ARABIC_SCRIPT_RE, LATIN_FONT, arabic_font_path

    arabic = set(TTFont(str(arabic_font_path())).getBestCmap())
    latin = set(TTFont(font_manager.findfont(LATIN_FONT, fallback_to_default=False)).getBestCmap())
    chars = _all_characters()
    assert "ٱ" in chars and ARABIC_FONT == "Noto Sans Arabic"
    # Arabic text (report and charts) is drawn with the Arabic face, everything else with the Latin one
    assert sorted(c for c in chars if ARABIC_SCRIPT_RE.match(c) and ord(c) not in arabic) == []
    assert sorted(c for c in chars if not ARABIC_SCRIPT_RE.match(c) and ord(c) not in latin) == []
    assert 0x0671 not in latin  # the reason for the Arabic face: DejaVu Sans has no ٱ


def test_each_report_page_embeds_the_arabic_glyphs_it_shows(report):
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    from arabic_news.display.rendering import ARABIC_SCRIPT_RE

    for page in _pages(report):
        text = page.read_text(encoding="utf-8")
        data = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", text)
        assert data, page.name
        cmap = TTFont(io.BytesIO(base64.b64decode(data.group(1)))).getBestCmap()
        shown = set(ARABIC_SCRIPT_RE.findall(re.sub(r"<[^>]+>", " ", text)))
        assert sorted(c for c in shown if ord(c) not in cmap) == [], page.name


def test_chromium_draws_arabic_with_the_embedded_face_and_no_other(report, browser):
    import re

    from arabic_news.display.rendering import ARABIC_SCRIPT_RE

    for page in _pages(report):
        browser.get(page.as_uri())
        # every Arabic character the page shows, in one run without spaces or digits
        shown = "".join(sorted(set(ARABIC_SCRIPT_RE.findall(browser.find_element("tag name", "body").text))))
        shown = re.sub(r"[\u0600-\u061F\u0660-\u066D]", "", shown)  # punctuation and digits: either face
        browser.execute_script(
            "const p = document.createElement('p'); p.id = 'an-probe'; p.textContent = arguments[0];"
            "document.body.appendChild(p);",
            shown,
        )
        browser.execute_cdp_cmd("DOM.enable", {})
        browser.execute_cdp_cmd("CSS.enable", {})
        root = browser.execute_cdp_cmd("DOM.getDocument", {"depth": 1})["root"]["nodeId"]
        node = browser.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": "#an-probe"})["nodeId"]
        fonts = browser.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        assert [f["familyName"] for f in fonts] == ["Noto Sans Arabic"], (page.name, fonts)
    browser.get((report / "00-corpus-and-arabic-text.html").as_uri())
    _shoot(browser, _find(browser, "//tr[td/code[text()='alef']]"), "report-00-alef-wasla")


def test_charts_label_rows_by_name_and_explain_their_colours(report, browser):
    browser.get((report / "01-source-comparison.html").as_uri())
    images = browser.find_elements("css selector", ".jp-OutputArea-output img")
    assert len(images) >= 4
    _shoot(browser, images[1], "report-01-attribution-chart")
    _shoot(browser, images[3], "report-01-naming-chart")
