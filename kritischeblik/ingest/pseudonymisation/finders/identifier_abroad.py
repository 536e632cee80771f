"""Addresses abroad and in other scripts, as labour migrants, refugees and border workers give them (fifteenth dev
author): "ul. Kościuszki 14/3, 62-800 Kalisz", "ул. „Раковски“ 42, ет. 3, ап. 7, 8800 Сливен", "вул. Сумська, 47,
кв. 12, Харків, 61002", "Kanaalstraat 14 bus 21, 9060 Zelzate".

* A street word of another language ("ul.", "str.", "rue", "calle", "ул.", "вул.") with the name and number after
  it is an address, and so are "Kossuth Lajos utca 12", "Bağdat Caddesi No. 120", "Hauptstraße 12" and "12 rue
  de la Paix".
* A number right after a word in another script is a house number, and a flat, floor or room after it ("кв. 12",
  "ет. 3") belongs to it: in a Dutch transcript such a number is part of an address or of a document read out.
* Four to six digits (or Polish "62-800") beside a place in another script, or after a street and number and
  before a capitalised place, are a postcode abroad: a Dutch postcode has its two letters.

Pure; :func:`.identifiers.find_identifiers` adds these spans to the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..categories import LOCATIE, POSTCODE
from .identifier_scripts import SCRIPT_LETTERS

Found = tuple[int, int, str]

# Not "al." (Polish aleja): the Dutch "al" ends many sentences ("Dat doen we al. Sinds 2015 …").
_STREET_WORD = (
    r"(?<![\w.])(?i:ul\.|ulica|aleja|str\.|strada|calea|bul\.|bd\.|rue|calle|rua"
    r"|ул\.|вул\.|бул\.|просп\.|пр\.|пер\.)"
)
# Languages that put the street word after the name: "Kossuth Lajos utca 12", "Bağdat Caddesi No. 120".
_STREET_WORD_AFTER = r"(?i:utca|sokak|sok\.|sokağı|caddesi|cad\.|cd\.)(?:\s+(?i:no)[.:]?)?"
_UPPER = rf"[A-ZÀ-ÖØ-ÞĀ-ſ{SCRIPT_LETTERS}]"
_NAME_WORD = rf"[„“\"']?{_UPPER}[\w'’.-]*[“”\"']?"
# Not a count: "3 keer", "12 euro".
_NUMBER = (
    r"\d{1,4}[a-zA-Z]?(?:\s*/\s*\d{1,4})?(?![\w/])"
    r"(?!\s+(?i:keer|x|jaar|uur|minuten|dagen|weken|maanden|euro|km|kilometer|procent)(?!\w))"
)
# A flat, floor, room or block after the number: "ет. 3", "ап. 7", "кв. 12", "кімн. 314", "m. 4", "lok. 2".
_UNIT = r"(?:,?\s+(?i:ет|ап|кв|кімн|бл|вх|m|lok|apt|app|ap|et|bl|sc)\.?\s*\d{1,4}(?![\w/]))"
# Lowercase only: a capitalised "De" is a name word, and both readings of one word make the search slow.
_PARTICLES = r"(?:(?:de|la|le|du|des|del|di|da|do|dos|von|der)\s+)*"
_NAME = rf"{_PARTICLES}{_NAME_WORD}(?:\s+{_PARTICLES}{_NAME_WORD}){{0,2}}"
# Each rule with the words one of which it needs (lowercase): most turns hold none, and the rule is not run.
_STREET_ABROAD_RES = (
    (
        (
            "ul.",
            "ulica",
            "aleja",
            "str.",
            "strada",
            "calea",
            "bul.",
            "bd.",
            "rue",
            "calle",
            "rua",
            "ул.",
            "вул.",
        )
        + ("бул.", "просп.", "пр.", "пер."),
        re.compile(rf"{_STREET_WORD}\s*{_NAME},?\s+{_NUMBER}{_UNIT}*"),
    ),
    (
        ("utca", "sokak", "sok.", "sokağı", "caddesi", "cad.", "cd."),
        re.compile(rf"(?<![\w-]){_NAME}\s+{_STREET_WORD_AFTER}\s*{_NUMBER}{_UNIT}*"),
    ),
    # German compounds ("Hauptstraße 12") and the French number first ("12 rue de la Paix").
    (
        ("straße", "strasse", "gasse", "allee", "platz"),
        re.compile(rf"(?<![\w-]){_UPPER}[\w-]*(?:straße|strasse|gasse|allee|platz)\s+{_NUMBER}"),
    ),
    (
        ("rue", "avenue", "boulevard", "chemin", "impasse"),
        re.compile(
            rf"(?<![\w/.,-])\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?i:rue|avenue|boulevard|chemin|impasse)\s+{_NAME}"
        ),
    ),
)
# After a word in another script the number ends its phrase or has its flat after it ("Паскальвег 21, кімн. 314");
# "вже 2 роки", "2022 році", "'дякую', 20 kinderen" are counts and years.
_AFTER_SCRIPT_RE = re.compile(
    rf"(?<=[{SCRIPT_LETTERS}])[“”\"']?,?\s+(?P<n>{_NUMBER}(?:{_UNIT}+|(?=\s*(?:[,.;)]|$))))"
)
_SCRIPT_WORD = rf"[{SCRIPT_LETTERS}][{SCRIPT_LETTERS}-]*"
# Four to six digits, Polish "62-800", Portuguese "1100-053"; a year is no postcode ("Olena heeft 2022 Київ …").
_POSTCODE = r"(?<![\w-])(?P<p>(?!(?:19|20)\d\d(?![\w-]))\d{4,6}|\d{2}-\d{3}|\d{4}-\d{3})(?![\w-])"
_POSTCODE_BY_SCRIPT_RES = (
    re.compile(rf"{_POSTCODE}\s+(?={_SCRIPT_WORD})"),
    re.compile(rf"(?<=[{SCRIPT_LETTERS}]),\s+{_POSTCODE}"),
)
# A Belgian box number may stand between ("9 b2, 9180 Moerbeke", "14 bus 21, 9060 Zelzate"), and a district
# ("Çeşme Sokak No: 7, Kaleköy, 58500 Yıldızeli"). The spaces and comma in an atomic group: read one way only.
_POSTCODE_AFTER_ADDRESS_RE = re.compile(
    rf"(?P<box>\s+(?i:bus)\s+\d{{1,3}}|\s*[bB]\d{{1,3}})?(?>\s*,?\s*)(?<=[\s,])"
    rf"(?:{_UPPER}[^\W\d_]+,\s+)?{_POSTCODE}\s+"
    rf"(?!(?i:euro|eur|man|mensen|keer|dollar|pond|kilo|km)(?!\w))(?:{_UPPER}[^\W\d_]{{2,}}|{_SCRIPT_WORD})"
)


def find_addresses_abroad(text: str) -> Iterator[Found]:
    """Street words of other languages and numbers after words in another script (see above)."""
    low = text.lower()
    for words, rule in _STREET_ABROAD_RES:
        if any(w in low for w in words):
            for m in rule.finditer(text):
                yield m.start(), m.end(), LOCATIE
    if text.isascii():
        return
    for m in _AFTER_SCRIPT_RE.finditer(text):
        yield m.start("n"), m.end("n"), LOCATIE
    for rule in _POSTCODE_BY_SCRIPT_RES:
        for m in rule.finditer(text):
            yield m.start("p"), m.end("p"), POSTCODE


def postcodes_abroad(text: str, found: Iterable[Found]) -> Iterator[Found]:
    """A postcode without letters right after an address of ``found`` and before its place ("…, 9060 Zelzate")."""
    for _, end, category in found:
        if category == LOCATIE and any(c.isdigit() for c in text[max(0, end - 6) : end]):
            m = _POSTCODE_AFTER_ADDRESS_RE.match(text, end)
            if m is not None:
                if m.group("box"):
                    yield (
                        m.start("box") + len(m.group("box")) - len(m.group("box").lstrip()),
                        m.end("box"),
                        LOCATIE,
                    )
                yield m.start("p"), m.end("p"), POSTCODE
