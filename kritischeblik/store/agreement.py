"""Coder agreement in the store: which coders and interviews are compared, and what they accepted, counted
per code and pattern (the statistics are computed from these counts in :mod:`kritischeblik.services.agreement`).

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
* Blind mode: see :mod:`.blind`; the disagreement review: :mod:`.disagreements`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, case, func, literal, select
from sqlalchemy.orm import Session

from ..errors import Hint, KBError
from ..model import AGREEMENT_UNITS as UNITS
from ..model import AUTO, CONSENSUS, SegmentState, Status
from ..wording import noun
from .blind import all_interview_ids, check_codes, check_interviews
from .codings import find_coder
from .schema import Coder, CodeRow, Coding, Segment

NON_HUMAN = {AUTO, CONSENSUS}


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
    hint: Hint = Hint.CHOOSE_CODERS,
) -> list[str]:
    """The coders to compare: the named ones (whitespace-normalised, duplicates dropped, each must exist and
    none may be the machine layer ``auto``), else ``available(session)``; at least ``minimum`` of them.

    ``who``, ``known_label`` and ``hint`` (what to do when there are too few) word the errors for what is
    compared (codings or scores).
    """
    if coders:
        typed = list(dict.fromkeys(" ".join(c.split()) for c in coders))
        if AUTO in typed:
            raise KBError(
                "'auto' bevat machinesuggesties; overeenstemming vergelijkt alleen menselijke codeurs"
            )
        # the one name rule of kb code and the TUI: 'anna' is the stored 'Anna'
        found = {n: find_coder(session, n) for n in typed}
        unknown = [n for n, c in found.items() if c is None]
        if unknown:
            label = "Onbekende " + noun(len(unknown), "codeur", "codeurs")
            raise KBError(
                f"{label}: {', '.join(unknown)}; {known_label}: {', '.join(available(session)) or '(geen)'}"
            )
        names = list(dict.fromkeys(c.name for c in found.values() if c is not None))
    else:
        names = available(session)
    if len(names) < minimum:
        raise KBError(
            f"Er zijn minstens {minimum} {who} nodig om te vergelijken (gevonden: {', '.join(names) or 'geen'})",
            hint=hint,
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


def common_interviews(
    session: Session, coders: Sequence[str], interview_ids: Sequence[str] | None = None
) -> list[str]:
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
        raise KBError(
            "Overeenstemming vergelijkt hoogstens 62 codeurs tegelijk; kies er minder",
            hint=Hint.CHOOSE_CODERS,
        )
    mask = sum(
        (func.max(case((Coder.name == name, 1 << i), else_=0)) for i, name in enumerate(coders)), literal(0)
    )
    keys = [Segment.interview_id, Coding.code_id] + ([Coding.segment_id] if unit == "segment" else [])
    per_unit = (
        select(Segment.interview_id.label("iid"), Coding.code_id.label("code"), mask.label("mask"))
        .join(Coder, Coder.id == Coding.coder_id)
        .join(Segment, Segment.id == Coding.segment_id)
        .where(
            Coding.status == str(Status.ACCEPTED),
            Coder.name.in_(list(coders)),
            Segment.interview_id.in_(list(interview_ids)),
            Segment.state != str(SegmentState.INGETROKKEN),
        )
        .group_by(*keys)
        .subquery()
    )
    iid = per_unit.c.iid if per_interview else literal(None)
    group = [per_unit.c.code, per_unit.c.mask] + ([per_unit.c.iid] if per_interview else [])
    q = select(iid, per_unit.c.code, per_unit.c.mask, func.count()).group_by(*group)
    return [(i, code, int(m), int(n)) for i, code, m, n in session.execute(q)]


def layer_rows(
    session: Session, coders: Sequence[str], interview_ids: Sequence[str]
) -> list[tuple[int, str, str, str, str]]:
    """(segment_id, interview_id, coder, code_id, status) of the coders' layers in these interviews."""
    if not interview_ids or not coders:
        return []
    q = (
        select(Coding.segment_id, Segment.interview_id, Coder.name, Coding.code_id, Coding.status)
        .join(Coder, Coder.id == Coding.coder_id)
        .join(Segment, Segment.id == Coding.segment_id)
        .where(
            Coder.name.in_(list(coders)),
            Segment.interview_id.in_(list(interview_ids)),
            Segment.state != str(SegmentState.INGETROKKEN),
        )
    )
    return [tuple(r) for r in session.execute(q)]


def code_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(CodeRow.id, CodeRow.name)).all())


def code_order(session: Session) -> dict[str, int]:
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
        interview_ids = check_interviews(session, interview_ids)
    if code_ids:
        code_ids = check_codes(session, code_ids)
    interviews = common_interviews(session, names, interview_ids)
    n_units = sum(_unit_counts(session, interviews).values()) if unit == "segment" else len(interviews)
    patterns: dict[str, dict[int, int]] = defaultdict(dict)
    for _iid, code, mask, n in _accept_patterns(session, names, interviews, unit, per_interview=False):
        patterns[code][mask] = n
    if code_ids:
        codes = list(code_ids)
    else:
        order = code_order(session)
        codes = sorted(patterns, key=lambda c: (order.get(c, 1 << 30), c))
    return AgreementData(names, interviews, unit, n_units, dict(patterns), codes)


@dataclass
class InterviewPatterns:
    """One interview's units for the agreement of the coders who coded it (see :func:`per_interview_patterns`)."""

    interview_id: str
    coders: list[str]
    n_units: int
    patterns: dict[str, dict[int, int]]
    """per code, units by pattern over ``coders`` (bit i = ``coders[i]``)"""


def per_interview_patterns(
    session: Session, coders: Sequence[str] | None = None
) -> tuple[list[str], list[InterviewPatterns]]:
    """Every interview id, and the accepted-code patterns of each interview that can be compared.

    Without ``coders``, each interview compares the human coders who coded it; with ``coders``, only the
    interviews that all of them coded. Interviews with fewer than two such coders are left out.
    """
    names = list(coders) if coders else human_coders(session)
    if coders:
        resolve_coders(session, coders)
    per = coded_interviews(session, names)
    by_interview: dict[str, list[str]] = defaultdict(list)
    for c in names:
        for iid in per[c]:
            by_interview[iid].append(c)
    todo = sorted(
        i for i, cs in by_interview.items() if len(cs) >= 2 and not (coders and len(cs) != len(names))
    )
    # One grouped query for the whole project rather than one per interview: the overview lists them all.
    n_units = _unit_counts(session, todo)
    bit = {c: 1 << i for i, c in enumerate(names)}
    patterns: dict[str, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for iid, code, mask, n in _accept_patterns(session, names, todo, "segment", per_interview=True):
        patterns[iid][code][mask] = n
    out = []
    for iid in todo:
        cs = by_interview[iid]
        # Re-number the bits to this interview's coders (the others have no codings in it).
        local = {code: _project_masks(p, [bit[c] for c in cs]) for code, p in patterns[iid].items()}
        out.append(
            InterviewPatterns(iid, cs, n_units.get(iid, 0), {code: p for code, p in local.items() if p})
        )
    return all_interview_ids(session), out


def _project_masks(patterns: dict[int, int], bits: Sequence[int]) -> dict[int, int]:
    """Patterns over all compared coders → patterns over ``bits`` (bit i of the result = ``bits[i]``)."""
    out: dict[int, int] = {}
    for mask, n in patterns.items():
        local = sum(1 << i for i, b in enumerate(bits) if mask & b)
        if local:
            out[local] = out.get(local, 0) + n
    return out
