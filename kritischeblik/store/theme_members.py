"""The membership of a theme set as the services need it to recompute representatives and labels after an
edit, the check that it did not change meanwhile, and storing what they computed.

A service reads :func:`member_rows` and :func:`fingerprint` in a read transaction, computes outside any
transaction, and in its one short write compares the fingerprint again before it applies the edit and
:func:`save_ranking`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..model import SegmentState
from .schema import Interview, PrincipleSuggestion, Segment, Theme, ThemeMember, ThemeSet
from .themes import get_theme


@dataclass(frozen=True)
class SetInfo:
    """A theme set: how it was clustered, and its themes as (id, idx, status) in (idx, id) order."""

    id: int
    kind: str
    method: str
    vectors: str
    seed: int
    themes: tuple[tuple[int, int, str], ...]


@dataclass(frozen=True)
class MemberRow:
    """A fragment in a theme, with what the services need to vectorise it. ``lemmas`` is None for a
    new-principle suggestion (its text is lemmatised by the caller)."""

    member_id: int
    theme_id: int
    segment_id: int | None
    suggestion_id: int | None
    text: str
    lemmas: str | None
    interview_id: str
    omgeving: str | None
    withdrawn: bool

    @property
    def key(self) -> tuple[int | None, int | None]:
        return self.segment_id, self.suggestion_id


def set_of_theme(session: Session, theme_id: int) -> SetInfo:
    """The theme set a theme belongs to (refused for an unknown theme)."""
    return set_info(session, get_theme(session, theme_id).set_id)


def set_info(session: Session, set_id: int) -> SetInfo:
    tset = session.get(ThemeSet, set_id)
    themes = session.execute(
        select(Theme.id, Theme.idx, Theme.status).where(Theme.set_id == set_id).order_by(Theme.idx, Theme.id)
    ).all()
    return SetInfo(tset.id, tset.kind, tset.method, (tset.params or {}).get("vectors", "tfidf"), tset.seed,
                   tuple((tid, idx, status) for tid, idx, status in themes))  # fmt: skip


def member_rows(session: Session, set_id: int) -> list[MemberRow]:
    """Every fragment in the themes of set ``set_id``, withdrawn ones marked, by member id."""
    withdrawn = Segment.state == str(SegmentState.INGETROKKEN)
    segs = session.execute(
        select(ThemeMember.id, ThemeMember.theme_id, Segment.id, Segment.text, Segment.lemmas,
               Segment.interview_id, Interview.omgeving, withdrawn)
        .join(Segment, Segment.id == ThemeMember.segment_id)
        .join(Interview, Interview.id == Segment.interview_id)
        .join(Theme, Theme.id == ThemeMember.theme_id)
        .where(Theme.set_id == set_id)
    )  # fmt: skip
    sugs = session.execute(
        select(ThemeMember.id, ThemeMember.theme_id, PrincipleSuggestion.id, PrincipleSuggestion.text,
               PrincipleSuggestion.interview_id, Interview.omgeving)
        .join(PrincipleSuggestion, PrincipleSuggestion.id == ThemeMember.suggestion_id)
        .join(Interview, Interview.id == PrincipleSuggestion.interview_id)
        .join(Theme, Theme.id == ThemeMember.theme_id)
        .where(Theme.set_id == set_id)
    )  # fmt: skip
    rows = [MemberRow(mid, tid, sid, None, text, lemmas or "", iid, om, bool(gone))
            for mid, tid, sid, text, lemmas, iid, om, gone in segs]  # fmt: skip
    rows += [
        MemberRow(mid, tid, None, gid, text, None, iid, om, False) for mid, tid, gid, text, iid, om in sugs
    ]
    return sorted(rows, key=lambda r: r.member_id)


def fingerprint(session: Session, set_id: int) -> tuple:
    """What a computed ranking of set ``set_id`` depends on: its themes, the theme of every member and which
    members are withdrawn. A service compares it before its write with what it computed from."""
    tset = session.get(ThemeSet, set_id)
    if tset is None:
        return ()
    members = session.execute(
        select(ThemeMember.id, ThemeMember.theme_id, Segment.state == str(SegmentState.INGETROKKEN))
        .join(Theme, Theme.id == ThemeMember.theme_id)
        .outerjoin(Segment, Segment.id == ThemeMember.segment_id)
        .where(Theme.set_id == set_id)
        .order_by(ThemeMember.id)
    ).all()
    themes = session.execute(
        select(Theme.id, Theme.idx, Theme.status, Theme.merged_into)
        .where(Theme.set_id == set_id)
        .order_by(Theme.id)
    ).all()
    return tuple(themes), tuple((mid, tid, bool(gone)) for mid, tid, gone in members)


def save_ranking(session: Session, set_id: int, ranks: Mapping[tuple[int | None, int | None], int],
                 labels: Mapping[int, tuple[str, Sequence[str]]]) -> None:  # fmt: skip
    """Store the representatives (``ranks``: (segment id, suggestion id) -> 1..3; every other member of the
    set gets none) and the generated labels (theme id -> (label, terms)) computed after an edit."""
    members = session.scalars(
        select(ThemeMember).join(Theme, Theme.id == ThemeMember.theme_id).where(Theme.set_id == set_id)
    )
    for m in members:
        new = ranks.get((m.segment_id, m.suggestion_id))
        if m.rank != new:
            m.rank = new
    for theme_id, (label, terms) in labels.items():
        theme = get_theme(session, theme_id)
        if theme.label != label or list(theme.terms or []) != list(terms):
            theme.label, theme.terms = label, list(terms)
    session.flush()
