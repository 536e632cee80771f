"""Reading and preparing a batch of transcripts: parse every file, warn about ids that differ only in case,
and prepare the interviews (pseudonymise, segment, lemmatise) over forked workers.

The use case around it (validate all, then write once) is :func:`kritischeblik.services.ingest.ingest_paths`.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..errors import InputError
from ..model import Codebook
from ..parallel import available_workers, can_fork, fork_imap
from .parse import RawTranscript, parse_transcript
from .pipeline import Prepared, prepare
from .readers import FORM_SUFFIXES, TRANSCRIPT_SUFFIXES, read_source


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Ingest allocates millions of small objects (tokens, spans, segments), most short-lived and without
    cycles; with the default thresholds the collector ran thousands of times, ~10% of a large ingest's CPU.
    Forked workers inherit the setting."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 10_000), max(old[1], 50), max(old[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*old)


def read_transcripts(
    paths: Sequence[str | Path], codebook: Codebook, encoding: str | None, lenient: bool
) -> tuple[list[RawTranscript], list[Path], list[str | InputError]]:
    """Parse every transcript; returns (transcripts, form paths, problems). A file that cannot be read or
    parsed is a problem (file, line, what), not an exception, so the whole batch is checked at once; a
    problem with a hint of its own (read it in another encoding) stays the error that says so."""
    problems: list[str | InputError] = []
    transcripts: list[RawTranscript] = []
    form_paths: list[Path] = []
    for p in map(Path, paths):
        suffix = p.suffix.lower()
        if suffix in FORM_SUFFIXES:
            form_paths.append(p)
            continue
        if suffix not in TRANSCRIPT_SUFFIXES:
            problems.append(f"{p}: onbekend bestandstype '{suffix}'")
            continue
        try:
            src = read_source(p, encoding)
            raw = parse_transcript(src.text, src.source, codebook, src.front_source, lenient)
            raw.content_hash = src.content_hash
            raw.warnings.extend(src.notes)
            transcripts.append(raw)
            del src  # the whole file's text; only the parsed turns are needed from here on
        except InputError as e:
            problems.append(e)
    return transcripts, form_paths, problems


def case_twins(batch: list[RawTranscript], project_ids: set[str]) -> list[str]:
    """Warnings for ids that differ from another only in upper/lower case (``WIJK-01`` and ``wijk-01``):
    allowed, since ids are case-sensitive, but almost always the same interview twice."""
    warnings = []
    first: dict[str, str] = {}
    for iid in sorted(project_ids):
        first.setdefault(iid.casefold(), iid)
    in_batch: dict[str, RawTranscript] = {}
    for raw in batch:
        folded = raw.id.casefold()
        other = in_batch.get(folded)
        if other is not None and other.id != raw.id:
            warnings.append(
                f"{raw.source}: id '{raw.id}' verschilt alleen in hoofdletters van '{other.id}' "
                f"({other.source}); is dit hetzelfde interview?"
            )
        elif folded in first and first[folded] != raw.id and raw.id not in project_ids:
            warnings.append(
                f"{raw.source}: id '{raw.id}' verschilt alleen in hoofdletters van '{first[folded]}' "
                "dat al in het project staat; is dit hetzelfde interview?"
            )
        in_batch.setdefault(folded, raw)
    return warnings


# -- parallel preparation ------------------------------------------------------------------------------------
# Pseudonymisation (deduce) is ~75% of ingest time and each interview is independent, so interviews are
# prepared in forked worker processes that inherit the loaded deduce and spaCy objects (see parallel.py).
# Results come back in input order; the database is written afterwards in one transaction by this process,
# exactly as in the sequential path. KB_WORKERS=1 turns it off.

MIN_PARALLEL = 4  # below this, forking costs more than it saves


def worker_count(n_items: int) -> int:
    if n_items < MIN_PARALLEL or not can_fork():
        return 1
    return max(1, min(available_workers(), n_items))


# A transcript this large (characters of turn text; a generated interview of 8,000 words has ~50k) is
# prepared in this process with lazy segments (see pipeline.prepare): a worker would have to send all of
# its segments back at once, and holding them costs ~15 bytes per character. Its own pseudonymisation and
# segmentation are spread over the cores instead.
LARGE_CHARS = 2_000_000


def _is_large(raw: RawTranscript) -> bool:
    return sum(len(t.text) for t in raw.turns) > LARGE_CHARS


def prepare_all(
    todo: list[RawTranscript],
    codebook,  # noqa: ANN001
    nlp,  # noqa: ANN001
    pseudonymiser,  # noqa: ANN001
    unit: str,
    structural: Sequence[str],
    vectorise: Callable[[list[str]], object] | None = None,
) -> Iterator[tuple[RawTranscript, Prepared]]:
    """``vectorise``: texts -> a vector per text, run in the worker on each interview's segments (so the
    write only inserts); large transcripts, whose segments are made while they are written, get none."""
    large = [_is_large(raw) for raw in todo]
    small = [i for i, big in enumerate(large) if not big]

    def prepare_small(i: int) -> Prepared:
        item = prepare(todo[i], codebook, nlp, pseudonymiser, unit=unit, structural_keys=structural)
        if vectorise is not None:
            item.vectors = vectorise([s.text for s in item.segments])  # type: ignore[union-attr] - a list here
        return item

    # All results are kept until the write anyway, so the workers may run as far ahead as they can.
    results = fork_imap(prepare_small, small, workers=worker_count(len(small)), ahead=len(small))
    try:
        for raw, big in zip(todo, large, strict=True):
            if big:
                # Input order is kept: large transcripts are prepared here, in between, while the workers go on.
                kw = {"lazy_segments": True, "workers": available_workers(), "structural_keys": structural}
                yield raw, prepare(raw, codebook, nlp, pseudonymiser, unit=unit, **kw)
            else:
                yield raw, next(results)
    finally:
        results.close()
