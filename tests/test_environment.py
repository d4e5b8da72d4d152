"""environment.yml (conda, Binder) and requirements/constraints.txt (pip, `make setup`) agree."""

import re
import sys
import tomllib

import yaml

from repo_paths import REPO_ROOT


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _constraints() -> dict[str, str]:
    pins = {}
    for line in (REPO_ROOT / "requirements" / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[_canonical(name)] = version
    return pins


def _environment() -> dict[str, str]:
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for item in dep["pip"]:
                if "==" in item:
                    name, version = item.split("==")
                    pins[_canonical(name)] = version
        elif "=" in dep:
            name, version = dep.split("=", 1)
            if name != "python":
                pins[_canonical(name)] = version
    return pins


def _direct_dependencies() -> set[str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs.extend(extra)
    return {_canonical(re.split(r"[<>=!~\[ ;]", s)[0]) for s in specs}


def test_environment_pins_equal_the_lock():
    lock, env = _constraints(), _environment()
    assert env, "environment.yml lists no pinned packages"
    mismatched = {name: (version, lock.get(name)) for name, version in env.items() if lock.get(name) != version}
    assert mismatched == {}


def test_every_direct_dependency_is_pinned_in_both():
    lock, env = _constraints(), _environment()
    missing = {name for name in _direct_dependencies() if name not in lock or name not in env}
    assert missing == set()


def test_environment_uses_conda_forge_and_installs_the_package():
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    pip_items = next(dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict))
    assert "-e ." in pip_items


def test_python_claim_version_and_citation_agree():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    assert "Python 3.11 or later" in (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert sys.version_info >= (3, 11)
    citation = yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["version"] == project["version"]
    assert (REPO_ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "python=3.11" in env["dependencies"]
