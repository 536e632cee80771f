"""Score use cases: the interview's own score, a coder's own score, and the duo adopting a score after
comparing theirs; each with the undo the TUI offers.

Every score passes the codebook's one rule (:meth:`kritischeblik.model.ScoreScale.check`) here, and again
in the store, which refuses a score off the scale whoever writes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Example
from ..store import coder_scores, codings, interviews
from ..store.blind import is_blind
from ..store.browse import interview_scores
from ..store.codebooks import score_scale
from ..store.codings import ConflictError
from ..store.db import Project
from . import roles
from .consensus import refuse_while_blind

ADOPTED = coder_scores.CONSENSUS_SOURCE
"""``principle_scores.source`` of a score the duo adopted after comparing their own scores"""


def _changed() -> ConflictError:
    return ConflictError("Deze score is intussen gewijzigd; ongedaan maken kan niet meer")


# -- the interview's own score --------------------------------------------------------------------------------


def set_interview_score(
    project: Project,
    interview_id: str,
    example: Example | str,
    code_id: str,
    value: int | str,
    *,
    source: str,
    changed_by: str | None = None,
    actor: str | None = None,
) -> int:
    """Set the interview's own score for (example, principle); returns the score as stored. ``value`` may be
    typed text: the store refuses anything the codebook's scale does not allow."""
    with project.write() as s:
        roles.require(s, roles.Action.INTERVIEW_SCORE, actor or changed_by)
        return interviews.set_score(
            s, interview_id, example, code_id, value, source=source, changed_by=changed_by
        )


def restore_interview_score(
    project: Project,
    interview_id: str,
    example: Example | str,
    code_id: str,
    previous: int | None,
    *,
    source: str,
    changed_by: str | None = None,
    actor: str | None = None,
) -> None:
    """Undo: put the previous score back (``source`` names the undo in the history), or remove the score
    when there was none."""
    with project.write() as s:
        roles.require(s, roles.Action.INTERVIEW_SCORE, actor or changed_by)
        if previous is None:
            interviews.delete_score(s, interview_id, example, code_id, source=source, changed_by=changed_by)
        else:
            interviews.set_score(
                s, interview_id, example, code_id, previous, source=source, changed_by=changed_by
            )


# -- a coder's own score --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoderScore:
    interview_id: str
    example: str
    code_id: str
    coder: str
    score: int


def set_coder_score(
    project: Project,
    interview_id: str,
    example: str,
    principle: str,
    score: int | str,
    coder: str,
    source: str = "cli",
    actor: str | None = None,
) -> CoderScore:
    """Set (or overwrite) one coder's score; the principle may be given by id, name or alias."""
    with project.write() as s:
        roles.require(s, roles.Action.OWN_SCORE, actor or coder, owner=coder)
        row = coder_scores.set_coder_score(s, interview_id, example, principle, score, coder, source=source)
        who = codings.find_coder(s, coder)  # the name as first written: "anna" scores as Anna
        return CoderScore(row.interview_id, row.example, row.code_id, who.name, row.score)


def remove_coder_score(
    project: Project,
    interview_id: str,
    example: str,
    principle: str,
    coder: str,
    source: str = "cli",
    actor: str | None = None,
) -> bool:
    """Remove one coder's score (the score history keeps it); False when there was none."""
    with project.write() as s:
        roles.require(s, roles.Action.OWN_SCORE, actor or coder, owner=coder)
        return coder_scores.remove_coder_score(s, interview_id, example, principle, coder, source=source)


def restore_coder_score(
    project: Project,
    interview_id: str,
    example: str,
    code_id: str,
    coder: str,
    expected: int,
    previous: int | None,
    source: str,
    actor: str | None = None,
) -> None:
    """Undo a coder's score: back to ``previous`` (None = no score) unless it changed since ``expected``."""
    with project.write() as s:
        roles.require(s, roles.Action.OWN_SCORE, actor or coder, owner=coder)
        now = coder_scores.visible_coder_scores(s, interview_id, coder).get(coder, {}).get((example, code_id))
        if now != expected:
            raise _changed()
        if previous is None:
            coder_scores.remove_coder_score(s, interview_id, example, code_id, coder, source=source)
        else:
            coder_scores.set_coder_score(s, interview_id, example, code_id, previous, coder, source=source)


# -- the duo adopts a score -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Adopted:
    interview_id: str
    example: str
    code_id: str
    score: int
    previous: tuple[int, str] | None
    """the interview's (score, source) before, None when it had none"""


def adopt_score(
    project: Project,
    interview_id: str,
    example: str,
    principle: str,
    score: int | str,
    adopted_by: str | None = None,
    actor: str | None = None,
) -> Adopted:
    """Make ``score`` the interview's own score for (example, principle) with source ``consensus``, after the
    duo compared their scores; the score history names ``adopted_by``. Refused while the interview is blind."""
    with project.write() as s:
        roles.require(s, roles.Action.INTERVIEW_SCORE, actor or adopted_by)
        interview_id = coder_scores.check_interview(s, interview_id)
        ex = coder_scores.check_example(example)
        code = coder_scores.principle_code(s, principle)
        value = score_scale(s).check(score)
        if is_blind(s, interview_id):
            raise refuse_while_blind(interview_id, "een score")
        before = interviews.stored_score(s, interview_id, ex, code.id)
        interviews.set_score(s, interview_id, ex, code.id, value, source=ADOPTED, changed_by=adopted_by)
    return Adopted(interview_id, ex, code.id, value, before)


def undo_adopt(
    project: Project, adopted: Adopted, source: str, undone_by: str | None = None, actor: str | None = None
) -> None:
    """Undo an adopted score: the previous score with its own source back (``source`` names the undo in the
    history), or no score when there was none; refused when the score changed since."""
    ex, code_id = adopted.example, adopted.code_id
    with project.write() as s:
        roles.require(s, roles.Action.INTERVIEW_SCORE, actor or undone_by)
        if interview_scores(s, adopted.interview_id).get((ex, code_id)) != adopted.score:
            raise _changed()
        if adopted.previous is None:
            interviews.delete_score(s, adopted.interview_id, ex, code_id, source=source, changed_by=undone_by)
        else:
            value, kept = adopted.previous
            interviews.set_score(
                s,
                adopted.interview_id,
                ex,
                code_id,
                value,
                source=kept,
                changed_by=undone_by,
                history_source=source,
            )
