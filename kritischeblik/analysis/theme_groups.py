"""Themes on sentence vectors: guided by the codebook where fragments are coded, free elsewhere, with an
*overig* group for fragments that fit no theme, and labels that read as a phrase.

- **Free grouping** (:func:`group_free`, for new-principle suggestions and uncoded fragments): agglomerative
  clustering (average linkage, cosine; Ward's on sentence vectors with lemmas, :func:`free_grouping`, when no
  fragment is coded) for every candidate k. A fragment less similar to its theme's
  centroid than ``fit`` (cosine), and every theme left with fewer than ``min_size`` fragments, goes to
  *overig* instead of being forced into a theme; k is the candidate whose themes (without *overig*) have the
  best silhouette.
- **Guided grouping** (:func:`group_by_codes`, for coded fragments): a fragment belongs to the theme of the
  code it is coded with (with several codes, the code whose fragments it is closest to); a code with many
  fragments is split into sub-themes by the free grouping when that gives a clearly better silhouette.
- **Labels** (:func:`phrase_label`): a short phrase from the theme's most central fragment, the part that
  holds the words that set the theme apart, with the code's name in front for a guided theme. Never a list
  of lemmas.

Pure: vectors (L2-normalised rows) and texts in, labels out. The label ``-1`` is *overig*.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .vectors import dot_of_rows, mean_of_rows

OTHER = -1
OTHER_LABEL = "Overig: past in geen thema"
FIT = 0.3
"""Minimum cosine with the theme's centroid (sentence vectors of short spoken fragments rarely exceed 0.6
with anything; below 0.3 a fragment shares little more than the register with its theme)."""
MIN_SIZE = 2
SPLIT_FROM = 25
"""A code's theme is split into sub-themes only from this many fragments on: fewer can be read in one
sitting, and on the held-out dev grouping one theme per code agreed best with the researcher (ARI 0.74 against
0.48 when codes of 8 or more fragments were split)."""
SPLIT_MIN_PART = 5
"""... and only when every sub-theme has at least this many fragments (two or three are an anecdote)."""
SPLIT_GAIN = 0.1
"""... and only when the split's silhouette exceeds this (a weak split reads as noise)."""


@dataclass
class Grouping:
    labels: np.ndarray
    """per fragment its group (0..k-1), or ``OTHER``"""
    k: int
    silhouette: float | None = None
    k_scores: dict[int, float] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    """per group the code it stands for (guided grouping only)"""


SAMPLE = 1500
"""Above this many fragments the silhouette is estimated, and free grouping fitted, on a seeded sample of this
many (both are quadratic in memory: 15,000 fragments would need gigabytes); the rest join their nearest
theme."""


def _silhouette(X: np.ndarray, labels: np.ndarray, rows: np.ndarray | None = None) -> float | None:
    """The silhouette (cosine) of the rows of X (or of ``rows`` of X), ``labels`` one per row. Above
    :data:`SAMPLE` rows on the sample scikit-learn's ``sample_size`` would draw (``random_state=0``), drawn
    here so that only the sample's rows are copied, not every row first."""
    from sklearn.metrics import silhouette_score

    if not 2 <= len(set(labels.tolist())) < len(labels):
        return None
    rows = np.arange(len(labels)) if rows is None else np.asarray(rows)
    if len(labels) > SAMPLE:
        pick = np.random.RandomState(0).permutation(len(labels))[:SAMPLE]
        rows, labels = rows[pick], labels[pick]
    return float(silhouette_score(X[rows], labels, metric="cosine"))


def _sample(n: int) -> np.ndarray:
    return np.sort(np.random.default_rng(0).choice(n, size=SAMPLE, replace=False))


def _nearest_group(
    X: np.ndarray, rows: np.ndarray, labels: np.ndarray, at: np.ndarray | None = None
) -> np.ndarray:
    """Every row of X (of ``at``: those rows of X) to the group (fitted on ``rows`` with ``labels``) whose
    centroid is nearest."""
    groups = sorted(set(labels.tolist()))
    sub = rows if at is None else at[rows]
    centroids = np.stack([X[sub[labels == g]].mean(axis=0) for g in groups])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    sims = dot_of_rows(X, np.arange(len(X)) if at is None else at, centroids.T)
    return np.array(groups)[sims.argmax(axis=1)]


def _agglomerative(X: np.ndarray, k: int, linkage: str = "average") -> np.ndarray:
    from sklearn.cluster import AgglomerativeClustering

    if k <= 1:
        return np.zeros(len(X), dtype=int)
    if linkage == "ward":  # euclidean, which on L2-normalised rows orders pairs as the cosine does
        return AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(X)
    return AgglomerativeClustering(n_clusters=k, metric="cosine", linkage=linkage).fit_predict(X)


def candidate_ks(n: int) -> range:
    """2..min(10, n-1, round(sqrt n) + 1), the rule of :func:`.themes.default_k_range`: the silhouette of
    short texts keeps rising with k, so the upper bound grows slowly with the number of fragments."""
    return range(2, max(2, min(10, n - 1, round(math.sqrt(n)) + 1)) + 1)


def _renumber(labels: np.ndarray) -> np.ndarray:
    """Groups numbered by size (largest first, ties by first member); ``OTHER`` stays."""
    groups = [g for g in set(labels.tolist()) if g != OTHER]
    order = sorted(groups, key=lambda g: (-(labels == g).sum(), int(np.flatnonzero(labels == g)[0])))
    new = {g: i for i, g in enumerate(order)}
    return np.array([new.get(g, OTHER) for g in labels.tolist()], dtype=int)


def set_aside(
    X: np.ndarray,
    labels: np.ndarray,
    fit: float = FIT,
    min_size: int = MIN_SIZE,
    at: np.ndarray | None = None,
) -> np.ndarray:
    """Move fragments that fit their theme badly, and themes too small to be one, to ``OTHER``; ``labels``
    one per row of X (of ``at``: those rows of X)."""
    labels = labels.copy()
    for _ in range(2):  # a theme that lost members may drop below min_size
        for g in set(labels.tolist()) - {OTHER}:
            rows = np.flatnonzero(labels == g)
            of_x = rows if at is None else at[rows]
            centroid = mean_of_rows(X, of_x)
            norm = np.linalg.norm(centroid)
            sims = dot_of_rows(X, of_x, centroid / norm) if norm else np.zeros(len(rows))
            labels[rows[sims < fit]] = OTHER
        for g in set(labels.tolist()) - {OTHER}:
            if (labels == g).sum() < min_size:
                labels[labels == g] = OTHER
    return labels


def group_free(
    X: np.ndarray,
    ks: Sequence[int] | None = None,
    fit: float = FIT,
    min_size: int = MIN_SIZE,
    at: np.ndarray | None = None,
    linkage: str = "average",
) -> Grouping:
    """Free grouping of the rows of ``X`` (see the module text), or of the rows ``at`` of X (labels one per
    row of ``at``; those rows are not copied out of X at once). Deterministic: no random start."""
    n = len(X) if at is None else len(at)
    if n < 2 * min_size:
        return Grouping(np.full(n, OTHER, dtype=int), 0)
    scores: dict[int, float] = {}
    best: tuple[float, np.ndarray] | None = None
    rows = _sample(n) if n > SAMPLE else None
    for k in ks or candidate_ks(n):
        if not 2 <= k < n:
            continue
        if rows is None:
            grouped = _agglomerative(X[np.arange(n) if at is None else at], k, linkage)
        else:
            picked = _agglomerative(X[rows if at is None else at[rows]], k, linkage)
            grouped = _nearest_group(X, rows, picked, at)
        # Scored after the misfits are set aside: an outlier alone in a cluster would otherwise win the
        # silhouette and leave one theme for everything else.
        labels = set_aside(X, grouped, fit, min_size, at)
        inside = np.flatnonzero(labels != OTHER)
        of_x = inside if at is None else at[inside]
        score = _silhouette(X, labels[inside], of_x) if len(inside) > 2 else None
        if score is None:
            continue
        scores[k] = score
        if best is None or score > best[0] + 1e-12:
            best = (score, labels)
    if best is None:
        return Grouping(np.full(n, OTHER, dtype=int), 0)
    labels = _renumber(best[1])
    k = len(set(labels.tolist()) - {OTHER})
    return Grouping(labels, k, best[0], scores)


LEMMA_WEIGHT = 0.5
"""Weight of the lemma TF-IDF beside the sentence vector in :func:`free_grouping`."""
LEMMA_FEATURES = 1024


def _identity(doc: Sequence[str]) -> Sequence[str]:
    return doc


def with_lemmas(X: np.ndarray, docs: Sequence[Sequence[str]], weight: float = LEMMA_WEIGHT) -> np.ndarray:
    """The rows of X (sentence vectors) with the TF-IDF of their content lemmas beside them, ``weight``
    times, L2-normalised: a suggestion's key words ("warme overdracht", "vast gezicht") tell themes apart
    that the sentence vectors of such short texts hold close together."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not any(docs):
        return X
    tfidf = TfidfVectorizer(
        analyzer=_identity, sublinear_tf=True, max_features=LEMMA_FEATURES, dtype=np.float32
    ).fit_transform(docs)
    Z = np.hstack([np.asarray(X, dtype=np.float32), weight * tfidf.toarray()])
    norms = np.linalg.norm(Z, axis=1, keepdims=True)
    return Z / np.where(norms == 0, 1, norms)


def free_grouping(X: np.ndarray, docs: Sequence[Sequence[str]]) -> Grouping:
    """Themes among fragments no one coded (new-principle suggestions): Ward's clustering of the sentence
    vectors with their lemmas (:func:`with_lemmas`). On the development grouping of 70 suggestions
    (``corpora/heldout/groupings/dev-nieuwe-principes.yaml``) this agreed with the researcher at ARI 0.21
    where average linkage on the sentence vectors alone reached 0.0, and on the belemmerend dev grouping at
    0.12 against 0.05."""
    return group_free(with_lemmas(X, docs), linkage="ward")


def _primary_codes(X: np.ndarray, codes: Sequence[Sequence[str]]) -> list[str | None]:
    """Per fragment one code: its only code, or of several the one whose single-coded fragments' centroid
    it is closest to (the most frequent when no fragment has that code alone)."""
    single: dict[str, list[int]] = {}
    for i, cs in enumerate(codes):
        if len(cs) == 1:
            single.setdefault(cs[0], []).append(i)
    frequency: dict[str, int] = {}
    for cs in codes:
        for c in cs:
            frequency[c] = frequency.get(c, 0) + 1
    centroids = {c: mean_of_rows(X, np.asarray(rows)) for c, rows in single.items()}
    out: list[str | None] = []
    for i, cs in enumerate(codes):
        if not cs:
            out.append(None)
        elif len(cs) == 1:
            out.append(cs[0])
        else:
            near = [c for c in cs if c in centroids]
            if near:
                out.append(max(sorted(near), key=lambda c: float(X[i] @ centroids[c])))
            else:
                out.append(max(sorted(cs), key=lambda c: frequency[c]))
    return out


def group_by_codes(
    X: np.ndarray,
    codes: Sequence[Sequence[str]],
    split_from: int = SPLIT_FROM,
    fit: float = FIT,
    min_size: int = MIN_SIZE,
) -> Grouping:
    """Guided grouping: per code a theme, large codes split when that clearly pays (see the module text);
    uncoded fragments are grouped freely among themselves."""
    primary = _primary_codes(X, codes)
    labels = np.full(len(X), OTHER, dtype=int)
    names: dict[int, str] = {}
    next_label = 0
    for code in sorted({c for c in primary if c is not None}):
        rows = np.array([i for i, c in enumerate(primary) if c == code])
        sub = np.zeros(len(rows), dtype=int)
        if len(rows) >= split_from:
            free = group_free(X, range(2, 4), fit, min_size, at=rows)
            parts = [int((free.labels == g).sum()) for g in range(free.k)]
            clear = free.silhouette is not None and free.silhouette > SPLIT_GAIN
            if clear and free.k >= 2 and min(parts) >= SPLIT_MIN_PART:
                # a split keeps its misfits: they belong to the code, if to no sub-theme in particular
                sub = np.where(free.labels == OTHER, 0, free.labels)
        for g in sorted(set(sub.tolist())):
            if g == OTHER:
                continue
            labels[rows[sub == g]] = next_label
            names[next_label] = code
            next_label += 1
    uncoded = np.array([i for i, c in enumerate(primary) if c is None], dtype=int)
    if len(uncoded):
        free = group_free(X, None, fit, min_size, at=uncoded)
        for g in sorted(set(free.labels.tolist()) - {OTHER}):
            labels[uncoded[free.labels == g]] = next_label
            next_label += 1
    # A code's theme stands even with one fragment (a code said once is still said); only misfits go.
    labels = set_aside(X, labels, fit, 1)
    renumbered = _renumber(labels)
    mapping = {int(old): int(new) for old, new in zip(labels.tolist(), renumbered.tolist(), strict=True)}
    names = {mapping[g]: c for g, c in names.items() if g in mapping and mapping[g] != OTHER}
    return Grouping(
        renumbered, len(set(renumbered.tolist()) - {OTHER}), _silhouette(X, renumbered), {}, names
    )


# --------------------------------------------------------------------------- labels

_CLAUSE = re.compile(r"\s*(?:[,;:.!?()–—]|\s-\s|\b(?:maar|omdat|want|terwijl|toen|als|dus)\b)\s*", re.I)
_LEADING = re.compile(
    r"^(?:(?:eh+m?|uh+m?|nou|ja|nee|oké|ok|dus|en|maar|want|dan|toen|gewoon|eigenlijk|echt|wel|zeg maar|"
    r"weet je|hè|hoor|eerlijk gezegd|om eerlijk te zijn|volgens mij|ik denk|denk ik|met andere woorden|"
    r"bij wijze van spreken)\b[\s,]*)+",
    re.I,
)
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_PLACEHOLDER = re.compile(r"\[[A-Z]+-\d+\]")
# Words a cut phrase must not end on: "merk je dat je je …" reads as a stumble, "merk …" as a phrase.
_DANGLING = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "maar",
        "om",
        "te",
        "van",
        "voor",
        "met",
        "aan",
        "op",
        "in",
        "bij",
        "naar",
        "tot",
        "dat",
        "die",
        "dit",
        "wat",
        "als",
        "je",
        "jij",
        "ik",
        "hij",
        "zij",
        "ze",
        "we",
        "wij",
        "u",
        "er",
        "zich",
        "me",
        "mij",
        "hun",
        "hem",
        "haar",
        "is",
        "zijn",
        "was",
        "waren",
        "wordt",
        "worden",
        "heeft",
        "hebben",
        "had",
        "kan",
        "kunnen",
        "moet",
        "moeten",
        "zou",
        "zouden",
        "wel",
        "niet",
        "nog",
        "ook",
        "al",
        "dan",
        "toen",
        "zo",
    ]
)
MAX_LABEL_WORDS = 9


def central(X: np.ndarray) -> int:
    """The row closest to the mean of the rows."""
    centroid = X.mean(axis=0)
    return int(np.argmax(X @ centroid))


def _clauses(text: str) -> list[str]:
    parts = [_LEADING.sub("", p.strip()).strip(" ,") for p in _CLAUSE.split(text)]
    return [p for p in parts if len(_WORD.findall(p)) >= 2]


def _says_something(clause: str) -> bool:
    """Two content words at least: "ik ook niet" is an answer, not a theme's phrase."""
    return sum(w.lower() not in _DANGLING for w in _WORD.findall(clause)) >= 2


def _shortened(clause: str) -> str:
    """At most :data:`MAX_LABEL_WORDS` words; a cut phrase ends on a content word, then "…"."""
    words = clause.split()
    if len(words) <= MAX_LABEL_WORDS:
        return clause
    kept = words[:MAX_LABEL_WORDS]
    while len(kept) > 2 and kept[-1].lower().strip(".,;:!?") in _DANGLING:
        kept.pop()
    return " ".join(kept) + " …"


def phrase_label(
    texts: Sequence[str],
    X: np.ndarray,
    distinctive: Sequence[str] = (),
    prefix: str | None = None,
    rows: np.ndarray | None = None,
) -> str:
    """A short phrase for a theme: from its most central fragments, the clause that holds the most of the
    theme's ``distinctive`` words (surface forms or lemmas), at most :data:`MAX_LABEL_WORDS` words; with
    ``prefix`` (a code name) in front. A clause that fits whole is preferred to one that must be cut, and a
    clause with a placeholder ("[DATUM-2]") is taken only when no other is there: a label is read aloud in
    a duidingssessie."""
    if rows is None:
        rows = np.arange(len(X))
    order = np.argsort(-dot_of_rows(X, rows, mean_of_rows(X, rows)), kind="stable")[:3] if len(texts) else []
    wanted = {w.lower() for w in distinctive}
    candidates = [(rank, c) for rank, i in enumerate(order) for c in _clauses(texts[int(i)])]
    # Clauses that say too little are used only when no clause says more.
    candidates = [rc for rc in candidates if _says_something(rc[1])] or candidates
    best: tuple[float, str] | None = None
    for rank, clause in candidates:
        words = _WORD.findall(clause)
        hits = sum(1 for w in words if w.lower() in wanted or w.lower()[:5] in {d[:5] for d in wanted})
        overflow = max(0, len(clause.split()) - MAX_LABEL_WORDS)
        score = hits - 0.3 * rank - 0.05 * abs(len(words) - 6) - 0.3 * overflow
        score -= 10 * bool(_PLACEHOLDER.search(clause))
        if best is None or score > best[0]:
            best = (score, clause)
    phrase = ""
    if best is not None:
        phrase = _shortened(best[1])
        phrase = phrase[:1].upper() + phrase[1:]
    if prefix:
        return f"{prefix}: {phrase[:1].lower() + phrase[1:]}" if phrase else prefix
    return phrase or "Thema"


# --------------------------------------------------------------------------- as a clustering


def meaning_clustering(
    frags: Sequence[Any],
    docs: Sequence[Sequence[str]],
    seed: int,
    stored: Mapping[int, np.ndarray] | None,
    codes: Mapping[str, Sequence[str]] | None,
    code_names: Mapping[str, str] | None,
    n_terms: int = 3,
    n_representatives: int = 3,
) -> Any:
    """:func:`.themes.cluster_fragments` for ``method="betekenis"``: ``frags`` sorted by key, ``docs`` their
    content lemmas. Guided by the codes when any fragment carries one, else free; the *overig* group comes
    last as a theme with ``other=True``."""
    from .themes import MEANING, Clustering, Theme, by_centroid, ctfidf_terms
    from .vectors import sentence_rows

    X, used = sentence_rows(frags, stored), "use"
    carried = [list((codes or {}).get(f.key, ())) for f in frags]
    grouping = group_by_codes(X, carried) if any(carried) else free_grouping(X, docs)
    groups = [np.flatnonzero(grouping.labels == t) for t in range(grouping.k)]
    terms = ctfidf_terms([[w for i in idx for w in docs[i]] for idx in groups], n_terms)
    themes = []
    for t, (idx, t_terms) in enumerate(zip(groups, terms, strict=True)):
        code = grouping.names.get(t)
        prefix = (code_names or {}).get(code, code) if code else None
        label = phrase_label([frags[i].text for i in idx], X, t_terms, prefix, rows=idx)
        members = by_centroid(X, [frags[i] for i in idx], rows=idx)
        themes.append(Theme(t, label, list(t_terms), members, n_representatives))
    rest = np.flatnonzero(grouping.labels == OTHER)
    if len(rest):
        members = by_centroid(X, [frags[i] for i in rest], rows=rest)
        themes.append(Theme(len(themes), OTHER_LABEL, [], members, n_representatives, other=True))
    return Clustering(themes, grouping.k, MEANING, used, seed, grouping.silhouette, grouping.k_scores)
