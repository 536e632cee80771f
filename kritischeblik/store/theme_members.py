"""The membership of a theme set as the services need it to recompute representatives and labels after an
edit, the check that it did not change meanwhile, and storing what they computed; and undoing a merge.

A service reads :func:`member_rows` and :func:`fingerprint` in a read transaction, computes outside any
transaction, and in its one short write compares the fingerprint again before it applies the edit and
:func:`save_ranking`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import KBError
from ..model import SegmentState, ThemeStatus
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
    return SetInfo(
        tset.id,
        tset.kind,
        tset.method,
        (tset.params or {}).get("vectors", "tfidf"),
        tset.seed,
        tuple((tid, idx, status) for tid, idx, status in themes),
    )


def member_rows(session: Session, set_id: int) -> list[MemberRow]:
    """Every fragment in the themes of set ``set_id``, withdrawn ones marked, by member id."""
    withdrawn = Segment.state == str(SegmentState.INGETROKKEN)
    segs = session.execute(
        select(
            ThemeMember.id,
            ThemeMember.theme_id,
            Segment.id,
            Segment.text,
            Segment.lemmas,
            Segment.interview_id,
            Interview.omgeving,
            withdrawn,
        )
        .join(Segment, Segment.id == ThemeMember.segment_id)
        .join(Interview, Interview.id == Segment.interview_id)
        .join(Theme, Theme.id == ThemeMember.theme_id)
        .where(Theme.set_id == set_id)
    )
    sugs = session.execute(
        select(
            ThemeMember.id,
            ThemeMember.theme_id,
            PrincipleSuggestion.id,
            PrincipleSuggestion.text,
            PrincipleSuggestion.interview_id,
            Interview.omgeving,
        )
        .join(PrincipleSuggestion, PrincipleSuggestion.id == ThemeMember.suggestion_id)
        .join(Interview, Interview.id == PrincipleSuggestion.interview_id)
        .join(Theme, Theme.id == ThemeMember.theme_id)
        .where(Theme.set_id == set_id)
    )
    rows = [
        MemberRow(mid, tid, sid, None, text, lemmas or "", iid, om, bool(gone))
        for mid, tid, sid, text, lemmas, iid, om, gone in segs
    ]
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


def save_ranking(
    session: Session,
    set_id: int,
    ranks: Mapping[tuple[int | None, int | None], int],
    labels: Mapping[int, tuple[str, Sequence[str]]],
) -> None:
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


# -- undoing a merge ----------------------------------------------------------------------------------------


MergeSnapshot = tuple[
    int, tuple[bool, str], list[tuple[int, str, int | None, bool, str]], list[tuple[int, int, int | None]]
]
"""(target id, (edited, updated_at) of the target, per other theme (id, status, merged_into, edited,
updated_at), per moved member (id, theme_id, rank)): what :func:`merge` changes (for undo in the TUI)."""


def merge_snapshot(session: Session, target_id: int, other_ids: Sequence[int]) -> MergeSnapshot:
    """Read, before :func:`merge`, everything it is about to change, for :func:`unmerge`."""
    target = get_theme(session, target_id)
    others = [get_theme(session, int(i)) for i in dict.fromkeys(other_ids)]
    members = session.scalars(select(ThemeMember).where(ThemeMember.theme_id.in_([o.id for o in others])))
    return (
        target.id,
        (target.edited, target.updated_at),
        [(o.id, o.status, o.merged_into, o.edited, o.updated_at) for o in others],
        [(m.id, m.theme_id, m.rank) for m in members],
    )


def check_unmerge(session: Session, snapshot: MergeSnapshot) -> None:
    """Refuse to undo a merge whose result was changed since (a fragment moved, a theme edited)."""
    target_id, _target_state, others, members = snapshot
    rows = [session.get(ThemeMember, mid) for mid, _theme_id, _rank in members]
    themes = [get_theme(session, oid) for oid, *_state in others]
    if any(m is None or m.theme_id != target_id for m in rows) or any(
        t.status != ThemeStatus.SAMENGEVOEGD or t.merged_into != target_id for t in themes
    ):
        raise KBError(
            "De samengevoegde thema's zijn intussen gewijzigd; samenvoegen kan niet meer ongedaan worden"
        )


def unmerge(session: Session, snapshot: MergeSnapshot) -> Theme:
    """Undo a :func:`merge` (see :func:`check_unmerge`); returns the target."""
    check_unmerge(session, snapshot)
    target_id, (edited, updated_at), others, members = snapshot
    for mid, theme_id, rank in members:
        m = session.get(ThemeMember, mid)
        m.theme_id, m.rank = theme_id, rank
    for oid, status, merged_into, t_edited, t_updated in others:
        t = get_theme(session, oid)
        t.status, t.merged_into, t.edited, t.updated_at = status, merged_into, t_edited, t_updated
    target = get_theme(session, target_id)
    target.edited, target.updated_at = edited, updated_at
    session.flush()
    return target
