"""Postcodes as they are dictated and transcribed after the word "postcode": the digits one by one or in two pairs,
in digits or in words, and the letters apart, in any case, with a space, comma, dot or "en" between them
("postcode 3 5 8 1 a b", "de postcode, dat weet ik nog, drie vijf één drie, k l", "postcode vijfendertig twaalf,
K L", "de postcode van die man ...: drie vijf vijf vier, K en L", "postcode 3512 l s"), also with the letters in the
Dutch spelling alphabet ("drie vijf een twee, Karel Lodewijk", "3512 K van Karel, L van Lodewijk"). Pure.

Only after "postcode" in the same sentence (at most :data:`_CUE_REACH` characters back): four loose digits and
two loose letters are too common in speech to be a postcode on their own. SA, SD and SS are never issued.

From the fifth dev author, after the cue: the letters as Dutch letter names ("vijfendertig tweeëntwintig, pee er"),
digit words joined by hyphens and the letters too ("drie-vijf-één-twee, E-K"), more than one postcode in a
sentence. Without a cue (:func:`find_written_postcodes`), forms a transcriber writes down: the letters with dots
("3562 H.K."), a hesitation or "en dan" between digits and letters ("3526 eh GL", "3514 en dan SG"), a line break
between them, a dot before lowercase letters that are no word, after digits that are no year ("3552.vg"), every
sign apart in capitals ("3 5 3 1 X E"); with a cue before (``postcode``, ``pc``, ``p.c.``, ``adres``) the same in
lowercase.

From raw speech recognition (nineteenth and twentieth dev authors): "adres" as a cue too, "en" as the letter N beside
another letter name ("1326 en ka", "43 82 en pee"; also without a cue when the digits are no year and one of the
letters is no Dutch word), the letters of a postcode apart in lowercase after a cue ("mijn adres 3562 c d"), two
letters that are no function word after the cue ("postcode 25 72 tv"); not a year after "sinds", "van" or "in"
("op dit adres gewoond van 2015 t m 2019").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import POSTCODE
from .identifier_numbers import TWO_LETTER_WORDS, words
from .spoken_numbers import SPOKEN_PAIR, UNITS, pair_digits

Found = tuple[int, int, str]

_DIGIT_WORDS = "|".join((*UNITS, "één"))
# A digit word may be joined to the next by a hyphen ("drie-vijf-één-twee").
_DIGIT = rf"(?:\d|(?i:{_DIGIT_WORDS})(?![\w]|-(?!(?i:{_DIGIT_WORDS})(?![\w]))))"
# Between the two halves, and between digits and letters, a hesitation or "dan" may stand: "35, dan 62 en dan HK".
_GAP = r"(?:[ ,]+(?:(?:(?i:en)\s+)?(?i:dan)[ ,]+|(?:eh|ehm|uh)[ ,]+)?)"
# Digit by digit a hesitation may fall between two digits too ("3 5 eh 8 1, eh, JT").
# From the eleventh dev author: a thousands dot a form or mail put in ("3.583 ak"), and two digit words before a
# number ("drie vier 11 bee jee").
_FOUR = (
    rf"(?:[1-9]\d{{3}}|[1-9]\.\d{{3}}|[1-9]\d{_GAP}\d\d|{_DIGIT}[ ,]+{_DIGIT}[ ,]+\d\d"
    rf"|{_DIGIT}(?:(?:[ ,]+(?:(?i:eh|ehm|uh)[ ,]+)?|-){_DIGIT}){{3}}"
    rf"|(?P<pairs>(?i:{SPOKEN_PAIR}){_GAP}(?i:{SPOKEN_PAIR})))"
)
# A hesitation may fall between the letters too ("em, eh, ka").
_LETTER_GAP = r"(?:\s*[,.\-]\s*(?:(?i:eh|ehm|uh)\s*[,.]?\s*)?|\s+(?i:en)\s+|\s+(?:(?i:eh|ehm|uh)\s+)?)"
# Dutch letter names as a transcriber writes them ("pee er", "haa kaa", "iks"); not "en" (N), which joins letters.
_LETTER_PAIRS = (
    "aa:A bee:B cee:C dee:D ee:E ef:F gee:G ha:H haa:H ie:I jee:J ka:K kaa:K el:L em:M oo:O pee:P kuu:Q "
    "er:R es:S tee:T uu:U vee:V wee:W iks:X ij:Y zet:Z"
    # said in English, as a teenager did (eleventh dev author)
    " kay:K jay:J eks:X"
    # "en" beside another letter name: "1326 en ka", "43 82 en pee", "3888 el en" (twentieth dev author)
    " en:N"
)
LETTER_NAMES = dict(pair.split(":") for pair in _LETTER_PAIRS.split())
_LETTER_NAME_ALT = "|".join(sorted(LETTER_NAMES, key=len, reverse=True))
# The Dutch spelling alphabet: "drie vijf een twee, Karel Lodewijk", "3512 K van Karel, L van Lodewijk".
SPELLING_ALPHABET = (
    "Anton|Bernard|Cornelis|Dirk|Eduard|Ferdinand|Gerard|Hendrik|Izaak|Johannes|Karel|Lodewijk|Maria|Nico|Otto"
    "|Pieter|Quirinus|Richard|Simon|Theodoor|Utrecht|Victor|Willem|Xantippe|Ypsilon|IJsbrand|Zacharias"
    # The international (NATO) alphabet, as people used to call centres spell (eighth dev author).
    "|Alfa|Alpha|Bravo|Charlie|Delta|Echo|Foxtrot|Golf|Hotel|India|Juliett|Juliet|Kilo|Lima|Mike|November|Oscar"
    "|Papa|Quebec|Romeo|Sierra|Tango|Uniform|Whiskey|Whisky|X-ray|Yankee|Zulu"
)
_LETTER = (
    rf"(?:[A-Za-z](?:\s+(?i:van)\s+(?i:{SPELLING_ALPHABET})(?![\w])|(?![\w])\.?)|(?i:{SPELLING_ALPHABET})(?![\w])"
    rf"|(?i:{_LETTER_NAME_ALT})(?![\w]))"
)
_SPOKEN_POSTCODE_RE = re.compile(
    rf"(?<![\w-])(?P<digits>{_FOUR})(?:{_GAP}|\s+|\.)"
    rf"(?:(?P<a>{_LETTER}){_LETTER_GAP}(?P<b>{_LETTER})|(?P<ab>[A-Za-z]{{2}}))(?![\w])"
)
# "adres" too, as raw speech recognition gives it: "op haar adres, 13 15 k a", "zijn adres is nu 43 82 en pee"
# (twentieth dev author).
_CUE_RE = re.compile(r"(?i)(?<!\w)(?:post\s?code|(?:woon|huis)?adres)(?!\w)")
_CUE_REACH = 120
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


_PAIRS_RE = re.compile(rf"(?i)(?P<x>{SPOKEN_PAIR}){_GAP}(?P<y>{SPOKEN_PAIR})")


def _digits(words: str, pairs: bool) -> str:
    """The four digits of a dictated postcode ("drie vijf één drie" -> "3513", "vijfendertig twaalf" -> "3512")."""
    if pairs:
        m = _PAIRS_RE.fullmatch(words)
        x, y = (pair_digits(m.group("x")), pair_digits(m.group("y"))) if m is not None else (None, None)
        return f"{x}{y}" if x and y else ""
    digits = []
    for t in re.findall(r"\d|[^\W\d_]+", words.lower().replace("één", "een")):
        if t.isdigit() or t in UNITS:  # "dan", "eh" between the halves are no digits
            digits.append(t if t.isdigit() else str(UNITS.index(t)))
    return "".join(digits)


def _letter(said: str) -> str:
    """The letter a dictated letter stands for: "K", "K van Karel", "Karel", "kaa"."""
    return LETTER_NAMES.get(said.lower(), said[0].upper())


# Without the cue, only the full shape: four digit words, then two capitals, each alone or after "hoofdletter"
# ("Drie vijf acht één, E P.", "drie negen nul vijf, hoofdletter K, hoofdletter B"; sixteenth dev author).
_CAPITAL = r"(?:(?i:hoofdletter)\s+)?[A-Z](?![\w'])"
_UNCUED_RE = re.compile(
    rf"(?<![\w-])(?P<digits>(?i:{_DIGIT_WORDS})(?:[ ,]+(?i:{_DIGIT_WORDS})){{3}})(?![\w-])"
    # Within the sentence ("een, twee, drie, vier. O, O, wat spannend" counts), one way to read the spaces.
    rf"(?:[ \t]*[,…]+[ \t]*|[ \t]+)(?:(?i:en\s+dan|dan|eh)[ ,…]+)?(?P<a>{_CAPITAL})[ \t]*(?:,[ \t]*)?(?P<b>{_CAPITAL})"
    # not a third capital: "drie vier vijf zes, A B C" is a list
    r"(?![ \t]*,?[ \t]*[A-Z](?![\w']))"
)
_UNCUED_HINT = re.compile(r"(?<![\w'])[A-Z](?![\w'])")


# Two letters after a postcode's digits that are words, not its letters, even after the cue.
_WORDS_AFTER_DIGITS = words(
    "aa af al as at da de do eh ei en er et ga ge ha he hm ho ie ik in is ja je jo la le me na ne nu of oh ok om "
    "op te to uw we wo ze zo ma di vr za am pm pp"
)
# A time or an amount before the digits: "om 14 15 ma", "tot 17 00 vr", "verdient 24 00 pm" (review).
_TIME_BEFORE_RE = re.compile(r"(?i)(?<!\w)(?:om|tot|van|vanaf|rond|verdient)\s+\Z")
# Without a cue one of the two letter names must be no word at all: "1326 en ka", not "3000 en jee", "1200 en vee".
_NEVER_WORDS = words("ka kaa pee dee cee ef kuu iks haa eks kay jay gee")
# Without a cue, digits and two letter names of which one is no Dutch word ("1326 en ka", "3888 el en"); not a year
# ("in 2020 en er").
_NAMED_RE = re.compile(
    rf"(?<![\w,.-])(?P<digits>[1-9]\d{{3}}),?[ \t]+(?P<a>{_LETTER_NAME_ALT})[ \t]+(?P<b>{_LETTER_NAME_ALT})(?![\w-])",
    re.IGNORECASE,
)
_YEAR_BEFORE_RE = re.compile(r"(?i)(?<!\w)(?:sinds|van|vanaf|in|tot|tussen|t/m)\s+\Z")


def _en_beside_a_name(a: str, b: str) -> bool:
    """Whether "en", if one of them, is the letter N: only beside another letter said by its name in lowercase ("en
    ka", "el en"); beside a letter as written ("1000 AA en de rest") or another "en" it is the word."""
    for one, other in ((a, b), (b, a)):
        low = other.lower()
        if one.lower() == "en" and (
            low == "en" or low not in LETTER_NAMES or len(other) < 2 or not other.islower()
        ):
            return False
    return True


# After "en" one of these makes it the word: "postcode 1000 aa en de rest" (but "3888 el en want ...": N).
_CLAUSE_AFTER_EN = re.compile(
    r"\s+(?i:de|het|een|ik|je|jij|hij|ze|zij|we|wij|dan|toen|nu|daar|dat|die|er|ook|zo|mijn|zijn|haar|ons|uw)(?!\w)"
)


def _en_ends(text: str, m: re.Match[str]) -> bool:
    """Whether the match ends on "en" that goes on as the word (see ``_CLAUSE_AFTER_EN``)."""
    return m.group("b").lower() == "en" and _CLAUSE_AFTER_EN.match(text, m.end()) is not None


def _named_postcodes(text: str) -> Iterator[Found]:
    for m in _NAMED_RE.finditer(text):
        a, b = m.group("a").lower(), m.group("b").lower()
        if (
            m.group("digits").startswith(("19", "20"))
            or (a not in _NEVER_WORDS and b not in _NEVER_WORDS)
            or not _en_beside_a_name(m.group("a"), m.group("b"))
            or _en_ends(text, m)
        ):
            continue
        if _letter(a) + _letter(b) not in ("SA", "SD", "SS"):
            yield m.start(), m.end(), POSTCODE


def find_spoken_postcodes(text: str) -> Iterator[Found]:
    """Dictated postcodes after "postcode", and without it in their full shape (see the module docstring)."""
    if _UNCUED_HINT.search(text):
        for m in _UNCUED_RE.finditer(text):
            digits = _digits(m.group("digits"), False)
            letters = m.group("a")[-1] + m.group("b")[-1]
            if len(digits) == 4 and digits[0] != "0" and letters not in ("SA", "SD", "SS"):
                yield m.start(), m.end(), POSTCODE
    yield from _named_postcodes(text)
    for cue in _CUE_RE.finditer(text):
        window = text[cue.end() : cue.end() + _CUE_REACH]
        end = _SENTENCE_END.search(window)
        if end is not None and end.group().startswith("?"):
            # "En uw postcode? > Beller: Drie vijf drie één, ha ka.": the answer is the next sentence.
            end = _SENTENCE_END.search(window, end.end())
        window_end = cue.end() + (end.start() if end is not None else len(window))
        for m in _SPOKEN_POSTCODE_RE.finditer(text, cue.end(), window_end):
            if (
                _YEAR_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
                and m.group("digits").isdigit()
            ) or _TIME_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
                continue  # "op dit adres gewoond van 2015 t m 2019", "adres is sinds 2019 e n d": a year
            digits = _digits(m.group("digits"), bool(m.group("pairs")))
            together = m.group("ab")
            if together is not None and not together.isupper() and together.lower() in _WORDS_AFTER_DIGITS:
                continue  # "postcode drie vijf zes twee en ...": a word, not the letters ("25 72 tv" are letters)
            if together is None and (not _en_beside_a_name(m.group("a"), m.group("b")) or _en_ends(text, m)):
                continue
            letters = together.upper() if together else _letter(m.group("a")) + _letter(m.group("b"))
            if len(digits) == 4 and digits[0] != "0" and letters not in ("SA", "SD", "SS"):
                yield m.start(), m.end(), POSTCODE


# --- written down by a transcriber -------------------------------------------------------------------------
# "spatie": the space dictated as a word ("3572, spatie, HG", eleventh dev author).
_FILLER = r"(?:(?:\s*,\s*|\s+)(?:eh|ehm|uh|uhm|en\s+dan|dan|zeg\s+maar|spatie),?\s+){1,2}"
_WRITTEN_RE = re.compile(
    r"(?<![\w.,-])(?P<d>[1-9]\d{3})(?:"
    r"\s?(?P<a>[A-Za-z])\.\s?(?P<b>[A-Za-z])\.?(?!\w)"  # 3562 H.K.
    rf"|{_FILLER}(?P<l>[A-Za-z]{{2}}|[A-Z]\s[A-Z])(?!\w)"  # 3526 eh GL, 3514 en dan SG
    r"|[ \t](?P<sl>[a-z][ \t][a-z])(?!\w)"  # after a cue: "mijn adres 3562 c d" (nineteenth dev author)
    r"|[ \t]*\n[ \t]*(?P<n>[A-Za-z]{2})(?!\w)"  # 3531 / WS on the next line
    r"|\.(?P<dot>[a-z]{2})(?![\w.])"  # 3552.vg
    r")"
)
_NUMBER_NEXT_RE = re.compile(r"\s*(?:,\s*)?\d")
_NOT_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS", "WK", "EK", "NK", "OS", "CU"})
_LETTERS_FIRST_RE = re.compile(r"(?<![\w-])(?P<l>[A-Z]{2}) (?P<d>[1-9]\d{3})(?![\w-])")
_APART_RE = re.compile(r"(?<![\w,.-])[1-9](?: \d){3} [A-Z] ?[A-Z](?![\w])")
_WRITTEN_CUE = re.compile(r"(?i)(?<!\w)(?:post\s?code|p\.\s?c\.|pc|adres|woonadres)(?!\w)")


def _cued(text: str, start: int) -> bool:
    """Whether a postcode cue stands before ``start`` in the same sentence."""
    window = text[max(0, start - _CUE_REACH) : start]
    cues = list(_WRITTEN_CUE.finditer(window))
    return bool(cues) and _SENTENCE_END.search(window, cues[-1].end()) is None


def find_written_postcodes(text: str) -> Iterator[Found]:
    """Postcodes written down in the forms of the module docstring: in capitals anywhere, in lowercase after a cue
    in the same sentence; never SA, SD, SS, nor a dot before a common two-letter word ("1234.nl")."""
    for m in _WRITTEN_RE.finditer(text):
        letters = (
            m.group("l")
            or m.group("sl")
            or m.group("n")
            or m.group("dot")
            or (m.group("a") or "") + (m.group("b") or "")
        )
        letters = letters.replace(" ", "")
        if letters.upper() in ("SA", "SD", "SS"):
            continue
        if m.group("sl") and (letters == "tm" or _NUMBER_NEXT_RE.match(text, m.end())):
            continue  # "van 2015 t m 2019": speech recognition's t/m, not letters
        if m.group("dot"):
            # "3552.vg"; not "het kostte 2019.ab" (a year or an amount, unless a cue says postcode).
            year = m.group("d").startswith(("19", "20"))
            if letters in TWO_LETTER_WORDS or (year and not _cued(text, m.start())):
                continue
        elif not letters.isupper() and (letters in TWO_LETTER_WORDS or not _cued(text, m.start())):
            continue  # "postcode 1000 eh en de rest": "eh" are the letters, "en" a word
        yield m.start(), m.end(), POSTCODE
    for m in _APART_RE.finditer(text):
        if m.group().replace(" ", "")[-2:] not in ("SA", "SD", "SS"):
            yield m.start(), m.end(), POSTCODE
    # The letters before the digits, after a cue in the same sentence: "postcode ... XB 3404" (twelfth dev author).
    low = text.lower()
    for m in _LETTERS_FIRST_RE.finditer(text) if "post" in low or "adres" in low else ():
        if m.group("l") not in _NOT_POSTCODE_LETTERS and _cued(text, m.start()):
            yield m.start(), m.end(), POSTCODE
