"""Duo coding in the store: blind mode, visibility of coder layers, agreement data, disagreement review and
the consensus layer.

Definitions (also in docs/agreement.md)
--------------------------------------
* Human layers are all coders except the machine layer ``auto`` and the duo's ``consensus`` layer
  (``consensus`` can still be compared when named explicitly, e.g. ``--coders A consensus``).
* A coder has *coded* an interview when their layer holds at least one decision (an accepted or rejected
  coding) on one of its segments. Agreement compares coders only on interviews that *all* compared coders
  have coded; withdrawn segments (state ``ingetrokken``) are left out.
* Unit ``segment``: every remaining segment of those interviews. For each code a coder's value is 1 when
  their layer holds an *accepted* coding of that code on the segment, else 0 (rejected or no coding).
  Unit ``interview``: 1 when the coder accepted that code on any segment of the interview.
* Blind mode (``interviews.blind``): while on, a coder sees only their own layer and the ``auto``
  suggestions of that interview; the other human layers and ``consensus`` are hidden. The disagreement
  review and consensus seeding skip blind interviews, because comparing is what ends the blind phase.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Select, case, func, insert, literal, null, select, update
from sqlalchemy.orm import Session

from ..analysis import agreement as stats
from ..analysis import agreement_counts as counts
from ..errors import KBError
from ..model import AGREEMENT_UNITS as UNITS
from ..model import SegmentState, Status
from . import codings as store_codings
from .codings import AUTO, CONSENSUS
from .db import now
from .schema import Coder, CodeRow, Coding, CodingEvent, Interview, Segment

NON_HUMAN = {AUTO, CONSENSUS}


# -- blind mode --------------------------------------------------------------------------------------------


def set_blind(session: Session, interview_ids: Sequence[str] | None, on: bool) -> list[str]:
    """Switch blind mode for the given interviews (None = all); returns the ids changed or confirmed."""
    ids = _check_interviews(session, interview_ids) if interview_ids is not None else all_interview_ids(session)
    if ids:
        session.execute(update(Interview).where(Interview.id.in_(ids)).values(blind=on))
    return ids


def blind_interviews(session: Session) -> set[str]:
    return set(session.scalars(select(Interview.id).where(Interview.blind.is_(True))))


def is_blind(session: Session, interview_id: str) -> bool:
    return bool(session.scalar(select(Interview.blind).where(Interview.id == interview_id)))


def visible_layers(blind: bool, viewer: str | None, all_layers: Iterable[str]) -> set[str]:
    """Which coder layers a viewer may see in an interview with the given blind state."""
    if not blind:
        return set(all_layers)
    return {AUTO} | ({viewer} if viewer else set())


def visibility_filter(session: Session, viewer: str | None) -> Callable[[str, str], bool]:
    """``can_see(interview_id, coder_name)`` for filtering listings and DataFrames of codings.

    Reads the blind flags once, so it is cheap to call per row; e.g.
    ``df[[can_see(i, c) for i, c in zip(df.interview_id, df.coder)]]``.
    """
    blind = blind_interviews(session)

    def can_see(interview_id: str, coder_name: str) -> bool:
        return interview_id not in blind or coder_name == AUTO or (viewer is not None and coder_name == viewer)

    return can_see


@dataclass(frozen=True)
class VisibleCoding:
    coding_id: int
    segment_id: int
    segment_idx: int
    code_id: str
    coder: str
    status: str
    source: str
    confidence: float | None
    evidence: str
    memo: str
    revision: int


def visible_codings(session: Session, interview_id: str, viewer: str | None) -> list[VisibleCoding]:
    """The codings of one interview that ``viewer`` may see: own layer + ``auto``, others only when not blind."""
    q = (
        select(Coding, Coder.name, Segment.idx)
        .join(Coder, Coder.id == Coding.coder_id)
        .join(Segment, Segment.id == Coding.segment_id)
        .where(Segment.interview_id == interview_id)
        .order_by(Segment.idx, Coding.code_id, Coder.name)
    )
    if is_blind(session, interview_id):
        q = q.where(Coder.name.in_(visible_layers(True, viewer, ())))
    return [
        VisibleCoding(c.id, c.segment_id, idx, c.code_id, name, c.status, c.source, c.confidence, c.evidence,
                      c.memo, c.revision)  # fmt: skip
        for c, name, idx in session.execute(q)
    ]


# -- lookups and validation ------------------------------------------------------------------------------


def all_interview_ids(session: Session) -> list[str]:
    return list(session.scalars(select(Interview.id).order_by(Interview.id)))


def _check_interviews(session: Session, ids: Sequence[str]) -> list[str]:
    known = set(all_interview_ids(session))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KBError(f"Onbekend interview: {', '.join(unknown)} (zie 'kb status' of 'kb blind status')")
    return list(dict.fromkeys(ids))


def _check_codes(session: Session, ids: Sequence[str]) -> list[str]:
    known = set(session.scalars(select(CodeRow.id)))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KBError(f"Onbekende code: {', '.join(unknown)} (zie 'kb codebook show')")
    return list(dict.fromkeys(ids))


def human_coders(session: Session) -> list[str]:
    """Coders with at least one coding in their own layer, without ``auto`` and ``consensus``."""
    q = select(Coder.name).join(Coding, Coding.coder_id == Coder.id).distinct().order_by(Coder.name)
    return [n for n in session.scalars(q) if n not in NON_HUMAN]


def pick_coders(
    session: Session,
    coders: Sequence[str] | None,
    available: Callable[[Session], list[str]],
    minimum: int = 2,
    who: str = "codeurs",
    known_label: str = "bekende codeurs",
    hint: str = "geef ze op met --coders A B",
) -> list[str]:
    """The coders to compare: the named ones (whitespace-normalised, duplicates dropped, each must exist and
    none may be the machine layer ``auto``), else ``available(session)``; at least ``minimum`` of them.

    ``who``, ``known_label`` and ``hint`` word the errors for what is compared (codings or scores).
    """
    if coders:
        names = list(dict.fromkeys(" ".join(c.split()) for c in coders))
        if AUTO in names:
            raise KBError("'auto' bevat machinesuggesties; overeenstemming vergelijkt alleen menselijke codeurs")
        known = set(session.scalars(select(Coder.name)))
        unknown = [n for n in names if n not in known]
        if unknown:
            raise KBError(
                f"Onbekende codeur: {', '.join(unknown)}; {known_label}: {', '.join(available(session)) or '(geen)'}"
            )
    else:
        names = available(session)
    if len(names) < minimum:
        raise KBError(
            f"Er zijn minstens {minimum} {who} nodig om te vergelijken (gevonden: {', '.join(names) or 'geen'}); "
            + hint
        )
    return names


def resolve_coders(session: Session, coders: Sequence[str] | None, minimum: int = 2) -> list[str]:
    """Coders whose coding layers are compared (default: every human coder, see :func:`human_coders`)."""
    return pick_coders(session, coders, human_coders, minimum)


def coded_interviews(session: Session, coders: Sequence[str]) -> dict[str, set[str]]:
    """Per coder, the interviews in which their layer holds at least one decision."""
    q = (
        select(Coder.name, Segment.interview_id)
        .join(Coding, Coding.coder_id == Coder.id)
        .join(Segment, Segment.id == Coding.segment_id)
        .where(Coder.name.in_(list(coders)))
        .distinct()
    )
    return interviews_per_coder(session, q, coders)


def interviews_per_coder(session: Session, q: Select, coders: Sequence[str]) -> dict[str, set[str]]:
    """Run a (coder name, interview id) query into coder -> interviews, with an empty set for the silent."""
    out: dict[str, set[str]] = {c: set() for c in coders}
    for name, iid in session.execute(q):
        out[name].add(iid)
    return out


def common_interviews(session: Session, coders: Sequence[str], interview_ids: Sequence[str] | None = None) -> list[str]:
    """Interviews that every one of ``coders`` has coded (optionally within ``interview_ids``)."""
    per = coded_interviews(session, coders)
    common = set.intersection(*per.values()) if per else set()
    if interview_ids is not None:
        common &= set(interview_ids)
    return sorted(common)


def _unit_counts(session: Session, interview_ids: Sequence[str]) -> dict[str, int]:
    """Number of segments (withdrawn left out) per interview: the segment units, counted in SQL."""
    if not interview_ids:
        return {}
    q = (
        select(Segment.interview_id, func.count())
        .where(Segment.interview_id.in_(list(interview_ids)), Segment.state != str(SegmentState.INGETROKKEN))
        .group_by(Segment.interview_id)
    )
    return {iid: int(n) for iid, n in session.execute(q)}


def _accept_patterns(
    session: Session, coders: Sequence[str], interview_ids: Sequence[str], unit: str, per_interview: bool
) -> list[tuple[str | None, str, int, int]]:
    """(interview_id or None, code_id, pattern, number of units) of the coders' accepted codings.

    A pattern is a bit mask over ``coders`` (bit i: ``coders[i]`` accepted the code on the unit); units
    where nobody accepted a code are not listed. SQL does the grouping, so a project with 800k segments
    returns a few rows per code (per interview with ``per_interview``) instead of every coding.
    """
    if not interview_ids or not coders:
        return []
    if len(coders) > 62:
        raise KBError("Overeenstemming vergelijkt hoogstens 62 codeurs tegelijk; kies er minder met --coders")
    mask = sum(
        (func.max(case((Coder.name == name, 1 << i), else_=0)) for i, name in enumerate(coders)), literal(0)
    )
    keys = [Segment.interview_id, Coding.code_id] + ([Coding.segment_id] if unit == "segment" else [])
    per_unit = (
        select(Segment.interview_id.label("iid"), Coding.code_id.label("code"), mask.label("mask"))
        .join(Coder, Coder.id == Coding.coder_id)
        .join(Segment, Segment.id == Coding.segment_id)
        .where(Coding.status == str(Status.ACCEPTED), Coder.name.in_(list(coders)),
               Segment.interview_id.in_(list(interview_ids)), Segment.state != str(SegmentState.INGETROKKEN))
        .group_by(*keys)
        .subquery()
    )  # fmt: skip
    iid = per_unit.c.iid if per_interview else literal(None)
    group = [per_unit.c.code, per_unit.c.mask] + ([per_unit.c.iid] if per_interview else [])
    q = select(iid, per_unit.c.code, per_unit.c.mask, func.count()).group_by(*group)
    return [(i, code, int(m), int(n)) for i, code, m, n in session.execute(q)]


def _layer_rows(session: Session, coders: Sequence[str], interview_ids: Sequence[str]) -> list[tuple[int, str, str, str, str]]:
    """(segment_id, interview_id, coder, code_id, status) of the coders' layers in these interviews."""
    if not interview_ids or not coders:
        return []
    q = (
        select(Coding.segment_id, Segment.interview_id, Coder.name, Coding.code_id, Coding.status)
        .join(Coder, Coder.id == Coding.coder_id)
        .join(Segment, Segment.id == Coding.segment_id)
        .where(Coder.name.in_(list(coders)), Segment.interview_id.in_(list(interview_ids)),
               Segment.state != str(SegmentState.INGETROKKEN))
    )  # fmt: skip
    return [tuple(r) for r in session.execute(q)]


def code_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(CodeRow.id, CodeRow.name)).all())


def _code_order(session: Session) -> dict[str, int]:
    rows = session.execute(select(CodeRow.id).order_by(CodeRow.codebook_id, CodeRow.sort_order, CodeRow.id))
    return {cid: i for i, (cid,) in enumerate(rows)}


# -- agreement ------------------------------------------------------------------------------------------------


@dataclass
class AgreementData:
    """Everything the pure agreement functions need, read once from the store.

    ``patterns[code]`` counts the units by which coders accepted the code (bit i = ``coders[i]``, see
    :mod:`kritischeblik.analysis.agreement_counts`); the other ``n_units`` units are 0 for every coder.
    """

    coders: list[str]
    interviews: list[str]
    unit: str
    n_units: int
    patterns: dict[str, dict[int, int]]
    codes: list[str]


def agreement_data(
    session: Session,
    coders: Sequence[str] | None = None,
    code_ids: Sequence[str] | None = None,
    interview_ids: Sequence[str] | None = None,
    unit: str = "segment",
) -> AgreementData:
    if unit not in UNITS:
        raise KBError(f"Onbekende eenheid '{unit}'; kies uit {', '.join(UNITS)}")
    names = resolve_coders(session, coders)
    if interview_ids:
        interview_ids = _check_interviews(session, interview_ids)
    if code_ids:
        code_ids = _check_codes(session, code_ids)
    interviews = common_interviews(session, names, interview_ids)
    n_units = sum(_unit_counts(session, interviews).values()) if unit == "segment" else len(interviews)
    patterns: dict[str, dict[int, int]] = defaultdict(dict)
    for _iid, code, mask, n in _accept_patterns(session, names, interviews, unit, per_interview=False):
        patterns[code][mask] = n
    if code_ids:
        codes = list(code_ids)
    else:
        order = _code_order(session)
        codes = sorted(patterns, key=lambda c: (order.get(c, 1 << 30), c))
    return AgreementData(names, interviews, unit, n_units, dict(patterns), codes)


def agreement_frame(
    session: Session,
    coders: Sequence[str] | None = None,
    code_ids: Sequence[str] | None = None,
    interview_ids: Sequence[str] | None = None,
    unit: str = "segment",
) -> pd.DataFrame:
    """Agreement per code plus a pooled total row, with code names: the 'Overeenstemming' table.

    Columns: code, naam, eenheden, ``n <coder>`` per coder, alle ja, % overeenstemming, kappa, alpha,
    opmerking (why a statistic is empty). ``df.attrs`` holds coders, interviews and unit.
    """
    data = agreement_data(session, coders, code_ids, interview_ids, unit)
    df = counts.agreement_table_from_patterns(data.n_units, data.coders, data.patterns, data.codes)
    names = code_names(session)
    df.insert(1, "naam", [names.get(c, "alle gebruikte codes" if c == stats.TOTAL else "") for c in df["code"]])
    df.attrs.update({"codeurs": data.coders, "interviews": data.interviews, "eenheid": unit})
    return df


def optional_agreement_frame(session: Session, coders: Sequence[str] | None = None) -> pd.DataFrame | None:
    """:func:`agreement_frame` for exports: None instead of an error when fewer than two coders coded."""
    if coders is None and len(human_coders(session)) < 2:
        return None
    return agreement_frame(session, coders)


def per_interview_agreement(
    session: Session, coders: Sequence[str] | None = None, code_ids: Sequence[str] | None = None
) -> dict[str, float | None]:
    """{interview_id: κ (two coders) or nominal α (more) over segments × used codes, or None}.

    Without ``coders``, each interview compares the human coders who coded it; an interview with fewer
    than two such coders, or with an undefined statistic, maps to None.
    """
    out: dict[str, float | None] = {i: None for i in all_interview_ids(session)}
    names = list(coders) if coders else human_coders(session)
    if coders:
        resolve_coders(session, coders)
    per = coded_interviews(session, names)
    by_interview: dict[str, list[str]] = defaultdict(list)
    for c in names:
        for iid in per[c]:
            by_interview[iid].append(c)
    todo = sorted(i for i, cs in by_interview.items() if len(cs) >= 2 and not (coders and len(cs) != len(names)))
    # One grouped query for the whole project rather than one per interview: the overview lists them all.
    n_units = _unit_counts(session, todo)
    bit = {c: 1 << i for i, c in enumerate(names)}
    patterns: dict[str, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for iid, code, mask, n in _accept_patterns(session, names, todo, "segment", per_interview=True):
        patterns[iid][code][mask] = n
    for iid in todo:
        cs = by_interview[iid]
        # Re-number the bits to this interview's coders (the others have no codings in it).
        local = {code: _project_masks(p, [bit[c] for c in cs]) for code, p in patterns[iid].items()}
        local = {code: p for code, p in local.items() if p}
        codes = list(code_ids) if code_ids else sorted(local)
        out[iid] = counts.pooled_agreement_from_patterns(n_units.get(iid, 0), cs, local, codes)
    return out


def _project_masks(patterns: dict[int, int], bits: Sequence[int]) -> dict[int, int]:
    """Patterns over all compared coders → patterns over ``bits`` (bit i of the result = ``bits[i]``)."""
    out: dict[int, int] = {}
    for mask, n in patterns.items():
        local = sum(1 << i for i, b in enumerate(bits) if mask & b)
        if local:
            out[local] = out.get(local, 0) + n
    return out


# -- disagreement review and consensus ---------------------------------------------------------------------


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
        interview_ids = _check_interviews(session, interview_ids)
    common = common_interviews(session, coders, interview_ids)
    blind = blind_interviews(session)
    return [i for i in common if i not in blind], [i for i in common if i in blind]


def review_coders(session: Session, coders: Sequence[str] | None) -> list[str]:
    names = resolve_coders(session, coders)
    if CONSENSUS in names:
        raise KBError("'consensus' is de gezamenlijke laag; vergelijk de codeurs zelf, bijv. --coders A B")
    return names


def _review_status(
    session: Session,
    coders: Sequence[str] | None,
    interview_ids: Sequence[str] | None,
    code_ids: Sequence[str] | None,
) -> tuple[list[str], list[str], list[str], dict[tuple[int, str], dict[str, str]]]:
    """Status per (segment, code) per coder, consensus layer included, over the non-blind common interviews.

    Returns (coders, usable interviews, skipped blind interviews, status).
    """
    names = review_coders(session, coders)
    code_filter = set(_check_codes(session, code_ids)) if code_ids else None
    interviews, skipped = _review_scope(session, names, interview_ids)
    status: dict[tuple[int, str], dict[str, str]] = defaultdict(dict)
    for sid, _iid, c, code, st in _layer_rows(session, [*names, CONSENSUS], interviews):
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
    names, _, skipped, status = _review_status(session, coders, interview_ids, code_ids)
    accepted = str(Status.ACCEPTED)
    keys = [
        k for k, per in status.items()
        if len({per.get(c) == accepted for c in names}) > 1 and (not only_open or CONSENSUS not in per)
    ]  # fmt: skip
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
    order = _code_order(session)
    out = []
    for sid, code in keys:
        seg = segs[sid]
        per = status[(sid, code)]
        out.append(
            Disagreement(
                segment_id=sid, interview_id=seg.interview_id, segment_idx=seg.idx, section=seg.section,
                speaker=seg.speaker, text=seg.text, code_id=code, code_name=names_by_code.get(code, code),
                status={c: per.get(c) for c in names}, memo={c: memos.get((sid, code, c), "") for c in names},
                consensus=per.get(CONSENSUS), consensus_memo=memos.get((sid, code, CONSENSUS), ""),
            )
        )  # fmt: skip
    out.sort(key=lambda d: (d.interview_id, d.segment_idx, order.get(d.code_id, 1 << 30), d.code_id))
    return out, skipped


def decide_consensus(
    session: Session, segment_id: int, code_id: str, keep: bool, by: str, memo: str | None = None,
    expected_revision: int | None = None,
) -> Coding:  # fmt: skip
    """Record the duo's decision in the consensus layer; the memo and history name who decided."""
    by = " ".join((by or "").split())
    if not by:
        raise KBError("Geef op wie besluit met --by NAAM (of zet $KB_CODER).")
    if by in NON_HUMAN:
        raise KBError(f"'{by}' is geen persoon; geef met --by de naam van wie besluit")
    seg = session.get(Segment, segment_id)
    if seg is None:
        raise KBError(f"Onbekend segment {segment_id}")
    if seg.interview.blind:
        raise KBError(
            f"Interview {seg.interview_id} staat nog op blind; zet blind uit met 'kb blind off {seg.interview_id}' "
            "voordat de duo een consensus vastlegt."
        )
    store_codings.coder(session, by)  # the decider is a user of the project
    note = f"besloten door {by}"
    full_memo = f"{memo.strip()} ({note})" if memo and memo.strip() else note
    row = store_codings.decide(
        session, segment_id, code_id, CONSENSUS, "accept" if keep else "reject", memo=full_memo,
        expected_revision=expected_revision,
    )  # fmt: skip
    assert row is not None
    return row


def seed_consensus(
    session: Session,
    coders: Sequence[str] | None,
    interview_ids: Sequence[str] | None = None,
    code_ids: Sequence[str] | None = None,
    bulk: bool = True,
) -> dict:
    """Copy every decision all coders share into the consensus layer, never overwriting one made there.

    Shared acceptances become accepted consensus codings; codings every coder explicitly rejected become
    rejected ones (so the suggestion is not raised again). A code nobody coded needs no consensus row.
    Each new consensus coding gets its ``coding_events`` row, as a decision made one by one would.

    ``bulk=False`` records them one by one through :func:`kritischeblik.store.codings.decide`; the default
    writes the same rows with a few set-based statements (identical codings and history, in the same
    order, with one timestamp for the whole run).
    """
    names, interviews, skipped, status = _review_status(session, coders, interview_ids, code_ids)
    memo = f"overeenstemming {' en '.join(names)}"
    counts = {"geaccepteerd": 0, "afgewezen": 0, "al_besloten": 0, "interviews": len(interviews),
              "overgeslagen_blind": skipped}  # fmt: skip
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
        counts["geaccepteerd" if st == str(Status.ACCEPTED) else "afgewezen"] += 1
    if not bulk:
        for sid, code, st in todo:
            store_codings.decide(session, sid, code, CONSENSUS, "accept" if st == str(Status.ACCEPTED) else "reject",
                                 memo=memo)  # fmt: skip
    elif todo:
        _insert_consensus(session, todo, memo)
    return counts


def _insert_consensus(session: Session, todo: Sequence[tuple[int, str, str]], memo: str) -> None:
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
        source, confidence, evidence = auto.get((sid, code), ("handmatig", None, ""))
        rows.append({"segment_id": sid, "code_id": code, "coder_id": who.id, "status": st, "source": source,
                     "confidence": confidence, "evidence": evidence, "memo": memo, "created_at": stamp,
                     "updated_at": stamp, "revision": 1})  # fmt: skip
    # Core executemany in (segment, code) order: the ids come out in the order decide would give them.
    session.execute(insert(Coding.__table__), rows)
    accepted = str(Status.ACCEPTED)
    new = select(
        Coding.id, Coding.segment_id, Coding.code_id, literal(CONSENSUS),
        case((Coding.status == accepted, literal("accept")), else_=literal("reject")),
        null(), Coding.status, Coding.memo, literal(stamp),
    ).where(Coding.coder_id == who.id, Coding.id >= first_new).order_by(Coding.id)  # fmt: skip
    cols = ["coding_id", "segment_id", "code_id", "coder", "action", "old_status", "new_status", "memo", "at"]
    session.execute(insert(CodingEvent.__table__).from_select(cols, new))
