"""Import time of the package and execution time of the notebooks (targets of the report issue).

Each number is compared with a baseline measured in the same run:
* import: ``python -c "import arabic_news"`` against a bare ``python -c "pass"`` and against
  ``import pandas`` (what the notebooks need anyway);
* notebooks: each notebook executed on a fresh kernel (as ``make run`` does) against an empty
  notebook, which measures kernel start-up alone.

Results are printed and written to the section "Notebooks and import" of benchmarks/README.md.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "lib"))
sys.path.insert(0, str(REPO / "benchmarks"))

from _readme import write_section  # noqa: E402
from arabic_news.cli.report import numbered_notebooks  # noqa: E402

SECTION = "## Notebooks and import"
REPEAT = 5


def _python_seconds(code: str) -> float:
    """Return the median wall time of running ``code`` in a fresh interpreter."""
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _execute_seconds(nb) -> float:
    """Return the wall time of executing notebook node ``nb`` on a fresh kernel."""
    from nbclient import NotebookClient

    start = time.perf_counter()
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(REPO / "notebooks")}}
    ).execute()
    return time.perf_counter() - start


def main() -> None:
    """Measure and write the results table."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    bare = _python_seconds("pass")
    pkg = _python_seconds("import arabic_news")
    pandas = _python_seconds("import pandas")
    loader = _python_seconds("from arabic_news import load_case_study; load_case_study")
    rows = [
        ("import arabic_news", pkg - bare, f"{(pkg - bare) / max(pandas - bare, 1e-9):.2f} × import pandas"),
        (
            "from arabic_news import load_case_study (pulls in pandas)",
            loader - bare,
            f"{(loader - bare) / max(pandas - bare, 1e-9):.2f} × import pandas",
        ),
        ("import pandas (baseline)", pandas - bare, "1.00"),
    ]
    empty = _execute_seconds(new_notebook(cells=[new_code_cell("1")]))
    total = 0.0
    nb_rows = []
    for path in numbered_notebooks(REPO / "notebooks"):
        seconds = _execute_seconds(nbformat.read(path, as_version=4))
        total += seconds
        nb_rows.append((path.name, seconds, f"{seconds / empty:.1f} × empty notebook"))
    lines = [
        SECTION,
        "",
        f"Measured by `benchmarks/notebooks_and_import.py` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. Targets: all notebooks "
        "under 60 s, package import under 0.5 s.",
        "",
        "| what | seconds | relative to the baseline of the same run |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {sec:.3f} | {ratio} |" for name, sec, ratio in rows]
    lines += [f"| empty notebook on a fresh kernel (baseline) | {empty:.2f} | 1.0 |"]
    lines += [f"| {name} | {sec:.2f} | {ratio} |" for name, sec, ratio in nb_rows]
    lines += [f"| **all notebooks** | **{total:.1f}** | {total / 60:.2f} × the 60 s target |", ""]
    text = "\n".join(lines)
    print(text)
    write_section(SECTION, text)


if __name__ == "__main__":
    main()
