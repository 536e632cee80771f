"""Numbers that look like someone's age and are not: a duration after the participle of a work verb.

"vrachtwagenchauffeur geweest, dertig jaar, en toen", "bij de NS gewerkt, twintig jaar": the years he worked,
not "Henk, dertig jaar, woont" (seventeenth dev author). Only verbs of work and dwelling: after "getrouwd",
"geleefd" or "gebleven" the number is often the person's age ("ze is net getrouwd, drieëntwintig jaar"), and
after "die het initiatief had genomen, negentig jaar, die ..." (demo corpus) it is. An age limit said to anyone
("als je 18 bent") is not an exception: said to a seventeen-year-old it gives away his age.
"""

from __future__ import annotations

import re

_PARTICIPLE = re.compile(
    r"(?<![\w-])(?i:geweest|gewerkt|gewoond|gezeten|gereden|gevaren|gediend|gestudeerd|gevoetbald|gezongen"
    r"|gepoetst|gebouwd|geschilderd)\s*,\s*\Z"
)


def participle_before(left: str) -> bool:
    """Whether the participle of a work verb and a comma come right before the number (``left``: the text
    before it)."""
    return _PARTICIPLE.search(left) is not None
