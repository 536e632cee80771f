"""The Dutch lexicon and the tokens the own name finders work on.

:class:`Lexicon` answers "is this an ordinary Dutch word?" from simplemma's dictionary and deduce's lists of
common words; :func:`tokens` splits a piece into words that know whether they start a sentence. Used by
:mod:`.institutions`, :mod:`.unknown_names` and :mod:`.name_cues`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import simplemma

# A place part of an unknown compound: "Pelikaanpad", "Vleuterveen", "Lindenhof".
PLACE_SUFFIX_RE = re.compile(
    r"(?:hof|hoven|pad|veen|wijk|park|veld|velden|straat|laan|plein|weg|dijk|kade|gracht|singel|dreef|"
    r"buurt|kwartier|oord|dorp|dam|burg|stein|horst|hoek|haven|polder|waard|berg|bergen|bos|hout|"
    r"meer|zijl|woude|wold|loo|rode|drecht|recht|sloot|vaart|hage|brug|poort|kerk)$"
)


# Never names, though no lexicon knows them: laws and schemes of the social domain, diseases named
# after people, interjections, apps and shops that say nothing about where someone lives.
def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


ALLOW = _wordset(
    """
    wmo wlz zvw wajong wsw awbz jeugdwet participatiewet wmo-consulent wmo-loket wet
    alzheimer parkinson korsakov asperger down corona covid adhd autisme
    ramadan kerst kerstmis pasen pinksteren suikerfeest offerfeest sinterklaas koningsdag oud nieuw
    belastingdienst uwv svb cak duo cjg kinderbescherming jeugdbescherming voedselbank veilig thuis
    schuldhulpmaatje humanitas vluchtelingenwerk
    whatsapp facebook instagram google teams zoom excel outlook youtube tiktok snapchat signal
    marktplaats netflix spotify iphone android ikea hema action lidl aldi jumbo kruidvat
    oké okee ok oke nou tja hè he hé hm hmm mm mmm eh ehm uh uhm ah aha haha hahaha oei oeps pff pfoe
    ja jawel nee neuh ach jee jeetje hoor hallo hoi doei dag sorry tuurlijk natuurlijk klote shit pech
    privacy out-of-the-box noord oost zuid west noordoost noordwest zuidoost zuidwest
    straks kortom hoezo amper alvast nadien integendeel desalniettemin
    okay cool nice anyway whatever exactly really please yes no hello bye thanks sure fine
    """
)
# Where someone or something comes from ("een Hindoestaans gezin", "Antilliaanse jongen", "de Marokkanen"): shared
# by many thousands, and on no lexicon of deduce or simplemma in every form. Stems; "-e", "-en", "-ers" are added.
_ORIGINS = _wordset(
    """
    hindoestaans surinaams antilliaans arubaans curaçaos marokkaans turks pools syrisch eritrees somalisch
    afghaans iraaks iraans koerdisch bulgaars roemeens hongaars kaapverdiaans ghanees nigeriaans ethiopisch
    soedanees algerijns tunesisch egyptisch indonesisch moluks chinees vietnamees indiaas pakistaans russisch
    oekraïens litouws portugees spaans italiaans grieks duits belgisch nederlands arabisch berbers amazigh
    javaans creools
    """
)
_ORIGIN_NOUNS = _wordset(
    """
    hindoestanen surinamers antillianen arubanen marokkanen turken syriërs eritreeërs somaliërs afghanen
    irakezen iraniërs koerden bulgaren roemenen hongaren kaapverdianen ghanezen nigerianen ethiopiërs
    soedanezen algerijnen tunesiërs egyptenaren indonesiërs molukkers chinezen vietnamezen pakistanen russen
    oekraïners litouwers portugezen spanjaarden italianen grieken duitsers belgen nederlanders arabieren
    """
)
SENTENCE_OPENERS = _wordset(
    """
    pas boven buiten bij net wel niet weg voort voorbij rond meer elk die haar kan ben bent werd wilde zelfde
    maar want toch nou tja dus toen dan daarna vervolgens eerst later straks vroeger meteen ineens opeens
    soms vaak nooit altijd alleen samen verder ook nog al even weer zelfs vooral eigenlijk uiteindelijk
    achteraf gelukkig helaas natuurlijk trouwens sowieso inderdaad zeker precies misschien waarschijnlijk
    mooi niks niets goed prima fijn leuk raar gek jammer lastig moeilijk zwaar best echt heel erg zo
    """
)
"""Words a speaker starts a sentence with (adverbs, particles, evaluations) that deduce's surname list also
holds ("Pas", "Boven", "Mooi", "Niks"). Capitalised at a sentence start they are ordinary words even when
the interview never writes them in lowercase; a surname that is also a noun ("Bakker", "Visser") is not
among them."""

ORIGIN_WORDS = (
    _ORIGINS
    | frozenset(
        w[:-3] + "ese" if w.endswith("ees") else w + "e" for w in _ORIGINS if w.endswith(("s", "sch"))
    )
    | _ORIGIN_NOUNS
)
# Replies and exclamations that start a sentence on their own ("Oei, dat was lastig.", "Mooi zo."); some
# are also surnames on deduce's lists, but standing alone before a comma or full stop they are not.
INTERJECTIONS = _wordset(
    """
    oei oeps nou tja hè ach jee jeetje joh goh gossie bah hé hoor mooi prima fijn top super klopt precies
    inderdaad zeker jammer helaas lekker gelukkig goed okee oké ok sorry welja tsja pff zo echt netjes knap
    punt klaar basta genoeg akkoord dankjewel dankuwel bedankt auw au
    """
)
_INTERJECTION_AFTER_RE = re.compile(r"\s*(?:[,.!?;:…]|zo\b|hoor\b|joh\b|zeg\b|$)")


def interjection_start(text: str, start: int, end: int) -> bool:
    """An interjection opening a sentence and standing alone ("Oei, ...", "Mooi zo.", "Nou!")."""
    return (
        text[start:end].lower() in INTERJECTIONS
        and sentence_initial(text, start)
        and _INTERJECTION_AFTER_RE.match(text, end) is not None
    )


# "daarop", "hierna", "erheen": pronominal adverbs that simplemma does not list.
_PRONOMINAL_RE = re.compile(
    r"(?:daar|hier|waar|er)(?:aan|achter|bij|binnen|boven|buiten|door|heen|in|langs|mee|na|naar|naast|om|onder|op"
    r"|over|tegen|toe|tussen|uit|van|vandaan|voor|zonder)"
)
# Adverbs of place and time built from a preposition and a particle ("achteraf", "bovenin", "onderaan",
# "vanochtend"): simplemma lacks many of them, and capitalised at a sentence start they passed for names.
# None of them is on deduce's first-name or surname lists.
_ADVERB_RE = re.compile(
    r"(?:achter|binnen|boven|buiten|door|midden|onder|rond|tegen|tussen|voor)"
    r"(?:aan|af|door|heen|in|langs|om|op|over|toe|uit)"
    r"|van(?:daag|middag|morgen|nacht|avond|ochtend)"
)

_DERIVATIONS = (
    "heid",
    "heden",
    "ing",
    "ingen",
    "tje",
    "tjes",
    "je",
    "jes",
    "schap",
    "achtig",
    "lijk",
    "baar",
    "isch",
)
PLACE_CONTEXT = frozenset({"de", "het", "op", "aan", "in", "uit", "naar", "bij", "via", "langs", "vanuit"})
NAME_ARTICLES = frozenset({"De", "Het", "Den", "'t", "’t"})
TUSSEN = frozenset(
    {"van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "el", "al", "la", "le", "du", "da"}
)
ARTICLES = frozenset({"de", "het", "'t", "een", "dit", "dat", "deze", "die", "ons", "onze", "hun"})
PLACE_PREPS = frozenset({"in", "uit", "vanuit", "richting"})
TITLES = frozenset(
    {
        "meneer",
        "mevrouw",
        "mevr",
        "mw",
        "dhr",
        "heer",
        "juf",
        "juffrouw",
        "meester",
        "dokter",
        "dr",
        "zuster",
        "broeder",
        "mej",
        "mr",
        "drs",
        "ir",
        "prof",
        "professor",
        "dominee",
        "pastoor",
        "imam",
    }
)
_SENTENCE_END = ".!?:;…\n"
_OPENERS = " \t\r\"'‘’“”«»([-–—*•"
_NOTE_ENDS = frozenset("])0123456789")
# A timestamp, bare or in brackets, or a note in lowercase in brackets, right before a position.
_NOTE_BEFORE_RE = re.compile(
    r"(?:(?<![\w:.])\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?|\[[\d:.,\s-]+\]|\([\d:.,\s-]+\)"
    r"|\[[^\W\d_A-Z][^\]\[A-Z\d]{0,30}\]|\([^\W\d_A-Z][^()A-Z\d]{0,30}\))\Z"
)

# A word, possibly hyphenated ("Jan-Willem", "Lindenhof-flat"); digits and "&" separate tokens.
_TOKEN_RE = re.compile(r"[^\W\d_](?:[\w'’]*\w)?(?:-[^\W\d_](?:[\w'’]*\w)?)*|&")


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    text: str
    initial: bool  # first word of a sentence (or of the piece, a line, a quote after a colon)
    joined: bool  # only one space separates it from the previous token

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


class Lexicon:
    """Is a word ordinary Dutch? simplemma's dictionary plus deduce's lists of common words.

    ``lookup_structs``: deduce's lookup structures (whitelist, common_word, stop_word, placename, street,
    first_name); any of them may be missing, then only simplemma is asked.
    """

    def __init__(self, lookup_structs: Mapping[str, Any] | None = None) -> None:
        structs = dict(lookup_structs or {})
        # deduce's whitelist also holds medical and literary words that are first names here ("Cor",
        # "Ilias"): it only vets words at a sentence start, where a capital says nothing.
        self._sets = [structs[k] for k in ("common_word", "stop_word") if k in structs]
        self._whitelist = structs.get("whitelist")
        self._placename = structs.get("placename")
        self._street = structs.get("street")
        self._first_name = structs.get("first_name")
        self.known = lru_cache(maxsize=65536)(self._known)

    def _known(self, word: str) -> bool:
        low = word.lower().replace("’", "'")
        if low in ALLOW or low in ORIGIN_WORDS or _PRONOMINAL_RE.fullmatch(low) or _ADVERB_RE.fullmatch(low):
            return True
        # "Dossiernr.", "Cliëntnr": a numbering word abbreviated; "Honderdnogwat": a number said vaguely.
        if (low.endswith("nr") and len(low) > 4 and self.known(low[:-2])) or (
            low.startswith(("honderd", "duizend")) and len(low) > 8
        ):
            return True
        parts = low.split("-")
        if len(parts) > 1:
            return all(self.known(p) for p in parts if p)
        if simplemma.is_known(low, lang="nl"):
            return True
        for lookup in self._sets:
            try:
                if low in lookup:
                    return True
            except Exception:  # an internal deduce structure; lookups are best effort
                continue
        return False

    def whitelisted(self, word: str) -> bool:
        if self._whitelist is None:
            return False
        try:
            return word.lower() in self._whitelist
        except Exception:  # best effort, as above
            return False

    def is_compound(self, word: str) -> bool:
        """Two known parts, with or without a linking s/e/en ("vrijdagmiddag", "huiswerkbegeleiding"),
        or a known word with a derivational ending ("wederkerigheid", "eerlijkheid")."""
        low = word.lower()
        for suffix in _DERIVATIONS:
            stem = low[: -len(suffix)]
            if low.endswith(suffix) and len(stem) >= 3 and (self.known(stem) or self.is_compound(stem)):
                return True
        for i in range(3, len(low) - 2):
            left, right = low[:i], low[i:]
            if not self.known(right):
                continue
            if self.known(left) or (left.endswith(("s", "e")) and self.known(left[:-1])):
                return True
            if left.endswith("en") and self.known(left[:-2]):
                return True
        return False

    def _trie(self, trie: Any, tokens: Sequence[str]) -> int:
        if trie is None or not tokens:
            return 0
        try:
            match = trie.longest_matching_prefix(list(tokens))
        except Exception:  # best effort, as above
            return 0
        return len(match) if match else 0

    def placename(self, tokens: Sequence[str]) -> int:
        """Number of leading tokens that form a place deduce knows ("Den Haag", "Leidsche Rijn")."""
        return self._trie(self._placename, tokens)

    def street(self, tokens: Sequence[str]) -> int:
        return self._trie(self._street, tokens)

    def first_name(self, word: str) -> bool:
        return self._trie(self._first_name, [word]) == 1


def tokens(text: str) -> list[Tok]:
    out: list[Tok] = []
    prev_end = 0
    for m in _TOKEN_RE.finditer(text):
        start = m.start()
        gap = text[prev_end:start]
        if gap == " " and out:  # by far the most common case
            out.append(Tok(start, m.end(), m.group(), False, True))
            prev_end = m.end()
            continue
        stripped = gap.rstrip(_OPENERS)
        if stripped[-1:] in _NOTE_ENDS:  # after a note or a timestamp (rare): see sentence_initial
            initial = "\n" in gap or sentence_initial(text, start)
        elif out:
            initial = "\n" in gap or (stripped[-1:] in _SENTENCE_END and stripped != "")
        else:
            initial = stripped == "" or stripped[-1:] in _SENTENCE_END
        out.append(Tok(start, m.end(), m.group(), initial, False))
        prev_end = m.end()
    return out


def sentence_initial(text: str, pos: int) -> bool:
    """Does the word at ``pos`` start a sentence (or the text, a line, a quote after a colon)?"""
    start = pos
    # A transcriber's note or a timestamp before it ("[00:03:20] Mooi.", "(lacht) Nou.", "00:02:23 Oei."): what
    # stood before the note decides. Two notes at most ("[00:01:10] [vertaalt] Drie."): a run of thousands would
    # be walked back from every word in it.
    for _ in range(3):
        while start > 0 and text[start - 1] in _OPENERS:
            start -= 1
        note = _NOTE_BEFORE_RE.search(text, max(0, start - 40), start) if start else None
        if note is None:
            break
        start = note.start()
    return start == 0 or text[start - 1] in _SENTENCE_END


def strip_lower_tail(text: str) -> str:
    """Hyphenated words keep only their capitalised parts: "Lindenhof-flat" → "Lindenhof"."""
    if "-" not in text:
        return text
    parts = text.split("-")
    keep = [parts[0]]
    for p in parts[1:]:
        if not p[:1].isupper():
            break
        keep.append(p)
    return "-".join(keep)


def is_name_like(tok: Tok) -> bool:
    """Capitalised, and not an abbreviation (GGD, MS, POH, WhatsApp) or a code with digits (B1, A2, K3):
    those are never pseudonymised here."""
    if not tok.text[:1].isupper() or any(ch.isdigit() for ch in tok.text):
        return False
    word = strip_lower_tail(tok.text)
    return all(sum(ch.isupper() for ch in part) <= 1 for part in word.split("-"))


def overlaps_any(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)


class Intervals:
    """(start, end) intervals sorted once, so that asking whether a stretch overlaps one of them, or lies inside
    one, costs a binary search instead of a scan: one long piece (a transcript without turns) holds thousands of
    spans, and scanning them all for each of thousands of spans made its pseudonymisation quadratic. With
    ``items`` (one per interval), :meth:`items_overlapping` gives the items themselves."""

    __slots__ = ("_ends", "_items", "_reach", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]], items: Sequence[Any] | None = None) -> None:
        if items is None:
            pairs = sorted(spans)
            self._items: list[Any] | None = None
        else:
            ordered = sorted(zip(spans, range(len(items)), strict=True))
            pairs = [pair for pair, _ in ordered]
            self._items = [items[k] for _, k in ordered]
        self._starts = [a for a, _ in pairs]
        self._ends = [b for _, b in pairs]
        self._reach = max((b - a for a, b in pairs), default=0)

    def __len__(self) -> int:
        return len(self._starts)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some interval overlaps ``[start, end)``."""
        lo = bisect.bisect_left(self._starts, start - self._reach)
        hi = bisect.bisect_left(self._starts, end)
        return any(self._ends[k] > start for k in range(lo, hi))

    def around(self, start: int, end: int) -> bool:
        """Whether some interval holds all of ``[start, end)``."""
        lo = bisect.bisect_left(self._starts, end - self._reach)
        hi = bisect.bisect_right(self._starts, start)
        return any(self._ends[k] >= end for k in range(lo, hi))

    def items_overlapping(self, start: int, end: int) -> list[Any]:
        """The items of the intervals that overlap ``[start, end)``, in order (given ``items``)."""
        if self._items is None:
            raise ValueError("Intervals zonder items")
        lo = bisect.bisect_left(self._starts, start - self._reach)
        hi = bisect.bisect_left(self._starts, end)
        return [self._items[k] for k in range(lo, hi) if self._ends[k] > start]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The intervals that overlap ``[start, end)``, in order."""
        lo = bisect.bisect_left(self._starts, start - self._reach)
        hi = bisect.bisect_left(self._starts, end)
        return [(self._starts[k], self._ends[k]) for k in range(lo, hi) if self._ends[k] > start]
