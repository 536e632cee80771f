"""E-mail addresses, URLs and online identities in Dutch interview text, ordinary and as people say and write them
to hide them from spam robots or dictate them: "samira.bouzid [at] buurtteam [punt] nl", "kevin punt r at-teken
hotmail punt com", "p.willemsen(apenstaartje)ziggo(punt)nl", and half an address with its provider ("bloem punt
m, bij gmail"). Pure; :func:`.identifiers.find_identifiers` combines the finders. The rules and their limits are
listed in the docstring of :mod:`.identifiers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import EMAIL, LOCATIE, URL

Found = tuple[int, int, str]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- e-mail and URLs ------------------------------------------------------------------------------

# deduce's e-mail and URL patterns stop at a fixed list of top-level domains (.amsterdam, .eu,
# .info... slip through).
_EMAIL_RE = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_RE = re.compile(r"(?<![\w/])(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_URL_TAIL_STRIP = ".,;:!?)]}'\""

_BR = r"(?:\[\s*{w}\s*\]|\(\s*{w}\s*\)|\{{\s*{w}\s*\}}|<\s*{w}\s*>)"
# "et": how speech recognition often writes a spoken "at" (ninth dev author).
_AT_WORDS = r"(?:at|et|apenstaartje|apestaartje|apenstaart|apestaart|at[- ]?teken|apenstaart[- ]?teken)"
# A top-level domain said letter by letter as letter names: "punt en el", "punt bee ee".
_SPOKEN_TLD = r"(?:en\s+el|bee\s+ee|dee\s+ee)"
# The dot and the at-sign as speakers of French, Turkish and German say them (sixteenth dev author):
# "rachid.haddouchi arobase orange point fr", "songul.koc85 et işareti hotmail nokta com".
_DOT_WORDS = r"(?:punt|dot|point|nokta|punkt)"
_SPOKEN_AT = r"(?:at|et|arobase|(?:at|et)\s+işareti|klammeraffe)"
_SPOKEN_HINTS = (" at ", " et ", " arobase ", " klammeraffe ")
_DOT_HINTS = (" punt ", " dot ", " point ", " nokta ", " punkt ")
_BR_AT = _BR.format(w=rf"(?:@|a|{_AT_WORDS})")
_BR_DOT = _BR.format(w=r"(?:punt|dot|\.)")
_OBF_AT = rf"(?:\s*{_BR_AT}\s*|\s+(?P<word>{_AT_WORDS})\s+|\s*@\s*)"
_OBF_DOT = rf"(?:\s*{_BR_DOT}\s*|\s+{_DOT_WORDS}\s+|\.)"
# A surname with a particle after a spoken dot: "p punt de graaf at gmail dot com".
_LOCAL_PARTICLES = r"(?:(?:de|van|der|den|el|al|ter|ten|le|la|da|di|op|in|'t|vd|v\.d\.|vd\.|v/d)\s+)*"
# Spoken signs inside the local part: "r punt vd berg underscore 1979", "jan streepje piet".
_OBF_SIGN = (
    rf"(?:{_OBF_DOT}|\s+(?:underscore|laag\s+streepje|liggend\s+streepje|streepje|koppelteken|min)\s+)"
)
# In the domain a dot may stand apart, as speech recognition writes it: "hotmail . com"; a domain or top-level
# domain may be spelled letter by letter ("k p n mail punt n l").
_DOMAIN_DOT = rf"(?:{_OBF_DOT}|\s\.\s)"
_LABEL = r"(?:[a-z]\s(?=[a-z]))*[\w-]+"
_OBF_EMAIL_RE = re.compile(
    rf"(?<![\w.+-])[\w+-]+(?:{_OBF_SIGN}{_LOCAL_PARTICLES}[\w+-]+)*{_OBF_AT}{_LABEL}(?:{_DOMAIN_DOT}{_LABEL})*"
    rf"{_DOMAIN_DOT}(?P<tld>{_SPOKEN_TLD}|[a-z]\s[a-z](?:\s[a-z])?|[a-z]{{2,24}})(?![\w-])",
    re.IGNORECASE,
)
_OBF_HINT = re.compile(r"(?i)@|(?<!\w)[ae]t(?!\w)|apen?staart|[\[({<]\s*(?:at|a|punt|dot)\s*[\])}>]")
_COMMON_TLDS = _words(
    "nl com org net eu be de nu info frl amsterdam biz io fr uk co ma tr es it gov edu online email me tv "
    "app nederland tk sr cw aw"
    # countries people here write from (eighteenth dev author: "wp.pl"); not those that are Dutch words ("af", "er")
    " pl ro bg pt gr hu cz sk hr rs si lt lv ee fi se dk ch ie lu ru ua dz tn eg sy iq ir ng gh ke za br ar mx us"
    " ca au nz pk bd cn jp kr ph vn th sg cv ao sn"
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
                and m.group("tld").lower().replace(" ", "") not in _COMMON_TLDS
            ):
                continue  # "ze at brood punt uit": the past tense of eten, not an address
            yield m.start(), m.end(), EMAIL


# Online identities (fourth dev author): a domain with a path and no "www" ("youtube.com/@danirodriguesbeats",
# "soundcloud.com/shurandy-m"), a handle ("@shu.drill030"), a user name with an underscore ("kaylee_xo_2005").
_BARE_URL_RE = re.compile(
    r"(?<![\w@./-])(?:[a-z0-9-]+\.)+(?:com|nl|be|org|net|eu|de|io|me|tv|app|info|ly|gl|ee|co|to|gg)/[^\s<>\"']+",
    re.IGNORECASE,
)
# A handle is not followed by "(": "@SUM(1,1)" is a spreadsheet function, not an account.
_HANDLE_RE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_]){2,}(?![\w@(])")
_USERNAME_RE = re.compile(r"(?<![\w@./-])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w@])")


def _urls(text: str) -> Iterator[Found]:
    for m in _URL_RE.finditer(text):
        end = m.start() + len(m.group().rstrip(_URL_TAIL_STRIP))
        yield m.start(), end, URL


def _accounts(text: str) -> Iterator[Found]:
    if "/" in text:
        for m in _BARE_URL_RE.finditer(text):
            yield m.start(), m.start() + len(m.group().rstrip(_URL_TAIL_STRIP)), URL
    if "@" in text:
        for m in _HANDLE_RE.finditer(text):
            yield m.start(), m.end(), URL
    if "_" in text:
        for m in _USERNAME_RE.finditer(text):
            yield m.start(), m.end(), URL


_AT_PARTS = (
    " at ",
    " et ",
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
    "(a)",
    "at-teken",
    "at teken",
)


# A location shared from a phone: "52.07863, 5.14592" pins where someone sleeps (sixteenth dev author). Four
# decimals or more: an amount or a measure has two.
_COORDINATES_RE = re.compile(r"(?<![\d.,])-?\d{1,2}[.,]\d{4,}\s*[,;]\s*-?\d{1,3}[.,]\d{4,}(?!\d|[.,]\d)")
# What every pair of coordinates holds, searched in C: this runs on every turn.
_COORDINATES_HINT = re.compile(r"\d[.,]\d{4}")


def find_online(text: str, low: str) -> Iterator[Found]:
    """E-mail addresses, URLs, online identities and shared locations in ``text`` (``low``: its lowercase form)."""
    if _COORDINATES_HINT.search(text):
        yield from ((m.start(), m.end(), LOCATIE) for m in _COORDINATES_RE.finditer(text))
    if "@" in text or any(p in low for p in _AT_PARTS):
        yield from _emails(text)
    if "://" in text or "www." in low:
        yield from _urls(text)
    if "/" in text or "@" in text or "_" in text:
        yield from _accounts(text)
    if "mail" in low and any(p in low for p in _PROVIDERS):
        yield from _half_addresses(text, low)
    if any(h in low for h in _SPOKEN_HINTS) and any(h in low for h in _DOT_HINTS):
        yield from ((m.start(), m.end(), EMAIL) for m in _SPACED_RE.finditer(text))
    if " aapje " in low and (" punt " in low or " dot " in low):
        yield from ((m.start(), m.end(), EMAIL) for m in _AAPJE_RE.finditer(text))
    if " op " in low and any(p in low for p in _PROVIDERS):
        yield from ((m.start(), m.end(), EMAIL) for m in _OP_PROVIDER_RE.finditer(text))
    if "#" in text:
        yield from ((m.start(), m.end(), URL) for m in _TAG_RE.finditer(text))
    if any(p in low for p in _PLATFORM_PARTS):
        yield from ((m.start("h"), m.end("h"), URL) for m in _CUED_HANDLE_RE.finditer(text))


# A Discord-style tag, a name and four digits: "anais#4821" (not "#4821" alone, not "nummer #48213").
_TAG_RE = re.compile(r"(?<![\w#@])[^\W\d_][\w.]{1,31}#\d{4}(?![\w#])")
# A handle without "@" right after the platform's name: "insta zoe.celik.jw", "snap: noor.b2009", "skype
# henkjan.degroot". It needs a dot, a digit or an underscore inside, so "insta gezet" and "op tiktok leuk" stay.
_PLATFORM_PARTS = ("insta", "snap", "tiktok", "skype", "discord", "twitter", "threads", "bluesky")
_CUED_HANDLE_RE = re.compile(
    r"(?i:insta(?:gram)?|snap(?:chat)?|tiktok|skype|discord|twitter|threads|bluesky)\s*:?\s+"
    r"(?:(?i:is|heet|naam)\s+)?(?P<h>(?=[\w.]*[^\W\d_])[^\W_]\w*(?:[._]\w+)+|[^\W\d_]+\d+\w*)(?![\w@])"
)


# Half an address, the provider named after the local part: "haar mail is bloem punt m, bij gmail", "e-mail:
# j.devries op hotmail". Only after "mail" as a noun ("is", ":") and with a known provider: "ik mail Sanne, bij
# Ziggo" stays.
_PROVIDERS = (
    "gmail",
    "hotmail",
    "outlook",
    "live",
    "ziggo",
    "kpnmail",
    "kpnplanet",
    "planet",
    "yahoo",
    "icloud",
    "xs4all",
    "casema",
    "upcmail",
    "home",
    "telfort",
    "msn",
)
_LOCAL_SPOKEN = rf"[\w+-]+(?:{_OBF_SIGN}{_LOCAL_PARTICLES}[\w+-]+)*"
_HALF_ADDRESS_RE = re.compile(
    r"(?i)(?<!\w)(?:e-?mail(?:adres)?|mail(?:adres)?)(?:\s+(?:is|was)|\s*[:,])\s+"
    rf"(?P<addr>{_LOCAL_SPOKEN},?\s+(?:bij|op|via)\s+(?:{'|'.join(_PROVIDERS)}))(?![\w-])"
)


# Spaces inside the parts, as speech recognition writes a dictated address (ninth dev author): "dani boxing 04 at
# hotmail punt com", "info at koster bewind punt nl". Up to three words a side; not the words around it ("mail naar").
_NOT_LOCAL = (
    r"(?!(?:naar|aan|is|was|mail|mailen|gemaild|mailde|adres|e-?mail|van|op|en|dat|de|het|een|zijn|haar)\s)"
)
# The end of an address said aloud: "punt nl", "punt en el".
_SPOKEN_END = rf"\s+{_DOT_WORDS}\s+(?:nl|com|org|net|eu|be|de|nu|info|frl|fr|tr|ma|pl|{_SPOKEN_TLD})(?![\w-])"
# A spoken dot may come first, with a particle: "a punt de kruijf at zeeland net punt nl" (eleventh dev author).
_SPACED_RE = re.compile(
    rf"(?i)(?<![\w.@+-])(?:[\w+-]+\s+{_DOT_WORDS}\s+{_LOCAL_PARTICLES})?(?:{_NOT_LOCAL}[\w.+-]+\s){{0,2}}[\w.+-]+"
    rf"\s+{_SPOKEN_AT}\s+(?:[\w-]+\s){{0,2}}[\w-]+"
    rf"{_SPOKEN_END}"
)
# "aapje", the Flemish word for "@" (eleventh dev author), is also a little monkey: only with a spoken dot in the
# name before it ("wouter punt vandamme aapje telenet punt be").
_AAPJE_RE = re.compile(
    rf"(?i)(?<![\w.@+-])[\w+-]+\s+{_DOT_WORDS}\s+{_LOCAL_PARTICLES}[\w+-]+\s+aapje\s+(?:[\w-]+\s){{0,2}}[\w-]+"
    rf"{_SPOKEN_END}"
)
# "op" for "at", with a known provider and a spoken top-level domain: "d.kidane2001 op gmail punt com". The local
# part needs a dot, a digit or an underscore, so "ik zit op gmail punt com" stays.
_OP_PROVIDER_RE = re.compile(
    rf"(?<![\w.+-])(?=[\w+-]*[._\d])[\w+-]+(?:\.[\w+-]+)*\s+(?i:op)\s+(?i:{'|'.join(_PROVIDERS)})"
    rf"(?:{_DOMAIN_DOT}{_LABEL})*{_DOMAIN_DOT}(?i:[a-z]{{2,6}})(?![\w-])"
)


def _half_addresses(text: str, low: str) -> Iterator[Found]:
    i = low.find("mail")
    while i >= 0:  # tried where "mail" starts a word ("e-mail" too), not scanned for
        start = i - 2 if low[max(0, i - 2) : i] == "e-" else i - 1 if low[i - 1 : i] == "e" else i
        m = _HALF_ADDRESS_RE.match(text, start) if not start or not low[start - 1].isalnum() else None
        if m is not None:
            yield m.start("addr"), m.end("addr"), EMAIL
        i = low.find("mail", i + 1)
