"""Unknown capitalised words as names: a capitalised word inside a sentence that no Dutch lexicon knows is
almost always a name ("zaten Kacper en ik", "op de Kweekhof"); at a sentence start only under stricter conditions.
Votes per surface decide its category (person, place, institution) over the whole interview.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..categories import INSTELLING, LOCATIE, PERSOON
from .lexicon import (
    ALLOW,
    ARTICLES,
    PLACE_PREPS,
    PLACE_SUFFIX_RE,
    TUSSEN,
    Intervals,
    Lexicon,
    Tok,
    is_name_like,
    overlaps_any,
    strip_lower_tail,
    tokens,
)

Found = tuple[int, int, str]


@dataclass
class UnknownNames:
    """What :func:`unknown_name_spans` found in one interview."""

    persons: list[str]
    """Person names as written (for the name index, which replaces them everywhere)."""
    spans: list[list[Found]]
    """Per piece: places and institutions (persons go through the name index)."""


def unknown_name_spans(
    pieces: Sequence[str],
    lexicon: Lexicon,
    covered: Sequence[Sequence[tuple[int, int]]],
    persons: Sequence[Sequence[tuple[int, int]]],
    skip_surface: Callable[[str], bool] = lambda _s: False,
    all_toks: Sequence[list[Tok]] | None = None,
) -> UnknownNames:
    """Capitalised words that no lexicon knows, grouped into names, with a category each.

    ``covered``: per piece, spans already annotated (deduce, own finders, codebook terms): left alone.
    ``persons``: per piece, spans known to be persons, so that "Cor" before a known "Van Leeuwen"
    becomes part of that name. ``skip_surface``: names another finder already handles everywhere.
    ``all_toks``: :func:`tokens` of each piece, when the caller has them already.
    """
    if all_toks is None:
        all_toks = [tokens(p) for p in pieces]
    lowered = {w for toks in all_toks for w in lowercase_words(toks)}
    votes = unknown_name_votes(pieces, lexicon, covered, persons, lowered, skip_surface, all_toks)
    return decide_unknown_names([votes], len(pieces))


def lowercase_words(toks: Iterable[Tok]) -> set[str]:
    """The words of a piece written in lowercase somewhere (see :func:`_initial_ok`)."""
    return {t.text.lower() for t in toks if not t.text[:1].isupper()}  # not t.cap, without a property call


@dataclass
class UnknownVotes:
    """Evidence for unknown names in a run of consecutive pieces; merged by :func:`decide_unknown_names`."""

    votes: dict[str, Counter]
    """Surface → weighted votes per category, in order of first occurrence."""
    where: list[tuple[int, int, int, str]]
    """(piece index, start, end, surface) of every occurrence."""


def unknown_name_votes(
    pieces: Sequence[str],
    lexicon: Lexicon,
    covered: Sequence[Sequence[tuple[int, int]]],
    persons: Sequence[Sequence[tuple[int, int]]],
    lowered: set[str],
    skip_surface: Callable[[str], bool],
    all_toks: Sequence[list[Tok]],
    first_index: int = 0,
) -> UnknownVotes:
    """The first half of :func:`unknown_name_spans` for pieces ``first_index…`` of an interview.

    ``lowered`` holds the lowercase words of the whole interview, so runs of pieces can be looked at
    separately (in parallel) and their votes merged afterwards with the same outcome.
    """
    votes: dict[str, Counter] = {}
    where: list[tuple[int, int, int, str]] = []
    for pi, (text, toks) in enumerate(zip(pieces, all_toks, strict=True)):
        cov, pers = Intervals(covered[pi]), persons[pi]
        i = 0
        while i < len(toks):
            t = toks[i]
            if not t.text[:1].isupper():  # most words; _candidate would say no (is_name_like needs a capital)
                i += 1
                continue
            word = strip_lower_tail(t.text)
            if not _candidate(t, word, lexicon) or cov.overlaps(t.start, t.start + len(word)):
                i += 1
                continue
            # Group with the capitalised words that follow in the same sentence ("Ilias Bouzid",
            # "Cor Van Leeuwen", "Leidsche Rijn").
            j = i + 1
            while j < len(toks):
                n = toks[j]
                if not n.joined or n.initial or strip_lower_tail(toks[j - 1].text) != toks[j - 1].text:
                    break
                if n.text.lower() in TUSSEN and j + 1 < len(toks) and toks[j + 1].joined and toks[j + 1].cap:
                    j += 1
                    continue
                if not (n.cap and is_name_like(n)):
                    break
                j += 1
            while j - 1 > i and toks[j - 1].text.lower() in TUSSEN:
                j -= 1
            group = toks[i:j]
            words = [strip_lower_tail(g.text) for g in group]
            if lexicon.placename(words):
                i = j
                continue
            if t.initial and not _initial_ok(group, word, lexicon, pers, lowered):
                # The words after it are inside the sentence and get their own chance: "Daarvoor
                # Overvecht" is an adverb and a place.
                i += 1
                continue
            a, b = group[0].start, group[-1].start + len(words[-1])
            surface = text[a:b]
            if skip_surface(surface):
                i = j
                continue
            prev = toks[i - 1] if i > 0 and not t.initial else None
            category, weight = PERSOON, 1
            if PLACE_SUFFIX_RE.search(words[-1].lower()) or lexicon.street(words):
                category, weight = LOCATIE, 3
            elif prev is not None and prev.text.lower() in ARTICLES:
                category, weight = INSTELLING, 2
            elif prev is not None and prev.text.lower() in PLACE_PREPS:
                category, weight = LOCATIE, 1
            votes.setdefault(surface, Counter())[category] += weight
            where.append((first_index + pi, a, b, surface))
            i = j
    return UnknownVotes(votes, where)


def decide_unknown_names(parts: Iterable[UnknownVotes], n_pieces: int) -> UnknownNames:
    """Merge the votes of consecutive runs of pieces (in order) and give every surface its category."""
    votes: dict[str, Counter] = {}
    where: list[tuple[int, int, int, str]] = []
    for part in parts:
        for surface, counter in part.votes.items():
            votes.setdefault(surface, Counter()).update(counter)
        where.extend(part.where)
    result = UnknownNames(persons=[], spans=[[] for _ in range(n_pieces)])
    decided = {s: c.most_common(1)[0][0] for s, c in votes.items()}
    for surface, category in decided.items():
        if category == PERSOON:
            result.persons.append(surface)
    for pi, a, b, surface in where:
        if decided[surface] != PERSOON:
            result.spans[pi].append((a, b, decided[surface]))
    return result


def _candidate(tok: Tok, word: str, lexicon: Lexicon) -> bool:
    if not is_name_like(tok) or len(word) < 2 or word.lower() in ALLOW or tok.text.lower() in ALLOW:
        return False
    return not lexicon.known(word) and not lexicon.known(tok.text)


def _initial_ok(
    group: list[Tok],
    word: str,
    lexicon: Lexicon,
    persons: Sequence[tuple[int, int]],
    lowered: set[str],
) -> bool:
    """A sentence starts with an unknown capitalised word: a name only with more evidence.

    Either the next word continues a name ("Ilias Bouzid", "Cor Van Leeuwen"), or the word is never
    written in lowercase in the interview, is no compound or derivation of known words and is not on
    deduce's list of ordinary words ("Bommel, af!").
    """
    if lexicon.is_compound(word):
        return False
    rest = [g for g in group[1:] if g.text.lower() not in TUSSEN]
    if rest:
        nxt = rest[0]
        nxt_word = strip_lower_tail(nxt.text)
        if (
            not lexicon.known(nxt_word)
            or overlaps_any(nxt.start, nxt.end, persons)
            or lexicon.first_name(word)
        ):
            return True
    low = word.lower()
    return len(word) >= 4 and not lexicon.whitelisted(word) and "-" not in word and low not in lowered
