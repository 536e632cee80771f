"""The meaning part of auto-coding: stored segment vectors against the codebook's prototypes.

Called by :func:`.coding.auto_code` between its read and its write: nothing here writes to the project.
The prototypes' vectors are cached per process and on disk (keyed by the encoder and the prototype texts),
so a second ``kb code auto`` does not encode the codebook again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..analysis import semantic
from ..model import Codebook, Suggestion
from ..store.vectors import QuantisedVectors

CACHE_ENV_VAR = "KB_CACHE_DIR"
_INDEXES: dict[str, np.ndarray] = {}


def _cache_dir() -> Path | None:
    import platformdirs

    base = os.environ.get(CACHE_ENV_VAR) or platformdirs.user_cache_dir("kritischeblik")
    try:
        path = Path(base) / "prototypes"
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:  # a read-only home: only a speed matter
        return None


def _encode_cached(texts: Sequence[str]) -> np.ndarray:
    # Imported here: analysis.vectors brings pandas along, which a run without vectors does not need.
    from ..analysis.vectors import ENCODER, encode_texts

    key = hashlib.sha256("\n".join([ENCODER, *texts]).encode("utf-8")).hexdigest()[:32]
    if key in _INDEXES:
        return _INDEXES[key]
    folder = _cache_dir()
    file = folder / f"{key}.npy" if folder is not None else None
    X: np.ndarray | None = None
    if file is not None and file.exists():
        try:
            X = np.load(file, allow_pickle=False)
        except (OSError, ValueError):
            X = None
    if X is None or X.shape[0] != len(texts):
        X = encode_texts(list(texts))
        if file is not None:
            tmp = file.with_suffix(f".{os.getpid()}.tmp")
            try:
                with open(tmp, "wb") as f:
                    np.save(f, X, allow_pickle=False)
                os.replace(tmp, file)
            except OSError:
                tmp.unlink(missing_ok=True)
    _INDEXES[key] = X
    return X


def prototype_index(codebook: Codebook, code_ids: Sequence[str] | None = None) -> semantic.PrototypeIndex:
    """The prototype index of the codebook's codes that are compared by meaning (cached)."""
    return semantic.build_index(semantic.semantic_codes(codebook, code_ids), _encode_cached)


@dataclass
class MeaningRun:
    suggestions: list[Suggestion]
    """the combined suggestions of the codes compared by meaning, and the rule suggestions of the others"""
    without_vectors: int
    """segments in scope that have no stored vector (they got rule suggestions only)"""


CHUNK_SEGMENTS = 4096
"""Segments scored together: every array of a step stays a few megabytes (a project of 1,000 interviews
would need gigabytes at once), and the result is the same, since each segment's score depends only on its
own row and its neighbours in the same interview."""


def combine(
    scope: Sequence[Any],
    vectors: QuantisedVectors,
    rule: Sequence[Suggestion],
    codebook: Codebook,
    code_ids: Sequence[str] | None = None,
    decisions: Sequence[Any] = (),
    decided: Mapping[int, np.ndarray] | None = None,
    texts: Mapping[int, str] | None = None,
) -> MeaningRun:
    """Suggestions for ``scope`` (segment rows in reading order) whose ``vectors`` were loaded (one row per
    segment, ``vectors.mask`` where one is stored): for the codes compared by meaning one calibrated
    suggestion per (segment, code), for every other code and for segments without a vector the lemma rules'
    suggestions as they are. A coder's ``decisions`` move the scores at once (analysis/feedback.py):
    ``decided`` holds the stored vectors of the decided segments, ``texts`` their text (shown as evidence)."""
    rows = np.flatnonzero(vectors.mask)
    if not len(rows):
        return MeaningRun(list(rule), len(scope))
    index = prototype_index(codebook, code_ids)
    covered = {scope[i].id for i in rows.tolist()}
    compared = set(index.code_ids)
    rule_in: dict[int, list[Suggestion]] = {}
    for r in rule:
        if r.segment_id in covered and r.code_id in compared:
            rule_in.setdefault(r.segment_id, []).append(r)
    coder = None
    if decisions:
        from ..analysis import feedback

        coder = feedback.examples(decisions)
    from threadpoolctl import threadpool_limits

    found: list[Suggestion] = []
    # One BLAS thread: on a shared machine a second one mostly waits (and spins) for the first; the
    # products are the same.
    with threadpool_limits(limits=1):
        for part in _whole_interviews(scope, rows):
            with_vector = [scope[i] for i in part.tolist()]
            segs = semantic.batch(with_vector, vectors.floats(part))
            part_rule = [r for x in with_vector for r in rule_in.get(x.id, ())]
            if coder is not None:
                found += feedback.suggest(segs, index, coder, decided or {}, part_rule, texts=texts)
            else:
                found += semantic.suggest(segs, index, part_rule)
    kept = [r for r in rule if r.segment_id not in covered or r.code_id not in compared]
    return MeaningRun([*found, *kept], len(scope) - len(rows))


def _whole_interviews(scope: Sequence[Any], rows: np.ndarray, size: int = CHUNK_SEGMENTS) -> list[np.ndarray]:
    """``rows`` (positions in ``scope``, ascending) in consecutive parts of about ``size``, each ending where
    an interview does (a segment's context is its neighbours in the same interview)."""
    interview = [scope[i].interview_id for i in rows.tolist()]
    parts, start = [], 0
    while start < len(rows):
        end = min(start + size, len(rows))
        while end < len(rows) and interview[end] == interview[end - 1]:
            end += 1
        parts.append(rows[start:end])
        start = end
    return parts
