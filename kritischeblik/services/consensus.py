"""The duo's consensus: blind mode on and off, a consensus decision per fragment and code (with its undo),
and seeding the consensus layer with every decision the coders share.

Rules kept here: who decides is a person (not a reserved layer); nothing is decided together while the
interview is blind, because comparing is what ends the blind phase; seeding never overwrites a decision
already made in the consensus layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import Hint, KBError
from ..model import CONSENSUS, Action, Status
from ..store import blind, codings, disagreements
from ..store.agreement import NON_HUMAN
from ..store.db import Project
from . import roles
from .typed import pseudonymised


def set_blind(
    project: Project, interview_ids: Sequence[str] | None, on: bool, actor: str | None = None
) -> list[str]:
    """Switch blind mode for the given interviews (None = all); returns the ids changed or confirmed."""
    with project.write() as s:
        roles.require(s, roles.Action.BLIND_ON if on else roles.Action.BLIND_OFF, actor)
        return blind.set_blind(s, interview_ids, on)


def _decider(by: str | None) -> str:
    name = " ".join((by or "").split())
    if not name:
        raise KBError("Geef op wie besluit.", hint=Hint.NAME_DECIDER)
    if name in NON_HUMAN:
        raise KBError(f"'{name}' is geen persoon; geef de naam van wie besluit", hint=Hint.NAME_DECIDER)
    return name


def refuse_while_blind(interview_id: str, what: str) -> KBError:
    """The error for a joint decision on an interview that is still blind."""
    return KBError(
        f"Interview {interview_id} staat nog op blind; de duo legt pas {what} vast als blind uit staat",
        hint=Hint.BLIND_OFF,
        interview=interview_id,
    )


@dataclass(frozen=True)
class ConsensusDecision:
    segment_id: int
    code_id: str
    status: str
    memo: str
    revision: int


def decide_consensus(
    project: Project,
    segment_id: int,
    code_id: str,
    keep: bool,
    by: str | None,
    memo: str | None = None,
    expected_revision: int | None = None,
    actor: str | None = None,
) -> ConsensusDecision:
    """Record the duo's decision in the consensus layer; the memo and history name who decided."""
    by = _decider(by)
    (memo,) = pseudonymised(project, memo)
    with project.write() as s:
        roles.require(s, roles.Action.CONSENSUS, actor or by)
        where = blind.segment_interview(s, segment_id)
        if where is None:
            raise KBError(f"Onbekend segment {segment_id}")
        if where[1]:
            raise refuse_while_blind(where[0], "een consensus")
        codings.coder(s, by)  # the decider is a user of the project
        note = f"besloten door {by}"
        full_memo = f"{memo.strip()} ({note})" if memo and memo.strip() else note
        row = codings.decide(
            s,
            segment_id,
            code_id,
            CONSENSUS,
            Action.ACCEPT if keep else Action.REJECT,
            memo=full_memo,
            expected_revision=expected_revision,
        )
        assert row is not None
        return ConsensusDecision(row.segment_id, row.code_id, row.status, row.memo, row.revision)


def undo_consensus(
    project: Project, decision: ConsensusDecision, previous: tuple[str | None, str], actor: str | None = None
) -> None:
    """Undo a consensus decision: the previous (status, memo) back, or no consensus row when there was none;
    refused when the row changed since ``decision``."""
    status, memo = previous
    with project.write() as s:
        roles.require(s, roles.Action.CONSENSUS, actor)
        if status is None:
            codings.decide(
                s,
                decision.segment_id,
                decision.code_id,
                CONSENSUS,
                Action.REMOVE,
                expected_revision=decision.revision,
            )
        else:
            codings.decide(
                s,
                decision.segment_id,
                decision.code_id,
                CONSENSUS,
                Action.restoring(status),
                memo=memo,
                expected_revision=decision.revision,
            )


def seed_consensus(
    project: Project,
    coders: Sequence[str] | None,
    interview_ids: Sequence[str] | None = None,
    code_ids: Sequence[str] | None = None,
    bulk: bool = True,
    actor: str | None = None,
) -> dict:
    """Copy every decision all coders share into the consensus layer, never overwriting one made there.

    Shared acceptances become accepted consensus codings; codings every coder explicitly rejected become
    rejected ones (so the suggestion is not raised again). A code nobody coded needs no consensus row.
    Each new consensus coding gets its ``coding_events`` row, as a decision made one by one would.

    ``bulk=False`` records them one by one through :func:`kritischeblik.store.codings.decide`; the default
    writes the same rows with a few set-based statements (identical codings and history, in the same
    order, with one timestamp for the whole run).
    """
    with project.write() as s:
        roles.require(s, roles.Action.CONSENSUS, actor)
        names, interviews, skipped, status = disagreements.review_status(s, coders, interview_ids, code_ids)
        memo = f"overeenstemming {' en '.join(names)}"
        counts = {
            "geaccepteerd": 0,
            "afgewezen": 0,
            "al_besloten": 0,
            "interviews": len(interviews),
            "overgeslagen_blind": skipped,
        }
        todo: list[tuple[int, str, str]] = []
        for (sid, code), per in sorted(status.items()):
            values = {per.get(c) for c in names}
            if len(values) != 1 or None in values:
                continue
            if CONSENSUS in per:
                counts["al_besloten"] += 1
                continue
            st = values.pop()
            todo.append((sid, code, st))
            counts["geaccepteerd" if st == Status.ACCEPTED else "afgewezen"] += 1
        if not bulk:
            for sid, code, st in todo:
                codings.decide(s, sid, code, CONSENSUS, Action.restoring(st), memo=memo)
        elif todo:
            disagreements.insert_consensus(s, todo, memo)
    return counts
