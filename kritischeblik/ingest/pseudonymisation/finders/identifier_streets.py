"""Streets and house numbers in Dutch interview text: "Kaardebolstraat 17-II", "Jan Pieterszoon Coenstraat 45",
"op de zwaluwstraat nummer 17", "KAARDEBOLSTRAAT 17", "huisnummer 12a", "Postbus 8512". Pure;
:func:`.identifiers.find_identifiers` combines the finders. The rules and their limits are listed in the docstring
of :mod:`.identifiers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import LOCATIE

Found = tuple[int, int, str]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


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
    # a place's adjective: "Zuilense Ring 40", "Leidsche Rijn"-style "-sche", "Amsterdamse Straatweg 12" (sixteenth dev author)
    r"|[1-9](?:e|ste|de)|[A-Z][a-zà-ÿ]{2,}s(?:ch)?e)\s+"
    r"(?:(?:van|de|der|den|het|ten|ter|'t|’t)\s+)*)?"  # "Van 't Hoffstraat"
)
# House number with the additions Dutch addresses use: 12a, 12 A, 210bis, 17-II, 17 II, 12-1, 3 hoog, hs.
# "14 rood", "40 zwart": Utrecht numbers the back houses of a block apart by colour.
# "bies": "bis" as speech recognition writes it (eleventh dev author).
_ADDITION_WORD = (
    # "ws": a houseboat (woonschip) at its berth, "Zuilense Ring 40 ws" (sixteenth dev author)
    r"(?:bis|BIS|bies|ter|hs|huis|bv|zw|rd|boven|beneden|rood|zwart|bg|sous|souterrain|achterhuis|voorhuis|ws)"
)
_FLOOR = r"(?:,?\s?(?:[-–]\s?)?(?:[1-9]\d?|een|eerste|twee|tweede|drie|derde|vier|vierde|vijf)[ -]?(?:hoog|hg)(?!\w))"
_HOUSE = (
    rf"\d{{1,5}}(?:[ ]?(?![tT]/[mMoO])[a-zA-Z]/[a-zA-Z](?!\w)|{_ADDITION_WORD}(?!\w)|[a-zA-Z](?!\w)"
    rf"|-(?:{_ADDITION_WORD}|[IVX]{{1,4}}|[a-zA-Z]|\d{{1,4}}[a-zA-Z]?)(?!\w)|/(?:\d{{1,3}}|[IVX]{{1,4}})(?![\w/])"
    rf"|[ ](?:{_ADDITION_WORD}|[IVX]{{2,4}}|[A-Z]|[a-h])(?![\w'])(?!\s+(?:la|le)\b)(?!:\s?\d)"
    # a Belgian letterbox number: "Lange Kievitstraat 42 bus 3" (eleventh dev author); a flat in a building
    # and a dash said aloud: "Vechtoever 5 app. 17", "Lunettenhof 3, woning 2.14", "Ravellaan 9 streepje 1"
    # (twelfth)
    r"|[ ](?i:bus)[ ]\d{1,3}(?!\w)|,?[ ](?i:app\.?|appartement|woning)[ ]\d{1,4}(?:\.\d{1,3})?(?![\w.]?\d)"
    r"|[ ](?i:streepje)[ ]\d{1,3}(?!\w)"
    # The letter said by its name or pointed out, as speech recognition writes it: "tigrisdreef 18 be", "18 met de
    # letter b" (fifteenth dev author).
    r"|[ ](?:be|cee|ce)(?![\w'])|[ ](?i:met\s+de\s+letter)[ ][a-zA-Z](?![\w'])"
    # a pitch on a caravan site: "Zandpad 4 SP 7", "Zandpad 4 standplaats 7" (sixteenth)
    r"|[ ](?:SP|sp|(?i:standplaats))[ ]\d{1,3}(?!\w)(?![ ](?i:jaar|keer|uur|minuten|km|meter)(?!\w))"
    # a flat as a Turkish address gives it: "No:212 D:3" (daire)
    r"|[ ]D:\s?\d{1,3}(?!\w))?"
    # A second addition chained to the first: "12 A-rood", "14 zwart-boven", "3-bis-2".
    rf"(?:(?<=[a-zA-Z])-(?:{_ADDITION_WORD}|[IVX]{{1,4}}|[a-zA-Z]|\d{{1,2}})(?!\w))?"
    r"(?:(?<=bis)[ ][a-hA-H](?![\w']))?"
    rf"{_FLOOR}?"
)
_SUFFIX = (
    r"(?:straat|straatje|laan|laantje|plein|gracht|kade|singel|dreef|dijk|steeg|plantsoen|weg|boulevard)"
)
# Replaces deduce's "street_pattern" processor (disabled in pseudonymise for speed): a capitalised word
# with a street suffix or its abbreviation, then a house number.
_NUMBERED_SUFFIX = (
    r"(?:baan|bolwerk|dam|dijk|dreef|drf|dyk|erf|gaarde|gr|gracht|haven|hf|hof|hoven|kade|laan|ln|markt|mrkt"
    r"|oord|pad|park|pd|plantsoen|plein|pln|plnts|prk|singel|sngl|st|steeg|stg|str|straat|wal|weg|werf|wg"
    r"|wetering|vaart|allee|boulevard|promenade|burgwal|plantage|oever|veste|brug|poort|laantje|straatje|plaats"
    r"|veld)"
)
_ABBREVIATED = r"(?:str|ln|pln|gr|hf|pd|stg|wg|sngl|drf|prk|plnts|mrkt|st)"
# A street that is only a street word after an adjective: "Oude Gracht 14", "Nieuwe Weg 3".
_BARE_STREET_WORD = r"(?:Gracht|Kade|Laan|Weg|Singel|Dijk|Straat|Plein|Markt|Haven|Wal|Dam|Steeg|Dreef|Hof|Pad|Vaart|Ring|Baan)"
# Every street starts with a capital or a digit ("2e Jacob van Campenstraat"): the lookahead skips other positions.
_STREET_RE = re.compile(
    rf"(?=[A-Z1-9])(?<![\w-])(?:{_STREET_PREFIX}[A-Z][a-zà-ÿ'-]*[a-zà-ÿ]{_SUFFIX}|(?:Lange|Korte|Oude|Nieuwe|Hoge|Lage"
    rf"|Kleine|Grote|Brede|Smalle|Kromme|Verlengde)\s+{_BARE_STREET_WORD})(?:\s+{_HOUSE})?(?![\w-])"
)
# "Weerdsingel Oostzijde 21", "Oudegracht W.Z. 12".
_SIDE = (
    r"(?:\s+(?:Oostzijde|Westzijde|Noordzijde|Zuidzijde|O\.?Z\.?|W\.?Z\.?|N\.?Z\.?|Z\.?Z\.?|aan\s+de\s+werf"
    r"|a/d\s+werf))?"
)
_CAPS_SUFFIX = (
    r"(?:STRAAT|LAAN|WEG|PLEIN|GRACHT|KADE|SINGEL|DREEF|DIJK|STEEG|HOF|PAD|MARKT|HAVEN|WAL|DAM|PARK|PLANTSOEN"
    r"|WETERING|VAART|BOULEVARD|ALLEE|BAAN|OORD|STR)"
)
_UNIT_AFTER = re.compile(r"\s*(?:km|keer|minuten|min|uur|meter|m|jaar|%|procent|euro|kilo|kg)(?!\w)")
# What comes before a house number; matched in the text before each run of digits (ending where it starts).
# Replaces deduce's "street_pattern" processor (disabled in pseudonymise for speed).
_STREET_BEFORE_NUMBER_RE = re.compile(
    # a capitalised word with a street suffix or its abbreviation: "Kaardebolstraat 17", "Lijsterbeshof, nummer 14"
    rf"(?<!\w)(?P<street>(?:{_STREET_PREFIX}[A-Z][a-zà-ÿ'-]*[a-zà-ÿ](?:{_NUMBERED_SUFFIX}|{_ABBREVIATED}\.)"
    rf"|{_STREET_PREFIX[:-1]}{_BARE_STREET_WORD}){_SIDE}),?\s{{1,3}}"
    r"(?:(?P<height>ter\s+hoogte\s+van(?:\s+(?:nummer|nr\.?))?)\s+"
    # "No:212" as a Turkish address writes it (sixteenth dev author)
    r"|(?:nummer|nr\.?|no\.?|No[.:]|op|(?P<near>bij|t\.o\.|t/o|tegenover))\s*)?\Z"
    # lowercase in speech, only with a number: "op de kaardebolstraat 17", "de zwaluwstraat nummer 17"
    r"|(?<![\w-])(?P<lower>[a-zà-ÿ][a-zà-ÿ'-]*[a-zà-ÿ](?:straat|laan|weg|plein|gracht|kade|singel|dreef|dijk|steeg"
    r"|hof|pad)),?\s{1,3}(?:(?:nummer|nr\.?|no\.?)\s*)?\Z"
    # a street word apart from its name, as speech recognition splits compounds: "Banka straat 35"
    r"|(?<![\w-])(?P<split>[A-Z][a-zà-ÿ'-]+\s(?:straat|laan|weg|plein|gracht|kade|singel|dreef|dijk|steeg|hof"
    r"|pad)),?\s{1,3}(?:(?:nummer|nr\.?|no\.?)\s*)?\Z"
    # in capitals, as on an envelope: "KAARDEBOLSTRAAT 17-II"
    rf"|(?<![\w-])(?P<caps>[A-Z][A-Z'-]*[A-Z]{_CAPS_SUFFIX}),?\s{{1,3}}(?:(?:NUMMER|NR\.?|nummer|nr\.?)\s*)?\Z"
    # a postbox is an address too: "Postbus 8512"
    r"|(?<![\w-])(?P<postbus>(?i:postbus|antwoordnummer))\s{1,3}\Z"
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
        "onderweg",
        "halfweg",
        "uitweg",
        "omweg",
        "snelweg",
        "zijweg",
        "achterweg",
        "middenweg",
        "zijstraat",
        "schoolplein",
        "speelplein",
        "fietspad",
        "voetpad",
        "wandelpad",
        "zebrapad",
        "binnenhof",
    }
)
# "huisnummer 5", "op nummer 12", "woont op nr. 3": the number alone is the identifying part.
# "honderdvier", "tweehonderdachtenzestig": a number above a hundred as one word (fifth dev author).
_SPELLED_HOUSE = (
    r"(?i:(?:(?:twee|drie|vier|vijf|zes|zeven|acht|negen)?honderd(?:en|ën)?)?"
    r"(?:(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)(?:en|ën)(?:twintig|dertig|veertig|vijftig|zestig"
    r"|zeventig|tachtig|negentig)|twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig|tien|elf"
    r"|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien|een|twee|drie|vier|vijf|zes|zeven"
    r"|acht|negen)|(?:twee|drie|vier|vijf|zes|zeven|acht|negen)?honderd)"
)
SPELLED_HOUSE = _SPELLED_HOUSE
HOUSE = _HOUSE
# The number of a flat in a complex: "appartement 2.14", "app. 12", "flatnummer 307".
_FLAT_NUMBER_RE = re.compile(
    r"(?<!\w)(?i:appartement(?:nummer)?|app\.|flatnummer|woningnummer|wooneenheid|unit)\s*(?:(?i:nummer|nr\.?)\s*)?"
    r"(?P<n>[1-9]\d{0,3}(?:[.\-]\d{1,3})?[a-zA-Z]?)(?![\w%€]|[.,]\d)"
)
# A bare number after a verb of living, once a street with a number was named before in the turn: "Marshalllaan 403
# ... die woont twee portieken verder, op 417." (only where the clause ends: not "woont op 3 hoog"; without a
# street before, "die woont hiernaast op 41" stays).
_LIVES_ON_NUMBER_RE = re.compile(
    r"(?<!\w)(?i:woont|woonde|wonen|woonden|woon)(?:\s+[\w,]+){0,5}?,?\s+(?i:op)\s+(?P<n>[1-9]\d{0,3}[a-zA-Z]?)"
    r"(?=\s*[,.;:!?)]|\s*$)"
)
_HOUSE_CUE_RE = re.compile(
    r"(?i:huisnummer|huisnr\.?|(?<!\w)(?:woont|woonde|wonen|woon|woonden|wonend)\s+(?:op|aan|in)?\s*(?:de\s+)?"
    r"(?:nummer|nr\.?)|(?<!\w)(?P<bare>op|van|naar|bij|tegenover|naast)\s+(?:nummer|nr\.?))\s*(?P<n>"
    + _HOUSE
    + "|"
    + _SPELLED_HOUSE
    + r")(?!\w)"
)
_RANKING_VERBS = _words("staat staan stond stonden komt komen kwam zet zetten gezet zette")


# Capitalised words before a street word that belong to its name ("Jan Pieterszoon Coenstraat", "Aletta
# Jacobsdreef"), with particles between them ("Jan van Galenstraat"); not words capitalised by a sentence start.
_NAME_WORD_BEFORE = re.compile(r"(?<![\w'-])(?:[A-Z][a-zà-ÿ'-]+|[a-z]{1,3})\s\Z")
_STREET_NAME_PARTICLES = frozenset({"van", "de", "der", "den", "het", "ten", "ter", "'t", "la", "le"})
_NOT_STREET_NAME_WORDS = _words(
    "De Het Een En Maar Of Op In Aan Naar Bij Via Voor Achter Over Onder Tegen Tot Met Zonder Uit Door Langs "
    "Om Toen Dan Nu Daar Hier Ook Nog Al Wel Niet Ja Nee Nou Dus Want Zo Wij Ik Jij Hij Zij Ze We Je U Die Dat "
    "Dit Deze Mijn Zijn Haar Ons Onze Hun Jullie Wat Wie Waar Hoe Als Na Sinds Vanaf Eerst Daarna Later "
    "Gisteren Morgen Vandaag Straks Gewoon Echt Eigenlijk Even Helemaal Alleen Ergens Adres Straat Postcode "
    "Woonadres Huisadres Bezoekadres Postadres Woont Woonde Wonen Meneer Mevrouw Dhr Mevr Familie Gezin "
    "Utrecht Amsterdam Rotterdam Den Haag Zeist Nieuwegein Houten Amersfoort Maandag Dinsdag Woensdag "
    "Donderdag Vrijdag Zaterdag Zondag Inmiddels Verder Trouwens Vroeger Ooit Soms Vaak Altijd Nooit Kijk "
    "Hoi Hallo Dag Oké Ok Ah Oh Eh Hè Ehm Uhm Zeg Weet Ken Zie Ga Kom"
)


def _street_start(text: str, start: int) -> int:
    """Where a street name that ``text[start:]`` ends begins, taking in up to three capitalised words before
    it (and particles between them)."""
    taken = 0
    pos = start
    pending = pos
    while taken < 3:
        m = _NAME_WORD_BEFORE.search(text, max(0, pending - 30), pending)
        if m is None:
            break
        word = m.group().strip()
        if word[:1].islower():
            if word not in _STREET_NAME_PARTICLES:
                break
            pending = m.start()  # a particle counts only with a capitalised word before it
            continue
        if word in _NOT_STREET_NAME_WORDS or _sentence_start(text, m.start()):
            break
        taken += 1
        pos = pending = m.start()
    return pos


def _sentence_start(text: str, pos: int) -> bool:
    head = text[max(0, pos - 4) : pos].rstrip()
    return pos == 0 or head == "" or head[-1] in ".!?:;\n\"'“(-–"


# "nummer 17 van de Kaardebolstraat": the number before the street.
_NUMBER_OF_STREET_RE = re.compile(
    rf"(?<!\w)(?i:nummer|nr\.?)\s*(?P<n>{_HOUSE})\s+(?:van|in|aan|op)\s+(?:de|het)\s+"
    rf"(?={_STREET_PREFIX}[A-Z][a-zà-ÿ'-]*[a-zà-ÿ]{_NUMBERED_SUFFIX}(?![\w-]))"
)
# A street without a street word, after a verb of living: "ze woont op de Neude 11", "adres: aan het Vredenburg 4".
_LIVES_AT_RE = re.compile(
    r"(?<!\w)(?i:woont|woonde|wonen|woonden|gewoond|verhuisd|verhuist|adres|gevestigd|kantoor)(?:\s+[\w,]+){0,8}?"
    r"\s+(?i:op|aan)\s+(?:de|het)\s+(?P<street>[A-Z][a-zà-ÿ]{2,}(?:\s+[A-Z][a-zà-ÿ]{2,})?)\s+"
    r"(?P<n>\d{1,4}(?:-?[a-hA-H]|-[IVX]{1,4}|-?bis)?)(?![\w.,:/-]?\d)(?!\w)"
)


def find_streets(text: str, runs: list[tuple[int, int]], nummer: bool) -> Iterator[Found]:
    """Streets, with or without house number; ``runs``: the digit runs of ``text``; ``nummer``: whether "nummer"
    or "nr" occurs in it (the house-number cues are only looked for then)."""
    found = list(_streets(text, runs, nummer))
    yield from found
    yield from _after_streets(text, found)


def _streets(text: str, runs: list[tuple[int, int]], nummer: bool) -> Iterator[Found]:
    for m in _STREET_RE.finditer(text):
        street = re.sub(r"\s+\d.*$", "", m.group())
        if street.split()[-1].lower() not in _NOT_STREETS:
            spelled = _SPELLED_AFTER_STREET.match(text, m.end())
            end = spelled.end() if spelled else m.end()
            if _UNIT_AFTER.match(text, end) and len(street) < len(m.group()):
                end = m.start() + len(street)  # "over de Kerkstraat 20 minuten lang": no house number
            yield _street_start(text, m.start()), end, LOCATIE
    if runs and (
        "woon" in text or "adres" in text or "verhuis" in text or "gevestigd" in text or "kantoor" in text
    ):
        for m in _LIVES_AT_RE.finditer(text):
            if not _UNIT_AFTER.match(text, m.end()):
                yield m.start("street"), m.end("n"), LOCATIE
    if nummer:
        yield from _cued_house_numbers(text)
    if runs and ("app" in text or "unit" in text or "flat" in text or "woning" in text):
        for m in _FLAT_NUMBER_RE.finditer(text):
            if not _UNIT_AFTER.match(text, m.end()):
                yield m.start("n"), m.end("n"), LOCATIE
    for start, end in runs:
        if end - start <= 5 and (
            not start
            or text[start - 1] in " \t,"
            or text[max(0, start - 3) : start].lower() in ("nr.", "no.", "no:")
        ):
            found = _street_and_number(text, start)
            if found is not None:
                yield found


def _cued_house_numbers(text: str) -> Iterator[Found]:
    for m in _NUMBER_OF_STREET_RE.finditer(text):
        yield m.start("n"), m.end("n"), LOCATIE
    for m in _HOUSE_CUE_RE.finditer(text):
        if m.group("bare"):
            # "staat op nummer 1", "op nummer 1 komt": a ranking, not an address.
            before = text[max(0, m.start() - 12) : m.start()].split()
            after = text[m.end("n") : m.end("n") + 12].split()
            if (before and before[-1].lower() in _RANKING_VERBS) or (
                after and after[0].lower() in _RANKING_VERBS
            ):
                continue
        yield m.start("n"), m.end("n"), LOCATIE


# "de Amsterdamsestraatweg, ter hoogte van 400": where along a long street.
_HEIGHT_TAIL = re.compile(r",?\s+ter\s+hoogte\s+van(?:\s+(?:nummer|nr\.?))?\s+\Z")
_KINDS = ("street", "lower", "split", "caps", "postbus", "laan", "word")
_NEAR_WORDS = ("nummer", "nr", "no", "op", "bij", "t.o", "t/o", "tegenover")


def _street_and_number(text: str, start: int) -> Found | None:
    """A street name ending right before the house number at ``start``, and the number with its additions."""
    head = text[max(0, start - 60) : start]
    height = _HEIGHT_TAIL.search(head)
    before = (head[: height.start()] if height is not None else head).split()
    if before and before[-1].rstrip(".:").lower() in _NEAR_WORDS:
        before.pop()
    word = before[-1].rstrip(",") if before else ""
    if not (word[:1].isupper() or word.lower().endswith(_LOWER_SUFFIXES) or word == "werf"):
        return None  # no street name can end right before the number
    m = _STREET_BEFORE_NUMBER_RE.search(text, max(0, start - 90), start)
    if m is None:
        return None
    kind = next(k for k in _KINDS if m.group(k))
    name = m.group(kind)
    if kind == "word" and (name in _NOT_STREET_NAME_WORDS or name.lower().startswith(_NUMBER_WORDS)):
        return None  # "Huisnummer 22 - 3 hoog", "Appartement 4 bis": the cue, not a street
    if name.split()[-1].lower() in _NOT_STREETS or (
        kind == "split" and name.split()[0] in _NOT_STREET_NAME_WORDS
    ):
        return None
    number = (_STRONG_ADDITION_RE if kind == "word" else _HOUSE_RE).match(text, start)
    if number is None or (kind != "laan" and _UNIT_AFTER.match(text, number.end())):
        return None
    if kind == "word" and _YEAR_AFTER.match(text, number.end()):
        return None  # "Geboortedatum 2 IV '61": a Roman month and a year, not "Vredenburg 12-II"
    if (
        len(number.group()) == 4
        and text[m.end(kind) : m.end(kind) + 1] == ","
        and _POSTCODE_LETTERS.match(text, start + 4)
    ):
        return None  # "Zwaanstraat, 3551 JM": the four digits start a postcode, not a house number
    if _YEAR_NUMBER.fullmatch(number.group()) and not _STRONG_STREET.search(name):
        return None  # "Kerstmarkt 2019", "Bolwerk 1990": a year after a name, not a house number
    if m.group("near") and not _END_OF_ADDRESS.match(text, number.end()):
        return None  # "de Biltstraat bij 3 winkels": "bij" and "t.o." only before a bare number
    end = number.end()
    span = _RANGE_AFTER.match(text, end)
    first = re.match(r"\d+", number.group())
    if (
        span is not None
        and first is not None
        and 0 < int(span.group("to")) - int(first.group()) <= (200 if "t" in span.group("sep") else 50)
        and not _UNIT_AFTER.match(text, span.end())
    ):
        end = span.end()  # "Cartesiusweg 90 t/m 94", "Kanaalweg 12 - 14": one building
    begin = _street_start(text, m.start()) if kind in ("street", "caps") else m.start()
    if kind == "lower":
        adjective = LOWER_ADJECTIVE_BEFORE.search(text, max(0, begin - 30), begin)
        begin = adjective.start() if adjective is not None else begin
    return begin, end, LOCATIE


# "Bankastraat nummer vijfendertig", "de Columbusweg nummer twaalf".
# "Bankastraat nummer vijfendertig", "de Kanaalstraat twaalf, al jaren" (without "nummer" only where the address ends).
_SPELLED_ADDITION = (
    rf"{_SPELLED_HOUSE}(?:-(?:[A-Za-z]|[IVX]{{1,4}}|{_ADDITION_WORD})|[ ](?:[a-hA-H]|{_ADDITION_WORD}))?"
)
_SPELLED_AFTER_STREET = re.compile(
    rf",?\s+(?i:nummer|nr\.?|huisnummer)\s+{_SPELLED_ADDITION}(?!\w)"
    rf"|\s{_SPELLED_ADDITION}(?![\w-])(?=\s*[,.;:)!?]|\s*$)"
)
# After "bij" or "t.o." the number ends the address: "Zuilenselaan bij 23, ...".
_END_OF_ADDRESS = re.compile(r"(?=\s*(?:[,.;:)!?]|$)|\s+(?:en|in|aan|te|op|of|is|was|woont|woonde)(?!\w))")
_RANGE_AFTER = re.compile(r"\s*(?P<sep>t/m|tot\s+en\s+met|\s[-–]\s)\s*(?P<to>\d{1,5})[a-zA-Z]?(?!\w)")
# The adjective of a street in lowercase: "amsterdamse straatweg 412", "oude gracht 14".
LOWER_ADJECTIVE_BEFORE = re.compile(
    r"(?<![\w-])(?:[A-Za-zà-ÿ]+(?:se|sche)|(?i:oude|nieuwe|lange|korte|grote|kleine|hoge|lage|kromme|groene|blauwe"
    r"|rode|witte|zwarte|brede|smalle|verlengde|eerste|tweede|derde|stille|gouden|zilveren))\s\Z"
)


_YEAR_NUMBER = re.compile(r"(?:19|20)\d\d")
_NUMBER_WORDS = (
    "huisnummer",
    "huisnr",
    "nummer",
    "appartement",
    "flat",
    "kamer",
    "geboortedatum",
    "postcode",
)
_YEAR_AFTER = re.compile(r"\s*[-/.]?\s*(?:(?:19|20)\d\d|['’]\d\d)(?!\d)")
_POSTCODE_LETTERS = re.compile(r"[ \u00a0]{0,2}[A-Za-z]{2}(?!\w)|[ ][A-Z] [A-Z](?!\w)")
_STRONG_STREET = re.compile(r"(?i)(?:straat|laan|weg|gracht|kade|singel|plein|dreef|dijk|steeg|hof|pad)\W*$")


# After an address, in the same breath: a correction or restatement of its number ("Merelstr. 9 boven, nee,
# 9-boven", "Galenstraat dertien, eh, dertien-A", "Benedenwal 21-23, nummer 23 dus").
_RESTATED_RE = re.compile(
    r",?\s*(?:(?:(?i:eh|ehm|nee|sorry|wacht|ik\s+bedoel|eigenlijk|of\s+eigenlijk)[,!]?\s+){1,3}"
    r"(?:(?i:nummer|nr\.?|huisnummer)\s+)?|(?i:nummer|nr\.?|huisnummer)\s+)"
    rf"(?P<n>{_HOUSE}|{_SPELLED_ADDITION})(?!\w)"
)
# A street named, then its number a few words on: "aan de Kastanjelaan, ik weet het nummer nog, 7 tot en met 9",
# "Nieuwegracht 3 bis a (boven) en nr. 5 hs". Not a number starting with 0 (a phone number).
_NUMBER_LATER_RE = re.compile(
    r"(?<![\w-])(?i:nummer|nr\.|nummers)(?:\s+(?i:nog|ook|dus|was|is|toen|zelf))?,?\s+"
    rf"(?P<n>(?=[1-9]){_HOUSE}|{_SPELLED_ADDITION})(?!\w)"
)
_NUMBER_LATER_CHARS = 150
# A house number inside a range named before ("Marshalllaan 400 t/m 460 ... het ging om 412 en 414").
_BARE_NUMBER_RE = re.compile(r"(?<![\w.,:/€-])[1-9]\d{0,4}(?![\w%€]|[.,:/-]\d)")
_RANGE_IN_SPAN = re.compile(r"(?P<a>\d{1,5})[a-zA-Z]?\s*(?:t/m|tot\s+en\s+met|[-–])\s*(?P<b>\d{1,5})")
_RANGE_REACH = 400


def _after_streets(text: str, found: list[Found]) -> Iterator[Found]:
    """House numbers said after their street: restated, a few words on, or inside a range named before."""
    numbered = [e for s, e, _ in found if any(c.isdigit() for c in text[s:e])]
    if numbered and "woon" in text:
        for m in _LIVES_ON_NUMBER_RE.finditer(text, min(numbered)):
            if not _UNIT_AFTER.match(text, m.end()):
                yield m.start("n"), m.end("n"), LOCATIE
    for start, end, _ in found:
        pos = end
        while (m := _RESTATED_RE.match(text, pos)) is not None and not _UNIT_AFTER.match(text, m.end()):
            yield m.start("n"), m.end("n"), LOCATIE
            pos = m.end()
        stop = text.find("\n", end)
        window_end = min(end + _NUMBER_LATER_CHARS, stop if stop >= 0 else len(text))
        for m in _NUMBER_LATER_RE.finditer(text, end, window_end):
            after = text[m.end() : m.end() + 16].split()
            if _UNIT_AFTER.match(text, m.end()) or (after and after[0].lower() in _RANKING_VERBS):
                continue
            if re.match(
                r"\s+(?:op|van|in)\s+(?:de|het|onze|mijn)\s+(?:lijst|rij|ranglijst)", text[m.end() :]
            ):
                continue  # "nummer 2 op de lijst": a ranking
            span = _RANGE_AFTER.match(text, m.end())
            yield m.start("n"), span.end() if span is not None else m.end(), LOCATIE
        r = _RANGE_IN_SPAN.search(text, start, end)
        if r is None or not r.group("a") or int(r.group("b")) <= int(r.group("a")):
            continue
        low, high = int(r.group("a")), int(r.group("b"))
        for m in _BARE_NUMBER_RE.finditer(text, end, min(len(text), end + _RANGE_REACH)):
            if low <= int(m.group()) <= high and not _UNIT_AFTER.match(text, m.end()):
                yield m.start(), m.end(), LOCATIE
