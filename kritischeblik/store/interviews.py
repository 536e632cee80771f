"""Interviews, their turns, segments and structured answers (scores, choices, suggestions) in the store."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from itertools import islice
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from ..errors import Hint
from ..model import Example, SegmentState, Transcript
from . import keys, score_history
from .codebooks import score_scale
from .db import now
from .schema import (
    CodingEvent,
    Interview,
    Meta,
    PrincipleChoice,
    PrincipleScore,
    PrincipleSuggestion,
    Researcher,
    Segment,
    SegmentEvent,
    TurnRow,
)
from .vectors import save_vectors


def researcher_label(session: Session, name: str) -> str:
    """Project-wide pseudonym for an interviewer ("Onderzoeker 3").

    Keyed hash with the project's key, so the same person gets the same label in every interview while the
    name itself is never stored. The key lives outside the project (:mod:`.keys`): without it a guessed name
    cannot be confirmed from the project file, and without it no new label can be given out either.
    """
    key = project_key(session)
    digest = keys.researcher_hash(key, name)
    row = session.scalar(select(Researcher).where(Researcher.key_hash == digest))
    if row is None:
        n = (session.scalar(select(func.count()).select_from(Researcher)) or 0) + 1
        row = Researcher(key_hash=digest, label=f"Onderzoeker {n}")
        session.add(row)
        session.flush()
    return row.label


def project_key(session: Session) -> str:
    """The key for researcher pseudonyms from this machine's key folder; a clear error when it is missing or
    belongs to another project."""
    cached = session.info.get("kb_researcher_key")
    if cached is not None:
        return cached
    row = session.get(Meta, keys.UUID_META)
    if row is None:
        raise keys.KeyFileError(
            "Dit project heeft geen project-id; open het met deze versie om het bij te werken"
        )
    key = keys.load(row.value)
    if key is None:
        raise keys.missing_error(row.value)
    check = session.get(Meta, keys.CHECK_META)
    if check is not None and not hmac.compare_digest(check.value, keys.check_value(key)):
        raise keys.KeyFileError(
            f"{keys.key_path(row.value)}: deze sleutel past niet bij dit project (de controlewaarde klopt niet). "
            "Er is niets ingelezen.",
            hint=Hint.ASK_KEY,
        )
    session.info["kb_researcher_key"] = key
    return key


def existing_hashes(session: Session, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.execute(select(Interview.id, Interview.content_hash).where(Interview.id.in_(ids)))
    return {r.id: r.content_hash for r in rows}


def delete_interview(session: Session, interview_id: str) -> None:
    session.execute(delete(Interview).where(Interview.id == interview_id))


# Rows per executemany: bounds the parameter lists built for a very large transcript.
_BATCH = 20_000


SEGMENT_ID_HIGH = "segment_id_hoogste"
"""Meta key: the highest segment id ever given out. Histories (coding_events, segment_events) refer to segments
by id; SQLite would hand a deleted interview's highest ids to the next fragments, mixing their histories."""


def next_segment_id(session: Session) -> int:
    stored = session.get(Meta, SEGMENT_ID_HIGH)
    if stored is not None:  # add_prepared is the only writer of segments, and it keeps the mark up to date
        return max(int(stored.value), session.scalar(select(func.max(Segment.id))) or 0) + 1
    # Projects from before the high-water mark: ids still named in a history count as used too.
    return (
        max(
            session.scalar(select(func.max(col))) or 0
            for col in (Segment.id, CodingEvent.segment_id, SegmentEvent.segment_id)
        )
        + 1
    )


def add_prepared(session: Session, prepared) -> int:  # noqa: ANN001 - ingest.pipeline.Prepared
    """Insert one prepared transcript with its turns and segments; returns the number of segments.

    Core inserts, not the ORM unit of work: an interview has hundreds of turns and thousands of segments,
    and flushing them as objects took half of the store's time in ingest. Turn ids are assigned here
    (max + 1, what SQLite does for an INTEGER PRIMARY KEY without AUTOINCREMENT) so that segments can
    refer to them without reading them back; the caller's write transaction holds the write lock.
    """
    t = prepared.transcript
    duo = [researcher_label(session, name) for name in prepared.duo_names] if t.pseudonymised else list(t.duo)
    session.flush()  # pending ORM rows (e.g. a replaced interview's delete) go first
    _insert_interview(session, t, duo)
    first_turn = _insert_turns(session, t)
    first_segment, n = _insert_segments(session, t, prepared.segments, first_turn)
    if getattr(prepared, "vectors", None) is not None:
        save_vectors(session, range(first_segment, first_segment + n), prepared.vectors, prepared.encoder)
    _insert_transcript_answers(session, t)
    return n


def _insert_interview(session: Session, t: Transcript, duo: list[str]) -> None:
    session.execute(
        insert(Interview),
        [
            {
                "id": t.id,
                "source_name": t.source_name,
                "content_hash": t.content_hash,
                "omgeving": t.omgeving,
                "duo": duo,
                "respondent_rol": t.respondent_rol,
                "organisatie": t.organisatie,
                "datum": t.datum,
                "attributes": t.attributes,
                "text": t.text,
                "pseudonymised": t.pseudonymised,
                "warnings": t.warnings,
                "ingested_at": now(),
            }
        ],
    )


def _insert_turns(session: Session, t: Transcript) -> int:
    """Insert the transcript's turns; returns the id of the first (the others follow in order)."""
    first_turn = (session.scalar(select(func.max(TurnRow.id))) or 0) + 1
    turn_rows = [
        {
            "id": first_turn + idx,
            "interview_id": t.id,
            "idx": idx,
            "section": turn.section,
            "speaker": turn.speaker,
            "role": turn.role,
            "char_start": turn.start,
            "char_end": turn.end,
        }
        for idx, turn in enumerate(t.turns)
    ]
    for i in range(0, len(turn_rows), _BATCH):
        session.execute(insert(TurnRow), turn_rows[i : i + _BATCH])
    return first_turn


def _insert_segments(
    session: Session,
    t: Transcript,
    prepared_segments: Iterable[Any],  # ingest.pipeline.PreparedSegment
    first_turn: int,
) -> tuple[int, int]:
    """Insert the segments batch by batch and move the segment-id high-water mark; returns the first id and
    their number (the ids follow in order).

    ``prepared_segments``: a list, or an iterator producing segments while it is consumed (a very large
    transcript), so that the whole list never has to be in memory."""
    segments = iter(prepared_segments)
    first_segment = next_segment_id(session)
    n = 0
    while batch := list(islice(segments, _BATCH)):
        session.execute(
            insert(Segment),
            [
                {
                    "id": first_segment + i,
                    "interview_id": t.id,
                    "turn_id": first_turn + s.turn_index,
                    "idx": i,
                    "section": t.turns[s.turn_index].section,
                    "speaker": t.turns[s.turn_index].speaker,
                    "role": t.turns[s.turn_index].role,
                    "char_start": s.start,
                    "char_end": s.end,
                    "text": s.text,
                    "lemmas": s.lemmas,
                    "state": str(SegmentState.ACTIEF),
                }
                for i, s in enumerate(batch, start=n)
            ],
        )
        n += len(batch)
    if n:
        session.merge(Meta(key=SEGMENT_ID_HIGH, value=str(first_segment + n - 1)))
    return first_segment, n


def _insert_transcript_answers(session: Session, t: Transcript) -> None:
    """The structured answers written in the transcript: scores, chosen principles, suggestions."""
    # The interview is new, so no score exists yet: insert instead of set_score's look-up per score.
    # A score given twice keeps the last value, as set_score would.
    scores = {(str(Example(sc.example)), sc.code_id): sc.score for sc in t.scores}
    if scores:
        scale = score_scale(session)
        for value in scores.values():
            scale.check(value)
        stamp = now()
        session.execute(
            insert(PrincipleScore),
            [
                {
                    "interview_id": t.id,
                    "example": example,
                    "code_id": code_id,
                    "score": value,
                    "source": "transcript",
                    "updated_at": stamp,
                }
                for (example, code_id), value in scores.items()
            ],
        )
    for code_id in t.choices:
        session.add(PrincipleChoice(interview_id=t.id, code_id=code_id, source="transcript"))
    for i, text in enumerate(t.suggestions):
        session.add(
            PrincipleSuggestion(
                interview_id=t.id, idx=i, text=text, source="transcript", pseudonymised=t.pseudonymised
            )
        )


def set_score(
    session: Session,
    interview_id: str,
    example: Example | str,
    code_id: str,
    score: int | str,
    source: str,
    changed_by: str | None = None,
    history_source: str | None = None,
) -> int:
    """Set the interview's own score for (example, principle); the change goes into the score history
    (under ``history_source`` when that differs from the source the score keeps, as for an undo).

    The score must be on the codebook's scale (:class:`kritischeblik.model.ScoreScale`), whoever calls.
    """
    score = score_scale(session).check(score)
    example = str(Example(example))
    row = session.scalar(
        select(PrincipleScore).where(
            PrincipleScore.interview_id == interview_id,
            PrincipleScore.example == example,
            PrincipleScore.code_id == code_id,
        )
    )
    score_history.record(
        session,
        interview_id,
        example,
        code_id,
        row.score if row else None,
        score,
        history_source or source,
        changed_by=changed_by,
    )
    if row is None:
        session.add(
            PrincipleScore(
                interview_id=interview_id,
                example=example,
                code_id=code_id,
                score=score,
                source=source,
                updated_at=now(),
            )
        )
    else:
        row.score, row.source, row.updated_at = score, source, now()
    return score


def set_choices(session: Session, interview_id: str, code_ids: list[str], source: str) -> None:
    session.execute(delete(PrincipleChoice).where(PrincipleChoice.interview_id == interview_id))
    for code_id in dict.fromkeys(code_ids):
        session.add(PrincipleChoice(interview_id=interview_id, code_id=code_id, source=source))


def set_suggestions(
    session: Session, interview_id: str, texts: list[str], source: str, pseudonymised: bool = True
) -> None:
    """Replace the interview's suggestions; ``pseudonymised=False`` marks texts stored as typed (an opt-out)."""
    session.execute(delete(PrincipleSuggestion).where(PrincipleSuggestion.interview_id == interview_id))
    for i, text in enumerate(texts):
        session.add(
            PrincipleSuggestion(
                interview_id=interview_id, idx=i, text=text, source=source, pseudonymised=pseudonymised
            )
        )


def interview_ids(session: Session) -> list[str]:
    return list(session.scalars(select(Interview.id).order_by(Interview.id)))


def delete_score(
    session: Session,
    interview_id: str,
    example: Example | str,
    code_id: str,
    source: str = "verwijderd",
    changed_by: str | None = None,
) -> None:
    """Remove one principle score (used to undo a score entered by mistake); the history keeps it."""
    example = str(Example(example))
    where = (
        PrincipleScore.interview_id == interview_id,
        PrincipleScore.example == example,
        PrincipleScore.code_id == code_id,
    )
    old = session.scalar(select(PrincipleScore.score).where(*where))
    score_history.record(session, interview_id, example, code_id, old, None, source, changed_by=changed_by)
    session.execute(delete(PrincipleScore).where(*where))


def stored_choices(session: Session, interview_id: str) -> list[str]:
    """The interview's chosen principles as stored (code ids, sorted)."""
    q = select(PrincipleChoice.code_id).where(PrincipleChoice.interview_id == interview_id)
    return list(session.scalars(q.order_by(PrincipleChoice.code_id)))


def stored_suggestions(session: Session, interview_id: str) -> list[str]:
    """The interview's new-principle suggestions as stored, in order."""
    q = select(PrincipleSuggestion.text).where(PrincipleSuggestion.interview_id == interview_id)
    return list(session.scalars(q.order_by(PrincipleSuggestion.idx)))


def stored_score(
    session: Session, interview_id: str, example: Example | str, code_id: str
) -> tuple[int, str] | None:
    """The interview's own (score, source) for (example, principle), None when there is none."""
    row = session.execute(
        select(PrincipleScore.score, PrincipleScore.source).where(
            PrincipleScore.interview_id == interview_id,
            PrincipleScore.example == str(Example(example)),
            PrincipleScore.code_id == code_id,
        )
    ).first()
    return (row[0], row[1]) if row is not None else None


def mark_ingest(session: Session, nlp_pipeline: str | None = None, unpseudonymised: bool = False) -> None:
    """Record what an ingest wrote with: the NLP pipeline (for later lemmatisation) and, once anything was
    stored without pseudonymisation, that fact (``kb status`` and the exports show it)."""
    if nlp_pipeline is not None:
        session.merge(Meta(key="nlp_pipeline", value=nlp_pipeline))
    if unpseudonymised:
        session.merge(Meta(key="unpseudonymised", value="1"))
