"""The rest of an address after a street the passes found: the house number said in words or in pieces, and
its additions ("seringenhof negen", "de croeselaan nummer honderdtwaalf drie hoog", "columbuslaan 1 0 7 a",
"Zonnelaan 12 a b en c", "Rubenslaan 88, bel 3", "boerhaavelaan zesenveertig 46").

The street finders take a street with its number in the common written forms; a street found in another way
(a lowercase street after "op de", a street only the interview's table of places knows) or a number in a
spoken form reaches resolution without its number. :func:`house_tail` gives the end of what belongs to the
address, or None. Pure.
"""

from __future__ import annotations

import re

from .identifier_streets import HOUSE, SPELLED_HOUSE

# Narrower than identifier_streets' suffixes on purpose: a place that ends so ("Rotterdam", "Harderwijk",
# "Den Helder") must not take the number after it ("naar Rotterdam, 2015 was dat").
_STREET_WORDS = (
    "straat|straatje|laan|laantje|weg|dreef|plein|gracht|kade|singel|dijk|steeg|hof|pad|markt|wal"
    "|plantsoen|kamp|baan|park|erf|gaarde|oord|oever|allee|boulevard|promenade|burgwal|vaart|wetering"
    "|stroat|stroatje|stroate|weeg"  # Gronings and Twents ("Kerkstroat 4")
)
_STREET_END = re.compile(rf"(?i)(?:{_STREET_WORDS})\Z")
_SPELLED = rf"{SPELLED_HOUSE}(?:\s+(?:(?i:en)\s+)?{SPELLED_HOUSE})?(?![\w-])"
# The number: in digits with its written additions, said digit by digit ("1 0 7"), in words ("honderd en
# drie"), or mixed as speech recognition writes it ("2 honderd 12"); after "#" as on Aruba and Curaçao
# ("Goudsbloemstraat #44", fourteenth dev author).
_NUMBER = (
    rf"(?!(?:19|20)\d\d(?!\d))(?:\d(?:\s\d){{1,3}}(?!\w)|\d\s+(?i:honderd)\s+\d{{1,2}}(?!\w)|{HOUSE}(?!\w)"
    rf"|{_SPELLED}(?:\s+\d{{1,4}}(?!\w))?)"
)
_ADDITION = (
    r"(?:\s+[a-hA-H](?![\w'])(?:(?:\s+(?i:en))?\s+[a-hA-H](?![\w'])){0,4}+"
    r"|,?\s+(?i:bel|bus|toevoeging:?|streepje|app\.?|appartement)\s*(?:\d{1,3}|" + SPELLED_HOUSE + r")(?!\w)"
    # A floor belongs to the number only without a comma: "honderdtwaalf drie hoog"; "de flat, vier hoog" says
    # where in a building, which the dev authors keep readable.
    r"|\s+(?:\w+\s+)?(?i:hoog)(?!\w)|\s+(?i:boven|beneden|bis)(?!\w)|\s+\d{1,2}e\s+(?i:verdieping|etage)(?!\w))"
)
_END = (
    # Not "of", and "en" only before a word: "Kerkstraat drie of vier keer", "twee en een half jaar" are counts.
    r"(?=\s*(?:[,.;:!?()\]\"'”’…]|$)|\s+(?i:en)\s+(?!(?i:een|half|\d))[^\W\d_]{2,}"
    r"|\s+(?i:in|aan|te|op|is|was|woont|woonde|zonder|met|bij|daar|dat|die"
    r"|ja|nee|postcode|want|maar|dus|toen|hoor|eh|sinds|al|zei|zegt|zeg)(?!\w)|\s+\d{4}\s?[A-Za-z]{2}(?!\w))"
)
_TAIL_RE = re.compile(
    rf"(?>\s*,?\s*)(?:(?i:huisnummer|nummer|nr\.?|no\.?)\s*:?\s*|#\s?)?{_NUMBER}(?!\s+(?i:hoog|hg)(?!\w))(?:{_ADDITION}){{0,3}}+{_END}"
)
# A street whose number the street finder took in part: "columbuslaan 1" before " 0 7 a", "Zonnelaan 12 a"
# before " b en c".
_MORE_RE = re.compile(
    rf"(?:(?:\s\d){{1,3}}(?!\w)(?:\s[a-hA-H](?![\w']))?|(?:{_ADDITION}|,?\s+(?i:en)\s+[a-hA-H](?![\w'])){{1,3}}+){_END}"
)
# A correction right after the address: "Gruttostraat veertien. Nee. Eenenveertig." (twelfth dev author).
_CORRECTED_RE = re.compile(
    rf"(?>\s*[.,]?\s*)(?:(?i:nee|sorry|wacht|pardon|eh|o)[\s,.!]+){{1,3}}(?:(?i:op|nummer)\s+)?"
    rf"(?P<n>(?:\d{{1,4}}(?:\s?[a-hA-H])?(?![\w'])|{_SPELLED}))(?:{_ADDITION}){{0,2}}+{_END}"
)
_NUMBER_END = re.compile(r"\d\s?[a-hA-H]?\Z")
_SPELLED_END = re.compile(rf"(?:{SPELLED_HOUSE})\Z")
_TITLE_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:mevrouw|meneer|mevr|mw|dhr|heer|familie|fam|juf|meester|dokter)\.?\s+\Z"
)


def street_named_person(text: str, start: int, end: int) -> bool:
    """Whether a word taken for an unknown person's name is a street: "Zuilenkamp", "Fazantenhof"; not after a
    title ("mevrouw Veldkamp")."""
    surface = text[start:end]
    if " " in surface or len(surface) < 7 or _STREET_END.search(surface) is None:
        return False
    return _TITLE_BEFORE.search(text, max(0, start - 12), start) is None


def ends_in_number(surface: str) -> bool:
    """Whether an address span ends in its house number (digits or a number word)."""
    return _NUMBER_END.search(surface) is not None or _SPELLED_END.search(surface) is not None


def house_tail(text: str, start: int, end: int) -> int | None:
    """Where the address that the street at ``text[start:end]`` begins ends, if a house number or more of one
    follows it; None when nothing follows or the span is no street."""
    surface = text[start:end]
    if _NUMBER_END.search(surface):
        m = _MORE_RE.match(text, end)
    elif _STREET_END.search(surface):
        m = _TAIL_RE.match(text, end)
    else:
        return None
    if m is None or m.end() == end:
        return None
    return m.end()


def corrected_number(text: str, end: int) -> tuple[int, int] | None:
    """The house number said again after a correction right behind an address that ends at ``end``."""
    m = _CORRECTED_RE.match(text, end)
    if m is None:
        return None
    return m.start("n"), m.end()
