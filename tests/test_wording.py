"""Dutch count phrases: one helper (kritischeblik/wording.py) for every count next to a noun in the shells
and exports, so nothing says "1 minuten", "2 probleemen" or hedges with "fragment(en)"."""

from __future__ import annotations

import re
import tokenize
from dataclasses import replace
from pathlib import Path

import pytest
from tui_support import SMALL_TRANSCRIPT

from kritischeblik.cli import main
from kritischeblik.export.minutes import render_minutes
from kritischeblik.wording import join_sentences, noun, plural

PACKAGE = Path(__file__).resolve().parent.parent / "kritischeblik"
# Shells and exports: what the user reads. tui/screens/coding.py is left to the coding-screen work (its
# "van N segmenten" counts a whole interview, never 1).
SHOWN = [
    p
    for folder in ("commands", "tui", "export")
    for p in sorted((PACKAGE / folder).rglob("*.py"))
    if p.name != "coding.py"
] + [PACKAGE / "analysis" / "summary.py"]
NOUNS = (
    "minuten|fragmenten|segmenten|interviews|thema's|voorstellen|suggesties|coderingen|woorden|problemen|"
    "duidingen|bronnen|notities|selecties|codeurs|eenheden|bewerkingen|verschillen|gesprekken"
)
COUNT_THEN_PLURAL = re.compile(r"\{[^{}]*\} (?:" + NOUNS + r")\b")
KEPT: set[str] = set()  # texts existing tests asserted with a hedged plural; none are left
HEDGED = re.compile(r"(?<!\w)[a-zé]{3,}\((?:s|en|len|pen)\)")


def test_plural_and_noun():
    assert plural(1, "probleem", "problemen") == "1 probleem"
    assert plural(2, "probleem", "problemen") == "2 problemen"
    assert plural(0, "minuut", "minuten") == "0 minuten"
    assert noun(1, "interview", "interviews") == "interview"
    assert join_sentences(["Dat ze het regelen.", "Antwoord"]) == "Dat ze het regelen. Antwoord"


def _strings(path: Path) -> list[str]:
    """The string literals of a module (f-strings whole, as Python 3.11 tokenizes them)."""
    with path.open("rb") as fh:
        return [t.string for t in tokenize.tokenize(fh.readline) if t.type == tokenize.STRING]


@pytest.mark.parametrize("path", SHOWN, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_count_with_a_fixed_plural_or_a_hedge(path):
    found = [s for s in _strings(path) if COUNT_THEN_PLURAL.search(s) or HEDGED.search(s)]
    # A limit (a constant such as {FRAGMENT_LIMIT}) is never 1; KEPT: texts existing tests assert as they are.
    assert [s for s in found if not re.search(r"\{[A-Z_]+\} ", s) and s not in KEPT] == []


def test_minutes_say_1_minuut(tmp_path):
    from conftest import new_project, sql_rows

    from kritischeblik.services.ingest import IngestOptions, ingest_paths
    from kritischeblik.store import sessions as store

    src = tmp_path / "wijk-90.md"
    src.write_text(SMALL_TRANSCRIPT, encoding="utf-8")
    with new_project(tmp_path / "p.kb") as p:
        ingest_paths(p, [src], IngestOptions(pseudonymise=False))
        seg = sql_rows(p.path, "SELECT id FROM segments ORDER BY id LIMIT 1")[0][0]
        with p.write() as s:
            sid = store.create_session(
                s, "2020-01-24", ["A"], "werkende_elementen", [store.ThemeInput("Korte lijnen", [seg])]
            )
        with p.read() as s:
            view = store.load_session(s, sid)
    assert "- **Leestijd:** 1 minuut" in render_minutes(replace(view, reading_minutes=1))
    assert "- **Leestijd:** 2 minuten" in render_minutes(replace(view, reading_minutes=2))
    assert "1 fragment." in render_minutes(view, everything=True)  # an undiscussed theme in full


def test_cli_counts_one_interview(tmp_path, capsys):
    src = tmp_path / "wijk-90.md"
    src.write_text(SMALL_TRANSCRIPT, encoding="utf-8")
    proj = str(tmp_path / "p.kb")
    assert main(["init", "-p", proj, "--codebook", "kritische-blik"]) == 0
    assert main(["ingest", "-p", proj, "--no-pseudonymise", str(src)]) == 0
    capsys.readouterr()
    assert main(["backup", "-p", proj, str(tmp_path / "b.kb")]) == 0
    out = capsys.readouterr().out
    assert "(1 interview, " in out and "interviews" not in out
