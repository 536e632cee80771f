"""The meaning part of auto-coding: stored segment vectors against the codebook's prototypes.

Called by :func:`.coding.auto_code` between its read and its write: nothing here writes to the project.
The prototypes' vectors are cached per process and on disk (keyed by the encoder and the prototype texts),
so a second ``kb code auto`` does not encode the codebook again.
"""

from __future__ import annotations

import bisect
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
SHIPPED_FOLDER = "encoded"
"""In ``kritischeblik/analysis``: the cache files of the shipped codebooks and examples, made when the examples
are fitted (``bench/semantic_fit.py --fit``), so a fresh install does not encode a thousand texts first."""
_INDEXES: dict[str, np.ndarray] = {}


def _shipped(name: str) -> Path | None:
    """A cache file shipped with the package, when there is one of that name."""
    from importlib import resources

    try:
        file = resources.files("kritischeblik.analysis").joinpath(SHIPPED_FOLDER, name)
        return Path(str(file)) if file.is_file() else None
    except (OSError, TypeError, ValueError):  # an unusual install: only a speed matter
        return None


def _cache_dir() -> Path | None:
    import platformdirs

    base = os.environ.get(CACHE_ENV_VAR) or platformdirs.user_cache_dir("kritischeblik")
    try:
        path = Path(base) / "prototypes"
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:  # a read-only home: only a speed matter
        return None


def text_key(texts: Sequence[str]) -> str:
    """The cache key of the encodings of ``texts`` (the file ``<key>.npy``)."""
    from ..analysis.vectors import ENCODER

    return hashlib.sha256("\n".join([ENCODER, *texts]).encode("utf-8")).hexdigest()[:32]


def _load_array(file: Path | None) -> np.ndarray | None:
    """A cached array, or None when there is none or it cannot be read."""
    if file is None or not file.exists():
        return None
    try:
        return np.load(file, allow_pickle=False)
    except (OSError, ValueError):
        return None


def _encode_cached(texts: Sequence[str]) -> np.ndarray:
    # Imported here: analysis.vectors brings pandas along, which a run without vectors does not need.
    from ..analysis.vectors import encode_texts

    key = text_key(texts)
    if key in _INDEXES:
        return _INDEXES[key]
    folder = _cache_dir()
    file = folder / f"{key}.npy" if folder is not None else None
    X = _load_array(file)
    if X is None:
        X = _load_array(_shipped(f"{key}.npy"))
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
    """The prototype index of the codebook's codes that are compared by meaning, with the model of the
    shipped labelled examples for them (both cached)."""
    index = semantic.build_index(semantic.semantic_codes(codebook, code_ids), _encode_cached)
    index.examples = _example_model(tuple(index.code_ids))
    return index


_MODELS: dict[str, Any] = {}
_MODEL_ARRAYS = (
    "counts",
    "vector_weights",
    "idf",
    "lemma_weights",
    "mean",
    "context_weights",
    "section_weights",
    "section_share",
)


def example_key(code_ids: Sequence[str]) -> str:
    """The cache key of the model of the shipped examples for ``code_ids`` (the file ``<key>.npz``)."""
    from ..analysis import semantic_examples
    from ..analysis.vectors import ENCODER

    # the module's own text is part of the key: a change to how terms are read makes a new model
    source = hashlib.sha256(Path(semantic_examples.__file__).read_bytes()).hexdigest()
    parts = [ENCODER, source, *code_ids]
    parts += [
        "\t".join([e.text, e.lemmas, " ".join(e.codes), e.section, *e.context])
        for e in semantic_examples.shipped_examples()
    ]
    return "examples-" + hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def _example_model(code_ids: tuple[str, ...]) -> Any:
    """The model of the shipped examples for ``code_ids`` (analysis/semantic_examples.py), cached per
    process and on disk like the prototypes' vectors: fitting it costs a few seconds (26 regressions), and the
    neighbours of the examples are encoded the first time."""
    from ..analysis import semantic_examples

    examples = semantic_examples.shipped_examples()
    if not examples:
        return None
    key = example_key(code_ids)
    if key in _MODELS:
        return _MODELS[key]
    folder = _cache_dir()
    file = folder / f"{key}.npz" if folder is not None else None
    model = _load_model(file, code_ids) if file is not None and file.exists() else None
    if model is None and (shipped := _shipped(f"{key}.npz")) is not None:
        model = _load_model(shipped, code_ids)
    if model is None:
        model = semantic_examples.model_for(examples, _encode_cached, code_ids)
        if model is not None and file is not None:
            _save_model(model, file)
    _MODELS[key] = model
    return model


def _save_model(model: Any, file: Path) -> None:
    terms = np.array(sorted(model.vocabulary, key=model.vocabulary.get), dtype=str)
    sections = np.array(model.sections, dtype=str)
    tmp = file.with_suffix(f".{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            np.savez(f, terms=terms, sections=sections, **{n: getattr(model, n) for n in _MODEL_ARRAYS})
        os.replace(tmp, file)
    except OSError:  # a read-only cache: only a speed matter
        tmp.unlink(missing_ok=True)


def _load_model(file: Path, code_ids: tuple[str, ...]) -> Any:
    from ..analysis.semantic_examples import ExampleModel

    try:
        with np.load(file, allow_pickle=False) as data:
            arrays = {name: data[name] for name in _MODEL_ARRAYS}
            terms = [str(t) for t in data["terms"]]
            sections = tuple(str(t) for t in data["sections"])
    except (OSError, ValueError, KeyError):  # also a file of an older model: fitted again
        return None
    return ExampleModel(
        list(code_ids), vocabulary={t: i for i, t in enumerate(terms)}, sections=sections, **arrays
    )


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
    with_vector = list(map(scope.__getitem__, rows.tolist()))
    ids = [x.id for x in with_vector]
    covered, compared = set(ids), set(index.code_ids)
    parts = _whole_interviews([x.interview_id for x in with_vector], CHUNK_SEGMENTS)
    # The rule suggestions of each part, in their own order (a part's scores use only its own).
    position = dict(zip(ids, range(len(ids)), strict=True))
    ends = [end for _, end in parts]
    rule_parts: list[list[Suggestion]] = [[] for _ in parts]
    for r in rule:
        if r.segment_id in covered and r.code_id in compared:
            rule_parts[bisect.bisect_right(ends, position[r.segment_id])].append(r)
    coder = None
    if decisions:
        from ..analysis import feedback

        coder = feedback.examples(decisions)
    from threadpoolctl import threadpool_limits

    found: list[Suggestion] = []
    # One BLAS thread: on a shared machine a second one mostly waits (and spins) for the first; the
    # products are the same.
    with threadpool_limits(limits=1):
        for (start, end), part_rule in zip(parts, rule_parts, strict=True):
            segs = semantic.batch(with_vector[start:end], vectors.floats(rows[start:end]))
            if coder is not None:
                found += feedback.suggest(segs, index, coder, decided or {}, part_rule, texts=texts)
            else:
                found += semantic.suggest(segs, index, part_rule)
    kept = [r for r in rule if r.segment_id not in covered or r.code_id not in compared]
    return MeaningRun([*found, *kept], len(scope) - len(rows))


def _whole_interviews(interviews: Sequence[str], size: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive parts of about ``size`` segments (``interviews``: each segment's
    interview, in reading order), each ending where an interview does (a segment's context is its
    neighbours in the same interview)."""
    parts, start = [], 0
    while start < len(interviews):
        end = min(start + size, len(interviews))
        while end < len(interviews) and interviews[end] == interviews[end - 1]:
            end += 1
        parts.append((start, end))
        start = end
    return parts
