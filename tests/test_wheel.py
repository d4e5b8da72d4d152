"""Installed is not editable: the built wheel carries the data the package reads, and every
subcommand gives the same output from a plain install outside the repository as in the checkout.

`make test` prepares `.venv-wheel/` (the runtime dependencies from the lock, nothing else); this test
builds the wheel without network access, installs it there in place of the previous build and runs
it from a temporary folder, so nothing of the checkout can be picked up.
"""

import json
import subprocess
import sys
import tomllib
import zipfile

import pytest

import arabic_news
from arabic_news.core.glossary import glossary
from repo_paths import RAW_DIR, REPO_ROOT

WHEEL_VENV = REPO_ROOT / ".venv-wheel"
COMMANDS = [["corpus"], ["sources"], ["duplicates", "--threshold", "0.3"], ["stance", "--clean"]]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    python = WHEEL_VENV / "bin" / "python"
    if not python.exists():
        pytest.fail("the wheel test needs .venv-wheel: run `make test` (it creates it)")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-w",
            str(out),
            str(REPO_ROOT),
        ],
        check=True,
    )
    (built,) = out.glob("arabic_news-*.whl")
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--force-reinstall",
            "--disable-pip-version-check",
            str(built),
        ],
        check=True,
    )
    return built


def _run(python, args, cwd):
    result = subprocess.run(
        [str(python), "-m", "arabic_news", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_wheel_holds_the_study_packs_and_lexicons(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in [
        "arabic_news/lexicons/attribution.csv",
        "arabic_news/lexicons/boilerplate.csv",
        "arabic_news/studies/libya-2019-2020/study.toml",
        "arabic_news/studies/libya-2019-2020/framing.csv",
        "arabic_news/studies/libya-2019-2020/metadata.csv",
        "arabic_news/studies/libya-2019-2020/articles/000_0aadbd7856e2093e.txt",
        "arabic_news/studies/libya-2019-2020/examples/stance_sentences.csv",
    ]:
        assert needed in names
    assert not any(n.startswith(("tests/", "notebooks/", "data/")) or "__pycache__" in n for n in names)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_subcommand_gives_the_checkout_output_from_the_installed_wheel(wheel, command, tmp_path):
    args = [command[0], str(RAW_DIR), "--format", "json", *command[1:]]
    installed = _run(WHEEL_VENV / "bin" / "python", args, tmp_path)
    checkout = _run(sys.executable, args, REPO_ROOT)
    assert json.loads(installed) == json.loads(checkout)
    assert json.loads(installed)  # something was analysed


def test_the_installed_package_loads_its_case_study_and_glossary(wheel, tmp_path):
    code = (
        "import arabic_news as an, json; from arabic_news.core.glossary import glossary; "
        "ctx = an.Context.of('libya-2019-2020'); c = an.load_case_study(ctx); "
        "print(json.dumps([len(c), len(glossary(ctx.study)), an.__version__, ctx.study.name, "
        "str(ctx.study.folder).startswith(str(__import__('pathlib').Path.cwd()))]))"
    )
    result = subprocess.run(
        [str(WHEEL_VENV / "bin" / "python"), "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    n_docs, n_terms, version, study, in_cwd = json.loads(result.stdout)
    assert (n_docs, study, in_cwd) == (5, "libya-2019-2020", False)
    assert n_terms == len(glossary(arabic_news.load_study("libya-2019-2020")))
    assert version == tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert (
        "site-packages"
        in subprocess.run(
            [str(WHEEL_VENV / "bin" / "python"), "-c", "import arabic_news; print(arabic_news.__file__)"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=True,
        ).stdout
    )


def test_the_installed_package_ships_the_syria_pack_and_its_commands(wheel, tmp_path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in [
        "arabic_news/studies/syria-idlib-2019-2020/study.toml",
        "arabic_news/studies/syria-idlib-2019-2020/validation/articles.jsonl",
        "arabic_news/studies/syria-idlib-2019-2020/validation/discovery_review.csv",
        "arabic_news/studies/syria-idlib-2019-2020/examples/republished/afp_original.txt",
    ]:
        assert needed in names
    python = WHEEL_VENV / "bin" / "python"
    articles = REPO_ROOT / "lib" / "arabic_news" / "studies" / "syria-idlib-2019-2020" / "validation" / "articles.jsonl"
    args = ["validate", str(articles), "--study", "syria-idlib-2019-2020", "--label", "group", "--format", "json"]
    assert json.loads(_run(python, [*args, "--bootstrap", "50"], tmp_path)) == json.loads(
        _run(sys.executable, [*args, "--bootstrap", "50"], REPO_ROOT)
    )
    _run(python, ["studies", "init", str(tmp_path / "new-pack")], tmp_path)
    assert "ok: the pack loads" in _run(python, ["studies", "check", str(tmp_path / "new-pack")], tmp_path)
