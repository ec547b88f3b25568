"""The package's shape: no module of generator/ imports, by any chain, one that imports it back.

Every import counts: at the top of a module, inside a function, and under `if TYPE_CHECKING:`
(a cycle of types is still a cycle of concepts, and a reader follows it the same way).
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"


def module_names() -> dict[str, Path]:
    """Every module of the package by its dotted name: 'generator.outputs.pdf.layout'."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that a module imports: at the top, in a function, or for type checking."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package, or level - 1 packages up
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            # 'from generator.outputs.pdf import layout' imports a module; 'from x import name', x.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # 'import generator.render.pages.x' → the module
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def test_imports_inside_functions_count() -> None:
    modules = module_names()
    assert "generator.outputs.pdf.documents" in imported("generator.pipeline", modules["generator.pipeline"], modules)


def test_generator_has_no_import_cycles() -> None:
    modules = module_names()
    graph = {name: imported(name, path, modules) for name, path in modules.items()}
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as err:
        raise AssertionError(f"import cycle: {' → '.join(reversed(err.args[1]))}") from None
