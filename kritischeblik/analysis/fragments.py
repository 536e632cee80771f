"""Fragments for theme clustering: what a fragment is, its content lemmas, and which segments or
new-principle suggestions become fragments.

- :class:`Fragment`: one piece of text to cluster (a segment or a suggestion), keyed so that sorting by key
  gives an order that does not depend on input order.
- :func:`tokens`: a fragment's content lemmas: spaCy's Dutch stop words (read from spaCy's data file, without
  importing spaCy), interview fillers, placeholders such as ``persoon-1`` and one-letter words removed.
- :func:`select_fragments`: the fragments of one kind (``belemmerend``, ``werkend``, ``vraag``, ``suggestie``
  or ``code:<id>``) from the DataFrames of :mod:`kritischeblik.store.reads`; it says in its result which
  coding layer it used.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import Hint, KBError
from ..model import BasisLayer
from .matrices import resolve_basis, select_codings

__all__ = ["KINDS", "Fragment", "Selection", "code_ids_for_kind", "select_fragments", "tokens"]

KINDS = {
    "belemmerend": "belemmerend_element",
    "werkend": "werkend_element",
    "vraag": "vraag_voor_de_toekomst",
    "suggestie": None,
}
"""Fragment kinds for theme clustering (plus ``code:<id>``) and the code kind each one selects."""

# Words that carry no theme in spoken Dutch interviews but are missing from spaCy's stop list.
_FILLERS = frozenset(
    """eh ehm uh uhm hm nou ja nee oké ok gewoon echt eigenlijk even heel best wel zeg hè toch dus zo'n gaan komen
    zitten staan zien zeggen denken weten vinden krijgen maken hebben zijn worden kunnen moeten willen mogen laten
    liggen ervan erover ervoor eraan erin erop eruit twee drie vier vijf ineens""".split()  # noqa: SIM905 - 54 words, one per line would be 54 lines
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


def _lemma_tuple(lemmas: str | Sequence[str]) -> tuple[str, ...]:
    """The lemmas as a tuple, each distinct lemma one shared string: a vocabulary is small and Zipfian, and
    143,000 fragments at 1,000 interviews held 90 MB of copies of the same few thousand words."""
    if isinstance(lemmas, str):
        return tuple(map(sys.intern, lemmas.split()))
    return tuple(lemmas)


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
    def segment(
        cls, segment_id: int, text: str, lemmas: str | Sequence[str], interview_id: str, omgeving: str = ""
    ) -> Fragment:
        return cls(
            f"s{int(segment_id):010d}",
            text,
            _lemma_tuple(lemmas),
            interview_id,
            omgeving,
            segment_id=int(segment_id),
        )

    @classmethod
    def suggestion(
        cls, suggestion_id: int, text: str, lemmas: str | Sequence[str], interview_id: str, omgeving: str = ""
    ) -> Fragment:
        return cls(
            f"g{int(suggestion_id):010d}",
            text,
            _lemma_tuple(lemmas),
            interview_id,
            omgeving,
            suggestion_id=int(suggestion_id),
        )


@dataclass
class Selection:
    fragments: list[Fragment]
    kind: str
    basis: str
    """Coding layer used: ``codeur``, ``consensus``, ``codeurs`` (all human coders), ``suggesties``
    (machine suggestions) or ``-`` for new-principle suggestions."""
    coder: str | None = None
    code_ids: list[str] = field(default_factory=list)
    interviewer_left_out: int = 0
    """Coded segments of interviewers, not made fragments (see :func:`select_fragments`)."""
    codes: dict[str, list[str]] = field(default_factory=dict)
    """Per fragment key the kind's codes it carries in the chosen layer (themes guided by the codebook)."""


def code_ids_for_kind(kind: str, codes: pd.DataFrame) -> list[str]:
    """Code ids a fragment kind selects (``codes`` from ``store.reads.codes``)."""
    if kind.startswith("code:"):
        cid = kind.split(":", 1)[1].strip()
        if cid not in set(codes["code_id"]):
            raise KBError(f"Onbekende code '{cid}'.", hint=Hint.LIST_CODES)
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
    basis: str = BasisLayer.AUTO,
    coder: str | None = None,
    lemmatize: Callable[[list[str]], list[list[str]]] | None = None,
) -> Selection:
    """The fragments of one kind: ``belemmerend``, ``werkend``, ``vraag``, ``suggestie`` or ``code:<id>``.

    For code-based kinds, a segment is a fragment when it carries one of the kind's codes in the chosen
    coding layer (``basis``, see :func:`kritischeblik.analysis.matrices.resolve_basis`): ``codeur`` (accepted
    codings of ``coder``), ``consensus``, ``codeurs`` (accepted by any human coder), ``suggesties`` (machine
    suggestions), or ``auto``: the named coder if given, else consensus, else any human coder, else — when
    nobody has coded yet — the machine suggestions. ``segments`` must not hold withdrawn segments
    (``store.reads.segments`` leaves them out); segments of interviewers are never fragments (their number is
    ``Selection.interviewer_left_out``). For ``suggestie``, ``lemmatize`` turns the suggestion texts
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
            Fragment.suggestion(
                int(r.suggestion_id),
                str(r.text),
                [w.lower() for w in lem],
                str(r.interview_id),
                str(getattr(r, "omgeving", "") or ""),
            )
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
    # A theme rests on what respondents say. The interviewer's turns are questions, read-out prompts (often
    # without a question mark: "Een moment waarop ... het verschil maakte.") and summaries of the respondent's
    # story in the interviewer's words: as fragments they would be a theme's most central text, or count one
    # story twice. So every interviewer segment is left out, not only those that end in '?'.
    asked = seg["role"] == "interviewer" if "role" in seg.columns else pd.Series(False, index=seg.index)
    left_out = int(asked.sum())
    seg = seg[~asked]
    # Five columns as lists, not itertuples over them all: pandas then hands out every cell one at a time.
    columns = [seg[c].tolist() for c in ("segment_id", "text", "lemmas", "interview_id", "omgeving")]
    frags = [
        Fragment.segment(int(sid), str(text), str(lemmas or ""), str(interview), str(omgeving or ""))
        for sid, text, lemmas, interview, omgeving in zip(*columns, strict=True)
    ]
    carried: dict[str, set[str]] = {}
    for sid, cid in zip(picked["segment_id"].astype(int), picked["code_id"].astype(str), strict=True):
        carried.setdefault(f"s{sid:010d}", set()).add(cid)
    codes = {f.key: sorted(carried.get(f.key, ())) for f in frags}
    return Selection(
        frags, kind, chosen, coder if chosen == BasisLayer.CODEUR else None, wanted, left_out, codes
    )
