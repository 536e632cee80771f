"""Zero-shot coding suggestions: every segment is compared by meaning with every code of the codebook.

Each code gets *prototypes*, short texts that say what the code is about: its name and aliases, the
sentences of its definition and ``when_to_use``, and its example fragments (``examples``); the sentences of
``when_not_to_use`` are *negative* prototypes. A prototype and a segment are compared by the cosine of their
sentence vectors (:mod:`.vectors`).

**One calibrated confidence.** Per (segment, code) a handful of features is computed (:data:`FEATURES`): the best cosine with the code's
prototypes, that cosine relative to the segment's other codes (a segment that is close to everything says
little), whether the code ranks first or in the top 3 for the segment, how much closer the segment is to
a negative prototype than to a positive one, and the confidence of the lemma rules (:mod:`.autocode`).
A logistic regression turns them into a probability, with the score of labelled interview fragments
(:mod:`.semantic_examples`) as one more term. Its weights, the thresholds and the codes kept per segment are
fitted on the dev and train gold and the demo gold (``bench/semantic_fit.py``; ``semantic_calibration.json``);
the test split is only reported. Pure: sentence vectors come in (stored, or from ``encode``), suggestions out."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np

from ..model import Code, Codebook, Suggestion
from . import semantic_examples
from .semantic_examples import ExampleModel

SOURCE = "betekenis"
"""The ``source`` of a suggestion the sentence vectors took part in (the lemma rules' is ``regel``)."""

KINDS = ("werkend_element", "belemmerend_element", "leidend_principe", "vraag_voor_de_toekomst")
"""The code kinds a transcript segment is compared with by meaning. Other kinds (the committee's findings,
the future directions, other codebooks' facets) keep lemma rules only: they are not said in interviews."""

FEATURES = (
    "cosine",
    "relative",
    "first",
    "top3",
    "negative",
    "context",
    "section",
    "rule",
    "rule_hit",
    "centroid",
    "centroid_relative",
)

SECTION_KINDS = {"mooi voorbeeld": "werkend_element", "vastloopmoment": "belemmerend_element"}
"""What works shows in the good example and what hinders in the stuck moment; a code of the other polarity in
a section is less likely, though not impossible (an obstacle that was overcome)."""
_OPPOSITE = {"werkend_element": "belemmerend_element", "belemmerend_element": "werkend_element"}

Encode = Callable[[Sequence[str]], np.ndarray]

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
_MIN_PROTOTYPE_CHARS = 4


@dataclass(frozen=True)
class Prototype:
    code_id: str
    text: str
    negative: bool = False
    segment_id: int | None = None
    """set for a fragment a coder accepted or added (:mod:`.feedback`): the evidence says so"""


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(" ".join((text or "").split())) if len(s.strip()) >= 4]


def prototypes(code: Code) -> list[Prototype]:
    """The prototypes of one code, positive first, each text once."""
    positive = [code.name, *code.aliases, *_sentences(code.definition), *_sentences(code.when_to_use)]
    positive += list(getattr(code, "examples", ()) or ())
    out: dict[tuple[str, bool], Prototype] = {}
    for text in positive:
        if len(text.strip()) >= _MIN_PROTOTYPE_CHARS:
            out.setdefault((text.strip(), False), Prototype(code.id, text.strip()))
    for text in _sentences(code.when_not_to_use):
        out.setdefault((text, True), Prototype(code.id, text, negative=True))
    return list(out.values())


@dataclass
class PrototypeIndex:
    """The prototypes of the codes compared by meaning, with their (L2-normalised) vectors."""

    code_ids: list[str]
    kinds: list[str]
    prototypes: list[Prototype]
    owner: np.ndarray
    """per prototype the index of its code in ``code_ids``"""
    negative: np.ndarray
    vectors: np.ndarray
    examples: ExampleModel | None = None
    """labelled interview fragments as a model per code (:mod:`.semantic_examples`), for ``code_ids``"""

    def __len__(self) -> int:
        return len(self.code_ids)

    @property
    def centroids(self) -> np.ndarray:
        """Per code the normalised mean of its positive prototypes: what the code is about as a whole (a
        single example sentence is often close to another code's example from the same setting)."""
        rows = [
            self.vectors[(self.owner == j) & ~self.negative].mean(axis=0)
            if ((self.owner == j) & ~self.negative).any()
            else np.zeros(self.vectors.shape[1], dtype=np.float32)
            for j in range(len(self.code_ids))
        ]
        return normalise(np.stack(rows)) if rows else np.zeros((0, 1), dtype=np.float32)


def semantic_codes(codebook: Codebook, code_ids: Iterable[str] | None = None) -> list[Code]:
    wanted = set(code_ids) if code_ids is not None else None
    return [c for c in codebook.codes if c.kind in KINDS and (wanted is None or c.id in wanted)]


def build_index(codes: Sequence[Code], encode: Encode) -> PrototypeIndex:
    """Prototypes of ``codes`` with their vectors (one ``encode`` call for all)."""
    protos = [p for c in codes for p in prototypes(c)]
    position = {c.id: i for i, c in enumerate(codes)}
    vectors = normalise(np.asarray(encode([p.text for p in protos]), dtype=np.float32)) if protos else None
    return PrototypeIndex(
        [c.id for c in codes],
        [c.kind for c in codes],
        protos,
        np.array([position[p.code_id] for p in protos], dtype=np.int64),
        np.array([p.negative for p in protos], dtype=bool),
        vectors if vectors is not None else np.zeros((0, 1), dtype=np.float32),
    )


def normalise(X: np.ndarray) -> np.ndarray:
    norms = np.sqrt(np.einsum("ij,ij->i", X, X))[:, None]
    return X / np.where(norms == 0, 1, norms)


def _normalise_own(X: np.ndarray) -> np.ndarray:
    """:func:`normalise` in place, for an array this module made itself (a project's segments fill
    hundreds of megabytes; a copy per step costs more than the arithmetic)."""
    norms = np.sqrt(np.einsum("ij,ij->i", X, X))
    norms[norms == 0] = 1
    X /= norms[:, None]
    return X


@dataclass
class Similarities:
    """Per segment (rows) and code (columns): the best cosine with a positive and with a negative prototype,
    and the index of the nearest positive prototype (shown as evidence)."""

    positive: np.ndarray
    negative: np.ndarray
    nearest: np.ndarray
    centroid: np.ndarray | None = None
    """cosine with the code's centroid (:attr:`PrototypeIndex.centroids`)"""


def _groups(index: PrototypeIndex, negative: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(prototype columns ordered by code, first position of each code's run, the code of each run)."""
    cols = np.flatnonzero(index.negative == negative)
    cols = cols[np.argsort(index.owner[cols], kind="stable")]
    owners = index.owner[cols]
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]]) if len(cols) else np.zeros(0, np.int64)
    return cols, starts, owners[starts]


def _best_per_code(V: np.ndarray, index: PrototypeIndex, negative: bool = False) -> tuple[np.ndarray, ...]:
    """For unit rows ``V``: (per row and code the best cosine with the code's positive or ``negative``
    prototypes, -1 for a code without one; the cosines with those prototypes, their columns, and where each
    code's run of columns starts, and its code). Prototypes are sorted by code so each code's are one
    contiguous block: a max per block (reduceat), instead of copying every code's columns out of one matrix."""
    best = np.full((len(V), len(index)), -1.0, dtype=np.float32)
    cols, starts, codes = _groups(index, negative)
    S = V @ index.vectors[cols].T if len(V) and len(cols) else np.zeros((len(V), 0), dtype=np.float32)
    if S.size:
        best[:, codes] = np.maximum.reduceat(S, starts, axis=1)
    return best, S, cols, starts, codes


def best_positive(segment_vectors: np.ndarray, index: PrototypeIndex) -> np.ndarray:
    """Per segment and code the best cosine with a positive prototype (-1 for a code without one)."""
    return _best_per_code(normalise(np.asarray(segment_vectors, dtype=np.float32)), index)[0]


def similarities(segment_vectors: np.ndarray, index: PrototypeIndex) -> Similarities:
    n, k = len(segment_vectors), len(index)
    if n == 0 or k == 0:
        return Similarities(
            np.full((n, k), -1.0, dtype=np.float32),
            np.full((n, k), -1.0, dtype=np.float32),
            np.full((n, k), -1, dtype=np.int64),
            np.zeros((n, k), dtype=np.float32),
        )
    V = normalise(np.asarray(segment_vectors, dtype=np.float32))
    pos, S, cols, starts, codes = _best_per_code(V, index)
    nearest = np.full((n, k), -1, dtype=np.int64)
    ends = np.r_[starts[1:], len(cols)] if len(cols) else starts
    for j, a, b in zip(codes, starts, ends, strict=True):  # an argmax over a view of the code's block
        nearest[:, j] = cols[a + S[:, a:b].argmax(axis=1)]
    neg = _best_per_code(V, index, negative=True)[0]
    centroid = V @ index.centroids.T
    return Similarities(pos, neg, nearest, centroid.astype(np.float32))


@dataclass
class SegmentBatch:
    """The segments to score: ids, sentence vectors, sections, and the vectors of their context (the
    segment with its neighbours in the same turn: a sentence often means what it means through the one
    before it)."""

    ids: list[int]
    vectors: np.ndarray
    sections: list[str]
    context: np.ndarray
    lemmas: list[str] = field(default_factory=list)
    """the segments' stored lemmas (the examples' lemma kernel reads them)"""


def batch(segments: Sequence, vectors: np.ndarray, window: int = 1) -> SegmentBatch:
    """A :class:`SegmentBatch` of ``segments`` (objects with ``id``, ``interview_id``, ``idx``, ``speaker``,
    ``section``) in that order with their ``vectors``. The context of a segment is the mean vector of the
    segments at most ``window`` places away in the same interview, section and speaker turn."""
    n = len(segments)
    V = _normalise_own(np.array(vectors, dtype=np.float32)) if n else np.zeros((0, 1), np.float32)
    total = V.copy()
    if n:
        # Neighbours by array arithmetic on the reading order (a project has tens of thousands of segments):
        # codes for interview, speaker and section, sorted by (interview, idx).
        def codes(values: list) -> np.ndarray:
            # numbered in order of first appearance, looked up without a Python-level loop
            number = {v: k for k, v in enumerate(dict.fromkeys(values))}
            return np.fromiter(map(number.__getitem__, values), np.int64, len(values))

        iid = codes([x.interview_id for x in segments])
        who = codes([x.speaker or "" for x in segments])
        part = codes([x.section or "" for x in segments])
        idx = np.array([x.idx for x in segments], dtype=np.int64)
        order = np.lexsort((idx, iid))
        x, y = order[:-1], order[1:]  # y follows x in reading order
        step = (iid[x] == iid[y]) & (idx[y] - idx[x] == 1) & (who[x] == who[y]) & (part[x] == part[y])
        breaks = np.concatenate([[0], np.cumsum(~step)])  # breaks[k]: steps broken before position k
        for d in range(1, min(window, n - 1) + 1):
            a, b = order[:-d], order[d:]
            near = breaks[d:] - breaks[:-d] == 0  # every step from a to b joins
            total[a[near]] += V[b[near]]
            total[b[near]] += V[a[near]]
    # The mean's direction is the sum's: normalising the sum gives the normalised mean.
    context = _normalise_own(total)
    lemmas = [getattr(x, "lemmas", "") or "" for x in segments]
    return SegmentBatch([int(x.id) for x in segments], V, [x.section for x in segments], context, lemmas)


def section_fit(sections: Sequence[str], kinds: Sequence[str]) -> np.ndarray:
    """+1 where a code's kind is the polarity of the segment's section, -1 where it is the opposite."""
    rows = {}
    for section, fits in SECTION_KINDS.items():
        rows[section] = np.array(
            [1.0 if kind == fits else -1.0 if kind == _OPPOSITE.get(fits) else 0.0 for kind in kinds],
            dtype=np.float32,
        )
    none = np.zeros(len(kinds), dtype=np.float32)
    if not len(sections):
        return np.zeros((0, len(kinds)), dtype=np.float32)
    return np.stack([rows.get(section, none) for section in sections])


def _kind_columns(kinds: Sequence[str]) -> list[np.ndarray]:
    out: dict[str, list[int]] = {}
    for j, kind in enumerate(kinds):
        out.setdefault(kind, []).append(j)
    return [np.array(cols) for _, cols in sorted(out.items())]


def features(
    sims: Similarities,
    rule: np.ndarray,
    context: np.ndarray | None = None,
    section: np.ndarray | None = None,
    kinds: Sequence[str] | None = None,
) -> np.ndarray:
    """The features (:data:`FEATURES`) per segment and code: an array n × k × len(FEATURES). ``rule`` holds
    the lemma rules' confidence per segment and code (0 where they found nothing); ``context`` the best
    cosine of the segment's context with the code's prototypes; ``section`` the :func:`section_fit`."""
    pos = sims.positive
    n, k = pos.shape
    if k == 0:
        return np.zeros((n, 0, len(FEATURES)), dtype=np.float32)
    # Rank and relative closeness are taken among the codes of the same kind: which principle a sentence
    # speaks to is a question apart from which element it shows.
    rank = np.zeros((n, k), dtype=np.int64)
    relative = np.zeros((n, k), dtype=np.float32)
    centroid = sims.centroid if sims.centroid is not None else pos
    centroid_relative = np.zeros((n, k), dtype=np.float32)
    for cols in _kind_columns(kinds or ["" for _ in range(k)]):
        block = pos[:, cols]
        rank[:, cols] = (-block).argsort(axis=1).argsort(axis=1)
        relative[:, cols] = block - block.mean(axis=1, keepdims=True)
        centroid_relative[:, cols] = centroid[:, cols] - centroid[:, cols].mean(axis=1, keepdims=True)
    has_negative = sims.negative > -1.0
    negative = np.where(has_negative, np.maximum(sims.negative - pos, 0.0), 0.0)
    context = pos if context is None else context
    section = np.zeros_like(pos) if section is None else section
    return np.stack(
        [
            pos,
            relative,
            rank == 0,
            rank < 3,
            negative,
            context,
            section,
            rule,
            rule > 0,
            centroid,
            centroid_relative,
        ],
        axis=-1,
    ).astype(np.float32)


@dataclass(frozen=True)
class Calibration:
    """A logistic regression over :data:`FEATURES`, the threshold and how many codes a segment keeps."""

    weights: tuple[float, ...]
    intercept: float
    threshold: float
    per_segment: int = 3
    fitted_on: str = ""
    kind_intercepts: Mapping[str, float] = field(default_factory=dict)
    kind_thresholds: Mapping[str, float] = field(default_factory=dict)
    example_weight: float = 0.0
    """weight of the ``example`` feature (:mod:`.semantic_examples`); 0: the calibration does not use it"""
    without_examples: Calibration | None = None
    """the calibration fitted without that feature, for codes without examples"""

    def probability(self, X: np.ndarray, kinds: Sequence[str]) -> np.ndarray:
        """P(code applies) for features ``X`` (n × k × features) of codes of ``kinds`` (k)."""
        shift = np.array([self.kind_intercepts.get(kind, 0.0) for kind in kinds], dtype=np.float64)
        z = X.astype(np.float64) @ np.asarray(self.weights) + self.intercept + shift
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> str:
        data = {
            "features": list(FEATURES),
            "weights": [round(w, 6) for w in self.weights],
            "intercept": round(self.intercept, 6),
            "kind_intercepts": {k: round(v, 6) for k, v in sorted(self.kind_intercepts.items())},
            "threshold": round(self.threshold, 4),
            "kind_thresholds": {k: round(v, 4) for k, v in sorted(self.kind_thresholds.items())},
            "per_segment": self.per_segment,
            "fitted_on": self.fitted_on,
        }
        if self.example_weight:
            data["example_weight"] = round(self.example_weight, 6)
        if self.without_examples is not None:
            data["without_examples"] = json.loads(self.without_examples.to_json())
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str | dict) -> Calibration:
        data = json.loads(text) if isinstance(text, str) else text
        if list(data["features"]) != list(FEATURES):
            raise ValueError(
                "semantic_calibration.json was fitted on other features; run bench/semantic_fit.py"
            )
        return cls(
            tuple(float(w) for w in data["weights"]),
            float(data["intercept"]),
            float(data["threshold"]),
            int(data.get("per_segment", 3)),
            str(data.get("fitted_on", "")),
            {str(k): float(v) for k, v in (data.get("kind_intercepts") or {}).items()},
            {str(k): float(v) for k, v in (data.get("kind_thresholds") or {}).items()},
            float(data.get("example_weight", 0.0)),
            cls.from_json(data["without_examples"]) if data.get("without_examples") else None,
        )


CALIBRATION_FILE = "semantic_calibration.json"


@cache
def shipped_calibration() -> Calibration:
    """The calibration fitted on the dev split (shipped with the package)."""
    return Calibration.from_json(resources.files(__package__).joinpath(CALIBRATION_FILE).read_text("utf-8"))


def rule_matrix(
    rule: Iterable[Suggestion], segment_ids: Sequence[int], code_ids: Sequence[str]
) -> tuple[np.ndarray, dict[tuple[int, str], Suggestion]]:
    """The lemma rules' confidences as a matrix over (segments, codes), and the suggestions by key."""
    M = np.zeros((len(segment_ids), len(code_ids)), dtype=np.float32)
    by_key: dict[tuple[int, str], Suggestion] = {}
    found = list(rule)
    if not found:  # most slices of a project have no rule match at all
        return M, by_key
    row = dict(zip(segment_ids, range(len(segment_ids)), strict=True))
    col = dict(zip(code_ids, range(len(code_ids)), strict=True))
    for sug in found:
        i, j = row.get(sug.segment_id), col.get(sug.code_id)
        if i is not None and j is not None:
            M[i, j] = max(M[i, j], sug.confidence)
            by_key[(sug.segment_id, sug.code_id)] = sug
    return M, by_key


def _evidence(rule: Suggestion | None, prototype: Prototype | None) -> str:
    parts = [rule.evidence] if rule is not None and rule.evidence else []
    if prototype is not None and prototype.segment_id is not None:
        parts.append(f'lijkt op eerder gecodeerd fragment: "{prototype.text}"')
    elif prototype is not None:
        parts.append(f'lijkt op: "{prototype.text}"')
    return " · ".join(parts)


def batch_features(
    segs: SegmentBatch, index: PrototypeIndex, rule: Iterable[Suggestion] = ()
) -> tuple[np.ndarray, Similarities]:
    """The features of every segment of ``segs`` against every code of ``index``, and the similarities."""
    sims = similarities(segs.vectors, index)
    R, _ = rule_matrix(rule, segs.ids, index.code_ids)
    context = best_positive(segs.context, index)
    return features(sims, R, context, section_fit(segs.sections, index.kinds), index.kinds), sims


def score(
    segs: SegmentBatch,
    index: PrototypeIndex,
    rule: Iterable[Suggestion] = (),
    calibration: Calibration | None = None,
    shift: Callable[[Similarities], np.ndarray] | None = None,
) -> tuple[np.ndarray, Similarities]:
    """The calibrated confidence per segment and code (n × k), and the similarities behind it. ``shift``
    gives a log-odds correction per segment and code from the similarities (a coder's rejections,
    :mod:`.feedback`)."""
    calibration = calibration or shipped_calibration()
    X, sims = batch_features(segs, index, rule)
    E, has = semantic_examples.example_scores(
        index.examples, segs.vectors, segs.lemmas, segs.context, segs.sections
    )
    P = semantic_examples.probability(calibration, X, index.kinds, E, has)
    if shift is not None:
        z = np.log(np.clip(P, 1e-9, 1 - 1e-9) / np.clip(1 - P, 1e-9, 1)) + shift(sims)
        P = 1.0 / (1.0 + np.exp(-z))
    return P, sims


def suggest(
    segs: SegmentBatch,
    index: PrototypeIndex,
    rule: Sequence[Suggestion] = (),
    calibration: Calibration | None = None,
    shift: Callable[[Similarities], np.ndarray] | None = None,
) -> list[Suggestion]:
    """Per segment the codes kept by :func:`keep`; the evidence names the rules' matched words and the
    nearest prototype. Rule suggestions for codes outside the index are not returned (the caller keeps them
    as they are). ``shift``: as in :func:`score`."""
    calibration = calibration or shipped_calibration()
    P, sims = score(segs, index, rule, calibration, shift)
    _, rules = rule_matrix(rule, segs.ids, index.code_ids)
    out: list[Suggestion] = []
    kept = keep(P, index.kinds, calibration)
    # The kept cells' values as Python numbers at once: indexing numpy arrays cell by cell costs more.
    rows, cols = [i for i, _ in kept], [j for _, j in kept]
    nearest, probability = sims.nearest[rows, cols].tolist(), P[rows, cols].tolist()
    for i, j, near, p in zip(rows, cols, nearest, probability, strict=True):
        sid, code_id = segs.ids[i], index.code_ids[j]
        proto = index.prototypes[near] if near >= 0 else None
        evidence = _evidence(rules.get((sid, code_id)), proto)
        out.append(Suggestion(int(sid), code_id, round(p, 4), evidence, SOURCE))
    return out


def keep(P: np.ndarray, kinds: Sequence[str], calibration: Calibration) -> list[tuple[int, int]]:
    """(segment row, code column) of the suggestions kept: per segment and code kind the ``per_segment``
    most probable codes that reach the threshold (of that kind, if the calibration has one), highest first."""
    found: list[np.ndarray] = []
    for cols in _kind_columns(kinds):
        threshold = calibration.kind_thresholds.get(kinds[cols[0]], calibration.threshold)
        top = np.argsort(-P[:, cols], axis=1, kind="stable")[:, : calibration.per_segment]
        rank = np.broadcast_to(np.arange(top.shape[1]), top.shape)
        rows = np.broadcast_to(np.arange(P.shape[0])[:, None], top.shape)
        chosen = cols[top]
        ok = P[rows, chosen] >= threshold
        found.append(np.stack([rows[ok], chosen[ok], rank[ok], np.full(ok.sum(), cols[0])], axis=1))
    if not found:
        return []
    every = np.concatenate(found)
    # per segment, kind by kind, highest first (the order a reader meets them)
    order = np.lexsort((every[:, 2], every[:, 3], every[:, 0]))
    return [(i, j) for i, j in every[order, :2].tolist()]
