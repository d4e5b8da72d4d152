"""The study-pack documentation says what the code does: docs/study-packs.md's workflow runs as written,
and the Syria pack's README quotes the figures `arabic-news validate` prints."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from arabic_news import main
from repo_paths import PACKS, REPO_ROOT

SYRIA = PACKS / "syria-idlib-2019-2020"


def test_the_documented_workflow_runs_as_written(tmp_path):
    doc = (REPO_ROOT / "docs" / "study-packs.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(CORPUS=.*?)```", doc, re.S).group(1)
    corpus = "lib/arabic_news/studies/syria-idlib-2019-2020/validation/articles.jsonl"
    assert f"CORPUS={corpus} " in block
    # run from a scratch folder (my-pack and fw.png are written where it runs), the corpus found from the root
    script = "set -e\n" + block.replace(f"CORPUS={corpus}", f"CORPUS={REPO_ROOT / corpus}")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    assert (tmp_path / "fw.png").stat().st_size > 0
    assert (tmp_path / "my-pack" / "actor_candidates.csv").exists()
    # the figure the text after the block quotes
    pair = next(line for line in run.stdout.splitlines() if line.startswith("all   pro_gov  pro_opp "))
    assert pair.split()[5] == "0.788"
    assert "give `validate` P(pro_gov > pro_opp) = 0.788 on the held-out outlets" in " ".join(doc.split())


def _split(capsys, split: str) -> dict:
    args = ["validate", str(SYRIA / "validation" / "articles.jsonl"), "--study", SYRIA.name]
    assert main([*args, "--label", "group", "--where", f"split={split}", "--quiet", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _mean(row: dict, interval: bool) -> str:
    text = f"{row['mean']:+.3f}"
    return text + (f" [{row['low']:.3f}, {row['high']:.3f}]" if interval else "")


def _auc(row: dict, interval: bool) -> str:
    return f"{row['auc']:.3f}" + (f" [{row['low']:.3f}, {row['high']:.3f}]" if interval else "")


def test_the_syria_readme_quotes_what_validate_prints(capsys):
    readme = (SYRIA / "README.md").read_text(encoding="utf-8")
    for split, label in (("discovery", "discovery (34, used to build)"), ("validation", "validation (35, held out)")):
        tables = _split(capsys, split)
        held_out = split == "validation"
        groups = {g["group"]: g for g in tables["groups"]}
        pairs = {(p["a"], p["b"]): p for p in tables["pairs"]}
        partisan = [groups["pro_gov"], groups["pro_opp"]]
        scored, documents = sum(g["scored"] for g in partisan), sum(g["documents"] for g in partisan)
        cells = [
            label,
            *(_mean(groups[g], held_out) for g in ("pro_gov", "neutral", "pro_opp")),
            f"{scored}/{documents} = {scored / documents:.2f}",
            *(
                _auc(pairs[p], held_out)
                for p in [("pro_gov", "pro_opp"), ("pro_gov", "neutral"), ("neutral", "pro_opp")]
            ),
        ]
        row = "| " + " | ".join(cells) + " |"
        assert row in readme, row
    unscored_0 = ", ".join(f"{groups[g]['mean_unscored_0']:+.3f}" for g in ("pro_gov", "neutral")) + " and "
    assert f"are {unscored_0}{groups['pro_opp']['mean_unscored_0']:+.3f}" in " ".join(readme.split())
