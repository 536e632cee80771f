"""Theme clustering: group interview fragments (or new-principle suggestions) into themes.

Pipeline: fragments (:mod:`.fragments`) → vectors (:mod:`.vectors`) → clusters → labelled themes.

- Clusters: KMeans or agglomerative (average linkage, cosine), both scikit-learn. ``k="auto"`` picks k by
  scikit-learn's silhouette score (cosine) in ``k_range`` (default :func:`default_k_range`). The same
  fragments, parameters and seed always give the same themes: input order does not matter, fragments are
  sorted by their key first.
- Labels: the theme's most distinctive lemmas by class-based TF-IDF (c-TF-IDF: a theme's lemma frequency,
  weighted by how rare the lemma is across themes).
- Each theme lists its size, the interviews and omgevingen it spans, and its most representative
  fragments (closest to the centroid). After researchers merge, split or move, :func:`rank_themes` and
  :func:`theme_terms` recompute representatives and generated labels by the same criteria over the whole
  theme set, so they depend on the current membership only.

Speed. KMeans runs on the distinct vectors weighted by how often they occur (``sample_weight``; fragments
with the same content lemmas are common), which minimises the same objective as on all fragments. The
silhouette counts every fragment (repeats included); it is exact up to ``SILHOUETTE_SAMPLE`` fragments and
estimated on a seeded sample above that. With more than ``K_SEARCH_SAMPLE`` distinct vectors the candidate k
are compared on a seeded sample. BLAS and OpenMP run single-threaded: on these small matrices a second thread
mostly spins. scikit-learn is imported inside the functions (this module is imported when the TUI starts).
"""

from __future__ import annotations

import contextlib
import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import KBError
from .fragments import Fragment, tokens
from .vectors import base_vectors, dot_of_rows, mean_of_rows, vectorize

__all__ = [
    "Clustering",
    "Theme",
    "cluster_fragments",
    "ctfidf_terms",
    "default_k_range",
    "pick_representatives",
    "rank_themes",
    "theme_label",
    "theme_terms",
]

MEANING = "betekenis"
"""The method of :mod:`.theme_groups`: sentence vectors, guided by the codebook, with an *overig* group."""
N_INIT = 10
"""KMeans restarts (k-means++ seeds) for the final clustering; the best of them (lowest inertia) is kept."""
SEARCH_N_INIT = 4
"""Restarts per candidate k while choosing k on a sample (see ``K_SEARCH_SAMPLE``)."""
K_SEARCH_SAMPLE = 2000
"""Above this many distinct vectors, k is chosen on a seeded sample of this many fragments, and only the
chosen k is fitted on all of them. Below it, every candidate is fitted on all fragments."""
SILHOUETTE_SAMPLE = 2000
"""The silhouette is quadratic in the number of fragments; above this many it is estimated on a seeded
sample of this many fragments (below it, it is exact)."""


@dataclass
class Theme:
    index: int
    label: str
    terms: list[str]
    members: list[Fragment]
    """Ordered from most to least representative (cosine similarity to the centroid)."""
    n_representatives: int = 3
    other: bool = False
    """The *overig* group: fragments that fit no theme (stored as set aside, see theme_groups)."""

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def representatives(self) -> list[Fragment]:
        return self.members[: self.n_representatives]

    @property
    def interviews(self) -> list[str]:
        return sorted({f.interview_id for f in self.members})

    @property
    def omgevingen(self) -> list[str]:
        return sorted({f.omgeving for f in self.members if f.omgeving})


@dataclass
class Clustering:
    themes: list[Theme]
    k: int
    method: str
    vectors: str
    seed: int
    silhouette: float | None = None
    k_scores: dict[int, float] = field(default_factory=dict)
    """Silhouette per candidate k when k was chosen automatically."""

    def params(self) -> dict:
        return {
            "k": self.k,
            "method": self.method,
            "vectors": self.vectors,
            "seed": self.seed,
            "silhouette": self.silhouette,
            "k_scores": {str(k): v for k, v in self.k_scores.items()},
        }


# --------------------------------------------------------------------------- clustering


def _unique_rows(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct rows in lexicographic order (as ``np.unique(X, axis=0)``), the index of each original row's
    distinct row, and how often each occurs.

    ``np.unique(axis=0)`` sorts every row field by field (0.15 s of a 3 s re-clustering at 75 interviews);
    here the rows are deduplicated as raw bytes and only the distinct ones are sorted: the same result."""
    X = np.ascontiguousarray(X, dtype=X.dtype if X.dtype.kind == "f" else float)
    X = X + 0.0  # -0.0 and 0.0 are one value, as in np.unique
    raw = X.view(np.dtype((np.void, X.dtype.itemsize * X.shape[1]))).ravel()
    _, first, inverse, counts = np.unique(raw, return_index=True, return_inverse=True, return_counts=True)
    order = np.lexsort(X[first].T[::-1])
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return X[first][order], rank[inverse.reshape(-1)], counts[order].astype(float)


def _fit(
    X: np.ndarray, k: int, method: str, seed: int, w: np.ndarray | None = None, n_init: int = N_INIT
) -> np.ndarray:
    """Cluster labels of the rows of X; ``w``: how often each row occurs (KMeans only)."""
    if k <= 1:
        return np.zeros(len(X), dtype=int)
    if method == "kmeans":
        from sklearn.cluster import KMeans

        return KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(X, sample_weight=w).labels_
    if method == "agglomerative":
        from sklearn.cluster import AgglomerativeClustering

        return AgglomerativeClustering(n_clusters=k, metric="cosine", linkage="average").fit_predict(X)
    raise KBError(f"Onbekende clustermethode '{method}'; kies kmeans of agglomerative")


def _sample(n: int, size: int, seed: int) -> np.ndarray:
    return np.sort(np.random.default_rng(seed).choice(n, size=size, replace=False))


class _Silhouette:
    """scikit-learn's mean silhouette (cosine) of the rows of X, row i counted ``w[i]`` times, for any
    labelling of those rows; ``None`` when it is undefined (fewer than two clusters, or every row its own
    cluster).

    Exact up to ``SILHOUETTE_SAMPLE`` rows (repeats counted), else estimated on a seeded sample of that many.
    The rows do not depend on the labels, so their cosine distances are computed once and every candidate k
    is scored on them (choosing k scores up to nine labellings of the same rows)."""

    def __init__(self, X: np.ndarray, w: np.ndarray | None = None, seed: int = 0):
        from sklearn.metrics import pairwise_distances

        rows = np.arange(len(X)) if w is None else np.repeat(np.arange(len(X)), np.asarray(w, dtype=np.int64))
        if len(rows) > SILHOUETTE_SAMPLE:
            rows = rows[_sample(len(rows), SILHOUETTE_SAMPLE, seed)]
        self.rows = rows
        self.distances = pairwise_distances(X[rows], metric="cosine") if len(rows) > 2 else None

    def __call__(self, labels: np.ndarray) -> float | None:
        from sklearn.metrics import silhouette_score

        labels = np.asarray(labels)[self.rows]
        if self.distances is None or not 2 <= len(np.unique(labels)) < len(self.rows):
            return None
        return float(silhouette_score(self.distances, labels, metric="precomputed"))


def _silhouette(
    X: np.ndarray, labels: np.ndarray, w: np.ndarray | None = None, seed: int = 0
) -> float | None:
    """The silhouette of one labelling (see :class:`_Silhouette`)."""
    return _Silhouette(X, w, seed)(labels)


def default_k_range(n: int) -> range:
    """2..min(10, n-1, round(sqrt n) + 1): silhouette tends to reward ever smaller clusters of short texts,
    so the upper bound grows slowly with the number of fragments (26 fragments: 2..6, 100: 2..10)."""
    return range(2, max(2, min(10, n - 1, round(math.sqrt(n)) + 1)) + 1)


def ctfidf_terms(docs_per_theme: Sequence[Sequence[str]], n_terms: int = 3) -> list[list[str]]:
    """Most distinctive lemmas per theme by class-based TF-IDF.

    Each theme is one "document" (all its content lemmas). Weight of lemma t in theme c:
    ``tf(t, c) / |c| * log(1 + A / f(t))`` with A the average number of lemmas per theme and f(t) the
    frequency of t over all themes. Ties go alphabetically so labels are stable.
    """
    counts = [Counter(d) for d in docs_per_theme]
    total = Counter()
    for c in counts:
        total.update(c)
    sizes = [sum(c.values()) for c in counts]
    avg = (sum(sizes) / len(sizes)) if sizes else 0.0
    out = []
    for c, size in zip(counts, sizes, strict=True):
        if not size:
            out.append([])
            continue
        scored = sorted(((tf / size) * math.log(1 + avg / total[t]), t) for t, tf in c.items())
        scored.sort(key=lambda x: (-x[0], x[1]))
        out.append([t for _, t in scored[:n_terms]])
    return out


def cluster_fragments(
    fragments: Sequence[Fragment],
    k: int | Literal["auto"] = "auto",
    seed: int = 0,
    method: str = "kmeans",
    vectors: str = "tfidf",
    k_range: Sequence[int] | None = None,
    n_terms: int = 3,
    n_representatives: int = 3,
    stored: Mapping[int, np.ndarray] | None = None,
    codes: Mapping[str, Sequence[str]] | None = None,
    code_names: Mapping[str, str] | None = None,
) -> Clustering:
    """Cluster fragments into themes. Deterministic for a given set of fragments, parameters and seed.

    ``method="betekenis"``: themes on sentence vectors, guided by ``codes`` (per fragment key its codes;
    ``code_names`` label the themes) with an *overig* group, see :mod:`.theme_groups`; ``k`` and ``vectors``
    are then not used. The other methods:

    Themes are numbered by size (largest first, ties by their first fragment). With ``k="auto"`` k is the
    candidate in ``k_range`` with the highest silhouette (cosine); the scores are in ``k_scores``. KMeans
    runs on the distinct vectors weighted by how often they occur (the same objective as on all
    fragments); with more than ``K_SEARCH_SAMPLE`` distinct vectors the candidates are compared on a
    seeded sample and only the chosen k is fitted on everything. ``stored``: sentence vectors per segment id
    (see :func:`.vectors.vectorize`).
    """
    with _one_thread():
        frags = sorted({f.key: f for f in fragments}.values(), key=lambda f: f.key)
        if not frags:
            return Clustering([], 0, method, vectors, seed)
        docs = [tokens(f.lemmas) for f in frags]
        if method == MEANING:
            from .theme_groups import meaning_clustering

            return meaning_clustering(
                frags, docs, seed, stored, codes, code_names, n_terms, n_representatives
            )
        X, used = vectorize(frags, vectors, seed, docs, stored)
        if method not in ("kmeans", "agglomerative"):
            raise KBError(f"Onbekende clustermethode '{method}'; kies betekenis, kmeans of agglomerative")
        labels, sil, k_scores = _labels(X, k, seed, method, k_range)
        themes = _themes(frags, docs, X, labels, n_terms, n_representatives)
        return Clustering(themes, len(themes), method, used, seed, sil, k_scores)


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    """Run BLAS and OpenMP single-threaded. The matrices here are small (thousands x 100): with two
    threads OpenBLAS and scikit-learn's OpenMP loops spend most of their time spin-waiting, which cost 3-8x
    the CPU time of one thread on a 2-core machine (KMeans: 10x) and barely changed the wall time.

    threadpoolctl only limits the libraries already loaded, so scikit-learn (its OpenMP runtime and
    SciPy's BLAS) is imported first."""
    import sklearn.cluster  # noqa: F401

    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # only a speed matter
        yield
        return
    with threadpool_limits(limits=1):
        yield


def _labels(
    X: np.ndarray, k: int | str, seed: int, method: str, k_range: Sequence[int] | None
) -> tuple[np.ndarray, float | None, dict[int, float]]:
    """Cluster label per row of X, the silhouette of the result, and the silhouette per candidate k."""
    n = len(X)
    # KMeans on the distinct rows, weighted: the same objective at a fraction of the cost.
    U, inv, counts = _unique_rows(X) if method == "kmeans" else (X, np.arange(n), np.ones(n))
    if k == "auto":
        return _auto_k(X, U, inv, counts, method, seed, k_range)
    try:
        k_val = int(k)
    except (TypeError, ValueError):
        raise KBError(f"k moet een geheel getal of 'auto' zijn, niet '{k}'") from None
    if k_val < 1:
        raise KBError("k moet minstens 1 zijn")
    labels = _fit(U, min(k_val, n, len(U)), method, seed, counts)[inv]
    return labels, _silhouette(X, labels, seed=seed), {}


def _auto_k(
    X: np.ndarray,
    U: np.ndarray,
    inv: np.ndarray,
    counts: np.ndarray,
    method: str,
    seed: int,
    k_range: Sequence[int] | None,
) -> tuple[np.ndarray, float | None, dict[int, float]]:
    """:func:`_labels` for ``k="auto"``: the candidate with the highest silhouette (ties: the smaller k)."""
    n = len(X)
    candidates = [c for c in (k_range or default_k_range(n)) if 2 <= c < n and c <= len(U)]
    sampled = method == "kmeans" and len(U) > K_SEARCH_SAMPLE
    if sampled:
        SU, _, s_counts = _unique_rows(X[_sample(n, K_SEARCH_SAMPLE, seed)])
        candidates = [c for c in candidates if c <= len(SU)]
    k_scores: dict[int, float] = {}
    best: tuple[float, int, np.ndarray | None] | None = None
    silhouette = _Silhouette(SU, s_counts, seed) if sampled else _Silhouette(U, counts, seed)
    for c in candidates:
        if sampled:
            score = silhouette(_fit(SU, c, method, seed, s_counts, SEARCH_N_INIT))
            labels = None
        else:
            labels_u = _fit(U, c, method, seed, counts)
            score = silhouette(labels_u)
            labels = labels_u[inv]
        if score is None:
            continue
        k_scores[c] = score
        if best is None or score > best[0] + 1e-12:
            best = (score, c, labels)
    if best is None:
        return np.zeros(n, dtype=int), None, k_scores
    sil, k_val, labels = best
    if labels is None:
        labels = _fit(U, k_val, method, seed, counts)[inv]
        sil = _silhouette(X, labels, seed=seed)
    return labels, sil, k_scores


def _themes(
    frags: Sequence[Fragment],
    docs: Sequence[Sequence[str]],
    X: np.ndarray,
    labels: np.ndarray,
    n_terms: int,
    n_representatives: int,
) -> list[Theme]:
    """Themes from cluster labels: numbered by size, labelled by c-TF-IDF, members by representativeness."""
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels.tolist()):
        groups.setdefault(lab, []).append(i)
    ordered = sorted(groups.values(), key=lambda idx: (-len(idx), frags[idx[0]].key))
    terms = ctfidf_terms([[t for i in idx for t in docs[i]] for idx in ordered], n_terms)
    themes = []
    for t_index, (idx, t_terms) in enumerate(zip(ordered, terms, strict=True)):
        members = by_centroid(X[idx], [frags[i] for i in idx])
        themes.append(
            Theme(t_index, theme_label(t_terms, t_index), list(t_terms), members, n_representatives)
        )
    return themes


def by_centroid(X: np.ndarray, frags: Sequence[Fragment], rows: np.ndarray | None = None) -> list[Fragment]:
    """``frags`` (rows of X, or the rows ``rows`` of X) from most to least representative: cosine similarity
    to their centroid, rounded so that float noise cannot reorder near-ties, which go by fragment key."""
    rows = np.arange(len(X)) if rows is None else rows
    centroid = mean_of_rows(X, rows)
    norm = np.linalg.norm(centroid)
    sims = dot_of_rows(X, rows, centroid / norm) if norm else np.zeros(len(frags))
    order = sorted(range(len(frags)), key=lambda j: (-round(float(sims[j]), 12), frags[j].key))
    return [frags[j] for j in order]


def theme_label(terms: Sequence[str], index: int) -> str:
    """The generated label of the theme at position ``index`` (0-based): its terms, or ``thema N``."""
    return ", ".join(terms) if terms else f"thema {index + 1}"


# --------------------------------------------------------------------------- after edits

N_REPRESENTATIVES = 3


def rank_themes(
    groups: Sequence[Sequence[Fragment]],
    vectors: str = "tfidf",
    seed: int = 0,
    stored: Mapping[int, np.ndarray] | None = None,
) -> list[list[Fragment]]:
    """Each group's fragments from most to least representative, by the criterion of :func:`cluster_fragments`.

    For themes whose membership was edited (merged, split, moved): the groups are all themes of one set,
    so the vectors are computed over the same fragments, with the same method and seed, as when the set
    was clustered (TF-IDF weights and LSA depend on the whole set), and a group that kept the members it
    was clustered with gets exactly the order it got then. Pure and deterministic: group and fragment
    order do not matter.
    """
    with _one_thread():
        corpus = sorted({f.key: f for g in groups for f in g}.values(), key=lambda f: f.key)
        if not corpus:
            return [[] for _ in groups]
        X, _used = vectorize(corpus, vectors, seed, stored=stored)
        row = {f.key: i for i, f in enumerate(corpus)}
        out = []
        for g in groups:
            frags = list({f.key: f for f in g}.values())
            out.append(by_centroid(X[[row[f.key] for f in frags]], frags) if frags else [])
        return out


def pick_representatives(
    members: Sequence[Fragment],
    vectors: str = "tfidf",
    seed: int = 0,
    context: Sequence[Fragment] = (),
    n: int = N_REPRESENTATIVES,
    stored: Mapping[int, np.ndarray] | None = None,
) -> list[Fragment]:
    """The ``n`` most representative of ``members`` (closest to their centroid), as at clustering time.

    ``context``: the other fragments of the theme set, which shape the TF-IDF vectors as they did when the
    set was clustered (sentence vectors do not depend on it).
    """
    keys = {m.key for m in members}
    others = [] if base_vectors(vectors) == "use" else [f for f in context if f.key not in keys]
    return rank_themes([members, others], vectors, seed, stored)[0][:n]


def theme_terms(groups: Sequence[Sequence[Fragment]], n_terms: int = 3) -> list[list[str]]:
    """Generated label terms for the themes of one set as :func:`cluster_fragments` computes them (c-TF-IDF of
    the content lemmas, each theme against all the others)."""
    return ctfidf_terms([[t for f in g for t in tokens(f.lemmas)] for g in groups], n_terms)


# --------------------------------------------------------------------------- tables


def theme_table(clustering: Clustering, max_chars: int | None = None) -> pd.DataFrame:
    """One row per theme: ``thema_id, label, termen, omvang, interviews, n_interviews, omgevingen,
    voorbeeld_1..3`` (the representative fragments' texts)."""
    rows = []
    for t in clustering.themes:
        row = {
            "thema_id": t.index + 1,
            "label": t.label,
            "termen": ", ".join(t.terms),
            "omvang": t.size,
            "n_interviews": len(t.interviews),
            "interviews": ", ".join(t.interviews),
            "omgevingen": ", ".join(t.omgevingen),
        }
        for i in range(t.n_representatives):
            text = t.representatives[i].text if i < len(t.representatives) else ""
            if max_chars and len(text) > max_chars:
                text = text[: max_chars - 1] + "…"
            row[f"voorbeeld_{i + 1}"] = text
        rows.append(row)
    cols = ["thema_id", "label", "termen", "omvang", "n_interviews", "interviews", "omgevingen"]
    cols += [f"voorbeeld_{i + 1}" for i in range(3)]
    return pd.DataFrame(rows, columns=cols)


def membership_table(clustering: Clustering) -> pd.DataFrame:
    """One row per fragment: ``segment_id, suggestion_id, fragment_id, interview_id, thema_id, thema, rang``
    (``rang`` 1..3 for the representative fragments, else empty)."""
    rows = []
    for t in clustering.themes:
        for pos, f in enumerate(t.members):
            rows.append(
                {
                    "segment_id": f.segment_id,
                    "suggestion_id": f.suggestion_id,
                    "fragment_id": f.fragment_id,
                    "interview_id": f.interview_id,
                    "thema_id": t.index + 1,
                    "thema": t.label,
                    "rang": pos + 1 if pos < t.n_representatives else None,
                }
            )
    df = pd.DataFrame(
        rows,
        columns=["segment_id", "suggestion_id", "fragment_id", "interview_id", "thema_id", "thema", "rang"],
    )
    for c in ("segment_id", "suggestion_id", "rang"):
        df[c] = df[c].astype("Int64")
    return df
