"""The package's layers: no import cycles, and the model and engine never reach I/O or drawing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "maps"

PURE = (
    "maps.errors",
    "maps.regions",
    "maps.geo",
    "maps.control",
    "maps.scenario",
    "maps.resolve",
    "maps.figures",
    "maps.yamlsource",
    "maps.attributes",
    "maps.diagnose",
    "maps.people",
)
"""Modules that do no file or network I/O and no presentation."""
FORBIDDEN_IN_PURE = (
    "requests",
    "urllib3",
    "folium",
    "branca",
    "matplotlib",
    "maps.render",
    "maps.static",
    "maps.report",
    "maps.embed",
    "maps.watch",
    "maps.cli",
    "maps.pipeline",
    "maps.load",
    "maps.cache",
    "maps.fetch",
    "maps._http",
    "maps.parse",
    "maps.files",
)


def module_name(path: Path) -> str:
    """Dotted module name of a file in the package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth of the code, except under TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _is_type_checking(node)
        for inner in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                # `from maps import style` needs the module maps.style; a name defined in
                # the package itself (`from maps import load_regions`) needs its __init__.
                found.add(candidate if candidate in MODULES else node.module)
    return found


FILES = sorted(PACKAGE.rglob("*.py"))
MODULES = {module_name(f) for f in FILES}


def graph() -> dict[str, set[str]]:
    """Module -> the package's own modules it imports (a package import means its __init__)."""
    edges: dict[str, set[str]] = {}
    for file in FILES:
        name = module_name(file)
        targets = set()
        for target in imports(file):
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                targets.add(target)
        edges[name] = targets
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_in_the_package() -> None:
    assert cycles(graph()) == []


@pytest.mark.parametrize("module", [m for m in PURE if m in MODULES])
def test_model_and_engine_do_no_io_and_no_drawing(module: str) -> None:
    file = next(f for f in FILES if module_name(f) == module)
    bad = sorted(
        target
        for target in imports(file)
        if any(target == f or target.startswith(f + ".") for f in FORBIDDEN_IN_PURE)
    )
    assert bad == [], f"{module} imports {bad}"
