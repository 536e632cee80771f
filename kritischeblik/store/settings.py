"""Project settings kept in the ``meta`` table: the front-matter keys that are structure, not content, and
whether ingest computes sentence vectors (``zinsvectoren``)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy.orm import Session

from ..model import ALWAYS_STRUCTURAL, STRUCTURAL_KEYS
from .schema import Meta

STRUCTURAL_KEYS_META = "structural_keys"
"""Meta key: JSON list of the front-matter keys kept as written at ingest (absent: the default)."""
SUGGEST_INTERVIEWERS_META = "suggest_interviewers"
"""Meta key: ``"1"`` when machine suggestions include the interviewers' segments (absent: they do not)."""


def normalise_key(key: str) -> str:
    return " ".join(str(key).split()).lower()


def structural_keys(session: Session) -> list[str]:
    """The project's allow-list of structural front-matter keys, in the order they were added."""
    row = session.get(Meta, STRUCTURAL_KEYS_META)
    keys: list[str] = list(STRUCTURAL_KEYS)
    if row is not None:
        try:
            stored = json.loads(row.value)
        except ValueError:
            stored = None
        if isinstance(stored, list) and all(isinstance(k, str) for k in stored):
            keys = stored
    return list(dict.fromkeys([*ALWAYS_STRUCTURAL, *(normalise_key(k) for k in keys)]))


def set_structural_keys(session: Session, keys: Iterable[str]) -> list[str]:
    """Store the allow-list (``id`` and ``omgeving`` are always on it); returns what was stored."""
    stored = list(dict.fromkeys([*ALWAYS_STRUCTURAL, *(normalise_key(k) for k in keys if normalise_key(k))]))
    session.merge(Meta(key=STRUCTURAL_KEYS_META, value=json.dumps(stored, ensure_ascii=False)))
    return stored


def is_default(session: Session) -> bool:
    return session.get(Meta, STRUCTURAL_KEYS_META) is None


def suggest_interviewers(session: Session) -> bool:
    """Whether auto-coding suggests codes for interviewer segments too (default: no, only respondents)."""
    row = session.get(Meta, SUGGEST_INTERVIEWERS_META)
    return row is not None and row.value == "1"


def set_suggest_interviewers(session: Session, on: bool) -> None:
    """Off is the default, so it is stored as the key's absence."""
    row = session.get(Meta, SUGGEST_INTERVIEWERS_META)
    if on:
        session.merge(Meta(key=SUGGEST_INTERVIEWERS_META, value="1"))
    elif row is not None:
        session.delete(row)
        session.flush()


def reset_structural_keys(session: Session) -> list[str]:
    row = session.get(Meta, STRUCTURAL_KEYS_META)
    if row is not None:
        session.delete(row)
        session.flush()
    return structural_keys(session)


SENTENCE_VECTORS_META = "zinsvectoren"
"""Meta key: ``uit`` when sentence vectors are not computed at ingest (absent or ``aan``: they are)."""


def sentence_vectors_on(session: Session) -> bool:
    """Whether ingest computes a sentence vector per segment (the project setting ``zinsvectoren``)."""
    row = session.get(Meta, SENTENCE_VECTORS_META)
    return row is None or row.value != "uit"


def set_sentence_vectors(session: Session, on: bool) -> None:
    session.merge(Meta(key=SENTENCE_VECTORS_META, value="aan" if on else "uit"))
