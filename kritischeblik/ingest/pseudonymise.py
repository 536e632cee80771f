"""Pseudonymisation of interview texts on ingest, built on deduce.

All texts of one interview go through :meth:`Pseudonymiser.pseudonymise` together, so that an entity
gets the same placeholder (``[PERSOON-1]``, ``[LOCATIE-2]``...) in every turn and suggestion.

deduce finds names from its lists; the finders in :mod:`.annotators` add what interviews name that no
list holds (schools, foundations, community centres, streets, pets, first names from everywhere), and
every name found once is replaced everywhere in the interview. Person names known in advance are found in
any case and form by :mod:`.names`; names written in lowercase or capitals that only context gives away by
:mod:`.name_cues`; invisible characters cannot hide a name (:mod:`.invisible`). ``bench/privacy_recall.py``
measures what still leaks on the demo corpus and which ordinary words get replaced, ``bench/name_case.py``
the same for the corpus written in lowercase and in capitals.

Privacy rule for this module: original text never leaves it except inside the returned pieces'
unreplaced parts. Nothing here logs, prints or puts interview text in an exception message.
"""

from __future__ import annotations

import bisect
import fcntl
import gc
import heapq
import importlib.metadata
import logging
import os
import pickle
import re
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from ..parallel import Mapper, lazy_map
from .annotators import (
    KEEP,
    Lexicon,
    UnknownVotes,
    decide_unknown_names,
    entity_table,
    institution_spans,
    interjection_start,
    lowercase_words,
    sentence_initial,
    table_regex,
    tokens,
    unknown_name_votes,
)
from .categories import (
    ANONIEM,
    BSN,
    CATEGORY_RANK,
    DATUM,
    EMAIL,
    ID,
    INSTELLING,
    LEEFTIJD,
    LOCATIE,
    PERSOON,
    TELEFOONNUMMER,
    URL,
)
from .identifier_ages import looks_like_duration
from .identifiers import find_identifiers
from .invisible import Revealed, reveal, to_original
from .name_cues import context_names
from .name_lists import TUSSENVOEGSELS as _TUSSENVOEGSELS
from .name_lists import NameLists
from .names import NameIndex, near_misses
from .names import is_meaningful as _is_meaningful
from .names import norm as _norm
from .names import strip_titles as _strip_titles
from .names import words_pattern as _words_pattern
from .public_names import public_name_spans

__all__ = [
    "CACHE_ENV_VAR",
    "PROGRESS_DONE",
    "PROGRESS_START",
    "PseudoResult",
    "PseudonymisationError",
    "Pseudonymiser",
    "default_cache_dir",
    "get_pseudonymiser",
]

CACHE_ENV_VAR = "KB_CACHE_DIR"
PROGRESS_START = (
    "Pseudonimisering voorbereiden: opzoeklijsten van deduce worden eenmalig opgebouwd (~1–2 min)…"
)
PROGRESS_DONE = "Pseudonimisering gereed: opzoeklijsten van deduce zijn opgebouwd en bewaard."

# deduce writes its pickle to <cache_path>/cache/lookup_structs.pickle (deduce.lookup_structs).
_CACHE_FILE = Path("cache") / "lookup_structs.pickle"
_LOCK_FILE = "build.lock"

# Separator between pieces in the joined text. deduce tokenises every newline as its own token, and
# none of its token patterns or regexes bridge a blank line, so annotations stay inside one piece
# (they are clipped anyway, in case a future deduce version behaves differently).
_SEP = "\n\n"

# deduce's own redactor is replaced by ours, and its adjacent-annotation merge joins spans across
# ". " (e.g. "Kanaalstraat. Sandra" became one person), which breaks per-entity numbering.
# "street_pattern" is replaced by a cheaper regex of our own (identifiers._STREET_NUMBER_RE).
_DEDUCE_DISABLED = frozenset({"redactor", "merge_adjacent_annotations", "street_pattern"})

# Lower rank wins a tie between overlapping spans of equal length.
_CATEGORY_RANK = CATEGORY_RANK

_TAG_CATEGORY = {
    "persoon": PERSOON,
    "patient": PERSOON,
    "locatie": LOCATIE,
    "straat": LOCATIE,
    "ziekenhuis": INSTELLING,
    "zorginstelling": INSTELLING,
    "instelling": INSTELLING,
    "datum": DATUM,
    "leeftijd": LEEFTIJD,
    "telefoonnummer": TELEFOONNUMMER,
    "emailadres": EMAIL,
    "url": URL,
    "bsn": BSN,
    "id": ID,
}


_NAME_CATEGORIES = frozenset({PERSOON, LOCATIE, INSTELLING})


def _category_for_tag(tag: str) -> str:
    tag = tag.lower()
    if tag in _TAG_CATEGORY:
        return _TAG_CATEGORY[tag]
    # Composite tags ("straat+huisnummer+...", "voornaam+achternaam") can slip through deduce's
    # cleaning steps; classify them by their parts rather than leaving them unreplaced.
    if "straat" in tag or "locatie" in tag or "huisnummer" in tag:
        return LOCATIE
    if "naam" in tag or "persoon" in tag or "patient" in tag or "initiaal" in tag:
        return PERSOON
    if "instelling" in tag or "ziekenhuis" in tag:
        return INSTELLING
    return ANONIEM


_EDGE_STRIP = " \t\r\n,;:!?"


@dataclass
class PseudoResult:
    """Pseudonymised pieces, in input order, and the number of distinct entities per placeholder category."""

    pieces: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    replacements: list[list[tuple[int, int, int, int]]] | None = None
    """Only with ``pseudonymise(..., with_replacements=True)``: per piece, every replaced span as
    ``(start, end)`` in the input and ``(start, end)`` of its placeholder in the output, in text order; lets a
    caller carry character offsets (e.g. REFI-QDA selections) through pseudonymisation (see :mod:`.offsets`)."""


class PseudonymisationError(RuntimeError):
    """Pseudonymisation failed. The message never contains interview text."""


@dataclass(eq=False, slots=True)
class _Span:
    start: int
    end: int
    category: str
    own: bool
    # Entity key: the known person, or the institution/place name, this span stands for (own
    # annotations only); spans with the same category and key get the same placeholder.
    key: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


# Upper bound for the text deduce sees at once (see Pseudonymiser._deduce_spans). An ordinary interview
# (~50k characters) stays one chunk, so its result does not depend on this value.
_CHUNK_CHARS = 150_000
_SENTENCE_CUT_RE = re.compile(r"[.!?…]['\"”’)]*\s+")


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to end the part of ``text`` that begins at ``start`` and holds at most ``limit`` characters:
    after a line break, else after a sentence end, else after a space, in the second half of the window."""
    end = start + limit
    if end >= len(text):
        return len(text)
    low = start + limit // 2
    cut = text.rfind("\n", low, end)
    if cut >= 0:
        return cut + 1
    last = None
    for m in _SENTENCE_CUT_RE.finditer(text, low, end):
        last = m
    if last is not None:
        return last.end()
    for i in range(end - 1, low - 1, -1):
        if text[i].isspace():
            return i + 1
    return end


def _split_long(text: str, limit: int) -> list[tuple[int, str]]:
    """``(offset, part)`` pairs that together make up ``text``, each at most ``limit`` characters."""
    parts: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = _cut_point(text, start, limit)
        parts.append((start, text[start:end]))
        start = end
    return parts


def _chunks(pieces: Sequence[str], limit: int) -> Iterator[list[tuple[int, int, str]]]:
    """Groups of ``(piece index, offset in piece, text)`` of at most ~``limit`` characters, in order.

    Pieces are never split unless one alone exceeds ``limit``; then it is cut into parts (see
    :func:`_cut_point`) that may share a chunk with their neighbours.
    """
    chunk: list[tuple[int, int, str]] = []
    size = 0
    for idx, piece in enumerate(pieces):
        parts = [(0, piece)] if len(piece) <= limit else _split_long(piece, limit)
        for offset, part in parts:
            if chunk and size + len(part) > limit:
                yield chunk
                chunk, size = [], 0
            chunk.append((idx, offset, part))
            size += len(part) + len(_SEP)
    if chunk:
        yield chunk


def _join_cut_spans(spans: list[_Span], text: str, cuts: Sequence[int]) -> list[_Span]:
    """Rejoin spans of one category that a cut in a long piece separated ("Jan de | Boer")."""
    spans.sort(key=lambda s: (s.start, s.end))
    out: list[_Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.category == span.category
            and prev.end <= span.start
            and any(prev.end <= c <= span.start for c in cuts)
            and text[prev.end : span.start].strip() == ""
        ):
            prev.end = span.end
            continue
        out.append(span)
    return out


# deduce's street and healthcare-institution tries hold ~1.8 million LookupTrie nodes, each a Python object
# with two dicts: ~900 MB of the ~1.1 GB a loaded deduce occupies. A flat dict from token prefix to "is a
# whole entry" answers the same lookups in about a quarter of that, and loads faster. The compacted
# structures are cached next to deduce's own pickle; the format version is in the file name.
_COMPACT_FILE = "kb-lookup-compact-v1.pickle"
_COMPACT_MIN_NODES = 50_000
_KEY_SEP = "\x1f"


def _trie_class() -> type:
    from docdeid.ds import LookupTrie

    return LookupTrie


class _CompactTrie:
    """Same answers as docdeid's ``LookupTrie`` (``longest_matching_prefix``, ``in``), flat in memory.

    ``nodes`` maps every token prefix of an entry, joined by ``_KEY_SEP`` after the matching pipeline,
    to whether that prefix is an entry itself. Made a subclass of ``LookupTrie`` at runtime (see
    :func:`_compact`) because deduce checks the type; defined without it so this module imports
    without deduce.
    """

    def __init__(self, matching_pipeline: Any, nodes: dict[str, bool]) -> None:
        self.matching_pipeline = matching_pipeline
        self._nodes = nodes

    @property
    def children(self) -> dict[str, None]:
        # docdeid's MultiTokenLookupAnnotator reads the first tokens once, at construction.
        return dict.fromkeys(k for k in self._nodes if _KEY_SEP not in k)

    @property
    def is_terminal(self) -> bool:
        return False

    # Like LookupTrie, adding and ``in`` apply the matching pipeline to the first token only (its child
    # nodes have none); longest_matching_prefix applies it to every token.
    def add_item(self, item: list[str]) -> None:
        key = None
        for i, tok in enumerate(item):
            tok = self._apply_matching_pipeline(tok) if i == 0 else tok
            key = tok if key is None else key + _KEY_SEP + tok
            self._nodes.setdefault(key, False)
        if key is not None:
            self._nodes[key] = True

    def __contains__(self, item: list[str]) -> bool:
        if not item:
            return False
        return self._nodes.get(_KEY_SEP.join([self._apply_matching_pipeline(item[0]), *item[1:]]), False)

    def longest_matching_prefix(self, item: list[str], start_i: int = 0) -> list[str] | None:
        nodes = self._nodes
        pipe = self._apply_matching_pipeline if self.matching_pipeline else None
        matched: list[str] = []
        longest = 0
        key = None
        for i in range(start_i, len(item)):
            tok = item[i] if pipe is None else pipe(item[i])
            key = tok if key is None else key + _KEY_SEP + tok
            terminal = nodes.get(key)
            if terminal is None:
                break
            matched.append(tok)
            if terminal:
                longest = len(matched)
        return matched[:longest] if longest else None


def _compact_class() -> type:
    cls = globals().get("CompactLookupTrie")
    if cls is None:
        cls = type("CompactLookupTrie", (_CompactTrie, _trie_class()), {"__module__": __name__})
        globals()["CompactLookupTrie"] = cls
    return cls


def __getattr__(name: str) -> Any:
    # pickle finds the compact class by name when it loads the cache.
    if name == "CompactLookupTrie":
        return _compact_class()
    raise AttributeError(name)


def _flatten(trie: Any) -> dict[str, bool]:
    nodes: dict[str, bool] = {}
    stack = [(key, child) for key, child in trie.children.items()]
    while stack:
        key, node = stack.pop()
        nodes[key] = bool(node.is_terminal)
        stack.extend((key + _KEY_SEP + k, c) for k, c in node.children.items())
    return nodes


def _compact(structs: Any) -> Any:
    """Replace the large tries in deduce's lookup structures by compact equivalents, in place."""
    base = _trie_class()
    cls = _compact_class()
    for name in list(structs.keys()):
        trie = structs[name]
        if type(trie) is not base:
            continue
        nodes = _flatten(trie)
        if len(nodes) < _COMPACT_MIN_NODES:
            continue
        compact = cls.__new__(cls)
        _CompactTrie.__init__(compact, trie.matching_pipeline, nodes)
        structs[name] = compact
    return structs


def default_cache_dir() -> Path:
    """Where deduce's lookup structures are cached: per user, outside any project, per deduce version."""
    base = os.environ.get(CACHE_ENV_VAR) or platformdirs.user_cache_dir("kritischeblik")
    return Path(base) / f"deduce-{importlib.metadata.version('deduce')}"


def _import_deduce() -> Any:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    # Importing deduce calls logging.basicConfig(stream=sys.stdout, level=DEBUG) and
    # warnings.simplefilter("default"); both would hijack the host application's output (a TUI
    # in particular), so undo them.
    with warnings.catch_warnings():
        import deduce
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    return deduce


def _deduce_with(deduce: Any, cache_dir: Path, structs: Any) -> Any:
    module = sys.modules["deduce.deduce"]
    original = module.get_lookup_structs
    # Deduce has no way to pass lookup structures in. Construction happens under our file lock and
    # the process-wide lock of get_pseudonymiser, so nobody else sees the substitute meanwhile.
    module.get_lookup_structs = lambda **_kw: structs
    try:
        return deduce.Deduce(cache_path=cache_dir, build_lookup_structs=False)
    finally:
        module.get_lookup_structs = original


def _construct(deduce: Any, cache_dir: Path, rebuild: bool) -> Any:
    """A Deduce instance whose large tries are compact (see ``_CompactTrie``), from our cache if present."""
    compact_file = cache_dir / _CACHE_FILE.parent / _COMPACT_FILE
    if not rebuild and compact_file.is_file():
        try:
            with open(compact_file, "rb") as fh:
                return _deduce_with(deduce, cache_dir, pickle.load(fh))
        except Exception:  # truncated or from an incompatible version: compact again below
            pass
    engine = deduce.Deduce(cache_path=cache_dir, build_lookup_structs=rebuild)
    try:
        structs = _compact(engine.lookup_structs)
        # Constructed again so that every processor holds the compact tries and the big ones are freed.
        engine = _deduce_with(deduce, cache_dir, structs)
    except Exception:  # an optimisation only: a deduce without these internals works as it is
        return engine
    tmp = compact_file.with_name(f"{compact_file.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            pickle.dump(structs, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, compact_file)  # atomic: a concurrent reader sees no file or a whole one
    except OSError:  # a read-only cache still works, only without the faster start next time
        tmp.unlink(missing_ok=True)
    return engine


def _load_deduce(cache_dir: Path, progress: Callable[[str], None] | None) -> Any:
    """Construct deduce, building its cache at most once across concurrent processes."""
    deduce = _import_deduce()
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache_file = cache_dir / _CACHE_FILE
    announced = False

    def build_or_load(rebuild: bool) -> Any:
        # deduce validates its cache only against the version and files under <cache_path>/src,
        # which does not exist here; the version in the directory name covers that.
        # Creating millions of lookup objects triggers full collections over an ever larger heap:
        # with the collector paused a cached load takes ~3 s instead of 12–35 s.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            engine = _construct(deduce, cache_dir, rebuild)
        finally:
            if was_enabled:
                gc.enable()
        # The lookup structures live as long as the process; keep later collections from
        # traversing them again and again.
        gc.freeze()
        return engine

    with open(cache_dir / _LOCK_FILE, "a") as lock:
        # Readers share the lock; a builder holds it exclusively, so nobody reads a half-written pickle.
        fcntl.flock(lock, fcntl.LOCK_SH)
        try:
            if cache_file.is_file():
                try:
                    return build_or_load(rebuild=False)
                except Exception:  # a truncated or incompatible pickle: rebuild below
                    pass
            if progress is not None:
                progress(PROGRESS_START)
                announced = True
            # Upgrading drops the shared lock first, so another process may have built meanwhile.
            fcntl.flock(lock, fcntl.LOCK_EX)
            engine = None
            if cache_file.is_file():
                try:
                    engine = build_or_load(rebuild=False)
                except Exception:  # still unusable: rebuild
                    engine = None
            if engine is None:
                engine = build_or_load(rebuild=True)
            if announced and progress is not None:
                progress(PROGRESS_DONE)
            return engine
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _protected_regex(terms: Sequence[str]) -> re.Pattern[str] | None:
    """Codebook terms, lowercased, for :func:`_shield_spans`."""
    words = sorted({" ".join(t.split()).lower() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(_words_pattern(w) for w in words) + r")(?!\w)")


def _shield_spans(protected: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    """Where codebook terms occur in ``text``, case-insensitively.

    Matching the lowercased text is ~5x faster than an IGNORECASE pattern (which cannot skip ahead on
    the first characters); when lowercasing changes the length (a rare letter such as "İ"), offsets would
    no longer fit and the IGNORECASE pattern is used.
    """
    if protected is None:
        return []
    low = text.lower()
    if len(low) == len(text):
        return [m.span() for m in protected.finditer(low)]
    return [m.span() for m in re.compile(protected.pattern, re.IGNORECASE).finditer(text)]


def _name_annotations(text: str, names: NameIndex) -> list[_Span]:
    return [_Span(a, b, PERSOON, True, key) for a, b, key in names.spans(text)]


def _pattern_annotations(text: str) -> list[_Span]:
    return [_Span(start, end, category, True) for start, end, category in find_identifiers(text)]


_LOWER_WORD_RE = re.compile(r"(?<![\w-])[^\W\d_A-ZÀ-Þ][^\W\d_]*(?![\w-])")


def _lowercase_words(text: str) -> set[str]:
    return {w for w in _LOWER_WORD_RE.findall(text) if w.islower()}


def _drop_ordinary_sentence_starts(
    text: str, spans: list[_Span], lexicon: Lexicon, lower: set[str]
) -> list[_Span]:
    """deduce's person spans that are an ordinary word capitalised only because a sentence starts.

    deduce's surname list holds words like "Mooi", "Niks", "Pas" and "Boven", and a reply "Mooi." or
    "Niks te vinden." became a person. Such a word is dropped only when the interview also uses it in
    lowercase (``lower``: :func:`_lowercase_words` of all its pieces): a real surname ("Bakker belde")
    is rarely also an ordinary word in the same interview.
    """
    keep = []
    for span in spans:
        word = text[span.start : span.end].strip()
        if span.category == PERSOON and interjection_start(text, span.start, span.end):
            continue
        if (
            span.category == PERSOON
            and word.isalpha()
            and word.lower() in lower
            and sentence_initial(text, span.start)
            and (lexicon.known(word) or lexicon.whitelisted(word))
        ):
            continue
        keep.append(span)
    return keep


def _drop_durations(text: str, spans: list[_Span], own: Sequence[_Span]) -> list[_Span]:
    """deduce's ages that read as a duration ("heeft 40 jaar gewerkt", "in 5 jaar"): deduce takes any "N jaar"
    for an age; our own finder (:mod:`.identifier_ages`) decides, and where it found no age a duration stays."""
    ages = [(o.start, o.end) for o in own if o.category == LEEFTIJD]
    return [
        s
        for s in spans
        if s.category != LEEFTIJD
        or any(_overlaps(s, a, b) for a, b in ages)
        or not looks_like_duration(text, s.start, s.end)
    ]


def _capital_cores(text: str, spans: list[_Span], lists: NameLists) -> list[_Span]:
    """Name spans without the ordinary words a text in capitals tricks finders into ("DE THUISZORG ZEI"),
    and person spans without a preposition before a first name ("van Gerrit Hoekstra")."""
    out = []
    for span in spans:
        if span.category not in _NAME_CATEGORIES:
            out.append(span)
            continue
        core = lists.capital_core(text[span.start : span.end])
        if core is None:
            continue
        if span.category == PERSOON:
            skip = lists.particles_before_first_name(text[span.start + core[0] : span.start + core[1]])
            core = (core[0] + skip, core[1])
        a, b = span.start + core[0], span.start + core[1]
        if (a, b) != (span.start, span.end):
            key = _norm(text[a:b]) if span.key is not None else None
            span = _Span(a, b, span.category, span.own, key)
        out.append(span)
    return out


def _unshielded(spans: Sequence[_Span], shields: Sequence[tuple[int, int]]) -> list[_Span]:
    return [s for s in spans if not any(_overlaps(s, a, b) for a, b in shields)]


def _outside_terms(spans: Sequence[_Span], shields: Sequence[tuple[int, int]]) -> list[_Span]:
    """The spans that are not wholly inside a shield (a codebook term, a country...)."""
    return [s for s in spans if not any(a <= s.start and s.end <= b for a, b in shields)]


def _deduce_parts(
    found: Sequence[_Span], own: Sequence[_Span], shields: Sequence[tuple[int, int]], text: str
) -> list[_Span]:
    """deduce's spans minus codebook terms and minus own annotations of another category, tidied.

    deduce spans are cut around a codebook term rather than dropped: its context rules can glue a
    real name to a capitalised term ("Eenvoud Jan de Boer"), and dropping would leak the name.
    Own annotations are precise, so a known name or a street inside a longer deduce span of
    another category splits that span instead of being swallowed by it.
    """
    parts: list[_Span] = []
    for span in found:
        holes = [*shields, *((o.start, o.end) for o in own if o.category != span.category)]
        parts.extend(t for t in (_tidy(p, text) for p in _subtract(span, holes)) if t is not None)
    return parts


def _tidy(span: _Span, text: str) -> _Span | None:
    """Trim a span to its meaningful core; None if nothing worth replacing remains."""
    start, end = span.start, span.end
    while start < end and text[start] in _EDGE_STRIP:
        start += 1
    while end > start and text[end - 1] in _EDGE_STRIP:
        end -= 1
    if span.category == PERSOON and start < end:
        core = _strip_titles(text[start:end])
        start = end - len(core)
        # A name never ends in a lowercase word; deduce's context rules sometimes swallow
        # "uit de" before a capitalised word, which our own annotators then cut off.
        words = list(re.finditer(r"\S+", text[start:end]))
        keep = len(words)
        while keep > 1 and words[keep - 1].group()[:1].islower():
            keep -= 1
        if keep < len(words):
            end = start + words[keep - 1].end()
        while end > start and text[end - 1] in _EDGE_STRIP:
            end -= 1
    if end <= start or not _is_meaningful(text[start:end]):
        return None
    if span.category == PERSOON and all(w.lower() in _TUSSENVOEGSELS for w in text[start:end].split()):
        return None  # "de" left over from "de Oude" once "Oude Gracht 14" took the rest
    return _Span(start, end, span.category, span.own, span.key)


def _subtract(span: _Span, holes: Iterable[tuple[int, int]]) -> list[_Span]:
    parts = [(span.start, span.end)]
    for h_start, h_end in holes:
        nxt = []
        for a, b in parts:
            if h_end <= a or h_start >= b:
                nxt.append((a, b))
                continue
            if a < h_start:
                nxt.append((a, h_start))
            if h_end < b:
                nxt.append((h_end, b))
        parts = nxt
    return [_Span(a, b, span.category, span.own, span.key) for a, b in parts]


def _overlaps(a: _Span, start: int, end: int) -> bool:
    return a.start < end and start < a.end


def _resolve(spans: list[_Span], text: str) -> list[_Span]:
    """Non-overlapping spans: longest first, ties by category rank, own before deduce.

    A loser that is only partly covered keeps its uncovered remainder, so no part of a detected
    entity survives in the output just because a neighbouring entity won the overlap.
    """
    heap: list[tuple[int, int, int, int, int, _Span]] = []
    counter = 0

    def push(s: _Span) -> None:
        nonlocal counter
        heapq.heappush(heap, (-s.length, _CATEGORY_RANK[s.category], 0 if s.own else 1, s.start, counter, s))
        counter += 1

    for s in spans:
        push(s)
    accepted: list[_Span] = []
    while heap:
        s = heapq.heappop(heap)[-1]
        hits = [a for a in accepted if _overlaps(a, s.start, s.end)]
        if not hits:
            accepted.append(s)
            continue
        for part in _subtract(s, ((a.start, a.end) for a in hits)):
            tidy = _tidy(part, text)
            if tidy is not None:
                push(tidy)
    accepted.sort(key=lambda s: s.start)
    return accepted


# Tokens of all pieces are kept between the two finders that need them only up to this size (~150 bytes
# per word); a larger interview recomputes them per run of pieces.
_KEEP_TOKENS_CHARS = 2_000_000
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


@dataclass(slots=True)
class _FirstPass:
    """What the first finders give per piece of one run (see :meth:`Pseudonymiser.pseudonymise`)."""

    found: list[tuple[_Span, ...]]
    shields: list[tuple[tuple[int, int], ...]]
    patterns: list[tuple[_Span, ...]]
    institutions: list[tuple[_Span, ...]]
    covered: list[tuple[tuple[int, int], ...]]
    person_cover: list[tuple[tuple[int, int], ...]]
    discovered: list[str]
    lowered: set[str]
    known: list[tuple[tuple[int, int], ...]]
    """Where names known in advance (front matter, speakers) occur: no shield drops a name found there."""
    cued: list[str] = field(default_factory=list)
    """Names in lowercase or capitals that context gave away (see :mod:`.name_cues`)."""


class Pseudonymiser:
    """One deduce instance plus Kritische Blik's own rules for interview transcripts.

    Construction loads deduce's lookup structures from the user cache (seconds), or builds them
    once (1–2 minutes) when the cache is missing. Safe to use from several threads.
    """

    def __init__(self, cache_dir: Path | None = None, progress: Callable[[str], None] | None = None) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self._deduce = _load_deduce(self.cache_dir, progress)
        # docdeid does not document thread safety; the GIL serialises the work anyway.
        self._lock = threading.Lock()
        # deduce's list of common Dutch words (surnames excluded), to vet names it found itself.
        self._whitelist = getattr(self._deduce, "lookup_structs", {}).get("whitelist")
        self._lexicon = Lexicon(getattr(self._deduce, "lookup_structs", None))
        self._names = NameLists(
            getattr(self._deduce, "lookup_structs", None), self._lexicon.known, self._lexicon.is_compound
        )
        # Loads simplemma's Dutch dictionary (~0.3 s) now, so forked ingest workers share it.
        self._lexicon.known("huis")

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
        case (see :mod:`.names`). ``protected_terms``: codebook names that
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

        protected = _protected_regex(protected_terms)
        lexicon = self._lexicon
        run = mapper or lazy_map
        runs = _runs(pieces, _RUN_CHARS)
        run_ids = list(range(len(runs)))
        # Only in-process runs can hand tokens from the second step to the third; a forked child's copy
        # of this dict is lost with it, and the parent then recomputes them.
        kept: dict[int, list[list]] = {}
        keep_tokens = sum(map(len, pieces)) <= _KEEP_TOKENS_CHARS

        # Every step maps over runs of pieces: pieces are independent apart from the few interview-wide
        # facts gathered in between (lowercase vocabulary, names and institutions found anywhere). The
        # outcome does not depend on the mapper, only the speed does.
        def deduce_step(ri: int) -> tuple[list[list[_Span]], set[str]]:
            part = pieces[runs[ri].start : runs[ri].stop]
            return self._deduce_spans(part), set().union(*map(_lowercase_words, part))

        first_found: list[list[_Span]] = []
        lower: set[str] = set()
        for spans, words in run(deduce_step, run_ids):
            first_found += spans
            lower |= words
        names_lists = self._names
        index = NameIndex(known_persons, lists=names_lists)
        # Misspelled forms of known names are those people ("OUAZANI" for Ouazzani): same placeholder.
        aliases = near_misses(known_persons, pieces, names_lists, index.regex)
        if aliases:
            index = NameIndex(known_persons, lists=names_lists, aliases=aliases)

        def finder_step(ri: int) -> _FirstPass:
            out = _FirstPass([], [], [], [], [], [], [], set(), [])
            toks_kept = []
            for pi in runs[ri]:
                text = pieces[pi]
                sh = _shield_spans(protected, text)
                # A phone number or an address is never a codebook term: no shield is for structured identifiers.
                pats = _pattern_annotations(text)
                spans = _drop_ordinary_sentence_starts(text, first_found[pi], lexicon, lower)
                spans = _drop_durations(text, spans, pats)
                spans = _capital_cores(text, spans, names_lists)
                toks = tokens(text)
                # The index holds only known names here. A known name that is more than a codebook term ("Joke
                # Eenvoud") stays whole; one that is nothing but the term ("Eenvoud") is the term.
                names = _outside_terms(_name_annotations(text, index), sh)
                # Countries, large cities, car brands stay, unless a known person is named so.
                sh += [
                    (a, b)
                    for a, b in public_name_spans(text)
                    if not any(n.start < b and a < n.end for n in names)
                ]
                person_starts = {s.start for s in spans if s.category == PERSOON} | {n.start for n in names}
                inst = []
                for a, b, category in institution_spans(text, lexicon, sh, person_starts, toks):
                    if category == KEEP:
                        sh.append((a, b))
                    else:
                        found = _Span(a, b, category, True, _norm(text[a:b]))
                        inst += _capital_cores(text, [found], names_lists)
                own = pats + names + inst
                parts = _deduce_parts(spans, own, sh, text)
                for part in parts:
                    name = text[part.start : part.end]
                    # Only first name + surname: "Van Dam" alone is a surname, not a new full name.
                    words = name.split()
                    if (
                        part.category == PERSOON
                        and len(words) > 1
                        and words[0].lower() not in _TUSSENVOEGSELS
                        and not any(ch.isdigit() for ch in name)
                    ):
                        out.discovered.append(name)
                # Tuples: most pieces have none of these, and the empty tuple is shared (an empty list is 56
                # bytes, times eight lists, times ~300k turns in a 50 MB transcript).
                out.found.append(tuple(spans))
                out.known.append(tuple((n.start, n.end) for n in names))
                out.shields.append(tuple(sh))
                out.patterns.append(tuple(pats))
                out.institutions.append(tuple(inst))
                out.covered.append((*sh, *((x.start, x.end) for x in (*own, *parts))))
                out.person_cover.append(
                    tuple((x.start, x.end) for x in (*names, *parts) if x.category == PERSOON)
                )
                out.lowered |= lowercase_words(toks)
                out.cued += context_names(text, toks, names_lists, sh)
                if keep_tokens:
                    toks_kept.append(toks)
            if keep_tokens:
                kept[ri] = toks_kept
            return out

        first = _FirstPass([], [], [], [], [], [], [], set(), [])
        for done in run(finder_step, run_ids):
            for name in (
                "found", "shields", "patterns", "institutions", "covered", "person_cover", "discovered", "cued",
                "known",
            ):  # fmt: skip
                getattr(first, name).extend(getattr(done, name))
            first.lowered |= done.lowered
        first_found.clear()  # superseded by first.found; the memory is released now

        # Institution names found once are replaced everywhere ("Stichting Zonnewijzer" ... "van
        # Zonnewijzer"); so are capitalised words no lexicon knows, as persons through the name index.
        inst_names = [
            (text[s.start : s.end], s.category)
            for text, inst in zip(pieces, first.institutions, strict=True)
            for s in inst
        ]
        table = entity_table(inst_names, lexicon)

        def unknown_step(ri: int) -> UnknownVotes:
            r = runs[ri]
            toks = kept.pop(ri, None) or [tokens(pieces[pi]) for pi in r]
            return unknown_name_votes(
                pieces[r.start : r.stop],
                lexicon,
                first.covered[r.start : r.stop],
                first.person_cover[r.start : r.stop],
                first.lowered,
                table.__contains__,
                toks,
                first_index=r.start,
            )

        unknown = decide_unknown_names(run(unknown_step, run_ids), len(pieces))
        kept.clear()
        first.covered, first.person_cover = [], []
        others = [
            (text[a:b], category)
            for text, found_ in zip(pieces, unknown.spans, strict=True)
            for a, b, category in found_
        ]
        table = entity_table(inst_names + others, lexicon)
        propagate = table_regex(table)
        if first.discovered or unknown.persons or first.cued:
            index = NameIndex(
                known_persons,
                first.discovered,
                self._is_common_word,
                unknown.persons,
                names_lists,
                first.cued,
                aliases,
            )

        def resolve_step(ri: int) -> list[list[tuple[int, int, str, str]]]:
            out = []
            for pi in runs[ri]:
                text, sh = pieces[pi], first.shields[pi]
                known = first.known[pi]
                names = [
                    n
                    for n in _name_annotations(text, index)
                    if not any(_overlaps(n, a, b) for a, b in sh)
                    or (any(_overlaps(n, a, b) for a, b in known) and _outside_terms([n], sh))
                ]
                spread: list[_Span] = []
                if propagate is not None:
                    for m in propagate.finditer(text):
                        category, key = table[" ".join(m.group().split())]
                        spread.append(_Span(m.start(), m.end(), category, True, key))
                own = [*first.patterns[pi], *names, *first.institutions[pi], *_unshielded(spread, sh)]
                final = _resolve(_deduce_parts(first.found[pi], own, sh, text) + own, text)
                named = [n for n in names if n.key is not None]
                keyed = []
                for span in final:
                    surface = text[span.start : span.end]
                    key = span.key
                    if span.category == PERSOON and key is None:
                        # A deduce span around a known form ("Sandra Kok uit") is that person.
                        inside = [n for n in named if span.start <= n.start and n.end <= span.end]
                        key = max(inside, key=lambda n: n.length).key if inside else index.key_for(surface)
                    keyed.append((span.start, span.end, span.category, key or _norm(surface)))
                out.append(keyed)
            return out

        # Placeholders are numbered in order of first appearance in the whole interview, so here, in order.
        numbers: dict[str, dict[str, int]] = {}
        out: list[str] = []
        replaced: list[list[tuple[int, int, int, int]]] | None = [] if with_replacements else None
        for resolved in run(resolve_step, run_ids):
            for spans in resolved:
                i = len(out)
                text = originals[i]
                if i in revealed:
                    spans = to_original(revealed[i], spans, text)
                parts, pos = [], 0
                moved, shift = [], 0
                for start, end, category, key in spans:
                    table_ = numbers.setdefault(category, {})
                    number = table_.setdefault(key, len(table_) + 1)
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

    @property
    def name_lists(self) -> NameLists:
        """deduce's first-name and surname lists and the lexicon test, for front-matter values."""
        return self._names

    def pseudonymise_text(self, text: str, **kw: Any) -> str:
        """Pseudonymise a single text; keyword arguments as for :meth:`pseudonymise`."""
        return self.pseudonymise([text], **kw).pieces[0]

    def _is_common_word(self, word: str) -> bool:
        if self._whitelist is None:
            return False
        try:
            return word in self._whitelist
        except Exception:  # an internal deduce structure; its absence must not break pseudonymisation
            return False

    def _deduce_spans(self, pieces: list[str]) -> list[list[_Span]]:
        """Run deduce on all pieces, in chunks of bounded size, and return its annotations per piece.

        deduce needs ~90 bytes of memory per character of text it sees at once (tokens, lookups,
        annotations), so a whole interview in one call made a 4 MB transcript peak at 1.5 GB. Pieces
        are grouped into chunks of at most ``_CHUNK_CHARS`` and a longer piece is cut at line,
        sentence or word boundaries (see :func:`_split_long`). Placeholder numbering and name
        propagation run afterwards over the annotations of the whole interview, so chunking does
        not change which entity gets which number.
        """
        per_piece: list[list[_Span]] = [[] for _ in pieces]
        for chunk in _chunks(pieces, _CHUNK_CHARS):
            starts: list[int] = []
            pos = 0
            for _idx, _offset, part in chunk:
                starts.append(pos)
                pos += len(part) + len(_SEP)
            failure = None
            try:
                with self._lock:
                    doc = self._deduce.deidentify(
                        _SEP.join(p for _, _, p in chunk), disabled=_DEDUCE_DISABLED
                    )
                annotations = [(a.start_char, a.end_char, a.tag) for a in doc.annotations]
                del doc
            except Exception as exc:
                failure = type(exc).__name__
            if failure is not None:
                # Raised outside the except block so the original exception, whose message may quote
                # the text, is not even attached as __context__.
                raise PseudonymisationError(f"deduce kon de tekst niet verwerken ({failure})")
            for a_start, a_end, tag in annotations:
                category = _category_for_tag(tag)
                k = max(bisect.bisect_right(starts, a_start) - 1, 0)
                # Clip to every part the annotation touches; the separators themselves are dropped.
                while k < len(chunk) and starts[k] < a_end:
                    idx, offset, part = chunk[k]
                    lo, hi = max(a_start, starts[k]), min(a_end, starts[k] + len(part))
                    if lo < hi:
                        per_piece[idx].append(
                            _Span(lo - starts[k] + offset, hi - starts[k] + offset, category, False)
                        )
                    k += 1
        for idx, piece in enumerate(pieces):
            if len(piece) > _CHUNK_CHARS and len(per_piece[idx]) > 1:
                cuts = [offset for offset, _ in _split_long(piece, _CHUNK_CHARS)[1:]]
                per_piece[idx] = _join_cut_spans(per_piece[idx], piece, cuts)
        return per_piece


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


def _main(argv: list[str] | None = None) -> int:
    """``python -m kritischeblik.ingest.pseudonymise --warm``: build deduce's cache once, before parallel tests."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="Pseudonimisering: cache van deduce voorbereiden.")
    parser.add_argument("--warm", action="store_true", help="opzoekstructuren van deduce bouwen of laden")
    args = parser.parse_args(argv)
    if args.warm:
        pseudonymiser = get_pseudonymiser(progress=lambda msg: print(msg, file=sys.stderr, flush=True))
        print(f"deduce-cache klaar in {pseudonymiser.cache_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
