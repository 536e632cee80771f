"""Member checks: a respondent asks for fragments to be kept confidential or withdrawn, or put back.

Rules kept here: someone is named as the one who decides, and a withdrawal has a reason (it goes into the
history next to the name). The reason is typed text ("member check met Fatima") and is pseudonymised before
the write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import Hint, KBError
from ..model import SegmentState
from ..store import segment_states
from ..store.db import Project
from . import roles
from .typed import pseudonymised


@dataclass(frozen=True)
class StateResult:
    state: str
    requested: list[int]
    changed: list[int]
    """the fragments whose state changed (the others had it already)"""


def set_states(
    project: Project,
    segment_ids: Sequence[int],
    state: SegmentState | str,
    by: str | None,
    reason: str = "",
    interview_id: str | None = None,
    pseudonymise: bool = True,
    actor: str | None = None,
) -> StateResult:
    """Give the fragments (and, with ``interview_id``, every fragment of that interview) ``state``.

    ``pseudonymise=False``: the caller already pseudonymised the reason (the TUI does it while the user types).
    ``actor`` (by default ``by``): who does it; see :func:`kritischeblik.services.roles.require_member_check`.
    """
    who = " ".join((by or "").split())
    if not who:
        raise KBError("Geef op wie dit besluit.", hint=Hint.NAME_DECIDER)
    if state == SegmentState.INGETROKKEN and not (reason or "").strip():
        raise KBError("Geef een reden voor het intrekken.", hint=Hint.GIVE_REASON)
    if not segment_ids and not interview_id:
        raise KBError("Geef minstens één fragment (segment-id).", hint=Hint.LIST_FRAGMENTS)
    if pseudonymise:
        (reason,) = pseudonymised(project, reason)
    with project.write() as s:
        ids = list(segment_ids)
        if interview_id:
            ids += segment_states.interview_segment_ids(s, interview_id)
        roles.require_member_check(s, actor or who, str(state), ids)
        changed = segment_states.set_states(s, ids, str(state), who, reason or "")
    return StateResult(str(state), ids, changed)
