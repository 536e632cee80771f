"""argparse in Dutch: its help and error texts through its gettext domain, and "bedoel je …?" for a
mistyped command, choice or option.

argparse looks every text up with ``gettext.gettext`` (bound as ``argparse._`` when it is imported); no
Dutch catalogue ships with Python, so ``install`` points argparse at an in-process translation instead of
a .mo file on disk. Texts argparse adds in a later Python and that are not listed here stay English.
"""

from __future__ import annotations

import argparse
import difflib
import gettext
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

# argparse's msgids (Python 3.11-3.13) -> Dutch. The %-placeholders must stay as argparse fills them in.
_DUTCH: dict[str, str] = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "optional arguments": "opties",
    "show this help message and exit": "toon deze hulptekst en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "one of the arguments %s is required": "een van deze argumenten is nodig: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "not allowed with argument %s": "niet samen met argument %s",
    "ignored explicit argument %r": "waarde %r genegeerd",
    "expected one argument": "verwacht één waarde",
    "expected at most one argument": "verwacht hooguit één waarde",
    "expected at least one argument": "verwacht minstens één waarde",
    "ambiguous option: %(option)s could match %(matches)s": "optie %(option)s is dubbelzinnig: %(matches)s",
    "unexpected option string: %s": "onverwachte optie: %s",
    "invalid %(type)s value: %(value)r": "ongeldige waarde (%(type)s): %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "onbekend commando %(parser_name)r (kies uit %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
    'argument "-" with mode %r': 'argument "-" met modus %r',
    "%(prog)s: error: %(message)s": "%(prog)s: fout: %(message)s",
}
_DUTCH_PLURAL: dict[str, tuple[str, str]] = {
    "expected %s argument": ("verwacht %s waarde", "verwacht %s waarden"),
}


class DutchArgparse(gettext.NullTranslations):
    """The Dutch texts of argparse; any other message passes through unchanged."""

    def gettext(self, message: str) -> str:
        return _DUTCH.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        if msgid1 in _DUTCH_PLURAL:
            one, many = _DUTCH_PLURAL[msgid1]
            return one if n == 1 else many
        return msgid1 if n == 1 else msgid2


def install() -> None:
    """Make argparse speak Dutch in this process (before parsers are built: 'options' is looked up then)."""
    nl = DutchArgparse()
    argparse._ = nl.gettext  # type: ignore[attr-defined]
    argparse.ngettext = nl.ngettext  # type: ignore[attr-defined]


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to a mistyped ``word``, or None when nothing is close."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


class DutchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that suggests the nearest command, choice or option for a mistyped one. Subparsers
    are built with the same class (argparse's add_subparsers takes the parent's type)."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        shown = ", ".join(repr(c) for c in choices)
        message = f"ongeldige keuze: {value!r} (kies uit {shown})"
        best = did_you_mean(str(value), [str(c) for c in choices])
        if best is not None:
            message = f"ongeldige keuze: {value!r}; bedoel je {best!r}? (kies uit {shown})"
        raise argparse.ArgumentError(action, message)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            self._unrecognized(parsed, extras)
        return parsed

    def _unrecognized(self, parsed: argparse.Namespace, extras: list[str]) -> NoReturn:
        parser = _chosen_parser(self, parsed)
        options = [o for o in parser._option_string_actions if o.startswith("--")]
        hints = []
        for extra in extras:
            if extra.startswith("-"):
                best = did_you_mean(extra.split("=", 1)[0], options)
                if best is not None:
                    hints.append(f"bedoel je {best!r} in plaats van {extra!r}?")
        message = argparse._("unrecognized arguments: %s") % " ".join(extras)  # type: ignore[attr-defined]
        parser.error("; ".join([message, *hints]))


def _chosen_parser(parser: argparse.ArgumentParser, parsed: argparse.Namespace) -> argparse.ArgumentParser:
    """The (sub)parser of the command that was given: its options are what a mistyped option meant."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            name = getattr(parsed, action.dest, None) if action.dest != argparse.SUPPRESS else None
            if name in action.choices:
                return _chosen_parser(action.choices[name], parsed)
    return parser
