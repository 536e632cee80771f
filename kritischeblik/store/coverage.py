"""The basis of an analysis: which coding layer it rests on and how many interviews that layer covers.

One read-only query for every shell and export (:func:`basis`), so every screen, command and file says the
same "gebaseerd op: …; 3 van 26 interviews gecodeerd". Withdrawn fragments count nowhere, as in the exports.
"""

from __future__ import annotations

import json
from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..model import AUTO, CONSENSUS, Basis, BasisLayer, SegmentState, Status
from .schema import Coder, Coding, Interview, Meta, PrincipleSuggestion, Segment, ThemeSet

SESSION_BASIS_META = "session_basis:{}"
"""Meta key per duidingssessie: JSON of the :class:`Basis` its themes rested on when it started."""


def _layer_filter(layer: str, coder: str | None) -> list:
    decided = Coding.status.in_([str(Status.ACCEPTED), str(Status.REJECTED)])
    if layer == BasisLayer.CODEUR:
        return [Coder.name == coder, decided]
    if layer == BasisLayer.CONSENSUS:
        return [Coder.name == CONSENSUS, decided]
    if layer in (BasisLayer.CODEURS, BasisLayer.GEMENGD):
        return [Coder.name != AUTO, decided]
    if layer == BasisLayer.SUGGESTIES:
        return [Coder.name == AUTO, Coding.status == str(Status.SUGGESTED)]
    raise ValueError(f"unknown layer {layer!r}")


def coded_interviews(session: Session, layer: str, coder: str | None = None) -> set[str]:
    """Interviews with at least one decision in ``layer`` (a machine suggestion for ``suggesties``; a
    proposal for a new principle for ``-``), counting only fragments that were not withdrawn."""
    if layer == "-":
        return set(session.scalars(select(PrincipleSuggestion.interview_id).distinct()))
    q = (
        select(Segment.interview_id)
        .join(Coding, Coding.segment_id == Segment.id)
        .join(Coder, Coder.id == Coding.coder_id)
        .where(Segment.state != str(SegmentState.INGETROKKEN), *_layer_filter(layer, coder))
        .distinct()
    )
    return set(session.scalars(q))


def auto_layer(session: Session, code_ids: Collection[str] | None = None) -> str:
    """The layer ``auto`` picks for the whole project, or for ``code_ids`` (the rule of
    analysis.matrices.resolve_basis): consensus when it has accepted codings, else every human coder when
    any has, else the suggestions."""
    accepted = (
        select(func.count())
        .select_from(Coding)
        .join(Coder, Coder.id == Coding.coder_id)
        .join(Segment, Segment.id == Coding.segment_id)
        .where(Coding.status == str(Status.ACCEPTED), Segment.state != str(SegmentState.INGETROKKEN))
    )
    if code_ids is not None:
        accepted = accepted.where(Coding.code_id.in_([str(c) for c in code_ids]))
    if session.scalar(accepted.where(Coder.name == CONSENSUS)):
        return BasisLayer.CONSENSUS
    if session.scalar(accepted.where(Coder.name != AUTO)):
        return BasisLayer.CODEURS
    return BasisLayer.SUGGESTIES


def basis(
    session: Session,
    layer: str,
    coder: str | None = None,
    requested: str = BasisLayer.AUTO,
    interview_ids: Collection[str] | None = None,
    scoped: bool = False,
) -> Basis:
    """The :class:`Basis` of a resolved ``layer``; ``interview_ids`` limits the project (a filter);
    ``scoped``: ``auto`` was resolved for some codes only (the coverage is still that of the whole layer)."""
    every = set(session.scalars(select(Interview.id)))
    if interview_ids is not None:
        every &= {str(i) for i in interview_ids}
    coded = coded_interviews(session, layer, coder if layer == BasisLayer.CODEUR else None) & every
    return Basis(
        layer, coder if layer == BasisLayer.CODEUR else None, len(coded), len(every), requested, scoped=scoped
    )


def layer_bases(session: Session) -> list[Basis]:
    """Every coding layer with the interviews it covers: each coder, the consensus, the machine suggestions."""
    names = sorted(session.scalars(select(Coder.name)))
    out = [
        basis(session, BasisLayer.CODEUR, n, requested=BasisLayer.CODEUR)
        for n in names
        if n not in (AUTO, CONSENSUS)
    ]
    if CONSENSUS in names:
        out.append(basis(session, BasisLayer.CONSENSUS, requested=BasisLayer.CONSENSUS))
    if AUTO in names:
        out.append(basis(session, BasisLayer.SUGGESTIES, requested=BasisLayer.SUGGESTIES))
    return out


def project_basis(session: Session) -> Basis:
    """What ``auto`` rests on for the whole project today."""
    return basis(session, auto_layer(session))


def theme_basis(session: Session, kind: str) -> Basis | None:
    """The basis of the kind's saved themes (from the set's parameters), with ``now`` set to the layer
    ``auto`` would choose today, so a screen can say when the themes rest on older ground; None without
    themes. Coverage is the one stored at clustering time (sets from before it was stored: counted now)."""
    # the kind's current set, as store.themes.current_set (not imported: that module pulls in pandas)
    tset = session.scalar(select(ThemeSet).where(ThemeSet.kind == kind).order_by(ThemeSet.id.desc()).limit(1))
    if tset is None:
        return None
    params = tset.params or {}
    layer = str(params.get("basis") or "-")
    stored = params.get("dekking")
    if isinstance(stored, dict):
        found = Basis.from_dict({"basis": layer, **stored})
    else:
        found = basis(session, layer, params.get("coder"), scoped=True)
    codes = stored.get("codes") if isinstance(stored, dict) else None
    # a basis the user chose (a layer, or a coder by name) stays the choice; only auto's choice can move
    chosen = layer in ("-", BasisLayer.CODEUR) or found.requested != BasisLayer.AUTO
    now = None if chosen else auto_layer(session, codes)
    return Basis(found.layer, found.coder, found.coded, found.total, found.requested, now, found.scoped)


def theme_bases(session: Session) -> dict[str, Basis]:
    """:func:`theme_basis` of every kind that has saved themes."""
    kinds = sorted(set(session.scalars(select(ThemeSet.kind).distinct())))
    return {k: b for k in kinds if (b := theme_basis(session, k)) is not None}


def save_session_basis(session: Session, session_id: int, found: Basis) -> None:
    session.merge(
        Meta(
            key=SESSION_BASIS_META.format(int(session_id)),
            value=json.dumps(found.as_dict(), ensure_ascii=False),
        )
    )


def session_basis(session: Session, session_id: int) -> Basis | None:
    """The basis a session's themes rested on when it started; None for sessions started before it was kept."""
    row = session.get(Meta, SESSION_BASIS_META.format(int(session_id)))
    if row is None:
        return None
    try:
        return Basis.from_dict(json.loads(row.value))
    except (ValueError, TypeError, AttributeError):
        return None
