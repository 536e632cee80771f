"""Duidingssessies: joint interpretation sessions of researchers and the visitatiecommissie.

A session freezes, per theme, the fragments (segment ids) the theme rested on when the session started, so
the minutes keep pointing at the same evidence even after themes are re-clustered later. Every duiding
records who said it, about which theme, and optionally which fragments it points at.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..errors import Hint, KBError
from ..model import AUTO, Basis, SegmentState, SessionThemeStatus, Status
from .coverage import session_basis
from .db import now
from .roles import set_session_leader
from .schema import (
    Coder,
    CodeRow,
    Coding,
    Duiding,
    DuidingSession,
    Interview,
    Segment,
    SessionTheme,
)
from .session_history import REOPENED, SessionEvent, history, record

# The three research questions of the Kritische Blik sessions, with the code kinds whose themes they discuss.
QUESTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "werkende_elementen": ("Welke werkende elementen zien we?", ("werkend_element", "commissie_werkend")),
    "belemmerende_elementen": (
        "Welke belemmerende elementen zien we?",
        ("belemmerend_element", "commissie_belemmerend"),
    ),
    "vragen_toekomst": (
        "Welke vragen voor de toekomst zien we?",
        ("vraag_voor_de_toekomst", "toekomstrichting"),
    ),
}
# Utrecht's duiding script: the default prompts in the duiden phase.
PROMPTS = (
    "Wat zien we?",
    "Herkennen we het beeld?",
    "Kunnen we het verklaren?",
    "Wat is onze verwachting voor de toekomst?",
)
CLOSING_PROMPT = "Wat neem jij mee naar je eigen werkpraktijk?"
PHASES = ("leestijd", "duiden", "afronding", "gesloten")
CLOSED = PHASES[-1]
THEME_STATUSES = tuple(str(s) for s in SessionThemeStatus)
KIND_DUIDING = "duiding"
KIND_MEENEMEN = "meenemen"


@dataclass
class ThemeInput:
    """A theme offered to a session: a label and the fragments it rests on."""

    label: str
    segment_ids: list[int]
    theme_id: int | None = None
    code_id: str | None = None
    unreviewed: int = 0
    """how many of the fragments rest only on a machine suggestion nobody has decided on"""


@dataclass
class Fragment:
    segment_id: int
    interview_id: str
    omgeving: str
    speaker: str
    section: str
    text: str
    state: str
    pseudonymised: bool = True
    """False for a fragment of an interview ingested or imported without pseudonymisation."""


@dataclass
class ThemeView:
    id: int
    idx: int
    label: str
    status: str
    segment_ids: list[int]
    theme_id: int | None = None
    code_id: str | None = None
    merged_into: int | None = None


@dataclass
class DuidingView:
    id: int
    theme_id: int | None
    kind: str
    author: str
    prompt: str
    text: str
    segment_ids: list[int]
    created_at: str


@dataclass
class SessionView:
    """Everything needed to show, resume or write the minutes of a session (plain data, no ORM)."""

    id: int
    title: str
    datum: str
    question: str
    participants: list[str]
    phase: str
    reading_minutes: int
    themes: list[ThemeView] = field(default_factory=list)
    duidingen: list[DuidingView] = field(default_factory=list)
    fragments: dict[int, Fragment] = field(default_factory=dict)
    reading_started_at: str | None = None
    """UTC ISO time the leestijd phase was last entered"""
    basis: Basis | None = None
    """what the themes rested on when the session started (None: started before that was kept)"""
    history: list[SessionEvent] = field(default_factory=list)
    """reopenings, and contributions edited or removed, in order"""

    @property
    def closed(self) -> bool:
        return self.phase == CLOSED

    def numbered_fragments(self, theme: ThemeView) -> list[tuple[int, Fragment]]:
        """The fragments of ``theme`` with the numbers the session shows them under (1, 2, ...): withdrawn
        fragments are skipped. The session screen, the contribution form and the minutes all number by this,
        so a duiding that points at "fragment 3" means the same fragment everywhere."""
        frags = [self.fragments.get(s) for s in theme.segment_ids]
        visible = [f for f in frags if f is not None and f.state != SegmentState.INGETROKKEN]
        return list(enumerate(visible, start=1))

    def fragment_numbers(self, theme: ThemeView) -> dict[int, int]:
        """segment id -> the number the session shows it under, for the fragments of ``theme``."""
        return {f.segment_id: n for n, f in self.numbered_fragments(theme)}

    @property
    def basis_text(self) -> str:
        """What the themes rested on when the session started, as the session screens and minutes say it."""
        if self.basis is None:
            return "onbekend (de sessie is gestart voordat de basis werd vastgelegd)"
        return self.basis.text()

    @property
    def question_text(self) -> str:
        return QUESTIONS.get(self.question, (self.question, ()))[0]

    def theme(self, theme_id: int) -> ThemeView | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def duidingen_for(self, theme_id: int | None) -> list[DuidingView]:
        return [d for d in self.duidingen if d.theme_id == theme_id and d.kind == KIND_DUIDING]

    def takeaways(self) -> list[DuidingView]:
        return [d for d in self.duidingen if d.kind == KIND_MEENEMEN]


# -- validation --------------------------------------------------------------------------------------
def _clean_participants(participants: Iterable[str]) -> list[str]:
    out: list[str] = []
    for p in participants:
        name = " ".join(str(p).split())
        if name and name not in out:
            out.append(name)
    return out


def _check_question(question: str) -> str:
    if question not in QUESTIONS:
        raise KBError(f"Onbekende onderzoeksvraag '{question}'; kies uit {', '.join(QUESTIONS)}")
    return question


def _check_date(datum: str) -> str:
    try:
        return date.fromisoformat(datum.strip()).isoformat()
    except ValueError:
        raise KBError(f"Ongeldige datum '{datum}'; gebruik JJJJ-MM-DD, bijvoorbeeld 2020-01-24") from None


def _session(session: Session, session_id: int) -> DuidingSession:
    row = session.get(DuidingSession, session_id)
    if row is None:
        raise KBError(f"Duidingssessie {session_id} bestaat niet", hint=Hint.LIST_SESSIONS)
    return row


def writable_session(session: Session, session_id: int) -> DuidingSession:
    """The session, for a change: a closed session is read-only until someone reopens it."""
    row = _session(session, session_id)
    if row.phase == CLOSED:
        raise KBError(
            f"Duidingssessie {session_id} is gesloten en verandert niet meer; "
            "heropen de sessie eerst (terug naar een eerdere fase) om iets toe te voegen of te wijzigen"
        )
    return row


# -- themes offered to a session ---------------------------------------------------------------------
def code_themes(session: Session, question: str) -> list[ThemeInput]:
    """Fallback themes when no clustering exists: one per code of the question's kinds, with its fragments.

    A fragment belongs to a code when a human coder accepted it, or when the machine suggested it and no
    human rejected it; withdrawn fragments are left out.
    """
    kinds = QUESTIONS[_check_question(question)][1]
    codes = session.execute(
        select(CodeRow.id, CodeRow.name)
        .where(CodeRow.kind.in_(kinds))
        .order_by(CodeRow.kind, CodeRow.sort_order)
    ).all()
    rows = session.execute(
        select(Coding.segment_id, Coding.code_id, Coding.status, Coder.name)
        .join(Coder, Coder.id == Coding.coder_id)
        .join(Segment, Segment.id == Coding.segment_id)
        .join(CodeRow, CodeRow.id == Coding.code_id)
        .where(CodeRow.kind.in_(kinds), Segment.state != str(SegmentState.INGETROKKEN))
    ).all()
    accepted: dict[str, set[int]] = {}
    suggested: dict[str, set[int]] = {}
    rejected: dict[str, set[int]] = {}
    for seg, code, status, who in rows:
        target = suggested if who == AUTO else accepted if status == Status.ACCEPTED else rejected
        target.setdefault(code, set()).add(seg)
    out = []
    for code_id, name in codes:
        human = accepted.get(code_id, set())
        machine_only = suggested.get(code_id, set()) - rejected.get(code_id, set()) - human
        segs = human | machine_only
        if segs:
            out.append(ThemeInput(name, sorted(segs), code_id=code_id, unreviewed=len(machine_only)))
    return out


# -- sessions ----------------------------------------------------------------------------------------
def create_session(
    session: Session,
    datum: str,
    participants: Sequence[str],
    question: str,
    themes: Sequence[ThemeInput],
    title: str = "",
    reading_minutes: int = 15,
    leader: str | None = None,
) -> int:
    """A new session with its frozen themes; returns its id. ``leader``'s row is written right after the
    session's own, before anything hangs on it: on PostgreSQL a codeur writes a session's themes only as its
    leader, and names themselves leader only of a session made in the same transaction (``pg_grants``)."""
    people = _clean_participants(participants)
    if not people:
        raise KBError("Een duidingssessie heeft minstens één deelnemer")
    if not themes:
        raise KBError(
            "Er zijn geen thema's voor deze onderzoeksvraag: codeer eerst fragmenten of maak thema's.",
            hint=Hint.MAKE_THEMES,
        )
    if reading_minutes < 0:
        raise KBError("De leestijd kan niet negatief zijn")
    stamp = now()
    row = DuidingSession(
        title=" ".join(title.split()),
        datum=_check_date(datum),
        question=_check_question(question),
        participants=people,
        phase=PHASES[0],
        reading_minutes=reading_minutes,
        created_at=stamp,
        updated_at=stamp,
        reading_started_at=stamp,
    )
    session.add(row)
    session.flush()
    if leader is not None:
        set_session_leader(session, row.id, leader)
    for i, t in enumerate(themes):
        session.add(
            SessionTheme(
                session_id=row.id,
                idx=i,
                theme_id=t.theme_id,
                code_id=t.code_id,
                label=t.label,
                segment_ids=[int(x) for x in t.segment_ids],
                status=str(SessionThemeStatus.OPEN),
            )
        )
    session.flush()
    return row.id


def list_sessions(session: Session) -> list[dict]:
    out = []
    for row in session.scalars(select(DuidingSession).order_by(DuidingSession.id)):
        n_themes = len(
            session.scalars(select(SessionTheme.id).where(SessionTheme.session_id == row.id)).all()
        )
        n_duid = len(session.scalars(select(Duiding.id).where(Duiding.session_id == row.id)).all())
        out.append(
            {
                "id": row.id,
                "datum": row.datum,
                "titel": row.title,
                "vraag": row.question,
                "fase": row.phase,
                "deelnemers": list(row.participants),
                "themas": n_themes,
                "bijdragen": n_duid,
                "basis": found.label if (found := session_basis(session, row.id)) is not None else "onbekend",
            }
        )
    return out


def fragments(session: Session, segment_ids: Iterable[int]) -> dict[int, Fragment]:
    ids = sorted({int(i) for i in segment_ids})
    out: dict[int, Fragment] = {}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        q = (
            select(
                Segment.id,
                Segment.interview_id,
                Interview.omgeving,
                Segment.speaker,
                Segment.section,
                Segment.text,
                Segment.state,
                Interview.pseudonymised,
            )
            .join(Interview, Interview.id == Segment.interview_id)
            .where(Segment.id.in_(chunk))
        )
        for r in session.execute(q):
            out[r[0]] = Fragment(*r)
    return out


def load_session(session: Session, session_id: int) -> SessionView:
    row = _session(session, session_id)
    themes = [
        ThemeView(t.id, t.idx, t.label, t.status, list(t.segment_ids), t.theme_id, t.code_id, t.merged_into)
        for t in session.scalars(
            select(SessionTheme).where(SessionTheme.session_id == row.id).order_by(SessionTheme.idx)
        )
    ]
    duid = [
        DuidingView(
            d.id, d.session_theme_id, d.kind, d.author, d.prompt, d.text, list(d.segment_ids), d.created_at
        )
        for d in session.scalars(select(Duiding).where(Duiding.session_id == row.id).order_by(Duiding.id))
    ]
    seg_ids = {s for t in themes for s in t.segment_ids} | {s for d in duid for s in d.segment_ids}
    return SessionView(
        id=row.id,
        title=row.title,
        datum=row.datum,
        question=row.question,
        participants=list(row.participants),
        phase=row.phase,
        reading_minutes=row.reading_minutes,
        themes=themes,
        duidingen=duid,
        fragments=fragments(session, seg_ids),
        reading_started_at=row.reading_started_at,
        basis=session_basis(session, row.id),
        history=history(session, row.id),
    )


def set_phase(session: Session, session_id: int, phase: str, by: str = "") -> None:
    """Move the session to ``phase``; leaving the closed phase reopens it, which the history records."""
    if phase not in PHASES:
        raise KBError(f"Onbekende fase '{phase}'; kies uit {', '.join(PHASES)}")
    row = _session(session, session_id)
    if row.phase == CLOSED and phase != CLOSED:
        record(session, session_id, SessionEvent(REOPENED, "", " ".join(by.split()), from_phase=phase))
    if phase == PHASES[0] and row.phase != phase:
        row.reading_started_at = now()  # back to leestijd: the clock starts again
    row.phase = phase
    row.updated_at = now()


def add_participant(session: Session, session_id: int, name: str) -> None:
    row = writable_session(session, session_id)
    people = _clean_participants([*row.participants, name])
    if len(people) == len(row.participants):
        return
    row.participants = people
    row.updated_at = now()


def _theme(session: Session, session_id: int, theme_id: int) -> SessionTheme:
    t = session.get(SessionTheme, theme_id)
    if t is None or t.session_id != session_id:
        raise KBError(f"Thema {theme_id} hoort niet bij sessie {session_id}")
    return t


def set_theme_status(
    session: Session, session_id: int, theme_id: int, status: str, merged_into: int | None = None
) -> tuple[str, int | None]:
    """Mark a theme; returns the previous (status, merged_into) so the caller can undo."""
    if status not in THEME_STATUSES:
        raise KBError(f"Onbekende themastatus '{status}'; kies uit {', '.join(THEME_STATUSES)}")
    writable_session(session, session_id)
    t = _theme(session, session_id, theme_id)
    if status == SessionThemeStatus.SAMENGEVOEGD:
        if merged_into is None or merged_into == theme_id:
            raise KBError("Kies een ander thema om dit thema mee samen te voegen")
        _theme(session, session_id, merged_into)
    else:
        merged_into = None
    previous = (t.status, t.merged_into)
    t.status, t.merged_into = status, merged_into
    _session(session, session_id).updated_at = now()
    return previous


def add_duiding(
    session: Session,
    session_id: int,
    author: str,
    text: str,
    theme_id: int | None = None,
    prompt: str = "",
    segment_ids: Sequence[int] = (),
    kind: str = KIND_DUIDING,
) -> int:
    row = writable_session(session, session_id)
    author, text = checked_words(author, text)
    if kind not in (KIND_DUIDING, KIND_MEENEMEN):
        raise KBError(f"Onbekende soort bijdrage '{kind}'")
    if kind == KIND_DUIDING:
        if theme_id is None:
            raise KBError("Een duiding hoort bij een thema; kies eerst een thema")
        _theme(session, session_id, theme_id)
    else:
        theme_id = None
        prompt = prompt or CLOSING_PROMPT
    segs = checked_segments(session, segment_ids)
    if author not in row.participants:
        row.participants = [*row.participants, author]
    d = Duiding(
        session_id=session_id,
        session_theme_id=theme_id,
        kind=kind,
        author=author,
        prompt=prompt,
        text=text,
        segment_ids=segs,
        created_at=now(),
    )
    session.add(d)
    row.updated_at = now()
    session.flush()
    return d.id


def checked_words(author: str, text: str) -> tuple[str, str]:
    author = " ".join((author or "").split())
    text = (text or "").strip()
    if not author:
        raise KBError("Wie zegt het? Kies een deelnemer als auteur")
    if not text:
        raise KBError("Een lege bijdrage wordt niet opgeslagen; typ eerst wat er gezegd is")
    return author, text


def checked_segments(session: Session, segment_ids: Sequence[int]) -> list[int]:
    segs = [int(s) for s in dict.fromkeys(segment_ids)]
    if segs:
        found = set(session.scalars(select(Segment.id).where(Segment.id.in_(segs))))
        missing = [s for s in segs if s not in found]
        if missing:
            raise KBError(f"Onbekende fragmenten: {', '.join(map(str, missing))}")
    return segs


def delete_duiding(session: Session, duiding_id: int) -> None:
    """The undo of :func:`add_duiding`: the contribution was a slip, so no history is kept."""
    d = session.get(Duiding, duiding_id)
    if d is None:
        return
    writable_session(session, d.session_id)
    session.execute(delete(Duiding).where(Duiding.id == duiding_id))
