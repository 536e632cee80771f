"""Dates :mod:`.identifier_dates` misses, from the fourth dev author: a Roman month in any case and with any
separator ("03.ix.1980", "3-IX-1980", "12 iii '32"), a feast day that falls on a fixed date with a year or after a
birth cue ("geboren op tweede kerstdag 2004", "jarig op Koningsdag"), and a person's month and year after "van"
("hij is eigenlijk van juni 2000", as "Hij is van 2005" already is). Pure.

Not: a feast day without year or birth cue ("met kerst", "op Koningsdag waren we in de stad"), Easter or
Pentecost without year, a Roman numeral that is no month ("Willem III", "groep iii").

From the fifth dev author: a birthday after a coming age ("Noa wordt 12 op 14-09"); the year said a few words
after a date of birth without one ("geb. 12/3, het jaar weet ik niet, ik denk 1958"), after a comma ("12 april,
1961") or written together after a birth cue ("geboortedatum: 03032006"); a year of birth as young
people say it ("ik ben 2001", "de rest 05'ers, dus van 2005"; not "ik ben 2000 euro kwijt", not "de 60-ers", an
age group).

From the sixth dev author: a date of birth whose day or month is not known, as registries and papers of refugees
write it ("00-00-2003", "00-07-1990", "XX-XX-1985"); nobody dates an event so.

From the fifteenth dev author: a date as a passport prints it, the month in the holder's language and in English
("14 ТРА/MAY 1984", "05 MEI/MAY 1937"), and the Belgian sign for born before a date or year ("(°1983)",
"°30/08/1983"; a temperature has it after the number).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import DATUM
from .age_words import MONTH_ALT
from .identifier_ages import person_before_van
from .spoken_numbers import SPELLED, SPELLED_YEAR, spelled_value

Found = tuple[int, int, str]

_ROMAN = r"(?:xii|xi|x|ix|viii|vii|vi|v|iv|iii|ii|i)"
_YEAR = rf"(?:(?:19|20)\d\d|['’]\d\d|(?i:{SPELLED_YEAR}))"
_ROMAN_DATE_RE = re.compile(
    rf"(?<![\w.,/-])(?:0?[1-9]|[12]\d|3[01])(?P<s>\s*[-/.]\s*|\s+)(?i:{_ROMAN})(?P=s){_YEAR}(?![\w/-]|[.,]\d)"
)
_ROMAN_HINT = re.compile(r"(?i)[-/. ][ivx]{1,4}[-/. ]")
_FEAST = (
    r"(?:(?:eerste|tweede)\s+(?:kerstdag|paasdag|pinksterdag)|kerstavond|kerstmis|oudejaarsdag|oudejaarsavond"
    r"|oudjaarsdag|oudjaar|nieuwjaarsdag|koningsdag|koninginnedag|bevrijdingsdag|valentijnsdag|sinterklaasavond"
    r"|pakjesavond|hemelvaartsdag|pasen|pinksteren)"
)
_FIXED = re.compile(
    r"(?i)(?!pasen|pinksteren|hemelvaart|eerste\s+paas|tweede\s+paas|eerste\s+pinkster|tweede\s+pinkster)"
)
_FEAST_RE = re.compile(rf"(?<![\w-])(?i:{_FEAST})(?P<year>,?\s+{_YEAR})?(?![\w-])")
_BIRTH_BEFORE = re.compile(
    r"(?i:geboren|geb\.|geboortedatum|geboortedag|jarig|verjaardag)(?:\W+\w+){0,3}\W+\Z"
)
_MONTH_YEAR_RE = re.compile(
    rf"(?<!\w)(?i:van)\s+(?P<d>(?i:{MONTH_ALT})\.?\s+(?:(?:19|20)\d\d|['’]\d\d))(?![\w/'’-]|[.,]\d)"
)
_RANGE_AFTER = re.compile(r"\s+(?i:tot|t/m|naar|af)(?!\w)")
# Substrings of every feast word: a text without any of them needs no _FEAST_RE scan.
_FEAST_HINT = re.compile(
    "kerst|paas|pasen|pinkster|oudejaar|oudjaar|nieuwjaar|konin|bevrijding|valentijn|pakjes|sinterklaas|hemelvaart"
)


_UNKNOWN_DAY_RE = re.compile(
    r"(?<![\w/.-])(?:00|(?i:xx))(?P<s>[-/.])(?:00|(?i:xx)|0?[1-9]|1[0-2])(?P=s)(?:19|20)\d\d(?![\w/-]|[.,]\d)"
)


# The year with the verb after it, as a subordinate clause puts it, or spelled out before "geboren" (tenth dev
# author): "dat hij van '77 is", "die is negentienzevenenveertig geboren".
_VERB_LAST_YEAR_RE = re.compile(
    r"(?<![\w-])(?i:hij|zij|ze|ik|die|u)\s+(?:(?i:zelf|ook|pas|al|nog|eigenlijk)\s+)?(?i:van)\s+"
    r"(?P<y>['’]\d\d|(?:19|20)\d\d)\s+(?i:is|was|ben|bent)(?![\w-])"
)
# The year in words after "is van" (eleventh dev author): "ze is van zesenzeventig", "hij is van negentien
# zesenzeventig"; the clause ends there ("is van zestig jaar geleden" is no year).
# Who is "van" a year: a person, not a thing ("het is van 2010").
_PERSON = r"die|hij|zij|ze|ik|vader|moeder|opa|oma|broer|zus|man|vrouw|jongste|oudste|dochter|zoon"
_SPELLED_OF_YEAR_RE = re.compile(
    rf"(?<![\w-])(?P<who>(?i:{_PERSON}|u))\s+(?i:is|was|ben|bent)\s+(?:(?i:zelf|ook|pas|al|nog|eigenlijk)\s+)?"
    # A hesitation after "van", and a year in digits split in two, as speech recognition writes them: "hij is van eh
    # twintig veertien", "ze is van 19 78" (fifteenth dev author).
    rf"(?i:van)\s+(?:(?i:eh|ehm|uh)\s+)?(?P<y>(?i:{SPELLED_YEAR}|{SPELLED})|(?:19|20)\s\d\d)"
    r"(?=\s*[,.;!?]|\s*$|\s+(?i:en|maar|dus|want|geloof|denk|ze|hij|zij|ik)(?!\w))"
)
_SPELLED_BORN_RE = re.compile(
    rf"(?<![\w-])(?i:is|was|ben|werd|in)\s+(?:(?i:pas|ook|al|zelf)\s+)?(?P<y>(?i:{SPELLED_YEAR}))\s+(?i:geboren)(?![\w-])"
)
# The year in words with the verb after it, or before the verb and "geboren" (thirteenth dev author): "omdat ik
# van zeventig ben", "negenenzestig is hij geboren", "geboren in achtentachtig".
_SPELLED_VERB_LAST_RE = re.compile(
    r"(?<![\w-])(?i:hij|zij|ze|ik|u)\s+(?:(?i:zelf|ook|pas|al|nog|eigenlijk)\s+)?(?i:van)\s+"
    rf"(?P<y>(?i:{SPELLED_YEAR}|{SPELLED}))\s+(?i:is|was|ben|bent)(?![\w-])"
)
# Searched back from "geboren" (a scan for a number word at every position of every turn is slow).
_YEAR_IS_HE_BORN_RE = re.compile(
    rf"(?<![\w-])(?P<y>(?i:{SPELLED_YEAR}|{SPELLED}))\s+(?i:is|was|ben|werd)\s+(?i:hij|zij|ze|ik|die|u)\s+\Z"
)
_BORN_IN_RE = re.compile(
    rf"(?<![\w-])(?i:geboren)\s+(?i:in)\s+(?P<y>(?i:{SPELLED_YEAR}|{SPELLED}))(?=\s*[,.;!?]|\s*$|\s+(?i:en|maar|dus|want|of)(?!\w))"
)


# A date in another calendar, as papers of refugees and newcomers give it (eleventh and thirteenth dev authors): a
# day, a month of the Islamic, Ethiopian or Persian calendar and a year ("12 Rabi al-Awwal 1370", "2 Meskerem
# 1982", "5 Esfand 1357"). Without the day and the year a month name stays ("in de Ramadan").
_OTHER_MONTHS = (
    r"muharram|safar|rabi[ʿ'‘’]?\s*(?:al|el)?[- ]?(?:awwal|thani|akhir|aw[wa]l)|jumad[ai][ʿ'‘’]?\s*(?:al|el)?[- ]?"
    r"(?:ula|awwal|akhira|thani)|rajab|sha[ʿ'‘’]?ban|ramadan|ramadhan|shawwal|dhu\s*al[- ]?(?:qi[ʿ'‘’]?dah?|hijjah?)"
    r"|meskerem|tikimt|tekemt|hidar|hedar|tahsas|tir|yekatit|megabit|miyazya|ginbot|sene|hamle|nehase|pagume"
    r"|farvardin|ordibehesht|khordad|mordad|shahrivar|mehr|aban|azar|dey|bahman|esfand"
)
_OTHER_CALENDAR_RE = re.compile(
    rf"(?<![\w.,/-])(?:0?[1-9]|[12]\d|30)\s+(?i:{_OTHER_MONTHS})\s+\d{{3,4}}(?![\w/-]|[.,]\d)"
)
# Searched in the lowercase text without a case-insensitive flag: this runs on every turn with a digit.
_OTHER_HINT = re.compile(rf"(?<![^\W\d_])(?:{_OTHER_MONTHS})(?![^\W\d_])")


# The month in the holder's language and in English, in either order: "14 ТРА/MAY 1984", "14 MAY/ТРА 1984".
_PASSPORT_RE = re.compile(
    r"(?<![\w.,/-])(?:0?[1-9]|[12]\d|3[01])\s+(?P<a>[^\W\d_]{3,5})\.?\s*/\s*(?P<b>[^\W\d_]{3,5})\.?\s+"
    r"(?:(?:19|20)\d\d|\d\d)(?![\w/-]|[.,]\d)"
)
# A day, a month in another language and a year, as papers and speakers from elsewhere give them: "née le 1er
# janvier 1945", "12 Ocak 1939", "3. März 1961", "14 lipca 1984" (sixteenth dev author).
_FOREIGN_MONTHS = (
    "january|february|march|may|june|july|august|october|december"
    "|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre"
    "|januar|februar|märz|maerz|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre"
    "|noviembre|diciembre|ocak|şubat|subat|mart|nisan|mayıs|mayis|haziran|temmuz|ağustos|eylül|eylul|ekim"
    "|kasım|kasim|aralık|aralik|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|wrzesnia"
    "|października|pazdziernika|listopada|grudnia"
)
_FOREIGN_DATE_RE = re.compile(
    rf"(?<![\w.,/-])(?:0?[1-9]|[12]\d|3[01])(?:er|\.)?\s+(?i:{_FOREIGN_MONTHS})\s+(?:19|20)\d\d(?![\w/-]|[.,]\d)"
)
_ENGLISH_MONTHS = frozenset(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
_BORN_SIGN_RE = re.compile(
    r"(?<!\w)°\s?(?P<d>(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)?\d\d|(?:19|20)?\d\d)"
    r"(?![\w/-]|[.,]\d)"
)


def find_more_dates(text: str, low: str, digits: bool) -> Iterator[Found]:
    """The dates of the module docstring in ``text`` (``low``: its lowercase form; ``digits``: whether it holds
    a digit)."""
    if digits:
        for m in _ROMAN_DATE_RE.finditer(text) if _ROMAN_HINT.search(text) else ():
            yield m.start(), m.end(), DATUM
        if "van " in low:
            for m in _MONTH_YEAR_RE.finditer(text):
                if not _RANGE_AFTER.match(text, m.end()) and person_before_van(
                    text[max(0, m.start() - 90) : m.start() + 4]
                ):
                    yield m.start("d"), m.end("d"), DATUM
    if digits and " van " in low:
        for rx in (_PERSON_OF_YEAR_RE, _VERB_LAST_YEAR_RE):
            yield from ((m.start("y"), m.end("y"), DATUM) for m in rx.finditer(text))
    if "jaar" in low and ("geboortejaar" in low or "bouwjaar" in low or "van het jaar" in low):
        yield from ((m.start("y"), m.end("y"), DATUM) for m in _YEAR_OF_BIRTH_RE.finditer(text))
    if _FEAST_HINT.search(low):
        for m in _FEAST_RE.finditer(text):
            cued = _BIRTH_BEFORE.search(text, max(0, m.start() - 50), m.start()) is not None
            if m.group("year") or (cued and _FIXED.match(text, m.start())):
                yield m.start(), m.end(), DATUM
    if " van " in low:
        for m in _SPELLED_OF_YEAR_RE.finditer(text):
            value = spelled_value(m.group("y"))
            if value is not None and m.group("who").lower() == "die":
                continue  # "die was van vijftig" may be a price; "die is van twintig twaalf" is a year
            if value is None or value >= 20:  # "hij is van tien" is no year
                yield m.start("y"), m.end("y"), DATUM
    if "geboren" in low and ("negentien" in low or "tweeduizend" in low):
        yield from ((m.start("y"), m.end("y"), DATUM) for m in _SPELLED_BORN_RE.finditer(text))
    years = list(_SPELLED_VERB_LAST_RE.finditer(text)) if " van " in low else []
    if "geboren" in low:
        years += _BORN_IN_RE.finditer(text)
        for at in (m.start() for m in re.finditer("geboren", low)):
            m = _YEAR_IS_HE_BORN_RE.search(text, max(0, at - 60), at)
            years += [m] if m is not None else []
    for m in years:
        value = spelled_value(m.group("y"))
        if value is None or value >= 20:  # a year, not "omdat ik van tien ben"
            yield m.start("y"), m.end("y"), DATUM
    if digits and _OTHER_HINT.search(low):
        yield from ((m.start(), m.end(), DATUM) for m in _OTHER_CALENDAR_RE.finditer(text))
    if digits and "/" in text:
        for m in _PASSPORT_RE.finditer(text):
            if {m.group("a").lower(), m.group("b").lower()} & _ENGLISH_MONTHS:
                yield m.start(), m.end(), DATUM
    if digits:
        yield from ((m.start(), m.end(), DATUM) for m in _FOREIGN_DATE_RE.finditer(text))
    if digits and "°" in text:
        yield from ((m.start("d"), m.end("d"), DATUM) for m in _BORN_SIGN_RE.finditer(text))
    if digits:
        yield from _birth_years(text, low)
        if "00-" in text or "00/" in text or "00." in text or "xx" in low:
            yield from ((m.start(), m.end(), DATUM) for m in _UNKNOWN_DAY_RE.finditer(text))


_DM = r"(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])"
_BECOMES_ON_RE = re.compile(
    rf"(?<!\w)(?i:wordt|werd|word)\s+(?:\d{{1,3}}|(?i:{SPELLED}))\s+(?:(?i:jaar)\s+)?(?i:op)\s+(?:(?i:de)\s+)?"
    rf"(?P<d>{_DM}(?:[-/.](?:(?:19|20)?\d\d))?)(?![\w/.-]?\d)"
)
_CUE_DAY_MONTH_RE = re.compile(
    rf"(?i:geboren|geb\.|geboortedatum|jarig|verjaart)\s*:?\s*(?:(?i:op)\s+)?{_DM}(?![-/.]?\d)"
)
_LATER_YEAR_RE = re.compile(r"(?<![\w.,/-])(?:19|20)\d\d(?![\w/-]|[.,]\d)")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_YEAR_AT_END_RE = re.compile(
    r"(?<![\w.,/-])(?:19|20)\d\d(?=\s*[,.!?;:\"'”’)]|\s*$|\s+(?i:dus|hoor|zegt|zei|geboren)(?!\w))"
)
_I_AM_LEFT_RE = re.compile(r"(?<!\w)(?i:ik|hij|zij|ze|je|jij)\s+(?i:ben|is|bent)\s+\Z")
_DAY_MONTH_HINT = re.compile(r"\d[-/.]\d")
# "geb" is in "gebeld" and "gebruik" too: the birth words themselves, before any pattern runs.
_BIRTH_HINT = re.compile(r"geboren|geb\.|geboorte|jarig|verjaart")
# Written together after a birth cue: "geboortedatum: 03032006"; a year after a comma: "12 april, 1961".
_COMPACT_RE = re.compile(
    r"(?i:geboren|geb\.|geb\.\s?datum|geboortedatum)\s*:?\s*(?:(?i:op)\s+)?"
    r"(?P<d>(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d\d|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
    r"(?!\d)"
)
_COMMA_YEAR_RE = re.compile(
    rf"(?<![\w-])(?:0?[1-9]|[12]\d|3[01])\s+(?i:{MONTH_ALT})\.?(?P<y>,\s+(?:19|20)\d\d)(?![\w/-]|[.,]\d)"
)
_COHORT_HINT = re.compile(r"\d['’-]?er")
_COHORT_RE = re.compile(
    r"(?<![\w'’-])(?P<y>\d\d['’]|(?:19|20)\d\d['’-]?)ers?(?!\w)"
    r"(?P<then>\s*,?\s*(?:(?i:dus|oftewel|ofwel)\s+)?(?i:van|uit)\s+(?P<y2>(?:19|20)\d\d)(?![\w/-]|[.,]\d))?"
)


# The year said with its own word (eighth dev author): "het geboortejaar eenentachtig", "wij zijn bouwjaar '31",
# "hij is van het jaar 2000".
_YEAR_OF_BIRTH_RE = re.compile(
    rf"(?:(?i:geboortejaar)\s*(?::|(?i:is|was))?\s*|(?<!\w)(?i:ik|hij|zij|ze|wij|we|jij|je)\s+"
    r"(?i:ben|is|bent|zijn|was|waren)\s+(?:(?i:van\s+het\s+jaar|van\s+bouwjaar|bouwjaar)\s+))"
    rf"(?P<y>(?:19|20)\d\d|['’]\d\d|(?i:{SPELLED_YEAR}|{SPELLED}))(?![\w-])"
)
# "moeder die is van 86", "mijn vader is ook van 58 dus": a year of two digits after a person and "is van", where
# the clause ends ("is van 86 euro" goes on).
_PERSON_OF_YEAR_RE = re.compile(
    rf"(?<![\w-])(?i:{_PERSON})\s+(?i:is|ben|was)\s+(?:(?i:ook|zelf)\s+)?"
    r"(?i:van)\s+(?P<y>[2-9]\d)(?=\s*[,.;!?]|\s*$|\s+(?i:dus|en|of|die|ze|hij|maar|geloof|denk)(?!\w))"
)
# Another day and month in the sentence of a birth ("geboren op 28-02, en voor het andere op 01-03").
_ON_DAY_MONTH_RE = re.compile(rf"(?<!\w)(?i:op)\s+(?P<d>{_DM})(?![-/.]?\d)")


def _birth_years(text: str, low: str) -> Iterator[Found]:
    """The fifth dev author's birthdays and years of birth (see the module docstring)."""
    if ("word" in low or "werd" in low) and _DAY_MONTH_HINT.search(text):
        for m in _BECOMES_ON_RE.finditer(text):
            yield m.start("d"), m.end("d"), DATUM
    birth = ("geb" in low or "jarig" in low or "verjaart" in low) and _BIRTH_HINT.search(low) is not None
    if birth:
        for m in _CUE_DAY_MONTH_RE.finditer(text):
            end = _SENTENCE_END.search(text, m.end(), m.end() + 100)
            year = _LATER_YEAR_RE.search(text, m.end(), end.start() if end else min(len(text), m.end() + 100))
            if year is not None:
                yield year.start(), year.end(), DATUM
    if birth:
        yield from ((m.start("d"), m.end("d"), DATUM) for m in _COMPACT_RE.finditer(text))
        for m in _ON_DAY_MONTH_RE.finditer(text):
            a = max(text.rfind(c, 0, m.start()) for c in ".!?\n")
            end = _SENTENCE_END.search(text, m.end())
            if _BIRTH_HINT.search(text[a + 1 : end.start() if end else len(text)].lower()):
                yield m.start("d"), m.end("d"), DATUM
    if ", 19" in text or ", 20" in text:
        yield from ((m.start(), m.end(), DATUM) for m in _COMMA_YEAR_RE.finditer(text))
    for m in _YEAR_AT_END_RE.finditer(text):  # from each year, then the words before it (faster than a scan)
        if _I_AM_LEFT_RE.search(text, max(0, m.start() - 20), m.start()):
            yield m.start(), m.end(), DATUM
    if _COHORT_HINT.search(low):
        for m in _COHORT_RE.finditer(text):
            yield m.start("y"), m.end("y"), DATUM
            if m.group("then"):
                yield m.start("y2"), m.end("y2"), DATUM
