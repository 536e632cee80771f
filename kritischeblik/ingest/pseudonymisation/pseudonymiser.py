"""Pseudonymisation of interview texts on ingest, built on deduce: the orchestration.

All texts of one interview go through :meth:`Pseudonymiser.pseudonymise` together, so that an entity
gets the same placeholder (``[PERSOON-1]``, ``[LOCATIE-2]``...) in every turn and suggestion.

deduce (:mod:`.deduce_adapter`) finds names from its lists; the finders in :mod:`.finders` add what interviews
name that no list holds (schools, foundations, community centres, streets, pets, first names from everywhere,
structured identifiers), and every name found once is replaced everywhere in the interview. Person names known
in advance are found in any case and form by :mod:`.finders.names`; names written in lowercase or capitals that
only context gives away by :mod:`.finders.name_cues`; invisible characters cannot hide a name
(:mod:`.invisible`). The passes are in :mod:`.passes`. ``bench/privacy_recall.py`` measures what still leaks on
the demo corpus and the labelled privacy corpus, ``bench/name_case.py`` the same for the corpus written in
lowercase and in capitals.

Privacy rule for this package: original text never leaves it except inside the returned pieces'
unreplaced parts. Nothing here logs, prints or puts interview text in an exception message.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ...parallel import Mapper, lazy_map
from .deduce_adapter import DeduceAdapter, default_cache_dir
from .filters import protected_regex
from .finders.lexicon import Lexicon
from .finders.name_lists import NameLists
from .invisible import Revealed, reveal, to_original
from .passes import Interview, Keyed
from .result import PseudoResult

# Pieces are handled in runs of about this many characters: the unit of work handed to a parallel mapper,
# and the bound on per-run memory (tokens, deduce's chunks) either way. An ordinary interview is one run.
_RUN_CHARS = 1_000_000


def _runs(pieces: Sequence[str], limit: int) -> list[range]:
    """Consecutive ranges of piece indices, each with at most ``limit`` characters (or one longer piece)."""
    runs: list[range] = []
    start, size = 0, 0
    for i, piece in enumerate(pieces):
        if i > start and size + len(piece) > limit:
            runs.append(range(start, i))
            start, size = i, 0
        size += len(piece)
    if pieces:
        runs.append(range(start, len(pieces)))
    return runs


class Pseudonymiser:
    """One deduce instance plus Kritische Blik's own rules for interview transcripts.

    Construction loads deduce's lookup structures from the user cache (seconds), or builds them
    once (1–2 minutes) when the cache is missing. Safe to use from several threads.
    """

    def __init__(self, cache_dir: Path | None = None, progress: Callable[[str], None] | None = None) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.deduce = DeduceAdapter(self.cache_dir, progress)
        structs: Mapping[str, Any] = self.deduce.lookup_structs or {}
        # deduce's list of common Dutch words (surnames excluded), to vet names it found itself.
        self._whitelist = structs.get("whitelist")
        self.lexicon = Lexicon(self.deduce.lookup_structs)
        self._names = NameLists(self.deduce.lookup_structs, self.lexicon.known, self.lexicon.is_compound)
        # Loads simplemma's Dutch dictionary (~0.3 s) and its English one (~0.25 s; borrowed words such as "with"
        # are no names) now, so that forked ingest workers share them instead of each loading its own.
        self.lexicon.known("huis")
        self._names.foreign("with")

    def pseudonymise(
        self,
        pieces: Sequence[str],
        known_persons: Sequence[str] = (),
        protected_terms: Sequence[str] = (),
        mapper: Mapper | None = None,
        *,
        with_replacements: bool = False,
    ) -> PseudoResult:
        """Replace identifying entities in all texts of one interview with consistent placeholders.

        ``known_persons``: names from front matter and speaker labels; every form of them is found in any
        case (see :mod:`.finders.names`). ``protected_terms``: codebook names that
        are never replaced, matched case-insensitively on word boundaries. ``mapper``: how to map work
        over runs of pieces (see :mod:`kritischeblik.parallel`); the result is the same for any mapper.
        """
        if isinstance(pieces, str) or isinstance(known_persons, str) or isinstance(protected_terms, str):
            raise TypeError("pieces, known_persons en protected_terms moeten reeksen van strings zijn")
        pieces = list(pieces)
        for piece in pieces:
            if not isinstance(piece, str):
                raise TypeError(f"elk stuk tekst moet een str zijn, niet {type(piece).__name__}")
        if not any(p.strip() for p in pieces):
            none = [[] for _ in pieces] if with_replacements else None
            return PseudoResult(pieces=pieces, counts={}, replacements=none)
        # Finders see the text without invisible characters (see :mod:`.invisible`); spans are mapped back
        # to the pieces as written when the placeholders go in.
        originals = pieces
        revealed: dict[int, Revealed] = {}
        for i, piece in enumerate(pieces):
            r = reveal(piece)
            if r is not None:
                revealed[i] = r
        if revealed:
            pieces = [revealed[i].text if i in revealed else p for i, p in enumerate(pieces)]
        run = mapper or lazy_map
        interview = Interview(
            self, pieces, _runs(pieces, _RUN_CHARS), known_persons, protected_regex(protected_terms), run
        )
        interview.deduce_pass()
        interview.finder_pass()
        interview.unknown_pass()
        resolved = (spans for part in run(interview.resolve_step, interview.run_ids) for spans in part)
        return _numbered(resolved, originals, revealed, with_replacements)

    @property
    def name_lists(self) -> NameLists:
        """deduce's first-name and surname lists and the lexicon test, for front-matter values."""
        return self._names

    def pseudonymise_text(self, text: str, **kw: Any) -> str:
        """Pseudonymise a single text; keyword arguments as for :meth:`pseudonymise`."""
        return self.pseudonymise([text], **kw).pieces[0]

    def is_common_word(self, word: str) -> bool:
        """Is ``word`` on deduce's list of common Dutch words (surnames excluded)?"""
        if self._whitelist is None:
            return False
        try:
            return word in self._whitelist
        except Exception:  # an internal deduce structure; its absence must not break pseudonymisation
            return False


def _numbered(
    resolved: Iterable[list[Keyed]],
    originals: list[str],
    revealed: dict[int, Revealed],
    with_replacements: bool,
) -> PseudoResult:
    """The placeholders put in, numbered per category in order of first appearance in the whole interview
    (``resolved``: the keyed spans of every piece, in order)."""
    numbers: dict[str, dict[str, int]] = {}
    out: list[str] = []
    replaced: list[list[tuple[int, int, int, int]]] | None = [] if with_replacements else None
    for spans in resolved:
        i = len(out)
        text = originals[i]
        if i in revealed:
            spans = to_original(revealed[i], spans, text)
        parts, pos = [], 0
        moved, shift = [], 0
        for start, end, category, key in spans:
            table = numbers.setdefault(category, {})
            number = table.setdefault(key, len(table) + 1)
            placeholder = f"[{category}-{number}]"
            parts += (text[pos:start], placeholder)
            if replaced is not None:
                moved.append((start, end, start + shift, start + shift + len(placeholder)))
                shift += len(placeholder) - (end - start)
            pos = end
        parts.append(text[pos:])
        out.append("".join(parts))
        if replaced is not None:
            replaced.append(moved)
    counts = {cat: len(t) for cat, t in numbers.items()}
    return PseudoResult(pieces=out, counts=counts, replacements=replaced)


_shared: Pseudonymiser | None = None
_shared_lock = threading.Lock()


def get_pseudonymiser(progress: Callable[[str], None] | None = None) -> Pseudonymiser:
    """The process-wide Pseudonymiser, created on first use (``progress`` only matters then)."""
    global _shared
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                _shared = Pseudonymiser(progress=progress)
    return _shared
