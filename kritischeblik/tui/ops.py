"""Undoable write operations for the TUI: each builds the change and its inverse from store functions.

An inverse goes through the same store functions as the change (``decide``, ``set_memo``, ``set_score``), so
the coding history records the undo as a decision of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from ..errors import KBError
from ..model import Codebook
from ..store.browse import CodingRow
from ..store.codings import decide, set_memo
from ..store.interviews import delete_score, set_score
from .app import UndoOp

WriteFn = Callable[[Session], object]
UndoFn = Callable[[object], UndoOp | None]


def _action_for(status: str) -> str:
    return "reject" if status == "rejected" else "accept"


def decide_op(segment_id: int, code_id: str, coder: str, action: str, prev: CodingRow | None,
              label: str) -> tuple[WriteFn, UndoFn]:  # fmt: skip
    """A coder's decision, guarded by the revision the screen showed; undo restores the previous state."""

    def fn(s: Session) -> int:
        row = decide(s, segment_id, code_id, coder, action, expected_revision=prev.revision if prev else 0)
        return row.revision if row is not None else 0

    def undo(new_rev: object) -> UndoOp:
        def apply(s: Session) -> None:
            if prev is None:
                decide(s, segment_id, code_id, coder, "remove", expected_revision=new_rev)
            else:
                decide(s, segment_id, code_id, coder, _action_for(prev.status), memo=prev.memo,
                       expected_revision=new_rev)  # fmt: skip

        return UndoOp(label, apply)

    return fn, undo


def memo_op(segment_id: int, code_id: str, coder: str, text: str, mine: CodingRow) -> tuple[WriteFn, UndoFn]:
    def fn(s: Session) -> int:
        return set_memo(s, segment_id, code_id, coder, text).revision

    def undo(new_rev: object) -> UndoOp:
        def apply(s: Session) -> None:
            if mine.memo.strip():
                set_memo(s, segment_id, code_id, coder, mine.memo)
            else:
                # set_memo refuses an empty memo; a decision with the same status and memo "" clears it.
                decide(s, segment_id, code_id, coder, _action_for(mine.status), memo="", expected_revision=new_rev)

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
             codebook: Codebook) -> tuple[WriteFn, UndoFn]:  # fmt: skip
    def fn(s: Session) -> int:
        score = parse_score(value, codebook)
        set_score(s, interview_id, example, code_id, score, source="tui")
        return score

    def undo(_new: object) -> UndoOp:
        def apply(s: Session) -> None:
            if old is None:
                delete_score(s, interview_id, example, code_id)
            else:
                set_score(s, interview_id, example, code_id, old, source="tui")

        return UndoOp(f"score {code_id} ({example})", apply)

    return fn, undo
