"""Machine suggestions written slice by slice: what ``kb code auto`` computed for a few interviews at a time is
compared with the stored ``auto`` layer of just those segments, inside the caller's one write transaction.

:func:`.codings.save_suggestions` reads the whole layer into one dictionary first; at 1,000 interviews that is
half a million rows with their evidence. Here only one slice's stored rows are held at a time, and a last pass
over the layer's ids (without evidence) removes what no slice covered. The result is the same rows as
``save_suggestions`` with the passed-on suggestions given to it (see :func:`save_slices`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..model import AUTO, Suggestion
from .codings import apply_suggestions, coder
from .db import now
from .schema import Coding, Segment
from .vectors import _id_ranges

_FETCH = 20_000
"""Rows per fetchmany of the last pass."""


def _stored(session: Session, machine_id: int, ids: np.ndarray) -> dict[tuple[int, str], tuple]:
    """The ``auto`` rows on the segments ``ids`` (sorted): (segment, code) -> (row id, confidence, evidence,
    source). Read by ranges of ids (an interview's segments are numbered in a run) on the unique index."""
    table = Coding.__table__
    found: dict[tuple[int, str], tuple] = {}
    conn = session.connection()
    for lo, hi in _id_ranges(ids):
        rows = conn.execute(
            select(
                table.c.id,
                table.c.segment_id,
                table.c.code_id,
                table.c.confidence,
                table.c.evidence,
                table.c.source,
            ).where(table.c.coder_id == machine_id, table.c.segment_id.between(lo, hi))
        ).fetchall()
        if not rows:
            continue
        sids = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
        at = np.minimum(np.searchsorted(ids, sids), len(ids) - 1)
        asked = (ids[at] == sids).tolist()
        for row, ok in zip(rows, asked, strict=True):
            if ok:
                found[(row[1], row[2])] = (row[0], row[3], row[4], row[5])
    return found


def save_slices(
    session: Session,
    slices: Iterable[tuple[Sequence[int], Sequence[Suggestion]]],
    sources: Collection[str],
    interview_ids: Collection[str] = (),
    code_ids: Collection[str] | None = None,
) -> dict:
    """Store machine suggestions in the ``auto`` layer, one slice at a time. Each slice is (the segment ids
    the run covered, its suggestions for them); a segment belongs to one slice.

    A stored suggestion whose (segment, code) is proposed again is updated in place when it changed. A stored
    suggestion of one of ``sources`` that is not proposed again is removed when it lies within the run's
    reach: on an interview of ``interview_ids`` (all interviews when empty) and of a code in ``code_ids``
    (all codes when None), whether or not its segment was covered (a segment withdrawn or of an interviewer
    since loses its suggestions). Everything else, and every coder's own layer, is left as it is.
    Returns the counts ``nieuw``, ``bijgewerkt``, ``verwijderd``."""
    machine_id = coder(session, AUTO).id
    stamp = now()  # one time for the whole run, as one save_suggestions would give
    counts = {"nieuw": 0, "bijgewerkt": 0, "verwijderd": 0}
    sources = set(sources)
    codes = set(code_ids) if code_ids is not None else None
    covered: list[np.ndarray] = []
    for segment_ids, suggestions in slices:
        ids = np.unique(np.asarray(segment_ids, dtype=np.int64))
        covered.append(ids)
        existing = _stored(session, machine_id, ids)
        seen: set[tuple[int, str]] = set()
        new, updated = apply_suggestions(session, machine_id, existing, suggestions, seen, stamp)
        counts["nieuw"] += new
        counts["bijgewerkt"] += updated
        stale = [
            old[0]
            for key, old in existing.items()
            if key not in seen and old[3] in sources and (codes is None or key[1] in codes)
        ]
        _delete(session, stale)
        counts["verwijderd"] += len(stale)
    done = np.unique(np.concatenate(covered)) if covered else np.zeros(0, dtype=np.int64)
    counts["verwijderd"] += _remove_uncovered(session, machine_id, done, sources, set(interview_ids), codes)
    return counts


def _delete(session: Session, row_ids: list[int]) -> None:
    table = Coding.__table__
    for lo in range(0, len(row_ids), 10_000):  # bounded parameter lists
        session.execute(delete(table).where(table.c.id.in_(row_ids[lo : lo + 10_000])))


def _remove_uncovered(
    session: Session,
    machine_id: int,
    covered: np.ndarray,
    sources: set[str],
    interviews: set[str],
    codes: set[str] | None,
) -> int:
    """Remove the ``auto`` rows of ``sources`` within reach on segments no slice covered."""
    table = Coding.__table__
    q = (
        select(table.c.id, table.c.segment_id, table.c.code_id, Segment.interview_id)
        .join(Segment, Segment.id == table.c.segment_id)
        .where(table.c.coder_id == machine_id, table.c.source.in_(sorted(sources)))
    )
    result = session.connection().execute(q)
    stale: list[int] = []
    while batch := result.fetchmany(_FETCH):
        sids = np.fromiter((r[1] for r in batch), dtype=np.int64, count=len(batch))
        if len(covered):
            at = np.minimum(np.searchsorted(covered, sids), len(covered) - 1)
            outside = (covered[at] != sids).tolist()
        else:
            outside = [True] * len(batch)
        stale += [
            row_id
            for (row_id, _, code_id, interview_id), out in zip(batch, outside, strict=True)
            if out and (not interviews or interview_id in interviews) and (codes is None or code_id in codes)
        ]
    _delete(session, stale)
    return len(stale)
