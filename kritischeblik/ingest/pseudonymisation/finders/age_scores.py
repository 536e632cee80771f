"""Talk about scores, not ages: "Ruimte voor de professional? Die is 4." Near score words a pronoun with a bare
number is a score; :mod:`.identifier_ages` asks :func:`score_talk` before it takes such a number as an age."""

from __future__ import annotations

import re

from .age_words import PRONOUNS, SCORE_PARTS
from .spoken_numbers import number_value

SCORE_CUE = re.compile(
    r"(?i)scor|cijfer|(?<!\w)(?:schaal|principe|principes|eenvoud|leefwereld|nabij|mogelijkheden|professional"
    r"|nodig\s+is|rapport)(?!\w)|(?<!\w)(?:geef|geeft|geven|gaf|gegeven)(?!\w)[^.!?\n]{0,25}?(?<![\w,.-])"
    r"(?:10|[1-9])(?![\d]|[.,]\d|\s*-\s*\d|\s\d)"
    r"|\d\s*punten?(?!\w)"
)


MAX_SCORE_TOTAL = 30
"""Six principles scored 1-5 add up to at most 30."""


def score_talk(text: str, start: int, end: int, subj: str, years: bool) -> bool:
    """A pronoun subject, no "jaar", and score words nearby: "Eenvoud? Die is 4." Not the speaker's own number
    ("de professional … ik ben 67", tenth dev author), nor one above any score or total of scores."""
    if years or subj.lower() not in PRONOUNS or subj.lower() == "ik":
        return False
    value = number_value(text[start:end].lower())
    if value is not None and value > MAX_SCORE_TOTAL:
        return False
    window = text[max(0, start - 150) : end + 60]
    low = window.lower()
    return any(p in low for p in SCORE_PARTS) and SCORE_CUE.search(window) is not None
