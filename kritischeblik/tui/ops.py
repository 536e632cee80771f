"""Undoable write operations for the TUI: each builds the change and its inverse from store functions.

An inverse goes through the same store functions as the change (``decide``, ``set_memo``, ``set_score``), so
the coding history records the undo as a decision of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from ..errors import KBError
from ..model import Codebook
from ..store.browse import CodingRow, interview_scores
from ..store.coder_scores import adopt_score, remove_coder_score, set_coder_score, visible_coder_scores
from ..store.codings import ConflictError, decide, find, set_memo
from ..store.interviews import delete_score, set_score
from ..store.schema import Coding
from ..store.segment_states import set_states
from .app import UndoOp

UNDO_SOURCE = "tui-ongedaan"  # how an undo shows in the score history

WriteFn = Callable[[Session], object]
UndoFn = Callable[[object], UndoOp | None]


def _action_for(status: str) -> str:
    return "reject" if status == "rejected" else "accept"


State = tuple[str, str] | None
"""(status, memo) of a coder's coding, or None when there is none."""


def _state(row: Coding | None) -> State:
    return (row.status, row.memo) if row is not None else None


def _restore(s: Session, segment_id: int, code_id: str, coder: str, expected: State, previous: State) -> None:
    """Bring a coding back from ``expected`` to ``previous``, refusing if someone changed it in between.

    The guard compares states rather than revisions: earlier undos in the same stack legitimately bump
    the revision of the same coding.
    """
    row = find(s, segment_id, code_id, coder)
    if _state(row) != expected:
        raise ConflictError("Deze codering is intussen door iemand anders gewijzigd; ongedaan maken kan niet meer")
    rev = row.revision if row is not None else 0
    if previous is None:
        if row is not None:
            decide(s, segment_id, code_id, coder, "remove", expected_revision=rev)
        return
    status, memo = previous
    decide(s, segment_id, code_id, coder, _action_for(status), memo=memo, expected_revision=rev)


def decide_op(segment_id: int, code_id: str, coder: str, action: str, prev: CodingRow | None,
              label: str) -> tuple[WriteFn, UndoFn]:  # fmt: skip
    """A coder's decision, guarded by the revision the screen showed; undo restores the previous state."""
    before: State = (prev.status, prev.memo) if prev is not None else None

    def fn(s: Session) -> tuple[State]:
        row = decide(s, segment_id, code_id, coder, action, expected_revision=prev.revision if prev else 0)
        return (_state(row),)

    def undo(result: tuple[State]) -> UndoOp:
        return UndoOp(label, lambda s: _restore(s, segment_id, code_id, coder, result[0], before))

    return fn, undo


def memo_op(segment_id: int, code_id: str, coder: str, text: str, mine: CodingRow) -> tuple[WriteFn, UndoFn]:
    def fn(s: Session) -> tuple[State]:
        return (_state(set_memo(s, segment_id, code_id, coder, text)),)

    def undo(result: tuple[State]) -> UndoOp:
        def apply(s: Session) -> None:
            if mine.memo.strip():
                if _state(find(s, segment_id, code_id, coder)) != result[0]:
                    raise ConflictError("Deze memo is intussen gewijzigd; ongedaan maken kan niet meer")
                set_memo(s, segment_id, code_id, coder, mine.memo)
            else:
                # set_memo refuses an empty memo; a decision with the same status and memo "" clears it.
                _restore(s, segment_id, code_id, coder, result[0], (mine.status, ""))

        return UndoOp("memo", apply)

    return fn, undo


def parse_score(value: str, codebook: Codebook) -> int:
    text = value.strip()
    try:
        score = int(text)
    except ValueError:
        raise KBError(
            f"'{text}' is geen score: geef een geheel getal van {codebook.scale_min} tot {codebook.scale_max}"
        ) from None
    if not codebook.scale_min <= score <= codebook.scale_max:
        raise KBError(f"Score {score} valt buiten de schaal {codebook.scale_min}–{codebook.scale_max}")
    return score


def score_op(interview_id: str, example: str, code_id: str, value: str, old: int | None,
             codebook: Codebook, coder: str | None = None) -> tuple[WriteFn, UndoFn]:  # fmt: skip
    def fn(s: Session) -> int:
        score = parse_score(value, codebook)
        set_score(s, interview_id, example, code_id, score, source="tui", changed_by=coder)
        return score

    def undo(_new: object) -> UndoOp:
        def apply(s: Session) -> None:
            if old is None:
                delete_score(s, interview_id, example, code_id, source=UNDO_SOURCE, changed_by=coder)
            else:
                set_score(s, interview_id, example, code_id, old, source=UNDO_SOURCE, changed_by=coder)

        return UndoOp(f"score {code_id} ({example})", apply)

    return fn, undo


def _coder_score_now(s: Session, interview_id: str, example: str, code_id: str, coder: str) -> int | None:
    return visible_coder_scores(s, interview_id, coder).get(coder, {}).get((example, code_id))


def coder_score_op(interview_id: str, example: str, code_id: str, value: str, coder: str,
                   old: int | None) -> tuple[WriteFn, UndoFn]:  # fmt: skip
    """A coder's own score (the coder layer, not the interview's score); undo restores the previous one."""

    def fn(s: Session) -> int:
        return set_coder_score(s, interview_id, example, code_id, value, coder, source="tui").score

    def undo(new: object) -> UndoOp:
        def apply(s: Session) -> None:
            if _coder_score_now(s, interview_id, example, code_id, coder) != new:
                raise ConflictError("Deze score is intussen gewijzigd; ongedaan maken kan niet meer")
            if old is None:
                remove_coder_score(s, interview_id, example, code_id, coder, source=UNDO_SOURCE)
            else:
                set_coder_score(s, interview_id, example, code_id, old, coder, source=UNDO_SOURCE)

        return UndoOp(f"eigen score {code_id} ({example})", apply)

    return fn, undo


def adopt_score_op(interview_id: str, example: str, code_id: str, value: int | str) -> tuple[WriteFn, UndoFn]:
    """The duo adopts a value as the interview's score (source ``consensus``); undo puts back the previous
    score with its own source, or removes it when there was none."""

    def fn(s: Session) -> tuple[tuple[int, str] | None, int]:
        prev = adopt_score(s, interview_id, example, code_id, value)
        return prev, interview_scores(s, interview_id)[(example, code_id)]

    def undo(result: object) -> UndoOp:
        prev, new = result  # type: ignore[misc]

        def apply(s: Session) -> None:
            if interview_scores(s, interview_id).get((example, code_id)) != new:
                raise ConflictError("Deze score is intussen gewijzigd; ongedaan maken kan niet meer")
            if prev is None:
                delete_score(s, interview_id, example, code_id, source=UNDO_SOURCE)
            else:
                set_score(s, interview_id, example, code_id, prev[0], source=prev[1], history_source=UNDO_SOURCE)

        return UndoOp(f"score {code_id} ({example}) overgenomen", apply)

    return fn, undo


def state_op(segment_id: int, old: str, new: str, coder: str, reason: str) -> tuple[WriteFn, UndoFn]:
    """A member-check state for one fragment; undo puts the previous state back (and says so in the history)."""

    def fn(s: Session) -> list[int]:
        return set_states(s, [segment_id], new, coder, reason)

    def undo(_changed: object) -> UndoOp:
        return UndoOp(f"status fragment {segment_id}",
                      lambda s: set_states(s, [segment_id], old, coder, f"ongedaan gemaakt in de TUI ({reason})"))  # fmt: skip

    return fn, undo
