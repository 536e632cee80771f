"""Ages in Dutch speech: "Henny is 81", "lieke is 9", "Youssef (14,", "een meisje van 14", "81-jarige".

Only the number is replaced ("[LEEFTIJD-1] jaar"). Every rule is anchored on a candidate number (1-119 in
digits, or a spelled-out number): the text just before it is matched with a pattern that ends where the
number starts, the text after it with a pattern that starts where it ends. Numbers are rare in speech, so
this is far cheaper than scanning every word for a subject and a verb. The rules and their limits are
listed in :mod:`.identifiers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import LEEFTIJD
from .age_exceptions import participle_before
from .age_scores import score_talk
from .age_words import (
    ADULT_ROLES,
    APPROX_LAST,
    DECADES,
    DETERMINERS,
    DURATION_AFTER,
    DURATION_BEFORE,
    MONTH_ALT,
    MONTHS,
    NOT_BARE_SUBJECTS,
    NOT_PERSONS,
    PAREN_NOT_PERSONS,
    PARENTS,
    PERSON_NOUNS,
    PLURAL_PERSONS,
    PRONOUNS,
)
from .identifier_age_names import surname_after
from .identifier_age_ordinals import ordinal_ages
from .identifier_age_phrases import find_age_phrases
from .identifier_numbers import lower_aligned
from .lexicon import TITLES
from .spoken_numbers import SPELLED, SPELLED_PARTS, spelled_spans, spelled_value

Found = tuple[int, int, str]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NUM = r"(?:1[01]\d|[1-9]\d?)"

# A number that is not part of a longer number, a decimal, a score or a range.
# "65-plussers" is a group, not an age; "2½" is taken with its half (see identifier_age_forms).
_DIGIT_NUMBER_RE = re.compile(rf"(?<![\w.,:/€-]){_NUM}(?![\w%€]|[.,:/-]\d|(?i:\s?-?\s?plussers|\+ers))")
_ATTACHED_JARIG_RE = re.compile(rf"(?<![\w-])(?P<n>{_NUM}|(?i:{SPELLED}))(?i:jarige?)(?!\w)")
_PERSON_AFTER = re.compile(r"\s+(?P<w>[^\W\d_]+)")
# Halves: "1,5 jaar oud", "een kleintje van 2,5", "Lina (3,5)", "een broertje van anderhalf".
_HALF_RE = re.compile(r"(?<![\w.,:/€-])(?:\d{1,2},5|(?i:anderhalf))(?![\w%€]|[.,:/-]\d)")
_AND_A_HALF_RE = re.compile(r"\s+(?i:en\s+een\s+half|en\s+half)(?!\w)|\s?½")
# An answer to "hoe oud" in the same turn: "Ik vroeg: hoe oud was je toen? Twaalf, zei hij."
_HOW_OLD_RE = re.compile(
    r"(?i:hoe\s+oud)(?P<who>[^?\n]{0,100})\?\s*[\"'“‘]?\s*"
    r"(?:(?i:nou|eh|ehm|uh|ja|nee|zo'n|ongeveer|bijna|net|ik\s+denk|ik\s+schat|ik\s+gok|misschien),?\s+){0,2}"
    rf"(?P<n>{_NUM}|(?i:{SPELLED}))(?:\s+(?i:jaar))?"
    r"(?=\s*[,.!?;\"'”’]|\s+(?i:zei|zegt|denk|geloof|of\s+zo|ofzo|misschien|geworden)(?!\w)|\s*$)"
)

_VERB = r"(?i:is|was|wordt|werd|ben|bent|word|bin)"
_HEDGE_TAIL = re.compile(
    r"(?<![\w-])(?i:precies|krap|hooguit|amper|zowat|haast|welgeteld|ongeveer|bijna|ruim|net|pas|circa|ca\.)\s+\Z"
)
_ADV = (
    r"(?:(?:nu|toen|pas|al|net|bijna|ongeveer|rond|inmiddels|ook|ok|nog|zo'n|ruim|amper|zeker|intussen|krap|precies"
    r"|hooguit|zowat|haast|welgeteld"
    r"|dan|maar|nét|sinds\s+kort|(?:volgende|vorige|afgelopen|deze|komende)\s+(?:week|maand|zomer|winter|lente"
    r"|herfst)|(?:volgend|vorig|dit|komend)\s+(?:jaar|voorjaar|najaar)|morgen|overmorgen|binnenkort|straks"
    r"|vandaag|gisteren|eerst|eindelijk|allebei|beiden|beide|zelf|echt|wel|ondertussen|onderhand|nou|dus|geen"
    r"|trouwens|overigens|eigenlijk|natuurlijk|inderdaad|toevallig|gewoon|destijds|toentertijd|tegenwoordig|eh,?|ehm,?"
    r"|over\s+(?:een|twee|drie|vier|vijf|zes|\d{1,2})\s+(?:dagen|dag|weken|week|maanden|maand)"
    rf"|in\s+(?i:{MONTH_ALT})|in\s+de\s+(?:zomer|winter|herfst|lente|\w*vakantie)|in\s+het\s+(?:voorjaar|najaar))\s+){{0,4}}"
)
# After an age the sentence ends or goes on like this; "is 4 keer", "is 1 van de" and "is 5 euro" do not.
_AGE_END = (
    r"(?=\s*(?:[.!?;:)…\"'”’–—]|,(?!\d)|$)|\s+(?:en|maar|of|nu|inmiddels|geworden|hoor|toch|hè|he|hé|dus"
    r"|want|toen|ofzo|ongeveer|denk|geloof|schat|gok|zeg|misschien|volgens|bijna|in|op|heen|vorig|vorige|volgend"
    r"|volgende|afgelopen|geweest|ook|die\s+dag"
    r"|deze|dit|gisteren|morgen|vandaag|binnenkort|straks|als|wanneer|zodra)(?!\w)"
    # the next child of a list typed without commas: "Filmon die is 9 Ruta die is 6" (eighteenth dev author), "omid
    # die is nu 12 sahar die is negen"; the next clause without a full stop: "onze moeder is 78 die is geboren",
    # "hij zelf is 35 hij zit op de taalles" (twentieth)
    r"|\s+[A-Z][^\W\d_]+\s+(?:die\s+)?(?:is|was|wordt|werd)(?!\w)"
    r"|\s+[a-zà-ÿ]{3,}\s+die\s+(?:is|was|wordt|werd)(?!\w)"
    r"|\s+(?:haar|zijn|mijn|m'n|z'n|d'r)\s+[a-zà-ÿ]+\s+(?:is|was)(?!\w)"  # "mijn dochter is 16 haar broer is 14"
    r"|\s+(?:die|dat|hij|zij|ze|ik|wij|we)\s+(?:is|was|zit|zat|heeft|had|woont|woonde|gaat|ging|komt|kwam|werkt"
    r"|werkte|wil|kan|moet|doet|zegt|zei)(?!\w))"
)
_YEARS_END = (
    r"(?=\s*(?:[.!?;:)…\"'”’–—]|,|$)|\s+(?:oud|jong|geworden|en|maar|of|nu|inmiddels|hoor|toch|dus|want"
    r"|toen|ofzo|denk|geloof|schat|gok|zeg|misschien|volgens)(?!\w))"
)
_WORD = r"[^\W\d_][\w'-]*"
_DET = r"(?i:mijn|m'n|zijn|z'n|haar|d'r|onze|ons|hun|jullie|je|jouw|uw|de|die|dat|deze|het)"
_PERSON_NOUN_ALT = "|".join(sorted(PERSON_NOUNS, key=len, reverse=True))
_NOT_NAMES = NOT_PERSONS | frozenset(MONTHS)
# Left contexts end where the number starts (searched in the text before it); right contexts start
# where it ends (matched there).
_L_IS = re.compile(rf"(?<![\w'-])(?P<subj>{_WORD}|\[PERSOON-\d+\]),?\s+{_VERB}(?:\.{{2,3}}|…)?\s+{_ADV}\Z")
# A remark between the verb and the age: "Haar zoon is inmiddels, even denken, vijftien jaar", or between the
# subject and the verb: "Zijn broertje, groep 3, is zes jaar" (tried only after two commas).
_L_IS_REMARK = re.compile(
    rf"(?<![\w'-])(?P<subj>{_WORD}|\[PERSOON-\d+\])(?:,?\s+{_VERB}(?:\s+[^\W\d_]+)?\s*,\s*[^,.!?\d\n]{{1,30}},\s*"
    rf"|\s*(?:,\s*[^,.!?\n]{{1,25}},|\([^()\n]{{1,25}}\))\s+{_VERB}\s+){_ADV}\Z"
)
# "ze zijn 84 en 80", "de kinderen zijn 4 en 7": a plural subject that is people (see _plural_age).
_L_ARE = re.compile(rf"(?<![\w'-])(?P<subj>{_WORD}),?\s+(?i:zijn|waren|worden|werden)\s+{_ADV}\Z")
_L_INVERTED = re.compile(rf"(?<!\w){_VERB}\s+(?:(?P<det>{_DET})\s+)?(?P<subj>{_WORD})\s+{_ADV}\Z")
_R_AGE = re.compile(
    rf"\s+(?i:jaar|jaartjes|jr\.?|maanden|maand|maandjes|weken|weekjes){_YEARS_END}|{_AGE_END}"
)
# "Tom (eh, 9)"; in notes after a title written short: "mw. (72j)" (eleventh dev author).
_L_PAREN = re.compile(
    rf"(?<![\w'-])(?P<subj>{_WORD}|(?i:mw|mevr|dhr|hr|mr)\.)\s*\(\s*(?:(?i:eh|ehm|uh|uhm),?\s+)?\Z"
)
_L_COMMA_PAREN = re.compile(rf"(?<![\w'-])(?P<subj>{_WORD}),\s*\(\s*(?:(?i:eh|ehm|uh|uhm),?\s+)?\Z")
# "Daan (6)", "Youssef (14,", "twee kinderen (4 en 7)": a list closes the brackets too.
_R_PAREN = re.compile(
    r"(?:\s*(?i:jaar|jr\.?|j\.|j(?=\)))|\s*-\s*(?i:plus)|\+)?\s*(?:\??\s*[,);]|(?=\s+(?i:en|of)\s+\d{1,3}\s*(?:(?i:jaar|jr\.?)\s*)?\)))"
)
_L_APPOSITION = re.compile(rf"(?<![\w'-])(?P<subj>{_WORD}),\s+\Z")
_R_APPOSITION = re.compile(
    r"(?:\s+(?:jaar|maanden|maand|weken))?(?:\s+(?:oud|denk\s+ik|geloof\s+ik|schat\s+ik|gok\s+ik|of\s+zo|ofzo|ongeveer|misschien|inmiddels|intussen|nu|al|alweer|toen))?"
    r"(?:,\s|\s*[.;]|\s*$|(?=\s+(?i:en|of)\s+\d{1,3}(?:\s+jaar)?\s*,))"
)
_PUNCTUATION_RULES = ((_L_PAREN, _R_PAREN), (_L_COMMA_PAREN, _R_PAREN), (_L_APPOSITION, _R_APPOSITION))
_L_NAME_OF = re.compile(r"(?<!\w)(?P<subj>[A-Z][^\W\d_]+)\s+van\s+\Z")
_R_NAME_OF = re.compile(rf"\s+jaar{_YEARS_END}|(?=\s*[,.;:!?)]|\s+(?:en|die|is|was|zit|woont)(?!\w))")
_L_NOUN_OF = re.compile(
    rf"(?<!\w)(?P<noun>(?i:{_PERSON_NOUN_ALT})),?\s+van\s+(?:(?:pas|net|bijna|ongeveer|rond(?:\s+de)?"
    r"|nog\s+maar|maar)\s+)?\Z"
)
_R_NOUN_OF = re.compile(
    r"(?!\s*(?:%|procent|euro|kilo|kg|gram|cm|meter|km|uur|minuten|tot|naar|t/m|-|hoog|hg"
    r"|keer|kinderen|kids|jongens|meisjes|zonen|dochters|cliënten|bewoners|gezinnen|mensen|leerlingen|deelnemers"
    r"|jongeren|huishoudens|vrijwilligers|collega's|studenten"
    # a distance counted in dwellings or streets: "de jongen van drie huizen verder"
    r"|huizen|deuren|straten|portieken|flats|blokken|galerijen|verdiepingen|etages|haltes)(?!\w))"
)
_R_SPAN = re.compile(
    r"\s+(?i:dag|dagen|dagdelen|week|weken|maand|maanden|vierkante|uur|jaar\s+ervaring)(?!\w)"
)
# "iemand van 68", "mensen van 68 ook": words for any person, an age only where no noun follows.
_L_ANYONE_OF = re.compile(r"(?<!\w)(?i:iemand|mens|mensen|persoon|personen)\s+van\s+\Z")
_R_ANYONE_OF = re.compile(r"\s+(?i:ook|nog|zijn|waren|hebben|kunnen|moeten|willen|doen|weten)(?!\w)")
_R_YEARS = re.compile(r"\s+(?:jaar|jaren|jr)(?!\w)", re.IGNORECASE)
_R_OLD = re.compile(r"\s+(?i:jaar|maanden|maand|weken)(?:tjes)?\s+(?i:oud)(?!\w)")
# "81-jarige"; not the plural "18-jarigen", a group.
_R_JARIG = re.compile(r"\s*[-–]\s*(?i:jarige?)(?!\w)|\s+(?i:jarige?)(?!\w)")
_L_LEEFTIJD = re.compile(r"(?i:leeftijd(?:en)?|lft\.?)\s*(?:van\s*|:\s*|(?i:is|was|zijn|waren)\s+)?\Z")
_L_WHEN = re.compile(
    r"(?<!\w)(?i:toen|als|sinds|nu|tot|dat|omdat|voordat|totdat|tegen\s+de\s+tijd\s+dat)\s+"
    rf"(?:ze|zij|hij|ik|je|jij|ie|u|(?:(?i:meneer|mevrouw|juf|oma|opa)\s+)?[A-Z][\w'-]+"
    rf"|(?:(?:mijn|m'n|haar|zijn|z'n|de|onze|hun)\s+)?(?i:{_PERSON_NOUN_ALT}))\s+"
    r"(?:(?:nog|pas|net|ongeveer|bijna)\s+)?\Z"
)
_R_WHEN = re.compile(r"(?:\s+jaar)?\s+(?:was|werd|is|wordt|ben|bent|waren|werden|zijn|worden)(?!\w)")
_L_COMMA = re.compile(r"[,(]\s*\Z")
_R_COMMA_YEARS = re.compile(r"\s+(?i:jaar)(?=\s*[,)])")

# "kinderen van 4 en 6", "ze is 9 of 10", "van 4, 6 en 9", "is 10, bijna 11": the numbers after an age are
# ages too.
_MORE_N = rf"(?:{_NUM}(?![\w%€]|[.,:/-]\d)|(?i:{SPELLED})(?![\w-]))"
_MORE_AGES_RE = re.compile(
    rf"(?:(?:\s*,\s*{_MORE_N})*\s+(?i:en|of|tot|à|á)\s+{_MORE_N}"
    rf"|(?>\s*,?\s*)(?<=\s)(?i:bijna|ruim|haast|straks|binnenkort|al\s+bijna|nu\s+al|niet|nee,?)\s+{_MORE_N}"
    rf"|\s*,\s*{_MORE_N}(?=\s+(?i:jaar)(?!\w)))"
    r"(?!\s*(?:%|procent|euro|keer|uur|minuten|dagen|weken|maanden|jaar\s+(?:geleden|ouder|jonger|verschil))(?!\w))"
)
_MORE_NUMBER_RE = re.compile(_MORE_N)
# "de oudste is 16, de jongste 12", "Ahmed is 17 jaar en zijn zus 15": a second person and age, the verb left out.
_ELLIPTIC_RE = re.compile(
    rf"(?:\s+(?i:jaar)(?:\s+(?i:oud))?)?(?:\s*,\s*(?:en\s+)?|\s+en\s+)(?:(?:de|het|haar|zijn|z'n|mijn|m'n|hun|d'r)\s+)?"
    rf"(?P<who>(?i:{_PERSON_NOUN_ALT})|[A-Z][^\W\d_]+)\s+(?P<n>{_MORE_N})(?:\s+(?i:jaar))?"
    r"(?=\s*(?:[.!?;:)…]|,|$)|\s+(?:en|maar|of)(?!\w))"
)
_LEFT_CHARS = 90

# Between the context and the number may stand an approximation: "is zo'n 40", "van een jaar of vijftig",
# "is in de zeventig", "een vrouw van begin dertig", "die is tegen de tachtig". The second group only before a
# round ten: "in de 15" is no age range.
_APPROX_RE = re.compile(
    r"(?<!\w)(?:(?P<any>(?i:(?:(?:een|zo'n)\s+)?jaar\s+of|zo'n|ongeveer|om\s+en\s+nabij(?:\s+de)?|circa|ca\.|pakweg"
    r"|plusminus|ergens\s+rond(?:\s+de)?|rond\s+de|bijna|ruim|net|pas))"
    r"|(?P<decade>(?i:begin|eind|midden|half|halverwege|(?:(?:achter|voor|diep|ergens|hoog|laag|ver|dik|ruim|goed|net|al)\s+)?in\s+de"
    r"|(?:tegen|boven|over|onder|richting)\s+de)))\s+\Z"
)
# "een twintiger", "die vijftiger": a person by decade (not "de zestiger jaren", not the plural, a group).
_DECADE_NOUN_RE = re.compile(
    r"(?<![\w-])(?P<n>(?i:twintiger|dertiger|veertiger|vijftiger|zestiger|zeventiger|tachtiger|negentiger))"
    r"(?![\w-])(?!\s+(?i:jaren|generatie))"
)
# "haar 10e verjaardag", "zijn tachtigste verjaardag".
_BIRTHDAY_RE = re.compile(
    rf"(?<![\w-])(?:(?P<n>{_NUM})(?:e|ste|de)|(?P<w>(?i:eerste|tweede|derde|(?:{SPELLED})(?:ste|de))))\s+"
    r"(?i:verjaardag|verjaardagsfeest)(?!\w)"
)
# "Bram 12 jaar en Lotte 9 jaar", "dochter 12 jaar": a name or person word and a number of years, no verb.
_L_BARE = re.compile(r"(?<![\w'-])(?P<subj>[^\W\d_][\w'-]*)\s+\Z")
_R_BARE = re.compile(r"\s+(?i:jaar|jr\.?)(?:\s+(?i:oud))?(?=\s*[,;.)]|\s+(?:en|oud)(?!\w)|\s*$)")
# "met haar 81 jaar", "op zijn 16 jaar": the age a person does or did something at.
_L_AT_AGE = re.compile(
    r"(?<!\w)(?i:met|op|ondanks|bij|vanaf|sinds)\s+(?i:haar|zijn|z'n|mijn|m'n|d'r|je|jouw|hun|uw)\s+\Z"
)
_R_AT_AGE = re.compile(
    r"\s+(?i:jaar|jaartjes|jaren)(?!\w)(?!\s+(?:ervaring|werkervaring|dienst|huwelijk|werk|lang|geleden|ge\w{3,})(?!\w))"
)


def _person_subject(subj: str, det: str | None, inverted: bool) -> bool:
    s = subj.lower()
    if s.startswith("[persoon-") or s in PERSON_NOUNS:
        return True
    if s in NOT_PERSONS or (det is not None and det.lower() in DETERMINERS):
        return False
    if s in PRONOUNS:
        return True
    # Inverted ("dan is Lieke 9") only with a capitalised name: "is wel 5" is no age.
    return subj[:1].isupper() if inverted else True


_VERBS = _words("is was wordt werd ben bent word bin")
_PLURAL_VERBS = _words("zijn waren worden werden")
_WHEN_WORDS = _words("toen als sinds nu tot dat omdat voordat totdat")


def _determiner_before(left: str, start: int) -> str | None:
    """The word before a subject at ``left[start:]``, if no sentence ends between them."""
    head = left[max(0, start - 30) : start]
    if head.rstrip()[-1:] in (".", "!", "?", ";", ":"):
        return None
    before = re.findall(r"[\w'-]+", head)
    return before[-1] if before else None


_L_IS_VAN = re.compile(
    rf"(?<![\w'-])(?P<subj>{_WORD}|\[PERSOON-\d+\]),?\s+(?i:is|was|ben|bent)\s+{_ADV}van\s+\Z"
)
_L_ARE_VAN = re.compile(rf"(?<![\w'-])(?P<subj>{_WORD}),?\s+(?i:zijn|waren)\s+{_ADV}van\s+\Z")
# A comparison is no age: "hij leest als een kind van zes".
_LIKE_A = re.compile(r"(?<!\w)(?i:als|zoals)\s+(?i:een|'n)\s+\Z")
_L_NOUN_VAN = re.compile(rf"(?<!\w)(?i:{_PERSON_NOUN_ALT}),?\s+van\s+\Z")


def person_before_van(left: str) -> bool:
    """Whether ``left`` ends with a person and "van ", so that a year after it is the person's year of birth: "Hij
    is van ", "die is van ", "Fenna is van ", "de kinderen zijn van ", "een jongen van "; not "de brief is van "."""
    m = _L_IS_VAN.search(left)
    if m is not None:
        subj = m.group("subj")
        low = subj.lower()
        before = _determiner_before(left, m.start())
        titled = before is not None and before.lower() in TITLES  # "mevrouw oudshoorn is van 1952"
        person = low in PERSON_NOUNS or low.startswith("[persoon-") or low in PRONOUNS or subj[:1].isupper()
        return (person or titled) and _person_subject(subj, None if titled else before, inverted=False)
    m = _L_ARE_VAN.search(left)
    if m is not None:
        return m.group("subj").lower() in PLURAL_PERSONS
    return _L_NOUN_VAN.search(left) is not None


def _verb_age(text: str, s: int, e: int, left: str) -> bool:
    """Ages after a form of zijn or worden: "Henny is 81", "is ze 81", "ze zijn 84 en 80"."""
    r = _R_AGE.match(text, e)
    if r is None:
        return False
    years = "jaar" in r.group().lower()
    m = _L_IS.search(left)
    if m is None and (left[-45:].count(",") >= 2 or ")" in left[-45:]):
        m = _L_IS_REMARK.search(left)
    if m is not None:
        subj = m.group("subj")
        det = _determiner_before(left, m.start())
        if surname_after(left, m.start()):
            det = None  # "Jan de Vries is 84", "meneer de rooij is 84": "de" belongs to the name
        if not score_talk(text, s, e, subj, years) and _person_subject(subj, det, inverted=False):
            return True
    m = _L_INVERTED.search(left)
    if m is not None:
        subj = m.group("subj")
        person = m.group("det") is None or subj.lower() in PERSON_NOUNS
        if person and not score_talk(text, s, e, subj, years) and _person_subject(subj, None, inverted=True):
            return True
    m = _L_ARE.search(left)
    if m is not None and m.group("subj").lower() in PLURAL_PERSONS:
        # "we zijn 12" is a count: a plural is an age only with "jaar" or a list of ages after it.
        listed = years or _MORE_AGES_RE.match(text, e) is not None
        return listed and not score_talk(text, s, e, m.group("subj"), years)
    return False


def _punctuation_age(text: str, s: int, e: int, left: str) -> bool:
    """Ages between brackets or commas: "Youssef (14,", "Daan (6)", "Lieke, 9, zit", ", 81 jaar,"."""
    for left_re, right_re in _PUNCTUATION_RULES:
        m = left_re.search(left)
        if m is None or not right_re.match(text, e):
            continue
        subj = m.group("subj")
        if subj.lower() in NOT_PERSONS or subj.lower() in PAREN_NOT_PERSONS:
            continue
        # "Lieke, 9, zit" or "oma, 92, woont"; not "ja, 3, zeg maar".
        if left_re is _L_PAREN or subj[:1].isupper() or subj.lower() in PERSON_NOUNS:
            return True
    return bool(_L_COMMA.search(left) and _R_COMMA_YEARS.match(text, e)) and not participle_before(left)


def _of_age(text: str, s: int, e: int, left: str) -> bool:
    """Ages after "van": "Youssef van 14", "een meisje van 9" (after a parent word "van 4" counts children)."""
    m = _L_NAME_OF.search(left)
    if m is not None and _R_NAME_OF.match(text, e) and m.group("subj").lower() not in _NOT_NAMES:
        return True
    m = _L_NOUN_OF.search(left)
    like = m is not None and _LIKE_A.search(left, max(0, m.start() - 15), m.start()) is not None
    if m is not None and _R_NOUN_OF.match(text, e) and not like:
        number = text[s:e]
        few = not number.isdigit() or int(number) < 13
        noun = m.group("noun").lower()
        if noun in ADULT_ROLES:
            # "een vrijwilliger van 2 dagen per week", "de verpleegkundige van 7" (a shift): an adult's age only
            value = int(number) if number.isdigit() else spelled_value(number)
            return value is not None and value >= 16 and not _R_SPAN.match(text, e)
        return not (noun in PARENTS and few and not _R_YEARS.match(text, e))
    m = _L_ANYONE_OF.search(left)
    return m is not None and (_R_AGE.match(text, e) is not None or _R_ANYONE_OF.match(text, e) is not None)


def _bare_age(text: str, e: int, left: str) -> bool:
    """Years without a verb: "Bram 12 jaar en Lotte 9 jaar", "met haar 81 jaar"."""
    m = _L_BARE.search(left)
    if m is not None and _R_BARE.match(text, e):
        subj = m.group("subj")
        low = subj.lower()
        if (
            subj[:1].isupper() and low not in NOT_BARE_SUBJECTS and low not in _NOT_NAMES
        ) or low in PERSON_NOUNS:
            return True
    return _L_AT_AGE.search(left) is not None and _R_AT_AGE.match(text, e) is not None


def _is_age(text: str, s: int, e: int, left: str) -> bool:
    """Whether the number at ``text[s:e]`` is an age, by the words around it.

    Each rule first checks a word or character it cannot do without (cheap), then its patterns.
    """
    words = [w.lower().strip(",;:.…") for w in left[-60:].split()[-6:]]
    tail = left.rstrip()[-1:]
    if any(w in _VERBS or w in _PLURAL_VERBS for w in words) and _verb_age(text, s, e, left):
        return True
    if (tail in ("(", ",") or "(" in left[-7:]) and _punctuation_age(text, s, e, left):
        return True
    if "van" in words[-4:] and _of_age(text, s, e, left):
        return True
    if _R_OLD.match(text, e) or _R_JARIG.match(text, e):
        return True
    tail20 = left[-20:].lower()
    if ("leeftijd" in tail20 or "lft" in tail20) and _L_LEEFTIJD.search(left):
        return True
    if _R_YEARS.match(text, e) and _bare_age(text, e, left):
        return True
    return (
        any(w in _WHEN_WORDS for w in words) and bool(_L_WHEN.search(left)) and bool(_R_WHEN.match(text, e))
    )


def _hedged_age(text: str, s: int, e: int, left: str) -> bool:
    """An age behind a hedge ("een jongen, hooguit 25", "Dylan, de oudste, precies veertien"): the hedge says
    nothing about whether the number is an age, the words before it do."""
    cut = _HEDGE_TAIL.search(left)
    return cut is not None and _is_age(text, s, e, left[: cut.start()])


def _approximate_age(text: str, s: int, e: int, left: str) -> bool:
    """An age behind an approximation ("is in de zeventig", "van een jaar of vijftig"): the context before
    the approximation decides."""
    words = left[-12:].split()
    if not words or words[-1].lower().lstrip("([") not in APPROX_LAST:
        return False  # cheap: most numbers have no approximation before them
    m = _APPROX_RE.search(left)
    if m is None or (m.group("decade") and text[s:e].lower() not in DECADES):
        return False
    return _is_age(text, s, e, left[: m.start()])


# Adverbs between a verb and a duration: "ik werk nu 22 jaar in de wijk".
_DURATION_ADVERBS = _words("nu inmiddels ook toch zeker wel dus intussen ondertussen alweer")


def looks_like_duration(text: str, start: int, end: int) -> bool:
    """Whether "N jaar" at ``text[start:end]`` (the number, "jaar" after it) reads as a duration: "heeft 40 jaar
    gewerkt", "in 5 jaar", "al 20 jaar". For vetting other finders' ages; :func:`find_ages` never flags these."""
    if text[start:end].isdigit() and int(text[start:end]) > 119:
        return True  # "samen 180 jaar": no one's age
    before = [w for w in text[max(0, start - 40) : start].lower().split() if w not in _DURATION_ADVERBS]
    after = text[end : end + 40].split()[1:2]
    if before and before[-1].strip(",") in DURATION_BEFORE:
        return True
    word = after[0].lower().strip(",.;:!?") if after else ""
    return word in DURATION_AFTER or (
        word.startswith("ge") and len(word) > 5 and word.endswith(("d", "t", "en"))
    )


def _candidates(text: str, low: str, digits: bool, spelled: bool) -> Iterator[tuple[int, int]]:
    if digits:
        for m in _DIGIT_NUMBER_RE.finditer(text):
            yield m.span()
    if (digits and ",5" in text) or "anderhalf" in low:
        for m in _HALF_RE.finditer(text):
            yield m.span()
    if spelled:
        for a, b in spelled_spans(text, low if len(low) == len(text) else lower_aligned(text)):
            # A bare "een" is an article; "één jaar" can be an age.
            if text[a:b].lower() not in ("een", "één") or _R_YEARS.match(text, b):
                yield a, b


def find_ages(text: str, digits: bool | None = None, spelled: bool | None = None) -> Iterator[Found]:
    """Ages in ``text``. ``digits``/``spelled``: whether the text can hold digits / spelled-out numbers
    (computed when not given; the caller may know already)."""
    low = text.lower()
    if digits is None:
        digits = any(c.isdigit() for c in text)
    if spelled is None:
        spelled = any(p in low for p in SPELLED_PARTS)
    anchored = list(_anchored_ages(text, low, digits, spelled))
    yield from anchored
    yield from find_age_phrases(text, anchored)


def _anchored_ages(text: str, low: str, digits: bool, spelled: bool) -> Iterator[Found]:
    for s, e in _candidates(text, low, digits, spelled):
        left = text[max(0, s - _LEFT_CHARS) : s]
        if _is_age(text, s, e, left) or _approximate_age(text, s, e, left) or _hedged_age(text, s, e, left):
            half = _AND_A_HALF_RE.match(text, e)  # "drie en een half": the half belongs to the age
            e = half.end() if half is not None else e
            yield s, e, LEEFTIJD
            yield from _more_ages(text, e)
    if "hoe oud" in low:
        for m in _HOW_OLD_RE.finditer(text):
            if _asks_about_person(m.group("who")):
                yield m.start("n"), m.end("n"), LEEFTIJD
    if "iger" in low:
        for m in _DECADE_NOUN_RE.finditer(text):
            yield m.start("n"), m.end("n"), LEEFTIJD
    if "verjaardag" in low:
        for m in _BIRTHDAY_RE.finditer(text):
            yield (
                (m.start("n"), m.end("n"), LEEFTIJD) if m.group("n") else (m.start("w"), m.end("w"), LEEFTIJD)
            )
    if "jarig" in low:
        for m in _ATTACHED_JARIG_RE.finditer(text):
            yield m.start("n"), m.end("n"), LEEFTIJD
    yield from ordinal_ages(text, low, digits, spelled)


def _asks_about_person(question: str) -> bool:
    """ "hoe oud was je toen", "hoe oud is Lotte", "hoe oud is haar zoon"; not "hoe oud is dat huis"."""
    words = re.findall(r"[\w'-]+", question)
    if not words:
        return True  # a bare "Hoe oud?" follows talk about someone
    return any(
        w.lower() in PRONOUNS
        or w.lower() in ("jullie", "we", "wij")
        or w.lower() in PERSON_NOUNS
        or (w[:1].isupper() and w.lower() not in NOT_PERSONS)
        for w in words
    ) and not any(w.lower() in ("dat", "dit", "het") for w in words[:2])


def _more_ages(text: str, end: int) -> Iterator[Found]:
    for _ in range(8):  # a list of a household's ages is short
        m = _MORE_AGES_RE.match(text, end)
        if m is not None:
            for n in _MORE_NUMBER_RE.finditer(text, m.start(), m.end()):
                after = _PERSON_AFTER.match(text, n.end())
                if after is not None and after.group("w").lower() in PERSON_NOUNS:
                    return  # "een dochter van 12 en twee zoons van 8 en 5": a count of people, not an age
                if n.group().lower() not in ("een", "één"):
                    half = _AND_A_HALF_RE.match(text, n.end())  # "is 10, tien en een half"
                    yield n.start(), half.end() if half is not None else n.end(), LEEFTIJD
            end = m.end()
        m = _ELLIPTIC_RE.match(text, end)
        if m is None or m.group("n").lower() in ("een", "één") or m.group("who").lower() in _NOT_NAMES:
            return
        yield m.start("n"), m.end("n"), LEEFTIJD
        end = m.end("n")
