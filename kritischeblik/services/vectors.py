"""Sentence vectors per segment: build the missing ones, report how many there are, read them for analysis,
and the project setting that turns computing them at ingest on or off.

Ingest computes them in its forked workers (:mod:`.ingest`); this module fills what is missing in a project
made before vectors existed, made with the setting off, or holding vectors of another encoder. The encoding
runs with no transaction open, batch by batch (memory stays bounded); each batch is one short write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..analysis.vectors import ENCODER, encode_texts, load_encoder
from ..errors import Hint, KBError
from ..parallel import available_workers, fork_map
from ..store import settings as store_settings
from ..store import vectors as store
from ..store.db import Project
from ..store.vectors import QuantisedVectors
from . import roles

BATCH = 5_000
"""Segments encoded per write: about 10 MB of float32 vectors and a few seconds of encoding."""


class VectorsMissing(KBError):
    """Stored sentence vectors are needed and some are missing (the shells say how to build them)."""


@dataclass(frozen=True)
class VectorStatus:
    stored: int
    """segments with a vector of the current encoder"""
    segments: int
    on: bool
    """the project setting: computed at ingest"""
    encoder: str = ENCODER

    @property
    def missing(self) -> int:
        return self.segments - self.stored

    def as_dict(self) -> dict:
        return {
            "zinsvectoren": "aan" if self.on else "uit",
            "encoder": self.encoder,
            "fragmenten": self.segments,
            "met_vector": self.stored,
            "zonder_vector": self.missing,
        }


def status(project: Project) -> VectorStatus:
    with project.read() as s:
        stored, total = store.vector_counts(s, ENCODER)
        on = store_settings.sentence_vectors_on(s)
    return VectorStatus(stored, total, on)


def set_enabled(project: Project, on: bool, actor: str | None = None) -> None:
    """The project setting ``zinsvectoren``: whether ingest computes a vector per segment. Turning it off
    keeps the vectors already stored."""
    project.check_writable()
    with project.write() as s:
        roles.require(s, roles.Action.SETTINGS, actor)
        store_settings.set_sentence_vectors(s, on)


def enabled(project: Project) -> bool:
    with project.read() as s:
        return store_settings.sentence_vectors_on(s)


def build_vectors(
    project: Project,
    progress: Callable[[str], None] | None = None,
    interview_ids: Sequence[str] | None = None,
    batch: int = BATCH,
    actor: str | None = None,
) -> int:
    """Compute and store the vectors that are missing (all segments, or those of ``interview_ids``); returns
    how many were stored. Idempotent: a second run finds nothing to do. Works whatever the setting says (the
    setting is about ingest). Vectors of another encoder are replaced."""
    project.check_writable()
    roles.check(project, roles.Action.VECTORS, actor)
    say = progress or (lambda _msg: None)
    with project.read() as s:
        todo_total = len(store.missing_vectors(s, ENCODER, interview_ids=interview_ids))
    if not todo_total:
        return 0
    load_encoder()  # before the workers fork, so that they share its weights
    done = last = 0
    while True:
        with project.read() as s:
            todo = store.missing_vectors(s, ENCODER, limit=batch, interview_ids=interview_ids, after=last)
        if not todo:
            break
        last = todo[-1][0]
        X = _encode([text for _, text in todo])
        with project.write() as s:
            roles.require(s, roles.Action.VECTORS, actor)
            stored = store.save_vectors(s, [sid for sid, _ in todo], X, ENCODER)
        done += stored
        # Segments deleted while their batch was encoded are not stored; the next batch starts after them.
        say(f"{min(done, todo_total)}/{todo_total} zinsvectoren berekend")
    return done


def _encode(texts: list[str]) -> np.ndarray:
    """The texts' vectors, each distinct text once ("Ja." recurs in every interview)."""
    unique = list(dict.fromkeys(texts))
    X = _encode_unique(unique)
    row = {t: i for i, t in enumerate(unique)}
    return X[[row[t] for t in texts]]


def _encode_unique(texts: list[str]) -> np.ndarray:
    """The texts' vectors, computed over forked workers of one BLAS thread each: on a shared machine two
    processes keep their speed where two BLAS threads mostly wait for each other."""
    workers = min(available_workers(), max(1, len(texts) // 500))
    if workers <= 1:
        return encode_texts(texts)
    step = -(-len(texts) // workers)
    chunks = [texts[i : i + step] for i in range(0, len(texts), step)]
    # float16 on the way back halves what crosses the process boundary (cosine to float32 above 0.99999).
    parts = fork_map(lambda chunk: encode_texts(chunk).astype(np.float16), chunks, workers=workers)
    return np.vstack(parts).astype(np.float32)


def stored_vectors(project: Project, segment_ids: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """(float32 matrix, one L2-normalised row per segment id in the given order; mask of those stored)."""
    with project.read() as s:
        return store.load_vectors(s, segment_ids, ENCODER)


class StoredRows(Mapping[int, np.ndarray]):
    """Stored sentence vectors by segment id (the ``stored`` the analysis functions take), kept as stored:
    int8 and a scale per row, a quarter of float32 (clustering 143,000 fragments at 1,000 interviews held
    290 MB of float32 rows in a dict). A row becomes float32 when asked for, exactly as
    :func:`load_vectors` gives it; :meth:`rows` gives many at once."""

    def __init__(self, segment_ids: Sequence[int], vectors: QuantisedVectors):
        ids = np.fromiter((int(i) for i in segment_ids), dtype=np.int64, count=len(segment_ids))
        self._vectors = vectors
        self._ids = ids[vectors.mask]
        self._at = np.flatnonzero(vectors.mask)
        self._order = np.argsort(self._ids, kind="stable")
        self._sorted = self._ids[self._order]

    def _positions(self, segment_ids: Sequence[int | None]) -> tuple[np.ndarray, np.ndarray]:
        """Per id its row in the stored matrix, and whether it has one (None: none)."""
        ids = np.fromiter((-1 if i is None else int(i) for i in segment_ids), np.int64, len(segment_ids))
        if not len(self._sorted):
            return np.zeros(len(ids), dtype=np.int64), np.zeros(len(ids), dtype=bool)
        at = np.minimum(np.searchsorted(self._sorted, ids), len(self._sorted) - 1)
        found = self._sorted[at] == ids
        return self._at[self._order[at]], found

    def rows(self, segment_ids: Sequence[int | None]) -> tuple[np.ndarray, np.ndarray]:
        """(float32 matrix with the stored row per id in the given order, zero where none; mask of those
        stored)."""
        at, found = self._positions(segment_ids)
        out = np.zeros((len(at), self._vectors.values.shape[1]), dtype=np.float32)
        if found.any():
            out[found] = self._vectors.floats(at[found])
        return out, found

    def __getitem__(self, segment_id: int) -> np.ndarray:
        X, found = self.rows([segment_id])
        if not found[0]:
            raise KeyError(segment_id)
        return X[0]

    def __contains__(self, segment_id: object) -> bool:
        if not isinstance(segment_id, int | np.integer):
            return False
        return bool(self._positions([int(segment_id)])[1][0])

    def __iter__(self) -> Iterator[int]:
        return iter(dict.fromkeys(self._ids.tolist()))

    def __len__(self) -> int:
        return len(np.unique(self._ids))


def stored_rows(session: Any, segment_ids: Sequence[int]) -> StoredRows:
    """Within the caller's read: the stored vectors as segment id -> row (what the analysis functions take as
    ``stored``); segments without one are left out."""
    return StoredRows(segment_ids, store.load_quantised(session, segment_ids, ENCODER))


def require_vectors(project: Project, segment_ids: Sequence[int]) -> np.ndarray:
    """The stored vectors of ``segment_ids`` (float32, in order); :class:`VectorsMissing` when any is missing,
    with a hint to build them."""
    X, mask = stored_vectors(project, segment_ids)
    missing = int((~mask).sum())
    if missing:
        raise VectorsMissing(
            f"{missing} van de {len(mask)} fragmenten hebben nog geen zinsvector (het project is gemaakt "
            "zonder zinsvectoren of met een andere versie). Bouw ze eerst; dat gebeurt eenmalig.",
            hint=Hint.BUILD_VECTORS,
            missing=missing,
        )
    return X
