"""Finders for identifiers built from digits: BSN, IBAN, licence plates, postcodes, phone numbers and
case/dossier numbers. Pure functions over one text; :func:`.identifiers.find_identifiers` combines them.

Each finder yields ``(start, end, category)``; overlaps are resolved by the caller. The rules, their
reasons and their limits are listed in the docstring of :mod:`.identifiers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .categories import BSN, DOSSIER, IBAN, KENTEKEN, POSTCODE, TELEFOONNUMMER

Found = tuple[int, int, str]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# How far before an identifier a cue word ("bsn", "kenteken", "postcode") is looked for.
_CUE_WINDOW = 48


def _cue_before(cue: re.Pattern[str], text: str, start: int, window: int = _CUE_WINDOW) -> bool:
    return cue.search(text, max(0, start - window), start) is not None


# --- BSN ------------------------------------------------------------------------------------------


def elfproef(digits: str) -> bool:
    """The BSN check: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


_BSN_CUE = re.compile(
    r"(?i)(?<!\w)(?:bsn(?:-?nummer)?|burger\s*service\s*nummer|burgerservicenummer|sofi(?:-?nummer)?"
    r"|persoonsnummer|persoonsgebonden\s+nummer)(?!\w)"
)
# 8 or 9 digits, each pair optionally separated by one space, dot or dash; not part of a longer number.
_BSN_RE = re.compile(r"(?<![\w.,/+€-])(?<!\d[ .-])\d(?:[ .-]?\d){7,8}(?![\w€]|[ .,/-]?\d)")
_MONEY_AFTER = re.compile(r"\s*(?:euro|eur\b|,-|mln|miljoen|miljard)", re.IGNORECASE)


def find_bsn(text: str) -> Iterator[Found]:
    for m in _BSN_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if _MONEY_AFTER.match(text, m.end()):
            continue
        cued = _cue_before(_BSN_CUE, text, m.start())
        # With a cue the number is the BSN even with a typo, or with its leading 0 dropped (8 digits).
        if cued or (len(digits) == 9 and elfproef(digits)):
            yield m.start(), m.end(), BSN


# --- IBAN -----------------------------------------------------------------------------------------

# Total IBAN length per country (SWIFT IBAN registry).
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
    "MA": 28, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28,
    "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
    "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
    "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip


def iban_valid(iban: str) -> bool:
    """ISO 13616 check: move the first four characters to the end, letters to 10..35, mod 97 == 1."""
    s = iban.upper()
    if len(s) < 5 or not s.isalnum() or not s.isascii():
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


_IBAN_START = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})( ?)(\d{2})(?=[ -]?[A-Za-z0-9])")
_IBAN_CUE = re.compile(r"(?i)(?<!\w)(?:iban|rekening|bankrekening|rekeningnummer|bank|overmaken|storten)")
_NL_BBAN = re.compile(r"[A-Z]{4}\d{10}")


def find_iban(text: str) -> Iterator[Found]:
    last_end = -1
    for m in _IBAN_START.finditer(text):
        if m.start() < last_end:
            continue
        country = m.group(1).upper()
        length = IBAN_LENGTHS.get(country)
        if length is None or (m.group(2) and not m.group(1).isupper()):
            continue
        # Walk the BBAN: ASCII letters and digits, single spaces or dashes between them.
        ends: list[int] = []
        chars: list[str] = []
        i, n = m.end(), len(text)
        while i < n and len(chars) < length - 4:
            c = text[i]
            if c.isascii() and c.isalnum():
                chars.append(c)
                ends.append(i + 1)
                i += 1
            elif c in " -" and i + 1 < n and text[i + 1].isascii() and text[i + 1].isalnum():
                i += 1
            else:
                break
        if len(chars) != length - 4:
            continue
        end = ends[-1]
        if end < n and text[end].isascii() and text[end].isalnum():
            continue  # the IBAN would end inside a word
        bban = "".join(chars).upper()
        if sum(c.isdigit() for c in bban) * 2 < len(bban):
            continue
        iban = country + m.group(3) + bban
        # A Dutch IBAN has a fixed shape (bank code, ten digits): with a typo it still identifies someone.
        plausible = country == "NL" and _NL_BBAN.fullmatch(bban) is not None
        if iban_valid(iban) or plausible or _cue_before(_IBAN_CUE, text, m.start()):
            last_end = end
            yield m.start(), end, IBAN


# --- licence plates -------------------------------------------------------------------------------

# RDW sidecodes 1-14: groups of letters (L) and digits (D) with their lengths.
SIDECODES = (
    "L2-D2-D2", "D2-D2-L2", "D2-L2-D2", "L2-D2-L2", "L2-L2-D2", "D2-L2-L2", "D2-L3-D1",
    "D1-L3-D2", "L2-D3-L1", "L1-D3-L2", "L3-D2-L1", "L1-D2-L3", "D1-L2-D3", "D3-L2-D1",
)  # fmt: skip


def _sidecode_regex(sep: str) -> str:
    alts = []
    for code in SIDECODES:
        groups = [("[A-Za-z]" if g[0] == "L" else r"\d") + "{" + g[1] + "}" for g in code.split("-")]
        alts.append(sep.join(groups))
    return "(?:" + "|".join(alts) + ")"


_PLATE_RE = re.compile(r"(?<![\w-])" + _sidecode_regex("[- ]?") + r"(?![\w]|-\w)")
_PLATE_CUE = re.compile(r"(?i)(?<!\w)(?:kenteken|nummerbord|nummerplaat|kentekenplaat)")
_VEHICLE_CUE = re.compile(
    r"(?i)(?<!\w)(?:\w*auto(?:'s|tje)?|wagen|busje|bestelbus|scooter|brommer|motor|motorfiets|camper|caravan"
    r"|aanhanger|rijdt|reed|geparkeerd|parkeert|parkeren)(?!\w)"
)
# Lowercase letter groups that are ordinary words or school levels: "3-vwo-12" is a class, not a plate.
_PLATE_WORDS = _words(
    "op en de in te of om na nu zo al is er ja je ze we uw tot uit per van aan met bij dat die het een nog dan "
    "wat hoe wie was ben zit gaat kan wil mag zal heb had ook wel nee hun ons mij jij hij zij men elk mbo hbo "
    "vwo wo po vo uur"
)


def find_plates(text: str) -> Iterator[Found]:
    for m in _PLATE_RE.finditer(text):
        s = m.group()
        if sum(c in "- " for c in s) == 1:
            continue  # separators between all groups or none: "we zijn 12" is not "zi-jn-12"
        letters = "".join(re.findall(r"[A-Za-z]+", s))
        # A plate is written in capitals or in lowercase, never "Ze is 81"; nor is a group an ordinary word.
        if not (letters.isupper() or letters.islower()):
            continue
        if not letters.isupper() and any(w in _PLATE_WORDS for w in re.findall(r"[a-z]+", s)):
            continue
        # Dashes between all three groups make a plate unmistakable; spaces or none need a cue: "kenteken"
        # for any form, a vehicle ("auto", "busje") when the letters are capitals.
        dashed = s.count("-") == 2
        if (
            dashed
            or _cue_before(_PLATE_CUE, text, m.start(), 60)
            or (letters.isupper() and _cue_before(_VEHICLE_CUE, text, m.start(), 60))
        ):
            yield m.start(), m.end(), KENTEKEN


# --- postcodes ------------------------------------------------------------------------------------

_POSTCODE_RE = re.compile(r"(?<![\w.,-])(?<!\d[ .-])([1-9]\d{3})(?:[ \u00a0]?|-)([A-Za-z]{2})(?!\w)")
# Two-letter words and units that follow numbers in ordinary speech ("1000 km", "2019 en 2020").
_TWO_LETTER_WORDS = _words(
    "aa af al as at be bv ca cc cl cm co da de dl dm do eh ei el en er et eu ex ga ge gb ha he hm ho id "
    "ie ik in is ja je jl jo jr kb kg km kw la le lp ma mb me mg mi ml mm mn mw na nb ne nl no nr nu oa "
    "of oh ok om on op pa pc pk pm pp ps re st ta te to tv uu uw vs wc we wo ze zo"
)
_POSTCODE_CUE = re.compile(r"(?i)(?<!\w)(?:postcode|post\s+code|adres|woonadres|huisadres)")
# A house number just before ("Kaardebolstraat 17, 3581 ab").
_HOUSE_BEFORE = re.compile(r"[^\W\d_]{2,}\s+\d{1,5}[A-Za-z]{0,3}(?:-\w{1,4})?,?\s+$")


def find_postcodes(text: str) -> Iterator[Found]:
    for m in _POSTCODE_RE.finditer(text):
        letters = m.group(2)
        if letters.upper() in ("SA", "SD", "SS"):  # never issued in Dutch postcodes
            continue
        common = letters.lower() in _TWO_LETTER_WORDS
        if letters.isupper():
            # "IN 2020 EN" in an all-caps sentence: the word before is capitals too.
            before = text[max(0, m.start() - 12) : m.start()].split()
            if common and before and before[-1].isupper() and len(before[-1]) > 1:
                continue
        elif common and not (
            _cue_before(_POSTCODE_CUE, text, m.start())
            or _HOUSE_BEFORE.search(text, max(0, m.start() - 40), m.start())
        ):
            continue
        yield m.start(), m.end(), POSTCODE


# --- phone numbers --------------------------------------------------------------------------------

_SEP = r"[ .\-/]{0,3}"
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:"
    rf"(?:\+|00)\s?31{_SEP}(?:\(0\){_SEP})?[1-9](?:{_SEP}\d){{8}}"  # +31 6 12345678, 0031 (0)30 ...
    rf"|(?:\+|00)(?!31)[1-9]\d{{0,2}}(?:[ .-]{{0,2}}\d){{7,12}}"  # other countries
    rf"|\(0(?:\d\)(?:{_SEP}\d){{8}}|\d\d\)(?:{_SEP}\d){{7}}|\d\d\d\)(?:{_SEP}\d){{6}})"  # (030) 123 45 67
    rf"|0[1-9](?:{_SEP}\d){{8}}"  # 06-12345678, 030-1234567, 0612345678
    r")(?!\w)"
)
_NUM_DATE_PREFIX = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2}(?!\d)")


def find_phones(text: str) -> Iterator[Found]:
    for m in _PHONE_RE.finditer(text):
        date = _NUM_DATE_PREFIX.match(text, m.start())
        if date is not None and date.end() < m.end() and text[date.end()] not in "-/.":
            # "op 01-02-2011 12 mensen": a date followed by another number ("06.12.34.56.78" goes on
            # with the date's own separator and stays a phone number).
            continue
        yield m.start(), m.end(), TELEFOONNUMMER


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
    r"|werknemer|personeel|kaart|abonnement|klanten|dossiers|zaken)"
    r"[- ]?(?:nummer|nr\.?|no\.?|id)"
)
_WEAK_CUE = r"(?:dossier|zaak|casus|kenmerk|ons\s+kenmerk|uw\s+kenmerk|referentie|ref\.?|registratie)"
_ID_TOKEN = r"(?:[A-Z]{1,6}(?![a-z])|[A-Za-z]{0,6}[-/.]?\d[A-Za-z0-9]*(?:[-/.][A-Za-z0-9]+)*)"
_CUED_ID_RE = re.compile(
    rf"(?i:(?<!\w)(?P<cue>{_STRONG_CUE}|{_WEAK_CUE}))(?!\w)"
    r"\s*(?:(?::|=|is|was|luidt|wordt)\s*)?(?:(?i:van\s+(?:hem|haar|hen|mij|ons|de\s+\w+))\s+(?:is\s+)?)?"
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
_PLATE_SHAPE = re.compile(_sidecode_regex("[- ]?"))
# A cue a few words back: "een dossiernummer voor hem, 2018/0331", "WIA-aanvraag 2019-UW-552108".
_NEAR_CUE = re.compile(
    r"(?i)(?:dossier|zaak|zaken|aanvraag|aanvragen|kenmerk|nummer|nr\.?|referentie|beschikking|casus|melding)"
    r"\W*$"
)
_NEAR_TOKEN = re.compile(r"(?<![\w/.-])[A-Za-z]{0,4}[-/]?\d+(?:[-/][A-Za-z0-9]+)+(?![\w]|[-/]\w)")
_YEAR_RANGE = re.compile(r"(?:19|20)\d{2}[-/](?:(?:19|20)\d{2}|\d{2})")
_DATE_SHAPE = re.compile(r"\d{1,2}[-/]\d{1,2}[-/]\d{2,4}|\d{4}[-/]\d{1,2}[-/]\d{1,2}")


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


def _near_cue_numbers(text: str) -> Iterator[Found]:
    for m in _NEAR_TOKEN.finditer(text):
        ident = m.group()
        if _digits(ident) < 5 or _YEAR_RANGE.fullmatch(ident) or _DATE_SHAPE.fullmatch(ident):
            continue
        before = text[max(0, m.start() - 120) : m.start()].split()[-8:]
        if any(_NEAR_CUE.search(w) for w in before):
            yield m.start(), m.end(), DOSSIER


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


_CUE_ANCHORS = (
    "nummer",
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
)


def lower_aligned(text: str) -> str:
    """``text.lower()`` with the same length: a letter whose lowercase form is longer ("İ") stays as it is,
    so that an offset in the result is an offset in ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


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


def find_case_numbers(text: str, runs: list[tuple[int, int]] | None = None) -> Iterator[Found]:
    """Case and dossier numbers; ``runs``: the spans of digit runs in ``text`` if the caller has them."""
    if runs is None:
        runs = [m.span() for m in re.finditer(r"\d+", text)]
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
    yield from _near_cue_numbers(text)
    low = lower_aligned(text)
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
        strong = re.fullmatch(_STRONG_CUE, m.group("cue"), re.IGNORECASE) is not None
        if _digits(ident) < 3:
            continue
        if not strong and (_digits(ident) < 4 or _YEAR.fullmatch(ident)):
            continue  # after a bare "dossier" or "zaak" a year or a count is not a case number
        last = end
        yield begin, end, DOSSIER
