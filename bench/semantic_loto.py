"""Leave-one-transcript-out (LOTO) on the dev split: which change to the suggestions by meaning helps.

Every transcript of the dev split is held out in turn: the calibration (and any example set) is fitted on the
other dev transcripts plus the demo gold, and the held-out transcript's gold fragments are scored. The pooled
scores and the F1 per held-out transcript are printed per variant. The test split is never read here.

    python -m bench.semantic_loto                       # every variant
    python -m bench.semantic_loto --only baseline examples
    python -m bench.semantic_loto --json bench/results-semantic-loto.json   # what the report quotes

The ingested splits (segments, vectors, lemmas, rule suggestions, gold mapping) are cached in
``$KB_LOTO_CACHE`` (by default a folder in the temp dir); ``--rebuild`` ingests again. The harness is in
``bench/semantic_loto_core.py``; what ships is measured by ``python -m bench.semantic_fit --loto``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import semantic_fit  # noqa: E402
from bench.semantic_loto_core import (  # noqa: E402
    DEV,
    Extra,
    Prepared,
    Rule,
    encode_cached,
    load,
    loto,
    prepare,
    table,
)
from kritischeblik.analysis import semantic, semantic_examples  # noqa: E402


def examples(pool: list[Prepared], exclude: set[str], context: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The labelled examples of the pool outside ``exclude``: unit vectors (segment, or context) and labels."""
    Vs, Ys = [], []
    for q in pool:
        use = q.train & ~np.isin(np.array(q.group), list(exclude))
        Vs.append((q.C if context else q.V)[use])
        Ys.append(q.Y[use])
    return np.concatenate(Vs), np.concatenate(Ys)


def knn(
    k: int = 10, tau: float = 0.05, context: bool = False, which: tuple[str, ...] = ("vote", "max", "rel")
) -> Extra:
    def extra(p: Prepared, rows: np.ndarray, pool: list[Prepared], exclude: set[str]) -> np.ndarray:
        E, Y = examples(pool, exclude, context)
        T = (p.C if context else p.V)[rows]
        S = T @ E.T
        out = []
        if "vote" in which:
            top = np.argsort(-S, axis=1)[:, :k]
            s = np.take_along_axis(S, top, axis=1)
            w = np.exp((s - s[:, :1]) / tau)
            w /= w.sum(axis=1, keepdims=True)
            out.append(np.einsum("nk,nkc->nc", w, Y[top]))
        best_pos = np.where(Y.T[None, :, :] > 0, S[:, None, :], -1.0).max(axis=2)
        if "max" in which:
            out.append(best_pos)
        if "rel" in which:
            out.append(best_pos - S.max(axis=1, keepdims=True))
        return np.stack(out, axis=-1).astype(np.float32)

    return extra


def both(*extras: Extra) -> Extra:
    def extra(p: Prepared, rows: np.ndarray, pool: list[Prepared], exclude: set[str]) -> np.ndarray:
        return np.concatenate([e(p, rows, pool, exclude) for e in extras], axis=-1)

    return extra


SECTIONS = ("mooi voorbeeld", "vastloopmoment")


def _inputs(q: Prepared, rows: np.ndarray | None, parts: tuple[str, ...]) -> np.ndarray:
    rows = np.arange(len(q.V)) if rows is None else rows
    cols = []
    if "V" in parts:
        cols.append(q.V[rows])
    if "C" in parts:
        cols.append(q.C[rows])
    for w in (2, 3, 50):
        if f"W{w}" in parts:
            cols.append(q.wide[w][rows])
    if "S" in parts:
        sec = np.array(q.sections)[rows]
        cols.append(np.stack([(sec == s).astype(np.float32) for s in SECTIONS], axis=1))
    return np.concatenate(cols, axis=1)


def _kind_targets(q: Prepared, Y: np.ndarray) -> np.ndarray:
    kinds = np.array(q.kinds)
    return np.stack([Y[:, kinds == k].max(axis=1) for k in semantic_fit.KINDS], axis=1)


def ridge(lam: float = 1.0, parts: tuple[str, ...] = ("V", "C"), target: str = "codes") -> Extra:
    """Kernel ridge regression on the examples' vectors: per code (or per kind, broadcast to its codes)
    the predicted label."""

    def extra(p: Prepared, rows: np.ndarray, pool: list[Prepared], exclude: set[str]) -> np.ndarray:
        Xs, Ys = [], []
        for q in pool:
            use = q.train & ~np.isin(np.array(q.group), list(exclude))
            Xs.append(_inputs(q, np.flatnonzero(use), parts))
            Ys.append(q.Y[use] if target == "codes" else _kind_targets(q, q.Y[use]))
        X, Y = np.concatenate(Xs).astype(np.float64), np.concatenate(Ys).astype(np.float64)
        mean = Y.mean(axis=0)
        K = X @ X.T
        A = np.linalg.solve(K + lam * np.eye(len(K)), Y - mean)
        F = _inputs(p, rows, parts) @ X.T @ A + mean
        if target == "codes":
            return F[:, :, None].astype(np.float32)
        kinds = list(p.kinds)
        out = np.zeros((len(rows), len(kinds), 1), np.float32)
        for i, k in enumerate(semantic_fit.KINDS):
            out[:, [j for j, kk in enumerate(kinds) if kk == k], 0] = F[:, [i]]
        return out

    return extra


INDEX: list[semantic.PrototypeIndex] = []


def _prototype_examples(
    p: Prepared, parts: tuple[str, ...], examples_only: bool
) -> tuple[np.ndarray, np.ndarray]:
    """The codebook's positive prototypes as labelled examples (their context is themselves)."""
    index = INDEX[0]
    keep = ~index.negative
    if examples_only:
        keep &= np.array([len(pr.text) > 40 for pr in index.prototypes])
    V = index.vectors[keep]
    Y = np.zeros((keep.sum(), len(p.code_ids)), np.float32)
    Y[np.arange(keep.sum()), index.owner[keep]] = 1
    cols = [V for part in parts if part in ("V", "C", "W2", "W3", "W50")]
    if "S" in parts:
        cols.append(np.zeros((len(V), len(SECTIONS)), np.float32))
    return np.concatenate(cols, axis=1), Y


def ridge2(
    lam: float = 1.0,
    parts: tuple[str, ...] = ("V",),
    lemmas: float = 0.0,
    protos: float = 0.0,
    examples_only: bool = True,
    vectors: float = 1.0,
    min_df: int = 2,
    ngrams: int = 1,
) -> Extra:
    """Kernel ridge per code on the examples' vectors, optionally with their lemmas (TF-IDF, weighted by
    ``lemmas``) and the codebook's prototypes as extra examples (weighted by ``protos``)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    def extra(p: Prepared, rows: np.ndarray, pool: list[Prepared], exclude: set[str]) -> np.ndarray:
        Xs, Ys, Ls, W = [], [], [], []
        for q in pool:
            use = np.flatnonzero(q.train & ~np.isin(np.array(q.group), list(exclude)))
            Xs.append(_inputs(q, use, parts))
            Ys.append(q.Y[use])
            Ls += [q.lemmas[i] for i in use]
            W.append(np.ones(len(use)))
        if protos:
            Xp, Yp = _prototype_examples(p, parts, examples_only)
            Xs.append(Xp)
            Ys.append(Yp)
            texts = [
                pr.text.lower()
                for pr, neg in zip(INDEX[0].prototypes, INDEX[0].negative, strict=True)
                if not neg
            ]
            Ls += [t for t, ok in zip(texts, _proto_keep(examples_only), strict=True) if ok]
            W.append(np.full(len(Xp), protos))
        X, Y, w = (
            np.concatenate(Xs).astype(np.float64),
            np.concatenate(Ys).astype(np.float64),
            np.concatenate(W),
        )
        T = _inputs(p, rows, parts).astype(np.float64)
        K, Kt = vectors * (X @ X.T), vectors * (T @ X.T)
        if lemmas:
            vec = TfidfVectorizer(
                sublinear_tf=True, min_df=min_df, token_pattern=r"(?u)\b\w\w\w+\b", ngram_range=(1, ngrams)
            )
            A = vec.fit_transform(Ls)
            B = vec.transform([p.lemmas[i] for i in rows])
            K = K + lemmas * (A @ A.T).toarray()
            Kt = Kt + lemmas * (B @ A.T).toarray()
        mean = (Y * w[:, None]).sum(0) / w.sum()
        # weighted kernel ridge: minimise sum w_i (y_i - f(x_i))^2 + lam |f|^2
        D = np.diag(w)
        alpha = np.linalg.solve(D @ K + lam * np.eye(len(K)), D @ (Y - mean))
        return (Kt @ alpha + mean)[:, :, None].astype(np.float32)

    return extra


def _proto_keep(examples_only: bool) -> np.ndarray:
    index = INDEX[0]
    pos = [pr for pr, neg in zip(index.prototypes, index.negative, strict=True) if not neg]
    return np.array([len(pr.text) > 40 or not examples_only for pr in pos])


def relative(inner: Extra) -> Extra:
    """The inner extra's first feature, also relative to the best code of its kind in the segment, and
    whether it is that best."""

    def extra(p: Prepared, rows: np.ndarray, pool: list[Prepared], exclude: set[str]) -> np.ndarray:
        F = inner(p, rows, pool, exclude)[:, :, 0]
        rel = np.zeros_like(F)
        first = np.zeros_like(F)
        for cols in semantic._kind_columns(p.kinds):
            block = F[:, cols]
            rel[:, cols] = block - block.max(axis=1, keepdims=True)
            first[:, cols] = rel[:, cols] == 0
        return np.stack([F, rel, first], axis=-1)

    return extra


def per_interview(inner: Extra) -> Extra:
    """The inner extra's features, also less their mean over the segment's interview (a story about a
    border makes every one of its sentences a little closer to the border code)."""

    def extra(p: Prepared, rows: np.ndarray, pool: list[Prepared], exclude: set[str]) -> np.ndarray:
        F = inner(p, rows, pool, exclude)
        g = np.array(p.group)[rows]
        D = F.copy()
        for key in set(g):
            m = g == key
            D[m] -= F[m].mean(axis=0, keepdims=True)
        return np.concatenate([F, D], axis=-1)

    return extra


def base_per_interview(p: Prepared, rows: np.ndarray, pool: list[Prepared], exclude: set[str]) -> np.ndarray:
    """The base cosine, context and centroid features less their interview mean."""
    F = p.X[rows][:, :, [0, 5, 9]]
    g = np.array(p.group)[rows]
    D = F.copy()
    for key in set(g):
        m = g == key
        D[m] -= F[m].mean(axis=0, keepdims=True)
    return D


def softmax_kind(C: float = 1.0, lemmas: float = 1.0, parts: tuple[str, ...] = ("V",)) -> Extra:
    """Per code kind a multinomial logistic regression over {none, its codes} on the examples' vectors and
    lemmas: which code of the kind a segment shows, if any. The feature is the code's probability."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    def extra(p: Prepared, rows: np.ndarray, pool: list[Prepared], exclude: set[str]) -> np.ndarray:
        Xs, Ys, Ls = [], [], []
        for q in pool:
            use = np.flatnonzero(q.train & ~np.isin(np.array(q.group), list(exclude)))
            Xs.append(_inputs(q, use, parts))
            Ys.append(q.Y[use])
            Ls += [q.lemmas[i] for i in use]
        X, Y = np.concatenate(Xs), np.concatenate(Ys)
        T = _inputs(p, rows, parts)
        if lemmas:
            vec = TfidfVectorizer(sublinear_tf=True, min_df=2, token_pattern=r"(?u)\b\w\w\w+\b")
            A = vec.fit_transform(Ls) * np.sqrt(lemmas)
            B = vec.transform([p.lemmas[i] for i in rows]) * np.sqrt(lemmas)
            X, T = (
                sparse.hstack([sparse.csr_matrix(X), A]).tocsr(),
                sparse.hstack([sparse.csr_matrix(T), B]).tocsr(),
            )
        out = np.zeros((len(rows), len(p.code_ids), 1), np.float32)
        for cols in semantic._kind_columns(p.kinds):
            Yk = Y[:, cols]
            idx, lab = [], []
            for i in range(Yk.shape[0]):
                hit = np.flatnonzero(Yk[i])
                for h in hit if len(hit) else [-1]:
                    idx.append(i)
                    lab.append(h + 1)
            lab = np.array(lab)
            if len(set(lab)) < 2:
                continue
            model = LogisticRegression(C=C, max_iter=2000).fit(X[idx], lab)
            prob = model.predict_proba(T)
            for c_i, c in enumerate(model.classes_):
                if c > 0:
                    out[:, cols[c - 1], 0] = prob[:, c_i]
        return out

    return extra


def section_kind(p: Prepared, rows: np.ndarray, pool: list[Prepared], exclude: set[str]) -> np.ndarray:
    """Per section of the protocol and code kind an indicator: the kinds' base rates differ by section."""
    sec = np.array(p.sections)[rows]
    kinds = np.array(p.kinds)
    out = [(sec == s)[:, None] & (kinds == k)[None, :] for s in SECTIONS for k in semantic.KINDS]
    return np.stack(out, axis=-1).astype(np.float32)


def shipped(p: Prepared, rows: np.ndarray, pool: list[Prepared], exclude: set[str]) -> np.ndarray:
    """The ``example`` feature as it ships (analysis/semantic_examples.py), from the pool's examples."""
    found, Vs = [], []
    for q in pool:
        use = np.flatnonzero(q.train & ~np.isin(np.array(q.group), list(exclude)))
        codes = [tuple(q.code_ids[j] for j in np.flatnonzero(q.Y[i])) for i in use]
        found += [
            semantic_examples.Example(q.texts[i], q.lemmas[i], c) for i, c in zip(use, codes, strict=True)
        ]
        Vs.append(q.V[use])
    model = semantic_examples.fit(found, np.concatenate(Vs), p.code_ids)
    return model.scores(p.V[rows], [p.lemmas[i] for i in rows])[:, :, None]


def _variants() -> dict[str, Callable[[Prepared, list[Prepared]], dict]]:
    """Name -> LOTO run. Zero-shot first, then the decision rules, then the examples as features."""
    kinds_gate = ridge(parts=("V", "C", "S"), target="kinds")
    lem2 = ridge2(lemmas=2.0)
    return {
        "baseline": lambda d, o: loto(d, o),
        "baseline-nodemo": lambda d, o: loto(d, []),
        "global": lambda d, o: loto(d, o, rule=Rule("global")),
        "kind-pooled": lambda d, o: loto(d, o, rule=Rule(select="pooled")),
        "baseline-per-kind-weights": lambda d, o: loto(d, o, rule=Rule(per_kind_weights=True)),
        "section-kind": lambda d, o: loto(d, o, section_kind),
        "interview-relative": lambda d, o: loto(d, o, base_per_interview),
        "knn": lambda d, o: loto(d, o, knn()),
        "knn-vote": lambda d, o: loto(d, o, knn(which=("vote",))),
        "knn+context": lambda d, o: loto(d, o, both(knn(), knn(context=True))),
        "ridge-VC": lambda d, o: loto(d, o, ridge()),
        "ridge-kinds": lambda d, o: loto(d, o, kinds_gate),
        "ridge-VC+kinds": lambda d, o: loto(d, o, both(ridge(), kinds_gate)),
        "ridge-V": lambda d, o: loto(d, o, ridge2()),
        "ridge-V+turn": lambda d, o: loto(d, o, ridge(parts=("V", "C", "W50"))),
        "ridge-V+codebook": lambda d, o: loto(d, o, ridge2(protos=1.0)),
        "ridge-lemmas": lambda d, o: loto(d, o, ridge2(lemmas=1.0, vectors=0.0)),
        "ridge-V+lemmas": lambda d, o: loto(d, o, lem2),
        "ridge-V+lemmas-nodemo": lambda d, o: loto(d, [], lem2),
        "ridge-V+lemmas+global": lambda d, o: loto(d, o, lem2, rule=Rule("global")),
        "ridge-V+lemmas+kinds": lambda d, o: loto(d, o, both(lem2, kinds_gate)),
        "ridge-V+lemmas-relative": lambda d, o: loto(d, o, relative(lem2)),
        "ridge-V+lemmas-interview": lambda d, o: loto(d, o, per_interview(lem2)),
        "softmax-per-kind": lambda d, o: loto(d, o, softmax_kind(C=10.0)),
        "ridge-V+lemma-pairs": lambda d, o: loto(d, o, ridge2(lemmas=2.0, ngrams=2)),
        "ridge-V+lemma-pairs+global": lambda d, o: loto(
            d, o, ridge2(lemmas=2.0, ngrams=2), rule=Rule("global")
        ),
        "examples": lambda d, o: loto(d, o, shipped),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--json", type=Path, help="write the scores per variant")
    args = ap.parse_args(argv)
    dev, demo = load(DEV, args.rebuild), load("demo", args.rebuild)
    index = semantic.build_index(semantic.semantic_codes(dev.codebook), encode_cached)
    INDEX.append(index)
    pd, pm = prepare(dev, index), prepare(demo, index)
    results = {}
    for name, run in _variants().items():
        if args.only and name not in args.only:
            continue
        res = run(pd, [pm])
        results[name] = res
        print(table(f"\n{name}", res), flush=True)
        print("per transcript F1 (alle):", " ".join(f"{v:.2f}" for v in res["per_transcript"].values()))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
