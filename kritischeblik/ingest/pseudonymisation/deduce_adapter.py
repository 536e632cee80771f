"""The adapter between Kritische Blik and deduce (with docdeid underneath): loading, caching, compaction, running.

Everything that knows deduce's internals lives here, so an upgrade of deduce or docdeid touches one module and
``tests/test_deduce_contract.py`` says what broke:

* loading: ``import deduce`` reconfigures logging and warnings, which is undone (:func:`import_deduce`);
* caching: deduce's lookup structures are built once per machine (1–2 minutes) into a per-user cache per deduce
  version, under a file lock so concurrent processes build once (:func:`load_deduce`);
* trie compaction: deduce's two largest lookup tries are replaced by flat dictionaries that answer the same
  lookups in a quarter of the memory (:class:`_CompactTrie`), cached beside deduce's own pickle;
* running: pieces of text are annotated in chunks of bounded size and deduce's tags become placeholder
  categories (:meth:`DeduceAdapter.spans`).

Privacy rule for this module: no interview text in an exception, a log line or a message.
"""

from __future__ import annotations

import bisect
import fcntl
import gc
import importlib.metadata
import logging
import os
import pickle
import re
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import platformdirs

from .categories import (
    ANONIEM,
    BSN,
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
from .result import PseudonymisationError
from .spans import Span

# The versions this adapter was written and contract-tested against (tests/test_deduce_contract.py); the
# project's lock file pins them. Another version is used as it is: the contract test says whether it still fits.
TESTED_WITH = {"deduce": "3.0.6", "docdeid": "1.0.1"}

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
# "street_pattern" is replaced by a cheaper regex of our own (finders.identifier_streets).
_DEDUCE_DISABLED = frozenset({"redactor", "merge_adjacent_annotations", "street_pattern"})

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


def category_for_tag(tag: str) -> str:
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


# Upper bound for the text deduce sees at once (see DeduceAdapter.spans). An ordinary interview
# (~50k characters) stays one chunk, so its result does not depend on this value.
_CHUNK_CHARS = 150_000
# Upper bound for one piece of text as deduce sees it: a longer turn (a pasted letter, a list of names) is cut
# at a line or sentence end. deduce extends names one token per pass over all its annotations, so a long run
# of name-like words ("in het Engels in het Engels ...", a pasted list of 200 surnames) cost time growing with
# the cube of its length and ended in a RecursionError at 20,000 characters (review, session 13). Spans a cut
# separates are joined again (:func:`_join_cut_spans`).
_PIECE_CHARS = 2_000
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

    Pieces are never split unless one alone exceeds ``limit`` or ``_PIECE_CHARS``; then it is cut into parts
    (see :func:`_cut_point`) that may share a chunk with their neighbours.
    """
    chunk: list[tuple[int, int, str]] = []
    size = 0
    bound = min(limit, _PIECE_CHARS)
    for idx, piece in enumerate(pieces):
        parts = [(0, piece)] if len(piece) <= bound else _split_long(piece, bound)
        for offset, part in parts:
            if chunk and size + len(part) > limit:
                yield chunk
                chunk, size = [], 0
            chunk.append((idx, offset, part))
            size += len(part) + len(_SEP)
    if chunk:
        yield chunk


def _join_cut_spans(spans: list[Span], text: str, cuts: Sequence[int]) -> list[Span]:
    """Rejoin spans of one category that a cut in a long piece separated ("Jan de | Boer")."""
    spans.sort(key=lambda s: (s.start, s.end))
    out: list[Span] = []
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
_COMPACT_FILE = "kb-lookup-compact-v2.pickle"
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


def import_deduce() -> Any:
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


def load_deduce(cache_dir: Path, progress: Callable[[str], None] | None) -> Any:
    """Construct deduce, building its cache at most once across concurrent processes."""
    deduce = import_deduce()
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


class DeduceAdapter:
    """One loaded deduce instance: its lookup structures, and its annotations of pieces of text.

    Construction loads deduce's lookup structures from the user cache (seconds), or builds them once (1–2
    minutes) when the cache is missing. Safe to use from several threads.
    """

    def __init__(self, cache_dir: Path, progress: Callable[[str], None] | None = None) -> None:
        self.cache_dir = cache_dir
        self.engine = load_deduce(cache_dir, progress)
        # docdeid does not document thread safety; the GIL serialises the work anyway.
        self._lock = threading.Lock()

    @property
    def lookup_structs(self) -> Mapping[str, Any] | None:
        """deduce's lookup structures by name ("first_name", "surname", "whitelist", "street"...)."""
        return getattr(self.engine, "lookup_structs", None)

    def spans(self, pieces: list[str]) -> list[list[Span]]:
        """Run deduce on all pieces, in chunks of bounded size, and return its annotations per piece.

        deduce needs ~90 bytes of memory per character of text it sees at once (tokens, lookups,
        annotations), so a whole interview in one call made a 4 MB transcript peak at 1.5 GB. Pieces
        are grouped into chunks of at most ``_CHUNK_CHARS`` and a longer piece is cut at line,
        sentence or word boundaries (see :func:`_split_long`). Placeholder numbering and name
        propagation run afterwards over the annotations of the whole interview, so chunking does
        not change which entity gets which number.
        """
        per_piece: list[list[Span]] = [[] for _ in pieces]
        cuts: dict[int, list[int]] = {}  # per cut piece where its parts begin (taken from the chunks)
        for chunk in _chunks(pieces, _CHUNK_CHARS):
            starts: list[int] = []
            pos = 0
            for idx, offset, part in chunk:
                starts.append(pos)
                pos += len(part) + len(_SEP)
                if offset:
                    cuts.setdefault(idx, []).append(offset)
            failure = None
            try:
                with self._lock:
                    doc = self.engine.deidentify(_SEP.join(p for _, _, p in chunk), disabled=_DEDUCE_DISABLED)
                annotations = [(a.start_char, a.end_char, a.tag) for a in doc.annotations]
                del doc
            except Exception as exc:
                failure = type(exc).__name__
            if failure is not None:
                # Raised outside the except block so the original exception, whose message may quote
                # the text, is not even attached as __context__.
                raise PseudonymisationError(f"deduce kon de tekst niet verwerken ({failure})")
            for a_start, a_end, tag in annotations:
                category = category_for_tag(tag)
                k = max(bisect.bisect_right(starts, a_start) - 1, 0)
                # Clip to every part the annotation touches; the separators themselves are dropped.
                while k < len(chunk) and starts[k] < a_end:
                    idx, offset, part = chunk[k]
                    lo, hi = max(a_start, starts[k]), min(a_end, starts[k] + len(part))
                    if lo < hi:
                        per_piece[idx].append(
                            Span(lo - starts[k] + offset, hi - starts[k] + offset, category, False)
                        )
                    k += 1
        for idx, at in cuts.items():
            if len(per_piece[idx]) > 1:
                per_piece[idx] = _join_cut_spans(per_piece[idx], pieces[idx], at)
        return per_piece
