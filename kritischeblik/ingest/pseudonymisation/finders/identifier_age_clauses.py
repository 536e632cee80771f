"""Ages in the clauses of the sixth dev author, which the anchored finder (:mod:`.identifier_ages`) and the other
age modules miss because the number stands where they look for something else:

* the number first, the subject after the verb: "Negentig is ze, en nog zo helder", "Twaalf jaar was hij toen."
  (only with a personal pronoun as subject, at the start of a sentence or clause; not "Vier is het");
* "telt N jaren" as old people say it ("die telt 96 jaren");
* an ordinal with "levensjaar" ("in haar drieënnegentigste levensjaar", "in zijn 93e levensjaar");
* an approximation between commas after a person ("tante riet, zo noemt iedereen haar, ruim negentig, die komt
  ..."): only with a person word or title earlier in the sentence, and no unit after the number;
* "met N jaar" as the age someone does something at ("met tachtig jaar nog zo", "met 15 jaar van school"); not
  before a noun of duration ("met 40 jaar ervaring", "met 5 jaar vertraging") or a participle ("met 30 jaar
  gewerkt");
* an age the person gives himself ("Hij zegt zelf negentien.").

Only the number is replaced, as for every age. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import LEEFTIJD
from .age_words import DECADES, PERSON_NOUNS, SCORE_PARTS
from .identifier_numbers import lower_aligned
from .lexicon import TITLES
from .spoken_numbers import SPELLED, SPELLED_ORDINAL, TENS

Found = tuple[int, int, str]

_NUM = r"(?:1[01]\d|[1-9]\d?)"
_N = rf"(?:{_NUM}(?![\w%€]|[.,:/-]\d)|(?i:{SPELLED})(?![\w-]))"
_CLAUSE_GOES_ON = (
    r"(?=\s*[,.!?;:…)]|\s*$|\s+(?i:en|maar|nu|al|inmiddels|geworden|alweer|pas|toch|hoor|dus|nog|ook|zeker"
    r"|vandaag|gisteren|toen|denk|geloof)(?!\w))"
)
# Found from the verb and pronoun (a scan for every spelled number would be slow), then the number before them.
_VERB_PRONOUN_RE = re.compile(rf"(?<=\s)(?i:is|was|wordt|werd)\s+(?i:ze|zij|hij|ie){_CLAUSE_GOES_ON}")
_VERB_PRONOUN_HINT = re.compile(r" (?:is|was|wordt|werd) (?:z|hij|ie)")
_NUMBER_BEFORE_RE = re.compile(rf"(?<![\w'-])(?P<n>{_N})(?:\s+(?i:jaar))?\s+\Z")
_COUNTS_RE = re.compile(
    r"(?<!\w)(?i:telt|telde)\s+(?:(?i:al|inmiddels|nu|ruim|bijna|zo'n|ongeveer)\s+){0,2}"
    rf"(?P<n>{_N})\s+(?i:jaren|jaar|lentes|levensjaren)(?:\s+(?i:oud|jong))?{_CLAUSE_GOES_ON}"
)
# An ordinal age from 40 on, in digits or words ("80e", "zeventigste"): younger ones are school years, clean
# years or a club's anniversary far more often.
_MILESTONE_DIGITS = r"(?:1[01]\d|[4-9]\d)"
_MILESTONE_WORD = r"(?i:\w*(?:" + "|".join(TENS[2:]) + r")ste|honderdste)"
_LIFE_YEAR_RE = re.compile(
    rf"(?<![\w-])(?P<n>{_NUM}(?:e|ste|de)|(?i:{SPELLED_ORDINAL}))\s+(?i:levensjaar)(?!\w)"
    # "levensjaar" left out at the end of a clause: "ik ben in mijn tweeëntachtigste." (twelfth dev author)
    # (from 40 on: "ik zit in mijn 4e" is a school year)
    rf"|(?<!\w)(?i:in)\s+(?i:mijn|m'n|zijn|z'n|haar|d'r)\s+(?P<m>{_MILESTONE_DIGITS}(?:e|ste|de)|{_MILESTONE_WORD})"
    r"(?=\s*[.,;!?]|\s+(?:en|maar|dus|want)(?!\w))"
)
# "die vorig jaar haar zeventigste heeft gevierd", "zijn 80e groots gevierd" (eleventh dev author): a birthday
# celebrated, the word "verjaardag" left out.
_CELEBRATED_RE = re.compile(
    # a milestone from 40 on, of one person ("hun 50ste", "zijn 4e, vier jaar clean" are other feasts)
    rf"(?<!\w)(?i:haar|zijn|mijn|z'n|m'n|d'r)\s+(?:(?P<n>{_MILESTONE_DIGITS})(?:e|ste|de)|(?P<w>{_MILESTONE_WORD}))(?!\w)"
    r"(?=(?:\s+(?i:heeft|hebben|had|hadden|gaat|ging|gingen|wil|wilde|zal|zou|mag|mocht|kon|kan|nog|al|ook|net"
    r"|pas|groots|flink|samen|thuis|gezellig|uitbundig|niet)){0,2}\s+(?i:gevierd|vieren|viert|vierde|vierden)(?!\w))"
)
_APPROX_WORDS = (
    r"(?i:ruim|bijna|ongeveer|zo'n|circa|ca\.|pakweg|rond\s+de|een\s+jaar\s+of|(?P<decade>begin|eind|midden"
    r"|(?:ergens\s+|ver\s+|diep\s+)?in\s+de|tegen\s+de|over\s+de|boven\s+de))"
)
_APPROX_BETWEEN_COMMAS_RE = re.compile(
    rf",\s+{_APPROX_WORDS}\s+(?P<n>{_N})(?:\s+(?i:jaar)(?:\s+(?i:oud))?)?(?=\s*,)"
)
_AT_AGE_RE = re.compile(
    rf"(?<![\w'-])(?i:met)\s+(?P<n>{_N})\s+(?i:jaar)(?!\w)"
    r"(?!\s*\d|\s+(?i:ervaring|werkervaring|dienst|huwelijk|werk|lang|geleden|ge\w{3,}|cel|celstraf|gevangenis"
    r"|gevangenisstraf|straf|vertraging|achterstand|garantie|verschil|looptijd|contract|voorwaardelijk|subsidie"
    r"|later|eerder|extra|meer|minder|tussen|in|bij|op|aan|als|voor)(?!\w))"
)
_SAYS_RE = re.compile(
    r"(?<![\w'-])(?i:hij|zij|ze|ik)\s+(?i:zegt|zei|zeg)\s+(?:(?i:nu|altijd)\s+)?(?i:zelf)\s+"
    rf"(?P<n>{_N})(?:\s+(?i:jaar))?(?:\s+(?i:te\s+zijn))?(?=\s*[.,;!?]|\s+(?i:en|maar)(?!\w))"
)
_SCORE_WORDS = re.compile(
    r"(?i)(?<!\w)(?:scores?|scoren|scoor\w*|cijfers?|punten?|schaal|principes?|eenvoud|leefwereld|nabij|mogelijkheden|professional"
    r"|rapport|geef|geeft|gaf|geven)(?!\w)|nodig\s+is"
)
_KIN = frozenset({"tante", "oom", "ome", "nonkel", "tata"})
_WORD_RE = re.compile(r"[^\W\d_]+")


def _not_a(number: str) -> bool:
    return number.lower() not in ("een", "één")


def _clause_start(text: str, s: int) -> bool:
    """Whether ``text[s:]`` starts a sentence or a clause: nothing, or a sentence mark or comma, before it."""
    before = text[max(0, s - 3) : s].rstrip(" \"'“‘")
    return before == "" or before[-1] in ".!?:;,\n"


def _score_talk(text: str, s: int, e: int) -> bool:
    """Scores nearby: "Eenvoud? Vier is ze niet." (a cheap test on word parts first, then the words)."""
    window = text[max(0, s - 150) : e + 60]
    low = window.lower()
    return any(p in low for p in SCORE_PARTS) and _SCORE_WORDS.search(window) is not None


def _person_in_sentence(text: str, s: int) -> bool:
    start = max(max(text.rfind(c, 0, s) for c in ".!?\n"), s - 100)
    return any(
        w in PERSON_NOUNS or w in TITLES or w in _KIN
        for w in (w.lower() for w in _WORD_RE.findall(text, start, s))
    )


def find_age_clauses(text: str, low: str) -> Iterator[Found]:
    """The ages of the module docstring in ``text`` (``low``: its lowercase form)."""
    low = low if len(low) == len(text) else lower_aligned(text)
    if _VERB_PRONOUN_HINT.search(low):
        for v in _VERB_PRONOUN_RE.finditer(text):
            m = _NUMBER_BEFORE_RE.search(text, max(0, v.start() - 40), v.start())
            if m is None or not _not_a(m.group("n")) or not _clause_start(text, m.start()):
                continue
            if not _score_talk(text, m.start(), v.end()):
                yield m.start("n"), m.end("n"), LEEFTIJD
    if "telt " in low or "telde " in low:
        yield from ((m.start("n"), m.end("n"), LEEFTIJD) for m in _COUNTS_RE.finditer(text) if _not_a(m["n"]))
    if "vier" in low:
        for m in _CELEBRATED_RE.finditer(text):
            g = "n" if m.group("n") else "w"
            yield m.start(g), m.end(g), LEEFTIJD
    if "levensjaar" in low or "in m" in low or "in z" in low or "in haar" in low or "in d'r" in low:
        for m in _LIFE_YEAR_RE.finditer(text):
            g = "n" if m.group("n") else "m"
            yield m.start(g), m.end(g), LEEFTIJD
    if ", " in text:
        for m in _APPROX_BETWEEN_COMMAS_RE.finditer(text):
            n = m.group("n")
            if m.group("decade") and n.lower() not in DECADES:
                continue  # "in de 15" is no age band
            if _not_a(n) and _person_in_sentence(text, m.start()):
                yield m.start("n"), m.end("n"), LEEFTIJD
    if "met " in low and "jaar" in low:
        at = low.find("met ")
        while at >= 0:  # from each "met" (a case-insensitive scan of the whole text would be slower)
            m = _AT_AGE_RE.match(text, at)
            if m is not None and _not_a(m.group("n")):
                yield m.start("n"), m.end("n"), LEEFTIJD
            at = low.find("met ", at + 4)
    if "zelf" in low:
        for m in _SAYS_RE.finditer(text):
            if _not_a(m.group("n")) and not _score_talk(text, m.start(), m.end()):
                yield m.start("n"), m.end("n"), LEEFTIJD
