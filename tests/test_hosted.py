"""One click to start: the hosted-service links built from the repository's address, the first cell
that installs the package on a hosted service (run for real in a clean environment with matplotlib
3.10, as such services ship it), the path without make that a Windows user follows (run for real in a
fresh virtual environment), and JupyterLab served the Arabic face.

`make test` builds `.venv-hosted/` (requirements/hosted.txt: matplotlib 3.10, the scientific stack, a
Jupyter kernel, not this package); the path without make builds its own environment each run, from
pip's cache (about a minute and a half).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

from arabic_news.cli.hosted import hosted_links, install_cell, project_root, repository_url
from repo_paths import NOTEBOOKS, REPO_ROOT

HOSTED_VENV = REPO_ROOT / ".venv-hosted"
SAMPLE = "https://github.com/example-org/arabic-news"  # a sample address: none is recorded in the project


def _bin(venv, name: str):
    folder = venv / ("Scripts" if sys.platform.startswith("win") else "bin")
    return folder / name


# --- links and the install cell ---------------------------------------------------------------


def test_links_are_built_from_the_repository_address():
    links = hosted_links(SAMPLE + ".git", "notebooks/00-corpus-and-arabic-text.ipynb")
    assert links == {
        "Binder": "https://mybinder.org/v2/gh/example-org/arabic-news/HEAD?labpath=notebooks%2F00-corpus-and-arabic-text.ipynb",
        "Colab": "https://colab.research.google.com/github/example-org/arabic-news/blob/HEAD/notebooks/00-corpus-and-arabic-text.ipynb",
    }
    assert hosted_links("", "notebooks/x.ipynb") == {}  # no address: no link, never a broken one
    assert hosted_links("https://example.org/somewhere", "notebooks/x.ipynb") == {}  # not on GitHub


def test_the_address_is_read_from_project_urls(tmp_path):
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "x"\n[project.urls]\nRepository = "{SAMPLE}"\n')
    assert repository_url(tmp_path / "pyproject.toml") == SAMPLE
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert repository_url(tmp_path / "pyproject.toml") == ""
    assert project_root(NOTEBOOKS / "solutions") == REPO_ROOT


def test_the_project_records_no_address_yet_and_the_report_shows_no_link():
    # the maintainers set [project.urls] Repository in pyproject.toml (see the README); until then
    # the report's index has no hosted link and the install cell asks for a clone
    assert repository_url(REPO_ROOT / "pyproject.toml") == ""
    assert 'REPOSITORY = ""' in install_cell("")


def test_the_install_cell_installs_from_the_address_when_there_is_no_clone(tmp_path):
    source = install_cell(SAMPLE)
    assert f'REPOSITORY = "{SAMPLE}"' in source
    commands = []

    class Pip:  # stands for pip: records the command, prints one line, succeeds
        def __init__(self, command, **kwargs):
            commands.append(command)
            self.stdout, self.returncode = iter(["Successfully installed arabic-news\n"]), 0

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    import importlib.util

    cwd, real, popen = os.getcwd(), importlib.util.find_spec, subprocess.Popen
    os.chdir(tmp_path)  # no pyproject.toml above: a notebook opened alone, as Colab opens it
    importlib.util.find_spec = lambda name, *a: None if name == "arabic_news" else real(name, *a)
    subprocess.Popen = Pip
    try:
        exec(compile(source, "install-cell", "exec"), {})
    finally:
        subprocess.Popen, importlib.util.find_spec = popen, real
        os.chdir(cwd)
    assert commands == [[sys.executable, "-m", "pip", "install", f"arabic-news @ git+{SAMPLE}"]]


# --- the hosted service, for real ---------------------------------------------------------------


def _hosted_python():
    python = _bin(HOSTED_VENV, "python")
    if not python.exists():
        pytest.fail("the hosted-service test needs .venv-hosted: run `make test` (it creates it)")
    return python


def test_the_first_cell_installs_the_package_on_a_hosted_service_with_matplotlib_3_10(tmp_path):
    python = _hosted_python()
    subprocess.run([python, "-m", "pip", "uninstall", "--yes", "--quiet", "arabic-news"], check=False)
    assert subprocess.run([python, "-c", "import arabic_news"], capture_output=True).returncode != 0
    version = subprocess.run(
        [python, "-c", "import matplotlib; print(matplotlib.__version__)"], capture_output=True, text=True, check=True
    ).stdout
    assert version.startswith("3.10.")
    notebook = NOTEBOOKS / "00-corpus-and-arabic-text.ipynb"
    out = tmp_path / "executed.ipynb"
    script = (
        "import nbformat, nbclient, sys\n"
        f"nb = nbformat.read({str(notebook)!r}, as_version=4)\n"
        f"where = {{'metadata': {{'path': {str(NOTEBOOKS)!r}}}}}\n"
        "nbclient.NotebookClient(nb, timeout=900, resources=where).execute()\n"
        f"nbformat.write(nb, {str(out)!r})\n"
    )
    run = subprocess.run([python, "-c", script], capture_output=True, text=True, timeout=1500)
    assert run.returncode == 0, run.stderr[-3000:]
    executed = nbformat.read(out, as_version=4)
    first = next(c for c in executed.cells if c.cell_type == "code")
    printed = "".join(o.get("text", "") for o in first.outputs)
    assert "Installing arabic-news" in printed and "Successfully installed" in printed
    committed = nbformat.read(notebook, as_version=4)
    tables = [
        (c.outputs[0]["data"]["text/plain"], k.outputs[0]["data"]["text/plain"])
        for c, k in zip(committed.cells, executed.cells)
        if c.cell_type == "code" and c.outputs and "data" in c.outputs[0] and "rtl_table(overview" in c.source
    ]
    assert len(tables) == 1 and tables[0][0] == tables[0][1]  # the same numbers on the hosted service
    charts = [o for c in executed.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert charts and all(o["metadata"]["image/png"]["alt"] for o in charts)


# --- without make (Windows too) -----------------------------------------------------------------


def test_the_path_without_make_installs_builds_the_report_and_has_jupyterlab(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = _bin(venv, "python")
    install = subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "-c",
            "requirements/constraints.txt",
            "-e",
            ".[notebooks]",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(NOTEBOOKS / "00-corpus-and-arabic-text.ipynb", notebooks)
    report = subprocess.run(
        [_bin(venv, "arabic-news"), "report", "--notebooks", str(notebooks), "--out", str(tmp_path / "report")],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert report.returncode == 0, report.stderr[-3000:]
    assert (tmp_path / "report" / "00-corpus-and-arabic-text.html").exists()
    assert "report: 1 notebooks" in report.stdout
    lab = subprocess.run([_bin(venv, "jupyter"), "lab", "--version"], capture_output=True, text=True, check=True)
    assert lab.stdout.strip().startswith("4.")


# --- JupyterLab and the Arabic face --------------------------------------------------------------


def test_jupyterlab_is_served_the_arabic_face(tmp_path):
    from arabic_news.cli.lab import lab_command, write_custom_css
    from arabic_news.display.rendering import arabic_font_path

    css = write_custom_css(tmp_path / "jupyter")
    text = css.read_text(encoding="utf-8")
    assert "Noto Sans Arabic" in text and "U+0600-06FF" in text and arabic_font_path().name in text
    port = 18000 + os.getpid() % 1000
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")}
    command = lab_command(
        NOTEBOOKS, ["--no-browser", f"--port={port}", "--IdentityProvider.token=t", "--ServerApp.ip=127.0.0.1"]
    )
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        page = css_served = font = b""
        for _ in range(60):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token=t", timeout=2).read()
                css_served = urllib.request.urlopen(f"http://127.0.0.1:{port}/custom/custom.css?token=t").read()
                font = urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/custom/{arabic_font_path().name}?token=t"
                ).read()
                break
            except OSError:
                time.sleep(0.5)
        assert b"custom/custom.css" in page
        assert css_served.decode("utf-8") == text
        assert font == arabic_font_path().read_bytes()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_every_notebook_page_of_the_report_index_has_its_hosted_links_once_an_address_is_set(tmp_path):
    from arabic_news import load_study
    from arabic_news.cli.report import index_page, summarize

    path = NOTEBOOKS / "00-corpus-and-arabic-text.ipynb"
    item = summarize(nbformat.read(path, as_version=4), path, first=True)
    item.links = hosted_links(SAMPLE, "notebooks/" + path.name)
    page = index_page([item], load_study("libya-2019-2020"))
    assert "Open in Binder" in page and "Open in Colab" in page and "mybinder.org/v2/gh/example-org" in page
    item.links = {}
    assert "Open in" not in index_page([item], load_study("libya-2019-2020"))
