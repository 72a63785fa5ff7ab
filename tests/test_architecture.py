"""The layout keeps its promises: no import cycles, a text core without Django,
and modules small enough to read.

The import contracts themselves live in pyproject.toml ([tool.importlinter]) and
run in `make lint`; these tests prove that they hold and that they would catch
the mistakes they are there for.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("articles", "claims", "config")
MAX_MODULE_LINES = 1500
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_module_imports_itself_through_others():
    # Lazy imports inside functions count too: they are cycles all the same.
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False)
    assert _cycles(graph) == []


def test_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for name in ("a", "a.one", "a.two", "a.three"):
        graph.add_module(name)
    graph.add_import(importer="a.one", imported="a.two")
    graph.add_import(importer="a.two", imported="a.one")
    graph.add_import(importer="a.three", imported="a.one")
    assert _cycles(graph) == [["a.one", "a.two"]]


def test_no_module_over_the_size_limit():
    too_big = {
        str(path.relative_to(ROOT)): lines
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert too_big == {}


def test_every_package_says_what_it_holds():
    undocumented = [
        str(init.relative_to(ROOT))
        for package in PACKAGES
        for init in (ROOT / package).rglob("__init__.py")
        if "migrations" not in init.parts
        and "management" not in init.parts
        and init.parent != ROOT / package
        and not init.read_text(encoding="utf-8").lstrip().startswith('"""')
    ]
    assert undocumented == []


def _lint_imports(tree: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_import_contracts_hold(tree_copy: Path):
    result = _lint_imports(tree_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_import_contracts_catch_a_cycle_and_django_in_the_text_core(tree_copy: Path):
    # A core module that reaches up into the review pages closes a cycle
    # (the review pages import the core) ...
    with (tree_copy / "claims" / "queue_state.py").open("a", encoding="utf-8") as module:
        module.write("\nfrom claims.review import common  # noqa\n")
    # ... and the text core must stay plain Python.
    with (tree_copy / "claims" / "text" / "quotes.py").open("a", encoding="utf-8") as module:
        module.write("\nfrom django.utils.html import escape  # noqa\n")
    result = _lint_imports(tree_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "No import cycles between the packages and modules of each app BROKEN" in result.stdout
    assert "The text core is plain Python: no Django, no database, no web layer BROKEN" in (
        result.stdout
    )
