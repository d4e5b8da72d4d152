"""One click to start: the repository's address, the "Open in Binder" and "Open in Colab" links
built from it, and the first cell of every notebook, which installs the package on a hosted service.

The address is read from ``pyproject.toml``: ``[project.urls] Repository`` (or ``Source``). The
maintainers set it there and nowhere else; while it is not set the report shows no hosted links
(never a broken one) and the install cell asks for a clone. ``arabic-news report --refresh`` writes
the current address into the install cell of every notebook, and a test fails when one differs.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import quote

#: the keys of ``[project.urls]`` that may hold the repository's address, in order of preference
URL_KEYS = ("Repository", "Source", "Source Code", "Code")
_GITHUB_RE = re.compile(r"^https://github\.com/(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?/?$")


def project_root(start: Path) -> Path | None:
    """Return the nearest folder at or above ``start`` that holds a ``pyproject.toml`` (a clone)."""
    start = start.resolve()
    return next((p for p in [start, *start.parents] if (p / "pyproject.toml").is_file()), None)


def repository_url(pyproject: Path) -> str:
    """Return the repository's address from ``[project.urls]`` of ``pyproject`` ("" when not set)."""
    with open(pyproject, "rb") as f:
        urls = tomllib.load(f).get("project", {}).get("urls", {})
    return next((urls[k].strip() for k in URL_KEYS if str(urls.get(k, "")).strip()), "")


def hosted_links(url: str, notebook: str, branch: str = "HEAD") -> dict[str, str]:
    """Return {"Binder": ..., "Colab": ...} for ``notebook`` (a path inside the repository, such as
    ``notebooks/00-corpus-and-arabic-text.ipynb``) of the GitHub repository at ``url``; an empty dict
    for an address that is not a GitHub repository (or none), so nothing broken is shown."""
    m = _GITHUB_RE.match(url or "")
    if not m:
        return {}
    owner, repo = m.group("owner"), m.group("repo")
    return {
        "Binder": f"https://mybinder.org/v2/gh/{owner}/{repo}/{branch}?labpath={quote(notebook, safe='')}",
        "Colab": f"https://colab.research.google.com/github/{owner}/{repo}/blob/{branch}/{quote(notebook)}",
    }


INSTALL_CELL = """# Hosted services only (Colab and similar): install this repository's package when it is missing.
# Locally (`make lab`, or `jupyter lab` after `pip install -e ".[notebooks]"`) and on Binder it is
# already installed, and this cell does nothing.
import importlib
import importlib.util
import pathlib
import subprocess
import sys

REPOSITORY = "{url}"  # [project.urls] Repository in pyproject.toml
if importlib.util.find_spec("arabic_news") is None:
    here = pathlib.Path.cwd()
    root = next((p for p in [here, *here.parents] if (p / "pyproject.toml").exists()), None)
    if root is not None:
        source = ["-e", str(root)]  # a clone of the repository: install it in place
        sys.path.insert(0, str(root / "lib"))
    elif REPOSITORY:
        source = [f"arabic-news @ git+{{REPOSITORY}}"]
    else:
        raise RuntimeError("Clone the repository and open this notebook from its notebooks/ folder.")
    print("Installing arabic-news and its dependencies (a minute or two)...", flush=True)
    command = [sys.executable, "-m", "pip", "install", *source]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as pip:
        for line in pip.stdout:  # pip's progress, shown in the notebook as it goes
            print(line, end="", flush=True)
    if pip.returncode:
        raise RuntimeError("pip could not install arabic-news: its messages are above.")
    importlib.invalidate_caches()"""


def install_cell(url: str) -> str:
    """Return the source of the first code cell of every notebook, for the repository at ``url``."""
    if '"' in url or "\\" in url:
        raise ValueError(f"not a repository address: {url!r}")
    return INSTALL_CELL.format(url=url)


def is_install_cell(source: str) -> bool:
    """Return True for the hosted-service install cell (whatever repository address it holds)."""
    return source.startswith("# Hosted services only")
