"""The import picture of ``extract/``: stage folders, no circles, no import from a later stage.

Layers, lowest first (a module may import from its own layer or a lower one, never a higher one):

1. ``extract.rules`` (the rule loader and data), ``extract.model`` (the records) and ``extract.memo`` (the
   per-document memos of the readers): import nothing of extract but each other's layer;
2. ``extract.readers``: file → text;
3. ``extract.entities``: finders for departments, jurisdictions, issuers, places, platforms, targets,
   numbers (and jieba's one owner, ``segment``); they never look at document structure;
4. ``extract.structure``: clean text → documents, numbered items, tasks, assignments, table rows and
   table tasks.  The data flows readers → structure → entities, but the structure stage *calls* entity
   finders (an assignment is read by finding department names in it, a document's issuer by finding
   organs in its title), so in the import picture entities sit below structure;
5. ``extract.enrich`` (resolves the departments, places and targets of built tasks), then
   ``extract.pipeline`` (runs the stages) and ``extract.export`` (the JSON/CSV contract).

Imports inside functions (lazy imports) count like top-level ones.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "extract"

LAYERS = {
    "extract.rules": 0,
    "extract.model": 0,
    "extract.memo": 0,
    "extract.readers": 1,
    "extract.entities": 2,
    "extract.structure": 3,
    "extract.enrich": 4,
    "extract.export": 5,
    "extract.pipeline": 5,
}


def _modules() -> dict[str, Path]:
    """Dotted module name → file, for every module under extract/."""
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The extract modules ``path`` imports (top-level and inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import (use extract.<stage>.<module>)"
            if node.module and node.module.split(".")[0] == "extract":
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    found.add(full if full in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "extract")
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) for name, path in modules.items()}


def layer(module: str) -> int:
    """The layer of a dotted module name (KeyError for a module outside every stage)."""
    for prefix, rank in LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            return rank
    raise KeyError(module)


def later_stage_imports(graph: dict[str, set[str]]) -> list[str]:
    """``"a -> b"`` for every import of a module from a higher layer."""
    return sorted(f"{a} -> {b}" for a, targets in graph.items() for b in targets
                  if b != "extract" and layer(b) > layer(a))


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (or a module importing itself)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                out.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def test_every_module_is_in_a_stage():
    unplaced = [name for name in _modules() if name != "extract" and not any(
        name == p or name.startswith(p + ".") for p in LAYERS)]
    assert unplaced == []


def test_no_import_circles():
    assert cycles(_graph()) == []


def test_no_module_imports_from_a_later_stage():
    assert later_stage_imports(_graph()) == []


def test_extract_never_imports_graph_or_api():
    bad = []
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            bad += [f"{path.relative_to(ROOT.parent)}: {n}" for n in names if n.split(".")[0] in ("graph", "api")]
    assert bad == []


def test_jieba_has_one_owner():
    owners = set()
    for path in ROOT.parent.glob("*/**/*.py"):
        if path.parts[-2] in ("tests",) or ".venv" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            if any(n.split(".")[0] in ("jieba", "rjieba") for n in names):
                owners.add(path.relative_to(ROOT.parent).as_posix())
    assert owners == {"extract/entities/segment.py"}


# the checks themselves, on small made-up graphs (they must be able to fail)

def test_cycle_finder_reports_a_circle():
    graph = {"extract.readers.a": {"extract.readers.b"}, "extract.readers.b": {"extract.readers.a"},
             "extract.readers.c": {"extract.readers.a"}}
    assert cycles(graph) == [["extract.readers.a", "extract.readers.b"]]


@pytest.mark.parametrize("importer, imported, bad", [
    ("extract.readers.html", "extract.structure.numbering", True),
    ("extract.entities.places", "extract.structure.tasks", True),
    ("extract.structure.tasks", "extract.entities.departments", False),
    ("extract.rules.loader", "extract.model", False),
    ("extract.model", "extract.readers.text", True),
    ("extract.structure.tasks", "extract.enrich", True),
])
def test_stage_order_check(importer, imported, bad):
    assert bool(later_stage_imports({importer: {imported}})) is bad
