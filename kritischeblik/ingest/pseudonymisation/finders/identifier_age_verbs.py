"""Ages said around a verb the anchored finder does not wait for, from the eighth dev author:

    "Thomas, die toen zestien was, ..."       the verb after the number
    "Hij moet volgende maand zestien worden"  the age to come
    "toen waren ze allebei 82"                two people at once

Only the number is replaced, as for every age. Not an age: a score ("die is 4" beside a principle), a number
followed by a noun or unit ("die toen drie kinderen had"). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import LEEFTIJD
from .spoken_numbers import SPELLED

Found = tuple[int, int, str]

_N = rf"(?:1[01]\d|[1-9]\d?|(?i:{SPELLED}))"
_WHEN = r"(?:(?i:toen|nu|net|pas|al|inmiddels|bijna|ook|zelf|nog|intussen|destijds)\s+)"
_TIME = (
    r"(?:(?i:volgende|komende|deze|over\s+een)\s+(?i:week|maand|zomer|winter)|(?i:volgend|komend|dit)\s+(?i:jaar)"
    r"|(?i:in|rond)\s+(?i:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"
    r"|(?i:binnenkort|straks|bijna|al|dan|eindelijk|pas|ook|snel|morgen|overmorgen))"
)
# "die toen zestien was", "hij nu drie is", "ze pas negen jaar was": subject, a time word or two, the age, the verb.
_VERB_LAST_RE = re.compile(
    rf"(?<![\w-])(?i:die|hij|zij|ze|ie)\s+{_WHEN}{{1,2}}(?P<n>{_N})(?:\s+(?i:jaar(?:\s+oud)?))?"
    r"\s+(?i:was|is|werd|wordt|geworden\s+is|geworden\s+was|geweest\s+is)(?![\w-])"
)
# "moet volgende maand zestien worden", "gaat in mei tien worden", "zal dit jaar 18 worden".
_TO_BECOME_RE = re.compile(
    rf"(?<![\w-])(?i:moet|gaat|zal|mag|ga|gaan|moeten)\s+(?:{_TIME}\s+){{0,3}}(?P<n>{_N})(?:\s+(?i:jaar))?"
    r"\s+(?i:worden)(?![\w-])"
)
# "toen waren ze allebei 82", "ze zijn beiden in de zeventig" (the band is another finder's).
_BOTH_RE = re.compile(
    rf"(?<![\w-])(?i:zijn|waren|worden|werden)\s+(?:(?i:ze|zij|jullie|wij|we)\s+)?{_WHEN}?"
    rf"(?i:allebei|beiden|beide|allebeide)\s+(?P<n>{_N})(?:\s+(?i:jaar))?"
    r"(?=\s*(?:[,.;:!?)…]|$)|\s+(?i:en|oud|geworden|geweest|inmiddels|nu|toen|maar)(?!\w))"
)
# Near these a bare number is a score of a principle, not an age (see identifier_ages._SCORE_CUE).
_SCORE_NEAR = re.compile(r"(?i)scor|cijfer|punt(?:en)?(?!\w)|principe|schaal")


def find_age_verbs(text: str, low: str) -> Iterator[Found]:
    """The ages of the module docstring in ``text`` (``low``: its lowercase form)."""
    if " was" in low or " is" in low or " werd" in low or " wordt" in low:
        for m in _VERB_LAST_RE.finditer(text):
            if not _SCORE_NEAR.search(text, max(0, m.start() - 80), m.end() + 40):
                yield m.start("n"), m.end("n"), LEEFTIJD
    if "worden" in low:
        for m in _TO_BECOME_RE.finditer(text):
            yield m.start("n"), m.end("n"), LEEFTIJD
    if "allebei" in low or "beide" in low:
        for m in _BOTH_RE.finditer(text):
            yield m.start("n"), m.end("n"), LEEFTIJD
