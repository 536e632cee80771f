"""Licence plates (RDW sidecodes 1-14), in any case and with any separator, cued where the form alone is not
enough; moved out of :mod:`.identifier_numbers`, which keeps BSN, IBAN and postcodes. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import KENTEKEN
from .identifier_numbers import RUN_START_RE, Found, cue_before, words

# RDW sidecodes 1-14: groups of letters (L) and digits (D) with their lengths.
SIDECODES = (
    "L2-D2-D2",
    "D2-D2-L2",
    "D2-L2-D2",
    "L2-D2-L2",
    "L2-L2-D2",
    "D2-L2-L2",
    "D2-L3-D1",
    "D1-L3-D2",
    "L2-D3-L1",
    "L1-D3-L2",
    "L3-D2-L1",
    "L1-D2-L3",
    "D1-L2-D3",
    "D3-L2-D1",
)


def sidecode_regex(sep: str) -> str:
    alts = []
    for code in SIDECODES:
        groups = [("[A-Za-z]" if g[0] == "L" else r"\d") + "{" + g[1] + "}" for g in code.split("-")]
        alts.append(sep.join(groups))
    return "(?:" + "|".join(alts) + ")"


# Groups joined by a dash (also " - ", as some transcribers write it), a dot ("K.381.TZ"), a space or nothing.
_PLATE_RE = re.compile(r"(?<![\w-])" + sidecode_regex("(?: ?- ?|\\.| )?") + r"(?![\w]|[-.]\w)")
_PLATE_SEP = re.compile(r"(?<=[A-Za-z0-9])(?:[ -]+|\.)(?=[A-Za-z0-9])")
_PLATE_CUE = re.compile(r"(?i)(?<!\w)(?:kenteken|nummerbord|nummerplaat|kentekenplaat)")
# Car brands are a vehicle cue too ("een oude opel eh de vl 32 rt"); identifiers opens the plate finder for them.
CAR_BRANDS = tuple(
    sorted(
        words(
            "opel volkswagen mercedes toyota renault peugeot citroën fiat ford bmw volvo kia skoda seat nissan mazda honda"
        )
    )
)
_VEHICLE_CUE = re.compile(
    r"(?i)(?<!\w)(?:\w*auto(?:'s|tje)?|wagen|busje|bestelbus|scooter|brommer|motor|motorfiets|camper|caravan|"
    + "|".join(CAR_BRANDS)
    + r"|aanhanger|rijdt|reed|geparkeerd|parkeert|parkeren)(?!\w)"
)
# Lowercase letter groups that are ordinary words or school levels: "3-vwo-12" is a class, not a plate.
_PLATE_WORDS = words(
    "op en de in te of om na nu zo al is er ja je ze we uw tot uit per van aan met bij dat die het een nog dan "
    "wat hoe wie was ben zit gaat kan wil mag zal heb had ook wel nee hun ons mij jij hij zij men elk mbo hbo "
    "vwo wo po vo uur"
    # fillers of speech between two numbers: "met de auto is het 20 eh 25 minuten" (review)
    " eh uh ehm uhm hm hmm ah oh nou ov"
)


# Units and abbreviations people write in lowercase between numbers ("25 km", "90 pk", "ca 15 jr").
_UNITS_AND_SHORT = words(
    "km kms pk min sec uur jr jrs kg cm mm ml ltr cc kwh ca bv max min mnd wk wkn dgn pp pst nr st ct eur"
)


def _plate_matches(text: str) -> Iterator[re.Match[str]]:
    """Matches of the sidecode pattern, tried only at word starts up to twelve characters before a run of digits
    (a plate holds one; a scan of the whole text with fourteen alternatives is slow); they may overlap."""
    starts: set[int] = set()
    for d in RUN_START_RE.finditer(text):
        for p in range(max(0, d.start() - 12), d.start() + 1):
            if text[p].isalnum() and (p == 0 or not (text[p - 1].isalnum() or text[p - 1] in "_-")):
                starts.add(p)
    # Overlapping matches too: "de vl 32 rt" holds "de vl 32" (no plate: "de" is a word) and "vl 32 rt".
    for start in sorted(starts):
        m = _PLATE_RE.match(text, start)
        if m is not None:
            yield m


def find_plates(text: str) -> Iterator[Found]:
    for m in _plate_matches(text):
        s = m.group()
        seps = _PLATE_SEP.findall(s)
        if len(seps) == 1:
            continue  # separators between all groups or none: "we zijn 12" is not "zi-jn-12"
        letters = "".join(re.findall(r"[A-Za-z]+", s))
        # A plate is written in capitals or in lowercase, never "Ze is 81"; nor is a group an ordinary word.
        if not (letters.isupper() or letters.islower()):
            continue
        if not letters.isupper() and any(w in _PLATE_WORDS for w in re.findall(r"[a-z]+", s)):
            continue
        # Dashes between all three groups make a plate unmistakable; so do letters and digits written against
        # each other ("12ABC3", "k55brf": no word looks like that). Spaces need a cue ("kenteken" for any form, a
        # vehicle such as "auto" or "busje" for capitals) or capitals amid ordinary text ("een 52 VT HK").
        dashed = len(seps) == 2 and (all("-" in sep for sep in seps) or seps == [".", "."])
        # Four digits and two letters written together are a postcode ("3561jm"), unless "kenteken" says otherwise.
        attached = not seps and not _ATTACHED_POSTCODE.fullmatch(s)
        words = [w.lower() for w in re.findall(r"[A-Za-z]+", s)]
        plain = not any(w in _PLATE_WORDS for w in words)
        if (
            dashed
            or (attached and plain)
            or cue_before(_PLATE_CUE, text, m.start(), 60)
            or (letters.isupper() and cue_before(_VEHICLE_CUE, text, m.start(), 60))
            # lowercase too with a group of three letters that is no word or unit: "een wit busje met 7 vts 22"
            # (twelfth dev author); not "de auto ca 25 km", "1 min 30"
            # or any sidecode near a vehicle, as speech recognition types it: "een bestelbus ... vx 412 t", "een oude
            # opel eh de vl 32 rt" (nineteenth and twentieth dev authors)
            or (
                plain
                and not any(w in _UNITS_AND_SHORT for w in words)
                and _UNIT_AFTER_RE.match(text, m.end()) is None
                and cue_before(_VEHICLE_CUE, text, m.start(), 60)
            )
            or (seps and letters.isupper() and plain and not _caps_around(text, m.start(), m.end()))
        ):
            yield m.start(), m.end(), KENTEKEN
    # Spelled out sign by sign near a vehicle or "kenteken": "op zo'n scooter, D P X 19 G" (eighth dev author).
    # In lowercase as speech recognition types it ("een grijze golf, h x 305 t"), no group an ordinary word.
    for m in _SPELLED_PLATE_RE.finditer(text):
        cued = cue_before(_PLATE_CUE, text, m.start(), 60) or cue_before(_VEHICLE_CUE, text, m.start(), 60)
        groups = m.group().split()
        if (
            cued
            and _COMPACT_PLATE.fullmatch("".join(groups))
            and (m.group().isupper() or not any(g in _PLATE_WORDS or g in _UNITS_AND_SHORT for g in groups))
        ):
            yield m.start(), m.end(), KENTEKEN


# Groups of one or two signs, or the three digits of the newer plates ("H X 305 T").
_UNIT_AFTER_RE = re.compile(
    r"\s+(?i:minuten|minuut|uur|euro|jaar|km|kilometer|meter|dagen|weken|maanden|keer|procent)(?!\w)"
)
_SPELLED_PLATE_RE = re.compile(
    r"(?<![\w-])(?:(?:[A-Z]{1,2}|\d{1,3})(?: (?:[A-Z]{1,2}|\d{1,3})){3,5}"
    r"|(?:[a-z]{1,2}|\d{1,3})(?: (?:[a-z]{1,2}|\d{1,3})){3,5})(?![\w-])"
)
_COMPACT_PLATE = re.compile(sidecode_regex(""))
_ATTACHED_POSTCODE = re.compile(r"[1-9]\d{3}[A-Za-z]{2}")


def _caps_around(text: str, start: int, end: int) -> bool:
    """A word in capitals (two letters or more) just before or after: the text is written in capitals."""
    before = text[max(0, start - 20) : start].split()
    after = text[end : end + 20].split()
    return any(len(w) > 1 and w.isupper() and w.isalpha() for w in (before[-1:] + after[:1]))
