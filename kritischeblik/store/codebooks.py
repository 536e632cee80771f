"""Codebooks and codes in the store."""

from __future__ import annotations

from functools import lru_cache

import yaml
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..errors import Hint, KBError
from ..model import Code, Codebook, ScoreScale
from .db import now
from .schema import CodebookRow, CodeRow, CoderScore, Coding, PrincipleChoice, PrincipleScore


def save_codebook(session: Session, codebook: Codebook, primary: bool = False) -> None:
    """Insert or update a codebook. Codes that are in use are never dropped silently.

    A code's ``examples`` are kept through ``codebook.source`` (the YAML it was parsed from, see
    ``_stored_examples``): a codebook built in code without a source stores none."""
    existing = session.get(CodebookRow, codebook.id)
    new_ids = {c.id for c in codebook.codes}
    if existing is not None:
        old_ids = set(session.scalars(select(CodeRow.id).where(CodeRow.codebook_id == codebook.id)))
        removed = old_ids - new_ids
        if removed:
            used = sum(
                session.scalar(select(func.count()).select_from(model).where(model.code_id.in_(removed))) or 0
                for model in (Coding, PrincipleScore, PrincipleChoice, CoderScore)
            )
            if used:
                raise KBError(
                    f"Codeboek {codebook.id} {codebook.version} laat codes weg die in gebruik zijn: "
                    f"{', '.join(sorted(removed))}. Voeg ze weer toe of hernoem ze via een alias."
                )
            session.execute(delete(CodeRow).where(CodeRow.id.in_(removed)))
    clash = session.scalars(
        select(CodeRow.id).where(CodeRow.id.in_(new_ids), CodeRow.codebook_id != codebook.id)
    ).all()
    if clash:
        raise KBError(f"Code-id's bestaan al in een ander codeboek: {', '.join(sorted(clash))}")
    if primary:
        for row in session.scalars(select(CodebookRow).where(CodebookRow.is_primary.is_(True))):
            row.is_primary = False
    session.merge(
        CodebookRow(
            id=codebook.id,
            name=codebook.name,
            version=codebook.version,
            description=codebook.description,
            language=codebook.language,
            scale_min=codebook.scale_min,
            scale_max=codebook.scale_max,
            kinds=codebook.kinds,
            source=codebook.source,
            is_primary=primary or bool(existing and existing.is_primary),
            loaded_at=now(),
        )
    )
    for order, c in enumerate(codebook.codes):
        session.merge(
            CodeRow(
                id=c.id,
                codebook_id=codebook.id,
                name=c.name,
                kind=c.kind,
                definition=c.definition,
                when_to_use=c.when_to_use,
                when_not_to_use=c.when_not_to_use,
                keywords=list(c.keywords),
                aliases=list(c.aliases),
                parent_id=c.parent,
                color=c.color,
                sort_order=order,
            )
        )


@lru_cache(maxsize=8)
def _stored_examples(source: str) -> dict[str, tuple[str, ...]]:
    """Each code's ``examples``, read from the codebook's stored YAML source.

    The examples live in the source the codebook was loaded from (validated then), not in a column of
    ``codes``: that keeps the schema as it is. A codebook built in code (a REFI-QDA import) has no source
    and so no examples."""
    # The C loader when PyYAML has it: this runs when the TUI starts, and the pure-Python one takes a quarter
    # of a second for the two shipped codebooks.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(source, Loader=loader) if source else None  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return {}
    codes = data.get("codes") if isinstance(data, dict) else None
    out: dict[str, tuple[str, ...]] = {}
    for c in codes if isinstance(codes, list) else []:
        if isinstance(c, dict) and isinstance(c.get("examples"), list):
            out[str(c.get("id"))] = tuple(" ".join(str(e).split()) for e in c["examples"])
    return out


def _to_model(row: CodebookRow, codes: list[CodeRow]) -> Codebook:
    examples = _stored_examples(row.source or "")
    return Codebook(
        id=row.id,
        name=row.name,
        version=row.version,
        codes=[
            Code(
                id=c.id,
                name=c.name,
                kind=c.kind,
                definition=c.definition,
                when_to_use=c.when_to_use,
                when_not_to_use=c.when_not_to_use,
                keywords=list(c.keywords or []),
                aliases=list(c.aliases or []),
                parent=c.parent_id,
                color=c.color,
                examples=examples.get(c.id, ()),
            )
            for c in codes
        ],
        scale_min=row.scale_min,
        scale_max=row.scale_max,
        description=row.description,
        language=row.language,
        kinds=dict(row.kinds or {}),
        source=row.source,
    )


def load_codebooks(session: Session) -> list[Codebook]:
    rows = session.scalars(select(CodebookRow).order_by(CodebookRow.is_primary.desc(), CodebookRow.id)).all()
    out = []
    for row in rows:
        codes = session.scalars(
            select(CodeRow).where(CodeRow.codebook_id == row.id).order_by(CodeRow.sort_order)
        ).all()
        out.append(_to_model(row, list(codes)))
    return out


def primary_codebook(session: Session) -> Codebook:
    books = load_codebooks(session)
    if not books:
        raise KBError("Dit project heeft nog geen codeboek.", hint=Hint.LOAD_CODEBOOK)
    return books[0]


def score_scale(session: Session) -> ScoreScale:
    """The primary codebook's score scale (the one rule every stored score obeys)."""
    row = session.execute(
        select(CodebookRow.scale_min, CodebookRow.scale_max)
        .order_by(CodebookRow.is_primary.desc(), CodebookRow.id)
        .limit(1)
    ).first()
    if row is None:
        primary_codebook(session)  # raises: no codebook yet
    return ScoreScale(row[0], row[1])


def all_codes(session: Session) -> Codebook:
    """All codebooks merged into one view (codes are unique across codebooks); scale of the primary one."""
    books = load_codebooks(session)
    if not books:
        return primary_codebook(session)
    merged = books[0]
    for other in books[1:]:
        merged = Codebook(
            id=merged.id,
            name=merged.name,
            version=merged.version,
            codes=[*merged.codes, *other.codes],
            scale_min=merged.scale_min,
            scale_max=merged.scale_max,
            description=merged.description,
            language=merged.language,
            kinds={**other.kinds, **merged.kinds},
            source=merged.source,
        )
    return merged
