"""Read models for interactive browsing (the TUI): compact rows, fetched with a few grouped queries.

Kept separate from the analysis readers: these answer "what does one coder see right now" and must stay
fast at 1,000 interviews (one round of GROUP BY queries, no per-interview queries).

Blind mode: every listing that shows which codes a layer holds takes the viewer and drops the layers
:func:`~kritischeblik.store.blind.visibility_filter` hides (other coders of a blind interview).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, exists, func, literal_column, select
from sqlalchemy.orm import Session, aliased

from ..model import AUTO, SegmentState, Status
from .schema import Coder, CodeRow, Coding, Interview, PrincipleScore, Segment


@dataclass
class InterviewSummary:
    id: str
    omgeving: str
    duo: list[str]
    respondent_rol: str
    organisatie: str
    datum: str
    segments: int = 0
    coded: int = 0
    """segments the coder decided on (accepted or rejected at least one code)"""
    suggested: int = 0
    """segments with a machine suggestion the coder has not decided on yet"""
    codes: set[str] = field(default_factory=set)
    """codes present (not rejected) in a layer the coder may see"""
    search: str = ""
    """lower-cased metadata (and, once details are loaded, the text) for free-text filtering in memory"""
    blind: bool = False

    @property
    def open(self) -> int:
        return self.segments - self.coded - self.suggested


@dataclass
class InterviewDetails:
    """The slower part of an overview row, loaded after the first paint: full text and visible codes."""

    text: str = ""
    codes: set[str] = field(default_factory=set)


def _can_see(session: Session, viewer: str | None):  # noqa: ANN202 - (interview_id, coder) -> bool
    # Imported here: store.agreement pulls in pandas, which the overview's first paint does not need.
    from .blind import visibility_filter

    return visibility_filter(session, viewer)


def _coder_id(session: Session, name: str) -> int | None:
    return session.scalar(select(Coder.id).where(Coder.name == name))


def interview_rows(session: Session, coder: str) -> list[InterviewSummary]:
    """Metadata and the coder's progress per interview: what the overview needs for its first paint.

    Two queries for any number of interviews: the metadata, and one aggregate over segments joined to a
    per-segment summary of the coder's and the machine's layers.
    """
    rows: dict[str, InterviewSummary] = {}
    cols = (
        Interview.id,
        Interview.omgeving,
        Interview.duo,
        Interview.respondent_rol,
        Interview.organisatie,
        Interview.datum,
        Interview.attributes,
        Interview.blind,
    )
    for r in session.execute(select(*cols).order_by(Interview.id)):
        meta = [
            r.id,
            r.omgeving,
            r.respondent_rol,
            r.organisatie,
            r.datum,
            *map(str, (r.attributes or {}).values()),
        ]
        rows[r.id] = InterviewSummary(
            r.id,
            r.omgeving,
            list(r.duo or []),
            r.respondent_rol,
            r.organisatie,
            r.datum,
            search=" ".join([*meta, *(r.duo or [])]).lower(),
            blind=bool(r.blind),
        )
    me, auto = _coder_id(session, coder), _coder_id(session, AUTO)
    for iid, n, coded, suggested in _progress(session, me, auto, list(rows)):
        if iid in rows:
            row = rows[iid]
            row.segments, row.coded, row.suggested = n, int(coded), int(suggested)
    return list(rows.values())


def _progress(session: Session, me: int | None, auto: int | None, interview_ids: list[str]) -> list[tuple]:
    """Per interview (id, segments, segments the coder ``me`` has a coding on, segments with a machine
    suggestion and no coding of ``me``).

    Ingest numbers an interview's segments in one run, so its codings are one range of the codings' index
    on (segment, code, coder): each interview is counted by a scan of its own range. Joining every coding to
    its segment instead took a second at 1,000 interviews with a machine layer of 450,000 suggestions. An
    interview whose segment ids are not one run is counted by that join."""
    ranges = (
        select(
            Segment.interview_id.label("iid"),
            func.count().label("n"),
            func.min(Segment.id).label("lo"),
            func.max(Segment.id).label("hi"),
        )
        .group_by(Segment.interview_id)
        .subquery()
    )

    def segments_with(coder_id: int, also: int | None = None) -> Any:
        """Segments in the interview's range with a coding of ``coder_id`` (and one of ``also``)."""
        c, a = aliased(Coding), aliased(Coding)
        # coder_id + 0: SQLite would otherwise walk the coder's whole layer through its coder_id index.
        q = select(func.count(func.distinct(c.segment_id))).where(
            c.segment_id.between(ranges.c.lo, ranges.c.hi), (c.coder_id + 0) == coder_id
        )
        if also is not None:
            q = q.where(exists().where(a.segment_id == c.segment_id, (a.coder_id + 0) == also))
        return q.scalar_subquery()

    mine = segments_with(me) if me is not None else literal_column("0")
    with_auto = segments_with(auto) if auto is not None else literal_column("0")
    both = segments_with(me, auto) if me is not None and auto is not None else literal_column("0")
    found = {
        iid: (iid, n, coded, machine - overlap)
        for iid, n, coded, machine, overlap in session.execute(
            select(ranges.c.iid, ranges.c.n, mine, with_auto, both).where(
                ranges.c.n == ranges.c.hi - ranges.c.lo + 1
            )
        )
    }
    rest = [iid for iid in interview_ids if iid not in found]
    return [*found.values(), *(_progress_joined(session, me, auto, rest) if rest else [])]


def _progress_joined(session: Session, me: int | None, auto: int | None, interview_ids: list[str]) -> list:
    """:func:`_progress` of ``interview_ids`` through one aggregate over their segments joined to a
    per-segment summary of the two layers."""
    layers = [c for c in (me, auto) if c is not None]
    per_segment = (
        select(
            Coding.segment_id.label("segment_id"),
            func.max(case((Coding.coder_id == (me if me is not None else -1), 1), else_=0)).label("mine"),
            func.max(case((Coding.coder_id == (auto if auto is not None else -1), 1), else_=0)).label("auto"),
        )
        .where(Coding.coder_id.in_(layers or [-1]))
        .group_by(Coding.segment_id)
        .subquery()
    )
    q = (
        select(
            Segment.interview_id,
            func.count(),
            func.coalesce(func.sum(per_segment.c.mine), 0),
            func.coalesce(
                func.sum(case(((per_segment.c.mine == 0) & (per_segment.c.auto == 1), 1), else_=0)), 0
            ),
        )
        .outerjoin(per_segment, per_segment.c.segment_id == Segment.id)
        .where(Segment.interview_id.in_(interview_ids))
        .group_by(Segment.interview_id)
    )
    return list(session.execute(q))


def interview_details(session: Session, viewer: str | None) -> dict[str, InterviewDetails]:
    """Per interview: the pseudonymised text and the codes present (not rejected) in layers ``viewer`` may see."""
    out = {
        iid: InterviewDetails(text or "")
        for iid, text in session.execute(select(Interview.id, Interview.text))
    }
    can_see = _can_see(session, viewer)
    q = (
        select(Segment.interview_id, Coder.name, Coding.code_id)
        .join(Segment, Segment.id == Coding.segment_id)
        .join(Coder, Coder.id == Coding.coder_id)
        .where(Coding.status != str(Status.REJECTED))
        .distinct()
    )
    for iid, who, code in session.execute(q):
        if iid in out and can_see(iid, who):
            out[iid].codes.add(code)
    return out


def interview_summaries(session: Session, coder: str, with_text: bool = True) -> list[InterviewSummary]:
    """:func:`interview_rows` with the details merged in (codes always; the text only ``with_text``)."""
    rows = interview_rows(session, coder)
    details = interview_details(session, coder)
    for r in rows:
        d = details.get(r.id)
        if d is not None:
            r.codes = d.codes
            if with_text:
                r.search = f"{r.search} {d.text.lower()}"
    return rows


@dataclass
class CodingRow:
    segment_id: int
    code_id: str
    coder: str
    status: str
    confidence: float | None
    evidence: str
    memo: str
    revision: int
    source: str = ""
    """where a machine suggestion came from (regel, betekenis, model): which threshold it had to pass"""


@dataclass
class SegmentRow:
    id: int
    idx: int
    turn_id: int
    section: str
    speaker: str
    role: str
    text: str
    state: str
    mine: dict[str, CodingRow] = field(default_factory=dict)
    auto: dict[str, CodingRow] = field(default_factory=dict)


def interview_segments(session: Session, interview_id: str, coder: str) -> list[SegmentRow]:
    """An interview's segments in order, each with the coder's codings and the machine suggestions."""
    segs = {
        r.id: SegmentRow(r.id, r.idx, r.turn_id, r.section, r.speaker, r.role, r.text, r.state)
        for r in session.execute(
            select(
                Segment.id,
                Segment.idx,
                Segment.turn_id,
                Segment.section,
                Segment.speaker,
                Segment.role,
                Segment.text,
                Segment.state,
            )
            .where(Segment.interview_id == interview_id)
            .order_by(Segment.idx)
        )
    }
    q = (
        select(
            Coding.segment_id,
            Coding.code_id,
            Coder.name,
            Coding.status,
            Coding.confidence,
            Coding.evidence,
            Coding.memo,
            Coding.revision,
            Coding.source,
        )
        .join(Coder, Coder.id == Coding.coder_id)
        .join(Segment, Segment.id == Coding.segment_id)
        .where(Segment.interview_id == interview_id, Coder.name.in_([coder, AUTO]))
    )
    for r in session.execute(q):
        row = CodingRow(*r)
        seg = segs[row.segment_id]
        (seg.auto if row.coder == AUTO else seg.mine)[row.code_id] = row
    return list(segs.values())


def interview_scores(session: Session, interview_id: str) -> dict[tuple[str, str], int]:
    """(example, code_id) -> score."""
    q = select(PrincipleScore.example, PrincipleScore.code_id, PrincipleScore.score).where(
        PrincipleScore.interview_id == interview_id
    )
    return {(e, c): s for e, c, s in session.execute(q)}


@dataclass
class CodeCount:
    code_id: str
    accepted: int = 0
    """fragments accepted by at least one human coder"""
    suggested: int = 0
    interviews: int = 0


def code_counts(session: Session, viewer: str | None) -> dict[str, CodeCount]:
    """Per code: fragments accepted by a human layer, machine suggestions, and interviews where it occurs.

    Layers ``viewer`` may not see (other coders of a blind interview) do not count.
    """
    out: dict[str, CodeCount] = {c: CodeCount(c) for c in session.scalars(select(CodeRow.id))}
    auto = _coder_id(session, AUTO)
    if auto is not None:
        q = select(Coding.code_id, func.count()).where(Coding.coder_id == auto).group_by(Coding.code_id)
        for code, n in session.execute(q):
            out[code].suggested = n
    can_see = _can_see(session, viewer)
    accepted: dict[str, set[int]] = defaultdict(set)
    interviews: dict[str, set[str]] = defaultdict(set)
    q = (
        select(Coding.code_id, Coding.segment_id, Segment.interview_id, Coder.name, Coding.status)
        .join(Segment, Segment.id == Coding.segment_id)
        .join(Coder, Coder.id == Coding.coder_id)
        .where(Coding.status != str(Status.REJECTED))
    )
    for code, sid, iid, who, status in session.execute(q):
        if not can_see(iid, who):
            continue
        interviews[code].add(iid)
        if status == Status.ACCEPTED and who != AUTO:
            accepted[code].add(sid)
    for code, c in out.items():
        c.accepted = len(accepted.get(code, ()))
        c.interviews = len(interviews.get(code, ()))
    return out


@dataclass
class CodedFragment:
    segment_id: int
    interview_id: str
    speaker: str
    text: str
    layers: list[str]
    """'Naam' for a human acceptance, 'auto' for an undecided machine suggestion"""


def code_fragments(
    session: Session, code_id: str, viewer: str | None, limit: int | None = None
) -> list[CodedFragment]:
    """Fragments coded with a code (accepted by a human or suggested by the machine), withdrawn ones left out.

    Only layers ``viewer`` may see count; a fragment whose only codings are hidden is left out.
    """
    q = (
        select(Segment.id, Segment.interview_id, Segment.speaker, Segment.text, Coder.name, Coding.status)
        .join(Coding, Coding.segment_id == Segment.id)
        .join(Coder, Coder.id == Coding.coder_id)
        .where(
            Coding.code_id == code_id,
            Coding.status != str(Status.REJECTED),
            Segment.state != str(SegmentState.INGETROKKEN),
        )
        .order_by(Segment.interview_id, Segment.idx)
    )
    by_seg: dict[int, CodedFragment] = {}
    layers: dict[int, list[str]] = defaultdict(list)
    can_see = _can_see(session, viewer)
    for sid, iid, speaker, text, who, _status in session.execute(q):
        if not can_see(iid, who):
            continue
        if sid not in by_seg:
            if limit is not None and len(by_seg) >= limit:
                continue
            by_seg[sid] = CodedFragment(sid, iid, speaker, text, layers[sid])
        layers[sid].append(who)
    return list(by_seg.values())


@dataclass(frozen=True)
class OpenSuggestion:
    interview_id: str
    segment_id: int
    segment_idx: int
    code_id: str
    confidence: float | None
    source: str


def open_suggestions(session: Session, coder: str) -> list[OpenSuggestion]:
    """Every machine suggestion in the project that ``coder`` has not decided on (no coding of theirs for
    that fragment and code), withdrawn fragments left out; in interview and reading order. One query: the
    coding screen's project-wide twijfelgeval picks from these."""
    auto, me = _coder_id(session, AUTO), _coder_id(session, coder)
    if auto is None:
        return []
    mine = aliased(Coding)
    q = (
        select(
            Segment.interview_id,
            Segment.id,
            Segment.idx,
            Coding.code_id,
            Coding.confidence,
            Coding.source,
        )
        .join(Segment, Segment.id == Coding.segment_id)
        .where(Coding.coder_id == auto, Segment.state != str(SegmentState.INGETROKKEN))
        .order_by(Segment.interview_id, Segment.idx, Coding.code_id)
    )
    if me is not None:
        decided = exists().where(
            mine.segment_id == Coding.segment_id, mine.code_id == Coding.code_id, mine.coder_id == me
        )
        q = q.where(~decided)
    return [OpenSuggestion(*r) for r in session.execute(q)]
