"""What ``kb code auto`` reads and computes, slice by slice: a few whole interviews at a time.

At 1,000 interviews (800,000 segments) holding every segment row, its lemmas, the matcher's hits and the
sentence vectors at once took gigabytes. Here the plan (which interviews, in which slices) is read first; each
slice's segments and stored vectors are read in their own short read transaction, scored, and only the
slice's suggestions are kept, so the memory of a run is that of one slice plus its suggestions. A segment's
suggestions depend only on its own interview (its text, lemmas, vector and neighbours), so the slices give
the same suggestions as one run over everything. Used by :func:`.coding.auto_code`; nothing here writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import KBError
from ..model import Codebook, Suggestion
from ..store.codebooks import all_codes
from ..store.db import Project
from ..store.segments import layer, segment_runs, segments
from ..store.settings import sentence_vectors_on, suggest_interviewers

SLICE_SEGMENTS = 20_000
"""Segments read and scored together (whole interviews): a few tens of megabytes at a time."""


@dataclass
class AutoPlan:
    """What auto-coding reads once, in one read transaction, before its slow work."""

    codebook: Codebook
    interviewers: bool
    """interviewer segments are suggested for"""
    interviews: set[str]
    """the interviews asked for (empty: all)"""
    slices: list[list[str]]
    """the interviews in scope, in reading order, cut into slices of about SLICE_SEGMENTS segments"""
    decisions: list[Any]
    trained_on: list[Any]
    """the segment rows of the coder's decisions (what the models learn from)"""
    stored: Any
    """their stored vectors, when the models use vectors"""
    vectors_on: bool
    decided: Any
    """the coder's decided segments' vectors (prototype update; see _decided)"""
    texts: Any


def cut(runs: Sequence[tuple[str, int]], size: int) -> list[list[str]]:
    """Consecutive interviews grouped into slices of at least one interview and about ``size`` segments."""
    out: list[list[str]] = []
    current: list[str] = []
    filled = 0
    for iid, n in runs:
        if current and filled + n > size:
            out.append(current)
            current, filled = [], 0
        current.append(iid)
        filled += n
    if current:
        out.append(current)
    return out


def read_plan(
    project: Project,
    coder: str | None,
    code_ids: Sequence[str] | None,
    interview_ids: Sequence[str] | None,
    interviewers: bool | None,
    vectors: bool,
    slice_segments: int = SLICE_SEGMENTS,
) -> AutoPlan:
    from ..analysis import autocode
    from .coding import _check_codes, _decided, _decisions, _stored

    with autocode.gc_paused(), project.read() as s:
        codebook = all_codes(s)
        if interviewers is None:
            interviewers = suggest_interviewers(s)
        _check_codes(code_ids, {c.id for c in codebook.codes})
        wanted = set(interview_ids or ())
        present = {iid for iid, _ in segment_runs(s, sorted(wanted))} if wanted else set()
        unknown = wanted - present
        if unknown:
            raise KBError(f"Onbekend interview (of zonder segmenten): {', '.join(sorted(unknown))}")
        runs = segment_runs(s, sorted(wanted) if wanted else None, interviewers)
        decisions = _decisions(layer(s, coder)) if coder else []
        ids = sorted({d.segment_id for d in decisions})
        trained_on = segments_by_id(s, ids)
        stored = _stored(s, vectors and bool(coder), trained_on)
        vectors_on = sentence_vectors_on(s)
        decided, texts = _decided(s, decisions, trained_on) if vectors_on else ({}, {})
    return AutoPlan(
        codebook,
        interviewers,
        wanted,
        cut(runs, slice_segments),
        decisions,
        trained_on,
        stored,
        vectors_on,
        decided,
        texts,
    )


def segments_by_id(s: Any, ids: Sequence[int], batch: int = 900) -> list[Any]:
    """The (non-withdrawn) segment rows of ``ids``, in reading order."""
    rows = [row for lo in range(0, len(ids), batch) for row in segments(s, segment_ids=ids[lo : lo + batch])]
    return sorted(rows, key=lambda x: (x.interview_id, x.idx))


@dataclass
class Slice:
    """One slice as read: its segments in scope (reading order) and their stored vectors."""

    scope: list[Any]
    vectors: Any


def read_slices(project: Project, plan: AutoPlan) -> Iterator[Slice]:
    """Each slice of ``plan`` read in its own short read transaction."""
    import numpy as np

    from ..analysis import autocode
    from ..analysis.vectors import ENCODER
    from ..store.vectors import QuantisedVectors, load_quantised

    for interviews in plan.slices:
        with autocode.gc_paused(), project.read() as s:
            scope = [x for x in segments(s, interviews) if plan.interviewers or x.role != "interviewer"]
            if plan.vectors_on:
                stored = load_quantised(s, [x.id for x in scope], ENCODER)
            else:  # the project chose lemma rules only
                n = len(scope)
                stored = QuantisedVectors(
                    np.zeros((n, 1), dtype=np.int8), np.ones(n, dtype=np.float32), np.zeros(n, dtype=bool)
                )
        yield Slice(scope, stored)


def _with_slice_vectors(models: dict[str, Any], part: Slice) -> dict[str, Any]:
    """The coder's models predicting from this slice's stored vectors: they were trained with the vectors of
    the decided segments only, and a segment without a stored row would be encoded again (seconds per
    thousand). One slice's rows at a time, so memory does not grow with the project."""
    from dataclasses import replace

    from ..analysis import learn
    from .vectors import StoredRows

    if all(m.sentences is None for m in models.values()):
        return models
    sentences = learn.SentenceRows(StoredRows([x.id for x in part.scope], part.vectors))
    return {c: m if m.sentences is None else replace(m, sentences=sentences) for c, m in models.items()}


@dataclass
class SliceResult:
    segment_ids: list[int]
    suggestions: list[Suggestion]
    without_vectors: int


def score_slice(
    part: Slice,
    plan: AutoPlan,
    codes: set[str],
    nlp: Any,
    matcher: Any,
    models: dict | None,
    threshold: float,
) -> SliceResult:
    """The suggestions for one slice: lemma rules, meaning, and with ``models`` (a run for a coder) the
    coder's models."""
    from ..analysis import autocode, learn
    from . import semantic  # numpy and the prototypes: not needed when the TUI starts

    rule = autocode.suggest(part.scope, plan.codebook, nlp, code_ids=codes, matcher=matcher)
    meaning = semantic.combine(
        part.scope,
        part.vectors,
        rule,
        plan.codebook,
        sorted(codes),
        plan.decisions,
        plan.decided,
        plan.texts,
    )
    found = meaning.suggestions
    if models is not None:
        scoped = _with_slice_vectors(models, part)
        found = learn.combine(found, learn.suggest_learned(scoped, part.scope, threshold), threshold)
    return SliceResult([x.id for x in part.scope], found, meaning.without_vectors)
