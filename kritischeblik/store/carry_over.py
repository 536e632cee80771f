"""What people made on an interview survives `kb ingest --replace`.

Replacing an interview deletes its segments and, through the foreign keys, everything hanging on them. Before
the delete, :func:`snapshot` takes the coders' codings (not the machine's suggestions: `kb code auto` remakes
those), member-check states, theme memberships, coders' own scores and the blind flag; after the new version is
inserted, :func:`restore` puts each back on the new fragment with the same text (placeholders such as
[PERSOON-2] may be renumbered by the new pseudonymisation, so they match any number). What cannot be found
is not silently dropped: a lost coding gets a ``vervallen`` event in the decision history holding the old
fragment's text, and the report names how many were lost so the ingest can say so.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ..errors import Hint, Notice
from ..model import AUTO, SegmentState
from .codings import NEW_CODING_COLUMNS
from .db import now
from .schema import (
    Coder,
    CoderScore,
    Coding,
    CodingEvent,
    Duiding,
    Interview,
    Segment,
    SegmentEvent,
    ThemeMember,
)

_PLACEHOLDER = re.compile(r"\[([A-Z]+)-\d+\]")
CHANGED_BY = "kb ingest --replace"
_CODING_COLUMNS = NEW_CODING_COLUMNS[1:]  # every column but the segment, which the carry-over sets


def match_key(text: str) -> str:
    """Text as it is compared across versions: spacing folded, placeholder numbers ignored."""
    return _PLACEHOLDER.sub(r"[\1]", " ".join(text.split())).lower()


@dataclass
class Carried:
    interview_id: str
    blind: bool
    segments: list[tuple[int, str, str]]  # (old id, text, state), in text order
    codings: list[dict]
    coder_names: dict[int, str]
    coder_scores: list[dict]
    members: list[dict]
    suggestions: int = 0  # the machine's, not carried: `kb code auto` makes them again


@dataclass
class CarryReport:
    codings_kept: int = 0
    codings_lost: int = 0
    states_kept: int = 0
    states_lost: dict[str, int] = field(default_factory=dict)
    members_kept: int = 0
    members_lost: int = 0
    scores_kept: int = 0
    suggestions_dropped: int = 0

    def notes(self) -> list[Notice]:
        """What the ingest report says about the replace; a loss comes with what the user can do (a hint)."""
        out = []
        kept = [
            f"{n} {what}"
            for n, what in (
                (self.codings_kept, "codering(en)"),
                (self.states_kept, "member check(s)"),
                (self.members_kept, "themalidmaatschap(pen)"),
                (self.scores_kept, "score(s) van codeurs"),
            )
            if n
        ]
        if kept:
            out.append(Notice("vervangen; overgenomen op fragmenten met dezelfde tekst: " + ", ".join(kept)))
        if self.codings_lost or self.members_lost:
            out.append(
                Notice(
                    f"{self.codings_lost} codering(en) en {self.members_lost} themalidmaatschap(pen) hoorden bij "
                    "tekst die in de nieuwe versie niet meer voorkomt; ze staan met die tekst in de "
                    "geschiedenis (actie 'vervallen')",
                    Hint.SHOW_HISTORY,
                )
            )
        if self.suggestions_dropped:
            out.append(
                Notice(f"{self.suggestions_dropped} machinesuggestie(s) vervallen", Hint.REDO_AUTO_CODE)
            )
        for state, n in sorted(self.states_lost.items()):
            out.append(
                Notice(
                    f"LET OP: {n} {state} fragment(en) niet teruggevonden in de nieuwe versie; controleer de "
                    "tekst en zet de status opnieuw",
                    Hint.SET_FRAGMENT_STATE,
                    {"state": state},
                )
            )
        return out


def snapshot(session: Session, interview_id: str) -> Carried:
    """Everything people made on this interview that hangs on its segments or on the interview row."""
    segs = session.execute(
        select(Segment.id, Segment.text, Segment.state)
        .where(Segment.interview_id == interview_id)
        .order_by(Segment.idx)
    ).all()
    # A subquery, not a list of ids: a very large interview has more segments than SQLite takes parameters.
    ids = select(Segment.id).where(Segment.interview_id == interview_id).scalar_subquery()
    auto = session.scalar(select(Coder.id).where(Coder.name == AUTO))
    codings = [
        {"segment_id": row.segment_id, **{c: getattr(row, c) for c in _CODING_COLUMNS}}
        for row in session.scalars(
            select(Coding).where(Coding.segment_id.in_(ids), Coding.coder_id != (auto or -1))
        )
    ]
    scores = [
        {
            "coder_id": r.coder_id,
            "example": r.example,
            "code_id": r.code_id,
            "score": r.score,
            "updated_at": r.updated_at,
        }
        for r in session.scalars(select(CoderScore).where(CoderScore.interview_id == interview_id))
    ]
    members = [
        {"theme_id": m.theme_id, "segment_id": m.segment_id, "rank": m.rank, "moved_by_user": m.moved_by_user}
        for m in session.scalars(select(ThemeMember).where(ThemeMember.segment_id.in_(ids)))
    ]
    names = {cid: name for cid, name in session.execute(select(Coder.id, Coder.name))}
    blind = bool(session.scalar(select(Interview.blind).where(Interview.id == interview_id)))
    n_auto = session.scalar(
        select(func.count())
        .select_from(Coding)
        .where(Coding.segment_id.in_(ids), Coding.coder_id == (auto or -1))
    )
    return Carried(
        interview_id,
        blind,
        [(s.id, s.text, s.state) for s in segs],
        codings,
        names,
        scores,
        members,
        int(n_auto or 0),
    )


def _mapping(session: Session, carried: Carried) -> dict[int, int]:
    """Old segment id -> new segment id, matching equal texts in text order."""
    free: dict[str, deque[int]] = defaultdict(deque)
    for sid, text in session.execute(
        select(Segment.id, Segment.text)
        .where(Segment.interview_id == carried.interview_id)
        .order_by(Segment.idx)
    ):
        free[match_key(text)].append(sid)
    out = {}
    for old, text, _state in carried.segments:
        queue = free.get(match_key(text))
        if queue:
            out[old] = queue.popleft()
    return out


def restore(session: Session, carried: Carried) -> CarryReport:
    """Put the snapshot back on the new version of the interview (same transaction as the replacement)."""
    report = CarryReport(suggestions_dropped=carried.suggestions)
    new_id = _mapping(session, carried)
    text_of = {old: text for old, text, _ in carried.segments}
    for old, _text, state in carried.segments:
        if state == SegmentState.ACTIEF:
            continue
        if old in new_id:
            session.execute(update(Segment).where(Segment.id == new_id[old]).values(state=state))
            session.add(
                SegmentEvent(
                    segment_id=new_id[old],
                    interview_id=carried.interview_id,
                    old_state=str(SegmentState.ACTIEF),
                    new_state=state,
                    reason=f"overgenomen van fragment {old} bij vervangen",
                    changed_by=CHANGED_BY,
                    at=now(),
                )
            )
            report.states_kept += 1
        else:
            report.states_lost[state] = report.states_lost.get(state, 0) + 1
    kept = [
        {**c, "segment_id": new_id[c["segment_id"]]} for c in carried.codings if c["segment_id"] in new_id
    ]
    if kept:
        session.execute(insert(Coding), kept)
    report.codings_kept = len(kept)
    for c in carried.codings:
        if c["segment_id"] in new_id:
            continue
        report.codings_lost += 1
        session.add(
            CodingEvent(
                coding_id=None,
                segment_id=c["segment_id"],
                code_id=c["code_id"],
                coder=carried.coder_names.get(c["coder_id"], "?"),
                action="vervallen",
                old_status=c["status"],
                new_status=None,
                at=now(),
                memo=f'fragment niet teruggevonden bij vervangen van {carried.interview_id}: "{text_of[c["segment_id"]]}"'
                + (f" (memo: {c['memo']})" if c["memo"] else ""),
            )
        )
    members = [
        {**m, "segment_id": new_id[m["segment_id"]]} for m in carried.members if m["segment_id"] in new_id
    ]
    if members:
        session.execute(insert(ThemeMember), members)
    report.members_kept, report.members_lost = len(members), len(carried.members) - len(members)
    if carried.coder_scores:
        session.execute(
            insert(CoderScore), [{**r, "interview_id": carried.interview_id} for r in carried.coder_scores]
        )
    report.scores_kept = len(carried.coder_scores)
    if carried.blind:
        session.execute(update(Interview).where(Interview.id == carried.interview_id).values(blind=True))
    _relink_duidingen(session, new_id, {old for old, _, _ in carried.segments})
    session.flush()
    return report


def _relink_duidingen(session: Session, new_id: dict[int, int], old_ids: set[int]) -> None:
    """Duidingen point at fragments by id (a JSON list, no foreign key): follow them to the new version, and
    drop ids of fragments that are gone."""
    for d in session.scalars(select(Duiding)):
        ids = list(d.segment_ids or [])
        if any(i in old_ids for i in ids):
            d.segment_ids = [new_id[i] if i in old_ids else i for i in ids if i not in old_ids or i in new_id]
