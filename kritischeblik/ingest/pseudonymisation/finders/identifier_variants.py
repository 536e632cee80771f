"""Identifiers as the seventh dev author wrote them down, the forms the other finders miss. Pure;
:func:`.identifiers.find_identifiers` combines the finders.

* A letter O typed for a zero in a phone number ("O6-41 28 77 93", "06-4O 28 77 93"): the number is read
  again with the O as a zero. Only an O against digits and not inside a word ("Oost 12" stays).
* Letters a scanner reads for digits in a number ("Geb.datum: l4-O7-2OOl", "Tel.: O6-2O 48 l3 97", "Postcode:
  3S82 JJ", "Lft: l8"; fifteenth dev author): :func:`read_look_alikes` gives the text with them as digits, at the
  same offsets, for all finders. Only in a word of digits and look-alikes with a digit in it; an S or I needs
  two digits (or O's and l's) beside it.
* A BSN right after its cue, read in groups with commas or a hesitation ("BSN, 293, 847, 563",
  "BSN 1 8 2, 7 3 6, 4 5 3", "BSN 234 eh 567 818"): the first nine digits pass the elfproef.
* A name and an age after "van" before a verb or "niet" ("Lotte van vijf niet naar school", "Sem van 8 gaat");
  the age in lowercase words or digits, so a surname ("Jan van Acht") stays a name.
* The house number a few words after a postcode in the same sentence ("3552 EH, nou ja, dat is de postcode,
  nummer 14"), and a dwelling with a floor after a street and number ("Kanaalstraat 14bg is de winkel, hij zit
  op 14-1"; not "op 3-1 gewonnen").
* An age worked out right after a year of birth ("een 2007'er, dus toen dertien"), the age of twins or triplets
  ("de tweeling, die zijn zeven": twins are no count), a room number in a care home or hospital ("in De
  Rijnhof, kamer 114"; not "kamer 3" at home).
* A date of birth given as a season and year, and the part of a month after it ("geboren in de zomer van 2004,
  eind juli"), after ``geboren``/``geb.``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from ..categories import BSN, DATUM, LEEFTIJD, LOCATIE, POSTCODE, TELEFOONNUMMER
from .age_words import MONTH_ALT, MONTHS
from .identifier_numbers import elfproef
from .spoken_numbers import SPELLED, UNITS

Found = tuple[int, int, str]

# --- a letter O for a zero ------------------------------------------------------------------------

# An O against the digits of a number, not inside a word: "O6-…", "06-4O 28 …".
_O_FOR_ZERO = re.compile(
    r"[Oo](?=[ .\-/]?\d)"
)  # the letter before is checked apart: a lookbehind first is slow


def find_o_for_zero(text: str, find_phones: Callable[[str], Iterable[Found]]) -> Iterator[Found]:
    """Phone numbers with an O typed for a zero; ``find_phones``: the phone finder, run on the text with those
    O's read as zeros (same offsets)."""
    hits = [m.start() for m in _O_FOR_ZERO.finditer(text) if not text[m.start() - 1 : m.start()].isalpha()]
    if not hits:
        return
    chars = list(text)
    for i in hits:
        chars[i] = "0"
    for s, e, category in find_phones("".join(chars)):
        if category == TELEFOONNUMMER and any(s <= i < e for i in hits):
            yield s, e, category


# A word of digits and the letters a scanner takes for them (O o → 0, l I → 1, S → 5), not touching a letter. Not
# the bar: it boxes the characters of a form ("|3|5|6|3|B|R|").
# Possessive: a long run that ends against a letter is given up at once, not tried shorter and shorter.
_LOOK_ALIKE_WORD = re.compile(r"(?<!\w)[0-9OolIS]++(?!\w)")
# Six characters with two letters together is a postcode or a plate as written ("1000IO", "00ll00"), not a scan.
_CODE_SHAPE = re.compile(r"(?=.{6}\Z).*[OolIS]{2}")
_LOOK_ALIKE_HINT = re.compile(r"[OolIS]\d|\d[OolIS]")
_AS_DIGITS = str.maketrans("OolIS", "00115")


def read_look_alikes(text: str) -> str:
    """``text`` with the scanner's look-alike letters in its numbers read as digits (see above); same length."""
    if _LOOK_ALIKE_HINT.search(text) is None:
        return text
    chars = list(text)
    for m in _LOOK_ALIKE_WORD.finditer(text):
        word = m.group()
        if word.isdigit() or not any(c.isdigit() for c in word) or _CODE_SHAPE.match(word):
            continue
        digits = sum(c.isdigit() or c in "Ool" for c in word)
        if ("S" in word or "I" in word) and digits < 2:
            continue
        chars[m.start() : m.end()] = word.translate(_AS_DIGITS)
    return "".join(chars)


# --- a BSN read in groups -------------------------------------------------------------------------

_BSN_CUE = re.compile(r"(?i)(?<!\w)(?:bsn(?:-?nummer)?|burgerservicenummer|sofinummer)(?!\w)")
_LEAD = re.compile(r"(?:\W|(?i:is|was|nummer|dat\s+is))*")
_GROUP = re.compile(r"\d+")
# Between the groups: a comma, spaces, a dot or dash, or a hesitation ("234 eh 567 818").
_BETWEEN = re.compile(r"(?:\s*,\s*|\s+|[.-])(?:(?i:eh|ehm|uh|uhm)(?:\s*,\s*|\s+))?")


def find_grouped_bsn(text: str) -> Iterator[Found]:
    """A BSN right after its cue in any grouping (see above)."""
    for cue in _BSN_CUE.finditer(text):
        pos = _LEAD.match(text, cue.end()).end()
        start, digits, end = pos, "", pos
        while len(digits) < 9:
            g = _GROUP.match(text, pos)
            if g is None:
                break
            digits += g.group()
            end = g.end()
            gap = _BETWEEN.match(text, end)
            if gap is None:
                break
            pos = gap.end()
        if len(digits) == 9 and elfproef(digits) and not text[end : end + 1].isdigit():
            yield start, end, BSN


# Read out later in the sentence, as digit words or with pauses (twelfth dev author): "sofinummer. Ik heb een
# kaartje. 4-5-3... 3-3-1... 4-7-6", "ik heb het hier staan, drie één acht, vijf zes één, nul nul één". Nine digits
# passing the elfproef, a cue at most this far back.
_SPOKEN_BSN_REACH = 200
_SPOKEN_BSN_CUE = re.compile(
    r"(?i)(?<!\w)(?:bsn(?:-?nummer)?|burger\s?service\s?nummer|sofi(?:-?nummer)?)(?!\w)"
)
_DIGIT_TOKEN = re.compile(rf"(?i)(?<!\w)(?:{'|'.join(UNITS)}|één|\d{{1,4}})(?![\w])")
# The dots of a written BSN may be read out too ("1234 punt 56 punt 782").
_TOKEN_GAP = re.compile(r"[\s,.\-…]*(?:(?i:eh|ehm|uh|punt|streepje)[\s,.…]*)?")
_WORD_DIGITS = {word: str(value) for value, word in enumerate(UNITS)} | {"één": "1"}


def find_spoken_bsn(text: str) -> Iterator[Found]:
    """A BSN read out after its cue as above: in a run of digit tokens, nine digits passing the elfproef; the
    last nine first ("een, negen vier vier, ...": the run may start with a word that is no digit of it)."""
    for cue in _SPOKEN_BSN_CUE.finditer(text):
        tokens = list(_DIGIT_TOKEN.finditer(text, cue.end(), cue.end() + _SPOKEN_BSN_REACH))
        digits = [_WORD_DIGITS.get(t.group().lower(), t.group()) for t in tokens]
        runs, start = [], 0
        for j in range(1, len(tokens) + 1):
            if j == len(tokens) or _TOKEN_GAP.fullmatch(text, tokens[j - 1].end(), tokens[j].start()) is None:
                runs.append((start, j))
                start = j
        found = _bsn_in_runs(runs, digits)
        if found is not None:
            yield tokens[found[0]].start(), tokens[found[1] - 1].end(), BSN


def _bsn_in_runs(runs: list[tuple[int, int]], digits: list[str]) -> tuple[int, int] | None:
    """The first run's token window ``(i, j)`` spelling nine digits that pass the elfproef, preferring windows
    that end where the run ends."""
    for a, b in runs:
        for j in range(b, a, -1):
            for i in range(j - 1, a - 1, -1):
                spelled = "".join(digits[i:j])
                if len(spelled) > 9:
                    break
                if len(spelled) == 9 and elfproef(spelled):
                    return i, j
    return None


# --- a name and an age after "van" ----------------------------------------------------------------

_VERB_AFTER = (
    r"niet|nog|ook|heeft|had|hebben|gaat|ging|gingen|gaan|kan|kon|konden|moet|moest|moesten|mocht|mag|zat|zaten"
    r"|speelt|speelde|speelden|kwam|kwamen|komt|komen|woont|woonde|doet|deed|zit|zitten|wil|wilde|wilden"
)
# Found from " van" on (a literal is fast to scan for), the name checked before it.
_VAN_AGE = re.compile(rf" van\s+(?P<n>(?:{SPELLED})|1[0-9]|[1-9])(?=\s+(?:{_VERB_AFTER})(?!\w))")
_PLACE_WORDS = frozenset({"naar", "in", "uit", "bij", "tegen", "vanuit", "richting", "via"})
_NAME_BEFORE = re.compile(r"(?<=[a-z,] )(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\Z")


def find_name_van_age(text: str) -> Iterator[Found]:
    """ "Lotte van vijf niet naar school": the age after a name and "van" (see above)."""
    if " van " not in text:
        return
    for m in _VAN_AGE.finditer(text):
        name = _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if name is None or name.group("name").lower() in MONTHS:
            continue
        before = text[max(0, name.start() - 6) : name.start()].lower().split()
        # A place or an organisation before "van": "de trein naar Utrecht van 9", "de vergadering in Zwolle van 10".
        if not (before and before[-1] in _PLACE_WORDS):
            yield m.start("n"), m.end("n"), LEEFTIJD


# --- a house number after a postcode --------------------------------------------------------------

_NUMBER_AFTER_POSTCODE = re.compile(
    r"[^.!?\n]{0,50}?(?<!\w)(?i:huisnummer|nummer|nr\.?)\s*(?P<n>[1-9]\d{0,3}(?:\s?[a-zA-Z](?!\w))?)(?![\w]|[.,:]\d)"
)


# A place in a ranking, not a house number: "ik sta nummer 2 op de wachtlijst", "hij was nummer 1".
_RANKING = re.compile(
    r"(?i:sta|staat|stond|stonden|ben|bent|is|was|waren|werd|word|wordt|als)\s+(?i:nummer|nr\.?)\s*\Z"
)


# After a street and number, another dwelling in the building: "Kanaalstraat 14bg is de winkel, hij zit op 14-1".
_FLOOR_AFTER_STREET = re.compile(
    r"[^.!?\n]{0,80}?(?<!\w)(?i:op)\s+(?P<n>[1-9]\d{0,3}-(?:[1-9]|[IVX]{1,3}))(?![\w/-]|[.,:]\d)"
    r"(?!\s*(?i:uur|keer|minuten|gewonnen|verloren|gelijk|voor|achter|stand|om|tot|was|is|had|hadden|heb|hebben"
    r"|kwam|kwamen)(?!\w))"
)


# The age worked out right after a year of birth: "ze is een 2007'er, dus toen dertien", "van 1950, dus nu 70".
_AGE_AFTER_YEAR = re.compile(
    r"(?:['’]?(?i:ers?))?\s*,\s*(?i:dus|nu|toen)(?:\s+(?i:nu|toen|pas|al|bijna|ruim|net))*\s+"
    rf"(?P<n>1[01]\d|[1-9]\d?|(?i:{SPELLED}))(?:\s+(?i:jaar))?(?=\s*[.;!?)]|\s*,|\s*$)"
)
_ENDS_WITH_YEAR = re.compile(r"(?:(?:19|20)\d\d|['’]\d\d)['’]?\Z")


def numbers_after(text: str, found: Iterable[Found]) -> Iterator[Found]:
    """The house number a few words after a postcode that ``found`` holds, a dwelling with a floor after a
    street and number, and an age right after a year of birth."""
    for s, e, category in found:
        if category == POSTCODE:
            m, out = _NUMBER_AFTER_POSTCODE.match(text, e), LOCATIE
        elif category == LOCATIE and any(c.isdigit() for c in text[s:e]):
            m, out = _FLOOR_AFTER_STREET.match(text, e), LOCATIE
        elif category == DATUM and _ENDS_WITH_YEAR.search(text, s, e):
            m, out = _AGE_AFTER_YEAR.match(text, e), LEEFTIJD
        else:
            continue
        if m is None or (category == POSTCODE and _RANKING.search(text, 0, m.start("n"))):
            continue
        yield m.start("n"), m.end("n"), out


# --- twins and rooms ------------------------------------------------------------------------------

# Twins and triplets share one age, so a number after them is no count: "de tweeling, die zijn zeven", "de
# drieling is 3".
_TWINS_AGE = re.compile(
    r"(?<!\w)(?i:tweeling|drieling|vierling)(?:\s+[\w']+){0,4}?\s*,?\s+(?:(?i:die|ze|zij)\s+)?(?i:zijn|is|waren|was|worden|wordt)"
    rf"(?:\s+(?i:nu|al|bijna|net|pas|inmiddels|ook))*\s+(?P<n>1[01]\d|[1-9]\d?|(?i:{SPELLED}))(?:\s+(?i:jaar))?"
    r"(?=\s*[,.;!?)]|\s+(?:en|maar|dus|of)(?!\w)|\s*$)"
)
# A room in a care home, hospital or shelter: "in De Rijnhof, kamer 114", "kamer 214 van het verpleeghuis".
# The sentence must name such a place (a care word, or "in" + a capitalised name before "kamer"); "kamer 3" at
# home, "de Tweede Kamer" and "kamer 12 keer" stay.
_ROOM = re.compile(
    # a room numbered by floor: "kamer 2.14" (sixteenth dev author)
    r"(?<![\w-])(?i:kamer|kamernummer|kamernr\.?)\s*(?P<n>[1-9]\.\d{2}|\d{2,4}[a-zA-Z]?)(?![\w/.,-]?\d)"
    r"(?!\s*(?i:keer|x|per|bij|meter|m|euro)(?!\w))"
)
_CARE = re.compile(
    r"(?i:verpleeg|verzorg|zorgcentrum|woonzorg|ziekenhuis|revalid|hospice|kliniek|(?<![a-z])tehuis|opvang"
    r"|afdeling)|(?<!\w)(?i:in)\s+(?i:de|het)\s+(?=[A-Z])\w*(?i:hof|huis|hoeve|oord|borg|staete|stede|heem"
    r"|weide|state|hove|wijk|zicht|dal|veld|bosch|burg|horst|bloem|anker|kamp|haven)(?!\w)"
)
# Not the dot of a room numbered by floor ("kamer 1.05 en kamer 3.12").
_SENTENCE = re.compile(r"[.!?](?!\d)|\n")


def find_twins_and_rooms(text: str, low: str) -> Iterator[Found]:
    """Ages of twins and rooms in care homes (see above)."""
    if "ling" in low:
        for m in _TWINS_AGE.finditer(text):
            yield m.start("n"), m.end("n"), LEEFTIJD
    if "kamer" in low:
        for m in _ROOM.finditer(text):
            stops = [x.end() for x in _SENTENCE.finditer(text, 0, m.start())]
            start = stops[-1] if stops else 0
            after = _SENTENCE.search(text, m.end())
            sentence = text[start : after.start() if after is not None else len(text)]
            if _CARE.search(sentence) and not re.search(r"(?i)tweede\s+kamer", sentence):
                yield m.start("n"), m.end("n"), LOCATIE


# --- a date of birth as a season ------------------------------------------------------------------

_BIRTH_SEASON = re.compile(
    r"(?i:geboren|geb\.)\s+(?:(?i:is|was|ergens|in|rond|tijdens)\s+){0,2}(?:(?i:de|het)\s+)?"
    r"(?P<p>(?i:zomer|winter|lente|herfst|voorjaar|najaar)\s+(?:(?i:van)\s+)?(?:(?:19|20)\d\d|['’]\d\d))(?!\w)"
    rf"(?:\s*,?\s*(?P<q>(?i:begin|eind|half|medio|midden|eind)\s+(?i:{MONTH_ALT}))(?!\w))?"
)


def find_birth_seasons(text: str) -> Iterator[Found]:
    """ "geboren in de zomer van 2004, eind juli" (see above)."""
    for m in _BIRTH_SEASON.finditer(text):
        yield m.start("p"), m.end("p"), DATUM
        if m.group("q"):
            yield m.start("q"), m.end("q"), DATUM
