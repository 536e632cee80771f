"""Counts and integrity checks over a project."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..model import AUTO, SegmentState, UnpseudonymisedReason
from . import pg_grants, postgres
from .schema import (
    CodebookRow,
    Coder,
    CodeRow,
    CoderScore,
    Coding,
    CodingEvent,
    Duiding,
    DuidingSession,
    Interview,
    PrincipleChoice,
    PrincipleScore,
    PrincipleSuggestion,
    ScoreEvent,
    Segment,
    SegmentEvent,
    Theme,
    TurnRow,
)
from .schema_check import schema_problems


def _count(session: Session, model) -> int:  # noqa: ANN001
    return session.scalar(select(func.count()).select_from(model)) or 0


def project_counts(session: Session) -> dict:
    per_omgeving = dict(
        session.execute(
            select(Interview.omgeving, func.count()).group_by(Interview.omgeving).order_by(Interview.omgeving)
        ).all()
    )
    per_status = dict(session.execute(select(Coding.status, func.count()).group_by(Coding.status)).all())
    unpseudo = unpseudonymised_reasons(session)
    books = [
        {
            "id": b.id,
            "naam": b.name,
            "versie": b.version,
            "primair": b.is_primary,
            "codes": session.scalar(
                select(func.count()).select_from(CodeRow).where(CodeRow.codebook_id == b.id)
            ),
        }
        for b in session.scalars(select(CodebookRow).order_by(CodebookRow.is_primary.desc(), CodebookRow.id))
    ]
    return {
        "interviews": _count(session, Interview),
        "per_omgeving": per_omgeving,
        "beurten": _count(session, TurnRow),
        "segmenten": _count(session, Segment),
        "coderingen": per_status,
        "codeurs": sorted(session.scalars(select(Coder.name))),
        "scores": _count(session, PrincipleScore),
        "keuzes": _count(session, PrincipleChoice),
        "suggesties": _count(session, PrincipleSuggestion),
        "codeboeken": books,
        "niet_gepseudonimiseerd": len(unpseudo),
        "niet_gepseudonimiseerd_waarom": unpseudo,
        "member_checks": dict(
            session.execute(
                select(Segment.state, func.count())
                .where(Segment.state != str(SegmentState.ACTIEF))
                .group_by(Segment.state)
                .order_by(Segment.state)
            ).all()
        ),
    }


def practice_work(session: Session) -> dict[str, int]:
    """What people did in a project beyond what ingest, auto-coding and theme building write: codings of a
    coder, their decisions, coders' scores, score changes after ingest, theme edits, sessions and member checks. Only the
    kinds that hold something are listed (empty: the project is as a build script left it)."""
    auto = session.scalar(select(Coder.id).where(Coder.name == AUTO))
    counts = {
        "coderingen": session.scalar(
            select(func.count())
            .select_from(Coding)
            .where(Coding.coder_id != (auto if auto is not None else -1))
        ),
        "beslissingen": _count(session, CodingEvent),
        "scores van codeurs": _count(session, CoderScore),
        "scorewijzigingen": session.scalar(
            select(func.count())
            .select_from(ScoreEvent)
            .where((ScoreEvent.coder.is_not(None)) | (ScoreEvent.changed_by.is_not(None)))
        ),
        "thema-bewerkingen": session.scalar(
            select(func.count())
            .select_from(Theme)
            .where(Theme.edited.is_(True) | Theme.user_label.is_not(None))
        ),
        "duidingssessies": _count(session, DuidingSession),
        "member checks": _count(session, SegmentEvent),
    }
    return {kind: n for kind, n in counts.items() if n}


def unpseudonymised_reasons(session: Session) -> dict[str, list[UnpseudonymisedReason]]:
    """Every interview that holds text stored without pseudonymisation, with why: ingested or imported without
    pseudonymisation, or a form's suggestion read that way. Empty means: everything stored is pseudonymised."""
    out: dict[str, list[UnpseudonymisedReason]] = {}
    for iid, attributes in session.execute(
        select(Interview.id, Interview.attributes).where(Interview.pseudonymised.is_(False))
    ):
        imported = "refi_bron" in (attributes or {})
        out.setdefault(iid, []).append(
            UnpseudonymisedReason.IMPORTED if imported else UnpseudonymisedReason.INGESTED
        )
    typed_raw = PrincipleSuggestion.pseudonymised.is_(False)
    for (iid,) in session.execute(select(PrincipleSuggestion.interview_id).where(typed_raw).distinct()):
        if iid not in out:
            out[iid] = [UnpseudonymisedReason.FORM]
    return dict(sorted(out.items()))


def integrity_problems(session: Session) -> list[str]:
    """Schema objects the project did not make, SQLite's integrity_check and the project's own invariants."""
    problems: list[str] = [f"schema: {p}" for p in _schema_problems(session)]
    if session.get_bind().dialect.name == "sqlite":
        result = [r[0] for r in session.execute(text("PRAGMA integrity_check")).all()]
        if result != ["ok"]:
            problems.extend(f"sqlite: {r}" for r in result)
        problems.extend(
            f"foreign key: {tuple(r)}" for r in session.execute(text("PRAGMA foreign_key_check")).all()
        )
    elif pg_grants.outdated(session.connection()):
        problems.append(
            "rollen: de rechten en rijbeveiliging in de database zijn van een andere versie van Kritische "
            "Blik; de eigenaar van de tabellen werkt ze bij door het project te openen, of "
            "een databasebeheerder voert het script voor de databaserollen opnieuw uit"
        )
    # PostgreSQL checks every foreign key on every write (they cannot be switched off per connection as
    # in SQLite) and guards its own pages (WAL, checksums); checking those is the server administrator's
    # (amcheck, pg_checksums). The project's own invariants below hold on both engines.
    texts = dict(session.execute(select(Interview.id, Interview.text)).all())
    rows = session.execute(
        select(Segment.id, Segment.interview_id, Segment.char_start, Segment.char_end, Segment.text)
    )
    for sid, iid, a, b, seg_text in rows:
        full = texts.get(iid, "")
        if not (0 <= a < b <= len(full)):
            problems.append(f"segment {sid} ({iid}): offsets {a}-{b} buiten de tekst (lengte {len(full)})")
        elif full[a:b] != seg_text:
            problems.append(f"segment {sid} ({iid}): tekst wijkt af van de interviewtekst op {a}-{b}")
    for tid, iid, a, b in session.execute(
        select(TurnRow.id, TurnRow.interview_id, TurnRow.char_start, TurnRow.char_end)
    ):
        if not (0 <= a <= b <= len(texts.get(iid, ""))):
            problems.append(f"beurt {tid} ({iid}): offsets {a}-{b} buiten de tekst")
    # Duidingen point at fragments by id without a foreign key; a dangling id would show another fragment.
    known = set(session.scalars(select(Segment.id)))
    for did, ids in session.execute(select(Duiding.id, Duiding.segment_ids)):
        gone = [i for i in ids or [] if i not in known]
        if gone:
            problems.append(
                f"duiding {did}: verwijst naar onbekende fragment(en) {', '.join(map(str, gone))}"
            )
    return problems


def _schema_problems(session: Session) -> list[str]:
    if session.get_bind().dialect.name == "postgresql":
        return postgres.schema_problems(session.connection())
    return schema_problems(session)


def check_problems(session: Session) -> list[str]:
    """What ``kb check`` reports: :func:`integrity_problems`, or, when foreign schema objects stop that check
    half way, the schema problems and where it stopped."""
    try:
        return integrity_problems(session)
    except SQLAlchemyError as e:
        session.rollback()  # PostgreSQL refuses every statement after an error until then
        problems = [f"schema: {p}" for p in _schema_problems(session)]
        problems.append(f"controle kon niet worden afgemaakt: {getattr(e, 'orig', None) or e}")
        return problems
