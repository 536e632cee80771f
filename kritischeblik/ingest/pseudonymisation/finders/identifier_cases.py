"""Case, dossier and client numbers: letter-digit codes ("VT-2020-118734", "RvdK-19-88120"), numbers after a cue
("zaaknummer 2020/118734", "klantnummer 5523107"), a cue a few words back ("het nummer van de melding was 77731")
and a year with a serial number ("2019-0345"). Pure; :func:`.identifiers.find_identifiers` combines the finders.
The rules and their limits are listed in the docstring of :mod:`.identifiers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import DOSSIER
from .identifier_numbers import MONEY_AFTER, lower_aligned
from .identifier_plates import sidecode_regex

Found = tuple[int, int, str]


# --- case and dossier numbers ---------------------------------------------------------------------

# Capital letters then digit groups: "VT-2020-118734", "ZK/2019/44871", "ZK19-44871", "CJG123456".
_CASE_RE = re.compile(
    r"(?<![\w/-])(?:[A-Z]{1,6}[-/.]?\d+(?:[-/.]\d+)*(?:[-/.][A-Z]{1,3})?|[A-Za-z]{1,6}[-/]\d{2,}[-/]\d{3,})"
    r"(?![\w]|[-/]\w)"
)
_STRONG_CUE = (
    r"(?:dossier|zaak|cli[eë]nt|klant|registratie|referentie|polis|lid|leden|pati[eë]nt|relatie|debiteur"
    r"|factuur|aanvraag|beschikking|contract|personeels|medewerker|student|studenten|leerling|onderwijs|pas"
    r"|paspoort|rijbewijs|document|identiteitskaart|id|verzekerde|verzekerings|zorgverzekerings|uitkerings"
    r"|inschrijf|inschrijvings|huurder|huurders|cjib|cak|big|agb|kvk|btw|uwv|svb|meldings|melding|signaal"
    r"|casus|rekening|bankrekening|giro|ov|ticket|order|bestel|zorgpas|burger|volg|aansluit|contract"
    r"|werknemer|personeel|kaart|abonnement|klanten|dossiers|zaken|kimlik)"
    r"[- ]?(?:nummer|nr\.?|no\.?|id|numarası|numarasi)"
    # a care provider's code: "AGB-code" (eleventh dev author)
    r"|agb[- ]?code"
)
# The national numbers of neighbouring and migrants' countries (fifteenth dev author): Belgian INSZ and
# rijksregisternummer, Polish PESEL, Bulgarian EGN, Romanian CNP, Moroccan CIN, Turkish kimlik (sixteenth).
_WEAK_CUE = (
    r"(?:dossier|zaak|casus|kenmerk|ons\s+kenmerk|uw\s+kenmerk|referentie|ref\.?|registratie"
    r"|insz|rijksregister|pesel|egn|cnp|cin|kimlik)"
)
# Any compound that numbers something: "betalingskenmerk", "beschikkingsnummer", "toewijzingsnummer", "cliëntcode"
# (weak: 4+ digits, not a bare year); not the numbers of phones, houses, rooms or buses (see NOT_CASE_COMPOUNDS).
_COMPOUND_CUE = r"[^\W\d_]{3,}?(?:nummer|kenmerk|code)"
_ID_TOKEN = r"(?:[A-Z]{1,6}(?![a-z])|[A-Za-z]{0,6}[-/.]?\d[A-Za-z0-9]*(?:[-/.][A-Za-z0-9]+)*)"
_CUED_ID_RE = re.compile(
    rf"(?i:(?<!\w)(?P<cue>{_STRONG_CUE}|{_WEAK_CUE}|{_COMPOUND_CUE}))(?!\w)"
    # one word may name whose number it is before a colon: "AGB-code verwijzer: 01-054321"
    r"(?:\s+[^\W\d_]{3,20}(?=\s*:))?"
    r"\s*(?:(?::|=|,|is|was|luidt|wordt)\s*)?(?:(?i:van\s+(?:hem|haar|hen|mij|ons|de\s+\w+))\s+(?:is\s+)?)?"
    rf"(?P<id>{_ID_TOKEN}(?:[ ]{_ID_TOKEN}){{0,3}})"
)
_YEAR = re.compile(r"(?:19|20)\d{2}")
# Letter groups and digit groups joined by "-", "/" or a space, in either order: "LPL-3319", "BWV 2018/0331",
# "2019-UW-552108". Needs a group of 2-4 capitals and 4+ digits; see find_case_numbers for what is excluded.
_GROUP = r"(?:[A-Z]{2,4}|\d+)"
_MIXED_RE = re.compile(
    rf"(?<![\w/.-]){_GROUP}(?:(?:[-/]|[ ](?=\d|[A-Z]{{2,4}}[-/ ]?\d)){_GROUP}){{1,4}}(?![\w]|[-/]\w)"
)
_MONTHS = frozenset(
    ["JAN", "FEB", "MRT", "MAA", "APR", "MEI", "JUN", "JUL", "AUG", "SEP", "SEPT", "OKT", "NOV", "DEC"]
)
_POSTCODE_SHAPE = re.compile(r"[1-9]\d{3} ?[A-Z]{2}|[A-Z]{2} [1-9]\d{3}")
_PLATE_SHAPE = re.compile(sidecode_regex("[- ]?"))
# A cue a few words back: "een dossiernummer voor hem, 2018/0331", "WIA-aanvraag 2019-UW-552108".
_NEAR_CUE = re.compile(
    r"(?i)(?:(?<![^\W\d_])(?:dossier|zaak|zaken)|aanvraag|aanvragen|kenmerk|nummer|nr\.?|referentie|beschikking|casus|melding"
    r"|registratie)"
    r"\W*$"
)
# Dots between the groups too ("leerlingnummer van Mo, 2010.0512.77"), but not an amount or a date.
_NEAR_TOKEN = re.compile(r"(?<![\w/.-])[A-Za-z]{0,4}[-/]?\d+(?:[-/.][A-Za-z0-9]+)+(?![\w]|[-/.]\w)")
_YEAR_RANGE = re.compile(r"(?:19|20)\d{2}[-/](?:(?:19|20)\d{2}|\d{2})")
_DATE_SHAPE = re.compile(r"\d{1,2}([-/.])\d{1,2}\1\d{2,4}|\d{4}([-/.])\d{1,2}\2\d{1,2}")
_AMOUNT_SHAPE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+\.\d{1,2}")


def _mixed_numbers(text: str) -> Iterator[Found]:
    for m in _MIXED_RE.finditer(text):
        ident = m.group()
        groups = re.findall(r"[A-Z]+|\d+", ident)
        digit_groups = [g for g in groups if g.isdigit()]
        if _digits(ident) < 4 or not digit_groups or len(digit_groups) == len(groups):
            continue
        if _POSTCODE_SHAPE.fullmatch(ident) or _PLATE_SHAPE.fullmatch(ident):
            continue  # postcodes and plates have their own finders and categories
        if any(g in _MONTHS for g in groups):
            continue  # "3 MEI 1990" is a date
        # With a space the groups may be words and years ("WMO 2015", "IN 2020 EN 2021", "ISO 9001"):
        # only 5+ digits of which some are no year.
        if " " in ident and (_digits(ident) < 5 or all(_YEAR.fullmatch(g) for g in digit_groups)):
            continue
        yield m.start(), m.end(), DOSSIER


def _near_cue_numbers(text: str, low: str, runs: list[tuple[int, int]]) -> Iterator[Found]:
    for m in _NEAR_TOKEN.finditer(text):
        ident = m.group()
        if _digits(ident) < 5 or _YEAR_RANGE.fullmatch(ident) or _DATE_SHAPE.fullmatch(ident):
            continue
        if "." in ident and (_AMOUNT_SHAPE.fullmatch(ident) or MONEY_AFTER.match(text, m.end())):
            continue
        before = text[max(0, m.start() - 120) : m.start()].split()[-8:]
        if any(_NEAR_CUE.search(w) for w in before):
            yield m.start(), m.end(), DOSSIER
    # A bare run of 5+ digits a few words after a word that numbers something: "het cliëntnummer bij de GGZ,
    # 88213", "het nummer van de melding was 77731"; not an amount ("€ 12500", "12500 euro") and not a year.
    cued = any(w in low for w in ("nummer", "nr", "kenmerk", "ref", "registratie", "dossier", "zaak"))
    for s, e in runs if cued else ():
        m = _BARE_NUMBER_RE.match(text, s) if e - s >= 4 else None
        if m is None or MONEY_AFTER.match(text, m.end()) or _YEAR.fullmatch(m.group()):
            continue
        before = text[max(0, m.start() - 120) : m.start()]
        if "€" in before[-3:] or _UNIT_AFTER_BARE.match(text, m.end()):
            continue
        words = before.split()[-8:]
        # Four digits only right after "nummer" with a file word near: "het dossier met nummer 4471".
        if len(m.group()) == 4 and not (
            _NUMBER_RIGHT_BEFORE.search(before) and any(_FILE_WORD.search(w) for w in words)
        ):
            continue
        if any(_BARE_CUE.search(w) for w in words):
            yield m.start(), m.end(), DOSSIER
    # Digit groups apart, as read aloud: "het zaaknummer bij de bank was 2020 118 734", "D 2020 0044 71".
    for m in _SPACED_GROUPS_RE.finditer(text) if cued else ():
        start, prefix = m.start(), m.group("prefix")
        if prefix is None and _ONE_BY_ONE.fullmatch(m.group("digits")):
            continue  # a year and digits one by one only with a prefix: "kb 2020 0 0 1 7 3", not "2019 2 3 4 5 weken"
        if prefix is not None and not prefix.isupper():
            low_prefix = prefix.lower()
            if low_prefix not in _LOWER_PREFIXES and any(v in low_prefix for v in "aeiouy"):
                start = m.start() + len(prefix) + 1  # a word before the number, not its prefix
        ident = text[start : m.end()]
        groups = re.findall(r"\d+", ident)
        if _digits(ident) < 6 or all(_YEAR.fullmatch(g) for g in groups) or _SPACED_DATE.fullmatch(ident):
            continue
        if (
            MONEY_AFTER.match(text, m.end())
            or _UNIT_AFTER_BARE.match(text, m.end())
            or "€" in text[start - 3 : start]
        ):
            continue
        words = text[max(0, start - 120) : start].split()[-8:]
        cues = [c.group().lower() for w in words if (c := _NEAR_CUE.search(w)) is not None]
        # "registratie" alone says less than "dossier": a letter prefix or a long number with it ("bij de
        # registratie staan 120 300 en 450 cliënten" is a count; review)
        if cues and (
            any(not c.startswith("registratie") for c in cues)
            or start < m.start("digits")
            or _digits(ident) >= 8
        ):
            yield start, m.end(), DOSSIER
    # A year, a dash or slash and a serial number: "2019-0345", "2020/118734" (not "2019-2020", "2019/20").
    for s, e in runs:
        m = _YEAR_SERIAL_RE.match(text, s) if e - s == 4 and e < len(text) and text[e] in "-/" else None
        if m is not None and not _YEAR.fullmatch(m.group("serial")):
            yield m.start(), m.end(), DOSSIER


# Groups apart, also with a dash between them as read out: "VT 2019 - 33 81 27".
_SPACED_GROUPS_RE = re.compile(
    r"(?<![\w/.,-])(?:(?P<prefix>[A-Za-z]{1,4})\s)?"
    # or a year and the digits one by one: "kb 2020 0 0 1 7 3" (twentieth dev author)
    r"(?P<digits>\d{1,6}(?:\s(?:[-–]\s)?\d{2,6}){1,4}|\d{4}(?:\s\d){4,8})(?![\w]|[-/.,]\d)"
)
# A letter prefix in lowercase, as speech recognition types it ("registratie pl 1300 2020 041782", "kenmerk wmo
# 2019 08336"; nineteenth dev author): no vowel, or an abbreviation of a body; not a word ("was 2020 118 734").
_LOWER_PREFIXES = frozenset(
    {"wmo", "ggz", "uwv", "svb", "ind", "cak", "cjib", "duo", "ggd", "cjg", "amw", "wsnp"}
)
_ONE_BY_ONE = re.compile(r"\d{4}(?:\s\d){4,8}")
_SPACED_DATE = re.compile(r"\d{1,2}\s\d{1,2}\s(?:19|20)\d\d")
_BARE_NUMBER_RE = re.compile(r"(?<![\w.,/€-])\d{4,12}(?![\w]|[.,/-]\d)")
_NUMBER_RIGHT_BEFORE = re.compile(r"(?i)(?:nummer|nr\.?)\s*(?::|is|was)?\s*\Z")
_FILE_WORD = re.compile(
    r"(?i)dossier|zaak|melding|aanvraag|klant|cli[eë]nt|casus|beschikking|registratie|polis|lid|leerling|pati[eë]nt"
)
# Words that number something: "cliëntnummer", "het nummer van de melding", "kenmerk".
_BARE_CUE = re.compile(r"(?i)nummer|(?<!\w)nr\.?$|kenmerk|referentie|(?<!\w)ref\.?$")
_UNIT_AFTER_BARE = re.compile(
    r"\s*(?:euro|eur|mensen|inwoners|bewoners|kinderen|leerlingen|huishoudens|gezinnen|dossiers|cliënten|clienten"
    r"|weken|maanden|dagen|km|kilometer|meter|stappen|keer"
    r"|uur|minuten|per|procent|%)(?!\w)",
    re.IGNORECASE,
)
_YEAR_SERIAL_RE = re.compile(r"(?<![\w/.-])(?:19|20)\d{2}[-/](?P<serial>\d{4,8})(?![\w]|[-/.]\w)")


NOT_CASE_COMPOUNDS = (
    "telefoon",
    "mobiel",
    "huis",
    "kamer",
    "lokaal",
    "bus",
    "lijn",
    "tram",
    "post",
    "pin",
    "rug",
    "shirt",
    "tafel",
    "stoel",
    "rij",
    "pagina",
    "hoofdstuk",
    "artikel",
    "lied",
    "versie",
    "serie",
    "net",
    "toegang",
    "dress",
    "kleur",
    "wacht",
    "kenteken",
    "rekening",
    "bank",
    "iban",
    "bsn",
    "sofi",
    "burgerservice",
    "fax",
    "whatsapp",
    "alarm",
    "nood",
    "volg",
    "start",
    "zaal",
    "gang",
    "verdieping",
    "perron",
    "spoor",
    "lijst",
)


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


_CUE_ANCHORS = (
    "nummer",
    "code",
    "nr",
    "no",
    "id",
    "kenmerk",
    "referentie",
    "ref",
    "dossier",
    "zaak",
    "casus",
    "registratie",
    "insz",
    "rijksregister",
    "pesel",
    "egn",
    "cnp",
    "cin",
    "kimlik",
)


def _word_starts(text: str, low: str, parts: tuple[str, ...]) -> list[int]:
    """Start of each word holding one of ``parts``, and of the word before it ("klant nummer")."""
    starts: set[int] = set()
    for part in parts:
        i = low.find(part)
        while i >= 0:
            j = i
            while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "-"):
                j -= 1
            starts.add(j)
            k = j - 1
            if k > 0 and text[k] == " ":
                while k > 0 and text[k - 1].isalpha():
                    k -= 1
                starts.add(k)
            i = low.find(part, i + len(part))
    return sorted(starts)


# Court numbers (rekest-, rolnummer): two letter pairs, a year and a serial: "JE RK 19-2231", "KG ZA 20-118", also in
# lowercase as typed from a fax ("je rk 19-4410"), unless both pairs are ordinary words ("op de 12-1400").
_COURT_RE = re.compile(r"(?<![\w/-])(?P<a>[A-Za-z]{2})\s(?P<b>[A-Za-z]{2})\s\d{2}[-/]\d{3,6}(?![\w]|[-/]\w)")
_COURT_HINT = re.compile(r"\d\d[-/]\d{3}")


def _court_numbers(text: str) -> Iterator[Found]:
    for m in _COURT_RE.finditer(text):
        pairs = m.group("a") + m.group("b")
        if pairs.isupper() or not all(w.lower() in _PAIR_WORDS for w in (m.group("a"), m.group("b"))):
            yield m.start(), m.end(), DOSSIER


_PAIR_WORDS = frozenset(
    (
        "op",
        "de",
        "in",
        "en",
        "te",
        "om",
        "na",
        "nu",
        "zo",
        "al",
        "is",
        "er",
        "ja",
        "je",
        "ze",
        "we",
        "uw",
        "of",
        "af",
        "eh",
        "oh",
        "ok",
        "zo",
        "ik",
        "hé",
    )
)


# Three or more groups, letters and digits, as agencies write their case numbers (eighth dev author): "BT-W-20-0117",
# "RvdK/MN/2020/00871". A letter group starts with a capital; one digit group has at least three digits; a month
# makes it a date ("12-MEI-2020").
_CODE_GROUP = r"(?:[A-Z][A-Za-z]{0,5}|\d{1,8})"
_GROUPED_CODE_RE = re.compile(rf"(?<![\w/.-]){_CODE_GROUP}(?:[-/]{_CODE_GROUP}){{2,5}}(?![\w]|[-/]\w)")


# A code dictated sign by sign after its cue, as speech recognition writes it (ninth dev author): "zaaknummer b t 2020
# 0 4 4 1 8", "dossier nummer 20 slash 44 17", "nummer j h 20 dash 0 3 3 1". Letters stand alone or in pairs that
# are no word; five digits at least.
_SPOKEN_SIGN = r"(?:slash|dash|streepje|schuine\s+streep)"
_DICTATED_CODE_RE = re.compile(
    r"(?i:nummer|nr\.?|kenmerk)(?:\s+(?i:is|was|bij\s+de\s+\w+|van\s+\w+))?\s*:?\s+"
    rf"(?P<id>(?:[a-zA-Z]{{1,2}}|\d{{1,8}})(?:\s(?:[a-zA-Z]{{1,2}}|\d{{1,8}}|(?i:{_SPOKEN_SIGN}))){{2,14}})(?![\w])"
)
_NOT_CODE_WORDS = frozenset(
    (
        "is",
        "ik",
        "en",
        "de",
        "op",
        "in",
        "te",
        "na",
        "om",
        "al",
        "nu",
        "ja",
        "je",
        "we",
        "ze",
        "of",
        "at",
        "dat",
        "die",
        "het",
        "een",
        "er",
        "hij",
        "zij",
    )
)


def _dictated_codes(text: str) -> Iterator[Found]:
    for m in _DICTATED_CODE_RE.finditer(text):
        tokens = list(re.finditer(r"\S+", m.group("id")))
        # The code ends before the first ordinary word ("… 0 4 4 1 8 en ik").
        keep = []
        for t in tokens:
            if t.group().lower() in _NOT_CODE_WORDS:
                break
            keep.append(t)
        while keep and not keep[-1].group().isdigit():
            keep.pop()
        # A letter or a spoken sign makes it a code; digits alone after "nummer" are a phone's or a house's.
        signs = any(not t.group().isdigit() for t in keep)
        if signs and sum(len(t.group()) for t in keep if t.group().isdigit()) >= 5 and len(keep) >= 3:
            yield m.start("id") + keep[0].start(), m.start("id") + keep[-1].end(), DOSSIER


def _grouped_codes(text: str) -> Iterator[Found]:
    for m in _GROUPED_CODE_RE.finditer(text):
        groups = re.split(r"[-/]", m.group())
        letters = [g for g in groups if not g.isdigit()]
        if (
            letters
            and any(g.isdigit() and len(g) >= 3 for g in groups)
            and not any(g.upper() in _MONTHS for g in letters)
        ):
            yield m.start(), m.end(), DOSSIER


def find_case_numbers(text: str, runs: list[tuple[int, int]] | None = None) -> Iterator[Found]:
    """Case and dossier numbers; ``runs``: the spans of digit runs in ``text`` if the caller has them."""
    if runs is None:
        runs = [m.span() for m in re.finditer(r"\d+", text)]
    if _COURT_HINT.search(text):
        yield from _court_numbers(text)
    # Letters right before a run of digits start a candidate ("ZK/2019/44871", "CJG123456").
    last = -1
    for s, _e in runs:
        j = s - 1 if s and text[s - 1] in "-/." else s
        k = j
        while k > 0 and j - k < 6 and text[k - 1].isascii() and text[k - 1].isalpha():
            k -= 1
        if k == j or k < last:
            continue
        m = _CASE_RE.match(text, k)
        if m is not None and _digits(m.group()) >= (5 if m.group()[:1].isupper() else 6):
            last = m.end()
            yield m.start(), m.end(), DOSSIER
    yield from _mixed_numbers(text)
    if "-" in text or "/" in text:
        yield from _grouped_codes(text)
    if "nummer" in text or "nr" in text or "kenmerk" in text:
        yield from _dictated_codes(text)
    low = lower_aligned(text)
    yield from _near_cue_numbers(text, low, runs)
    last = -1
    for start in _word_starts(text, low, _CUE_ANCHORS):
        if start < last:
            continue
        m = _CUED_ID_RE.match(text, start)
        if m is None:
            continue
        tokens = list(re.finditer(r"\S+", m.group("id")))
        # Trailing tokens without a digit are words, not part of the number ("kenmerk 2019-0345 AB" keeps AB).
        while tokens and not any(c.isdigit() for c in tokens[-1].group()):
            tokens.pop()
        if not tokens:
            continue
        begin = m.start("id") + tokens[0].start()
        end = m.start("id") + tokens[-1].end()
        ident = text[begin:end]
        cue = m.group("cue").lower()
        strong = re.fullmatch(_STRONG_CUE, cue) is not None
        if _digits(ident) < 3 or (
            not strong and not re.fullmatch(_WEAK_CUE, cue) and cue.startswith(NOT_CASE_COMPOUNDS)
        ):
            continue
        if not strong and (_digits(ident) < 4 or _YEAR.fullmatch(ident)):
            continue  # after a bare "dossier" or "zaak" a year or a count is not a case number
        last = end
        yield begin, end, DOSSIER
