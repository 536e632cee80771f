"""ORM mapping of the project store (latest schema version).

The tables are created and changed only by the numbered migrations in ``migrations/``; a test checks
that the migrated database and these classes agree, column by column.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from ..model import SegmentState, ThemeStatus


class Base(DeclarativeBase):
    pass


class Meta(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CodebookRow(Base):
    __tablename__ = "codebooks"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    version: Mapped[str] = mapped_column(String)
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String, default="nl")
    scale_min: Mapped[int] = mapped_column(Integer, default=1)
    scale_max: Mapped[int] = mapped_column(Integer, default=5)
    kinds: Mapped[dict] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(Text, default="")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    loaded_at: Mapped[str] = mapped_column(String)


class CodeRow(Base):
    __tablename__ = "codes"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    codebook_id: Mapped[str] = mapped_column(ForeignKey("codebooks.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String, index=True)
    definition: Mapped[str] = mapped_column(Text, default="")
    when_to_use: Mapped[str] = mapped_column(Text, default="")
    when_not_to_use: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    parent_id: Mapped[str | None] = mapped_column(String, nullable=True)
    color: Mapped[str | None] = mapped_column(String, nullable=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Coder(Base):
    __tablename__ = "coders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, unique=True)
    created_at: Mapped[str] = mapped_column(String)


class Researcher(Base):
    """Project-wide pseudonyms for interviewers: a keyed hash of the name, never the name itself."""

    __tablename__ = "researchers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_hash: Mapped[str] = mapped_column(String, unique=True)
    label: Mapped[str] = mapped_column(String, unique=True)


class Interview(Base):
    __tablename__ = "interviews"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    source_name: Mapped[str] = mapped_column(String, default="")
    content_hash: Mapped[str] = mapped_column(String, index=True)
    omgeving: Mapped[str] = mapped_column(String, index=True)
    duo: Mapped[list] = mapped_column(JSON, default=list)
    respondent_rol: Mapped[str] = mapped_column(String, default="")
    organisatie: Mapped[str] = mapped_column(String, default="")
    datum: Mapped[str] = mapped_column(String, default="")
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)
    text: Mapped[str] = mapped_column(Text)
    pseudonymised: Mapped[bool] = mapped_column(Boolean, default=True)
    blind: Mapped[bool] = mapped_column(Boolean, default=False)
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    ingested_at: Mapped[str] = mapped_column(String)

    turns: Mapped[list[TurnRow]] = relationship(
        back_populates="interview", cascade="all, delete-orphan", order_by="TurnRow.idx", passive_deletes=True
    )
    segments: Mapped[list[Segment]] = relationship(
        back_populates="interview", cascade="all, delete-orphan", order_by="Segment.idx", passive_deletes=True
    )


class TurnRow(Base):
    __tablename__ = "turns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String)
    speaker: Mapped[str] = mapped_column(String)
    role: Mapped[str] = mapped_column(String)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)

    interview: Mapped[Interview] = relationship(back_populates="turns")


class Segment(Base):
    __tablename__ = "segments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    turn_id: Mapped[int] = mapped_column(ForeignKey("turns.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String)
    speaker: Mapped[str] = mapped_column(String)
    role: Mapped[str] = mapped_column(String)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    lemmas: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String, default=str(SegmentState.ACTIEF))

    interview: Mapped[Interview] = relationship(back_populates="segments")

    __table_args__ = (Index("ix_segments_interview_idx", "interview_id", "idx"),)


class SegmentVector(Base):
    """A segment's sentence vector: int8 values times ``scale`` (see migration m0009), made by ``encoder``."""

    __tablename__ = "segment_vectors"
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    encoder: Mapped[str] = mapped_column(String)
    scale: Mapped[float] = mapped_column(Float)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class Coding(Base):
    __tablename__ = "codings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"))
    code_id: Mapped[str] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"), index=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"), index=True)
    status: Mapped[str] = mapped_column(String)
    source: Mapped[str] = mapped_column(String, default="manual")
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    evidence: Mapped[str] = mapped_column(Text, default="")
    memo: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String)
    updated_at: Mapped[str] = mapped_column(String)
    revision: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (UniqueConstraint("segment_id", "code_id", "coder_id", name="uq_coding"),)


class CodingEvent(Base):
    """Append-only decision history: who did what to which coding, when."""

    __tablename__ = "coding_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coding_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    segment_id: Mapped[int] = mapped_column(Integer, index=True)
    code_id: Mapped[str] = mapped_column(String)
    coder: Mapped[str] = mapped_column(String)
    action: Mapped[str] = mapped_column(String)
    old_status: Mapped[str | None] = mapped_column(String, nullable=True)
    new_status: Mapped[str | None] = mapped_column(String, nullable=True)
    memo: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[str] = mapped_column(String)


class PrincipleScore(Base):
    __tablename__ = "principle_scores"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    example: Mapped[str] = mapped_column(String)
    code_id: Mapped[str] = mapped_column(ForeignKey("codes.id"))
    score: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String, default="transcript")
    updated_at: Mapped[str] = mapped_column(String)

    __table_args__ = (UniqueConstraint("interview_id", "example", "code_id", name="uq_score"),)


class PrincipleChoice(Base):
    __tablename__ = "principle_choices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    code_id: Mapped[str] = mapped_column(ForeignKey("codes.id"))
    source: Mapped[str] = mapped_column(String, default="transcript")

    __table_args__ = (UniqueConstraint("interview_id", "code_id", name="uq_choice"),)


class PrincipleSuggestion(Base):
    __tablename__ = "principle_suggestions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String, default="transcript")
    pseudonymised: Mapped[bool] = mapped_column(Boolean, default=True)
    """False for a suggestion read from a form with --no-pseudonymise (migration 8)."""


# --- themes (migration 2) ---


class ThemeSet(Base):
    """One clustering run for one fragment kind; the newest set of a kind is the current one."""

    __tablename__ = "theme_sets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String, index=True)
    method: Mapped[str] = mapped_column(String)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    seed: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[str] = mapped_column(String)


class Theme(Base):
    __tablename__ = "themes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("theme_sets.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String)
    """Generated label (distinctive lemmas); the user's own label goes in user_label."""
    user_label: Mapped[str | None] = mapped_column(String, nullable=True)
    terms: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String, default=str(ThemeStatus.ACTIEF))
    """actief | samengevoegd | gesplitst | terzijde"""
    merged_into: Mapped[int | None] = mapped_column(Integer, nullable=True)
    parent_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[str] = mapped_column(String)


class ThemeMember(Base):
    """A fragment (segment or new-principle suggestion) in a theme."""

    __tablename__ = "theme_members"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"), index=True)
    segment_id: Mapped[int | None] = mapped_column(
        ForeignKey("segments.id", ondelete="CASCADE"), nullable=True, index=True
    )
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("principle_suggestions.id", ondelete="CASCADE"), nullable=True, index=True
    )
    rank: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """1..3 for the most representative fragments (closest to the centroid), else NULL."""
    moved_by_user: Mapped[bool] = mapped_column(Boolean, default=False)


# --- duidingssessies (migration 3) ---


class DuidingSession(Base):
    """A joint interpretation session (duidingssessie): who took part, which question, which phase."""

    __tablename__ = "duiding_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String, default="")
    datum: Mapped[str] = mapped_column(String)
    question: Mapped[str] = mapped_column(String)
    participants: Mapped[list] = mapped_column(JSON, default=list)
    phase: Mapped[str] = mapped_column(String, default="leestijd")
    reading_minutes: Mapped[int] = mapped_column(Integer, default=15)
    created_at: Mapped[str] = mapped_column(String)
    updated_at: Mapped[str] = mapped_column(String)
    # migration 4
    reading_started_at: Mapped[str | None] = mapped_column(String, nullable=True)
    """when the leestijd phase was last entered (UTC, ISO); the reading timer counts from here"""


class SessionTheme(Base):
    """A theme as discussed in a session; ``segment_ids`` freezes the fragments it rested on at the time."""

    __tablename__ = "session_themes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("duiding_sessions.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    theme_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """themes.id at the time, deliberately without a foreign key: re-clustering replaces theme sets, while a
    session keeps its own frozen label and fragments."""
    code_id: Mapped[str | None] = mapped_column(String, nullable=True)
    """set when the theme was a code (no clustering yet)"""
    label: Mapped[str] = mapped_column(String)
    segment_ids: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String, default="open")
    merged_into: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Duiding(Base):
    """One contribution in a session: who said what about which theme, optionally pointing at fragments."""

    __tablename__ = "duidingen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("duiding_sessions.id", ondelete="CASCADE"), index=True)
    session_theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("session_themes.id", ondelete="CASCADE"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String, default="duiding")
    author: Mapped[str] = mapped_column(String)
    prompt: Mapped[str] = mapped_column(String, default="")
    text: Mapped[str] = mapped_column(Text)
    segment_ids: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[str] = mapped_column(String)


# --- coder scores (migration 5) ---


class CoderScore(Base):
    """A coder's reading of how strongly a leidend principe played a role in one example of an interview.

    Separate from ``principle_scores`` (the respondent's own scores): these exist to compare coders
    (Krippendorff's α, ordinal/interval), so each coder has at most one score per (interview, example,
    principle); setting it again overwrites it.
    """

    __tablename__ = "coder_scores"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    example: Mapped[str] = mapped_column(String)
    code_id: Mapped[str] = mapped_column(ForeignKey("codes.id"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[str] = mapped_column(String)

    __table_args__ = (
        UniqueConstraint("interview_id", "example", "code_id", "coder_id", name="uq_coder_score"),
    )


# --- score history (migration 6) ---


class ScoreEvent(Base):
    """Append-only history of every change to a score after ingest: the interview's own scores (``coder`` is
    NULL) and coders' scores (``coder`` names whose score it is). No foreign keys, so the history outlives a
    re-ingested interview or a removed code; ``new_score`` NULL means the score was removed."""

    __tablename__ = "score_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[str] = mapped_column(String, index=True)
    example: Mapped[str] = mapped_column(String)
    code_id: Mapped[str] = mapped_column(String)
    coder: Mapped[str | None] = mapped_column(String, nullable=True)
    old_score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    new_score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[str] = mapped_column(String)
    changed_by: Mapped[str | None] = mapped_column(String, nullable=True)
    at: Mapped[str] = mapped_column(String)


# --- member-check history (migration 7) ---


class SegmentEvent(Base):
    """Append-only history of a fragment's member-check state (actief, vertrouwelijk, ingetrokken): who
    changed it, when and why, so a withdrawal after a member check can be accounted for."""

    __tablename__ = "segment_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    segment_id: Mapped[int] = mapped_column(Integer, index=True)
    interview_id: Mapped[str] = mapped_column(String)
    old_state: Mapped[str] = mapped_column(String)
    new_state: Mapped[str] = mapped_column(String)
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_by: Mapped[str] = mapped_column(String)
    at: Mapped[str] = mapped_column(String)
