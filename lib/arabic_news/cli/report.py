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

from ..core.study import Study, load_study
from ..core.text import ARABIC_LETTER_RE
from ..display.bidi import strip_isolates
from ..display.rendering import ARABIC_FONT, LATIN_FONT, embedded_font_css
from ..display.tables import MISSING
from .atomic import replace_folder
from .hosted import hosted_links, install_cell, is_install_cell, project_root, repository_url
from .report_glossary import glossary_page
from .report_index import LAB_MINUTES, Exercise, Lesson, exercises, lesson, section

__all__ = ["build_report", "glossary_page", "index_page", "main", "summarize"]

_STRONG_RE = re.compile(r"[A-Za-z\u00c0-\u024f]|" + ARABIC_LETTER_RE.pattern)
_BLOCK_RE = re.compile(r"<(p|li|td|th|h[1-6]|caption|blockquote)((?:\s[^<>]*)?)>(.*?)</\1>", re.S)
_TAG_RE = re.compile(r"<[^>]+>")
_NOTEBOOK_LINK_RE = re.compile(r'href="((?:\.\./|solutions/)?\d\d-[\w.-]+?)\.ipynb(#[^"]*)?"')
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
  table.dataframe, .jp-RenderedHTMLCommon > table { display: block; max-width: 100%; overflow-x: auto; }
  .an-scroll { max-width: 100%; overflow-x: auto; }
  table.arabic-news { border-collapse: collapse; margin: 0.5em 0; }
  table.arabic-news td, table.arabic-news th { border: 1px solid #ccc; padding: 2px 6px; max-width: 32em;
    overflow-wrap: break-word; white-space: normal; }
  ul.an-notes { font-size: 0.85em; color: #444; margin: 0.2em 0 1em 0; }
  .jp-InputArea-editor pre, .jp-OutputArea-output pre, .highlight pre { white-space: pre-wrap;
    overflow-wrap: anywhere; }
  .an-nav { font-family: sans-serif; margin: 1em 0; }
  #an-search { font-size: 1.1em; width: 100%; padding: 0.3em; margin: 0.5em 0; }
  .an-group h3 { margin-bottom: 0.2em; }
  .an-hosted a { margin-right: 1em; }
  .jp-RenderedImage img { max-width: 100%; height: auto; }
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
    limitations_html: str = ""
    next_html: str = ""
    exercises: list[Exercise] = field(default_factory=list)
    lesson: Lesson | None = None  # the notebook as a 2-hour lab (:func:`~arabic_news.cli.report_index.lesson`)
    seconds: float = 0.0  # kernel time measured when the report executed the notebook
    links: dict[str, str] = field(default_factory=dict)  # "Open in Binder", "Open in Colab"

    @property
    def minutes(self) -> int:
        """Return the minutes to read and run the notebook at a student's pace."""
        return self.lesson.reading if self.lesson else 0

    @property
    def html_name(self) -> str:
        """Return the file name of this notebook's HTML page."""
        return self.path.with_suffix(".html").name


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


def _section_html(cells: list, name: str) -> str:
    """Return the HTML of a notebook section: its Markdown, and the outputs of its code cells."""
    md = _markdown()
    found = section(cells, name)
    parts = []
    for part in found.parts if found else []:
        if isinstance(part, str):
            parts.append(md(part))
            continue
        for out in part.get("outputs", []):
            data = out.get("data", {})
            if "text/html" in data:
                parts.append(data["text/html"])
            elif "text/plain" in data:
                parts.append(f"<pre>{html.escape(data['text/plain'])}</pre>")
            elif out.get("output_type") == "stream":
                parts.append(f"<pre>{html.escape(out.get('text', ''))}</pre>")
    return "\n".join(parts)


def summarize(nb: object, path: Path, first: bool = False) -> NotebookSummary:
    """Return the title, question, learning goals, summary, limitations, exercises and next link of an
    executed notebook, and its lesson (``first``: the first of the course, with the installation)."""
    cells = nb.cells  # type: ignore[attr-defined]
    text = "\n\n".join(c.source for c in cells if c.cell_type == "markdown")
    title_m = re.search(r"^#\s+(.+)$", text, re.M)
    title = title_m.group(1).strip() if title_m else path.stem
    first_cell = next((c.source for c in cells if c.cell_type == "markdown"), "")
    question = next((p.strip() for p in first_cell.split("\n\n")[1:] if p.strip() and not p.startswith("#")), "")
    return NotebookSummary(
        path,
        title,
        question,
        learning_goals(text),
        _section_html(cells, "summary"),
        _section_html(cells, "limitations"),
        _section_html(cells, "next"),
        exercises(cells),
        lesson(nb, first=first),
    )


def _exercise_list(items: list[Exercise]) -> str:
    """Return the exercises as an HTML list: title, minutes and difficulty."""
    rows = "".join(f"<li>{html.escape(e.title)} ({e.minutes} min, {e.level})</li>" for e in items)
    return f"<ol>{rows}</ol>"


def _hosted(links: dict[str, str]) -> str:
    """Return the "Open in Binder / Colab" line of a notebook (nothing without a repository address)."""
    if not links:
        return ""
    anchors = "".join(f'<a href="{html.escape(url)}">Open in {html.escape(name)}</a>' for name, url in links.items())
    return f'<p class="an-hosted">{anchors}</p>'


def index_page(items: list[NotebookSummary], study: Study, student: bool = False) -> str:
    """Return the report's index.html: per notebook its question, hosted links, lesson plan, learning
    goals, main findings, limitations, exercises and the next notebook, each under its own heading."""
    md = _markdown()
    blocks = []
    for it in items:
        goals = "".join(f"<li>{_inline(md(g))}</li>" for g in it.goals)
        plan = it.lesson.plan() if it.lesson else ""
        measured = f" Its code ran in {it.seconds:.0f} s in this report's run." if it.seconds else ""
        blocks.append(
            f'<section><h2><a href="{html.escape(it.html_name)}">{html.escape(it.title)}</a></h2>'
            f"{_hosted(it.links)}<p>{_inline(md(it.question))}</p>"
            f"<p><strong>Time.</strong> About {it.minutes} minutes to read and run at a student's pace. "
            f"As a {LAB_MINUTES // 60}-hour lab: {html.escape(plan)}{measured}</p>"
            f"<h3>Learning goals</h3><ol>{goals}</ol>"
            f"<h3>Main findings</h3>{mark_missing(link_pages(it.summary_html))}"
            f"<h3>Limitations</h3>{link_pages(it.limitations_html)}"
            f"<h3>Exercises</h3>{_exercise_list(it.exercises)}"
            + (f"<h3>Next</h3>{link_pages(it.next_html)}" if it.next_html else "")
            + "</section>"
        )
    toc = "".join(f'<li><a href="{html.escape(it.html_name)}">{html.escape(it.title)}</a></li>' for it in items)
    edition = (
        "This is the student edition: the worked solutions are with your instructor."
        if student
        else "This is the instructor edition: the worked solutions are linked from each notebook's exercises "
        "(<code>--student</code> builds the edition without them)."
    )
    body = (
        f"<h1>{html.escape(study.title)}</h1>"
        "<p>A report generated from the notebooks of this repository by <code>make run</code>. "
        f"Each page below is one executed notebook; the numbers come from the package code. {edition}</p>"
        f"<h2>Contents</h2><ol>{toc}</ol>"
        '<p>The <a href="glossary.html">glossary</a> lists every Arabic term the notebooks discuss, '
        "with an English gloss, a transliteration and the camp that uses it, grouped by actor and category "
        "and searchable.</p>" + "".join(blocks)
    )
    return _page("Arabic news framing: report", mark_rtl(body))


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


_IMG_RE = re.compile(r"<img\b[^>]*>")
_SRC_RE = re.compile(r'\ssrc="data:image/png;base64,(?P<data>[^"]+)"')
_ALT_RE = re.compile(r'\salt="[^"]*"')
_SOLUTION_NOTE_RE = re.compile(r"solutions/|\bSolutions are in\b", re.I)


def describe_images(page: str, nb: object) -> str:
    """Return ``page`` with the alt text of each chart (from its output metadata, see
    :func:`arabic_news.display.notebook.describe_figures`) on its ``<img>``."""
    alts = {}
    for cell in nb.cells:  # type: ignore[attr-defined]
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data:
                image = data["image/png"].replace("\n", "")
                alts[image] = out.get("metadata", {}).get("image/png", {}).get("alt", "")

    def repl(m: re.Match[str]) -> str:
        src = _SRC_RE.search(m.group())
        if not src:
            return m.group()
        alt = alts.get(html.unescape(src.group("data")).replace("\n", ""), "") or "A chart (no description given)."
        return f'<img alt="{html.escape(alt)}"' + _ALT_RE.sub("", m.group()[len("<img") :])

    return _IMG_RE.sub(repl, page)


def without_solutions(nb: object) -> object:
    """Return ``nb`` without the Markdown paragraphs that point to the worked solutions (student edition)."""
    for cell in nb.cells:  # type: ignore[attr-defined]
        if cell.cell_type == "markdown" and _SOLUTION_NOTE_RE.search(cell.source):
            paragraphs = re.split(r"\n\s*\n", cell.source)
            cell.source = "\n\n".join(p for p in paragraphs if not _SOLUTION_NOTE_RE.search(p))
    return nb


def _html_page(nb: object, exporter: object, title: str, nav: str) -> str:
    """Return the report page of an executed notebook: exported, with the report's navigation, style,
    embedded Arabic glyphs, right-to-left blocks, links to pages, chart descriptions and dashes for NaN."""
    body, _resources = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})  # type: ignore[attr-defined]
    body = re.sub(r"(<body[^>]*>)", r"\1" + nav, body, count=1)
    body = body.replace("</head>", REPORT_CSS + page_fonts(body) + "</head>", 1)
    return describe_images(mark_missing(mark_rtl(link_pages(make_offline(body)))), nb)


def build_report(
    out_dir: Path,
    notebooks: list[Path],
    study: Study | None = None,
    timeout: int = 600,
    student: bool = False,
) -> list[NotebookSummary]:
    """Execute ``notebooks`` in order on fresh kernels and write the HTML report; return summaries.

    The instructor edition (default) adds the worked solutions (``solutions/`` beside the notebooks,
    as committed, not re-executed) as pages linked from the exercises; the ``student`` edition has
    neither the solutions nor any pointer to them (and its glossary leaves out the terms only the
    solutions use). With a repository address in ``pyproject.toml`` (``[project.urls] Repository``)
    each notebook gets its "Open in Binder" and "Open in Colab" links.

    The pages are written into a hidden folder beside ``out_dir`` that replaces it only when every
    page is written: an interrupted run leaves the previous report whole, never a mix of old and new.
    """
    import nbformat
    from nbconvert import HTMLExporter

    study = load_study(study)
    root = project_root(notebooks[0].parent) if notebooks else None
    url = repository_url(root / "pyproject.toml") if root else ""
    # not embed_images: nbconvert then parses each inline tag of Markdown alone and turns <bdi>x</bdi>
    # into <bdi></bdi>x (the notebooks' Markdown has no images to embed; chart outputs are embedded anyway)
    exporter = HTMLExporter(template_name="lab")
    titles = [summarize(nbformat.read(p, as_version=4), p).title for p in notebooks]
    summaries = []
    with replace_folder(out_dir) as work:
        for i, path in enumerate(notebooks):
            nb = nbformat.read(path, as_version=4)
            if student:
                without_solutions(nb)
            start = time.perf_counter()
            _execute(nb, path, timeout)
            seconds = time.perf_counter() - start
            nav = ['<nav class="an-nav"><a href="index.html">Report index</a>']
            if i + 1 < len(notebooks):
                nxt = notebooks[i + 1].with_suffix(".html").name
                nav.append(f' · <a href="{nxt}">Next: {html.escape(titles[i + 1])}</a>')
            nav.append("</nav>")
            page = _html_page(nb, exporter, titles[i], "".join(nav))
            (work / path.with_suffix(".html").name).write_text(page, encoding="utf-8")
            summary = summarize(nb, path, first=i == 0)
            summary.seconds = seconds
            if root is not None:
                summary.links = hosted_links(url, path.resolve().relative_to(root).as_posix())
            summaries.append(summary)
            print(f"executed {path.name} in {seconds:.1f} s", flush=True)
        solutions = [] if student else numbered_notebooks(notebooks[0].parent / "solutions") if notebooks else []
        for path in solutions:
            (work / "solutions").mkdir(exist_ok=True)
            nb = nbformat.read(path, as_version=4)
            nav = '<nav class="an-nav"><a href="../index.html">Report index</a> · worked solutions</nav>'
            page = _html_page(nb, exporter, summarize(nb, path).title, nav)
            (work / "solutions" / path.with_suffix(".html").name).write_text(page, encoding="utf-8")
        (work / "index.html").write_text(index_page(summaries, study, student=student), encoding="utf-8")
        (work / "glossary.html").write_text(glossary_page(study, student=student, page=_page), encoding="utf-8")
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
    """Re-execute ``paths`` in place, in order, each on a fresh kernel, without timing metadata; the
    install cell of each gets the repository address of ``pyproject.toml`` (:mod:`.hosted`)."""
    import nbformat

    for path in paths:
        nb = nbformat.read(path, as_version=4)
        root = project_root(path.parent)
        for cell in nb.cells:
            if cell.cell_type == "code" and is_install_cell(cell.source) and root is not None:
                cell.source = install_cell(repository_url(root / "pyproject.toml"))
        _execute(nb, path, timeout)
        for cell in nb.cells:
            cell.metadata.pop("execution", None)  # wall-clock timestamps: noise in every diff
        nb.metadata["kernelspec"] = kernelspec_metadata()
        nbformat.write(nb, path)
        print(f"refreshed {path}", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Build the report from the command line; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="arabic-news report",
        description="Execute the numbered notebooks in order and write the HTML report (make run).",
    )
    parser.add_argument(
        "--notebooks",
        type=Path,
        default=Path("notebooks"),
        help="the folder of numbered notebooks (default: notebooks)",
    )
    parser.add_argument("--out", type=Path, default=Path("build") / "report", help="output folder")
    parser.add_argument("--study", default=None, help="the study pack whose title and glossary the report shows")
    parser.add_argument(
        "--student",
        action="store_true",
        help="the student edition: without the worked solutions and without any link to them",
    )
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
    summaries = build_report(args.out, notebooks, args.study, student=args.student)
    total = time.perf_counter() - start
    try:
        shown = args.out.resolve().relative_to(Path.cwd())
    except ValueError:
        shown = args.out
    print(f"report: {len(summaries)} notebooks in {total:.1f} s -> {shown}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
