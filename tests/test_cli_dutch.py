"""argparse speaks Dutch: help, errors, and "bedoel je …?" for a mistyped command, choice or option."""

from __future__ import annotations

import re

import pytest

from kritischeblik.cli import build_parser, main

ENGLISH = re.compile(
    r"usage:|show this help|options:|positional arguments|invalid choice|arguments are required|"
    r"unrecognized arguments|error:|choose from|expected one argument"
)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stop:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err


def _walk(parser):
    yield parser
    for action in parser._actions:
        if getattr(action, "choices", None) and hasattr(action.choices, "values"):
            for sub in action.choices.values():
                yield from _walk(sub)


def test_every_help_page_is_dutch():
    pages = [p.format_help() for p in _walk(build_parser())]
    assert len(pages) > 40  # the walk reached the nested commands
    english = [page.splitlines()[0] for page in pages if ENGLISH.search(page)]
    assert english == []
    assert all(page.startswith("gebruik: ") for page in pages)
    assert any("toon deze hulptekst en stop" in page for page in pages)


def test_mistyped_command_gets_a_suggestion(capsys):
    code, _, err = _run(capsys, "ingets")
    assert code == 2
    assert "kb: fout: argument COMMANDO: ongeldige keuze: 'ingets'; bedoel je 'ingest'?" in err
    assert not ENGLISH.search(err.replace("kb: fout:", ""))


def test_mistyped_nested_command_and_choice(capsys):
    _, _, err = _run(capsys, "export", "xlxs")
    assert "bedoel je 'xlsx'?" in err
    _, _, err = _run(capsys, "tally", "--format", "tabel")
    assert "argument --format: ongeldige keuze: 'tabel'; bedoel je 'table'?" in err


def test_mistyped_option_names_the_option_of_that_command(capsys):
    _, _, err = _run(capsys, "ingest", "--lenent", "x.md")
    assert (
        "kb ingest: fout: onbekende argumenten: --lenent; bedoel je '--lenient' in plaats van '--lenent'?"
        in err
    )
    _, _, err = _run(capsys, "code", "auto", "--qwxyz")
    assert "onbekende argumenten: --qwxyz" in err and "bedoel je" not in err  # nothing close: no guess


def test_missing_argument_is_dutch(capsys):
    code, _, err = _run(capsys, "ingest")
    assert code == 2
    assert "kb ingest: fout: deze argumenten ontbreken: files" in err
    assert err.startswith("gebruik: kb ingest")
