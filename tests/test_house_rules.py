"""House rules of the code base (issue 12): no source file over 500 lines, no function over 80 lines, and no
``# fmt: skip`` / ``# fmt: off`` markers, so that ``ruff format`` alone decides the layout.

Each failure names every offender as ``path:line``. Sizes are counted as they are read: a file's lines, a
function from its ``def`` line to its last line (nested functions count on their own as well).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kritischeblik"
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 80
_FORMAT_ESCAPE = re.compile(r"#\s*fmt:\s*(skip|off)\b")


def _sources(root: Path) -> list[Path]:
    return sorted(root.rglob("*.py"))


def _name(path: Path, root: Path) -> str:
    return path.relative_to(root.parent).as_posix()


def long_files(paths: Iterable[Path], root: Path) -> list[str]:
    out = []
    for path in paths:
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_FILE_LINES:
            out.append(f"{_name(path, root)}:1: {n} lines (at most {MAX_FILE_LINES})")
    return out


def long_functions(paths: Iterable[Path], root: Path) -> list[str]:
    out = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    out.append(
                        f"{_name(path, root)}:{node.lineno}: {node.name} has {n} lines "
                        f"(at most {MAX_FUNCTION_LINES})"
                    )
    return sorted(out)


def format_escapes(paths: Iterable[Path], root: Path) -> list[str]:
    """Comments that switch ruff format off; a text that merely mentions one (a string) does not count."""
    out = []
    for path in paths:
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        for tok in tokens:
            if tok.type == tokenize.COMMENT and _FORMAT_ESCAPE.search(tok.string):
                out.append(f"{_name(path, root)}:{tok.start[0]}: {tok.string.strip()}")
    return out


def _report(what: str, offenders: list[str]) -> str:
    return f"{len(offenders)} {what}:\n  " + "\n  ".join(offenders)


def test_no_source_file_over_500_lines() -> None:
    offenders = long_files(_sources(PACKAGE), PACKAGE)
    assert not offenders, _report(
        "files too long; split each into modules named for what they hold", offenders
    )


def test_no_function_over_80_lines() -> None:
    offenders = long_functions(_sources(PACKAGE), PACKAGE)
    assert not offenders, _report("functions too long; split each into steps a reader can name", offenders)


def test_no_format_escapes() -> None:
    offenders = format_escapes(_sources(PACKAGE), PACKAGE)
    assert not offenders, _report("format escapes; remove them and run ruff format on the file", offenders)


def test_the_checks_find_what_they_look_for(tmp_path: Path) -> None:
    """The three checks on a planted package: each offender named at its line, nothing at the limits."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    at_limit = "def fits():\n" + "    x = 1\n" * (MAX_FUNCTION_LINES - 2) + "    return x\n"
    too_long = (
        "\n\nclass C:\n    async def grows(self):\n"
        + "        x = 1\n" * MAX_FUNCTION_LINES
        + "        return x\n"
    )
    (pkg / "ok.py").write_text(at_limit + "\n" * (MAX_FILE_LINES - at_limit.count("\n")))
    (pkg / "sub" / "big.py").write_text(at_limit + too_long + "y = 2\n" * MAX_FILE_LINES)
    (pkg / "marked.py").write_text(
        'TEXT = "# fmt: skip in a string is no marker"\nX = [1,  2]  # fmt: skip\n# fmt: off\nY = 3\n# fmt: on\n'
    )
    paths = _sources(pkg)
    assert len((pkg / "ok.py").read_text().splitlines()) == MAX_FILE_LINES
    # big.py: fits() on lines 1-80, two blank lines, class C, grows() on lines 84-165, then 500 more lines.
    assert long_files(paths, pkg) == ["pkg/sub/big.py:1: 665 lines (at most 500)"]
    assert long_functions(paths, pkg) == ["pkg/sub/big.py:84: grows has 82 lines (at most 80)"]
    assert format_escapes(paths, pkg) == ["pkg/marked.py:2: # fmt: skip", "pkg/marked.py:3: # fmt: off"]
