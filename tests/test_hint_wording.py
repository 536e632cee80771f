"""Messages from the lower layers name no command-line flag and no `kb` command; each shell words the hint.

The store, ingest, analysis, export, interop and services layers say what is wrong and what to do in plain
words and attach a :class:`~kritischeblik.errors.Hint`; the CLI names its flags and commands
(``commands/hints.py``), the TUI its own controls (``tui/hints.py``). A flag in a lower layer's text reaches
the TUI verbatim, where it means nothing. This scans those layers' string literals, and checks on real inputs
that the CLI still names the flag while the TUI words it differently.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
from pathlib import Path

import pytest
from conftest import DEMO_DIR, new_project

from kritischeblik.cli import build_parser, main
from kritischeblik.commands.hints import CLI_HINTS, UNPSEUDONYMISED_LABELS, cli_line, cli_message
from kritischeblik.errors import Hint, InputError, KBError
from kritischeblik.ingest.readers import decode_bytes
from kritischeblik.model import UnpseudonymisedReason
from kritischeblik.services.ingest import IngestError, ingest_paths
from kritischeblik.store.carry_over import CarryReport
from kritischeblik.tui.hints import TUI_HINTS, tui_line, tui_message

PACKAGE = Path(__file__).resolve().parent.parent / "kritischeblik"
LOWER_LAYERS = ("store", "ingest", "analysis", "export", "interop", "services")
HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"

# Literals that may name a flag or command, each with why. Everything else a lower layer writes may not.
ALLOWED = {
    # Stored in the decision history as who made the change (the replace itself), not advice to the user;
    # existing projects hold this value.
    ("store/carry_over.py", "kb ingest --replace"),
    # That module is a command line of its own (python -m ...pseudonymisation --warm): the option's name.
    ("ingest/pseudonymisation/__main__.py", "--warm"),
    # Documentation inside exported files (the csv README, an empty workbook sheet): read in a spreadsheet,
    # outside any shell, it names the command that fills the table.
    ("export/csv.py", "Eigen scores van codeurs (kb agreement score-set)"),
    ("export/xlsx.py", "(nog geen scores van codeurs: kb agreement score-set)"),
}


def _command_pattern() -> re.Pattern[str]:
    """A flag (--x), a quoted 'kb ...', or kb followed by one of its real subcommands (not "kb kg km")."""
    parser = build_parser()
    subcommands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    names = "|".join(map(re.escape, sorted(subcommands)))
    return re.compile(rf"--[a-z]|['\"]kb |\bkb (?:{names})\b")


def _literals(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module that is not a docstring (f-strings with their fields as {})."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {
        id(n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)  # docstrings, also of attributes
    }
    out = []
    for node in ast.walk(tree):  # breadth first: an f-string is seen before its parts
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
        else:
            continue
        out.append((node.lineno, text))
    return out


def _command_texts() -> list[tuple[str, int, str]]:
    pattern = _command_pattern()
    found = []
    for layer in LOWER_LAYERS:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            where = path.relative_to(PACKAGE).as_posix()
            found.extend((where, line, text) for line, text in _literals(path) if pattern.search(text))
    return found


def test_lower_layers_name_no_flag_or_command():
    hits = [
        f"{where}:{line}: {text!r}"
        for where, line, text in _command_texts()
        if not any(where == w and text.startswith(t) for w, t in ALLOWED)
    ]
    assert hits == [], (
        "zeg het in woorden en geef een Hint mee (commands/hints.py, tui/hints.py):\n" + "\n".join(hits)
    )


def test_the_allow_list_is_still_needed():
    # an entry whose text is gone would silently allow something else later
    found = {(where, text) for where, _line, text in _command_texts()}
    for where, start in ALLOWED:
        assert any(w == where and t.startswith(start) for w, t in found), (where, start)


def test_the_scan_finds_a_flag_in_a_message(tmp_path):
    # the scan must see messages in calls and f-strings, and leave docstrings and comments alone
    module = tmp_path / "m.py"
    module.write_text(
        '"""Use --force here."""\n'
        "# kb themes show\n"
        "def f(x):\n"
        '    """kb themes show"""\n'
        '    raise KBError(f"{x} bestaat; gebruik --replace")\n'
        "LABEL = \"zie 'kb status'\"\n",
        encoding="utf-8",
    )
    pattern = _command_pattern()
    assert sorted(line for line, text in _literals(module) if pattern.search(text)) == [5, 6]


def test_every_hint_is_worded_by_both_shells():
    assert set(CLI_HINTS) == set(Hint) and set(TUI_HINTS) == set(Hint)
    # the TUI words its controls; a flag only together with the terminal command it belongs to
    for hint, text in TUI_HINTS.items():
        if "--" in text:
            assert "terminal" in text and "'kb " in text, hint


def test_status_reasons_are_worded_by_the_cli():
    # the store says why (an enum); `kb status` keeps naming the flag the user opted out with
    assert set(UNPSEUDONYMISED_LABELS) == set(UnpseudonymisedReason)
    assert all("--no-pseudonymise" in label for label in UNPSEUDONYMISED_LABELS.values())


# -- real inputs through the CLI and, for the same error, the TUI's wording ------------------------------


def _kb(capsys, *args) -> tuple[int, str]:
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err


@pytest.fixture
def empty_project(tmp_path) -> Path:
    path = tmp_path / "p.kb"
    new_project(path).close()
    return path


def _service_error(project_path: Path, files: list[Path]) -> KBError:
    """What the ingest use case raises for these files (the error both shells word)."""
    from kritischeblik.store.db import Project

    with Project.open(project_path) as project, pytest.raises(KBError) as caught:
        ingest_paths(project, files)
    return caught.value


def test_utf16_file_without_encoding(capsys, empty_project, tmp_path):
    utf16 = tmp_path / "wijk-02.md"
    utf16.write_bytes((DEMO_DIR / "wijk-02.md").read_text(encoding="utf-8").encode("utf-16"))
    code, err = _kb(capsys, "ingest", "-p", empty_project, utf16)
    assert code == 2 and f"{utf16}: bestand is UTF-16 gecodeerd" in err
    assert "--encoding utf-16" in err  # users rely on the CLI naming the flag
    error = _service_error(empty_project, [utf16])
    assert isinstance(error, IngestError)
    assert "--encoding" not in str(error) and "lees het in als UTF-16" in str(error)
    tui = tui_message(error)
    assert tui != cli_message(error) and "in een terminal" in tui and "gebruik --encoding" not in tui
    # and it reads with the encoding the hint names
    assert _kb(capsys, "ingest", "-p", empty_project, utf16, "--encoding", "utf-16")[0] == 0


def test_legacy_encoding_hint_names_the_guess():
    data = "regel een\nmet één fout".encode("cp1252")
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "f.md")
    assert caught.value.hint == Hint.READ_AS_ENCODING and caught.value.about == {"encoding": "cp1252"}
    assert "--" not in str(caught.value)
    assert cli_message(caught.value).endswith("; gebruik --encoding cp1252.")


def test_section_problem_without_lenient(capsys, empty_project, tmp_path):
    bad = tmp_path / "section-misspelled.md"
    shutil.copy(HOSTILE / bad.name, bad)
    code, err = _kb(capsys, "ingest", "-p", empty_project, bad)
    assert code == 2 and "Bedoel je '## Vastloopmoment'?" in err
    assert "Bedoel je '## Vastloopmoment'? Of lees in met --lenient om dit alleen te melden" in err
    error = _service_error(empty_project, [bad])
    assert "--lenient" not in str(error)
    tui = tui_message(error)
    assert "Bedoel je '## Vastloopmoment'?" in tui and tui != cli_message(error)
    assert "lees in met --lenient" not in tui


def test_missing_researcher_key(capsys, empty_project, tmp_path, monkeypatch):
    empty = tmp_path / "geen-sleutels"
    empty.mkdir()
    monkeypatch.setenv("KB_KEY_DIR", str(empty))
    code, err = _kb(capsys, "ingest", "-p", empty_project, DEMO_DIR / "wijk-01.md")
    assert code == 2 and str(empty) in err
    assert "'kb sleutel exporteer BESTAND'" in err and "'kb sleutel importeer BESTAND'" in err
    error = _service_error(empty_project, [DEMO_DIR / "wijk-01.md"])
    assert "kb " not in str(error) and "-p" not in str(error) and error.hint == Hint.HAND_OVER_KEY
    assert tui_message(error) != cli_message(error) and "in een terminal" in tui_message(error)


def test_carry_over_notes_are_worded_per_shell():
    notes = CarryReport(codings_lost=1, suggestions_dropped=3, states_lost={"ingetrokken": 2}).notes()
    assert all("kb " not in str(n) for n in notes)
    cli = [cli_line(n) for n in notes]
    tui = [tui_line(n) for n in notes]
    assert "3 machinesuggestie(s) vervallen; maak ze opnieuw met 'kb code auto'" in cli
    assert "3 machinesuggestie(s) vervallen; maak ze opnieuw met Voorstellen maken (s) in het Codeboek" in tui
    lost = next(line for line in cli if line.startswith("LET OP: 2 ingetrokken"))
    assert lost.endswith("gebruik 'kb fragment withdraw'")
    assert any("in Coderen (i: intrekken" in line for line in tui)
    assert not any("kb " in line for line in tui)
