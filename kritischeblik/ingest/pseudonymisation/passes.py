"""The passes of one interview's pseudonymisation (see :meth:`.pseudonymiser.Pseudonymiser.pseudonymise`).

Every pass maps over runs of pieces: pieces are independent apart from the few interview-wide facts gathered in
between (lowercase vocabulary, names and institutions found anywhere), which are merged after each pass. The
outcome does not depend on the mapper, only the speed does.

1. deduce (:meth:`Interview.deduce_step`): deduce's annotations and the lowercase words of every piece;
2. finders (:meth:`Interview.finder_step`): structured identifiers, known names, codebook and public-name
   shields, institutions, names given away by context, and deduce's spans vetted;
3. unknown names (:meth:`Interview.unknown_step`): capitalised words no lexicon knows, voted per surface;
4. resolution (:meth:`Interview.resolve_step`): names and institutions found anywhere replaced everywhere,
   overlaps resolved, every span keyed to its entity. Numbering follows in the caller, in text order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...parallel import Mapper
from .categories import LEEFTIJD, LOCATIE, PERSOON
from .filters import (
    capital_cores,
    drop_durations,
    drop_ordinary_sentence_starts,
    lowercase_words,
    name_annotations,
    pattern_annotations,
    shield_spans,
    written_as_name,
)
from .finders.house_tails import corrected_number, ends_in_number, house_tail, street_named_person
from .finders.identifier_age_names import age_subjects, ages_after_names, lower_age_subjects
from .finders.identifier_tables import label_cells
from .finders.identifier_turns import answer_kind, neighbours
from .finders.institutions import KEEP, entity_table, institution_spans, table_regex
from .finders.lexicon import Intervals, Tok, tokens
from .finders.lower_places import lower_places
from .finders.lower_streets import lower_streets
from .finders.name_cues import context_names, file_names, named_after, titled_short_names
from .finders.name_lists import TUSSENVOEGSELS
from .finders.name_plates import slash_partners
from .finders.name_variants import handles, near_misses, scanned_and_split
from .finders.names import NameIndex, norm, recase
from .finders.public_names import public_name_spans
from .finders.unknown_names import (
    UnknownNames,
    UnknownVotes,
    decide_unknown_names,
    unknown_name_votes,
)
from .finders.unknown_names import lowercase_words as lowercase_tokens
from .spans import Span, deduce_parts, outside_terms, resolve, unshielded

if TYPE_CHECKING:
    from .pseudonymiser import Pseudonymiser

# Tokens of all pieces are kept between the two finders that need them only up to this size (~150 bytes
# per word); a larger interview recomputes them per run of pieces.
KEEP_TOKENS_CHARS = 2_000_000

Keyed = tuple[int, int, str, str]
"""(start, end, category, entity key) of a span to replace."""


@dataclass(slots=True)
class FirstPass:
    """What the finders give per piece (see :meth:`Interview.finder_step`)."""

    found: list[tuple[Span, ...]] = field(default_factory=list)
    shields: list[tuple[tuple[int, int], ...]] = field(default_factory=list)
    patterns: list[tuple[Span, ...]] = field(default_factory=list)
    institutions: list[tuple[Span, ...]] = field(default_factory=list)
    covered: list[tuple[tuple[int, int], ...]] = field(default_factory=list)
    person_cover: list[tuple[tuple[int, int], ...]] = field(default_factory=list)
    known: list[tuple[tuple[int, int], ...]] = field(default_factory=list)
    """Where names known in advance (front matter, speakers) occur: no shield drops a name found there."""
    discovered: list[str] = field(default_factory=list)
    cued: list[str] = field(default_factory=list)
    """Names in lowercase or capitals that context gave away (see :mod:`.finders.name_cues`)."""
    aged: list[str] = field(default_factory=list)
    """Capitalised words whose age the text gives ("Dien is vierennegentig"): vetted like unknown names, so "de
    rode roos" stays while "Roos is 7" makes every capitalised "Roos" a person."""
    lowered: set[str] = field(default_factory=set)

    def extend(self, other: FirstPass) -> None:
        for name in ("found", "shields", "patterns", "institutions", "covered", "person_cover", "known"):
            getattr(self, name).extend(getattr(other, name))
        self.discovered += other.discovered
        self.cued += other.cued
        self.aged += other.aged
        self.lowered |= other.lowered


class Interview:
    """The pieces of one interview on their way through the passes, and what the passes found."""

    def __init__(
        self,
        owner: Pseudonymiser,
        pieces: list[str],
        runs: list[range],
        known_persons: Sequence[str],
        protected: re.Pattern[str] | None,
        mapper: Mapper,
    ) -> None:
        self.owner, self.pieces, self.runs, self.known_persons = owner, pieces, runs, list(known_persons)
        self.protected, self.map = protected, mapper
        self.run_ids = list(range(len(runs)))
        self.lexicon, self.lists = owner.lexicon, owner.name_lists
        # Only in-process runs can hand tokens from the finder pass to the unknown-name pass; a forked child's
        # copy of this dict is lost with it, and the parent then recomputes them.
        self.kept: dict[int, list[list[Tok]]] = {}
        self.keep_tokens = sum(map(len, pieces)) <= KEEP_TOKENS_CHARS
        self.deduce_found: list[list[Span]] = []
        self.lower: set[str] = set()
        self.named: dict[str, bool] = {}
        self.index = NameIndex(self.known_persons, lists=self.lists)
        self.aliases: dict[str, str] = {}
        self.first = FirstPass()
        self.table: dict[str, tuple[str, str]] = {}
        self.propagate: re.Pattern[str] | None = None

    # -- pass 1: deduce ------------------------------------------------------------------------------------------

    def deduce_step(self, ri: int) -> tuple[list[list[Span]], set[str]]:
        part = self.pieces[self.runs[ri].start : self.runs[ri].stop]
        return self.owner.deduce.spans(part), set().union(*map(lowercase_words, part))

    def deduce_pass(self) -> None:
        for spans, words in self.map(self.deduce_step, self.run_ids):
            self.deduce_found += spans
            self.lower |= words
        # Misspelled forms of known names are those people ("OUAZANI" for Ouazzani): same placeholder.
        self.aliases = near_misses(self.known_persons, self.pieces, self.lists, self.index.regex)
        self.aliases |= scanned_and_split(self.known_persons, self.pieces)
        self.aliases |= handles(self.known_persons, self.pieces, self.lists)
        if self.aliases:
            self.index = NameIndex(self.known_persons, lists=self.lists, aliases=self.aliases)

    def written_as_name(self, word: str) -> bool:
        """:func:`.filters.written_as_name` over the whole interview, once per word (rare: asked only for a
        sentence opener deduce took for a person)."""
        if word not in self.named:
            self.named[word] = written_as_name(self.pieces, word)
        return self.named[word]

    # -- pass 2: finders -----------------------------------------------------------------------------------------

    def finder_step(self, ri: int) -> FirstPass:
        out = FirstPass()
        toks_kept = []
        for pi in self.runs[ri]:
            toks = tokens(self.pieces[pi])
            self.find_in_piece(pi, toks, out)
            if self.keep_tokens:
                toks_kept.append(toks)
        if self.keep_tokens:
            self.kept[ri] = toks_kept
        return out

    def find_in_piece(self, pi: int, toks: list[Tok], out: FirstPass) -> None:
        """The finders on piece ``pi``; appends one entry per list of ``out``."""
        text, lexicon, lists = self.pieces[pi], self.lexicon, self.lists
        sh = shield_spans(self.protected, text) + label_cells(text)
        # A phone number or an address is never a codebook term: no shield is for structured identifiers.
        pats = pattern_annotations(text, *neighbours(self.pieces, pi), answer_kind(self.pieces, pi))
        spans = drop_ordinary_sentence_starts(
            text, self.deduce_found[pi], lexicon, self.lower, self.written_as_name
        )
        spans = capital_cores(text, drop_durations(text, spans, pats), lists)
        # The index holds only known names here. A known name that is more than a codebook term ("Joke
        # Eenvoud") stays whole; one that is nothing but the term ("Eenvoud") is the term.
        names = outside_terms(name_annotations(text, self.index), sh)
        # Countries, large cities, car brands stay, unless a known person is named so.
        sh += [
            (a, b) for a, b in public_name_spans(text) if not any(n.start < b and a < n.end for n in names)
        ]
        person_starts = {s.start for s in spans if s.category == PERSOON} | {n.start for n in names}
        inst: list[Span] = []
        for a, b, category in institution_spans(text, lexicon, sh, person_starts, toks):
            if category == KEEP:
                sh.append((a, b))
            else:
                inst += capital_cores(text, [Span(a, b, category, True, norm(text[a:b]))], lists)
        inst += [
            Span(a, b, LOCATIE, True, norm(text[a:b]))
            for a, b in (
                *lower_streets(text, lexicon.known),
                *lower_places(text, lists, lexicon.known),
            )
            if not any(x < b and a < y for x, y in sh)
        ]
        titled = [
            Span(a, b, PERSOON, True, norm(text[a:b]))
            for a, b in (*titled_short_names(text), *file_names(text))
            if not any(x < b and a < y for x, y in sh)
        ]
        own = pats + names + inst + titled
        parts = deduce_parts(spans, own, sh, text)
        out.discovered += [
            name for name in (text[p.start : p.end] for p in parts if p.category == PERSOON) if _full(name)
        ]
        # Tuples: most pieces have none of these, and the empty tuple is shared (an empty list is 56 bytes,
        # times eight lists, times ~300k turns in a 50 MB transcript).
        out.found.append(tuple(spans))
        out.known.append(tuple((n.start, n.end) for n in names))
        out.shields.append(tuple(sh))
        # Titled short names go with the patterns: replaced where found, never spread like an institution's name.
        out.patterns.append((*pats, *titled))
        out.institutions.append(tuple(inst))
        out.covered.append((*sh, *((x.start, x.end) for x in (*own, *parts))))
        out.person_cover.append(tuple((x.start, x.end) for x in (*names, *parts) if x.category == PERSOON))
        out.lowered |= lowercase_tokens(toks)
        out.cued += context_names(text, toks, lists, sh)
        out.cued += named_after(text, lists)
        out.cued += slash_partners(text, out.person_cover[-1], lists)
        ages = [(p.start, p.end) for p in pats if p.category == LEEFTIJD]
        out.aged += [name for name in age_subjects(text, ages) if name.lower() not in lists.function_words]
        out.aged += [
            recase(word)
            for word in lower_age_subjects(text, ages)
            if word not in lists.function_words and not lexicon.known(word) and not lists.ordinary(word)
        ]

    def finder_pass(self) -> None:
        for done in self.map(self.finder_step, self.run_ids):
            self.first.extend(done)
        self.deduce_found = []  # superseded by first.found; the memory is released now

    # -- pass 3: unknown names -----------------------------------------------------------------------------------

    def unknown_step(self, ri: int) -> UnknownVotes:
        r, first = self.runs[ri], self.first
        toks = self.kept.pop(ri, None) or [tokens(self.pieces[pi]) for pi in r]
        return unknown_name_votes(
            self.pieces[r.start : r.stop],
            self.lexicon,
            first.covered[r.start : r.stop],
            first.person_cover[r.start : r.stop],
            first.lowered,
            self.table.__contains__,
            toks,
            first_index=r.start,
        )

    def unknown_pass(self) -> None:
        # Institution names found once are replaced everywhere ("Stichting Zonnewijzer" ... "van Zonnewijzer");
        # so are capitalised words no lexicon knows, as persons through the name index.
        first, pieces = self.first, self.pieces
        inst_names = [
            (t[s.start : s.end], s.category)
            for t, inst in zip(pieces, first.institutions, strict=True)
            for s in inst
        ]
        self.table = entity_table(inst_names, self.lexicon)
        unknown: UnknownNames = decide_unknown_names(self.map(self.unknown_step, self.run_ids), len(pieces))
        self.kept.clear()
        first.covered, first.person_cover = [], []
        others = [(t[a:b], c) for t, found in zip(pieces, unknown.spans, strict=True) for a, b, c in found]
        self.table = entity_table(inst_names + others, self.lexicon)
        self.propagate = table_regex(self.table)
        if first.discovered or unknown.persons or first.cued or first.aged:
            self.index = NameIndex(
                self.known_persons,
                first.discovered,
                self.owner.is_common_word,
                [*unknown.persons, *first.aged],
                self.lists,
                first.cued,
                self.aliases,
            )

    # -- pass 4: resolution --------------------------------------------------------------------------------------

    def resolve_step(self, ri: int) -> list[list[Keyed]]:
        return [self.resolve_piece(pi) for pi in self.runs[ri]]

    def resolve_piece(self, pi: int) -> list[Keyed]:
        first, index = self.first, self.index
        text, known = self.pieces[pi], Intervals(first.known[pi])
        sh = Intervals(first.shields[pi])
        names = [
            n
            for n in name_annotations(text, index)
            if not sh.overlaps(n.start, n.end) or (known.overlaps(n.start, n.end) and outside_terms([n], sh))
        ]
        spread: list[Span] = []
        if self.propagate is not None:
            for m in self.propagate.finditer(text):
                category, key = self.table[" ".join(m.group().split())]
                spread.append(Span(m.start(), m.end(), category, True, key))
        own = [*first.patterns[pi], *names, *first.institutions[pi], *unshielded(spread, sh)]
        final = resolve(deduce_parts(first.found[pi], own, first.shields[pi], text) + own, text)
        final = _completed(final, text)
        named = [n for n in names if n.key is not None]
        keyed = []
        for span in final:
            surface = text[span.start : span.end]
            key = span.key
            if span.category == PERSOON and key is None:
                # A deduce span around a known form ("Sandra Kok uit") is that person.
                inside = [n for n in named if span.start <= n.start and n.end <= span.end]
                key = max(inside, key=lambda n: n.length).key if inside else index.key_for(surface)
            keyed.append((span.start, span.end, span.category, key or norm(surface)))
        return keyed


def _full(name: str) -> bool:
    """First name + surname: "Van Dam" alone is a surname, not a new full name."""
    words = name.split()
    return len(words) > 1 and words[0].lower() not in TUSSENVOEGSELS and not any(ch.isdigit() for ch in name)


def _completed(final: list[Span], text: str) -> list[Span]:
    """What only the resolved names and places make clear: a street's house number in a spoken form, and an age
    right after a name (see :mod:`.finders.house_tails` and :mod:`.finders.identifier_age_names`)."""
    done: list[Span] = []
    for i, x in enumerate(final):
        if x.category in (LOCATIE, PERSOON):
            longer = _with_house_number(x, text)
            if i + 1 == len(final) or longer.end <= final[i + 1].start:
                x = longer
        done.append(x)
    done += _corrected_numbers(done, text)
    persons = [(x.start, x.end) for x in done if x.category == PERSOON]
    if persons:
        taken = [(x.start, x.end) for x in done]
        done += [Span(a, b, c, True) for a, b, c in ages_after_names(text, persons, taken)]
    done.sort(key=lambda x: x.start)
    return done


def _with_house_number(span: Span, text: str) -> Span:
    """A street with the rest of its house number (see :mod:`.finders.house_tails`); a word taken for a name that
    is a street with a number after it ("Zuilenkamp 7") is that street."""
    if span.category == PERSOON and not street_named_person(text, span.start, span.end):
        return span
    end = house_tail(text, span.start, span.end)
    if end is None:
        return span
    return Span(span.start, end, LOCATIE, span.own, None if span.category == PERSOON else span.key)


def _corrected_numbers(final: list[Span], text: str) -> list[Span]:
    """House numbers said again after a correction ("Gruttostraat veertien. Nee. Eenenveertig.")."""
    out = []
    taken = Intervals((y.start, y.end) for y in final)
    for x in final:
        if x.category == LOCATIE and ends_in_number(text[x.start : x.end]):
            span = corrected_number(text, x.end)
            if span is not None and not taken.overlaps(*span):
                out.append(Span(span[0], span[1], LOCATIE, True))
    return out
