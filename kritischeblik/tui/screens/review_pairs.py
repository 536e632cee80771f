"""Which coders the Verschillen screen compares: the pairs that share interviews (split from review.py)."""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

from ...store import agreement as ag

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def coders_of_interview(session: Session, interview_id: str) -> list[str]:
    """The human coders (not auto, not consensus) whose layer holds a decision in this interview."""
    per = ag.coded_interviews(session, ag.human_coders(session))
    return [c for c, interviews in per.items() if interview_id in interviews]


def coder_pairs(session: Session) -> list[tuple[tuple[str, str], int]]:
    """Every pair of human coders with the number of interviews both coded, most shared first."""
    per = ag.coded_interviews(session, ag.human_coders(session))
    pairs = [((a, b), len(per[a] & per[b])) for a, b in combinations(sorted(per), 2)]
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


def default_pair(pairs: list[tuple[tuple[str, str], int]], viewer: str) -> list[str] | None:
    """The viewer with the coder they share most interviews with; else the pair sharing the most."""
    shared = [p for p in pairs if p[1] > 0] or pairs
    mine = [p for p in shared if viewer in p[0]]
    best = (mine or shared or [None])[0]
    return list(best[0]) if best else None
