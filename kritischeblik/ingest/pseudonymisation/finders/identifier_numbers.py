"""Finders for identifiers built from digits: BSN, IBAN and postcodes (licence plates: :mod:`.identifier_plates`; phone numbers:
:mod:`.identifier_phones`; case and dossier numbers: :mod:`.identifier_cases`). Pure functions over one text; :func:`.identifiers.find_identifiers` combines them.

Each finder yields ``(start, end, category)``; overlaps are resolved by the caller. The rules, their
reasons and their limits are listed in the docstring of :mod:`.identifiers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import BSN, IBAN, POSTCODE
from .spoken_numbers import SPOKEN_PAIR, pair_digits

Found = tuple[int, int, str]


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# How far before an identifier a cue word ("bsn", "kenteken", "postcode") is looked for.
_CUE_WINDOW = 48


def cue_before(cue: re.Pattern[str], text: str, start: int, window: int = _CUE_WINDOW) -> bool:
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
MONEY_AFTER = re.compile(r"\s*(?:euro|eur\b|,-|mln|miljoen|miljard)", re.IGNORECASE)


def find_bsn(text: str) -> Iterator[Found]:
    for m in _BSN_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if MONEY_AFTER.match(text, m.end()):
            continue
        cued = cue_before(_BSN_CUE, text, m.start())
        # With a cue the number is the BSN even with a typo, or with its leading 0 dropped (8 digits).
        if cued or (len(digits) == 9 and elfproef(digits)):
            yield m.start(), m.end(), BSN


# --- IBAN -----------------------------------------------------------------------------------------

# Total IBAN length per country (SWIFT IBAN registry).
IBAN_LENGTHS = {
    "AD": 24,
    "AE": 23,
    "AL": 28,
    "AT": 20,
    "AZ": 28,
    "BA": 20,
    "BE": 16,
    "BG": 22,
    "BH": 22,
    "BI": 27,
    "BR": 29,
    "BY": 28,
    "CH": 21,
    "CR": 22,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DJ": 27,
    "DK": 18,
    "DO": 28,
    "EE": 20,
    "EG": 29,
    "ES": 24,
    "FI": 18,
    "FK": 18,
    "FO": 18,
    "FR": 27,
    "GB": 22,
    "GE": 22,
    "GI": 23,
    "GL": 18,
    "GR": 27,
    "GT": 28,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IL": 23,
    "IQ": 23,
    "IS": 26,
    "IT": 27,
    "JO": 30,
    "KW": 30,
    "KZ": 20,
    "LB": 28,
    "LC": 32,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "LY": 25,
    "MA": 28,
    "MC": 27,
    "MD": 24,
    "ME": 22,
    "MK": 19,
    "MN": 20,
    "MR": 27,
    "MT": 31,
    "MU": 30,
    "NI": 28,
    "NL": 18,
    "NO": 15,
    "OM": 23,
    "PK": 24,
    "PL": 28,
    "PS": 29,
    "PT": 25,
    "QA": 29,
    "RO": 24,
    "RS": 22,
    "RU": 33,
    "SA": 24,
    "SC": 31,
    "SD": 18,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "SO": 23,
    "ST": 25,
    "SV": 28,
    "TL": 23,
    "TN": 24,
    "TR": 26,
    "UA": 29,
    "VA": 22,
    "VG": 24,
    "XK": 20,
    "YE": 30,
}


def iban_valid(iban: str) -> bool:
    """ISO 13616 check: move the first four characters to the end, letters to 10..35, mod 97 == 1."""
    s = iban.upper()
    if len(s) < 5 or not s.isalnum() or not s.isascii():
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


# Between the groups of an IBAN: up to two spaces, dots or dashes; a comma and a space (read aloud group by group,
# "NL 73, RABO, 9542, ..."); a line break (an address block or a letter copied line by line).
_IBAN_GAP = re.compile(r"(?:[ .\-–]{1,2}|,[ ]{1,2}|[ ]?\n[ ]?)(?=[A-Za-z0-9])")
_GAP = r"(?:[ .\-–]{1,2}|,[ ]{1,2}|[ ]?\n[ ]?)"
# The country code, also with its letters apart as dictated ("N L 33 ...") or dotted ("N.L. 97"), and the check
# digits.
_IBAN_START = re.compile(
    rf"(?<![A-Za-z0-9.])([A-Za-z]{{2}}|[A-Z] [A-Z]|[A-Z]\.[A-Z]\.)(,? ?)(\d ?\d)(?={_GAP}?[A-Za-z0-9])"
)
# Check digits said aloud: "NL achtendertig KNAB ...", "NL drie acht RBRB ...", "NL zeven en zestig RABO ...".
_SPOKEN_IBAN_START = re.compile(
    rf"(?<![A-Za-z0-9])([A-Z]{{2}}|[A-Z] [A-Z]),? (?P<cd>(?i:{SPOKEN_PAIR}))(?={_GAP}[A-Za-z0-9])"
)
_SPOKEN_HINT = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z]{2}|[A-Z] [A-Z]),? [a-zé]")
_IBAN_CUE = re.compile(r"(?i)(?<!\w)(?:iban|rekening|bankrekening|rekeningnummer|bank|overmaken|storten)")
_NL_BBAN = re.compile(r"[A-Z]{4}\d{10}")


def _bban(text: str, i: int, need: int) -> tuple[str, int, bool] | None:
    """The ``need`` letters and digits of a BBAN from ``text[i:]`` (gaps between them allowed): the BBAN, where it
    ends, and whether a comma stood between groups; None when it is shorter or runs on into a word."""
    chars: list[str] = []
    end, comma, n = i, False, len(text)
    while i < n and len(chars) < need:
        c = text[i]
        if c.isascii() and c.isalnum():
            chars.append(c)
            i += 1
            end = i
            continue
        gap = _IBAN_GAP.match(text, i) if c in " .-–,\n" else None
        if gap is None:
            break
        comma = comma or "," in gap.group()
        i = gap.end()
    if len(chars) != need or (end < n and text[end].isascii() and text[end].isalnum()):
        return None
    bban = "".join(chars).upper()
    if sum(c.isdigit() for c in bban) * 2 < len(bban):
        return None
    return bban, end, comma


def find_iban(text: str) -> Iterator[Found]:
    last_end = -1
    for m in _IBAN_START.finditer(text):
        if m.start() < last_end:
            continue
        country = m.group(1).replace(" ", "").replace(".", "").upper()
        length = IBAN_LENGTHS.get(country)
        walked = _bban(text, m.end(), length - 4) if length is not None else None
        if walked is None:
            continue
        bban, end, comma = walked
        iban = country + m.group(3).replace(" ", "") + bban
        # "ik 12 ..." is no IBAN: a lowercase country code apart from its check digits needs a valid IBAN; so do
        # groups read out with commas and a country code with its letters apart.
        loose = (
            (bool(m.group(2)) and not m.group(1).isupper()) or comma or "," in m.group(2) or " " in m.group(3)
        )
        # A Dutch IBAN has a fixed shape (bank code, ten digits): with a typo it still identifies someone.
        plausible = country == "NL" and _NL_BBAN.fullmatch(bban) is not None
        spaced = " " in m.group(1) or "." in m.group(1)  # "N L 33 ...", "N.L. 97 ...": a valid checksum
        if iban_valid(iban) or (
            not loose and (plausible or (not spaced and cue_before(_IBAN_CUE, text, m.start())))
        ):
            last_end = end
            yield m.start(), end, IBAN
    if _SPOKEN_HINT.search(text):
        yield from _spoken_ibans(text)
    yield from _dutch_accounts(text)


# An account number from before the IBAN, after a word that says so: "zijn oude rekeningnummer 41.71.64.300",
# "giro 1234567". Not an amount ("een bankrekening van 1200 euro").
_OLD_ACCOUNT_RE = re.compile(
    r"(?i:rekeningnummer|rekeningnr\.?|bankrekening(?:nummer)?|girorekening|gironummer|giro)\W{1,3}"
    r"(?:(?i:is|was|van\s+\w+)\s+)?(?P<n>\d(?:[ .]?\d){6,9})(?![\w]|[ .,]?\d)"
)


def find_old_accounts(text: str) -> Iterator[Found]:
    for m in _OLD_ACCOUNT_RE.finditer(text):
        if not MONEY_AFTER.match(text, m.end()):
            yield m.start("n"), m.end("n"), IBAN


def _spoken_ibans(text: str) -> Iterator[Found]:
    for m in _SPOKEN_IBAN_START.finditer(text):
        country = m.group(1).replace(" ", "")
        length = IBAN_LENGTHS.get(country)
        digits = pair_digits(m.group("cd"))
        walked = _bban(text, m.end(), length - 4) if length is not None and digits is not None else None
        if walked is None:
            continue
        bban, end, _comma = walked
        if iban_valid(country + digits + bban) or (country == "NL" and _NL_BBAN.fullmatch(bban)):
            yield m.start(), end, IBAN


# A Dutch account written without "NL" and check digits, as on a bank card: "RABO 0312 5577 40".
_BANK_CODES = (
    "ABNA|AEGO|ANDL|ARBN|ASNB|ATBA|BCDM|BCIT|BICK|BINK|BITS|BKCH|BKMG|BLGW|BMEU|BNDA|BNGH|BNPA|BOFA|BOFS|BOTK"
    "|BUNQ|CHAS|CITC|CITI|COBA|DEUT|DHBN|DLBK|DNIB|EBUR|FBHL|FLOR|FRGH|FRNX|FTSB|FVLB|GILL|HAND|HHBA|HSBC|ICBC"
    "|ICBK|INGB|ISAE|ISBK|KABA|KASA|KNAB|KOEX|KRED|LOCY|LOYD|LPLN|MHCB|MOYO|NNBA|NWAB|PCBC|RABO|RBRB|SNSB"
    "|SOGE|TEBU|TRIO|UBSW|UGBI|VOWA|ZWLB"
)
_ACCOUNT_RE = re.compile(rf"(?<![\w-])(?i:{_BANK_CODES})(?:[ -]?\d){{10}}(?![\w-])")
# Where an account can start: four letters right before a digit (with a space or dash between).
_ACCOUNT_HEAD = re.compile(r"[A-Za-z]{4}[ -]?\d")


def _dutch_accounts(text: str) -> Iterator[Found]:
    # Anchored on the digits: scanning the whole text for seventy bank codes costs more than all other finders.
    for d in RUN_START_RE.finditer(text):
        for k in (d.start() - 4, d.start() - 5):
            if k < 0 or not _ACCOUNT_HEAD.match(text, k, d.end()):
                continue
            m = _ACCOUNT_RE.match(text, k)
            letters = m.group()[:4] if m is not None else ""
            if m is not None and (letters.isupper() or letters.islower()):
                yield m.start(), m.end(), IBAN


RUN_START_RE = re.compile(r"(?<!\d)\d")


# --- postcodes ------------------------------------------------------------------------------------

# Four digits and two letters, with a space (two, in a sloppy transcript), a dash, a dot or nothing between them,
# also after "NL-" (international mail). As dictated or recognised from speech: the letters apart ("3551 J M"), the
# digits in pairs ("35 52 ER") or a comma between ("3562, HK"); see find_postcodes for what these need.
_POSTCODE_RE = re.compile(
    r"(?:(?<![\w.,-])|(?<=NL-)|(?<=nl-))(?P<d>[1-9]\d{3}|[1-9]\d [0-9]{2})"
    r"(?P<sep>[ \u00a0]{0,2}|-|\s[-–]\s|\.|, )(?P<l>[A-Za-z]{2}|[A-Z] [A-Z])(?!\w)"
)
_NUMBER_BEFORE = re.compile(r"\d[ .-]\Z")
# Units written against a number: "1000km", "2500kg" are no postcodes.
_ATTACHED_UNITS = words("km kg cm mm ml mg dl cl gb mb kb kw mw pk hp ms uu ct st")
# Two-letter words and units that follow numbers in ordinary speech ("1000 km", "2019 en 2020").
TWO_LETTER_WORDS = words(
    "aa af al as at be bv ca cc cl cm co da de dl dm do eh ei el en er et eu ex ga ge gb ha he hm ho id "
    "ie ik in is ja je jl jo jr kb kg km kw la le lp ma mb me mg mi ml mm mn mw na nb ne nl no nr nu oa "
    "of oh ok om on op pa pc pk pm pp ps re st ta te to tv uu uw vs wc we wo ze zo"
)
_POSTCODE_CUE = re.compile(r"(?i)(?<!\w)(?:postcode|post\s+code|adres|woonadres|huisadres|p\.\s?c\.|pc\s*:)")
# A house number just before ("Kaardebolstraat 17, 3581 ab").
_STREET_BEFORE = re.compile(
    r"(?:[A-Z][^\W\d_]{2,}|[^\W\d_]+(?:straat|laan|weg|plein|gracht|kade|singel|dreef|dijk|steeg|hof|pad))"
    r"\s+\d{1,5}[A-Za-z]{0,3}(?:-\w{1,4})?(?:\s+(?:bis|hs|boven|beneden|[IVX]{1,4}))?\s+\Z"
)
_HOUSE_BEFORE = re.compile(r"[^\W\d_]{2,}\s+\d{1,5}[A-Za-z]{0,3}(?:-\w{1,4})?,?\s+\Z")


# The four digits alone after "postcode" still narrow down where someone lives: "postcode 3561".
_PC4_RE = re.compile(r"(?i:postcode(?:gebied)?)\s*(?:is\s+|:\s*)?(?P<n>[1-9]\d{3})(?![\w.,/-]?\d)")


def find_postcodes(text: str) -> Iterator[Found]:
    if "postcode" in text.lower():
        for m in _PC4_RE.finditer(text):
            yield m.start("n"), m.end("n"), POSTCODE
    for m in _POSTCODE_RE.finditer(text):
        letters, sep = m.group("l").replace(" ", ""), m.group("sep")
        if letters.upper() in ("SA", "SD", "SS"):  # never issued in Dutch postcodes
            continue
        house = _HOUSE_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if _NUMBER_BEFORE.search(text, max(0, m.start() - 2), m.start()) and not _STREET_BEFORE.search(
            text, max(0, m.start() - 60), m.start()
        ):
            continue  # part of a longer number ("1 2345 ab"), unless after the street and number of an address
        cued = cue_before(_POSTCODE_CUE, text, m.start())
        # Dictated forms are postcodes only in capitals, and digits in pairs or a comma only after a cue.
        if sep in (".", ", ") or " " in m.group("d"):
            if not letters.isupper() or (sep != "." and not (cued or house)):
                continue
            yield m.start(), m.end(), POSTCODE
            continue
        # Written against the digits ("3572ze") two letters are no word, unless they are a unit ("1000km").
        attached = not sep and letters.lower() not in _ATTACHED_UNITS
        common = letters.lower() in TWO_LETTER_WORDS and not attached
        # "geboren 2009, 2011 en 2014" is no street and house number before "2011 en".
        house_before = house is not None and not _YEAR_HOUSE.search(house.group())
        bracketed = text[m.start() - 1 : m.start()] == "(" and text[m.end() : m.end() + 1] == ")"
        if letters.isupper():
            # "IN 2020 EN" in an all-caps sentence: the word before is capitals too.
            before = text[max(0, m.start() - 12) : m.start()].split()
            # ("101-A," is a house number, not a word in capitals: two letters at least.)
            if common and before and before[-1].isupper() and sum(c.isalpha() for c in before[-1]) > 1:
                continue
        elif common and not (cued or house_before or bracketed):
            continue
        yield m.start(), m.end(), POSTCODE


_YEAR_HOUSE = re.compile(r"\s(?:19|20)\d\d,?\s+\Z")


def postcode_possible(text: str, runs: list[tuple[int, int]]) -> bool:
    """Whether ``text`` (with digit runs ``runs``) can hold a postcode: four digits with letters just after them
    ("3581 AB", "3553.KL", "3562, HK"), or two and two digits ("35 52 ER")."""
    n = len(text)
    for s, e in runs:
        if e - s == 4 and any(text[i].isalpha() for i in range(e, min(n, e + 3))):
            return True
        if e - s == 2 and e + 3 < n and text[e] == " " and text[e + 1 : e + 3].isdigit():
            return True
    return False


def lower_aligned(text: str) -> str:
    """``text.lower()`` with the same length: a letter whose lowercase form is longer ("İ") stays as it is,
    so that an offset in the result is an offset in ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
