"""Structured identifiers in Dutch interview text, found with regular expressions and checksums.

Pure and fast: no deduce, no word lists beyond the small ones here, and each family of finders runs only
when a cheap test says it can match (most turns of an interview hold no digit). :func:`find_identifiers`
returns non-overlapping ``(start, end, category)`` spans; :mod:`.pseudonymise` adds them to deduce's
and its own name finders' spans (an own span beats a deduce span of another category it overlaps).

Rules (what is replaced, and why the limits are where they are):

* BSN: 9 digits passing the elfproef, grouped in any way with single spaces, dots or dashes
  (``123456782``, ``1234.56.782``, ``123 456 782``). After a cue word (``bsn``, ``burgerservicenummer``,
  ``sofinummer``) within ~50 characters any 8 or 9 digits: with a typo, or with the leading 0 dropped.
  Not when ``euro`` follows (an amount).
* IBAN: country code + 2 check digits + the country's BBAN length, any case, spaces or dashes anywhere,
  ISO 13616 mod-97 check. A Dutch IBAN of the right shape (4-letter bank code, 10 digits) or any IBAN
  after a cue (``iban``, ``rekening``) is replaced even when the checksum fails (a typo still identifies).
* Licence plates: the 14 RDW sidecodes (``XX-99-99`` ... ``999-XX-9``), any case. With dashes between all
  groups always; with spaces or without separator only after ``kenteken``/``nummerbord`` (any form) or
  near a vehicle word (``auto``, ``busje``; capitals only). A lowercase letter group that is a common
  word or school level (``3-vwo-12``) needs ``kenteken``.
* Postcodes: 4 digits (not starting with 0) + 2 letters, with a space, a dash or nothing, any case; never
  SA, SD or SS. Two lowercase letters that form a common word or unit (``en``, ``op``, ``km``) count only
  after ``postcode``/``adres`` or right after a house number: ``2019 en 2020`` and ``1000 km`` stay.
* Street + house number: a capitalised word ending in a street suffix (``-straat``, ``-laan``, ``-hof``,
  ``-pad``, ...) or a lowercase one with a number; ``Laan van ...``; the number with additions (``12a``,
  ``12 A``, ``210bis``, ``17-II``, ``17 II``, ``3 hoog``, ``hs``); ``huisnummer 5``, ``op nummer 12``,
  ``Lijsterbeshof, nummer 14``; any capitalised word + number + an unmistakable addition
  (``Vredenburg 12-II``). A street name without number only when capitalised (as before).
* Phone numbers: Dutch 10-digit numbers (``06-12345678``, ``030-1234567``, ``(030) 123 45 67``), with
  ``+31``/``0031`` and ``(0)``, any spaces, dots, dashes, slashes; foreign numbers after ``+``/``00``.
  Kept: ``112``, ``14 030``-style municipal service numbers and 0800/0900 numbers shorter than 10
  digits; they identify an organisation, not a person.
* E-mail: ordinary addresses and obfuscated ones: ``[at]``, ``(at)``, `` at ``, ``apenstaartje``, ``@``
  with spaces; dots as ``.``, ``[punt]``, ``(dot)``, `` punt ``, `` dot ``. With a bare `` at `` the
  top-level domain must be a common one (``nl``, ``com``...), so "hij at brood punt uit" stays.
* Dates: day + month name (+ year), any case; numeric ``12-03-2011``, ``12/3/2011``, ``12.03.11``,
  ``2011-03-12`` with a valid day and month; after ``geboren``/``geb.``/``geboortejaar`` also a bare year
  or day-month (``geboren in 1950``, ``geb. 12-3``).
* Case and dossier numbers: capitals + digit groups with at least 5 digits (``VT-2020-118734``,
  ``ZK/2019/44871``, ``CJG123456``), lowercase with separators and 6+ digits; any token with 3+ digits
  after a cue (``dossiernummer``, ``cliëntnummer``, ``zaaknummer``, ``kenmerk``, ...), up to four tokens
  (``zaaknummer ZK 2019 44871``). Not a bare year after ``dossier``/``zaak``.
* Ages (only the number is replaced; ``jaar`` stays): ``81-jarige``, ``81 jaar oud``; ``is/was/wordt/
  werd/ben 81 (jaar)`` and ``is ze 81`` when the subject is a pronoun, a family or person word
  (``zoon``, ``de oudste``) or a bare name, and the sentence goes on like an age (end, comma, ``en``,
  ``jaar``, ``geworden``...): ``Henny is 81``, ``lieke is 9``; ``toen ze 16 was``; ``Youssef (14,``,
  ``Daan (6)``, ``Lieke, 9,``; ``een meisje van 14``; ``, 81 jaar,``; spelled-out numbers (``veertien``,
  ``eenentachtig``) in the same places except the bare ``is N`` with ``een``. Not replaced: durations
  (``al 20 jaar``, ``20 jaar geleden``), ``het/dat is 5``, a subject with an article that is no person
  word (``de score is 8``), principle-like subjects (``Eenvoud is 4``), units (``3 keer``, ``50
  procent``, ``5 minuten``), ``groep 7``, years.
* URLs: ``http(s)://`` and ``www.`` addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .categories import CATEGORY_RANK, DATUM, EMAIL, LEEFTIJD, LOCATIE, URL
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


_DIGIT_RE = re.compile(r"\d")

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


def _dates(text: str) -> Iterator[Found]:
    for regex in (_DATE_RE, _NUM_DATE_RE):
        for m in regex.finditer(text):
            yield m.start(), m.end(), DATUM
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
    if _OBF_HINT.search(text):
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
    r"|Blauwe|Rode|Witte|Zwarte|Brede|Smalle|Heilige|Onze\s+Lieve\s+Vrouwe|Burg\.|Mr\.|Dr\.|Prof\.|St\.|Pr\."
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
_UNIT_AFTER = r"(?!\s*(?:km|keer|minuten|min|uur|meter|m|jaar|%|procent|euro|kilo|kg)(?!\w))"
_STREET_NUMBER_RE = re.compile(
    rf"(?<!\w){_STREET_PREFIX}[A-Z][a-zà-ÿ'-]*[a-zà-ÿ]{_NUMBERED_SUFFIX}(?!\w),?\s{{1,3}}"
    rf"(?:(?:nummer|nr\.?|no\.?)\s*)?{_HOUSE}(?!\w){_UNIT_AFTER}"
    # Lowercase in speech, only with a number: "op de kaardebolstraat 17".
    rf"|(?<![\w-])[a-zà-ÿ][a-zà-ÿ'-]*[a-zà-ÿ](?:straat|laan|weg|plein|gracht|kade|singel|dreef|dijk|steeg|hof|pad)"
    rf"\s{{1,3}}{_HOUSE}(?!\w){_UNIT_AFTER}"
    # "Laan van Nieuw Guinea 12", "Plein van de Verenigde Naties 3".
    rf"|(?<!\w)(?:Laan|Plein|Weg|Kade|Dreef|Singel|Park|Hof|Straat)\s+(?:van|der|de|den|het|ten|ter|op|in)"
    rf"(?:\s+(?:van|der|de|den|het|ten|ter|[A-Z][\w'-]+)){{1,4}}\s+{_HOUSE}(?!\w)"
    # Any capitalised word with a number and an unmistakable addition: "Vredenburg 12-II", "Neude 3 hoog".
    rf"|(?<!\w)[A-Z][a-zà-ÿ]+\s\d{{1,4}}(?:-?bis|\sbis|-[IVX]{{1,4}}|\s[IVX]{{2,4}}|[ -]hs|{_FLOOR})(?!\w)"
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
_NUMMER_HINT = re.compile(r"(?i)nummer|nr")
_RANKING_VERBS = _words("staat staan stond stonden komt komen kwam zet zetten gezet zette")


def _streets(text: str, digits: bool) -> Iterator[Found]:
    for m in _STREET_RE.finditer(text):
        word = re.sub(r"\s+\d.*$", "", m.group()).split()[-1]
        if word.lower() not in _NOT_STREETS:
            yield m.start(), m.end(), LOCATIE
    if digits or _NUMMER_HINT.search(text):
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
    if not digits:
        return
    for m in _STREET_NUMBER_RE.finditer(text):
        if not any(w.rstrip(",").lower() in _NOT_STREETS for w in m.group().split()):
            yield m.start(), m.end(), LOCATIE


# --- ages -----------------------------------------------------------------------------------------

_NUM = r"(?:1[01]\d|[1-9]\d?)"
_UNITS = r"(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)"
_TENS = r"(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)"
_TEENS = r"(?:tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien)"
_SPELLED = rf"(?:{_UNITS}(?:en|ën){_TENS}|{_TENS}|{_TEENS}|{_UNITS}|honderd)"
# A number that is not part of a longer number, decimal, score or range.
_N = rf"(?P<n>{_NUM}(?![\w%€]|[.,:/-]\d)|(?i:{_SPELLED})(?![\w-]))"
_VERB = r"(?:is|was|wordt|werd|ben|bent|word)"
_ADV = (
    r"(?:(?:nu|toen|pas|al|net|bijna|ongeveer|rond|inmiddels|ook|nog|zo'n|ruim|amper|zeker|intussen"
    r"|dan|maar|nét|sinds\s+kort|volgende\s+week|volgende\s+maand|volgend\s+jaar|deze\s+week|deze\s+maand"
    r"|dit\s+jaar|morgen|overmorgen|binnenkort|straks|vandaag|gisteren|vorige\s+week|vorig\s+jaar"
    rf"|in\s+(?i:{_MONTH_ALT}))\s+){{0,2}}"
)
# After an age the sentence ends or goes on like this; "is 4 keer", "is 1 van de" and "is 5 euro" do not.
_AGE_END = (
    r"(?=\s*(?:[.!?;:)…\"'”’–—]|,(?!\d)|$)|\s+(?:en|maar|of|nu|inmiddels|geworden|hoor|toch|hè|he|hé|dus"
    r"|want|toen|ofzo|ongeveer|denk|geloof|in|op|vorig|vorige|volgend|volgende|afgelopen"
    r"|deze|dit|gisteren|morgen|vandaag|binnenkort|straks)(?!\w))"
)
_YEARS_END = (
    r"(?=\s*(?:[.!?;:)…\"'”’–—]|,|$)|\s+(?:oud|jong|geworden|en|maar|of|nu|inmiddels|hoor|toch|dus|want"
    r"|toen|ofzo)(?!\w))"
)
_AFTER_N = rf"(?:\s+(?i:jaar)(?:tjes)?{_YEARS_END}|{_AGE_END})"
_WORD = r"[^\W\d_][\w'-]*"
_DET = r"(?:mijn|m'n|zijn|z'n|haar|d'r|onze|ons|hun|jullie|je|jouw|uw|de|die|dat|deze|het)"
_AGE_IS_RE = re.compile(rf"(?P<subj>{_WORD}|\[PERSOON-\d+\])\s+(?i:{_VERB})\s+{_ADV}{_N}{_AFTER_N}")
_AGE_INVERTED_RE = re.compile(
    rf"(?<!\w)(?i:{_VERB})\s+(?:(?P<det>(?i:{_DET}))\s+)?(?P<subj>{_WORD})\s+{_ADV}{_N}{_AFTER_N}"
)
_AGE_PAREN_RE = re.compile(rf"(?P<subj>{_WORD})\s*\(\s*{_N}(?:\s*(?i:jaar|jr\.?))?\s*[,);]")
_AGE_APPOSITION_RE = re.compile(rf"(?P<subj>{_WORD}),\s+{_N}(?:\s+jaar)?,\s")
_PERSON_NOUNS = _words(
    "jongen jongetje meisje meid meidje knul kind kindje zoon zoontje dochter dochtertje baby tiener "
    "puber broer broertje zus zusje man vrouw meneer mevrouw heer dame moeder vader opa oma leerling "
    "kleinzoon kleindochter neef neefje nicht nichtje buurman buurvrouw buurjongen buurmeisje vriend "
    "vriendin vriendje vriendinnetje cliënt client bewoner bewoonster patiënt weduwe weduwnaar jongere "
    "oudere kinderen jongens meisjes zonen dochters tweeling oudste jongste middelste kleine stiefzoon "
    "stiefdochter pleegkind pleegzoon pleegdochter mannetje vrouwtje jochie ventje dametje heertje"
)
_PERSON_NOUN_ALT = "|".join(sorted(_PERSON_NOUNS, key=len, reverse=True))
_NOT_AGE_AFTER = (
    r"(?!\s*(?:%|procent|euro|kilo|kg|gram|cm|meter|km|uur|minuten|weken|maanden|dagen|tot|naar|t/m|-|hoog|hg"
    r"|keer|kinderen|kids|jongens|meisjes|zonen|dochters)(?!\w))"
)
_AGE_OF_RE = re.compile(
    rf"(?<!\w)(?P<noun>(?i:{_PERSON_NOUN_ALT}))\s+van\s+(?:(?:pas|net|bijna|ongeveer|rond(?:\s+de)?|nog\s+maar|maar)\s+)?"
    rf"{_N}{_NOT_AGE_AFTER}"
)
# "Youssef van 14", "Lieke van 9 jaar": a capitalised name, then the age and the end of the phrase.
_NAME_OF_RE = re.compile(
    rf"(?<!\w)(?P<subj>[A-Z][^\W\d_]+)\s+van\s+{_N}(?:\s+jaar{_YEARS_END}|(?=\s*[,.;:!?)]|\s+(?:en|die|is|was|zit|woont)(?!\w)))"
)
_MONTH_WORDS = frozenset(_MONTHS)
# "een moeder van vier" has four children: after a parent word "van 4" is an age only from 13 or with "jaar".
_PARENTS = _words("moeder vader opa oma mama papa ouder ouders")
_YEAR_AFTER = re.compile(r"\s+(?:jaar|jr)(?!\w)", re.IGNORECASE)
_AGE_FIXED_RES = (
    # 81-jarige, 81jarige, vijftienjarige
    re.compile(rf"(?<![\w-])(?P<n>{_NUM}|(?i:{_SPELLED}))\s*-?\s*(?i:jarig(?:e|en)?)(?!\w)"),
    # 81 jaar oud, 6 maanden oud
    re.compile(rf"(?<![\w-]){_N}\s+(?i:jaar|maanden|maand|weken)(?:tjes)?\s+(?i:oud)(?!\w)"),
    re.compile(rf"(?i:leeftijd)\s*(?:van\s*|:\s*)?{_N}"),
    # "toen ze 16 was", "sinds hij 12 is", "als Lieke 18 wordt"
    re.compile(
        rf"(?<!\w)(?i:toen|als|sinds|nu|tot|dat|omdat|voordat|totdat|tegen\s+de\s+tijd\s+dat)\s+"
        rf"(?:ze|zij|hij|ik|je|jij|ie|u|[A-Z][\w'-]+)\s+(?:(?:nog|pas|net|ongeveer|bijna)\s+)?{_N}"
        rf"(?:\s+jaar)?\s+(?:was|werd|is|wordt|ben|bent|waren|werden|zijn|worden)(?!\w)"
    ),
    # "Henny, 81 jaar, woont ..." and "(81 jaar)"
    re.compile(rf"(?<=[,(])\s*{_N}\s+(?i:jaar)(?=\s*[,)])"),
)
_PRONOUNS = _words("ik je jij u hij zij ze ie die diegene zijzelf hijzelf")
_DETERMINERS = _words(
    "de het een dit dat deze die mijn m'n je jouw zijn z'n haar d'r ons onze hun jullie uw elk elke ieder "
    "iedere welk welke geen ander andere"
)
# Subjects of "X is 5" that are not people: numbers of things, time, scores and principle-like nouns.
_NOT_PERSONS = _words(
    "het dat dit wat er hier daar alles niets niks iets wie hoeveel welke totaal score scores cijfer "
    "cijfers stand gemiddelde uitslag antwoord aantal nummer getal som rekening prijs bedrag tijd klok "
    "temperatuur groep klas niveau fase stap vraag punt punten rapport eenvoud centraal mogelijk "
    "mogelijkheden nodig professional wachttijd wachtlijst percentage kans verschil max maximum minimum "
    "norm budget huur les lesuur uur week dag jaar maand hoofdstuk artikel pagina bladzijde versie ronde "
    "opkomst teller limiet grens resultaat cijfertje minimaal maximaal totaalscore eindcijfer waarde code "
    "nr telefoon kamer lokaal bus lijn tram huisnummer pincode wachtwoord leeftijd één een twee drie vier "
    "vijf zes zeven acht negen tien gemeente wijk school team buurtteam wijkteam principe principes"
)
# Words before "(3)" that number things or are no name at all.
_PAREN_NOT_PERSONS = _words(
    "stap bijlage blz bladzijde tabel figuur noot lid sub optie variant vraag vragen hoofdstuk artikel "
    "principe element ronde week dag maand fase categorie niveau schaal item items thema punt en of in op "
    "van met bij uit aan naar voor om te tot is was zijn ook nog dan maar want dus zo ja nee nou oké"
)


def _person_subject(subj: str, det: str | None, inverted: bool) -> bool:
    s = subj.lower()
    if s.startswith("[persoon-") or s in _PERSON_NOUNS:
        return True
    if s in _NOT_PERSONS or (det is not None and det.lower() in _DETERMINERS):
        return False
    if s in _PRONOUNS:
        return True
    # Inverted ("dan is Lieke 9") only with a capitalised name: "is wel 5" is no age.
    return subj[:1].isupper() if inverted else True


def _bare_one(m: re.Match[str]) -> bool:
    """True for a bare "een": "is een" is almost never an age, "is één jaar" can be."""
    return m.group("n").lower() in ("een", "één") and "jaar" not in m.group().lower()


# "kinderen van 4 en 6", "ze is 9 of 10", "van 4, 6 en 9": the numbers after an age are ages too.
_MORE_N = rf"(?:{_NUM}(?![\w%€]|[.,:/-]\d)|(?i:{_SPELLED})(?![\w-]))"
_MORE_AGES_RE = re.compile(
    rf"(?:\s*,\s*{_MORE_N})*\s+(?i:en|of|tot)\s+{_MORE_N}"
    r"(?!\s*(?:%|procent|euro|keer|uur|minuten|dagen|weken|maanden|jaar\s+geleden)(?!\w))"
)
_MORE_NUMBER_RE = re.compile(_MORE_N)


def _ages(text: str) -> Iterator[Found]:
    for start, end, category in _single_ages(text):
        yield start, end, category
        m = _MORE_AGES_RE.match(text, end)
        if m is not None:
            for n in _MORE_NUMBER_RE.finditer(text, m.start(), m.end()):
                if n.group().lower() not in ("een", "één"):
                    yield n.start(), n.end(), LEEFTIJD


# Talk about scores: "Ruimte voor de professional? Die is 4." Near these words a pronoun with a bare
# number ("die is 4") is a score, not an age.
_SCORE_CUE = re.compile(
    r"(?i)scor|cijfer|(?<!\w)(?:geef|geeft|geven|gaf|gegeven|punt|punten|schaal|principe|principes|eenvoud"
    r"|leefwereld|nabij|mogelijkheden|professional|nodig\s+is|rapport)(?!\w)"
)


def _score_talk(text: str, m: re.Match[str]) -> bool:
    """A pronoun subject, no "jaar", and score words nearby."""
    if m.group("subj").lower() not in _PRONOUNS or "jaar" in m.group().lower():
        return False
    return _SCORE_CUE.search(text, max(0, m.start() - 150), min(len(text), m.end() + 60)) is not None


def _single_ages(text: str) -> Iterator[Found]:
    for m in _AGE_IS_RE.finditer(text):
        before = re.findall(r"[\w'-]+", text[max(0, m.start() - 30) : m.start()])
        if _bare_one(m) or _score_talk(text, m):
            continue
        if _person_subject(m.group("subj"), before[-1] if before else None, inverted=False):
            yield m.start("n"), m.end("n"), LEEFTIJD
    for m in _AGE_INVERTED_RE.finditer(text):
        det = m.group("det")
        if _bare_one(m) or _score_talk(text, m) or (det and m.group("subj").lower() not in _PERSON_NOUNS):
            continue
        if _person_subject(m.group("subj"), None, inverted=True):
            yield m.start("n"), m.end("n"), LEEFTIJD
    for regex in (_AGE_PAREN_RE, _AGE_APPOSITION_RE):
        for m in regex.finditer(text):
            subj = m.group("subj")
            if subj.lower() in _NOT_PERSONS or subj.lower() in _PAREN_NOT_PERSONS:
                continue
            # "Lieke, 9, zit" or "oma, 92, woont"; not "ja, 3, zeg maar".
            if regex is _AGE_PAREN_RE or subj[:1].isupper() or subj.lower() in _PERSON_NOUNS:
                yield m.start("n"), m.end("n"), LEEFTIJD
    for m in _NAME_OF_RE.finditer(text):
        if m.group("subj").lower() not in _NOT_PERSONS and m.group("subj").lower() not in _MONTH_WORDS:
            yield m.start("n"), m.end("n"), LEEFTIJD
    for m in _AGE_OF_RE.finditer(text):
        if _bare_one(m):
            continue
        few = not m.group("n").isdigit() or int(m.group("n")) < 13
        if m.group("noun").lower() in _PARENTS and few and not _YEAR_AFTER.match(text, m.end()):
            continue
        yield m.start("n"), m.end("n"), LEEFTIJD
    for regex in _AGE_FIXED_RES:
        for m in regex.finditer(text):
            yield m.start("n"), m.end("n"), LEEFTIJD


# --- combining ------------------------------------------------------------------------------------


def _resolve(found: Iterable[Found]) -> list[Found]:
    """Non-overlapping spans: longest first, ties by category rank; a partly covered loser is absorbed
    into the winner, so no part of an identifier is left in the text."""
    spans = sorted(set(found), key=lambda f: (f[0] - f[1], CATEGORY_RANK[f[2]], f[0]))
    accepted: list[list] = []
    for start, end, category in spans:
        hits = [a for a in accepted if a[0] < end and start < a[1]]
        if not hits:
            accepted.append([start, end, category])
            continue
        for a in hits:
            a[0], a[1] = min(a[0], start), max(a[1], end)
    # Absorbing can make winners overlap each other; merge those too.
    accepted.sort()
    out: list[Found] = []
    for start, end, category in accepted:
        if out and start < out[-1][1]:
            prev = out[-1]
            out[-1] = (prev[0], max(prev[1], end), prev[2])
        else:
            out.append((start, end, category))
    return out


def find_identifiers(text: str) -> list[tuple[int, int, str]]:
    """Structured identifiers in ``text`` as sorted, non-overlapping ``(start, end, category)`` spans.

    Categories are those of :mod:`.categories`. Never raises on any string; never logs.
    """
    found: list[Found] = []
    digits = _DIGIT_RE.search(text) is not None
    found += _streets(text, digits)
    found += _emails(text)
    if "://" in text or "www." in text or "WWW." in text:
        found += _urls(text)
    if digits:
        found += _dates(text)
        for finder in (find_iban, find_bsn, find_phones, find_plates, find_postcodes, find_case_numbers):
            found += finder(text)
    if digits or _SPELLED_HINT.search(text):
        found += _ages(text)
    return _resolve(found)


_SPELLED_HINT = re.compile(rf"(?i){_SPELLED}")
