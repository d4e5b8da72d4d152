"""The package's shape: layers that import downward only, no import circles, no case study in code,
and notebooks and tests that use the public API."""

import ast
import json
import re

import pytest

import arabic_news
from repo_paths import NOTEBOOKS, REPO_ROOT

PACKAGE = REPO_ROOT / "lib" / "arabic_news"
#: each layer may import from the layers after it in this list, never from those before it
LAYERS = ["cli", "display", "analyses", "core"]
#: libraries that belong to the upper layers only
FORBIDDEN_BELOW = {"core": {"argparse", "matplotlib", "html"}, "analyses": {"argparse", "matplotlib", "html"}}
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def _layer(path) -> str | None:
    rel = path.relative_to(PACKAGE).parts
    return rel[0] if len(rel) > 1 and rel[0] in LAYERS else None


def _imports(path) -> list[tuple[str, int]]:
    """Return (absolute module name, line) for every import of a package module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = ["arabic_news", *path.relative_to(PACKAGE).with_suffix("").parts]
    if here[-1] == "__init__":
        here = here[:-1]
    else:
        here = here[:-1]  # the package the module lives in
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((name, node.lineno))
            found += [(f"{name}.{a.name}", node.lineno) for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_downward_only(path):
    layer = _layer(path)
    if layer is None:
        return
    above = LAYERS[: LAYERS.index(layer)]
    for name, line in _imports(path):
        parts = name.split(".")
        if parts[0] == "arabic_news" and len(parts) > 1:
            assert parts[1] not in above, f"{path.name}:{line} imports {name} from a layer above {layer}"
        assert parts[0] not in FORBIDDEN_BELOW.get(layer, ()), f"{path.name}:{line} imports {name} in {layer}"


def test_no_import_circles():
    graph: dict[str, set[str]] = {}
    for path in MODULES:
        mod = ".".join(["arabic_news", *path.relative_to(PACKAGE).with_suffix("").parts]).removesuffix(".__init__")
        targets = set()
        for name, _line in _imports(path):
            while name and name not in {m for m in _module_names()}:
                name = name.rpartition(".")[0]
            if name and name != mod and not name.endswith(("arabic_news", "._lazy")) and name.count(".") > 1:
                targets.add(name)
        graph[mod] = targets
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            assert state.get(nxt) != 1, " -> ".join([*trail, node, nxt])
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])


def _module_names() -> list[str]:
    return [
        ".".join(["arabic_news", *p.relative_to(PACKAGE).with_suffix("").parts]).removesuffix(".__init__")
        for p in MODULES
    ]


#: words that name the Libya case study; they belong in its study pack, not in code
CASE_STUDY_WORDS = re.compile(r"haftar|libya|libyan|\bgna\b|tripoli|lna|sarraj|حفتر|ليبي|طرابلس|الوفاق", re.I)


def _string_literals(tree: ast.AST) -> list[ast.Constant]:
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_string_literal_names_the_case_study(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [(n.lineno, n.value) for n in _string_literals(tree) if CASE_STUDY_WORDS.search(n.value)]
    assert found == []


def test_the_check_finds_a_literal_when_there_is_one():
    tree = ast.parse('"""Haftar in a docstring is fine."""\nACTOR = "haftar"\n')
    assert [n.value for n in _string_literals(tree) if CASE_STUDY_WORDS.search(n.value)] == ["haftar"]


def _code_sources():
    for path in sorted(NOTEBOOKS.rglob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                yield path.relative_to(REPO_ROOT), "".join(cell["source"])


def test_notebooks_use_the_public_api():
    """What a notebook or a researcher calls is importable from ``arabic_news``; tests and benchmarks
    (which time the stages of a command) may import internals from their modules."""
    private = []
    for where, source in _code_sources():
        for m in re.finditer(r"(?:from|import)\s+(arabic_news[\w.]*)", source):
            if m.group(1) != "arabic_news":
                private.append((str(where), m.group(1)))
    assert private == []


def test_every_public_name_resolves_and_layers_share_none():
    assert len(set(arabic_news.__all__)) == len(arabic_news.__all__)
    for name in arabic_news.__all__:
        assert getattr(arabic_news, name) is not None
