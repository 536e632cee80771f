"""Coder layers, machine suggestions and coder decisions, with an append-only decision history.

Layers: every coder has their own codings (``coder_id``). Machine suggestions live in the reserved layer
``auto`` with status ``suggested``; a coder's accept/reject creates a coding in the coder's own layer, so a
suggestion can never overwrite a decision and duo members code independently. ``consensus`` is the
reserved layer for the duo's agreed coding.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from ..errors import Hint, KBError
from ..model import AUTO, CONSENSUS, HANDMATIG, Action, Status, Suggestion
from .db import now
from .schema import Coder, CodeRow, Coding, CodingEvent, Segment

RESERVED = {AUTO}
LAYERS = (AUTO, CONSENSUS)
"""The reserved layers (machine suggestions, the duo's agreed coding); every other coder is a person."""
ACTIONS = tuple(str(a) for a in Action)


class ConflictError(KBError):
    """Someone else changed this coding since the caller last saw it."""


def coder_key(name: str) -> str:
    """What makes two spellings one coder: case and surrounding or doubled spaces do not count."""
    return " ".join((name or "").split()).casefold()


def find_coder(session: Session, name: str) -> Coder | None:
    """The coder whose name matches ``name`` case-insensitively and trimmed (``anna `` is ``Anna``); an exact
    match first, for a project from before names were matched this way that holds both spellings."""
    clean = " ".join((name or "").split())
    exact = session.scalar(select(Coder).where(Coder.name == clean))
    if exact is not None:
        return exact
    key = coder_key(clean)
    # casefold in Python: SQLite's lower() knows only ASCII (Özlem, Ewa); a project has a handful of coders
    return next(
        (c for c in session.scalars(select(Coder).order_by(Coder.id)) if coder_key(c.name) == key), None
    )


def person_coders(session: Session) -> list[str]:
    """Every coder who is a person (not a reserved layer), also those with only scores, by name."""
    names = session.scalars(select(Coder.name).order_by(Coder.name))
    return [n for n in names if n not in LAYERS]


def interview_layers(session: Session, interview_id: str) -> list[str]:
    """The layers (persons, ``auto``, ``consensus``) that hold a coding in this interview, by name."""
    q = (
        select(Coder.name)
        .join(Coding, Coding.coder_id == Coder.id)
        .join(Segment, Segment.id == Coding.segment_id)
        .where(Segment.interview_id == interview_id)
        .distinct()
        .order_by(Coder.name)
    )
    return list(session.scalars(q))


def coder(session: Session, name: str, create: bool = True) -> Coder:
    """The coder named ``name`` (matched as :func:`find_coder` does); created when new and ``create``."""
    name = " ".join((name or "").split())
    if not name:
        raise KBError("Geef een codeur op.", hint=Hint.NAME_CODER)
    row = find_coder(session, name)
    if row is None:
        if not create:
            raise KBError(f"Onbekende codeur '{name}'")
        row = Coder(name=name, created_at=now())
        session.add(row)
        session.flush()
    return row


def _event(
    session: Session,
    coding: Coding | None,
    segment_id: int,
    code_id: str,
    who: str,
    action: str,
    old: str | None,
    new: str | None,
    memo: str = "",
) -> None:
    session.add(
        CodingEvent(
            coding_id=coding.id if coding is not None else None,
            segment_id=segment_id,
            code_id=code_id,
            coder=who,
            action=action,
            old_status=old,
            new_status=new,
            memo=memo,
            at=now(),
        )
    )


def _check_refs(session: Session, segment_id: int, code_id: str) -> None:
    if session.get(Segment, segment_id) is None:
        raise KBError(f"Onbekend segment {segment_id}")
    if session.get(CodeRow, code_id) is None:
        raise KBError(f"Onbekende code '{code_id}'", hint=Hint.LIST_CODES)


def find(session: Session, segment_id: int, code_id: str, coder_name: str) -> Coding | None:
    who = find_coder(session, coder_name)
    if who is None:
        return None
    return session.scalar(
        select(Coding).where(
            Coding.segment_id == segment_id, Coding.code_id == code_id, Coding.coder_id == who.id
        )
    )


def decide(
    session: Session,
    segment_id: int,
    code_id: str,
    coder_name: str,
    action: str,
    memo: str | None = None,
    expected_revision: int | None = None,
) -> Coding | None:
    """Apply a coder's decision. ``expected_revision`` (0 = "I saw no coding") guards against lost updates."""
    action = str(action)
    if action not in ACTIONS:
        raise KBError(f"Onbekende actie '{action}'; kies uit {', '.join(ACTIONS)}")
    if coder_name in RESERVED:
        raise KBError(f"'{coder_name}' is gereserveerd voor machinesuggesties")
    _check_refs(session, segment_id, code_id)
    who = coder(session, coder_name)
    coder_name = who.name  # as first written: the history and messages name one coder one way
    row = find(session, segment_id, code_id, coder_name)
    current_rev = row.revision if row is not None else 0
    if expected_revision is not None and expected_revision != current_rev:
        state = f"status '{row.status}'" if row is not None else "verwijderd"
        raise ConflictError(
            f"Conflict: de codering van segment {segment_id} met '{code_id}' door {coder_name} is intussen "
            f"gewijzigd ({state}, versie {current_rev}); laad opnieuw en beslis nog eens."
        )
    stamp = now()
    if action == Action.REMOVE:
        if row is None:
            raise KBError(f"Segment {segment_id} heeft geen codering '{code_id}' van {coder_name}")
        _event(session, row, segment_id, code_id, coder_name, action, row.status, None, row.memo)
        session.delete(row)
        return None
    new_status = Status.REJECTED if action == Action.REJECT else Status.ACCEPTED
    if row is None:
        auto = find(session, segment_id, code_id, AUTO)
        row = Coding(
            segment_id=segment_id,
            code_id=code_id,
            coder_id=who.id,
            status=str(new_status),
            source=(auto.source if auto is not None and action != Action.ADD else HANDMATIG),
            confidence=auto.confidence if auto is not None else None,
            evidence=auto.evidence if auto is not None else "",
            memo=memo or "",
            created_at=stamp,
            updated_at=stamp,
            revision=1,
        )
        session.add(row)
        session.flush()
        _event(session, row, segment_id, code_id, coder_name, action, None, str(new_status), memo or "")
        return row
    old = row.status
    row.status = str(new_status)
    if memo is not None:
        row.memo = memo
    row.updated_at = stamp
    row.revision += 1
    _event(session, row, segment_id, code_id, coder_name, action, old, str(new_status), memo or "")
    return row


def set_memo(session: Session, segment_id: int, code_id: str, coder_name: str, memo: str) -> Coding:
    who = find_coder(session, coder_name)
    coder_name = who.name if who is not None else coder_name
    row = find(session, segment_id, code_id, coder_name)
    if row is None:
        raise KBError(f"Segment {segment_id} heeft geen codering '{code_id}' van {coder_name}")
    if not memo.strip():
        raise KBError("Een memo mag niet leeg zijn")
    old = row.memo
    row.memo = memo.strip()
    row.updated_at = now()
    row.revision += 1
    _event(session, row, segment_id, code_id, coder_name, "memo", row.status, row.status, old)
    return row


def save_suggestions(
    session: Session, suggestions: Iterable[Suggestion], replace_source: str | Collection[str] | None = None
) -> dict:
    """Store machine suggestions in the ``auto`` layer.

    Existing suggestions are updated in place; with ``replace_source`` (a source or several) the old
    suggestions of that source that are not proposed again are removed. Coders' own layers are never touched.
    """
    machine = coder(session, AUTO)
    table = Coding.__table__
    # Plain rows, not ORM objects: the auto layer of a large project holds hundreds of thousands of them.
    existing = {
        (sid, cid): (row_id, conf, evidence, source)
        for row_id, sid, cid, conf, evidence, source in session.connection().execute(
            select(
                table.c.id,
                table.c.segment_id,
                table.c.code_id,
                table.c.confidence,
                table.c.evidence,
                table.c.source,
            ).where(table.c.coder_id == machine.id)
        )
    }
    counts = {"nieuw": 0, "bijgewerkt": 0, "verwijderd": 0}
    seen: set[tuple[int, str]] = set()
    counts["nieuw"], counts["bijgewerkt"] = apply_suggestions(
        session, machine.id, existing, suggestions, seen, now()
    )
    if replace_source is not None:
        sources = {replace_source} if isinstance(replace_source, str) else set(replace_source)
        stale = [old[0] for k, old in existing.items() if k not in seen and old[3] in sources]
        for lo in range(0, len(stale), 10_000):  # bounded parameter lists
            session.execute(delete(table).where(table.c.id.in_(stale[lo : lo + 10_000])))
        counts["verwijderd"] = len(stale)
    return counts


def apply_suggestions(
    session: Session,
    machine_id: int,
    existing: dict[tuple[int, str], tuple],
    suggestions: Iterable[Suggestion],
    seen: set[tuple[int, str]],
    stamp: str,
) -> tuple[int, int]:
    """Insert the suggestions not in ``existing`` ((segment, code) -> (row id, confidence, evidence, source))
    and update those that changed, stamped ``stamp``; the first suggestion of a (segment, code) counts, and
    every key lands in ``seen``. Returns (new, updated)."""
    table = Coding.__table__
    suggested = str(Status.SUGGESTED)
    new_rows, changed = [], []
    for sug in suggestions:
        key = (sug.segment_id, sug.code_id)
        if key in seen:
            continue
        seen.add(key)
        old = existing.get(key)
        if old is None:
            new_rows.append(
                (*key, machine_id, suggested, sug.source, sug.confidence, sug.evidence, "", stamp, stamp, 1)
            )
        elif old[1:] != (sug.confidence, sug.evidence, sug.source):
            changed.append(
                {"row": old[0], "c": sug.confidence, "e": sug.evidence, "s": sug.source, "t": stamp}
            )
    if new_rows:
        _insert_plain(session, NEW_CODING_COLUMNS, new_rows)
    if changed:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("row"))
            .values(
                confidence=bindparam("c"),
                evidence=bindparam("e"),
                source=bindparam("s"),
                updated_at=bindparam("t"),
            ),
            changed,
        )
    return len(new_rows), len(changed)


NEW_CODING_COLUMNS = (
    "segment_id",
    "code_id",
    "coder_id",
    "status",
    "source",
    "confidence",
    "evidence",
    "memo",
    "created_at",
    "updated_at",
    "revision",
)
"""The columns of a new machine suggestion, in the order of save_suggestions' rows."""


def _insert_plain(session: Session, columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``codings``. On SQLite straight through the driver:
    SQLAlchemy's handling of each row's parameters costs a third of the insert itself at 450,000 rows (no
    column needs a conversion). Elsewhere a Core insert (not the ORM bulk path: twice the cost per row)."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in columns)
        conn.exec_driver_sql(f"INSERT INTO codings ({', '.join(columns)}) VALUES ({marks})", rows)
    else:
        conn.execute(insert(Coding.__table__), [dict(zip(columns, row, strict=True)) for row in rows])


def history(
    session: Session, segment_id: int | None = None, coder_name: str | None = None
) -> list[CodingEvent]:
    q = select(CodingEvent).order_by(CodingEvent.id)
    if segment_id is not None:
        q = q.where(CodingEvent.segment_id == segment_id)
    if coder_name is not None:
        q = q.where(CodingEvent.coder == coder_name)
    return list(session.scalars(q))
