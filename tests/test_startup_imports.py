"""Start-up cost of `kb`: heavy libraries stay out of the imports every command pays for.

Each `kb` command is a new process, so what building the parser imports is paid by every command (and by
the TUI before its first paint); numpy, spaCy and deduce are imported only by the commands that use them.
Themes on stored lemmas need neither spaCy nor deduce.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("numpy", "pandas", "spacy", "deduce", "sklearn")


def _loaded_after(code: str) -> dict[str, bool]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_building_the_parser_imports_no_heavy_library():
    loaded = _loaded_after("from kritischeblik.cli import build_parser\nbuild_parser()")
    assert not any(loaded.values()), loaded


def test_the_theme_use_cases_do_not_import_spacy_or_deduce():
    loaded = _loaded_after("import kritischeblik.services.themes\nimport kritischeblik.commands.themes")
    assert not loaded["spacy"] and not loaded["deduce"], loaded
