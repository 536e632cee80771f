"""Every `kb ...` command that a message, hint or docstring in the package tells the user to run exists.

A hint naming a command that is not there (say `kb interviews list` before that command existed) sends a
researcher looking for something that cannot be found; this walks each hint through the real parser."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from kritischeblik.cli import build_parser

PACKAGE = Path(__file__).resolve().parent.parent / "kritischeblik"
HINT = re.compile(r"'kb ([^'\n]+)'")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser] | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    return None


def _hints() -> list[tuple[str, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for m in HINT.finditer(path.read_text(encoding="utf-8")):
            found.append((f"{path.relative_to(PACKAGE.parent)}", m.group(1)))
    return found


def test_the_package_gives_hints_at_all():
    # the walk below must have something to check: hints are how errors tell users what to do next
    assert len(_hints()) > 20


@pytest.mark.parametrize(("where", "hint"), _hints())
def test_hinted_command_exists(where, hint):
    parser = build_parser()
    walked = []
    for word in hint.split():
        choices = _subcommands(parser)
        # stop at the first option, placeholder (ID, NAAM, {x}, ...) or free argument
        if choices is None or word.startswith("-") or not re.fullmatch(r"[a-z][a-z-]*", word):
            break
        assert word in choices, (
            f"{where}: 'kb {hint}' — '{word}' is geen subcommando van 'kb {' '.join(walked)}'"
        )
        walked.append(word)
        parser = choices[word]
    assert walked, f"{where}: 'kb {hint}' noemt geen commando"
