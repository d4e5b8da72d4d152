"""The instructor guide says what the package does: its lesson table is the plan the report computes
for each notebook, and the code of its 2-hour lab runs as written, in order."""

import re

import matplotlib
import nbformat
import pytest

from arabic_news.cli.report_index import lesson
from repo_paths import NOTEBOOKS, REPO_ROOT

matplotlib.use("Agg")

GUIDE = (REPO_ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
NUMBERED = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.parametrize("index, path", list(enumerate(NUMBERED)), ids=[p.stem for p in NUMBERED])
def test_the_lesson_table_is_the_computed_plan(index, path):
    plan = lesson(nbformat.read(path, as_version=4), first=index == 0)
    row = next(line for line in GUIDE.splitlines() if line.startswith(f"| {index + 1} | `{path.stem}` |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    in_class = ", ".join(str(e.number) for e in plan.in_class)
    assert cells[2:5] == [f"{plan.setup} min", f"{plan.reading} min", f"{plan.discussion} min"]
    assert cells[5] == (f"{in_class} ({sum(e.minutes for e in plan.in_class)} min)" if plan.in_class else "none")
    assert cells[6] == f"{plan.total} min" + ("" if plan.labs == 1 else " (two labs)")
    assert cells[7] == (", ".join(str(e.number) for e in plan.homework) or "none")


def test_the_lab_on_the_excerpts_runs_as_written():
    lab = GUIDE[GUIDE.index("## A 2-hour lab on the shipped excerpts") : GUIDE.index("## Self-checks, rubric")]
    blocks = re.findall(r"```python\n(.*?)```", lab, re.S)
    assert len(blocks) == 5
    namespace: dict = {}
    for block in blocks:
        exec(
            compile(
                "\n".join(line[3:] if line.startswith("   ") else line for line in block.splitlines()), "guide", "exec"
            ),
            namespace,
        )
    assert len(namespace["excerpts"]) == 149 and len(namespace["held_out"]) == 76
    assert namespace["excerpts"]["outlet"].nunique() == 79
    assert set(namespace["scores"]["group"]) == {"pro_lna", "pro_gna", "neutral"}
    counts = namespace["excerpts"]["group"].value_counts().to_dict()
    assert counts == {"pro_lna": 61, "pro_gna": 45, "neutral": 43}
