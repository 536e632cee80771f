"""Numbers as speakers of Limburgs, Gronings, Twents, Brabants, Zeeuws, Flemish, Frisian, Papiamento or French
say them and a transcriber writes them down ("vief", "zeve-en-dertig", "ach-en-zeventig", "ainendattig",
"twellef", "nul-veer-vief", "seisentachtich", "sinku nuebe", "vuufenvuuftig", "quarante-sept"), read as the
standard Dutch words (eleventh, thirteenth to sixteenth dev authors; French in :mod:`.french_numbers`).

:func:`standardised` gives a copy of the text with those words replaced and the edits made; the identifier
finders run on the copy and :func:`back` maps their spans to the original text. Only words that are no Dutch word
count on their own ("vief", "twellef", "tachteg"); those that are ("veer", "ein", "ach", "drei") only next to
another number word ("nul-veer-vief", "ein-en-veertig", "un un dos dos"). Pure.
"""

from __future__ import annotations

import bisect
import re

from .french_numbers import AMBIGUOUS, DUTCH, HINT_RE, french_value
from .spoken_numbers import NUMBER_VALUES, TENS, UNITS


def _pairs(text: str) -> dict[str, str]:
    return dict(pair.split(":") for pair in text.split())


# Unambiguous: no Dutch word is spelled so.
_UNITS = _pairs(
    "twie:twee twij:twee drij:drie vaaier:vier vief:vijf zeve:zeven zeuve:zeven zeuven:zeven "
    "zeuvene:zeven aach:acht nege:negen aine:een "
    # Zeeuws and Flemish by the border (fifteenth dev author): "vuuf", "vuufenvuuftig", "vierentachentig"
    "vuuf:vijf "
)
# Frisian, an official language here, and Papiamento, spoken by Dutch citizens from the Caribbean (fourteenth dev
# author): "seisentachtich", "nul fiif ien fiif", "sinku nuebe nuebe, shete tres seis".
_UNITS |= _pairs(
    "twa:twee trije:drie fjouwer:vier fiif:vijf sân:zeven njoggen:negen "
    "sinku:vijf cinco:vijf nuebe:negen shete:zeven kuater:vier cuater:vier ocho:acht"
)
# A Dutch, German, Frisian or Papiamento word too: only in a compound or beside another number word.
_UNITS_NEAR = _pairs(
    "ein:een ain:een eine:een veer:vier ach:acht drei:drie ien:een seis:zes un:een dos:twee tres:drie"
)
_TEENS = _pairs(
    "tieën:tien ellef:elf elluf:elf twellef:twaalf twelf:twaalf twaalef:twaalf dattien:dertien "
    "daddien:dertien veertieën:veertien vieftien:vijftien zeuventien:zeventien negentieën:negentien "
)
_TEENS |= _pairs(
    "tsien:tien alve:elf tolve:twaalf trettjin:dertien fjirtjin:veertien fyftjin:vijftien sechstjin:zestien "
    "santjin:zeventien achttjin:achttien njoggentjin:negentien"
)
_TENS = _pairs(
    "twinteg:twintig dattig:dertig dattug:dertig veerteg:veertig veertug:veertig vieftig:vijftig "
    "vieftug:vijftig vieftieg:vijftig zesteg:zestig zeuventig:zeventig zeuventeg:zeventig tachteg:tachtig "
    "tachtug:tachtig negenteg:negentig vuuftig:vijftig tachentig:tachtig "
)
_TENS |= _pairs(
    "tweintich:twintig tritich:dertig fjirtich:veertig fyftich:vijftig sechstich:zestig santich:zeventig "
    "tachtich:tachtig njoggentich:negentig"
)
_ALONE = {**_UNITS, **_TEENS, **_TENS}
_ALL_UNITS = {**{u: u for u in UNITS[1:]}, "één": "één", **_UNITS, **_UNITS_NEAR}
_ALL_TENS = {**{t: t for t in TENS}, **_TENS}
_COMPOUND_RE = re.compile(
    "(?P<u>" + "|".join(sorted(_ALL_UNITS, key=len, reverse=True)) + ")(?P<h1>-?)(?P<en>en|ën|e)(?P<h2>-?)"
    "(?P<t>" + "|".join(sorted(_ALL_TENS, key=len, reverse=True)) + ")"
)


def _trie(words: list[str]) -> str:
    """An alternation of ``words`` as a prefix tree (the engine then tries one branch per letter, not every word)."""
    heads: dict[str, list[str]] = {}
    for w in words:
        if w:
            heads.setdefault(w[0], []).append(w[1:])
    if not heads:
        return ""
    branches = [re.escape(c) + _trie(rest) for c, rest in sorted(heads.items())]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in words else body


_NEAR = _trie(list(_UNITS_NEAR))
_DIGIT_WORDS = "|".join(UNITS)
# One scan from each word start: a separate alternative per case would scan the turn once each.
_HINT_RE = re.compile(
    rf"(?<![^\W\d_])(?:(?:{_trie(list(_ALONE))})(?![^\W\d_])|(?:{_NEAR})(?:-|[ ,]+(?:{_NEAR}|{_DIGIT_WORDS})(?![^\W\d_]))"
    rf"|(?:{_DIGIT_WORDS})[ ,]+(?:{_NEAR})(?![^\W\d_]))|-(?:{_NEAR})(?![^\W\d_])"
    r"|(?:en|e)-?(?:" + "|".join(sorted(_TENS, key=len, reverse=True)) + ")"
    # A dialect unit before a standard tens word: "vuufentwintig", "viefendertig".
    rf"|(?<![^\W\d_])(?:{_trie(list(_UNITS))})(?:en|ën|e)-?(?:{'|'.join(TENS)})"
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")

Edit = tuple[int, int, int, int]
"""(start, end) in the original text and (start, end) of what replaced it in the copy."""


def standardised(text: str) -> tuple[str, list[Edit]] | None:
    """``text`` with its dialect number words in standard Dutch, and the edits; None when there is nothing to do."""
    low = text.lower()
    if _HINT_RE.search(low) is None and HINT_RE.search(low) is None:
        return None
    out: list[str] = []
    edits: list[Edit] = []
    pos = shift = 0
    words = list(_WORD_RE.finditer(text))
    for k, m in enumerate(words):
        new = _standard(m.group().lower())
        # In capitals a short word is a code ("UN UN 10-100", a court number), not a number said.
        if (
            new is None
            and m.group().lower() in _UNITS_NEAR
            and not m.group().isupper()
            and _beside_a_number(text, words, k)
        ):
            new = _UNITS_NEAR[m.group().lower()]  # "un un dos dos", "nul fiif ien fiif"
        if new is None:
            new = _french(text, words, k)
        if new is None or new == m.group().lower():
            continue
        if m.group()[:1].isupper():
            new = new[:1].upper() + new[1:]
        out.append(text[pos : m.start()])
        edits.append((m.start(), m.end(), m.start() + shift, m.start() + shift + len(new)))
        out.append(new)
        shift += len(new) - (m.end() - m.start())
        pos = m.end()
    if not edits:
        return None
    out.append(text[pos:])
    return "".join(out), edits


def _french(text: str, words: list[re.Match[str]], k: int) -> str | None:
    """The Dutch word for a French number word; an ambiguous one ("six", "onze") only beside another number."""
    word = words[k].group()
    value = french_value(word)
    if (
        value is None
        or word.isupper()
        or (word.lower() in AMBIGUOUS and not _beside_a_number(text, words, k))
    ):
        return None
    return DUTCH.get(value)


def _is_number_word(word: str) -> bool:
    low = word.lower()
    if low in ("een", "één"):
        return False  # the article: "ach, een lieve vrouw", "een dos"
    return (
        low in _ALONE
        or low in _UNITS_NEAR
        or low in NUMBER_VALUES
        or _COMPOUND_RE.fullmatch(low) is not None
        or french_value(low) is not None
    )


def _beside_a_number(text: str, words: list[re.Match[str]], k: int) -> bool:
    """Whether the word before or after ``words[k]``, with only spaces or a comma between, is a number word in a
    language this module reads."""
    for j in (k - 1, k + 1):
        if 0 <= j < len(words):
            a, b = sorted((words[j], words[k]), key=lambda m: m.start())
            if text[a.end() : b.start()].strip(" ,") == "" and _is_number_word(words[j].group()):
                return True
    return False


def _standard(word: str) -> str | None:
    """The standard form of a dialect number word or hyphenated chain of number words, or None."""
    if word in _ALONE:
        return _ALONE[word]
    compound = _COMPOUND_RE.fullmatch(word)
    if compound is not None:
        unit, ten = _ALL_UNITS[compound.group("u")], _ALL_TENS[compound.group("t")]
        if unit == compound.group("u") and ten == compound.group("t") and compound.group("en") != "e":
            return None  # standard Dutch already
        link = "ën" if unit.endswith("e") and not compound.group("h1") else "en"
        return f"{unit}{compound.group('h1')}{link}{compound.group('h2')}{ten}"
    parts = word.split("-")
    if len(parts) < 2:
        return None
    # "nul-veer-vief", "vief-zeve-ein": every part a number word, at least one in dialect.
    standard = [_ALONE.get(p) or _UNITS_NEAR.get(p) or (p if p in NUMBER_VALUES else None) for p in parts]
    if any(s is None for s in standard) or standard == parts:
        return None
    return "-".join(s for s in standard if s is not None)


def back(spans: list[tuple[int, int, str]], edits: list[Edit]) -> list[tuple[int, int, str]]:
    """``spans`` of the standardised copy as spans of the original text (see :func:`standardised`)."""
    starts = [e[2] for e in edits]

    def to_original(p: int, end: bool) -> int:
        k = bisect.bisect_right(starts, p) - 1
        if k < 0:
            return p
        a, b, na, nb = edits[k]
        if p >= nb:
            return b + (p - nb)
        # Inside a replaced word: a span takes the whole word.
        return b if end and p > na else a

    return [(to_original(s, False), to_original(e, True), c) for s, e, c in spans]
