"""Structured identifiers in Dutch interview text, found with regular expressions and checksums.

Pure and fast: no deduce, no word lists beyond the small ones here, and each family of finders runs only
when a cheap test says it can match (most turns of an interview hold no digit). :func:`find_identifiers`
returns non-overlapping ``(start, end, category)`` spans; :mod:`.pseudonymise` adds them to deduce's
and its own name finders' spans (an own span beats a deduce span of another category it overlaps).

Rules (what is replaced, and why the limits are where they are); docs/privacy.md repeats them:

* BSN: 9 digits passing the elfproef, grouped in any way with single spaces, dots or dashes
  (``123456782``, ``1234.56.782``, ``123 45 67 82``). After a cue word (``bsn``, ``burgerservicenummer``,
  ``sofinummer``) within ~50 characters any 8 or 9 digits: with a typo, or with the leading 0 dropped.
  Not when ``euro`` follows (an amount).
* IBAN: country code + 2 check digits + the country's BBAN length (SWIFT registry), any case, spaces or
  dashes anywhere, ISO 13616 mod-97 check; the whole IBAN is one span. A Dutch IBAN of the right shape
  (4-letter bank code, 10 digits) or any IBAN after ``iban``/``rekening`` is replaced even when the
  checksum fails (a typo still identifies).
* Licence plates: the 14 RDW sidecodes (``XX-99-99`` ... ``999-XX-9``), in capitals or lowercase. With
  dashes between all groups always; with spaces or without separator only after ``kenteken``/
  ``nummerbord`` (any case) or near a vehicle word (``auto``, ``busje``; capitals only). Never a group
  that is a common word or school level (``3-vwo-12``, ``we zijn 12``), never mixed case (``Ze is 81``).
* Postcodes: 4 digits (not starting with 0) + 2 letters, with a space, a dash or nothing, any case; never
  SA, SD or SS. Two lowercase letters that form a common word or unit (``en``, ``op``, ``km``) count only
  after ``postcode``/``adres`` or right after a street and house number: ``2019 en 2020`` and ``1000 km``
  stay. In capitals always, unless the word before is capitals too (``IN 2020 EN``).
* Street + house number: a capitalised word ending in a street suffix (``-straat``, ``-laan``, ``-hof``,
  ``-pad``, ``-dreef``, abbreviations...), with prefixes (``Burg.``, ``2e``, ``Van``, ``Gouden``, ``Kromme``, ``Verlengde``...) or a
  lowercase one with a number; ``Laan van ...``; the number with additions (``12a``, ``12 A``, ``210bis``,
  ``3-bis``, ``17-II``, ``17 II``, ``12-1``, ``3 hoog``, ``hs``); ``huisnummer 5``, ``op nummer 12`` /
  ``op nummer veertien`` (not ``staat op nummer 1``), ``Lijsterbeshof, nummer 14``; any capitalised word +
  number + an unmistakable addition (``Vredenburg 12-II``). A street name without number only when
  capitalised (``de Kanaalstraat``). Not: a bare ``hiernaast op 41``.
* Phone numbers: Dutch 10-digit numbers (``06-12345678``, ``030-1234567``, ``(030) 123 45 67``,
  ``06.12.34.56.78``), with ``+31``/``0031`` and ``(0)``, any spaces, dots, dashes, slashes; foreign
  numbers after ``+``/``00`` (8+ digits). Kept: ``112``, ``14 030``-style municipal service numbers and
  0800/0900 numbers shorter than 10 digits: they identify an organisation, not a person.
* E-mail: ordinary addresses and obfuscated ones: ``[at]``, ``(at)``, `` at ``, ``apenstaartje``, ``@``
  with spaces; dots as ``.``, ``[punt]``, ``(dot)``, `` punt ``, `` dot ``, also in the local part
  (``samira punt bouzid at ...``). With a bare `` at `` the top-level domain must be a common one
  (``nl``, ``com``...), so "ze at brood punt uit" stays. Not: a local part with a space in it.
* Dates: day + month name (+ year), any case (``3 mei``, ``12 mrt. 2011``); numeric ``12-03-2011``,
  ``12/3/2011``, ``12.03.11``, ``2011-03-12`` with a valid day and month; after ``geboren``/``geb.``/
  ``geboortejaar``/``jarig`` also a year, month + year or day-month (``geboren in 1950``, ``geb. mei
  1950``, ``jarig op 12-3``). Not: a numeric day-month without year or cue (``12-3`` may be a score).
* Case and dossier numbers: capitals + digit groups with at least 5 digits (``VT-2020-118734``,
  ``ZK/2019/44871``, ``CJG123456``), lowercase with separators and 6+ digits; any token with 3+ digits
  after a cue (``dossiernummer``, ``cliëntnummer``, ``zaaknummer``, ``leerlingnummer``, ``kenmerk``...),
  up to four tokens (``zaaknummer ZK 2019 44871``). Not a bare year or count after ``dossier``/``zaak``.
  Not: a digits-only number without cue (``2019-0345``). Letter groups of 2-4 capitals and digit groups
  joined by ``-``, ``/`` or a space, in either order, with 4+ digits (``RVK-4471``, ``2022-JZ-310457``,
  ``QT 2021/0987``); with a space only 5+ digits not all years (not ``WMO 2015``, ``ISO 9001``, ``IN 2020
  EN 2021``), never a month (``3 MEI 1990``), postcode or plate shape. A cue (``dossier``, ``zaak``,
  ``aanvraag``, ``kenmerk``, ``nummer``...) up to eight words back makes a digit-group token with 5+
  digits a case number (``een zaaknummer, dat weet ik nog, 77/20931``), not a year range or a date.
* Ages (:mod:`.identifier_ages`; only the number is replaced, ``jaar`` stays): ``81-jarige``, ``81 jaar
  oud``; ``is/was/wordt/werd/ben 81 (jaar)`` and ``is ze 81`` when the subject is a pronoun, a family or
  person word (``zoon``, ``de oudste``) or a bare name, and the sentence goes on like an age (end, comma,
  ``en``, ``jaar``, ``geworden``...): ``Henny is 81``, ``lieke is 9``; ``toen ze 16 was``; ``Youssef
  (14,``, ``Daan (6)``, ``Lieke, 9,``; ``een meisje van 14``, ``Youssef van 14``, ``mijn moeder van 85``
  (after a parent word below 13 only with ``jaar``: ``een moeder van vier`` has four children); ``,
  81 jaar,``; ``vanaf zijn 12e``; ages listed after an age (``van 4 en 6``); spelled-out numbers
  (``veertien``, ``eenentachtig``) in the same places, except a bare ``een``. Not replaced: durations
  (``al 20 jaar``, ``20 jaar geleden``), ``het/dat is 5``, a subject with an article that is no person
  word (``de score is 8``), principle-like subjects (``Eenvoud is 4``), a pronoun with a bare number
  near score words (``Eenvoud? Die is 4.``), units (``3 keer``, ``50 procent``, ``5 minuten``), groups
  (``de 18-jarigen``, ``kinderen van 4 tot 12``), ``groep 7``, years, floors (``van drie hoog``).
* URLs: ``http(s)://`` and ``www.`` addresses.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from .categories import CATEGORY_RANK, DATUM, EMAIL, LOCATIE, URL
from .identifier_ages import SPELLED_PARTS, find_ages
from .identifier_numbers import (
    find_bsn,
    find_case_numbers,
    find_iban,
    find_phones,
    find_plates,
    find_postcodes,
)

__all__ = ["find_identifiers"]

Found = tuple[int, int, str]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- dates ----------------------------------------------------------------------------------------

_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
    "november", "december", "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec",
)  # fmt: skip
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
# deduce only knows day-month-year; a day and month without year identifies just as well.
_DATE_RE = re.compile(
    rf"(?<![\w-])(?:0?[1-9]|[12]\d|3[01])(?:e|ste|de)?\s+(?i:{_MONTH_ALT})(?:\.?\s+(?:19|20)\d{{2}}|\s+'\d\d)?(?![\w-])"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_NUM_DATE_RE = re.compile(
    rf"(?<![\w/.-])(?:{_DAY}(?P<s>[-/.]){_MONTH}(?P=s)(?:(?:19|20)\d\d|\d\d)|(?:19|20)\d\d-{_MONTH}-{_DAY})"
    r"(?![\w/-]|[.,]\d)"
)
_BIRTH_RE = re.compile(
    r"(?i:geboren|geb\.|geboortejaar|geboortedatum|jarig)\s*(?::\s*)?(?:(?i:in|op)\s+)?"
    rf"(?P<d>(?:(?i:{_MONTH_ALT})\.?\s+)?(?:19|20)\d\d|{_DAY}[-/.]{_MONTH})(?![\w/.-]?\d)"
)


def _month_dates(text: str) -> Iterator[Found]:
    for m in _DATE_RE.finditer(text):
        yield m.start(), m.end(), DATUM


def _numeric_dates(text: str) -> Iterator[Found]:
    for m in _NUM_DATE_RE.finditer(text):
        yield m.start(), m.end(), DATUM


def _birth_dates(text: str) -> Iterator[Found]:
    for m in _BIRTH_RE.finditer(text):
        yield m.start("d"), m.end("d"), DATUM


# --- e-mail and URLs ------------------------------------------------------------------------------

# deduce's e-mail and URL patterns stop at a fixed list of top-level domains (.amsterdam, .eu,
# .info... slip through).
_EMAIL_RE = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_RE = re.compile(r"(?<![\w/])(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_URL_TAIL_STRIP = ".,;:!?)]}'\""

_BR = r"(?:\[\s*{w}\s*\]|\(\s*{w}\s*\)|\{{\s*{w}\s*\}}|<\s*{w}\s*>)"
_AT_WORDS = r"(?:at|apenstaartje|apestaartje|apenstaart|apestaart)"
_DOT_WORDS = r"(?:punt|dot)"
_BR_AT = _BR.format(w=r"(?:at|@)")
_BR_DOT = _BR.format(w=r"(?:punt|dot|\.)")
_OBF_AT = rf"(?:\s*{_BR_AT}\s*|\s+(?P<word>{_AT_WORDS})\s+|\s*@\s*)"
_OBF_DOT = rf"(?:\s*{_BR_DOT}\s*|\s+{_DOT_WORDS}\s+|\.)"
_OBF_EMAIL_RE = re.compile(
    rf"(?<![\w.+-])[\w+-]+(?:{_OBF_DOT}[\w+-]+)*{_OBF_AT}[\w-]+(?:{_OBF_DOT}[\w-]+)*{_OBF_DOT}(?P<tld>[a-z]{{2,24}})"
    r"(?![\w-])",
    re.IGNORECASE,
)
_OBF_HINT = re.compile(r"(?i)@|(?<!\w)at(?!\w)|apen?staart|[\[({<]\s*(?:at|punt|dot)\s*[\])}>]")
_COMMON_TLDS = _words(
    "nl com org net eu be de nu info frl amsterdam biz io fr uk co ma tr es it gov edu online email me tv "
    "app nederland tk sr cw aw"
)


def _emails(text: str) -> Iterator[Found]:
    if "@" in text:
        for m in _EMAIL_RE.finditer(text):
            yield m.start(), m.end(), EMAIL
    if _OBF_HINT.search(text):  # the caller's substring test may also have been triggered by "@" alone
        for m in _OBF_EMAIL_RE.finditer(text):
            if (
                m.group("word")
                and m.group("word").lower() == "at"
                and m.group("tld").lower() not in _COMMON_TLDS
            ):
                continue  # "ze at brood punt uit": the past tense of eten, not an address
            yield m.start(), m.end(), EMAIL


def _urls(text: str) -> Iterator[Found]:
    for m in _URL_RE.finditer(text):
        end = m.start() + len(m.group().rstrip(_URL_TAIL_STRIP))
        yield m.start(), end, URL


# --- streets and house numbers --------------------------------------------------------------------

# deduce recognises street names only when a house number follows (it drops bare "straat" tags,
# because its street list also holds words like "Kompas" and "Roos"). A conservative suffix list
# catches "de Kanaalstraat" without flagging "Loopbaan" or "Arbeidsmarkt".
_STREET_PREFIX = (
    r"(?:(?:Van|De|Den|Der|Ten|Ter|Sint|Prins|Prinses|Koning|Koningin|Burgemeester|Dokter|Eerste|Tweede|"
    r"Derde|Lange|Korte|Oude|Nieuwe|Hoge|Lage|Kleine|Grote|Noorder|Zuider|Ooster|Wester|Gouden|Zilveren|Groene"
    r"|Blauwe|Rode|Witte|Zwarte|Brede|Smalle|Heilige|Kromme|Scheve|Rechte|Halve|Hooge|Diepe|Droge|Stille|Lieve"
    r"|Verlengde|Achterste|Voorste|Binnenste|Buitenste|Middelste|Hooghe|Korte|Hogere|Lagere|Boven|Beneden|Binnen"
    r"|Buiten|Oost|West|Noord|Zuid|Onze\s+Lieve\s+Vrouwe|Burg\.|Mr\.|Dr\.|Prof\.|St\.|Pr\."
    r"|[1-9](?:e|ste|de))\s+"
    r"(?:(?:van|de|der|den|het|ten|ter)\s+)*)?"
)
# House number with the additions Dutch addresses use: 12a, 12 A, 210bis, 17-II, 17 II, 12-1, 3 hoog, hs.
_ADDITION_WORD = r"(?:bis|ter|hs|huis|bv|zw|rd|boven|beneden)"
_FLOOR = r"(?:,?\s?(?:[1-9]|een|eerste|twee|tweede|drie|derde|vier|vierde|vijf)[ -]?(?:hoog|hg)(?!\w))"
_HOUSE = (
    rf"\d{{1,5}}(?:{_ADDITION_WORD}(?!\w)|[a-zA-Z](?!\w)"
    rf"|-(?:{_ADDITION_WORD}|[IVX]{{1,4}}|[a-zA-Z]|\d{{1,4}}[a-zA-Z]?)(?!\w)"
    rf"|[ ](?:{_ADDITION_WORD}|[IVX]{{2,4}}|[A-Z])(?!\w))?{_FLOOR}?"
)
_SUFFIX = (
    r"(?:straat|straatje|laan|laantje|plein|gracht|kade|singel|dreef|dijk|steeg|plantsoen|weg|boulevard)"
)
_STREET_RE = re.compile(
    rf"(?<![\w-]){_STREET_PREFIX}[A-Z][a-zà-ÿ'-]*[a-zà-ÿ]{_SUFFIX}(?:\s+{_HOUSE})?(?![\w-])"
)
# Replaces deduce's "street_pattern" processor (disabled in pseudonymise for speed): a capitalised word
# with a street suffix or its abbreviation, then a house number.
_NUMBERED_SUFFIX = (
    r"(?:baan|bolwerk|dam|dijk|dreef|drf|dyk|erf|gaarde|gr|gracht|haven|hf|hof|hoven|kade|laan|ln|markt|mrkt"
    r"|oord|pad|park|pd|plantsoen|plein|pln|plnts|prk|singel|sngl|st|steeg|stg|str|straat|wal|weg|werf|wg)"
)
_UNIT_AFTER = re.compile(r"\s*(?:km|keer|minuten|min|uur|meter|m|jaar|%|procent|euro|kilo|kg)(?!\w)")
# What comes before a house number; matched in the text before each run of digits (ending where it starts).
# Replaces deduce's "street_pattern" processor (disabled in pseudonymise for speed).
_STREET_BEFORE_NUMBER_RE = re.compile(
    # a capitalised word with a street suffix or its abbreviation: "Kaardebolstraat 17", "Lijsterbeshof, nummer 14"
    rf"(?<!\w)(?P<street>{_STREET_PREFIX}[A-Z][a-zà-ÿ'-]*[a-zà-ÿ]{_NUMBERED_SUFFIX}),?\s{{1,3}}"
    r"(?:(?:nummer|nr\.?|no\.?)\s*)?\Z"
    # lowercase in speech, only with a number: "op de kaardebolstraat 17"
    r"|(?<![\w-])(?P<lower>[a-zà-ÿ][a-zà-ÿ'-]*[a-zà-ÿ](?:straat|laan|weg|plein|gracht|kade|singel|dreef|dijk|steeg"
    r"|hof|pad))\s{1,3}\Z"
    # "Laan van Nieuw Guinea 12", "Plein van de Verenigde Naties 3"
    r"|(?<!\w)(?P<laan>(?:Laan|Plein|Weg|Kade|Dreef|Singel|Park|Hof|Straat)\s+(?:van|der|de|den|het|ten|ter|op|in)"
    r"(?:\s+(?:van|der|de|den|het|ten|ter|[A-Z][\w'-]+)){1,4})\s+\Z"
    # any capitalised word, when an unmistakable addition follows: "Vredenburg 12-II", "Neude 3 3 hoog"
    r"|(?<!\w)(?P<word>[A-Z][a-zà-ÿ]+)\s\Z"
)
_LOWER_SUFFIXES = (
    "straat",
    "laan",
    "weg",
    "plein",
    "gracht",
    "kade",
    "singel",
    "dreef",
    "dijk",
    "steeg",
    "hof",
    "pad",
)
_HOUSE_RE = re.compile(rf"{_HOUSE}(?!\w)")
_STRONG_ADDITION_RE = re.compile(
    rf"\d{{1,4}}(?:-?bis|\sbis|-[IVX]{{1,4}}|\s[IVX]{{2,4}}|[ -]hs|{_FLOOR})(?!\w)"
)
_NOT_STREETS = frozenset(
    {
        "onderweg", "halfweg", "uitweg", "omweg", "snelweg", "zijweg", "achterweg", "middenweg",
        "zijstraat", "schoolplein", "speelplein", "fietspad", "voetpad", "wandelpad", "zebrapad", "binnenhof",
    }
)  # fmt: skip
# "huisnummer 5", "op nummer 12", "woont op nr. 3": the number alone is the identifying part.
_SPELLED_HOUSE = (
    r"(?i:(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)(?:en|ën)(?:twintig|dertig|veertig|vijftig|zestig"
    r"|zeventig|tachtig|negentig)|twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig|tien|elf"
    r"|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien|twee|drie|vier|vijf|zes|zeven"
    r"|acht|negen|honderd)"
)
_HOUSE_CUE_RE = re.compile(
    r"(?i:huisnummer|huisnr\.?|(?<!\w)(?:woont|woonde|wonen|woon|woonden|wonend)\s+(?:op|aan|in)?\s*(?:de\s+)?"
    r"(?:nummer|nr\.?)|(?<!\w)(?P<bare>op)\s+(?:nummer|nr\.?))\s*(?P<n>"
    + _HOUSE
    + "|"
    + _SPELLED_HOUSE
    + r")(?!\w)"
)
_RANKING_VERBS = _words("staat staan stond stonden komt komen kwam zet zetten gezet zette")


def _streets(text: str, runs: list[tuple[int, int]], nummer: bool) -> Iterator[Found]:
    for m in _STREET_RE.finditer(text):
        word = re.sub(r"\s+\d.*$", "", m.group()).split()[-1]
        if word.lower() not in _NOT_STREETS:
            yield m.start(), m.end(), LOCATIE
    if nummer:
        for m in _HOUSE_CUE_RE.finditer(text):
            if m.group("bare"):
                # "staat op nummer 1", "op nummer 1 komt": a ranking, not an address.
                before = text[max(0, m.start() - 12) : m.start()].split()
                after = text[m.end() : m.end() + 12].split()
                if (before and before[-1].lower() in _RANKING_VERBS) or (
                    after and after[0].lower() in _RANKING_VERBS
                ):
                    continue
            yield m.start("n"), m.end("n"), LOCATIE
    for start, end in runs:
        if end - start > 5 or (start and text[start - 1] not in " \t,"):
            continue
        before = text[max(0, start - 40) : start].split()
        if before and before[-1].rstrip(".:").lower() in ("nummer", "nr", "no"):
            before.pop()
        word = before[-1].rstrip(",") if before else ""
        if not (word[:1].isupper() or word.lower().endswith(_LOWER_SUFFIXES)):
            continue  # no street name can end right before the number
        m = _STREET_BEFORE_NUMBER_RE.search(text, max(0, start - 90), start)
        if m is None:
            continue
        name = m.group("street") or m.group("lower") or m.group("laan") or m.group("word")
        if name.split()[-1].lower() in _NOT_STREETS:
            continue
        number = (_STRONG_ADDITION_RE if m.group("word") else _HOUSE_RE).match(text, start)
        if number is None or (not m.group("laan") and _UNIT_AFTER.match(text, number.end())):
            continue
        yield m.start(), number.end(), LOCATIE


# --- combining ------------------------------------------------------------------------------------


def _resolve(found: Iterable[Found]) -> list[Found]:
    """Non-overlapping spans: longest first, ties by category rank; a partly covered loser is absorbed
    into the winner (the union keeps the winner's category), so no part of an identifier is left.

    Accepted spans are kept sorted and disjoint, so each span costs a binary search (a text with
    thousands of identifiers must not take quadratic time)."""
    spans = sorted(set(found), key=lambda f: (f[0] - f[1], CATEGORY_RANK[f[2]], f[0]))
    starts: list[int] = []
    ends: list[int] = []
    cats: list[str] = []
    for start, end, category in spans:
        i = bisect.bisect_right(starts, start) - 1
        if i < 0 or ends[i] <= start:
            i += 1
        j = i
        while j < len(starts) and starts[j] < end:
            j += 1
        if i == j:
            starts.insert(i, start)
            ends.insert(i, end)
            cats.insert(i, category)
            continue
        # Overlaps accepted spans i..j-1, all of higher priority: merge them and this one. The category is
        # that of the longest (first accepted) of them.
        winner = max(range(i, j), key=lambda k: (ends[k] - starts[k], -CATEGORY_RANK[cats[k]]))
        merged = (min(starts[i], start), max(ends[j - 1], end), cats[winner])
        del starts[i:j], ends[i:j], cats[i:j]
        starts.insert(i, merged[0])
        ends.insert(i, merged[1])
        cats.insert(i, merged[2])
    return list(zip(starts, ends, cats, strict=True))


_DIGIT_RUN_RE = re.compile(r"\d+")
_MONTH_PARTS = ("jan", "feb", "mrt", "maa", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_PLATE_PARTS = (
    "kenteken", "nummerbord", "nummerplaat", "auto", "wagen", "bus", "scooter", "brommer", "motor", "camper",
    "caravan", "aanhanger", "rijdt", "reed", "geparkeer", "parke",
)  # fmt: skip
_AT_PARTS = (
    " at ",
    "(at)",
    "[at]",
    "{at}",
    "<at>",
    "[@]",
    "(@)",
    "apenstaart",
    "apestaart",
    "\tat ",
    " at\t",
)


def find_identifiers(text: str) -> list[tuple[int, int, str]]:
    """Structured identifiers in ``text`` as sorted, non-overlapping ``(start, end, category)`` spans.

    Categories are those of :mod:`.categories`. Never raises on any string; never logs.
    """
    # Facts that decide which finders can match at all, computed once: most turns have no digit, and
    # a finder that cannot match is not run (each regex scan costs about as much as all these tests).
    runs = [m.span() for m in _DIGIT_RUN_RE.finditer(text)]
    low = text.lower()
    found: list[Found] = []
    found += _streets(text, runs, "nummer" in low or "nr" in low)
    if "@" in text or any(p in low for p in _AT_PARTS):
        found += _emails(text)
    if "://" in text or "www." in low:
        found += _urls(text)
    spelled = any(p in low for p in SPELLED_PARTS)
    if runs or spelled:
        found += find_ages(text, digits=bool(runs), spelled=spelled)
    if not runs:
        return _resolve(found)
    digit_count = sum(e - s for s, e in runs)
    n = len(text)

    def letter(i: int) -> bool:
        return 0 <= i < n and text[i].isalpha()

    if any(p in low for p in _MONTH_PARTS):
        found += _month_dates(text)
    if digit_count >= 3 and any(e < n - 1 and text[e] in "-/." and text[e + 1].isdigit() for s, e in runs):
        found += _numeric_dates(text)
    if "geb" in low or "jarig" in low:
        found += _birth_dates(text)
    if digit_count >= 8:
        found += find_iban(text)
        found += find_bsn(text)
        found += find_phones(text)
    # Plates: a letter group next to a digit group across a dash, or a plate or vehicle word.
    if any(
        (s >= 2 and text[s - 1] == "-" and letter(s - 2)) or (e < n - 1 and text[e] == "-" and letter(e + 1))
        for s, e in runs
    ) or any(p in low for p in _PLATE_PARTS):
        found += find_plates(text)
    if any(
        e - s == 4 and (letter(e) or (e < n - 1 and text[e] in " -\u00a0" and letter(e + 1))) for s, e in runs
    ):
        found += find_postcodes(text)
    found += find_case_numbers(text, runs)
    return _resolve(found)
