"""Numbers that look like someone's age and are not: said to anyone, or a duration.

Small checks the age rules of :mod:`.identifier_ages` ask after a rule has matched (seventeenth dev author):

- "als je 18 bent, stopt het", "voordat je 18 wordt": an age limit said to anyone (a conditional with the
  generic "je" in the present tense), not "toen je 18 was" or "als ze 18 is";
- "vrachtwagenchauffeur geweest, dertig jaar, en toen": a duration after the past participle of a verb that
  takes one, not "Henk, dertig jaar, woont".
"""

from __future__ import annotations

import re

_GENERIC_YOU = re.compile(r"(?<!\w)(?i:als|voordat|totdat|tot|zodra|wanneer)\s+je\s+\Z")
_GENERIC_VERB = re.compile(r"(?:\s+jaar)?\s+(?:bent|wordt)(?!\w)")
# Participles of verbs that take a span of time ("twintig jaar gewerkt"); not "die het initiatief had genomen,
# negentig jaar, die ..." (demo corpus), where the number is the person's age.
_PARTICIPLE = re.compile(
    r"(?<![\w-])(?i:geweest|gewerkt|gewoond|gezeten|gedaan|getrouwd|gebleven|gespeeld|gereden|gevaren|gestaan"
    r"|gelegen|geleefd|gediend|gezorgd|gestudeerd|gevoetbald|gezongen|gereisd)\s*,\s*\Z"
)


def generic_you(text: str, end: int, left: str) -> bool:
    """Whether the number ending at ``end`` is an age limit said to anyone; ``left``: the text before it."""
    return _GENERIC_YOU.search(left) is not None and _GENERIC_VERB.match(text, end) is not None


def participle_before(left: str) -> bool:
    """Whether a past participle and a comma come right before the number (``left``: the text before it)."""
    return _PARTICIPLE.search(left) is not None
