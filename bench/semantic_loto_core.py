"""The harness of ``bench/semantic_loto.py``: the dev and demo gold ingested once (cached), their features,
a calibration fitted with any extra features, and leave-one-transcript-out scores.

Extra features for a row are computed from an *example pool* (the labelled gold rows of dev and demo) without
the transcripts excluded: the held-out transcript always, and for a training row also its own transcript, so a
feature means on training rows what it will mean on a new interview.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import semantic_fit  # noqa: E402
from kritischeblik.analysis import autocode, gold, semantic  # noqa: E402
from kritischeblik.model import Codebook, Suggestion  # noqa: E402

DEV = str(ROOT / "corpora" / "heldout" / "dev")
CACHE = Path(os.environ.get("KB_LOTO_CACHE") or Path(tempfile.gettempdir()) / "kb-semantic-loto")


@dataclass
class Seg:
    id: int
    interview_id: str
    idx: int
    speaker: str
    section: str
    role: str
    text: str
    lemmas: str = ""


@dataclass
class Data:
    """One gold split as ingested: every segment with its vector, the rules' suggestions on them, the gold."""

    name: str
    segs: list[Seg]
    V: np.ndarray
    rule: list[Suggestion]
    fragments: list[gold.MappedFragment]
    codebook: Codebook


def _ingest(spec: str) -> Data:
    from kritischeblik.analysis.vectors import encode_texts
    from kritischeblik.nlp import load_nlp
    from kritischeblik.store.codebooks import all_codes
    from kritischeblik.store.segments import interview_texts, segments

    folder = ROOT / "corpora" / "demo" if spec == "demo" else Path(spec)
    with tempfile.TemporaryDirectory() as tmp:
        project = semantic_fit.ingest_split(folder, Path(tmp))
        with project.read() as s:
            rows, texts, codebook = segments(s), interview_texts(s), all_codes(s)
        project.close()
    mapped, _ = gold.map_fragments(gold.load_gold([semantic_fit._gold_dir(folder)]), texts, rows)
    rule = autocode.suggest(rows, codebook, load_nlp())
    segs = [Seg(x.id, x.interview_id, x.idx, x.speaker, x.section, x.role, x.text, x.lemmas) for x in rows]
    return Data(
        spec, segs, np.asarray(encode_texts([x.text for x in segs]), np.float32), rule, mapped, codebook
    )


def load(spec: str, rebuild: bool = False) -> Data:
    CACHE.mkdir(parents=True, exist_ok=True)
    file = CACHE / (Path(spec).name + ".pkl")
    if file.exists() and not rebuild:
        raw = pickle.loads(file.read_bytes())
        return Data(
            raw["name"],
            [Seg(*x) for x in raw["segs"]],
            raw["V"],
            raw["rule"],
            raw["fragments"],
            raw["codebook"],
        )
    data = _ingest(spec)
    # plain values: the classes of this module are __main__'s when it runs as a script
    raw = {**data.__dict__, "segs": [tuple(x.__dict__.values()) for x in data.segs]}
    file.write_bytes(pickle.dumps(raw))
    return data


_PROTO_CACHE: dict[str, np.ndarray] = {}


def encode_cached(texts: list[str]) -> np.ndarray:
    """The encoder with a pickle cache on disk (prototype texts change little between runs)."""
    from kritischeblik.analysis.vectors import encode_texts

    file = CACHE / "texts.pkl"
    if not _PROTO_CACHE and file.exists():
        _PROTO_CACHE.update(pickle.loads(file.read_bytes()))
    missing = [t for t in dict.fromkeys(texts) if t not in _PROTO_CACHE]
    if missing:
        for t, v in zip(missing, np.asarray(encode_texts(missing), np.float32), strict=True):
            _PROTO_CACHE[t] = v
        file.write_bytes(pickle.dumps(_PROTO_CACHE))
    return np.stack([_PROTO_CACHE[t] for t in texts]) if texts else np.zeros((0, 512), np.float32)


# ------------------------------------------------------------------------------------------ preparation


@dataclass
class Prepared:
    """A split's gold segments scored against the codebook: base features, vectors, labels."""

    name: str
    code_ids: list[str]
    kinds: list[str]
    fragments: list[gold.MappedFragment]
    rows: dict[int, int]
    X: np.ndarray
    """base features (:data:`semantic.FEATURES`) per gold segment and code"""
    V: np.ndarray
    C: np.ndarray
    """the segment's and its context's unit vectors"""
    Y: np.ndarray
    """per gold segment and code: 1 when a fragment on it carries the code"""
    group: list[str]
    """per gold segment: split:interview (the unit held out)"""
    train: np.ndarray
    """rows usable as labelled examples (single-segment fragments outside interviewer turns)"""
    interviewer: set[int]
    texts: list[str]
    sections: list[str]
    wide: dict[int, np.ndarray]
    """context vectors of wider windows (window -> rows)"""
    lemmas: list[str]


def prepare(data: Data, index: semantic.PrototypeIndex, window: int = 1) -> Prepared:
    wanted = sorted({sid for m in data.fragments for sid in m.segment_ids})
    pos = {x.id: i for i, x in enumerate(data.segs)}
    segs = semantic.batch(data.segs, data.V, window)
    X_all, _ = semantic.batch_features(segs, index, data.rule)
    keep = [pos[sid] for sid in wanted]
    rows = {sid: i for i, sid in enumerate(wanted)}
    col = {c: j for j, c in enumerate(index.code_ids)}
    Y = np.zeros((len(wanted), len(index.code_ids)), np.float32)
    single = np.zeros(len(wanted), bool)
    for m in data.fragments:
        for sid in m.segment_ids:
            for c in m.fragment.codes:
                if c in col:
                    Y[rows[sid], col[c]] = 1
        if len(m.segment_ids) == 1:
            single[rows[m.segment_ids[0]]] = True
    asked = {data.segs[pos[sid]].id for sid in wanted if data.segs[pos[sid]].role == "interviewer"}
    train = single & np.array([sid not in asked for sid in wanted])
    return Prepared(
        data.name,
        index.code_ids,
        index.kinds,
        data.fragments,
        rows,
        X_all[keep],
        segs.vectors[keep],
        segs.context[keep],
        Y,
        [f"{Path(data.name).name}:{data.segs[i].interview_id}" for i in keep],
        train,
        asked,
        [data.segs[i].text for i in keep],
        [data.segs[i].section for i in keep],
        {w: semantic.batch(data.segs, data.V, w).context[keep] for w in (2, 3, 50)},
        [data.segs[i].lemmas for i in keep],
    )


# ------------------------------------------------------------------------------------------ scoring


KINDS = (*semantic_fit.KINDS, gold.ALL)


@dataclass
class Units:
    """Gold fragments as arrays: per fragment its gold codes and its segment rows."""

    G: np.ndarray
    members: list[list[int]]


def units(p: Prepared, fragments: list[gold.MappedFragment]) -> Units:
    col = {c: j for j, c in enumerate(p.code_ids)}
    G = np.zeros((len(fragments), len(p.code_ids)), bool)
    for u, m in enumerate(fragments):
        for c in m.fragment.codes:
            if c in col:
                G[u, col[c]] = True
    return Units(G, [[p.rows[s] for s in m.segment_ids] for m in fragments])


def _kind_masks(kinds: list[str]) -> dict[str, np.ndarray]:
    k = np.array(kinds)
    every = [*KINDS, *sorted(set(kinds) - set(KINDS))]
    return {kind: (k == kind) if kind != gold.ALL else np.ones(len(k), bool) for kind in every}


def score_units(p: Prepared, u: Units, P: np.ndarray, kept: np.ndarray, top3: bool = True) -> dict:
    """Micro P/R/F1 of ``kept`` (rows × codes, bool) and the top-3 hit rate of ``P``, per kind."""
    first = np.array([m[0] for m in u.members], dtype=np.int64)
    pred, best = kept[first].copy(), P[first].copy()
    for i, m in enumerate(u.members):
        if len(m) > 1:
            pred[i] = kept[m].any(axis=0)
            best[i] = P[m].max(axis=0)
    out = {}
    for kind, mask in _kind_masks(p.kinds).items():
        g, q = u.G[:, mask], pred[:, mask]
        tp, fp, fn = int((g & q).sum()), int((~g & q).sum()), int((g & ~q).sum())
        pr, rc, f1 = gold.precision_recall_f1(tp, fp, fn)
        b = best[:, mask]
        has = g.any(axis=1)
        if has.any() and top3:
            gb = b[has]
            # the top-3 hit: a gold code scored above 0 with fewer than 3 codes scored higher
            above = (gb[:, None, :] > gb[:, :, None]).sum(axis=2)
            hits = ((above < 3) & (gb > 0) & g[has]).any(axis=1)
        else:
            hits = np.zeros(0, bool)
        out[kind] = {
            "precision": round(pr, 3),
            "recall": round(rc, 3),
            "f1": round(f1, 3),
            "support": int(g.sum()),
            "top3": round(float(hits.mean()), 3) if len(hits) else 0.0,
            "fragments": int(has.sum()),
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    return out


# ------------------------------------------------------------------------------------------ the model


@dataclass
class Rule:
    """How suggestions are kept from the probabilities, and how its parameters are chosen."""

    mode: str = "kind"
    """"kind": per code kind the ``per_segment`` best above the kind's threshold (semantic.keep);
    "global": the best code of the segment over all kinds, further ones only within ``ratio`` of it"""
    per_segment: tuple[int, ...] = (1, 2, 3)
    kind_thresholds: bool = True
    select: str = "mean"
    """choose thresholds by the mean F1 over the training splits ("mean", as semantic_fit) or pooled"""
    ratios: tuple[float, ...] = (1.01, 0.9, 0.8, 0.7, 0.6, 0.5)
    per_kind_weights: bool = False


@dataclass
class Decision:
    mode: str = "kind"
    per_segment: int = 1
    thresholds: dict[str, float] | None = None
    threshold: float = 0.5
    ratio: float = 1.01

    def calibration(self) -> semantic.Calibration:
        return semantic.Calibration(
            (0.0,), 0.0, self.threshold, self.per_segment, "", {}, self.thresholds or {}
        )


def keep_global(prob: np.ndarray, kinds: list[str], d: Decision) -> np.ndarray:
    """The best code of each segment over all kinds, further ones within ``ratio`` of it, each above its
    kind's threshold."""
    t = np.array([(d.thresholds or {}).get(k, d.threshold) for k in kinds])
    order = np.argsort(-prob, axis=1, kind="stable")[:, : d.per_segment]
    first = prob.max(axis=1, keepdims=True)
    kept = np.zeros(prob.shape, bool)
    np.put_along_axis(kept, order, True, axis=1)
    kept &= prob >= t
    kept &= (prob >= d.ratio * first) | (prob >= first)
    return kept


def kept_matrix(P: np.ndarray, kinds: list[str], d: Decision, asked: np.ndarray) -> np.ndarray:
    if d.mode == "global":
        kept = keep_global(P, kinds, d)
    else:
        kept = np.zeros(P.shape, bool)
        for i, j in semantic.keep(P, kinds, d.calibration()):
            kept[i, j] = True
    kept[asked] = False
    return kept


@dataclass
class Fitted:
    model: object
    order: list[str]
    decision: Decision
    per_kind: bool = False

    def probability(self, X: np.ndarray, kinds: list[str]) -> np.ndarray:
        n, k, f = X.shape
        return self.model.predict_proba(_design(X, kinds, self.order, self.per_kind))[:, 1].reshape(n, k)


def _design(X: np.ndarray, kinds: list[str], order: list[str], per_kind: bool = False) -> np.ndarray:
    n, k, f = X.shape
    if per_kind:
        main = [k_ for k_ in semantic_fit.KINDS]
        sel = np.array([[kind == m for m in main] for kind in kinds], np.float32)  # k × 3
        X = np.concatenate([X, (X[:, :, :, None] * sel[None, :, None, :]).reshape(n, k, -1)], axis=-1)
        f = X.shape[-1]
    onehot = np.zeros((k, len(order) - 1), np.float32)
    for j, kind in enumerate(kinds):
        i = order.index(kind)
        if i:
            onehot[j, i - 1] = 1
    return np.concatenate([X.reshape(n * k, f), np.tile(onehot, (n, 1))], axis=1)


@dataclass
class Part:
    """Training or test rows of one split with their features."""

    p: Prepared
    rows: np.ndarray
    X: np.ndarray
    fragments: list[gold.MappedFragment]


def fit(parts: list[Part], rule: Rule, C: float = 1.0) -> Fitted:
    from sklearn.linear_model import LogisticRegression

    order = sorted({k for part in parts for k in part.p.kinds})
    Xs, ys = [], []
    for part in parts:
        use = part.p.train[part.rows]
        Xs.append(_design(part.X[use], part.p.kinds, order, rule.per_kind_weights))
        ys.append(part.p.Y[part.rows][use].reshape(-1))
    model = LogisticRegression(C=C, max_iter=3000).fit(np.concatenate(Xs), np.concatenate(ys))
    fitted = Fitted(model, order, Decision(rule.mode), rule.per_kind_weights)
    Ps = [fitted.probability(part.X, part.p.kinds) for part in parts]
    return Fitted(model, order, choose(parts, Ps, rule, order), rule.per_kind_weights)


def choose(parts: list[Part], Ps: list[np.ndarray], rule: Rule, order: list[str]) -> Decision:
    """The decision rule's parameters that give the best F1 on the training parts."""
    us = [_local_units(part) for part in parts]
    asks = [np.array([sid in part.p.interviewer for sid in _sids(part)]) for part in parts]

    def f1(d: Decision, kind: str) -> float:
        res = [
            score_units(part.p, u, P, kept_matrix(P, part.p.kinds, d, asked), top3=False)[kind]
            for part, P, u, asked in zip(parts, Ps, us, asks, strict=True)
        ]
        if rule.select == "pooled":
            return gold.precision_recall_f1(
                sum(r["tp"] for r in res), sum(r["fp"] for r in res), sum(r["fn"] for r in res)
            )[2]
        return float(np.mean([r["f1"] for r in res]))

    grid = [float(t) for t in np.round(np.arange(0.05, 0.95, 0.01), 2)]
    ratios = rule.ratios if rule.mode == "global" else (1.01,)
    best = (-1.0, Decision(rule.mode))
    for per in rule.per_segment:
        for ratio in ratios if per > 1 else (1.01,):
            for t in grid:
                d = Decision(rule.mode, per, None, t, ratio)
                got = f1(d, gold.ALL)
                if got > best[0] + 1e-9:
                    best = (got, d)
    d = best[1]
    if rule.kind_thresholds:
        d.thresholds = dict.fromkeys(order, d.threshold)
        for _ in range(2 if rule.mode == "global" else 1):
            for kind in order:
                target = gold.ALL if rule.mode == "global" else kind
                scores = []
                for t in grid:
                    trial = Decision(d.mode, d.per_segment, {**d.thresholds, kind: t}, d.threshold, d.ratio)
                    scores.append((f1(trial, target), -t, t))
                d.thresholds[kind] = max(scores)[2]
    return d


def _sids(part: Part) -> list[int]:
    by_row = {i: s for s, i in part.p.rows.items()}
    return [by_row[i] for i in part.rows]


def _local_units(part: Part) -> Units:
    """Units of the part's fragments with rows numbered within the part."""
    local = {int(r): i for i, r in enumerate(part.rows)}
    u = units(part.p, part.fragments)
    return Units(u.G, [[local[r] for r in m] for m in u.members])


# ------------------------------------------------------------------------------------------ LOTO


Extra = Callable[[Prepared, np.ndarray, list[Prepared], set[str]], np.ndarray]
"""Extra features for some rows of a split, from the example pool without the groups excluded."""


def _frag_group(p: Prepared, m: gold.MappedFragment) -> str:
    return f"{Path(p.name).name}:{m.fragment.interview_id}"


def _features(p: Prepared, rows: np.ndarray, pool: list[Prepared], exclude: set[str], extra: Extra | None):
    if extra is None:
        return p.X[rows]
    return np.concatenate([p.X[rows], extra(p, rows, pool, exclude)], axis=-1)


def loto(
    dev: Prepared,
    others: list[Prepared],
    extra: Extra | None = None,
    rule: Rule | None = None,
    C: float = 1.0,
    transform: Callable[[np.ndarray], np.ndarray] | None = None,
) -> dict:
    rule = rule or Rule()
    pool = [dev, *others]
    groups = np.array(dev.group)
    P_all = np.zeros(dev.Y.shape)
    kept_all = np.zeros(dev.Y.shape, bool)
    asked_all = np.array([s in dev.interviewer for s in sorted(dev.rows, key=dev.rows.get)])
    for held in sorted(set(dev.group)):
        parts = []
        for p in pool:
            g_of = np.array(p.group)
            chunks, rows_all = [], []
            for g in sorted(set(p.group) - {held}):
                rows = np.flatnonzero(g_of == g)
                chunks.append(_features(p, rows, pool, {held, g}, extra))
                rows_all.append(rows)
            rows = np.concatenate(rows_all)
            frags = [m for m in p.fragments if _frag_group(p, m) != held]
            parts.append(Part(p, rows, np.concatenate(chunks), frags))
        fitted = fit(parts, rule, C)
        rows = np.flatnonzero(groups == held)
        P = fitted.probability(_features(dev, rows, pool, {held}, extra), dev.kinds)
        P_all[rows] = P
        kept_all[rows] = kept_matrix(P, dev.kinds, fitted.decision, asked_all[rows])
    if transform is not None:
        P_all = transform(P_all)
    out = score_units(dev, units(dev, dev.fragments), P_all, kept_all)
    out["per_transcript"] = {
        h: score_units(
            dev, units(dev, [m for m in dev.fragments if _frag_group(dev, m) == h]), P_all, kept_all
        )[gold.ALL]["f1"]
        for h in sorted(set(dev.group))
    }
    return out


def table(title: str, rows: dict) -> str:
    return semantic_fit._table(title, {k: rows[k] for k in KINDS})
