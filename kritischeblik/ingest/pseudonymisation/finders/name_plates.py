"""Two names on one doorbell, letterbox or name plate, as people quote them in an interview: "EL AMRANI /
BENNANI", "Jansen & Smit", "Op de bel staat TESFAY / HAILE" (seventeenth dev author and the review after it).
Pure apart from the name lists that are passed in; :mod:`..passes` adds what is found to the name index.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .name_cues import NAME_PARTICLES, TUSSEN
from .name_lists import NameLists
from .names import recase
from .public_names import PUBLIC_NAMES

# Two households on one doorbell or letterbox: "EL AMRANI / BENNANI", "Jansen & Smit" (seventeenth dev author).
_NAME_GROUP = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}"
_SLASH_AFTER_RE = re.compile(rf"\s*[/&]\s*(?P<name>{_NAME_GROUP})(?![\w'’-])")
_SLASH_BEFORE_RE = re.compile(rf"(?<![\w'’-])(?P<name>{_NAME_GROUP})\s*[/&]\s*\Z")
# In capitals the two names may also stand with a plus, a dash between spaces or "EN" between them ("EL AMRANI -
# BENNANI", "DE BOER + YILMAZ", "TESFAY EN HAILE").
_CAPS_PAIR_RE = re.compile(
    r"(?<![\w'’/&+-])(?P<a>[A-Z'’ -]{4,40}?)(?:\s*[/&+]\s*|\s+-\s+|\s+EN\s+)(?P<b>[A-Z'’ -]{4,40}?)"
    r"(?![\w'’/&+-])"
)
# Where the two names are written: after it a pair of capitals need be on no name list ("Op de bel staat TESFAY /
# HAILE").
_NAMEPLATE_RE = re.compile(
    r"(?i)(?<!\w)(?:(?:deur)?bel(?:letje)?|brievenbus|naambord(?:je)?|(?:voor)?deur|postbus|intercom)(?!\w)"
)
_VOWEL_RE = re.compile(r"[AEIOUY]")
# Only these words between the name plate and the names: "Op de bel staat nog: ...", not "Op de deur van het
# wijkcentrum staat SWOA - RIVM" (review).
_PLATE_GAP_RE = re.compile(
    r"[\s:,\"'“]*(?:(?i:staat|stond|stonden|staan|er|nog|toen|ook|wel|alleen|gewoon|maar)[\s:,\"'“]+)*"
)


def _on_nameplate(text: str, start: int) -> bool:
    """Whether a name plate, bell or letterbox is named right before ``start`` (see ``_PLATE_GAP_RE``)."""
    cues = list(_NAMEPLATE_RE.finditer(text, max(0, start - 40), start))
    return bool(cues) and _PLATE_GAP_RE.fullmatch(text, cues[-1].end(), start) is not None


def slash_partners(text: str, persons: Sequence[tuple[int, int]], lists: NameLists) -> list[str]:
    """The names written against a person's name (``persons``) with a slash or an ampersand, and two names in
    capitals written so ("EL AMRANI / BENNANI"), recased. No word but a particle is a place or a public name,
    an ordinary, compound or function word (a name on a name list that is also a word only in capitals:
    "BAKKER"), and in capitals each is at least four letters long; of two names in capitals at least one
    word is no ordinary word and one is on a name list: "WMO / PGB", "ZORG & WELZIJN", "SCHULDHULP / BEWIND",
    "UTRECHT / AMERSFOORT", "Sandra & Kinderen" and "Jan Jansen / Utrecht" stay."""
    if not any(sign in text for sign in "/&+") and " - " not in text and " EN " not in text:
        return []

    def particle(w: str) -> bool:
        return w in NAME_PARTICLES or w in TUSSEN

    def plain(w: str) -> bool:
        return w not in lists.function_words and not lists.ordinary(w) and not lists.compound(w)

    def name_like(name: str, caps: bool = False, plate: bool = False) -> bool:
        words = [w for w in name.split() if not particle(w.lower())]
        if not words or any(w in PUBLIC_NAMES or w.lower() in lists.places for w in words):
            return False
        if caps:
            # In capitals a surname that is also a word ("BAKKER") passes beside one that is not (checked below).
            # On a name plate a listed name of three letters with a vowel counts too ("ALI / HASSAN"; not "GGD").
            return all(
                (plain(w.lower()) or lists.listed(w.lower()))
                and (
                    len(w) >= 4 or (plate and len(w) == 3 and lists.listed(w.lower()) and _VOWEL_RE.search(w))
                )
                for w in words
            )
        # Beside a name: not "Sandra & Kinderen", "Marieke & Noord" (ordinary words on a surname list).
        return all(
            plain(w.lower()) or (lists.listed(w.lower()) and not lists.ordinary(w.lower())) for w in words
        )

    def trimmed(name: str, before: bool) -> str:
        # "Deurwaarderskantoor Van Tilburg & Heijmans": the words that are no name fall off the far end.
        words = name.split()
        while words and not (particle(w := (words[0] if before else words[-1]).lower()) or name_like(w)):
            words = words[1:] if before else words[:-1]
        return " ".join(words)

    out = []
    for a, b in persons:
        after, before = _SLASH_AFTER_RE.match(text, b), _SLASH_BEFORE_RE.search(text, max(0, a - 60), a)
        for m, is_before in ((after, False), (before, True)):
            name = trimmed(m.group("name"), is_before) if m is not None else ""
            if name and name_like(name):
                out.append(recase(name))
    for m in _CAPS_PAIR_RE.finditer(text):
        pair = [m.group("a").strip(" -"), m.group("b").strip(" -")]
        words = " ".join(pair).lower().split()
        plate = _on_nameplate(text, m.start("a") + len(m.group("a")) - len(m.group("a").lstrip()))
        if (
            all(name_like(x, caps=True, plate=plate) for x in pair)
            and any(plain(w) for w in words)
            and (
                any(lists.listed(w) for w in words) or (plate and all(plain(w) or particle(w) for w in words))
            )
        ):
            out += map(recase, pair)
    return out
