"""Undoable write operations for the TUI: each pairs a service call with the service call that undoes it.

An inverse goes through the same services as the change (``decide``, ``set_memo``, scores), so the coding
and score histories record the undo as a change of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from ..services import coding, member_checks, scores
from ..services.coding import CodingState
from ..store.browse import CodingRow
from ..store.db import Project
from .app import UndoOp

UNDO_SOURCE = "tui-ongedaan"  # how an undo shows in the score history

WriteFn = Callable[[Project], object]
UndoFn = Callable[[object], UndoOp | None]


def decide_op(
    segment_id: int, code_id: str, coder: str, action: str, prev: CodingRow | None, label: str
) -> tuple[WriteFn, UndoFn]:
    """A coder's decision, guarded by the revision the screen showed; undo restores the previous state."""
    before = (prev.status, prev.memo) if prev is not None else None

    def fn(p: Project) -> tuple[CodingState | None]:
        return (
            coding.decide(
                p, segment_id, code_id, coder, action, expected_revision=prev.revision if prev else 0
            ),
        )

    def undo(result: tuple[CodingState | None]) -> UndoOp:
        return UndoOp(
            label, lambda p: coding.restore_decision(p, segment_id, code_id, coder, result[0], before)
        )

    return fn, undo


def memo_op(segment_id: int, code_id: str, coder: str, text: str, mine: CodingRow) -> tuple[WriteFn, UndoFn]:
    """``text`` is already pseudonymised (the screen saves typed text through ``app.save_typed``)."""

    def fn(p: Project) -> tuple[CodingState]:
        return (coding.set_memo(p, segment_id, code_id, coder, text, pseudonymise=False),)

    def undo(result: tuple[CodingState]) -> UndoOp:
        return UndoOp(
            "memo",
            lambda p: coding.restore_memo(p, segment_id, code_id, coder, result[0], (mine.status, mine.memo)),
        )

    return fn, undo


def score_op(
    interview_id: str, example: str, code_id: str, value: str, old: int | None, coder: str | None = None
) -> tuple[WriteFn, UndoFn]:
    """The interview's own score as typed; the store's score rule refuses what the scale does not allow."""

    def fn(p: Project) -> int:
        return scores.set_interview_score(
            p, interview_id, example, code_id, value, source="tui", changed_by=coder
        )

    def undo(_new: object) -> UndoOp:
        return UndoOp(
            f"score {code_id} ({example})",
            lambda p: scores.restore_interview_score(
                p, interview_id, example, code_id, old, source=UNDO_SOURCE, changed_by=coder
            ),
        )

    return fn, undo


def coder_score_op(
    interview_id: str, example: str, code_id: str, value: str, coder: str, old: int | None
) -> tuple[WriteFn, UndoFn]:
    """A coder's own score (the coder layer, not the interview's score); undo restores the previous one."""

    def fn(p: Project) -> int:
        return scores.set_coder_score(p, interview_id, example, code_id, value, coder, source="tui").score

    def undo(new: object) -> UndoOp:
        return UndoOp(
            f"eigen score {code_id} ({example})",
            lambda p: scores.restore_coder_score(
                p, interview_id, example, code_id, coder, new, old, UNDO_SOURCE
            ),
        )

    return fn, undo


def adopt_score_op(
    interview_id: str, example: str, code_id: str, value: int | str, coder: str | None = None
) -> tuple[WriteFn, UndoFn]:
    """The duo adopts a value as the interview's score (source ``consensus``), recorded as done by ``coder``;
    undo puts back the previous score with its own source, or removes it when there was none."""

    def fn(p: Project) -> scores.Adopted:
        return scores.adopt_score(p, interview_id, example, code_id, value, adopted_by=coder)

    def undo(adopted: scores.Adopted) -> UndoOp:
        return UndoOp(
            f"score {code_id} ({example}) overgenomen",
            lambda p: scores.undo_adopt(p, adopted, UNDO_SOURCE, undone_by=coder),
        )

    return fn, undo


def state_op(segment_id: int, old: str, new: str, coder: str, reason: str) -> tuple[WriteFn, UndoFn]:
    """A member-check state for one fragment; undo puts the previous state back (and says so in the history).
    ``reason`` is already pseudonymised."""

    def fn(p: Project) -> list[int]:
        return member_checks.set_states(p, [segment_id], new, coder, reason, pseudonymise=False).changed

    def undo(_changed: object) -> UndoOp:
        back = f"ongedaan gemaakt in de TUI ({reason})"
        return UndoOp(
            f"status fragment {segment_id}",
            lambda p: member_checks.set_states(p, [segment_id], old, coder, back, pseudonymise=False),
        )

    return fn, undo
