"""Phone numbers in Dutch interview text: "06-12345678", "(030) 123 45 67", "+31 (0)6 …", "+32 (0)470 12 34 56",
"030-282 44 00 toestel 231", "06–38 21 90 47" (an en dash), "06 eh 22 47 91 30" (a hesitation kept by the
transcriber), a mobile number without its 06 after "06-nummer", and numbers said aloud ("nul zes, zes en twintig,
…", "plus vierendertig, zes twaalf, …"). Pure; :func:`.identifiers.find_identifiers` combines the finders. The
rules and their limits are listed in the docstring of :mod:`.identifiers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import TELEFOONNUMMER
from .spoken_numbers import DIGIT_COUNTS, SPLIT_COMPOUND

Found = tuple[int, int, str]

# Between the groups of a number: spaces, dots, dashes (also the en dash a word processor makes of " - "),
# slashes, or a hesitation the transcriber kept ("06 eh 22 47 91 30", "06, eh, 41 ...").
# A spoken sign between groups counts too, as speech recognition writes it: "06 streepje 41 82 60 93", "030 dan 2 31",
# and so do the words people link the groups with: "06 en dan 24 88 en dan 19 57", "nul 6 dus 51 30 ja 19 74".
_FILLER = r"(?:[ ,]+(?:eh|ehm|uh|uhm|streepje|dash|dan|en\s+dan|dus|ja)[ ,]+|(?:\.{3}|…)\s?(?:eh|ehm|uh|uhm)(?:\.{3}|…)\s?)"
# Dictated slowly, the groups get an ellipsis: "030... 286... 42... 19".
_SEP = rf"(?:[ .\-–/]{{0,3}}|\.{{3}}\s|…\s?|{_FILLER})"
_PHONE_RE = re.compile(
    r"(?<![\w+(])(?:"
    rf"(?:\(\+31\)|(?:\+|00)\s?31){_SEP}(?:\(0\){_SEP})?(?:[1-9]|\([1-9]\))(?:{_SEP}\d){{8}}"  # +31 6 12345678, 0031 (0)30 ...
    # other countries, "+49 (0)171 …", "+90 (532) 412 87 19", the Belgian way "0032-(0)470/12.34.56"
    rf"|(?:\+|00)\s?(?!31)[1-9]\d{{0,2}}(?:[ -]?\(0\))?(?:\s?\(\d{{1,4}}\))?(?:[ .\-–/]{{0,2}}\d){{7,12}}"
    rf"|\(0(?:\d\)(?:{_SEP}\d){{8}}|\d\d\)(?:{_SEP}\d){{7}}|\d\d\d\)(?:{_SEP}\d){{6}})"  # (030) 123 45 67
    # Information numbers: 0800/0900/0906/0909 with 4 or 7 more digits ("0800-1234", "0900 - 202 33 44").
    rf"|\(?09(?:00|06|09)\)?(?:{_SEP}\d){{7}}|\(?0800\)?(?:{_SEP}\d){{7}}"
    rf"|\(?0(?:800|900|906|909)\)?{_SEP}\d(?:[ .-]?\d){{3}}(?![ .-]?\d)"
    rf"|0{_SEP}[1-9](?:{_SEP}\d){{8}}"  # 06-12345678, 030-1234567, 0612345678, 0 6 1 2 3 4 5 6 7 8
    # The country code left off a "+31 (0)6" habit: "(0)6-12345678", "(0)30 287 64 12".
    rf"|\(0\){_SEP}[1-9](?:{_SEP}\d){{8}}"
    r")(?!\w)"
)
_NUM_DATE_PREFIX = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2}(?!\d)")
# An extension after the number is part of it: a direct line to one person ("toestel 231", "doorkiesnummer 231").
_EXT_WORD = r"(?i:toestel|tst\.?|doorkies(?:nummer)?|extensie|ext\.?|intern)\s*:?\s*(?:(?i:nummer|nr\.?)\s*)?"
# Also between brackets: "033 - 4 61 22 90 (ext. 12)", "(toestel 2)".
_EXTENSION_RE = re.compile(
    rf",?\s*(?:(?:(?i:en|dan|daarna|via|vraag\s+naar)\s+){{0,2}}(?:(?i:intern)\s+)?{_EXT_WORD}"
    r"\d{2,5}(?![\w]|[.,/-]?\d)"
    rf"|\({_EXT_WORD}\d{{1,5}}\))"
)
# A mobile number given without its 06: "zijn 06-nummer, 38 12 45 67".
# "06" is a noun too: "Haar 06 is 38 19 72 41".
_MOBILE_REST_RE = re.compile(
    r"(?i:06[- ]?nummer|mobiele?\s+nummer|(?:mijn|m'n|haar|d'r|zijn|z'n|je|jouw|hun|uw|de|die)\s+06)\W{0,3}"
    r"(?:(?i:is|was)\s+)?(?P<n>[1-9](?:[ .\-–]?\d){7})(?![\w]|[ .-]?\d)"
)
# An uncertain last group: "030 286 42 19 of 20".
_ALTERNATIVE_RE = re.compile(
    r"\s*,?\s+(?i:of|of\s+misschien|of\s+anders)\s+(?P<d>\d{1,4})(?![\w]|[.,:/-]?\d)"
)
_LAST_GROUP_RE = re.compile(r"\d+\Z")


# Read out in pairs with commas, or with a hesitation between the groups: "06 - 38, 19, 72, 40",
# "06 eh 51 63, 08 27". Groups of at least two digits, ten digits in all ("0, 1, 2, 3, ..." is a list).
# The dash may be said: "0348 min 55 19 27" (eleventh dev author).
_SAID_DASH = r"\s(?i:min|streepje)\s"
_GROUPED_PHONE_RE = re.compile(
    rf"(?<![\w+(])0\d{{1,3}}(?:(?:[ ,.\-–/]{{1,3}}|{_FILLER}|{_SAID_DASH})\d{{2,4}}){{2,5}}(?![\w]|[ ,.-]?\d)"
)


# Dictated digit by digit, as some people give a number: "2 0 9 4 7 7 3 1" (eight to eleven single digits, one
# space apart; a list of scores has commas).
_ONE_BY_ONE_RE = re.compile(r"(?<![\w,.+-])\d(?: \d){7,10}(?![\w]|[ ,.-]?\d)")


def find_phones(text: str) -> Iterator[Found]:
    for m in _ONE_BY_ONE_RE.finditer(text):
        yield m.start(), m.end(), TELEFOONNUMMER
    for m in _GROUPED_PHONE_RE.finditer(text):
        # Only with a comma or a hesitation between groups (the rest is _PHONE_RE's, which knows dates).
        read_out = "," in m.group() or re.search(f"{_FILLER}|{_SAID_DASH}", m.group()) is not None
        if read_out and sum(c.isdigit() for c in m.group()) == 10:
            ext = _EXTENSION_RE.match(text, m.end())
            yield m.start(), ext.end() if ext is not None else m.end(), TELEFOONNUMMER
    for m in _PHONE_RE.finditer(text):
        date = _NUM_DATE_PREFIX.match(text, m.start())
        if date is not None and date.end() < m.end() and text[date.end()] not in "-/.":
            # "op 01-02-2011 12 mensen": a date followed by another number ("06.12.34.56.78" goes on
            # with the date's own separator and stays a phone number).
            continue
        ext = _EXTENSION_RE.match(text, m.end())
        end = ext.end() if ext is not None else m.end()
        last = _LAST_GROUP_RE.search(text, m.start(), m.end())
        alt = _ALTERNATIVE_RE.match(text, end) if ext is None and last is not None else None
        if alt is not None and len(alt.group("d")) == len(last.group()):
            end = alt.end()
        yield m.start(), end, TELEFOONNUMMER
    if "nummer" in text or "06 " in text:
        for m in _MOBILE_REST_RE.finditer(text):
            yield m.start("n"), m.end("n"), TELEFOONNUMMER


# Phone numbers as said aloud and typed out: "nul zes, achtendertig, zeventien, vijfenveertig, nul twee", with a
# compound split by speech recognition ("zes en twintig") or a hesitation ("nul zes, eh, 41 23 78 90"); a foreign
# number from "plus" ("plus vierendertig, zes twaalf, ...").
_SPOKEN_ALT = "|".join(sorted(DIGIT_COUNTS, key=len, reverse=True))
# "dubbel vier" is two digits, as older people dictate.
_DOUBLE = r"dubbele?\s+(?:nul|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)"
_SPOKEN_TOKEN = rf"(?:{_DOUBLE}|{SPLIT_COMPOUND}|{_SPOKEN_ALT}|\d{{1,4}})"
# Words may be joined by hyphens ("nul-zes-vier-vier-..."): a hyphen counts as a separator only before another
# spoken digit, so "vier-vijf keer" stays out.
# Mixed digits and words count too when the number starts with digits ("06 vierentwintig 33 18 negen nul"), and
# a "dan" between groups is a filler ("nul zes, dan 82, 41, vijf-nul, 96").
_SPOKEN_PHONE_RE = re.compile(
    # After the digits of the area code "is" may follow: "Haar 06 is eenenveertig, dertig, ..." (eighth author).
    rf"(?<![\w-])(?:(?i:nul|plus)|0\d{{1,3}}(?:\s+(?i:is|was))?(?=(?:[ ,-]+\d{{1,4}})*[ ,-]+(?i:{_SPOKEN_ALT})(?!\w)))"
    # Dictated slowly, with an ellipsis between the groups: "nul zes... vier één... twee drie..."; a group
    # taken back with "nee" ("drieëndertig, nee, dertig") is replaced by the next.
    # "dus" and "ja" link groups only within a sentence and in lowercase: "Nul. Dus tien, twintig" is no number.
    rf"(?:(?:[ ,.…-]+(?i:eh|ehm|uh|uhm|dan|en\s+dan|nee)|[ ,]+(?:dus|ja))?[ ,.…-]+(?i:{_SPOKEN_TOKEN})"
    rf"(?!\w)(?!-(?!(?i:{_SPOKEN_TOKEN})(?![\w])))){{3,14}}"
)
# A false start of digit words before a correction and the number: "zes-acht-twee, nee, eerst nul zes, ...".
_FALSE_START_RE = re.compile(
    rf"(?<![\w-])(?i:{_SPOKEN_TOKEN})(?:[ ,-]+(?i:{_SPOKEN_TOKEN})){{1,5}}[ ,]+(?:(?i:eh|ehm)[ ,]+)?"
    r"(?:(?i:nee|sorry|ik\s+bedoel|pardon|wacht)[ ,!]+){1,2}(?:(?i:eerst|dus|het\s+is)[ ,]+)?\Z"
)
# A correction of the last group right after the number: "..., dertig, twaalf, eh nee, dertien".
_SPOKEN_CORRECTION_RE = re.compile(
    rf"[ ,]+(?:(?i:eh|ehm|uh)[ ,]+)?(?i:nee|sorry|ik\s+bedoel|pardon)[ ,]+(?i:{_SPOKEN_TOKEN})(?![\w-])"
)
_TOKEN_RE = re.compile(rf"(?i){SPLIT_COMPOUND}|[^\W_]+")


def find_spoken_phones(text: str) -> Iterator[Found]:
    """Phone numbers written as words: from "nul", ten digits in all (more after "nul nul" or "plus")."""
    for m in _SPOKEN_PHONE_RE.finditer(text):
        open_ended = m.group().lower().startswith(("nul nul", "plus"))
        count, end, last = 0, m.start(), 0
        for w in _TOKEN_RE.finditer(m.group()):
            word = w.group().lower()
            if word in ("eh", "ehm", "uh", "uhm", "plus", "dan", "en", "dus", "ja", "is", "was"):
                continue
            if word == "nee":
                count -= last  # the group before is taken back
                continue
            if word in ("dubbel", "dubbele"):
                count += 1  # the digit word after it counts the other one
                continue
            last = len(word) if word.isdigit() else DIGIT_COUNTS.get(word, 2)
            count += last
            end = m.start() + w.end()
            if count >= 10 and not open_ended:
                break
        if count >= 10:
            fix = _SPOKEN_CORRECTION_RE.match(text, end)
            false_start = _FALSE_START_RE.search(text, max(0, m.start() - 80), m.start())
            start = false_start.start() if false_start is not None else m.start()
            yield start, fix.end() if fix is not None else end, TELEFOONNUMMER


# Transcriber notes inside a number: "06 (lacht) 41 82 [onverstaanbaar] 37 55". A note in square brackets without
# digits, or a known note in round brackets, stands for a hesitation; with a note that digits were not heard
# ("[onverstaanbaar]", "[?]", "[...]") 6 to 9 digits still identify.
_NOTE_RE = re.compile(
    r"\[[^\[\]\d\n]{1,30}\]|\((?i:lacht|lachen|lacht\s+even|pauze|stilte|zucht|kucht|hoest|onverstaanbaar"
    r"|onhoorbaar|onduidelijk|telefoon\s+gaat|\?|\.\.\.|…)\)"
)
_UNHEARD = re.compile(r"(?i)onverstaanbaar|onhoorbaar|onduidelijk|\?|\.\.\.|…|xx")
_PARTIAL_PHONE_RE = re.compile(
    rf"(?<![\w+(])0\d{{1,3}}(?:(?:[ ,.\-–/]{{1,3}}|{_FILLER})\d{{2,4}}){{2,5}}(?![\w]|[ ,.-]?\d)"
)


def find_phones_with_notes(text: str) -> Iterator[Found]:
    """Phone numbers with transcriber notes between their groups (see above)."""
    notes = [m.span() for m in _NOTE_RE.finditer(text)]
    if not notes:
        return
    chars = list(text)
    for a, b in notes:
        chars[a:b] = list("eh".ljust(b - a))
    masked = "".join(chars)

    def holds_note(s: int, e: int, unheard: bool = False) -> bool:
        return any(s < a and b < e and (not unheard or _UNHEARD.search(text[a:b])) for a, b in notes)

    for s, e, category in find_phones(masked):
        if holds_note(s, e):
            yield s, e, category
    for m in _PARTIAL_PHONE_RE.finditer(masked):
        if 6 <= sum(c.isdigit() for c in m.group()) <= 9 and holds_note(m.start(), m.end(), unheard=True):
            yield m.start(), m.end(), TELEFOONNUMMER
