"""Front matter through the pseudonymiser: every value, except those of structural keys.

A transcript's front matter holds more than structure: contact persons, mentors, phone numbers, notes with
an address, a role such as "collega van Gerrit Hoekstra", lists and nested maps of all of these. What it
holds is stored with the interview and written to every csv row and to qdpx case variables, so it is
pseudonymised like the transcript, in the same call (same entity, same placeholder):

* keys on the project's allow-list (:data:`..model.STRUCTURAL_KEYS` by default; ``kb instellingen structuur``)
  keep their value as written, nested values included;
* every other value is a piece of text for the pseudonymiser, at any depth of lists and maps (map keys
  included), numbers and dates as their text; the structure stays, the values are replaced;
* names under a key that means a person (``contactpersoon``, ``begeleider``, ``mentor``...) and values that
  look like a person's name become known names, found in the transcript too, in any form (see
  :mod:`.names`);
* as a safety net, a value under a person key whose name survived becomes ``[PERSOON]``, and one under an
  identifier key (``telefoon``, ``e-mail``, ``adres``, ``bsn``...) that still holds a digit or ``@``
  becomes ``[TELEFOONNUMMER]`` and the like.

Nothing here logs or raises with a value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .pseudonymisation.finders.name_lists import ROLE_ABBREVIATIONS, TITLE_RE, TUSSENVOEGSELS, NameLists
from .pseudonymisation.finders.names import clean_name, recase

# Keys (or parts of keys, split at "_", "-", spaces and digits) that name a person.
_PERSON_PARTS = frozenset(
    {
        "naam",
        "namen",
        "persoon",
        "personen",
        "contact",
        "contactpersoon",
        "contactpersonen",
        "begeleider",
        "begeleiders",
        "begeleidster",
        "mentor",
        "mentoren",
        "mentrix",
        "coach",
        "coaches",
        "ouder",
        "ouders",
        "moeder",
        "vader",
        "kind",
        "kinderen",
        "partner",
        "zoon",
        "dochter",
        "broer",
        "zus",
        "deelnemer",
        "deelnemers",
        "client",
        "cliënt",
        "clienten",
        "cliënten",
        "hulpverlener",
        "hulpverleners",
        "consulent",
        "docent",
        "docenten",
        "leerkracht",
        "juf",
        "meester",
        "buurman",
        "buurvrouw",
        "buren",
        "collega",
        "collegas",
        "collega's",
        "familie",
        "familielid",
        "getuige",
        "tolk",
        "voogd",
        "verzorger",
        "casemanager",
        "regisseur",
        "wijkagent",
        "huisarts",
        "arts",
        "mantelzorger",
        "bewindvoerder",
        "interviewer",
        "interviewers",
        "notulist",
        "observator",
        "transcribent",
        "aanwezig",
        "aanwezigen",
        "geinterviewde",
        "geïnterviewde",
        "respondent",
        "respondenten",
        "leerling",
        "leerlingen",
        "student",
        "medewerker",
        "medewerkers",
        "vrijwilliger",
        "vrijwilligers",
        "opa",
        "oma",
        "gezinsleden",
        "gezinslid",
        "huisgenoot",
        "huisgenoten",
        "eigenaar",
        "huurder",
        "verhuurder",
        "melder",
        "aanvrager",
        "behandelaar",
        "therapeut",
        "psycholoog",
        "jeugdarts",
        "teamleider",
        "leidinggevende",
        "directeur",
        "manager",
        "wethouder",
        "verpleegkundige",
        "jongerenwerker",
        "opbouwwerker",
        "wijkverpleegkundige",
        "schoolmaatschappelijk",
        "intern",
        "ib'er",
        "iber",
        "gesprekspartner",
    }
)
_PERSON_SUFFIXES = (
    "naam",
    "namen",
    "persoon",
    "personen",
    "werker",
    "werkers",
    "begeleider",
    "verpleegkundige",
)
# A key with one of these parts describes a person without naming one ("respondent_rol", "ouder_leeftijd").
_NOT_A_NAME_PARTS = frozenset(
    {"rol", "rollen", "functie", "aantal", "type", "soort", "geslacht", "opleiding", "relatie", "organisatie"}
)
# Identifier keys: the category of their placeholder when the finders leave a digit or "@" in the value.
_IDENTIFIER_PARTS = (
    (("telefoon", "telefoonnummer", "tel", "mobiel", "gsm", "whatsapp", "telnr"), "TELEFOONNUMMER"),
    (("email", "e-mail", "mail", "emailadres", "mailadres"), "EMAIL"),
    (("geboortedatum", "geboren", "geboortejaar", "geboorte"), "DATUM"),
    (("leeftijd",), "LEEFTIJD"),
    (("adres", "woonadres", "postadres", "straat", "huisnummer", "postcode", "woonplaats"), "LOCATIE"),
    (
        (
            "bsn",
            "burgerservicenummer",
            "iban",
            "rekening",
            "rekeningnummer",
            "kenteken",
            "dossier",
            "dossiernummer",
            "zaaknummer",
            "clientnummer",
            "cliëntnummer",
            "klantnummer",
            "registratienummer",
            "polisnummer",
            "paspoort",
            "nummer",
        ),
        "ID",
    ),
)
_KEY_SPLIT = re.compile(r"[_\-\s.]+|\d+")
_ITEM_SPLIT = re.compile(r"[;,&/\n]|\s+en\s+|\s+-\s+")
# Words and abbreviations that say what someone does, beside their name in a front-matter value.
_ROLE_ENDINGS = (
    "manager",
    "werker",
    "begeleider",
    "verlener",
    "consulent",
    "coördinator",
    "coordinator",
    "kundige",
    "agent",
    "ambtenaar",
    "coach",
    "regisseur",
    "medewerker",
    "plicht",
    "therapeut",
    "adviseur",
    "deskundige",
)
_PLACEHOLDER = re.compile(r"\[[A-Z]+(?:-\d+)?\]")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_ARTICLES = frozenset({"de", "het", "een", "'t"})
# An item that starts with one of these, in lowercase, describes (sixteenth dev author: "Yasmina (11) en Stijn (12),
# uit de leerlingenraad"); "van", "ter" and "ten" are tussenvoegsels and stay possible name starts.
_PREPOSITIONS = frozenset(
    ["uit", "bij", "in", "op", "met", "voor", "naar", "aan", "over", "namens", "via", "tot"]
)
_NO_ANSWER = frozenset(
    {"nvt", "n.v.t", "onbekend", "geen", "niemand", "anoniem", "nee", "ja", "idem", "zie boven"}
)


def key_parts(key: str) -> list[str]:
    return [p for p in _KEY_SPLIT.split(str(key).lower()) if p]


def person_key(key: str) -> bool:
    parts = key_parts(key)
    if any(p in _NOT_A_NAME_PARTS for p in parts):
        return False
    return any(p in _PERSON_PARTS or p.endswith(_PERSON_SUFFIXES) for p in parts)


def identifier_category(key: str) -> str | None:
    parts = key_parts(key)
    for words, category in _IDENTIFIER_PARTS:
        if any(p in words or any(p.startswith(w) and len(w) >= 4 for w in words) for p in parts):
            return category
    whole = "".join(parts)
    if whole.endswith("nummer") and not whole.endswith("huisnummer"):
        return "ID"
    return None


@dataclass(slots=True)
class _Leaf:
    """A value (or map key) that goes through the pseudonymiser as piece ``index``."""

    index: int
    kind: str  # "text", "number" (restored as written when unchanged), "key"
    original: Any
    names: tuple[str, ...] = ()
    category: str | None = None


@dataclass
class FrontMatterPlan:
    """The pieces the front matter adds to an interview's pseudonymisation, and how to put them back."""

    pieces: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    """Names taken from the front matter: known names for the whole interview."""
    _template: dict[str, Any] = field(default_factory=dict)

    def rebuild(self, pseudonymised: Sequence[str]) -> dict[str, Any]:
        """The front matter with every value replaced by its pseudonymised piece (same keys, same shape)."""
        return {k: self._fill(v, pseudonymised) for k, v in self._template.items()}

    def _fill(self, node: Any, out: Sequence[str]) -> Any:
        if isinstance(node, _Leaf):
            return _safe(node, out[node.index])
        if isinstance(node, _Map):
            filled: dict[Any, Any] = {}
            for key, value in node.items:
                new_key = self._fill(key, out) if isinstance(key, _Leaf) else key
                while new_key in filled:  # two keys pseudonymised alike: keep both values
                    new_key = f"{new_key} "
                filled[new_key] = self._fill(value, out)
            return filled
        if isinstance(node, list):
            return [self._fill(v, out) for v in node]
        return node


@dataclass(slots=True)
class _Map:
    items: list[tuple[Any, Any]]


def plan(
    fields: Mapping[str, Any], structural: Collection[str], lists: NameLists | None = None
) -> FrontMatterPlan:
    """Plan the pseudonymisation of ``fields`` (front-matter key → value as parsed).

    ``structural``: keys (lowercase) whose values stay as written. ``lists``: the pseudonymiser's name lists,
    to tell a name from an ordinary word in a value; without them only capitalisation counts.
    """
    keep = {str(k).lower() for k in structural}
    result = FrontMatterPlan()
    for key, value in fields.items():
        if str(key).lower() in keep:
            result._template[key] = value
            continue
        result._template[key] = _walk(value, result, lists, person_key(key), identifier_category(key))
    result.persons = list(dict.fromkeys(result.persons))
    return result


_BARE_NUMBER = re.compile(r"\s*\d{1,4}\s*")


def _walk(
    value: Any, out: FrontMatterPlan, lists: NameLists | None, person: bool, category: str | None
) -> Any:
    if isinstance(value, Mapping):
        items = []
        for k, v in value.items():
            # "begeleider: {naam: …, functie: woonbegeleider}": what the person does is no second person
            describes = any(part in _NOT_A_NAME_PARTS for part in key_parts(str(k)))
            sub_person = (person and not describes) or person_key(str(k))
            sub_category = identifier_category(str(k)) or category
            key_node = (
                _leaf(out, str(k), "key", k, lists, False, None) if isinstance(k, str) and k.strip() else k
            )
            items.append((key_node, _walk(v, out, lists, sub_person, sub_category)))
        return _Map(items)
    if isinstance(value, (list, tuple)):
        return [_walk(v, out, lists, person, category) for v in value]
    if value is None or isinstance(value, bool):
        return value
    if (
        category is not None
        and not isinstance(value, (dt.date, dt.datetime))
        and _BARE_NUMBER.fullmatch(str(value))
    ):
        # "leeftijd: 67", "geboortejaar: 1953": a short bare number no finder can tell from any other number; the
        # key says what it is (longer ones, phone numbers and the like, the finders know by their form).
        return _leaf(out, f"[{category}]", "text", value, lists, False, category)
    if isinstance(value, (int, float)):
        return _leaf(out, str(value), "number", value, lists, person, category)
    if isinstance(value, (dt.date, dt.datetime)):
        return _leaf(out, value.isoformat(), "text", value, lists, person, category)
    text = str(value)
    if not text.strip():
        return text
    return _leaf(out, text, "text", value, lists, person, category)


def _leaf(
    out: FrontMatterPlan,
    text: str,
    kind: str,
    original: Any,
    lists: NameLists | None,
    person: bool,
    category: str | None,
) -> _Leaf:
    found = [(item, _person_name(item, lists, strict=not person)) for item in _ITEM_SPLIT.split(text)]
    names = [name for _, name in found if name is not None]
    if any(name is not None and any(c.isupper() for c in item) for item, name in found):
        # Beside a name written with capitals an item can be the person's role, not a second person: "Ellen
        # Verstappen, casemanager dementie", "Toos van Kempen, coördinator leerplicht en RMC" (see _role).
        names = [name for item, name in found if name is not None and not _role(item, lists)]
    out.persons.extend(names)
    out.pieces.append(text)
    return _Leaf(len(out.pieces) - 1, kind, original, tuple(names) if person else (), category)


def _role(item: str, lists: NameLists | None) -> bool:
    """Whether an item beside a name is the person's role, on positive evidence only (a name in lowercase must
    never fall out): each word an ordinary word that is on no name list, a word ending like a job
    ("casemanager", "schuldhulpverlener", "leerplicht"), or a known abbreviation ("RMC", "GGZ")."""
    words = re.findall(r"[^\W\d_][\w'’-]*", item)
    if not words or len(words) > 4 or lists is None:
        return False

    def role_word(word: str) -> bool:
        low = word.lower()
        if word.isupper() and len(word) > 1:
            return low in ROLE_ABBREVIATIONS
        return low.endswith(_ROLE_ENDINGS) or (lists.ordinary(low) and not lists.listed(low))

    return all(map(role_word, words))


def _person_name(item: str, lists: NameLists | None, strict: bool) -> str | None:
    """The person's name an item of a value is, or None.

    Under a person key (``strict`` False) any item of at most five words that is not only ordinary words is a
    name ("Frits van Dongen (mentor)", "wilhelmina brouwer"; not "de buurvrouw"). Elsewhere only a
    capitalised first name from the name lists with up to four more capitalised words or tussenvoegsels
    ("Kees Jansen"); a lone first name only when it is no Dutch word.
    """
    item = re.sub(r"\([^)]*\)|\[[^\]]*\]|:.*$", " ", item)
    words = " ".join(item.split()).split()
    while words and TITLE_RE.fullmatch(words[0] + " "):
        words = words[1:]
    if not words or len(words) > 5 or not all(_WORD.fullmatch(w) for w in words):
        return None
    lows = [w.lower() for w in words]
    if strict:
        if lists is None or lows[0] in _ARTICLES or lows[0] not in lists.first_names:
            return None
        if not all(w[:1].isupper() or w.lower() in TUSSENVOEGSELS for w in words):
            return None
        if len(words) == 1 and lists.ordinary(lows[0]):
            return None
    else:
        content = [w for w in words if w.lower() not in TUSSENVOEGSELS]
        if not content or lows[0] in _ARTICLES or " ".join(lows).strip(".") in _NO_ANSWER:
            return None
        if lows[0] in _PREPOSITIONS and not words[0][:1].isupper():
            return None  # "uit de leerlingenraad" says where the people are from, it is no name
        named = any(w[:1].isupper() for w in content)
        if lists is not None:
            listed = any(lists.listed(w.lower()) or not lists.ordinary(w) for w in content)
            if not (named or listed) or all(w.lower() in lists.closed for w in content):
                return None
        elif not named:
            return None
    return clean_name(recase(" ".join(words)))


def _safe(leaf: _Leaf, text: str) -> Any:
    """The pseudonymised value, with the safety net of the module docstring."""
    rest = _PLACEHOLDER.sub(" ", text)
    if leaf.names:
        left = {w.lower() for w in _WORD.findall(rest)}
        for name in leaf.names:
            parts = [w.lower() for w in name.split() if w.lower() not in TUSSENVOEGSELS and len(w) > 1]
            if any(p in left for p in parts):
                return "[PERSOON]"
    if leaf.category is not None and (any(ch.isdigit() for ch in rest) or "@" in rest):
        return f"[{leaf.category}]"
    if leaf.kind == "number" and text == str(leaf.original):
        return leaf.original  # a number stays a number
    return text
