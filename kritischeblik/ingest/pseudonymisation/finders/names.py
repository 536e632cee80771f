"""Person names known in advance, found in every form an interview writes them.

A name from the front matter or a speaker label ("Lieke de Vries") is found as written, in capitals
("LIEKE", "DE VRIES") and in lowercase ("lieke"), as first name, surname with or without tussenvoegsel
("De Vries", "Vries"), each half of a double surname ("Jansen-Bakker"), with a possessive ("Lieke's",
"Liekes") and as a diminutive of a first name ("Pietje"). Every form of one person maps to one entity key, so
it gets one placeholder; a form two known people share ("Jan" of Jan de Boer and Jan Smit) maps to neither
and stays an entity of its own.

Capitals and lowercase are where names and ordinary words meet ("Kok", "kok"; "Roos", "een roos"), so a
match written other than as a name (see :meth:`NameIndex.spans`) must pass :class:`NameLists`'s vetting.
:mod:`.name_cues` finds names that nobody listed, from context.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .name_initials import in_table_or_list, initials_written_for_a_person, is_initials
from .name_lists import COPULAS, CUES, DETERMINERS, TITLE_RE, TUSSENVOEGSELS, NameLists, wordset

_LETTERS = re.compile(r"[^\W\d_]")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
# A possessive or plural "s" and first-name diminutives ("Pietje", "Jantje", "Tommetje").
_SUFFIX = r"(?P<dim>[tpk]?je|etje)?(?P<gen>s)?"
_DIMINUTIVE_ENDINGS = ("je", "tje", "pje", "kje", "etje")


def norm(text: str) -> str:
    """Entity key of a surface: case, spacing and the kind of apostrophe do not matter."""
    return " ".join(text.translate(_APOSTROPHES).lower().split())


def words_pattern(term: str) -> str:
    """A regex for ``term`` with any whitespace between its words and either apostrophe."""
    return r"\s+".join(re.escape(w).replace("'", "['’]") for w in term.split())


def is_meaningful(text: str) -> bool:
    """False for spans that must never be replaced: empty, one letter, or only punctuation."""
    text = text.strip()
    if not any(ch.isalnum() for ch in text):
        return False
    # A lone digit can be an age ("van 9 jaar"); a lone letter is deduce misfiring.
    return not (len(text) == 1 and not text.isdigit())


def strip_titles(name: str) -> str:
    while True:
        m = TITLE_RE.match(name)
        if not m or m.end() >= len(name):
            return name
        name = name[m.end() :]


def recase(name: str) -> str:
    """A name written all lowercase or all capitals as a name is written: "fatima el amrani" → "Fatima el
    Amrani". Mixed case stays as it is."""
    letters = "".join(_LETTERS.findall(name))
    if not letters or not (letters.islower() or letters.isupper()):
        return name
    out = []
    for i, w in enumerate(name.split()):
        low = w.lower()
        if i > 0 and low in TUSSENVOEGSELS:
            out.append(low)
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in low.split("-")))
    return " ".join(out)


def split_name(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split a full name into first names and the surname part (tussenvoegsels included)."""
    for i in range(1, len(tokens)):
        if tokens[i].lower() in TUSSENVOEGSELS:
            return tokens[:i], tokens[i:]
    if tokens[0].lower() in TUSSENVOEGSELS:
        return [], tokens
    return tokens[:-1], tokens[-1:]


def clean_name(raw: str) -> str | None:
    """The name without titles, or None when it does not look like a person's name.

    Every word must be capitalised or a tussenvoegsel: a mis-parsed speaker label such as
    "Heldere afspraken over wie..." would otherwise turn "over" and "wie" into names. A name written all in
    lowercase or capitals (front matter typed in a hurry) is recased first.
    """
    name = recase(strip_titles(" ".join(str(raw).split())))
    words = name.split()
    if not words or not is_meaningful(name):
        return None
    if any(not (w[:1].isupper() or w.lower() in TUSSENVOEGSELS) for w in words):
        return None
    if all(w.lower() in TUSSENVOEGSELS for w in words):
        return None
    return name


def _surname_forms(surname: list[str]) -> list[str]:
    """Other ways to write a surname: "de Vries" → "De Vries", "Vries"; "Jansen-Bakker" → "Jansen", "Bakker"."""
    whole = " ".join(surname)
    forms = [whole]
    halves = [h.strip() for h in whole.split("-")] if "-" in whole else []
    for part in [whole, *halves]:
        words = part.split()
        if not words:
            continue
        if part is not whole:
            forms.append(part)
        core = [w for w in words if w.lower() not in TUSSENVOEGSELS]
        if core and len(core) < len(words):
            forms.append(" ".join(core))
            # Without a first name Dutch capitalises the tussenvoegsel: "meneer Van Dam".
            forms.append(" ".join([words[0][:1].upper() + words[0][1:], *words[1:]]))
    return forms


def name_forms(name: str) -> tuple[list[str], set[str]]:
    """The ways ``name`` may be written in a text, and which of them are first names."""
    words = name.split()
    first, surname = split_name(words)
    firsts = {f for w in first for f in (w, *w.split("-")) if f}
    # A double first name goes by its initials too: "DJ" for Dirk-Jan, "JW" for Jan-Willem.
    initials = {"".join(p[:1] for p in w.split("-")).upper() for w in first or words[:1] if w.count("-") == 1}
    firsts |= {i for i in initials if len(i) == 2 and i.isalpha()}
    forms = [name, *firsts]
    if surname:
        sforms = _surname_forms(surname)
        forms += sforms
        if first:
            # "Lieke Jansen" for Lieke Jansen-Bakker; "L. de Vries".
            forms += [f"{first[0]} {s}" for s in sforms[1:] if " " not in s or s.split()[0][:1].isupper()]
            forms.append(f"{first[0][:1]}. {sforms[0]}")
            # Initials alone, as a transcriber or a duo signs: "W.R." or "W. R." for Wendy Reijnders.
            core = [w for w in surname if w.lower() not in TUSSENVOEGSELS]
            if core and first[0][:1].isalpha() and core[0][:1].isalpha():
                a, b = first[0][:1].upper(), core[0][:1].upper()
                forms += [f"{a}.{b}.", f"{a}. {b}."]
        if not first and len(surname) == 1:
            firsts.add(surname[0])  # a single word is a first name as often as a surname
    keep = [
        f
        for f in dict.fromkeys(forms)
        if is_meaningful(f)
        and len(f.rstrip(".")) > 1  # initials
        and any(w.lower() not in TUSSENVOEGSELS for w in f.split())
    ]
    return keep, {norm(f) for f in firsts}


def _diminutive_stems(firsts: Iterable[str]) -> list[tuple[str, str]]:
    """(first name, stem): "pieter" → "piet" (for "Pietje"), "lieke" → "liek" ("Liekje")."""
    stems = []
    for first in firsts:
        if len(first) >= 5 and first.endswith("er"):
            stems.append((first, first[:-2]))
        elif len(first) >= 4 and first.endswith("e"):
            stems.append((first, first[:-1]))
    return stems


@dataclass(slots=True)
class _Form:
    key: str | None
    trust: int  # 0: front matter, speakers, context cues; 1: found by deduce; 2: vetted by a finder
    words: int
    first: bool  # a first name: diminutives count
    led: bool  # starts with a tussenvoegsel ("de Vries")
    stem_only: bool = False  # a diminutive stem ("piet" of Pieter): a name only with its ending ("Pietje")
    initials: bool = False  # "DJ" for Dirk-Jan, "W.R." for Wendy Reijnders: a name only in capitals
    bare: bool = (
        False  # initials made from a full name without their dots ("EW"): a name only in a table or list
    )


_GLUED_TITLES = ("oma", "opa", "tante", "oom", "ome", "mama", "papa", "juf", "meester")


class _Owners:
    """Per surface form (normalised): the full names it may stand for, from names known in advance and from
    names found in the interview, and how far it is trusted (see :class:`NameIndex`)."""

    def __init__(self) -> None:
        self.known: dict[str, set[str]] = {}
        self.found: dict[str, set[str]] = {}
        self.trust: dict[str, int] = {}
        self.firsts: set[str] = set()
        self.stems: dict[str, set[str]] = {}
        self.initials: set[str] = set()
        self.bare: set[str] = set()

    def add(
        self, names: Iterable[str], is_known: bool, trust: int, is_common_word: Callable[[str], bool]
    ) -> None:
        owners = self.known if is_known else self.found
        for raw in names:
            name = clean_name(raw)
            if name is None:
                continue
            full = norm(name)
            forms, first = name_forms(name)
            self.firsts |= first
            if trust == 0:
                for first_name, stem in _diminutive_stems(first):
                    self.stems.setdefault(stem, set()).add(first_name)
                if is_known:
                    # A family title written against a known first name: "omajoke", "opawim" (eleventh dev
                    # author; speech recognition and children write them as one word).
                    forms = [*forms, *(title + f for title in _GLUED_TITLES for f in first if len(f) >= 3)]
                    # Initials without dots, as in a table of agreements: "EW + NÇ" (twelfth dev author).
                    bare = [f.replace(".", "") for f in forms if is_initials(f) and "." in f and " " not in f]
                    self.bare |= {norm(f) for f in bare}
                    forms += bare
            for form in forms:
                # deduce's names are less certain, so their one-word forms must not be ordinary words,
                # or every capitalised "Toen" would become a person. Names the finders returned
                # ("vetted") were checked word by word already.
                if trust == 1 and " " not in form and (len(form) < 3 or is_common_word(form)):
                    continue
                key = norm(form)
                if is_initials(form):
                    self.initials.add(key)
                self.trust[key] = min(self.trust.get(key, trust), trust)
                owners.setdefault(key, set()).add(full)

    def key(self, form_key: str) -> str | None:
        """The entity a form stands for; None when it is ambiguous (two Jans: a bare "Jan" is neither)."""
        mine = self.known.get(form_key, set())
        everyone = mine | self.found.get(form_key, set())
        known_full = {o for o in mine if " " in o}
        all_full = {o for o in everyone if " " in o}
        if form_key in known_full:
            return form_key
        if len(known_full) == 1:
            return next(iter(known_full))
        if form_key in all_full:
            return form_key
        if not known_full and len(all_full) == 1:
            # A speaker label "Sandra" and a full "Sandra Kok" are the same person.
            return next(iter(all_full))
        if not all_full and len(everyone) == 1:
            return next(iter(everyone))
        return None


class NameIndex:
    """Surface forms of person names in one interview and the entity key each form stands for.

    Names come from the caller (front matter, speaker labels: ``known``) and, with lower precedence, from
    multi-word names deduce found elsewhere in the interview (``discovered``: once deduce has seen "Gülsen
    Kaya", a bare "Gülsen" three turns later is the same person) and from names other finders vetted
    (``vetted``). ``aliases``: misspellings of known name parts (:func:`near_misses`), each with the entity key
    of the part it misspells. ``lists``: for the vetting of forms written in lowercase or capitals; without it only forms
    written as names are found. ``cued``: names that a title or relation gave away in this interview
    (:mod:`.name_cues`); like names from the front matter, they count in lowercase even where they are
    ordinary words ("zoon bas" makes every "bas" a person, "de bas" aside).
    """

    def __init__(
        self,
        known: Iterable[str],
        discovered: Iterable[str] = (),
        is_common_word: Callable[[str], bool] = lambda _w: False,
        vetted: Iterable[str] = (),
        lists: NameLists | None = None,
        cued: Iterable[str] = (),
        aliases: dict[str, str] | None = None,
    ) -> None:
        self._lists = lists
        sources = (
            (known, True, 0),
            (discovered, False, 1),
            (vetted, False, 2),
            (cued, False, 0),
        )
        owners = _Owners()
        for names, is_known, trust in sources:
            owners.add(names, is_known, trust, is_common_word)
        self._forms: dict[str, _Form] = {
            form_key: _Form(
                owners.key(form_key),
                trust,
                len(form_key.split()),
                form_key in owners.firsts,
                " " in form_key and form_key.split()[0] in TUSSENVOEGSELS,
                initials=form_key in owners.initials,
                bare=form_key in owners.bare,
            )
            for form_key, trust in owners.trust.items()
        }
        self._add_diminutives(owners.stems)
        for surface, target in (aliases or {}).items():
            # A misspelling stands for whom the name part it misspells stands for ("OUAZANI" → Ouazzani).
            alias = norm(surface)
            if alias in owners.known:
                continue  # a form of someone known as written: that person's (a cue may have found it too)
            form = self._forms.get(norm(target)) if target else None
            key = form.key if form is not None else None
            self._forms[alias] = _Form(key, 0, len(alias.split()), form is not None and form.first, False)
        alternation = "|".join(words_pattern(f) for f in sorted(self._forms, key=len, reverse=True))
        self.regex = re.compile(rf"(?<!\w)(?P<name>{alternation}){_SUFFIX}(?!\w)") if self._forms else None
        self._folded: re.Pattern[str] | None = None

    def _add_diminutives(self, stems: dict[str, set[str]]) -> None:
        for stem, first_names in stems.items():
            # The stem stands for whom its first name stands for ("piet" → Pieter Jansen-Bakker).
            keys = {self._forms[f].key for f in first_names if f in self._forms}
            key = next(iter(keys)) if len(keys) == 1 else None
            if stem not in self._forms:
                # "Piet" of Pieter only as "Pietje": the stem alone may be someone else.
                self._forms[stem] = _Form(key, 0, 1, True, False, stem_only=True)
            for ending in _DIMINUTIVE_ENDINGS:
                # Another finder took "Pietje" for a name of its own; it is Pieter's.
                other = self._forms.get(stem + ending)
                if other is not None and other.trust > 0:
                    other.key, other.trust = key, 0

    def key_for(self, text: str) -> str | None:
        form = self._forms.get(norm(strip_titles(text)))
        return form.key if form is not None else None

    def spans(self, text: str) -> list[tuple[int, int, str | None]]:
        """``(start, end, entity key)`` of every form in ``text``, in any case, that passes the vetting."""
        if self.regex is None:
            return []
        low = text.lower()
        if len(low) == len(text):
            matches = self.regex.finditer(low)
        else:  # lowercasing changed the length ("İ"): offsets would not fit
            if self._folded is None:
                self._folded = re.compile(self.regex.pattern, re.IGNORECASE)
            matches = self._folded.finditer(text)
        out = []
        for m in matches:
            form = self._forms.get(norm(m.group("name")))
            if form is None:
                continue
            if (m.group("dim") and not form.first) or (form.stem_only and not m.group("dim")):
                # "Vriesje" is no form of De Vries; the shorter match without the ending does not exist.
                continue
            start, end = m.span()
            if self._accept(text, start, end, m.end("name"), form):
                out.append((start, end, form.key))
        return out

    def _accept(self, text: str, start: int, end: int, name_end: int, form: _Form) -> bool:
        """Written as a name (capital, then lowercase) a form is a name. In capitals or in lowercase it must
        be one by its words or its context (see the module docstring)."""
        surface = text[start:end]
        letters = "".join(_LETTERS.findall(surface))
        if form.initials:
            if form.bare and "." not in surface and not in_table_or_list(text, start, end):
                return False  # "naar MW voor de schulden", "in NL": abbreviations far more often
            return initials_written_for_a_person(surface, letters, _word_before(text, start))
        words = surface.split()
        core = [w for w in words if w.lower() not in TUSSENVOEGSELS] or words
        upper = letters.isupper()
        if not upper and all(w[:1].isupper() for w in core):
            return True
        if self._lists is None:
            return False
        lists = self._lists
        before = _word_before(text, start)
        prev = before.lower() if before else None
        if prev in CUES:
            return True
        if form.words > 1 and not form.led:
            return True  # a full name: "pieter bakker", "LIEKE DE VRIES"
        # One word, or a surname with tussenvoegsel ("de vries", "VAN DAM"): judged by its last word.
        word = text[start:name_end].split()[-1]
        low = word.lower()
        # A compound of known words ("buurtteam", from a team deduce took for a person) is ordinary too.
        ordinary = (
            lists.ordinary(word) or lists.compound(word) or (end > name_end and lists.ordinary(words[-1]))
        )
        if not ordinary:
            return True
        if low in lists.closed:
            return False
        if upper and not (_caps(before) or _caps(_word_after(text, end))):
            return True  # one word in capitals amid ordinary text: written so because it is a name
        if form.trust > 0 or (low in lists.function_words and not form.led):
            # "kok", "berg", "de berg op": a name only after a title or relation.
            return False
        # A name from the front matter or one a title gave away, in lowercase or capitals ("lieke", "roos",
        # "de vries", "BAS"), unless used as a noun ("een roos", "is bakker").
        # A known first name after a copula that ends the clause is the person: "hoe oud is joop", "dat was joop."
        # (twelfth dev author); "ze is job coach", "het wordt lente en" keep the word.
        final = form.first and _CLAUSE_END.match(text, end) is not None
        return form.led or not noun_position(text, start, copulas=not final)


_BEFORE_RE = re.compile(r"([^\W\d_][\w'’]*)[ \t]+$")
_AFTER_RE = re.compile(r"[ \t]+([^\W\d_][\w'’]*)")


# Adverbs that may stand between a copula or article and a noun: "hij was vroeger bakker", "is ook kok".
_ADVERBS = wordset(
    "ook vroeger toen nog altijd eerst zelf gewoon echt eigenlijk al later nu daarna ooit lang heel zelfs "
    "nooit graag eens jarenlang destijds vooral maar pas weer dus wel niet zeker misschien"
)
_PRONOUN_OR_POSSESSIVE = frozenset({"je", "u"})
_WORDS_BEFORE_RE = re.compile(r"((?:[^\W\d_][\w'’]*[ \t]+){1,4})$")


_CLAUSE_END = re.compile(r"\s*(?:[.?!,;:)]|$)")


def noun_position(text: str, start: int, copulas: bool = True) -> bool:
    """The word at ``start`` follows an article, possessive or copula, perhaps past a few adverbs ("de
    bakker", "werkt als kok", "was vroeger timmerman"): a lowercase word there is a noun, not a name.
    Without ``copulas`` only an article or possessive makes the position a noun's."""
    m = _WORDS_BEFORE_RE.search(text, max(0, start - 60), start)
    if m is None:
        return False
    for word in reversed(m.group(1).split()):
        low = word.lower()
        if low in _PRONOUN_OR_POSSESSIVE:
            # "dank je wel mohammed", "zie je bas": far more often the pronoun than "je bakker".
            return False
        if low in DETERMINERS:
            return copulas or low not in COPULAS
        if low not in _ADVERBS:
            return False
    return False


def _word_before(text: str, start: int) -> str | None:
    m = _BEFORE_RE.search(text, max(0, start - 40), start)
    return m.group(1) if m else None


def _word_after(text: str, end: int) -> str | None:
    m = _AFTER_RE.match(text, end)
    return m.group(1) if m else None


def _caps(word: str | None) -> bool:
    return word is not None and len(word) > 1 and word.isupper()
