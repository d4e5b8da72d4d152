"""The main job (``make run``): execute the notebooks in order and write an HTML report.

``python -m arabic_news.cli.report [--notebooks notebooks] [--out build/report]`` (run from the
repository: ``make run``) runs every numbered notebook on a fresh
kernel (the committed notebooks are not modified), writes one self-contained HTML page per notebook
(images embedded, no script or style fetched from the network), an ``index.html`` with the
table of contents, each notebook's learning goals and its summary, and ``glossary.html``. Arabic paragraphs, list items
and table cells get ``dir="rtl"``.
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
from ..display.tables import rtl_table_html

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

#: the one style sheet of the report's pages (notebook pages, index and glossary)
REPORT_CSS = """
<style>
  body { max-width: 1100px; margin: 0 auto; }
  body.an-page { font-family: 'DejaVu Sans', sans-serif; max-width: 960px; margin: 2em auto; line-height: 1.5; }
  [dir="rtl"] { text-align: right; }
  table.arabic-news { border-collapse: collapse; margin: 0.5em 0; }
  table.arabic-news td, table.arabic-news th { border: 1px solid #ccc; padding: 2px 6px; }
  .an-nav { font-family: sans-serif; margin: 1em 0; }
</style>
"""


def _page(title: str, body: str) -> str:
    """Return a stand-alone page of the report (index, glossary) with the report's style."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>{REPORT_CSS}</head>"
        f'<body class="an-page">{body}</body></html>'
    )


def numbered_notebooks(folder: Path) -> list[Path]:
    """Return the numbered notebooks (``00-...ipynb``) of ``folder`` in order."""
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def first_strong_is_arabic(fragment: str) -> bool:
    """Return True when the first letter of the HTML ``fragment``'s text is Arabic."""
    m = _STRONG_RE.search(html.unescape(_TAG_RE.sub(" ", fragment)))
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


def _markdown():
    """Return a Markdown renderer that escapes raw HTML (mistune, an nbconvert dependency)."""
    import mistune

    return mistune.create_markdown(escape=True, plugins=["table"])


def _inline(rendered: str) -> str:
    """Return rendered Markdown without its wrapping paragraph."""
    return re.sub(r"^<p>(.*)</p>\s*$", r"\1", rendered.strip(), flags=re.S)


def summarize(nb: object, path: Path) -> NotebookSummary:
    """Return the title, question, learning goals and summary of an executed notebook."""
    md = _markdown()
    cells = nb.cells  # type: ignore[attr-defined]
    text = "\n\n".join(c.source for c in cells if c.cell_type == "markdown")
    title_m = re.search(r"^#\s+(.+)$", text, re.M)
    title = title_m.group(1).strip() if title_m else path.stem
    first = next((c.source for c in cells if c.cell_type == "markdown"), "")
    question = next((p.strip() for p in first.split("\n\n")[1:] if p.strip() and not p.startswith("#")), "")
    goals_m = re.search(r"(?:\*\*Learning goals|#+\s*Learning goals)[^\n]*\n((?:\s*\d+\..*(?:\n|$))+)", text)
    goals = [re.sub(r"^\s*\d+\.\s*", "", g).strip() for g in goals_m.group(1).strip().splitlines()] if goals_m else []
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
    return NotebookSummary(path, title, question, goals, "\n".join(parts))


def index_page(items: list[NotebookSummary], study: Study) -> str:
    """Return the report's index.html."""
    md = _markdown()
    blocks = []
    for it in items:
        goals = "".join(f"<li>{_inline(md(g))}</li>" for g in it.goals)
        blocks.append(
            f'<section><h2><a href="{html.escape(it.html_name)}">{html.escape(it.title)}</a></h2>'
            f"<p>{_inline(md(it.question))}</p>"
            f"<h3>Learning goals</h3><ol>{goals}</ol>"
            f"<h3>Main findings</h3>{link_pages(it.summary_html)}</section>"
        )
    toc = "".join(f'<li><a href="{html.escape(it.html_name)}">{html.escape(it.title)}</a></li>' for it in items)
    body = (
        f"<h1>{html.escape(study.title)}</h1>"
        "<p>A report generated from the notebooks of this repository by <code>make run</code>. "
        "Each page below is one executed notebook; the numbers come from the package code.</p>"
        f"<h2>Contents</h2><ol>{toc}</ol>"
        '<p>The <a href="glossary.html">glossary</a> lists every Arabic term the notebooks discuss, '
        "with an English gloss, a transliteration and the camp that uses it.</p>" + "".join(blocks)
    )
    return _page("Arabic news framing: report", mark_rtl(body))


def glossary_page(study: Study) -> str:
    """Return the glossary as a right-to-left HTML page."""
    table = rtl_table_html(
        glossary(study), caption="Glossary of the Arabic terms discussed in the notebooks", rtl_columns=["term"]
    )
    return _page("Glossary", '<p><a href="index.html">Report index</a></p>' + table)


def build_report(
    out_dir: Path, notebooks: list[Path], study: Study | None = None, timeout: int = 600
) -> list[NotebookSummary]:
    """Execute ``notebooks`` in order on fresh kernels and write the HTML report; return summaries."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    study = load_study(study)
    out_dir.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab", embed_images=True)
    summaries = []
    for i, path in enumerate(notebooks):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        seconds = time.perf_counter() - start
        body, _resources = exporter.from_notebook_node(nb)
        nav = ['<nav class="an-nav"><a href="index.html">Report index</a>']
        if i + 1 < len(notebooks):
            nxt = notebooks[i + 1].with_suffix(".html").name
            nav.append(f' · <a href="{nxt}">Next: {html.escape(nxt)}</a>')
        nav.append("</nav>")
        body = re.sub(r"(<body[^>]*>)", r"\1" + "".join(nav), body, count=1)
        body = body.replace("</head>", REPORT_CSS + "</head>", 1)
        page = mark_rtl(link_pages(make_offline(body)))
        (out_dir / path.with_suffix(".html").name).write_text(page, encoding="utf-8")
        summary = summarize(nb, path)
        summary.seconds = seconds
        summaries.append(summary)
        print(f"executed {path.name} in {seconds:.1f} s", flush=True)
    (out_dir / "index.html").write_text(index_page(summaries, study), encoding="utf-8")
    (out_dir / "glossary.html").write_text(glossary_page(study), encoding="utf-8")
    return summaries


def refresh_notebooks(paths: list[Path], timeout: int = 600) -> None:
    """Re-execute ``paths`` in place, in order, each on a fresh kernel, without timing metadata."""
    import nbformat
    from nbclient import NotebookClient

    for path in paths:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        for cell in nb.cells:
            cell.metadata.pop("execution", None)  # wall-clock timestamps: noise in every diff
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
