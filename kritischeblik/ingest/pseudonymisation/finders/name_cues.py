"""Person names nobody listed, written in lowercase or capitals, found from context and name lists.

Transcripts typed fast, or by speech recognition, write names as they sound: "meneer jansen", "dochter
fatima el amrani", "juf marloes", "met samira", or shout them in capitals ("PIETER BAKKER"). The finders for
capitalised words cannot see them. Here a word in lowercase or capitals starts a name when

* a title or relation comes right before it ("meneer", "juf", "dochter", "buurvrouw", "heet"; see
  :data:`.names.CUES`) and it is on deduce's first-name or surname list or in no lexicon;
* a weak cue comes before it ("met", "tegen", "en") and it is on the first-name list and no Dutch or English
  word;
* without a cue, it is on a name list and no Dutch or English word (four letters at least) — in capitals no
  Dutch word.

An abbreviated title with its full stop counts as a title, also past initials ("MEVR. J. JANSEN", "dhr. p.
de boer"). A double surname whose second half starts with a tussenvoegsel ("HENDRIKS-DE GROOT",
"smit-van der berg") is one name when its first half is a surname, or after a title anything but an
ordinary word.

A name goes on with tussenvoegsels and a surname ("fatima el amrani", "JOHANNES VAN DER BERG") or a second
name part. What is found goes to the name index (:class:`.names.NameIndex`) as a vetted name, so every
mention in the interview gets the same placeholder, in any case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .age_words import PERSON_NOUNS
from .lexicon import Intervals
from .name_lists import (
    CUES,
    DETERMINERS,
    ROLE_ABBREVIATIONS,
    TITLE_RE,
    TITLES,
    TUSSENVOEGSELS,
    WEAK_CUES,
    NameLists,
    wordset,
)
from .names import recase
from .public_names import PUBLIC_LOWER

# A tussenvoegsel that is no preposition: after it any word but a function word is a surname ("van der
# berg", "el amrani"); after "van", "de", "op de" only a surname that is no common word ("van dongen", not
# "van school", "op de grond").
NAME_PARTICLES = frozenset(
    {"der", "den", "ter", "ten", "el", "'t", "le", "la", "du", "da", "di", "dos", "del", "von", "zu", "zur"}
)
TUSSEN = TUSSENVOEGSELS | {"’t"}
# Bodies and services people name in lowercase in speech ("bij de ggz", "van de uwv").
_ABBREVIATIONS = ROLE_ABBREVIATIONS | wordset("uwv svb cjib cak duo ind coa rdw wlz")
# Where someone works, after "meneer van de": also surnames, but here the place ("mevrouw van de bank").
_WORKPLACES = wordset("bank post winkel markt zaak kerk school hoek weg overkant zorg")
# Tussenvoegsels that are no Dutch words outside names.
_ONLY_IN_NAMES = frozenset({"der", "den"})
# Inside a name only ("fatima ben haddou"): "ben" is far more often a verb.
_PATRONYMICS = frozenset({"ben", "bin", "ibn", "abu", "ait", "aït"})
# "die heet eigenlijk kacper": a naming verb, one filler word, the name.
_NAMING = frozenset({"heet", "heette", "heten", "genaamd", "noemde", "noemen", "noemt"})
_FILLERS = frozenset(
    {"eigenlijk", "gewoon", "toen", "nu", "ook", "dus", "officieel", "echt", "zelf", "voluit"}
)
# English function words that name lists hold too ("Will", "Can"): after "met" or "en" never a name.
_ENGLISH = wordset("with and the of to in on for at by an or can has is be it as so no yes do go else will")
_MAX_WORDS = 5
# After a title ("opa Henk", "juf Marloes") "van" + a lowercase word for people says whose they are ("de opa van
# de kinderen", "de juf van de kinderen"), though "opa van dijk" is a name.
_WHOSE = frozenset({"buren", "familie", "overkant", "hiernaast", "boven", "beneden"})


# The naming verb after the name: "tim noem ik hem even", "helen noem ik haar" (twelfth dev author): a name the
# speaker gives someone, often the real one, in any case.
_NAMED_AFTER_RE = re.compile(
    r"(?<![\w'-])(?P<name>[^\W\d_][\w'-]{1,20}),?\s+(?i:noem|noemen)\s+(?i:ik|we|wij|ze)\s+(?i:hem|haar|'m|d'r|hen)"
    r"(?![\w'-])"
)


def named_after(text: str, lists: NameLists) -> list[str]:
    """Names followed by a naming verb (see ``_NAMED_AFTER_RE``), recased; not an ordinary word or a pronoun
    ("zo noem ik hem", "dat noem ik haar")."""
    if "noem" not in text:
        return []
    out = []
    for m in _NAMED_AFTER_RE.finditer(text):
        low = m.group("name").lower()
        if low in lists.function_words or (lists.ordinary(low) and not lists.first_name(low)):
            continue
        out.append(recase(m.group("name")))
    return out


def context_names(
    text: str, toks: Sequence[Any], lists: NameLists, blocked: Sequence[tuple[int, int]] = ()
) -> list[str]:
    """Names in lowercase or capitals in ``text``, recased ("Fatima el Amrani"), in order of appearance.

    ``toks``: :func:`.lexicon.tokens` of ``text``. ``blocked``: spans never to be touched (codebook terms).
    """
    found: list[str] = []
    found_end = -1
    n = len(toks)
    blocked_at = Intervals(blocked)
    first_names, surnames = lists.first_names, lists.surnames
    lows = [t.text.lower() for t in toks]
    i = 0
    while i < n:
        t = toks[i]
        low = lows[i]
        # Most words are on no list and follow no cue: skip them before anything costs time.
        if not (
            low in first_names
            or low in surnames
            or low in TUSSEN
            or (i > 0 and lows[i - 1] in CUES)
            or (i > 1 and lows[i - 1] in _FILLERS and lows[i - 2] in _NAMING)
            or (i > 1 and _named_so(lows, i))
            or ("-" in low and (lists.listed(low) or low.rsplit("-", 1)[1] in TUSSEN))
        ):
            i += 1
            continue
        style = _style(t.text)
        blocked_here = blocked_at.overlaps(t.start, t.end)
        if style is None or blocked_here:
            if style is None and not blocked_here and _titled_word(text, toks, i, lists):
                found.append(t.text)  # "oma Riet": written as a name, so no style of its own
                found_end = i
            i += 1
            continue
        prev = _cue_before(text, toks, i)
        start, end = i, None
        if low in TUSSEN:
            # "meneer van der berg", "mevrouw de vries", and without a title "van dongen", "el amrani"
            k = _after_particles(text, toks, i, style)
            if k is not None and _surname_after(toks, i, k, lists, titled=prev in TITLES):
                word = toks[k].text.lower()
                if (
                    style == "lower"
                    and (word in PERSON_NOUNS or word in _WHOSE)
                    and ((prev in TITLES and low == "van") or prev in _NAMING)
                ):
                    # "de opa van de kinderen", "tante van de buurvrouw": whose, not who; "zo noemen de
                    # kinderen haar": who names, not the name (eleventh dev author)
                    pass
                elif prev in TITLES or (
                    not lists.ordinary(word)
                    and word not in lists.places
                    and (
                        word in lists.surnames
                        or any(toks[x].text.lower() in NAME_PARTICLES for x in range(i, k))
                    )
                ):
                    end = k
        elif "-" in low and low.rsplit("-", 1)[1] in TUSSEN:
            end = _double_with_particle(text, toks, i, style, prev, lists)
        elif _starts(low, style, prev, lists) or _pair(text, toks, i, style, lists):
            end = _extend(text, toks, i, style, lists)
            if style == "upper" and end == i and prev not in CUES and not _name_shaped(low):
                # A short word alone in capitals is an abbreviation more often than a name ("PIE", "BSO").
                end = None
            elif i > found_end + 1 and low in lists.surnames and _pair(text, toks, i - 1, style, lists):
                start = i - 1  # "bas kuijpers": a first name that is also a Dutch word, before a surname
        if end is None:
            i += 1
            continue
        found.append(recase(text[toks[start].start : toks[end].end]))
        found_end = end
        i = end + 1
    return found


def _titled_word(text: str, toks: Sequence[Any], i: int, lists: NameLists) -> bool:
    """A capitalised name that is a Dutch word too, right after a title ("oma Riet", "tante Roos"): deduce knows no
    "oma" or "tante" and the unknown-name vote skips words the lexicon knows (thirteenth dev author)."""
    word = toks[i].text
    if not (word[:1].isupper() and word[1:].islower() and len(word) >= 3):
        return False
    low, before = word.lower(), toks[i - 1] if i else None
    if before is None or before.text.lower() not in _KIN_TITLES or text[before.end : toks[i].start] != " ":
        return False
    # "juf Groep 7", "oma Maar die was er niet"; "tante Net." is a name.
    rest = text[toks[i].end : toks[i].end + 2]
    if rest[:1] == " " and (rest[1:].isdigit() or (low in lists.function_words and rest[1:].islower())):
        return False
    return lists.listed(low) and lists.ordinary(low)


# Not "beste"/"lieve" ("Beste Buren"), nor "meneer"/"mevrouw", which deduce takes.
_KIN_TITLES = wordset(
    "oma opa omi opi opoe tante oom juf meester zuster broeder neef nicht buurman buurvrouw"
)


# "ik noem hem gewoon jeandro", "noem haar maar sharline" (twentieth dev author): the name the speaker gives someone.
_NAMED_SO = frozenset({"noem", "noemen", "noemde", "noemt"})
_OBJECTS = frozenset({"hem", "haar", "'m", "d'r"})  # not "ze": "dat noemen ze dan jongdementie"


_NAMING_FILLERS = _FILLERS | {"maar", "even", "altijd", "hier", "dan", "voortaan"}


def _named_so(lows: Sequence[str], i: int) -> bool:
    """Whether the words before position ``i`` of ``lows`` are a naming verb, an object and up to two fillers ("ik
    noem hem dan maar jeandro")."""
    k = i - 1
    while k >= i - 2 and k > 0 and lows[k] in _NAMING_FILLERS:
        k -= 1
    return k > 0 and lows[k] in _OBJECTS and lows[k - 1] in _NAMED_SO


def _cue_before(text: str, toks: Sequence[Any], i: int) -> str | None:
    """The word right before token ``i`` (lowercase), if only spaces separate them, or a comma after a cue
    ("mijn vriendin, corrie,")."""
    if i == 0:
        return None
    a, b = toks[i - 1], toks[i]
    gap = text[a.end : b.start]
    word = a.text.lower()
    if 0 < len(gap) <= 3 and gap.strip(" \t") == "":
        if (
            word in _FILLERS
            and i > 1
            and toks[i - 2].text.lower() in _NAMING
            and _adjacent(text, toks[i - 2], a)
        ):
            return toks[i - 2].text.lower()
        if _named_so([t.text.lower() for t in toks[max(0, i - 4) : i]], min(i, 4)):
            return "heet"  # a naming cue, as "die heet ..."
        return word
    if gap.strip(" \t") == "," and len(gap) <= 3 and word in CUES:
        return word
    if gap.strip(" \t") == "." and 1 < len(gap) <= 3:
        # An abbreviated title, perhaps past initials: "MEVR. JANSEN", "dhr. p. van dam", "MW. K. L. SMIT".
        k = i - 1
        while k > 0 and len(toks[k].text) == 1 and _dotted(text[toks[k - 1].end : toks[k].start]):
            k -= 1
        title = toks[k].text.lower()
        if title in TITLES and (k == i - 1 or _dotted(text[toks[k].end : toks[k + 1].start])):
            return title
    return None


def _double_with_particle(
    text: str, toks: Sequence[Any], i: int, style: str, prev: str | None, lists: NameLists
) -> int | None:
    """A double surname whose second half has a tussenvoegsel: "HENDRIKS-DE GROOT", "smit-van der berg".
    The first half must be a surname (or anything but an ordinary word after a title); returns the index of
    the last word."""
    head = toks[i].text.lower().rsplit("-", 1)[0]
    if prev in TITLES:
        head_ok = lists.listed(head) or not lists.ordinary(head)
    else:
        head_ok = head in lists.surnames and head not in lists.function_words
    if not head_ok or i + 1 >= len(toks):
        return None
    if toks[i + 1].text.lower() in TUSSEN:
        k = _after_particles(text, toks, i + 1, style)
        return k if k is not None and _surname_after(toks, i + 1, k, lists) else None
    else:
        k = i + 1 if _adjacent(text, toks[i], toks[i + 1]) and _style(toks[i + 1].text) == style else None
    if k is None:
        return None
    last = toks[k].text.lower()
    if len(last) < 2 or last in lists.closed or (prev not in TITLES and last in lists.function_words):
        return None
    return k


def _dotted(gap: str) -> bool:
    return gap[:1] == "." and 1 < len(gap) <= 3 and gap[1:].strip(" \t") == ""


def _pair(text: str, toks: Sequence[Any], i: int, style: str, lists: NameLists) -> bool:
    """A first name and a surname from the lists, neither a common word: "joke pronk", "frank hofstede"."""
    if i < 0 or i + 1 >= len(toks):
        return False
    a, b = toks[i], toks[i + 1]
    first, last = a.text.lower(), b.text.lower()
    if i > 0 and _cue_before(text, toks, i) in DETERMINERS:
        return False  # "een ouwe baas"
    return (
        _style(a.text) == style == _style(b.text)
        and lists.first_name(first)
        and last in lists.surnames
        and first not in lists.function_words
        and last not in lists.function_words
        and _adjacent(text, a, b)
    )


def _unknown(low: str, lists: NameLists) -> bool:
    """In no lexicon, no compound of known words ("buurtteam"), no place, no abbreviation of a body or service
    ("mevrouw van de ggz", nineteenth dev author): a name where context says so."""
    return (
        not lists.ordinary(low)
        and not lists.foreign(low)
        and low not in lists.places
        and low not in _ABBREVIATIONS
        and low not in PUBLIC_LOWER
        and not lists.compound(low)
    )


def _name_shaped(low: str) -> bool:
    """Four letters or more, or consonant-vowel-consonant ("bas", "tim"; not "pie", "bso", "aow")."""
    if len(low) >= 4:
        return True
    vowels = "aeiouyàáâäèéêëìíîïòóôöùúûü"
    return len(low) == 3 and low[0] not in vowels and low[1] in vowels and low[2] not in vowels


def _style(word: str) -> str | None:
    if word.islower():
        return "lower"
    if len(word) > 1 and word.isupper():
        return "upper"
    return None


def _adjacent(text: str, a: Any, b: Any) -> bool:
    gap = text[a.end : b.start]
    return 0 < len(gap) <= 3 and gap.strip(" \t") == ""


def _starts(low: str, style: str, prev: str | None, lists: NameLists) -> bool:
    if len(low) < 2 or low in lists.function_words or low in TUSSEN:
        return False
    if prev in CUES:
        if prev in TITLES:
            return lists.listed(low) or not lists.ordinary(low)
        return lists.first_name(low) or (len(low) >= 3 and _unknown(low, lists))
    if lists.ordinary(low) or low in lists.places:
        return False
    if style == "upper":
        return lists.listed(low)
    if prev in WEAK_CUES:
        return lists.first_name(low) and low not in _ENGLISH
    return len(low) >= 3 and lists.listed(low) and not lists.foreign(low)


def _after_particles(
    text: str, toks: Sequence[Any], i: int, style: str, particles: frozenset[str] = TUSSEN
) -> int | None:
    """Index of the word after the tussenvoegsels starting at ``i``, in the same style and adjacent."""
    k = i
    while k < len(toks) and toks[k].text.lower() in particles:
        if k > i and (not _adjacent(text, toks[k - 1], toks[k]) or _style(toks[k].text) != style):
            return None
        k += 1
    if k >= len(toks) or k == i or not _adjacent(text, toks[k - 1], toks[k]) or _style(toks[k].text) != style:
        return None
    return k


def _surname_after(toks: Sequence[Any], i: int, k: int, lists: NameLists, titled: bool = False) -> bool:
    """Is word ``k``, after the tussenvoegsels ``i..k-1``, a surname? ``titled``: a title comes before them."""
    low = toks[k].text.lower()
    particles = [toks[x].text.lower() for x in range(i, k)]
    if len(low) < 2 or (low in lists.closed and not (set(particles) & _ONLY_IN_NAMES)):
        return False  # but "anneke van der meer": after "der" even a word of a closed class (nineteenth dev author)
    if any(p in NAME_PARTICLES for p in particles):
        return True
    if titled and particles == ["van", "de"] and low in lists.surnames and low not in _WORKPLACES:
        return True  # "meneer van de berg": a surname that is also a word; not "mevrouw van de bank"
    return (low in lists.surnames and low not in lists.function_words) or _unknown(low, lists)


def _extend(text: str, toks: Sequence[Any], i: int, style: str, lists: NameLists) -> int:
    """Index of the last word of the name that starts at ``i``."""
    last = i
    # A surname ends a name ("jansen zei"); a first name, or a word no list knows, may go on.
    start = toks[i].text.lower()
    first_name = lists.first_name(start) or start not in lists.surnames
    j = i + 1
    while j < len(toks) and j - i < _MAX_WORDS:
        tj = toks[j]
        if not _adjacent(text, toks[j - 1], tj) or _style(tj.text) != style:
            break
        low = tj.text.lower()
        if not first_name:
            break
        if low in TUSSEN or low in _PATRONYMICS:
            k = _after_particles(text, toks, j, style, TUSSEN | _PATRONYMICS)
            if k is not None and _surname_after(toks, j, k, lists):
                last = k
            break
        if low in lists.closed:
            break
        if (
            (low in lists.surnames and low not in lists.function_words)
            or (lists.first_name(low) and not lists.ordinary(low))
            or _unknown(low, lists)
        ):
            last, j = j, j + 1
            continue
        break
    return last


# After a title, a name the other finders do not take as one: initials alone ("mevrouw D., ze ...", "dhr. K.L.
# zei") and a surname with an apostrophe ("mevrouw N'Diaye", "dokter O'Brien", "meneer D'Souza"). Initials before
# a surname stay (only the surname is replaced, "DHR. W. [PERSOON-1]"); the dot after the last initial stays.
_TITLED_SHORT_RE = re.compile(
    # The first letters of every title (see TITLE_RE; İ and ı match i case-insensitively), so other positions are
    # passed over.
    rf"(?=[dmpizbjcfDMPIZBJCFİı])(?<!\w)(?i:{TITLE_RE.pattern}|fam\.?\s+|familie\s+)"
    r"(?P<n>[A-Z](?:\.\s?[A-Z]){0,3}(?=\.(?:\s*[,;:)!?]|\s*$|\s+(?!(?:van|de|der|den|ter|ten|el|al|'t)\b)[a-z]))"
    r"|[A-Z]['’][A-Z][a-zà-ÿ]+|[A-Z][a-zà-ÿ]+['’][A-Z]?[a-zà-ÿ]+)(?![\w'’-])"
)


# A surname in capitals with initials, as files and letters write it (eighth dev author): "aan R. RAMDIN", "als
# H. VOS", "als BRUIJSTENS, V.J.". Only the surname is taken (initials stay readable, as after a title). The
# capitals need a vowel and three letters ("B. NB", "A. GGD" stay), and the word before them lowercase letters: in
# a text written in capitals ("DE BRIEF. J. DE WIT.") capitals say nothing.
_CAPS = r"[A-Z][A-Z'’]*[AEIOUY][A-Z'’]*[A-Z](?:-[A-Z][A-Z'’]+)?"
_FILE_NAME_RE = re.compile(
    rf"(?=[A-Z])(?<![\w.])(?:[A-Z]\.\s?){{1,3}}(?P<a>(?:(?:van|de|der|den|VAN|DE|DER|DEN)\s+)*{_CAPS})(?![\w'’-])"
    rf"|(?=[A-Z])(?<![\w'’-])(?P<b>{_CAPS}),\s?[A-Z]\.(?:\s?[A-Z]\.){{0,2}}(?![\w'’-])"
)
_WORD_BEFORE_RE = re.compile(r"(\S+)\s+\Z")


def file_names(text: str) -> list[tuple[int, int]]:
    """Surnames in capitals with initials (see above), as ``(start, end)`` spans of the surname."""
    if "." not in text:
        return []
    out = []
    for m in _FILE_NAME_RE.finditer(text):
        before = _WORD_BEFORE_RE.search(text, max(0, m.start() - 30), m.start())
        if before is not None and any(c.islower() for c in before.group(1)):
            out.append(m.span("a") if m.group("a") else m.span("b"))
    return out


def titled_short_names(text: str) -> list[tuple[int, int]]:
    """Initials and apostrophe surnames after a title (see above), as ``(start, end)`` spans."""
    if "'" not in text and "’" not in text and "." not in text:
        return []
    return [m.span("n") for m in _TITLED_SHORT_RE.finditer(text)]
