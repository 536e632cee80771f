"""Found walking through `kb` as a new user (issue 14): what a duo types is what the tool understands."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import SMALL_TRANSCRIPT

from kritischeblik.cli import main

NEW_PRINCIPLE = "\n## Nieuw principe\n\nSamen optrekken: de buurt en de professionals beslissen samen.\n"


@pytest.fixture(scope="module")
def duo_project(tmp_path_factory, nlp) -> Path:
    """One interview coded by Anna and by Bram."""
    from conftest import new_project

    from kritischeblik.services import coding
    from kritischeblik.services.ingest import IngestOptions, ingest_paths
    from kritischeblik.store import reads

    base = tmp_path_factory.mktemp("duo")
    src = base / "wijk-90.md"
    src.write_text(SMALL_TRANSCRIPT + NEW_PRINCIPLE, encoding="utf-8")
    path = base / "duo.kb"
    with new_project(path) as p:
        ingest_paths(p, [src], IngestOptions(pseudonymise=False), nlp=nlp)
        with p.read() as s:
            segment = int(reads.segments(s).segment_id.iloc[-1])
        coding.decide(p, segment, "lp-eenvoud", "Anna", "add")
        coding.decide(p, segment, "lp-leefwereld-centraal", "Bram", "add")
    return path


@pytest.mark.parametrize("typed", [["anna", "bram"], [" ANNA ", "Bram"]])
def test_agreement_finds_the_coders_whatever_their_case(duo_project, typed, capsys):
    assert main(["agreement", "-p", str(duo_project), "--format", "json", "--coders", *typed]) == 0
    out = capsys.readouterr()
    assert "Onbekende codeur" not in out.err
    assert "Anna" in out.out and "Bram" in out.out


def test_an_unknown_coder_is_named_and_the_plural_is_right(duo_project, capsys):
    assert main(["agreement", "-p", str(duo_project), "--coders", "Anne", "Brum"]) != 0
    err = capsys.readouterr().err
    assert "Onbekende codeurs: Anne, Brum" in err
    assert "Anna, Bram" in err


@pytest.mark.parametrize(
    "command",
    [
        ["tally", "--table", "coderingen"],
        ["matrix", "omgeving"],
        ["compare", "omgeving"],
        ["interviews", "list"],
    ],
)
def test_reading_commands_find_the_coder_whatever_the_case(duo_project, command, capsys):
    assert main([*command, "-p", str(duo_project), "--coder", " anna "]) == 0
    out = capsys.readouterr()
    assert "codeur Anna; 1 van 1 interview gecodeerd" in out.out + out.err


def test_exports_find_the_coder_whatever_the_case(duo_project, tmp_path, capsys):
    assert main(["export", "xlsx", str(tmp_path / "t.xlsx"), "-p", str(duo_project), "--coder", "ANNA"]) == 0
    assert "codeur Anna" in capsys.readouterr().out
    out = tmp_path / "s.md"
    assert main(["export", "samenvatting", str(out), "-p", str(duo_project), "--coder", "anna"]) == 0
    assert "codeur Anna" in out.read_text(encoding="utf-8")


def test_status_says_ja_or_nee_where_a_program_would_say_true(duo_project, capsys):
    assert main(["status", "-p", str(duo_project)]) == 0
    out = capsys.readouterr().out
    book = next(line for line in out.splitlines() if "id: kritische-blik" in line)
    assert "primair: ja" in book, book
    assert "True" not in out and "False" not in out
    assert main(["status", "-p", str(duo_project), "--format", "json"]) == 0
    assert '"primair": true' in capsys.readouterr().out


def test_merge_into_a_missing_target_says_how_to_make_one(duo_project, tmp_path, capsys):
    missing = tmp_path / "studie.kb"
    assert main(["merge", str(missing), str(duo_project)]) == 2
    err = capsys.readouterr().err
    assert "doelproject bestaat niet" in err and f"kb init -p {missing}" in err
    assert "-p/--project" not in err  # the target is named, not given with -p
    assert not missing.exists()


def test_the_workbook_speaks_dutch_in_its_headers(duo_project, tmp_path):
    import openpyxl

    out = tmp_path / "telling.xlsx"
    assert main(["export", "xlsx", str(out), "-p", str(duo_project)]) == 0
    sheet = openpyxl.load_workbook(out)["Nieuwe principes"]
    header = [c.value for c in sheet[1]]
    assert header[0] == "suggestie_id" and "suggestion_id" not in header, header
    assert sheet.max_row == 2  # the one suggestion (its text masked: this test project is not pseudonymised)


def test_serve_help_says_what_happens_and_how_to_stop(capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "toegangstoken" in out and "127.0.0.1" in out and "Ctrl+C" in out


def test_code_list_shows_the_status_in_dutch_and_programs_get_the_stored_value(duo_project, capsys):
    assert main(["code", "list", "-p", str(duo_project), "--coder", "Anna"]) == 0
    table = capsys.readouterr().out
    assert "geaccepteerd" in table and "accepted" not in table
    assert main(["code", "list", "-p", str(duo_project), "--coder", "Anna", "--format", "json"]) == 0
    assert '"status": "accepted"' in capsys.readouterr().out
