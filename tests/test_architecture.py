"""The package's shape: data flows one way through the parts of the pipeline.

The import graph is read from the source (every import statement, also those
inside functions and under TYPE_CHECKING), so that a part cannot reach up to
a later stage by importing it late.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "juesuan_extract"

# Lowest first. A module may import modules of its own part and of the layers
# below; the shared base modules may import each other, and so may the entry
# points at the top (no cycles either way).
LAYERS: tuple[frozenset[str], ...] = tuple(frozenset(layer) for layer in (
    {"errors", "isolation", "limits", "names", "text", "geometry", "model", "tunables"},
    {"read"},
    {"page"},
    {"tables"},
    {"narrative"},
    {"checks"},
    {"pipeline"},
    {"output"},
    {"batch", "inspect"},
    {"cli", "__main__", "__init__"},
))


def part_of(module: str) -> str:
    """'juesuan_extract.page.grid' → 'page'; 'juesuan_extract' → '__init__'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer_of(part: str) -> int:
    for index, layer in enumerate(LAYERS):
        if part in layer:
            return index
    raise AssertionError(f"part {part!r} is in no layer of tests/test_architecture.py")


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """The package modules a source file imports, resolved to full names."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("juesuan_extract"):
                continue
            for alias in node.names:  # `from . import evaluation` names a module
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in modules() else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("juesuan_extract"))
    found.discard(name)
    return found


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def graph() -> dict[str, set[str]]:
    names = modules()
    return {name: {t for t in imports_of(path) if t in names} for name, path in names.items()}


def test_every_part_sits_in_a_layer():
    for name in modules():
        layer_of(part_of(name))


def test_parts_import_only_parts_below_them():
    wrong = []
    for name, targets in graph().items():
        part = part_of(name)
        for target in sorted(targets):
            other = part_of(target)
            if other == part:
                continue
            shared = layer_of(part) == layer_of(other) in (0, len(LAYERS) - 1)
            if layer_of(other) >= layer_of(part) and not shared:
                wrong.append(f"{name} imports {target}")
    assert not wrong, "imports that go up or across the pipeline:\n" + "\n".join(wrong)


def test_no_import_cycles():
    edges = graph()
    seen: dict[str, int] = {}  # 1 on the current path, 2 done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(edges[node]):
            if seen.get(nxt) == 1:
                cycles.append([*path[path.index(nxt):], nxt] if nxt in path else [node, nxt])
            elif nxt not in seen:
                visit(nxt, [*path, nxt])
        seen[node] = 2

    for start in sorted(edges):
        if start not in seen:
            visit(start, [start])
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


def test_inspect_calls_no_stage():
    """inspect draws what the pipeline produced; it never runs a stage again."""
    stages = ("read", "page", "tables", "narrative", "checks")
    wrong = [f"{name} imports {target}" for name, targets in graph().items()
             if part_of(name) == "inspect" for target in sorted(targets)
             if part_of(target) in stages and not _only_types(modules()[name], target)]
    assert not wrong, "\n".join(wrong)


def _only_types(path: Path, target: str) -> bool:
    """Whether ``path`` takes only classes (types to read results) from ``target``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
             for a in node.names if node.module and target.endswith(node.module.split(".")[-1])]
    return bool(names) and all(n[:1].isupper() for n in names)


def test_the_graph_reader_sees_imports():
    """The checks above would pass vacuously on an empty graph."""
    edges = graph()
    assert "juesuan_extract.geometry" in edges["juesuan_extract.page.grid"]
    assert "juesuan_extract.pipeline" in edges["juesuan_extract.output.records"] or \
        "juesuan_extract.model" in edges["juesuan_extract.output.records"]
    assert len(edges) > 50
