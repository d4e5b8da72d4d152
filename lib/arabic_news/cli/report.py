"""The main job (``make run``): execute the notebooks in order and write an HTML report.

``python -m arabic_news.cli.report [--notebooks notebooks] [--out build/report]`` (run from the
repository: ``make run``) runs every numbered notebook on a fresh
kernel (the committed notebooks are not modified), writes one self-contained HTML page per notebook
(images embedded, no script or style fetched from the network), an ``index.html`` with the
table of contents, each notebook's learning goals and its summary, and ``glossary.html`` (grouped by
actor and category, with a search box that works offline). Blocks whose first strong character
outside an isolate (``<bdi>``) is Arabic get ``dir="rtl"``; every page embeds the glyphs of the
Arabic face it needs (no web font is fetched), missing values of pandas tables show as "—" with a note.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..core.glossary import glossary
from ..core.study import Study, load_study
from ..core.text import ARABIC_LETTER_RE
from ..display.bidi import strip_isolates
from ..display.rendering import ARABIC_FONT, LATIN_FONT, embedded_font_css
from ..display.tables import MISSING, rtl_table_html
from .atomic import replace_folder

_STRONG_RE = re.compile(r"[A-Za-z\u00c0-\u024f]|" + ARABIC_LETTER_RE.pattern)
_BLOCK_RE = re.compile(r"<(p|li|td|th|h[1-6]|caption|blockquote)((?:\s[^<>]*)?)>(.*?)</\1>", re.S)
_TAG_RE = re.compile(r"<[^>]+>")
_NOTEBOOK_LINK_RE = re.compile(r'href="(\d\d-[\w.-]+?)\.ipynb(#[^"]*)?"')
_REMOTE_SCRIPT_RE = re.compile(
    r"<script[^>]+src=[\"']https?://[^>]*>\s*</script>"  # scripts loaded from a CDN
    r"|<script[^>]*>(?:(?!</script>).)*?\bimport\(?\s*[\"']https?://(?:(?!</script>).)*</script>",  # imports
    re.I | re.S,
)
_REMOTE_LINK_RE = re.compile(r"<link[^>]+href=[\"']https?://[^>]*>", re.I)

#: the one style sheet of the report's pages (notebook pages, index and glossary); the Arabic face
#: is embedded per page by :func:`page_fonts` (its unicode-range limits it to Arabic characters)
_FONTS = f"'{ARABIC_FONT}', '{LATIN_FONT}', sans-serif"
REPORT_CSS = """
<style>
  :root { --jp-content-font-family: FONTS; --jp-ui-font-family: FONTS;
          --jp-code-font-family: CODEFONTS; }
  body { max-width: 1100px; margin: 0 auto; font-family: FONTS; }
  body.an-page { max-width: 960px; margin: 2em auto; line-height: 1.5; }
  [dir="rtl"] { text-align: right; }
  bdi { unicode-bidi: isolate; }
  table.arabic-news, table.dataframe, .jp-RenderedHTMLCommon > table { display: block; max-width: 100%;
    overflow-x: auto; }
  table.arabic-news { border-collapse: collapse; margin: 0.5em 0; }
  table.arabic-news td, table.arabic-news th { border: 1px solid #ccc; padding: 2px 6px; max-width: 32em;
    overflow-wrap: break-word; white-space: normal; }
  ul.an-notes { font-size: 0.85em; color: #444; margin: 0.2em 0 1em 0; }
  .jp-InputArea-editor pre, .jp-OutputArea-output pre, .highlight pre { white-space: pre-wrap;
    overflow-wrap: anywhere; }
  .an-nav { font-family: sans-serif; margin: 1em 0; }
  #an-search { font-size: 1.1em; width: 100%; padding: 0.3em; margin: 0.5em 0; }
  .an-group h3 { margin-bottom: 0.2em; }
</style>
""".replace("CODEFONTS", f"'{ARABIC_FONT}', 'DejaVu Sans Mono', monospace").replace("FONTS", _FONTS)


def page_fonts(page: str) -> str:
    """Return the ``<style>`` that embeds the Arabic glyphs ``page`` uses (for its text and its code)."""
    return f"<style>{embedded_font_css(html.unescape(_TAG_RE.sub(' ', page)))}</style>"


def _page(title: str, body: str, script: str = "") -> str:
    """Return a stand-alone page of the report (index, glossary) with the report's style."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>{REPORT_CSS}{page_fonts(body)}</head>"
        f'<body class="an-page">{body}{script}</body></html>'
    )


def numbered_notebooks(folder: Path) -> list[Path]:
    """Return the numbered notebooks (``00-...ipynb``) of ``folder`` in order."""
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def first_strong_is_arabic(fragment: str) -> bool:
    """Return True when the first letter of the HTML ``fragment``'s text, outside its isolates
    (``<bdi>``), is Arabic: an isolated Arabic term inside English does not make a block Arabic."""
    m = _STRONG_RE.search(html.unescape(_TAG_RE.sub(" ", strip_isolates(fragment))))
    return bool(m and ARABIC_LETTER_RE.match(m.group()))


def mark_rtl(page: str) -> str:
    """Return ``page`` with dir="rtl" on blocks (p, li, td, th, headings) that start in Arabic."""

    def repl(m: re.Match[str]) -> str:
        tag, attrs, inner = m.groups()
        if "dir=" in attrs or not first_strong_is_arabic(inner):
            return m.group(0)
        return f'<{tag}{attrs} dir="rtl">{inner}</{tag}>'

    return _BLOCK_RE.sub(repl, page)


def link_pages(page: str) -> str:
    """Return ``page`` with links to numbered notebooks (``01-x.ipynb``) pointing at their report pages."""
    return _NOTEBOOK_LINK_RE.sub(r'href="\1.html\2"', page)


def make_offline(page: str) -> str:
    """Return ``page`` without scripts or stylesheets loaded from the network."""
    return _REMOTE_LINK_RE.sub("", _REMOTE_SCRIPT_RE.sub("", page))


@dataclass
class NotebookSummary:
    """What the index page shows of one notebook."""

    path: Path
    title: str
    question: str
    goals: list[str] = field(default_factory=list)
    summary_html: str = ""
    seconds: float = 0.0
    minutes: int = 0  # reading and running time at a student's pace (:func:`lesson_minutes`)

    @property
    def html_name(self) -> str:
        """Return the file name of this notebook's HTML page."""
        return self.path.with_suffix(".html").name


def _sections(cells: list) -> dict[str, list]:
    """Return the notebook's cells grouped under their ``##`` headings (key: heading text)."""
    groups: dict[str, list] = {"": []}
    current = ""
    for cell in cells:
        if cell.cell_type == "markdown":
            m = re.match(r"^##\s+(.+)$", cell.source.strip(), re.M)
            if m and cell.source.lstrip().startswith("##") and not cell.source.lstrip().startswith("###"):
                current = m.group(1).strip()
                groups[current] = []
        groups[current].append(cell)
    return groups


_ESCAPED_BDI_RE = re.compile(r"&lt;(/?)bdi(?: dir=&quot;(rtl|ltr|auto)&quot;)?&gt;")


def _markdown():
    """Return a Markdown renderer that escapes raw HTML (mistune, an nbconvert dependency) except
    the bidirectional isolates ``<bdi>`` and ``</bdi>`` of the notebooks' text."""
    import mistune

    render = mistune.create_markdown(escape=True, plugins=["table"])

    def markdown(text: str) -> str:
        def tag(m: re.Match[str]) -> str:
            return f"<{m.group(1)}bdi" + (f' dir="{m.group(2)}"' if m.group(2) else "") + ">"

        return _ESCAPED_BDI_RE.sub(tag, render(text))

    return markdown


def _inline(rendered: str) -> str:
    """Return rendered Markdown without its wrapping paragraph."""
    return re.sub(r"^<p>(.*)</p>\s*$", r"\1", rendered.strip(), flags=re.S)


_GOALS_RE = re.compile(r"(?:\*\*Learning goals|#+\s*Learning goals)[^\n]*\n")
_ITEM_RE = re.compile(r"^[ \t]*\d+\.[ \t]+")


def learning_goals(markdown: str) -> list[str]:
    """Return the numbered items after "Learning goals" in ``markdown``, each complete: an item's
    wrapped continuation lines are joined to it."""
    m = _GOALS_RE.search(markdown)
    if not m:
        return []
    goals: list[str] = []
    for line in markdown[m.end() :].lstrip("\n").splitlines():
        if _ITEM_RE.match(line):
            goals.append(_ITEM_RE.sub("", line).strip())
        elif goals and line.strip() and line[:1] in " \t":
            goals[-1] += " " + line.strip()
        elif goals or line.strip():
            break
    return goals


#: a student's pace: words of prose per minute (technical text read for understanding, each Arabic
#: term with its gloss and transliteration), minutes per code cell (read it, run it), per table or
#: printed output longer than three lines, and per chart
READING_WPM, CODE_MINUTES, TABLE_MINUTES, CHART_MINUTES = 100, 1.0, 1.0, 1.5


def lesson_minutes(nb: object) -> int:
    """Return the minutes a student needs to read and run ``nb`` up to its "Your turn" section (the
    exercises excluded): prose at :data:`READING_WPM`, plus each code cell, table and chart, rounded up to 5."""
    import math

    minutes = 0.0
    for cell in nb.cells:  # type: ignore[attr-defined]
        if cell.cell_type == "markdown":
            if re.match(r"##\s+Your turn", cell.source.strip()):
                break
            minutes += len(_TAG_RE.sub(" ", cell.source).split()) / READING_WPM
            continue
        minutes += CODE_MINUTES
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            text = data.get("text/plain", out.get("text", ""))
            if "image/png" in data:
                minutes += CHART_MINUTES
            elif "text/html" in data or len(text.splitlines()) > 3:
                minutes += TABLE_MINUTES
    return 5 * math.ceil(minutes / 5)


def summarize(nb: object, path: Path) -> NotebookSummary:
    """Return the title, question, learning goals and summary of an executed notebook."""
    md = _markdown()
    cells = nb.cells  # type: ignore[attr-defined]
    text = "\n\n".join(c.source for c in cells if c.cell_type == "markdown")
    title_m = re.search(r"^#\s+(.+)$", text, re.M)
    title = title_m.group(1).strip() if title_m else path.stem
    first = next((c.source for c in cells if c.cell_type == "markdown"), "")
    question = next((p.strip() for p in first.split("\n\n")[1:] if p.strip() and not p.startswith("#")), "")
    goals = learning_goals(text)
    summary_cells = next((v for k, v in _sections(cells).items() if k.lower().startswith("summary")), [])
    parts = []
    for c in summary_cells:
        if c.cell_type == "markdown":
            parts.append(md(re.sub(r"^##\s+.*$", "", c.source, count=1, flags=re.M)))
        else:
            for out in c.get("outputs", []):
                data = out.get("data", {})
                if "text/html" in data:
                    parts.append(data["text/html"])
                elif "text/plain" in data:
                    parts.append(f"<pre>{html.escape(data['text/plain'])}</pre>")
                elif out.get("output_type") == "stream":
                    parts.append(f"<pre>{html.escape(out.get('text', ''))}</pre>")
    return NotebookSummary(path, title, question, goals, "\n".join(parts), minutes=lesson_minutes(nb))


def index_page(items: list[NotebookSummary], study: Study) -> str:
    """Return the report's index.html."""
    md = _markdown()
    blocks = []
    for it in items:
        goals = "".join(f"<li>{_inline(md(g))}</li>" for g in it.goals)
        blocks.append(
            f'<section><h2><a href="{html.escape(it.html_name)}">{html.escape(it.title)}</a></h2>'
            f"<p>{_inline(md(it.question))}</p>"
            f"<p>Time: about {it.minutes} minutes to read and run, the exercises not included.</p>"
            f"<h3>Learning goals</h3><ol>{goals}</ol>"
            f"<h3>Main findings</h3>{mark_missing(link_pages(it.summary_html))}</section>"
        )
    toc = "".join(f'<li><a href="{html.escape(it.html_name)}">{html.escape(it.title)}</a></li>' for it in items)
    body = (
        f"<h1>{html.escape(study.title)}</h1>"
        "<p>A report generated from the notebooks of this repository by <code>make run</code>. "
        "Each page below is one executed notebook; the numbers come from the package code.</p>"
        f"<h2>Contents</h2><ol>{toc}</ol>"
        '<p>The <a href="glossary.html">glossary</a> lists every Arabic term the notebooks discuss, '
        "with an English gloss, a transliteration and the camp that uses it, grouped by actor and category "
        "and searchable.</p>" + "".join(blocks)
    )
    return _page("Arabic news framing: report", mark_rtl(body))


_GLOSSARY_SCRIPT = """<script>
(function () {
  const box = document.getElementById('an-search');
  const count = document.getElementById('an-count');
  const rows = Array.from(document.querySelectorAll('.an-group tbody tr'));
  // search ignores Arabic short vowels and tatweel, and case
  const fold = s => s.toLowerCase().replace(/[\\u064B-\\u0652\\u0670\\u0640]/g, '');
  const keys = rows.map(r => fold(r.textContent));
  function filter() {
    const q = fold(box.value.trim());
    let shown = 0;
    rows.forEach((r, i) => { const on = !q || keys[i].includes(q); r.hidden = !on; if (on) shown++; });
    document.querySelectorAll('.an-group').forEach(g => {
      g.hidden = !g.querySelector('tbody tr:not([hidden])');
    });
    count.textContent = shown + ' of ' + rows.length + ' terms';
  }
  box.addEventListener('input', filter);
  filter();
})();
</script>"""


def glossary_page(study: Study) -> str:
    """Return the glossary page: the terms grouped by the actor they name or frame, then the general
    words by category, each group a right-to-left table, with a search box (inline script, offline)."""
    table = glossary(study)
    columns = ["term", "transliteration", "gloss_en", "camp", "category", "used_in"]
    groups = []
    for actor, label in list(study.actors.items()) + [("", "")]:
        rows = table[table["actor"] == actor]
        if actor and not rows.empty:
            groups.append((f"Actor: {label}", rows.sort_values(["category", "term"])))
    general = table[~table["actor"].isin([a for a in study.actors if a])]
    for category, rows in general.groupby("category", sort=True):
        groups.append((f"Category: {category}", rows))
    sections = "".join(
        f'<section class="an-group"><h3>{html.escape(title)} ({len(rows)})</h3>'
        + rtl_table_html(rows[columns].reset_index(drop=True), rtl_columns=["term"])
        + "</section>"
        for title, rows in groups
    )
    body = (
        '<p><a href="index.html">Report index</a></p><h1>Glossary of the Arabic terms discussed in the notebooks</h1>'
        f"<p>{len(table)} terms, each with a transliteration, an English gloss, the camp that uses it and where "
        "the notebooks use it: first the terms that name or frame an actor, grouped by actor, then the general "
        "words (attribution cues, time expressions, page furniture, linguistic terms) by category.</p>"
        '<label for="an-search">Search (Arabic, transliteration or English): </label>'
        '<input id="an-search" type="search" autocomplete="off" placeholder="a word in any script">'
        '<p id="an-count" aria-live="polite"></p>' + sections
    )
    return _page("Glossary", body, _GLOSSARY_SCRIPT)


_DATAFRAME_RE = re.compile(r'<table[^>]*class="dataframe"[^>]*>.*?</table>', re.S)
_NAN_CELL_RE = re.compile(r"<td>(?:NaN|nan|None|&lt;NA&gt;)</td>")


def mark_missing(page: str) -> str:
    """Return ``page`` with the NaN cells of pandas tables shown as "—" and a note under each such table."""

    def repl(m: re.Match[str]) -> str:
        table, n = _NAN_CELL_RE.subn(f"<td>{MISSING}</td>", m.group())
        return table + (f'<ul class="an-notes"><li>{MISSING} no value</li></ul>' if n else "")

    return _DATAFRAME_RE.sub(repl, page)


def _execute(nb: object, path: Path, timeout: int) -> None:
    """Execute ``nb`` on a fresh kernel, in the folder of ``path``.

    The kernel talks to this process over local IPC sockets (files in the temporary folder, removed
    with the kernel) where the system has them: no plain-text TCP, hence no "Kernel is running over TCP without
    encryption" warning per notebook. Windows has no IPC sockets and keeps TCP.
    """
    import tempfile
    import uuid

    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from traitlets import CaselessStrEnum, default

    class IPCKernelManager(KernelManager):
        """A kernel manager whose kernel listens on IPC sockets with absolute paths (the kernel runs
        in the notebook's folder, the client in the caller's)."""

        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        @default("ip")
        def _absolute_ipc_path(self) -> str:
            return str(Path(tempfile.gettempdir()) / f"arabic-news-{uuid.uuid4().hex[:12]}")

    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        kernel_manager_class=KernelManager if sys.platform.startswith("win") else IPCKernelManager,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()


def build_report(
    out_dir: Path, notebooks: list[Path], study: Study | None = None, timeout: int = 600
) -> list[NotebookSummary]:
    """Execute ``notebooks`` in order on fresh kernels and write the HTML report; return summaries.

    The pages are written into a hidden folder beside ``out_dir`` that replaces it only when every
    page is written: an interrupted run leaves the previous report whole, never a mix of old and new.
    """
    import nbformat
    from nbconvert import HTMLExporter

    study = load_study(study)
    # not embed_images: nbconvert then parses each inline tag of Markdown alone and turns <bdi>x</bdi>
    # into <bdi></bdi>x (the notebooks' Markdown has no images to embed; chart outputs are embedded anyway)
    exporter = HTMLExporter(template_name="lab")
    titles = [summarize(nbformat.read(p, as_version=4), p).title for p in notebooks]
    summaries = []
    with replace_folder(out_dir) as work:
        for i, path in enumerate(notebooks):
            nb = nbformat.read(path, as_version=4)
            start = time.perf_counter()
            _execute(nb, path, timeout)
            seconds = time.perf_counter() - start
            body, _resources = exporter.from_notebook_node(nb, resources={"metadata": {"name": titles[i]}})
            nav = ['<nav class="an-nav"><a href="index.html">Report index</a>']
            if i + 1 < len(notebooks):
                nxt = notebooks[i + 1].with_suffix(".html").name
                nav.append(f' · <a href="{nxt}">Next: {html.escape(titles[i + 1])}</a>')
            nav.append("</nav>")
            body = re.sub(r"(<body[^>]*>)", r"\1" + "".join(nav), body, count=1)
            body = body.replace("</head>", REPORT_CSS + page_fonts(body) + "</head>", 1)
            page = mark_missing(mark_rtl(link_pages(make_offline(body))))
            (work / path.with_suffix(".html").name).write_text(page, encoding="utf-8")
            summary = summarize(nb, path)
            summary.seconds = seconds
            summaries.append(summary)
            print(f"executed {path.name} in {seconds:.1f} s", flush=True)
        (work / "index.html").write_text(index_page(summaries, study), encoding="utf-8")
        (work / "glossary.html").write_text(glossary_page(study), encoding="utf-8")
    return summaries


def kernelspec_metadata(name: str = "python3") -> dict[str, str]:
    """Return the notebook metadata of the installed kernel ``name`` exactly as JupyterLab writes it.

    JupyterLab rewrites a notebook's ``kernelspec`` when its kernel starts; a committed notebook whose
    ``display_name`` differs ("Python 3" against ipykernel's "Python 3 (ipykernel)") shows as
    modified as soon as it is opened.
    """
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(name)
    return {"display_name": spec.display_name, "language": spec.language, "name": name}


def refresh_notebooks(paths: list[Path], timeout: int = 600) -> None:
    """Re-execute ``paths`` in place, in order, each on a fresh kernel, without timing metadata."""
    import nbformat

    for path in paths:
        nb = nbformat.read(path, as_version=4)
        _execute(nb, path, timeout)
        for cell in nb.cells:
            cell.metadata.pop("execution", None)  # wall-clock timestamps: noise in every diff
        nb.metadata["kernelspec"] = kernelspec_metadata()
        nbformat.write(nb, path)
        print(f"refreshed {path}", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Build the report from the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--notebooks",
        type=Path,
        default=Path("notebooks"),
        help="the folder of numbered notebooks (default: notebooks)",
    )
    parser.add_argument("--out", type=Path, default=Path("build") / "report", help="output folder")
    parser.add_argument("--study", default=None, help="the study pack whose title and glossary the report shows")
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="instead: re-execute the committed notebooks and their solutions in place",
    )
    args = parser.parse_args(argv)
    notebooks = numbered_notebooks(args.notebooks)
    if not notebooks:
        print(
            f"report: error: no numbered notebooks (00-*.ipynb) in {args.notebooks}: run it from the "
            "repository, or pass --notebooks",
            file=sys.stderr,
        )
        return 2
    if args.refresh:
        refresh_notebooks(notebooks + numbered_notebooks(args.notebooks / "solutions"))
        return 0
    start = time.perf_counter()
    summaries = build_report(args.out, notebooks, args.study)
    total = time.perf_counter() - start
    try:
        shown = args.out.resolve().relative_to(Path.cwd())
    except ValueError:
        shown = args.out
    print(f"report: {len(summaries)} notebooks in {total:.1f} s -> {shown}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
