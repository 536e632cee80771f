"""The words around names: titles, relations, tussenvoegsels, and deduce's name lists with a test for
ordinary Dutch words.

Shared by :mod:`.names` (known names in any form) and :mod:`.name_cues` (names only context gives away).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

import simplemma

from .lexicon import TITLES as FORMS_OF_ADDRESS

# Titles are kept outside the placeholder ("mevrouw [PERSOON-1]") so that "mevrouw Kok" and "Kok"
# get the same entity key.
TITLE_RE = re.compile(
    r"(?:de\s+heer|mevrouw|mevr\.?|mw\.?|mej\.?|meneer|mijnheer|dhr\.?|dr\.?|drs\.?|prof\.?|ir\.?|ing\.|mr\.?"
    r"|dokter|zuster|broeder|juf|juffrouw|meester|professor|dominee|pastoor|collega)\s+",
    re.IGNORECASE,
)

TUSSENVOEGSELS = frozenset(
    {
        "van",
        "de",
        "der",
        "den",
        "het",
        "'t",
        "ter",
        "ten",
        "te",
        "in",
        "op",
        "aan",
        "uit",
        "bij",
        "el",
        "al",
        "la",
        "le",
        "du",
        "da",
        "di",
        "dos",
        "del",
        "von",
        "zu",
        "zur",
        "d'",
        "l'",
        "v.d.",
        "vd",
    }
)

# Words right before a name that say it is one: titles and forms of address, family and other relations,
# naming verbs. After them a lowercase word of a name list (or no lexicon) is a name ("juf marloes",
# "dochter fatima", "heet samira") and even an ordinary word that is a known name ("meneer bakker").
TITLES = FORMS_OF_ADDRESS | frozenset(
    {
        "mijnheer",
        "heet",
        "heette",
        "heten",
        "genaamd",
        "noemde",
        "noemen",
        "noemt",
        "beste",
        "lieve",
        "tante",
        "oom",
        "opa",
        "oma",
        "ome",
        "tantes",
    }
)
RELATIONS = frozenset(
    {
        "dochter",
        "dochtertje",
        "zoon",
        "zoontje",
        "moeder",
        "vader",
        "mama",
        "papa",
        "mams",
        "paps",
        "broer",
        "broertje",
        "zus",
        "zusje",
        "zuster",
        "neef",
        "neefje",
        "nicht",
        "nichtje",
        "kleinzoon",
        "kleindochter",
        "kleinkind",
        "schoonzoon",
        "schoondochter",
        "schoonmoeder",
        "schoonvader",
        "stiefvader",
        "stiefmoeder",
        "stiefzoon",
        "stiefdochter",
        "pleegzoon",
        "pleegdochter",
        "pleegkind",
        "buurman",
        "buurvrouw",
        "buurjongen",
        "buurmeisje",
        "buurkind",
        "collega",
        "mentor",
        "mentrix",
        "coach",
        "cliënt",
        "client",
        "cliënte",
        "vriend",
        "vriendin",
        "vriendje",
        "vriendinnetje",
        "partner",
        "man",
        "vrouw",
        "echtgenoot",
        "echtgenote",
        "ex",
        "begeleider",
        "begeleidster",
        "consulent",
        "wijkagent",
        "huisarts",
        "docent",
        "leerkracht",
        "leerling",
        "klasgenoot",
        "baby",
        "kindje",
        "jongen",
        "meisje",
        "mevrouwtje",
        "meneertje",
        "bewindvoerder",
        "casemanager",
        "hulpverlener",
        "maatje",
        "vrijwilliger",
    }
)
CUES = TITLES | RELATIONS
# Weaker: only a word of a first-name list that is no Dutch or English word ("met samira").
WEAK_CUES = frozenset(
    {
        "met",
        "tegen",
        "aan",
        "en",
        "bij",
        "voor",
        "zonder",
        "naast",
        "door",
        "naar",
        "of",
        "dan",
        "van",
        "zei",
        "vroeg",
    }
)
# After these an ordinary word is a noun, not a name: "de bakker", "werkt als kok", "is bakker".
DETERMINERS = frozenset(
    {
        "de",
        "het",
        "een",
        "die",
        "deze",
        "dat",
        "dit",
        "mijn",
        "m'n",
        "jouw",
        "je",
        "zijn",
        "z'n",
        "haar",
        "ons",
        "onze",
        "jullie",
        "hun",
        "uw",
        "elke",
        "iedere",
        "geen",
        "welke",
        "zo'n",
        "als",
        "is",
        "was",
        "ben",
        "bent",
        "wordt",
        "werd",
        "word",
        "worden",
        "blijft",
        "bleef",
        "echte",
        "goede",
        "oude",
        "nieuwe",
        "andere",
        "grote",
        "kleine",
        "veel",
        "weinig",
        "wat",
    }
)
# The verbs among them: after these a known first name is still the person ("hoe oud is joop").
COPULAS = frozenset({"is", "was", "ben", "bent", "wordt", "werd", "word", "worden", "blijft", "bleef"})


def wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Abbreviations of roles and services people write beside a name or say in lowercase ("Toos van Kempen, RMC",
# "mevrouw van de ggz"): never a name.
ROLE_ABBREVIATIONS = wordset("rmc ggz spv mdt poh wmo cjg ggd amw smw fact bw jgz pgb wsnp")


# Closed-class and very frequent words that deduce's lists leave out; never a name without a title.
_CLOSED = wordset(
    """
    zei zegt zeggen kwam komt komen gaat ging gingen gaan belde belt bellen vond vindt weet wist zag ziet
    doet deed had hadden heeft hebben kreeg krijgt moest mocht mag kon zou zullen wilde wilden woont woonde
    werkt werkte liep loopt zit zat staat stond ligt lag houdt hield maakt maakte nam neemt gaf geeft
    ook nog al wel niet nooit altijd toen nu dan daar hier er zelf even eens weer samen allemaal gewoon
    echt heel erg zo maar want dus omdat als of en die dat wie wat waar hoe we wij jij jou hij zij ze
    voort heen neer rond los vast mee terug weg toe af samen
    twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien twintig dertig
    veertig vijftig zestig zeventig tachtig negentig honderd duizend eerste tweede derde vierde
    hem haar hun jullie u ik me mij mijn je ons onze zijn z'n m'n
    nie nen ne ge gij zijt heur da's wa allez amai awel enfin wollah wallah menneke unne
    ich mich dich bin neet vaan hae hai nait mor olle nije joar
    duits engels frans spaans arabisch turks pools tigrinya somalisch berbers koerdisch roemeens bulgaars russisch
    oekraïens portugees italiaans nederlands fries limburgs gronings twents
    """
)
"""The last lines: regional and street Dutch simplemma does not know (Flemish "nie", "amai", Brabants "zijt",
"menneke"; "wollah"), on the name lists or capitalised at a sentence start (eleventh dev author); Limburg and
Groningen words ("ich bin", "hai", "nait") and the names of languages, capitalised mid-sentence ("een Duits
nummer"; thirteenth)."""

_LETTERS = re.compile(r"[^\W\d_]")
_LEADING_PARTICLES = re.compile(
    r"(?:(?:van|de|der|den|het|te|ter|ten|in|op|aan|uit|bij)\s+)+([^\W\d_][\w'’-]*)"
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


class NameLists:
    """deduce's first-name and surname lists, and whether a word is ordinary Dutch.

    ``lookup_structs``: deduce's lookup structures; any of them may be missing (then the lists are empty).
    ``known``: a function telling whether a word is in the Dutch lexicon (:meth:`.lexicon.Lexicon.known`).
    """

    def __init__(
        self,
        lookup_structs: Mapping[str, Any] | None,
        known: Callable[[str], bool],
        compound: Callable[[str], bool] | None = None,
    ) -> None:
        structs = dict(lookup_structs or {})
        self.first_names = frozenset(e.lower() for e in _entries(structs.get("first_name")) if " " not in e)
        self.surnames = frozenset(
            e.lower() for e in _entries(structs.get("surname")) if " " not in e
        ) | frozenset(e.lower() for e in _set(structs.get("interfix_surname")))
        self.places = frozenset(e.lower() for e in _entries(structs.get("placename")))
        self.closed = _CLOSED | frozenset(w.lower() for w in _set(structs.get("stop_word")))
        self.function_words = self.closed | frozenset(
            w.lower() for k in ("common_word", "whitelist") for w in _set(structs.get(k))
        )
        self._known = known
        self._compound = compound
        self.ordinary = lru_cache(maxsize=65536)(self._ordinary)
        self.foreign = lru_cache(maxsize=16384)(self._foreign)

    def listed(self, low: str) -> bool:
        """On a name list; a hyphenated word when each part is ("jan-willem", "jansen-bakker")."""
        if low in self.first_names or low in self.surnames:
            return True
        parts = low.split("-")
        return len(parts) > 1 and all(p in self.first_names or p in self.surnames for p in parts)

    def first_name(self, low: str) -> bool:
        """On the first-name list; a hyphenated word when each part is ("anne-marie")."""
        if low in self.first_names:
            return True
        parts = low.split("-")
        return len(parts) > 1 and all(p in self.first_names for p in parts)

    def _ordinary(self, word: str) -> bool:
        """In the Dutch lexicon as an ordinary word: simplemma's own lemma for a name is capitalised ("jan" →
        "Jan", "noor" → "Noor"), and such a word is no ordinary word."""
        low = word.lower()
        if low in self.function_words:
            return True
        if "-" in low.strip("-"):
            return all(self.ordinary(p) for p in low.split("-") if p)
        if not self._known(low):
            # Stress accents of speech ("wórdt", "kán") are no part of the word.
            bare = _strip_accents(low)
            return bare != low and self._ordinary(bare)
        try:
            lemma = simplemma.lemmatize(low, lang="nl")
        except Exception:  # best effort: a lexicon problem must not stop pseudonymisation
            return True
        return not lemma[:1].isupper()

    def _foreign(self, word: str) -> bool:
        """An English word ("with", "line"): interviews borrow them, in lowercase. Names in simplemma's
        English dictionary have a capitalised lemma ("kevin" → "Kevin") and do not count."""
        low = word.lower()
        try:
            if not simplemma.is_known(low, lang="en"):
                return False
            return not simplemma.lemmatize(low, lang="en")[:1].isupper()
        except Exception:  # best effort, as above
            return False

    def capital_core(self, surface: str) -> tuple[int, int] | None:
        """The part of a span in capitals that is not ordinary words: in a text written in capitals deduce's
        lists and the institution finder take ordinary words for names ("ZEI", "IN NIEUWEGEIN ZEI", "DE
        THUISZORG ZEI"). ``(start, end)`` within ``surface`` (all of it when it is not in capitals), or None
        when only ordinary words remain."""
        words = list(_WORD_RE.finditer(surface))
        if not words or not all(w.group().isupper() for w in words if len(w.group()) > 1):
            return 0, len(surface)
        names = [i for i, w in enumerate(words) if not self._plain_capitals(w.group())]
        if not names:
            return None
        return words[names[0]].start(), words[names[-1]].end()

    def particles_before_first_name(self, surface: str) -> int:
        """Where a listed first name starts after a title and lowercase tussenvoegsels ("collega van Gerrit
        Hoekstra" → 12), 0 if it does not: a preposition deduce took for part of a name."""
        title = TITLE_RE.match(surface)
        m = _LEADING_PARTICLES.match(surface, title.end() if title else 0)
        if m is None or m.group(1).lower() not in self.first_names or not m.group(1)[:1].isupper():
            return 0
        return m.start(1)

    def compound(self, word: str) -> bool:
        """Made of known Dutch words ("buurtteam", "thuiszorg"); a listed name never counts as one."""
        low = word.lower()
        if self._compound is None or low in self.surnames or low in self.first_names:
            return False
        try:
            return bool(self._compound(low))
        except Exception:  # best effort, as above
            return False

    def _plain_capitals(self, word: str) -> bool:
        low = word.lower()
        return len(low) < 2 or low in TUSSENVOEGSELS or self.ordinary(low) or self.compound(low)


def _set(structure: Any) -> Iterable[str]:
    if structure is None:
        return ()
    try:
        return [str(x) for x in structure]
    except Exception:  # an internal deduce structure; its absence must not break pseudonymisation
        return ()


def _entries(trie: Any) -> list[str]:
    """Whole one-token entries of a deduce lookup trie (``LookupTrie`` or the compact one)."""
    if trie is None:
        return []
    try:
        nodes = getattr(trie, "_nodes", None)
        if isinstance(nodes, dict):
            return [k for k, terminal in nodes.items() if terminal and "\x1f" not in k]
        return [k for k, child in trie.children.items() if child.is_terminal]
    except Exception:  # best effort, as above
        return []
