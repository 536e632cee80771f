"""What theme clustering reads and chooses before it runs: the fragments of a kind in the chosen coding
layer, the method (``auto``), the stored sentence vectors, and the errors when there is nothing to cluster.
Used by :mod:`.themes` (the use cases)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from ..analysis.fragments import Fragment, Selection, code_ids_for_kind, select_fragments
from ..analysis.themes import MEANING
from ..analysis.vectors import sentence_vectors_available
from ..errors import Hint, KBError
from ..model import BasisLayer
from ..store import reads
from ..store.settings import sentence_vectors_on
from .vectors import stored_rows

Lemmatizer = Callable[[list[str]], list[list[str]]]
"""Texts -> lemmas per text; needed for the kind ``suggestie`` (suggestions are stored without lemmas)."""


def spacy_lemmatizer() -> Lemmatizer:
    """The project's spaCy pipeline as a lemmatizer, loaded on first use."""

    def lemmatize(texts: list[str]) -> list[list[str]]:
        from ..nlp import lemmatize as lemmas_of
        from ..nlp import load_nlp

        return lemmas_of(load_nlp(), texts)

    return lemmatize


def no_fragments(kind: str, sel: Selection) -> KBError:
    if kind == "suggestie":
        return KBError("Er zijn nog geen suggesties voor nieuwe principes ingelezen.")
    layer = {
        BasisLayer.CODEUR: f"codeur {sel.coder}",
        BasisLayer.CONSENSUS: "de consensuslaag",
        BasisLayer.CODEURS: "de codeurs",
        BasisLayer.SUGGESTIES: "de machinesuggesties",
    }.get(sel.basis, sel.basis)
    asked = (
        f" ({sel.interviewer_left_out} gecodeerde zinnen van interviewers tellen niet mee: een thema rust op wat "
        "respondenten zeggen.)"
        if sel.interviewer_left_out
        else ""
    )
    return KBError(
        f"Geen fragmenten voor '{kind}' in {layer}. Codeer eerst (of laat suggesties maken), of kies een "
        f"andere codeerlaag.{asked}",
        hint=Hint.CHOOSE_BASIS,
    )


def read_inputs(
    s: Any, kind: str, coder: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """What :func:`select_fragments` needs, read in the caller's read transaction: of a code-based kind only
    the codings of its codes and the segments that carry them (at 1,000 interviews the whole project's
    segments and machine suggestions took gigabytes). With a ``coder`` named every human layer's codings are
    read too: whether that coder has coded anything at all decides the error (analysis.matrices)."""
    codes = reads.codes(s)
    if kind == "suggestie":
        empty = pd.DataFrame(columns=["segment_id", "code_id", "coder", "status"])
        return pd.DataFrame(columns=["segment_id"]), empty, codes, reads.suggestions(s)
    wanted = code_ids_for_kind(kind, codes)
    cods = reads.codings(s, include_auto=True, with_metadata=False, code_ids=wanted)
    if coder is not None:
        others = reads.codings(s, with_metadata=False)
        cods = pd.concat([cods, others[~others["code_id"].isin(wanted)]], ignore_index=True)
    return reads.segments(s, coded_with=wanted), cods, codes, None


def select(
    kind: str, inputs: tuple, basis: str, coder: str | None, lemmatize: Lemmatizer | None
) -> Selection:
    segs, cods, codes, sugs = inputs
    sel = select_fragments(
        kind, segs, cods, codes, sugs, basis=basis, coder=coder, lemmatize=lemmatize or spacy_lemmatizer()
    )
    if not sel.fragments:
        raise no_fragments(kind, sel)
    return sel


def choose_method(s: Any, method: str, vectors: str, k: int | str) -> tuple[str, str]:
    """``auto``: themes by meaning (sentence vectors, guided by the codes) when the project keeps sentence
    vectors and no number of themes is asked for (the meaning method finds its own), else k-means on TF-IDF,
    the method that needs no vectors."""
    if method != "auto":
        return method, vectors
    if k != "auto":
        return "kmeans", vectors
    if sentence_vectors_on(s) and sentence_vectors_available():
        return MEANING, "use"
    return "kmeans", "tfidf"


def stored_vectors(s: Any, fragments: Iterable[Fragment], vectors: str) -> dict[int, Any] | None:
    """The stored sentence vectors of the fragments' segments, when ``vectors`` asks for sentence vectors
    (they are then not encoded again); None for TF-IDF."""
    if vectors not in ("use", "auto"):
        return None
    return stored_rows(s, [f.segment_id for f in fragments if f.segment_id is not None])
