"""Sentence vectors per segment (table ``segment_vectors``): save, load for a list of segments, count.

Stored as int8 with one scale per row (``scale * int8 ≈ value``): 512 bytes a segment instead of 2,048 as
float32, with a cosine of at least 0.9999 to the float32 vector on the demo's 2,545 segments (float16 would be
1,024 bytes for 0.99999; see migration m0009). Loaded rows are float32 and L2-normalised again. A vector made
by another encoder than the one asked for counts as missing. Deleting a segment deletes its vector (foreign
key ``ON DELETE CASCADE``), so a replaced or removed interview leaves none behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .schema import Segment, SegmentVector

_BATCH = 900
"""Segment ids per ``IN (...)`` look-up: below SQLite's default limit of host parameters in older builds."""


_ROWS = 20_000
"""Rows per executemany: bounds the parameter lists of a large batch."""


def _quantise(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(int8 rows, scale per row): each row scaled so its largest absolute value becomes 127."""
    X = np.asarray(X, dtype=np.float32)
    peak = np.abs(X).max(axis=1) if X.size else np.zeros(len(X), np.float32)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    return np.clip(np.rint(X / scale[:, None]), -127, 127).astype(np.int8), scale


def save_vectors(session: Session, segment_ids: Sequence[int], X: np.ndarray, encoder: str) -> int:
    """Store row ``i`` of ``X`` as the vector of ``segment_ids[i]`` (replacing one stored before); ids of
    segments that no longer exist (deleted while the vectors were computed) are skipped. Returns the number
    stored."""
    if len(segment_ids) != len(X):
        raise ValueError(f"{len(segment_ids)} segment ids for {len(X)} vectors")
    if not len(segment_ids):
        return 0
    ids = [int(i) for i in segment_ids]
    existing: set[int] = set()
    for lo in range(0, len(ids), _BATCH):
        chunk = ids[lo : lo + _BATCH]
        existing.update(session.scalars(select(Segment.id).where(Segment.id.in_(chunk))))
    values, scales = _quantise(X)
    rows = [
        {"segment_id": sid, "encoder": encoder, "scale": float(scales[i]), "vector": values[i].tobytes()}
        for i, sid in enumerate(ids)
        if sid in existing
    ]
    # INSERT ... ON CONFLICT DO UPDATE: the same statement on both engines, each with its dialect's builder.
    # Imported here: the PostgreSQL dialect costs every command about 0.1 s to import, and only a team
    # project (PostgreSQL) needs it.
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(SegmentVector)
    stmt = stmt.on_conflict_do_update(
        index_elements=["segment_id"],
        set_={"encoder": stmt.excluded.encoder, "scale": stmt.excluded.scale, "vector": stmt.excluded.vector},
    )
    for lo in range(0, len(rows), _ROWS):
        session.execute(stmt, rows[lo : lo + _ROWS])
    return len(rows)


def load_vectors(session: Session, segment_ids: Sequence[int], encoder: str) -> tuple[np.ndarray, np.ndarray]:
    """(float32 matrix with one L2-normalised row per segment id, in the given order; bool mask of the rows
    that have a stored vector of ``encoder``). Rows without one are zero."""
    stored = load_quantised(session, segment_ids, encoder)
    return stored.floats(), stored.mask


@dataclass
class QuantisedVectors:
    """Stored vectors as stored, one row per asked segment id in the asked order: int8 ``values`` and a
    ``scale`` per row, a quarter of the memory of float32 (a project of 1,000 interviews holds 650,000
    segments). :meth:`floats` gives rows as :func:`load_vectors` does, so a caller can work in slices."""

    values: np.ndarray
    scales: np.ndarray
    mask: np.ndarray
    """the rows that have a stored vector (the others are zero)"""

    def __len__(self) -> int:
        return len(self.mask)

    def floats(self, rows: slice | np.ndarray = slice(None)) -> np.ndarray:
        """float32 rows, L2-normalised (zero where nothing is stored)."""
        X = self.values[rows].astype(np.float32)
        X *= self.scales[rows][:, None]
        norms = np.linalg.norm(X, axis=1, keepdims=True)
        X /= np.where(norms == 0, 1, norms)
        return X


def load_quantised(session: Session, segment_ids: Sequence[int], encoder: str) -> QuantisedVectors:
    """The stored vectors of ``segment_ids`` (see :class:`QuantisedVectors`). Read by ranges of ids (a
    project's segments are numbered interview by interview) and written straight into one int8 matrix:
    neither a parameter list per 900 ids nor a second copy of every blob."""
    ids = np.fromiter((int(i) for i in segment_ids), dtype=np.int64, count=len(segment_ids))
    n = len(ids)
    order = np.argsort(ids, kind="stable")
    ranked = ids[order]
    if n and (ranked[1:] == ranked[:-1]).any():  # an id asked twice: read each once, then repeat its row
        unique, inverse = np.unique(ids, return_inverse=True)
        once = load_quantised(session, unique.tolist(), encoder)
        return QuantisedVectors(once.values[inverse], once.scales[inverse], once.mask[inverse])
    values: np.ndarray | None = None
    scales = np.ones(n, dtype=np.float32)
    mask = np.zeros(n, dtype=bool)
    for lo, hi in _id_ranges(ranked):
        # A Core select on the connection: the ORM's per-row bookkeeping is a third of the reading time.
        result = session.connection().execute(
            select(SegmentVector.segment_id, SegmentVector.vector, SegmentVector.scale).where(
                SegmentVector.segment_id.between(lo, hi), SegmentVector.encoder == encoder
            )
        )
        while batch := result.fetchmany(_ROWS):
            got_ids, got_blobs, got_scales = zip(*batch, strict=True)
            sids = np.array(got_ids, dtype=np.int64)
            at = np.minimum(np.searchsorted(ranked, sids), n - 1)
            asked = ranked[at] == sids
            if not asked.all():  # rows in the range that were not asked for
                got_blobs = tuple(compress(got_blobs, asked.tolist()))
                got_scales = tuple(compress(got_scales, asked.tolist()))
            if not got_blobs:
                continue
            if values is None:
                values = np.zeros((n, len(got_blobs[0])), dtype=np.int8)
            dims = values.shape[1]
            if set(map(len, got_blobs)) != {dims}:
                return _load_uneven(session, ids, encoder)  # rows of another length: see there
            rows = order[at[asked]]
            values[rows] = np.frombuffer(b"".join(got_blobs), dtype=np.int8).reshape(len(got_blobs), dims)
            scales[rows] = np.array(got_scales, dtype=np.float32)
            mask[rows] = True
    if values is None:
        values = np.zeros((n, 0), dtype=np.int8)
    return QuantisedVectors(values, scales, mask)


def _id_ranges(ranked: np.ndarray, gap: int = 1000) -> list[tuple[int, int]]:
    """(first, last) of the runs of sorted ids without a hole of more than ``gap`` ids."""
    if not len(ranked):
        return []
    cut = np.flatnonzero(np.diff(ranked) > gap)
    firsts = np.r_[ranked[0], ranked[cut + 1]]
    lasts = np.r_[ranked[cut], ranked[-1]]
    return list(zip(firsts.tolist(), lasts.tolist(), strict=True))


def _load_uneven(session: Session, ids: np.ndarray, encoder: str) -> QuantisedVectors:
    """Stored rows of unequal length (not written by this module): the length of the first asked row that
    has one counts, rows of another length cannot be compared and count as missing."""
    found: dict[int, tuple[bytes, float]] = {}
    asked = ids.tolist()
    for lo in range(0, len(asked), _BATCH):
        chunk = asked[lo : lo + _BATCH]
        found.update(
            (sid, (blob, scale))
            for sid, blob, scale in session.execute(
                select(SegmentVector.segment_id, SegmentVector.vector, SegmentVector.scale).where(
                    SegmentVector.segment_id.in_(chunk), SegmentVector.encoder == encoder
                )
            )
        )
    rows = [found.get(sid) for sid in asked]
    dims = next((len(row[0]) for row in rows if row is not None), 0)
    values = np.zeros((len(asked), dims), dtype=np.int8)
    scales = np.ones(len(asked), dtype=np.float32)
    mask = np.array([row is not None and len(row[0]) == dims for row in rows], dtype=bool)
    for i in np.flatnonzero(mask):
        values[i] = np.frombuffer(rows[i][0], dtype=np.int8)
        scales[i] = rows[i][1]
    return QuantisedVectors(values, scales, mask)


def missing_vectors(
    session: Session,
    encoder: str,
    limit: int | None = None,
    interview_ids: Sequence[str] | None = None,
    after: int = 0,
) -> list[tuple[int, str]]:
    """(segment id, text) of segments without a vector of ``encoder``, by id; at most ``limit``, with ids
    above ``after`` (to page through them); ``interview_ids``: only those interviews' segments."""
    stmt = (
        select(Segment.id, Segment.text)
        .outerjoin(
            SegmentVector,
            (SegmentVector.segment_id == Segment.id) & (SegmentVector.encoder == encoder),
        )
        .where(SegmentVector.segment_id.is_(None), Segment.id > after)
        .order_by(Segment.id)
    )
    if interview_ids is not None:
        stmt = stmt.where(Segment.interview_id.in_(list(interview_ids)))
    if limit is not None:
        stmt = stmt.limit(limit)
    return [(int(sid), text) for sid, text in session.execute(stmt)]


def vector_counts(session: Session, encoder: str) -> tuple[int, int]:
    """(segments with a vector of ``encoder``, all segments)."""
    total = session.scalar(select(func.count()).select_from(Segment)) or 0
    stored = (
        session.scalar(
            select(func.count()).select_from(SegmentVector).where(SegmentVector.encoder == encoder)
        )
        or 0
    )
    return int(stored), int(total)


def count_missing(session: Session, encoder: str) -> int:
    """Segments without a vector of ``encoder``."""
    stored, total = vector_counts(session, encoder)
    return total - stored


def delete_vectors(session: Session, other_than: str | None = None) -> int:
    """Delete every stored vector, or with ``other_than`` those made by another encoder; returns how many."""
    stmt = delete(SegmentVector)
    if other_than is not None:
        stmt = stmt.where(SegmentVector.encoder != other_than)
    return int(session.execute(stmt).rowcount or 0)
