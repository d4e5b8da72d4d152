"""The HTML report in a real browser: headless Chromium loads every page, reports no console
error, lays Arabic table cells out right to left, fetches nothing from the network, and leaves
screenshots under build/screenshots/ for a person to look at.

`make test` installs Debian's chromium and chromium-driver when they are missing.
"""

import shutil
import tempfile
from pathlib import Path

import pytest

from arabic_news import build_report, numbered_notebooks
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


def _pages(report: Path) -> list[Path]:
    return sorted(report.glob("*.html"))


def test_report_has_an_index_and_a_page_per_notebook(report):
    from arabic_news import numbered_notebooks

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
