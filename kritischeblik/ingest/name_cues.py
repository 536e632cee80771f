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

A name goes on with tussenvoegsels and a surname ("fatima el amrani", "JOHANNES VAN DER BERG") or a second
name part. What is found goes to the name index (:class:`.names.NameIndex`) as a vetted name, so every
mention in the interview gets the same placeholder, in any case.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .names import CUES, TITLES, TUSSENVOEGSELS, WEAK_CUES, NameLists, recase

# A tussenvoegsel that is no preposition: after it any word but a function word is a surname ("van der
# berg", "el amrani"); after "van" or "de" alone only a surname ("van dongen", not "van school").
_NAME_PARTICLES = frozenset(
    {"der", "den", "ter", "ten", "el", "al", "'t", "le", "la", "du", "da", "di", "dos", "del", "von", "zu", "zur"}
)
_TUSSEN = TUSSENVOEGSELS | {"’t", "abu", "bin"}
_MAX_WORDS = 5


def context_names(
    text: str, toks: Sequence[Any], lists: NameLists, blocked: Sequence[tuple[int, int]] = ()
) -> list[str]:
    """Names in lowercase or capitals in ``text``, recased ("Fatima el Amrani"), in order of appearance.

    ``toks``: :func:`.annotators.tokens` of ``text``. ``blocked``: spans never to be touched (codebook terms).
    """
    found: list[str] = []
    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        style = _style(t.text)
        if style is None or any(a < t.end and t.start < b for a, b in blocked):
            i += 1
            continue
        prev = toks[i - 1].text.lower() if i > 0 and _adjacent(text, toks[i - 1], t) else None
        low = t.text.lower()
        end = None
        if low in _TUSSEN and prev in TITLES:
            # "meneer van der berg", "mevrouw de vries"
            k = _after_particles(text, toks, i, style)
            if k is not None and _surname_after(toks, i, k, lists, strong=True):
                end = k
        elif _starts(low, style, prev, lists):
            end = _extend(text, toks, i, style, lists)
        if end is None:
            i += 1
            continue
        found.append(recase(text[t.start : toks[end].end]))
        i = end + 1
    return found


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
    if len(low) < 2 or low in lists.function_words or low in _TUSSEN:
        return False
    if prev in CUES:
        if prev in TITLES:
            return lists.listed(low) or not lists.ordinary(low)
        return low in lists.first_names or (len(low) >= 3 and not lists.ordinary(low) and not lists.foreign(low))
    if lists.ordinary(low):
        return False
    if style == "upper":
        return lists.listed(low)
    if prev in WEAK_CUES:
        return low in lists.first_names and not lists.foreign(low)
    return len(low) >= 4 and lists.listed(low) and not lists.foreign(low)


def _after_particles(text: str, toks: Sequence[Any], i: int, style: str) -> int | None:
    """Index of the word after the tussenvoegsels starting at ``i``, in the same style and adjacent."""
    k = i
    while k < len(toks) and toks[k].text.lower() in _TUSSEN:
        if k > i and (not _adjacent(text, toks[k - 1], toks[k]) or _style(toks[k].text) != style):
            return None
        k += 1
    if k >= len(toks) or k == i or not _adjacent(text, toks[k - 1], toks[k]) or _style(toks[k].text) != style:
        return None
    return k


def _surname_after(toks: Sequence[Any], i: int, k: int, lists: NameLists, strong: bool = False) -> bool:
    """Is word ``k``, after the tussenvoegsels ``i..k-1``, a surname? ``strong``: a title came before."""
    low = toks[k].text.lower()
    if len(low) < 2 or low in lists.closed:
        return False
    particles = [toks[x].text.lower() for x in range(i, k)]
    if strong or len(particles) > 1 or any(p in _NAME_PARTICLES for p in particles):
        return True
    return (low in lists.surnames and low not in lists.function_words) or (
        not lists.ordinary(low) and not lists.foreign(low)
    )


def _extend(text: str, toks: Sequence[Any], i: int, style: str, lists: NameLists) -> int:
    """Index of the last word of the name that starts at ``i``."""
    last = i
    # A surname ends a name ("jansen zei"); a first name, or a word no list knows, may go on.
    start = toks[i].text.lower()
    first_name = start in lists.first_names or start not in lists.surnames
    j = i + 1
    while j < len(toks) and j - i < _MAX_WORDS:
        tj = toks[j]
        if not _adjacent(text, toks[j - 1], tj) or _style(tj.text) != style:
            break
        low = tj.text.lower()
        if not first_name:
            break
        if low in _TUSSEN:
            k = _after_particles(text, toks, j, style)
            if k is None or not _surname_after(toks, j, k, lists):
                break
            last, j = k, k + 1
            continue
        if low in lists.closed:
            break
        if low in lists.surnames or low in lists.first_names or (not lists.ordinary(low) and not lists.foreign(low)):
            last, j = j, j + 1
            continue
        break
    return last
