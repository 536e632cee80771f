"""The duo's disagreement review: where the coders' layers differ on a code, and the consensus layer's rows.

Blind interviews are skipped: comparing is what ends the blind phase (see :mod:`.blind`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, insert, literal, null, select
from sqlalchemy.orm import Session

from ..errors import Hint, KBError
from ..model import AUTO, CONSENSUS, HANDMATIG, Action, Status
from . import codings as store_codings
from .agreement import code_names, code_order, common_interviews, layer_rows, resolve_coders
from .blind import blind_interviews, check_codes, check_interviews
from .db import now
from .schema import Coder, Coding, CodingEvent, Segment


@dataclass(frozen=True)
class Disagreement:
    segment_id: int
    interview_id: str
    segment_idx: int
    section: str
    speaker: str
    text: str
    code_id: str
    code_name: str
    status: dict[str, str | None]
    """per coder: 'accepted', 'rejected' or None (no decision)"""
    memo: dict[str, str]
    consensus: str | None
    """status in the consensus layer, None while undecided"""
    consensus_memo: str = ""


def _review_scope(
    session: Session, coders: Sequence[str], interview_ids: Sequence[str] | None
) -> tuple[list[str], list[str]]:
    """Common interviews of the coders, without blind ones; returns (usable, skipped_blind)."""
    if interview_ids:
        interview_ids = check_interviews(session, interview_ids)
    common = common_interviews(session, coders, interview_ids)
    blind = blind_interviews(session)
    return [i for i in common if i not in blind], [i for i in common if i in blind]


def review_coders(session: Session, coders: Sequence[str] | None) -> list[str]:
    names = resolve_coders(session, coders)
    if CONSENSUS in names:
        raise KBError(
            "'consensus' is de gezamenlijke laag; vergelijk de codeurs zelf", hint=Hint.CHOOSE_CODERS
        )
    return names


def review_status(
    session: Session,
    coders: Sequence[str] | None,
    interview_ids: Sequence[str] | None,
    code_ids: Sequence[str] | None,
) -> tuple[list[str], list[str], list[str], dict[tuple[int, str], dict[str, str]]]:
    """Status per (segment, code) per coder, consensus layer included, over the non-blind common interviews.

    Returns (coders, usable interviews, skipped blind interviews, status).
    """
    names = review_coders(session, coders)
    code_filter = set(check_codes(session, code_ids)) if code_ids else None
    interviews, skipped = _review_scope(session, names, interview_ids)
    status: dict[tuple[int, str], dict[str, str]] = defaultdict(dict)
    for sid, _iid, c, code, st in layer_rows(session, [*names, CONSENSUS], interviews):
        if code_filter is None or code in code_filter:
            status[(sid, code)][c] = st
    return names, interviews, skipped, status


def disagreements(
    session: Session,
    coders: Sequence[str] | None,
    interview_ids: Sequence[str] | None = None,
    code_ids: Sequence[str] | None = None,
    only_open: bool = False,
) -> tuple[list[Disagreement], list[str]]:
    """Fragments where the coders differ on a code (someone accepted it, someone did not).

    Returns the disagreements in text order and the interviews skipped because they are still blind.
    """
    names, _, skipped, status = review_status(session, coders, interview_ids, code_ids)
    accepted = str(Status.ACCEPTED)
    keys = [
        k
        for k, per in status.items()
        if len({per.get(c) == accepted for c in names}) > 1 and (not only_open or CONSENSUS not in per)
    ]
    if not keys:
        return [], skipped
    seg_ids = sorted({sid for sid, _ in keys})
    segs = {s.id: s for s in session.scalars(select(Segment).where(Segment.id.in_(seg_ids)))}
    memos: dict[tuple[int, str, str], str] = {}
    q = (
        select(Coding.segment_id, Coding.code_id, Coder.name, Coding.memo)
        .join(Coder, Coder.id == Coding.coder_id)
        .where(Coding.segment_id.in_(seg_ids), Coder.name.in_([*names, CONSENSUS]))
    )
    for sid, code, c, memo in session.execute(q):
        memos[(sid, code, c)] = memo or ""
    names_by_code = code_names(session)
    order = code_order(session)
    out = []
    for sid, code in keys:
        seg = segs[sid]
        per = status[(sid, code)]
        out.append(
            Disagreement(
                segment_id=sid,
                interview_id=seg.interview_id,
                segment_idx=seg.idx,
                section=seg.section,
                speaker=seg.speaker,
                text=seg.text,
                code_id=code,
                code_name=names_by_code.get(code, code),
                status={c: per.get(c) for c in names},
                memo={c: memos.get((sid, code, c), "") for c in names},
                consensus=per.get(CONSENSUS),
                consensus_memo=memos.get((sid, code, CONSENSUS), ""),
            )
        )
    out.sort(key=lambda d: (d.interview_id, d.segment_idx, order.get(d.code_id, 1 << 30), d.code_id))
    return out, skipped


def insert_consensus(session: Session, todo: Sequence[tuple[int, str, str]], memo: str) -> None:
    """New consensus codings (segment, code, status) with their history rows, as ``decide`` would write them
    one by one: source, confidence and evidence of a machine suggestion on the same (segment, code) are
    kept, and each event has action accept or reject, no old status, the new status and the memo."""
    who = store_codings.coder(session, CONSENSUS)
    stamp = now()
    auto: dict[tuple[int, str], tuple[str, float | None, str]] = {}
    seg_ids = sorted({sid for sid, _code, _st in todo})
    for chunk in (seg_ids[i : i + 500] for i in range(0, len(seg_ids), 500)):
        q = (
            select(Coding.segment_id, Coding.code_id, Coding.source, Coding.confidence, Coding.evidence)
            .join(Coder, Coder.id == Coding.coder_id)
            .where(Coder.name == AUTO, Coding.segment_id.in_(chunk))
        )
        for sid, code, source, confidence, evidence in session.execute(q):
            auto[(sid, code)] = (source, confidence, evidence)
    first_new = (session.scalar(select(func.max(Coding.id))) or 0) + 1
    rows = []
    for sid, code, st in todo:
        source, confidence, evidence = auto.get((sid, code), (HANDMATIG, None, ""))
        rows.append(
            {
                "segment_id": sid,
                "code_id": code,
                "coder_id": who.id,
                "status": st,
                "source": source,
                "confidence": confidence,
                "evidence": evidence,
                "memo": memo,
                "created_at": stamp,
                "updated_at": stamp,
                "revision": 1,
            }
        )
    # Core executemany in (segment, code) order: the ids come out in the order decide would give them.
    session.execute(insert(Coding.__table__), rows)
    accepted = str(Status.ACCEPTED)
    new = (
        select(
            Coding.id,
            Coding.segment_id,
            Coding.code_id,
            literal(CONSENSUS),
            case((Coding.status == accepted, literal(str(Action.ACCEPT))), else_=literal(str(Action.REJECT))),
            null(),
            Coding.status,
            Coding.memo,
            literal(stamp),
        )
        .where(Coding.coder_id == who.id, Coding.id >= first_new)
        .order_by(Coding.id)
    )
    cols = ["coding_id", "segment_id", "code_id", "coder", "action", "old_status", "new_status", "memo", "at"]
    session.execute(insert(CodingEvent.__table__).from_select(cols, new))
