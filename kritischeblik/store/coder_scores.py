"""Coder scores: each coder's own reading of how strongly a leidend principe played a role in an example,
and the reliability data the agreement between coders is computed from (:mod:`kritischeblik.services.agreement`).

Definitions (also in docs/agreement.md)
--------------------------------------
* A coder score is one coder's score for one (interview, example, principle) on the primary codebook's
  scale; it is independent of the respondent's own scores (``principle_scores``).
* Reliability data: rows are coders, columns are units (interview, example, principle) that at least one
  of the compared coders scored; a unit a coder did not score is missing (NaN). Krippendorff's α pairs
  values only within units with at least two scores, so missing values need no imputation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..errors import Hint, KBError
from ..model import AUTO, CONSENSUS, Code, Example
from . import codings as store_codings
from . import score_history
from .agreement import interviews_per_coder, pick_coders
from .blind import blind_interviews, is_blind
from .codebooks import primary_codebook, score_scale
from .db import now
from .schema import Coder, CodeRow, CoderScore, Interview, PrincipleScore

EXAMPLE_ORDER = {str(Example.MOOI): 0, str(Example.VASTLOOP): 1}

Unit = tuple[str, str, str]
"""(interview_id, example, code_id)"""


# -- writing ------------------------------------------------------------------------------------------------


def check_example(value: str) -> str:
    ex = Example.parse(value)
    if ex is None:
        raise KBError(f"Onbekend voorbeeld '{value}'; kies 'mooi voorbeeld' of 'vastloopmoment'.")
    return str(ex)


def check_interview(session: Session, interview_id: str) -> str:
    if session.get(Interview, interview_id) is None:
        raise KBError(f"Onbekend interview '{interview_id}'", hint=Hint.LIST_INTERVIEWS)
    return interview_id


def principle_code(session: Session, principle: str) -> Code:
    book = primary_codebook(session)
    code = book.resolve_principle(principle)
    if code is None:
        names = ", ".join(f"{c.id} ({c.name})" for c in book.principles()) or "(geen)"
        raise KBError(f"Onbekend leidend principe '{principle}' in codeboek {book.id}; kies uit: {names}")
    return code


def check_score(session: Session, score: int | str) -> int:
    """The score as an int on the primary codebook's scale, or a :class:`~kritischeblik.errors.ScoreError`."""
    return score_scale(session).check(score)


def _coder_name(name: str | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise KBError("Geef op wie scoort.", hint=Hint.NAME_SCORER)
    if name == AUTO:
        raise KBError("'auto' is geen persoon; geef de naam van wie scoort", hint=Hint.NAME_SCORER)
    return name


def set_coder_score(
    session: Session,
    interview_id: str,
    example: str,
    principle: str,
    score: int | str,
    coder: str,
    source: str = "cli",
) -> CoderScore:
    """Set (or overwrite) one coder's score; the principle may be given by id, name or alias."""
    interview_id = check_interview(session, interview_id)
    ex = check_example(example)
    code = principle_code(session, principle)
    value = check_score(session, score)
    who = store_codings.coder(session, _coder_name(coder))
    row = session.scalar(
        select(CoderScore).where(
            CoderScore.interview_id == interview_id,
            CoderScore.example == ex,
            CoderScore.code_id == code.id,
            CoderScore.coder_id == who.id,
        )
    )
    score_history.record(
        session,
        interview_id,
        ex,
        code.id,
        row.score if row else None,
        value,
        source,
        coder=who.name,
        changed_by=who.name,
    )
    if row is None:
        row = CoderScore(
            interview_id=interview_id,
            example=ex,
            code_id=code.id,
            coder_id=who.id,
            score=value,
            updated_at=now(),
        )
        session.add(row)
    else:
        row.score, row.updated_at = value, now()
    session.flush()
    return row


def remove_coder_score(
    session: Session, interview_id: str, example: str, principle: str, coder: str, source: str = "cli"
) -> bool:
    """Remove one coder's score (the score history keeps it); False when there was none."""
    interview_id = check_interview(session, interview_id)
    ex = check_example(example)
    code = principle_code(session, principle)
    who = store_codings.find_coder(session, _coder_name(coder))
    if who is None:
        return False
    where = (
        CoderScore.interview_id == interview_id,
        CoderScore.example == ex,
        CoderScore.code_id == code.id,
        CoderScore.coder_id == who.id,
    )
    old = session.scalar(select(CoderScore.score).where(*where))
    if old is None:
        return False
    score_history.record(
        session, interview_id, ex, code.id, old, None, source, coder=who.name, changed_by=who.name
    )
    session.execute(delete(CoderScore).where(*where))
    return True


# -- reading ------------------------------------------------------------------------------------------------


def score_coders(session: Session) -> list[str]:
    """Coders with at least one score, without the consensus layer (name it explicitly to compare it)."""
    q = select(Coder.name).join(CoderScore, CoderScore.coder_id == Coder.id).distinct()
    return sorted(n for n in session.scalars(q) if n != CONSENSUS)


def coder_scores(
    session: Session, coders: Sequence[str] | None = None, interview_ids: Sequence[str] | None = None
) -> list[dict]:
    """All coder scores as rows (interview, voorbeeld, principe, naam, codeur, score, bijgewerkt)."""
    q = (
        select(
            CoderScore.interview_id,
            CoderScore.example,
            CoderScore.code_id,
            CodeRow.name,
            Coder.name,
            CoderScore.score,
            CoderScore.updated_at,
            CodeRow.sort_order,
        )
        .join(Coder, Coder.id == CoderScore.coder_id)
        .join(CodeRow, CodeRow.id == CoderScore.code_id)
    )
    if coders is not None:
        q = q.where(Coder.name.in_(list(coders)))
    if interview_ids is not None:
        q = q.where(CoderScore.interview_id.in_(list(interview_ids)))
    rows = [
        {
            "interview": iid,
            "voorbeeld": ex,
            "principe": code,
            "naam": name,
            "codeur": who,
            "score": score,
            "bijgewerkt": at,
            "_order": order,
        }
        for iid, ex, code, name, who, score, at, order in session.execute(q)
    ]
    rows.sort(
        key=lambda r: (r["interview"], EXAMPLE_ORDER.get(r["voorbeeld"], 9), r.pop("_order"), r["codeur"])
    )
    return rows


def _resolve_coders(session: Session, coders: Sequence[str] | None) -> list[str]:
    return pick_coders(
        session,
        coders,
        score_coders,
        who="codeurs met scores",
        known_label="codeurs met scores",
        hint=Hint.SET_CODER_SCORES,
    )


def _check_interviews(session: Session, interview_ids: Sequence[str]) -> list[str]:
    ids = list(dict.fromkeys(interview_ids))
    known = set(session.scalars(select(Interview.id).where(Interview.id.in_(ids))))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KBError(f"Onbekend interview: {', '.join(unknown)}")
    return ids


@dataclass
class ScoreReliability:
    """coders × units matrix of scores (NaN = not scored by that coder)."""

    coders: list[str]
    units: list[Unit]
    matrix: np.ndarray
    code_names: dict[str, str]


def score_reliability_data(
    session: Session, coders: Sequence[str] | None = None, interview_ids: Sequence[str] | None = None
) -> ScoreReliability:
    """Reliability data for the coders' scores: one column per (interview, example, principle) that at least
    one of them scored, in interview, example and codebook order."""
    names = _resolve_coders(session, coders)
    if interview_ids:
        interview_ids = _check_interviews(session, interview_ids)
    rows = coder_scores(session, names, interview_ids or None)
    units: list[Unit] = list(dict.fromkeys((r["interview"], r["voorbeeld"], r["principe"]) for r in rows))
    uidx = {u: j for j, u in enumerate(units)}
    cidx = {c: i for i, c in enumerate(names)}
    m = np.full((len(names), len(units)), np.nan)
    for r in rows:
        m[cidx[r["codeur"]], uidx[(r["interview"], r["voorbeeld"], r["principe"])]] = r["score"]
    return ScoreReliability(names, units, m, {r["principe"]: r["naam"] for r in rows})


def principle_order(session: Session) -> dict[str, int]:
    """The position of each code in its codebook (the order score tables list principles in)."""
    return {cid: i for i, cid in enumerate(session.scalars(select(CodeRow.id).order_by(CodeRow.sort_order)))}


# -- the duo's review of score differences (TUI Verschillen) ------------------------------------------------

CONSENSUS_SOURCE = "consensus"
"""``principle_scores.source`` of a score the duo adopted after comparing their own scores"""


def visible_coder_scores(
    session: Session, interview_id: str, viewer: str | None
) -> dict[str, dict[tuple[str, str], int]]:
    """coder -> {(example, code_id): score} of one interview as ``viewer`` may see them: while the interview is
    blind only the viewer's own scores, else everyone's (the consensus layer included)."""
    q = (
        select(Coder.name, CoderScore.example, CoderScore.code_id, CoderScore.score)
        .join(Coder, Coder.id == CoderScore.coder_id)
        .where(CoderScore.interview_id == interview_id)
    )
    if is_blind(session, interview_id):
        q = q.where(Coder.name == (viewer or ""))
    out: dict[str, dict[tuple[str, str], int]] = {}
    for who, ex, code, score in session.execute(q):
        out.setdefault(who, {})[(ex, code)] = score
    return out


def scored_interviews(session: Session, coders: Sequence[str]) -> dict[str, set[str]]:
    """coder -> interviews in which that coder gave at least one score."""
    q = (
        select(Coder.name, CoderScore.interview_id)
        .join(Coder, Coder.id == CoderScore.coder_id)
        .where(Coder.name.in_(list(coders)))
        .distinct()
    )
    return interviews_per_coder(session, q, coders)


def score_pairs(session: Session) -> list[tuple[tuple[str, str], int]]:
    """Every pair of coders with scores and the number of interviews both scored, most shared first."""
    per = scored_interviews(session, score_coders(session))
    names = sorted(per)
    pairs = [((a, b), len(per[a] & per[b])) for i, a in enumerate(names) for b in names[i + 1 :]]
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


@dataclass
class ScoreDifference:
    """One unit (interview, example, principle) on which the compared coders' scores differ."""

    interview_id: str
    example: str
    code_id: str
    code_name: str
    scores: dict[str, int | None]
    """per coder: the score, None when that coder gave none"""
    interview_score: int | None
    """the interview's own score (``principle_scores``), None when there is none"""
    interview_source: str | None

    @property
    def decided(self) -> bool:
        return self.interview_source == CONSENSUS_SOURCE


def score_differences(
    session: Session,
    coders: Sequence[str] | None = None,
    interview_ids: Sequence[str] | None = None,
    only_open: bool = False,
) -> tuple[list[ScoreDifference], list[str]]:
    """Units where the coders' scores are not all the same (a missing score counts as different), in the
    interviews every compared coder scored, without blind ones; ``only_open`` leaves out units whose
    interview score the duo already adopted. Returns (differences in interview, example and codebook order,
    interviews skipped because they are still blind)."""
    names = _resolve_coders(session, coders)
    if CONSENSUS in names:
        raise KBError(
            "'consensus' is de gezamenlijke laag; vergelijk de codeurs zelf", hint=Hint.CHOOSE_CODERS
        )
    per = scored_interviews(session, names)
    common = set.intersection(*per.values()) if per else set()
    if interview_ids:
        common &= set(_check_interviews(session, interview_ids))
    blind = blind_interviews(session)
    skipped = sorted(common & blind)
    usable = sorted(common - blind)
    by_unit: dict[Unit, dict[str, int]] = {}
    names_by_code: dict[str, str] = {}
    for r in coder_scores(session, names, usable):
        by_unit.setdefault((r["interview"], r["voorbeeld"], r["principe"]), {})[r["codeur"]] = r["score"]
        names_by_code[r["principe"]] = r["naam"]
    own = {
        (iid, ex, code): (score, source)
        for iid, ex, code, score, source in session.execute(
            select(
                PrincipleScore.interview_id,
                PrincipleScore.example,
                PrincipleScore.code_id,
                PrincipleScore.score,
                PrincipleScore.source,
            ).where(PrincipleScore.interview_id.in_(usable))
        )
    }
    out = []
    for unit, scores in by_unit.items():  # coder_scores() already yields units in the wanted order
        values = [scores.get(c) for c in names]
        if len(set(values)) == 1:
            continue
        score, source = own.get(unit, (None, None))
        if only_open and source == CONSENSUS_SOURCE:
            continue
        out.append(
            ScoreDifference(
                unit[0],
                unit[1],
                unit[2],
                names_by_code.get(unit[2], unit[2]),
                dict(zip(names, values, strict=True)),
                score,
                source,
            )
        )
    return out, skipped
