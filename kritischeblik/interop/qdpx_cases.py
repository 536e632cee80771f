"""Respondents as REFI-QDA Cases, with Variables: omgeving, rol, organisatie, datum, extra front-matter
attributes, principle scores (the respondent's and each coder's own), choices and suggestions.

The variable names come from :mod:`.vocabulary`, so the importer restores them on a round trip.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..model import Codebook, Example
from .guids import Guids
from .vocabulary import (
    VAR_DATUM,
    VAR_NIEUW,
    VAR_OMGEVING,
    VAR_ORGANISATIE,
    VAR_ROL,
    choice_variable,
    coder_score_variable,
    score_variable,
)
from .xml_writer import XmlWriter

ATTR = "attr_"


@dataclass
class Variable:
    name: str
    type: str
    description: str = ""


@dataclass
class ExportedSource:
    """One interview written as a text source; ``iv`` is its row of ``reads.interviews``."""

    id: str
    guid: str
    iv: Any
    attrs: dict[str, Any]
    selections: list[dict[str, Any]]


@dataclass
class CaseValues:
    """The variables, in the order they are declared, and each interview's values for them."""

    variables: list[Variable] = field(default_factory=list)
    guid: dict[str, str] = field(default_factory=dict)
    scores: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    choices: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    own: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    suggestions: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def attribute_columns(interviews: pd.DataFrame) -> list[str]:
    return [c for c in interviews.columns if c.startswith(ATTR)]


def _fixed_variables(interviews: pd.DataFrame) -> list[Variable]:
    return [
        Variable(VAR_OMGEVING, "Text", "wijk, school, huishouden of other"),
        Variable(VAR_ROL, "Text", "rol van de respondent"),
        Variable(VAR_ORGANISATIE, "Text", "organisatie van de respondent"),
        Variable(VAR_DATUM, "Text", "datum van het interview (ISO)"),
        *(
            Variable(c[len(ATTR) :], "Text", "extra kenmerk uit de front matter")
            for c in attribute_columns(interviews)
        ),
    ]


def _score_variables(books: list[Codebook], scores: pd.DataFrame, choices: pd.DataFrame) -> list[Variable]:
    """Scores and choices in codebook order, only those some interview has."""
    principles = [c for b in books for c in b.codes if c.kind == "leidend_principe"]
    used = set(zip(scores["example"].astype(str), scores["code_id"], strict=True)) if len(scores) else set()
    out: list[Variable] = []
    for ex in (str(Example.MOOI), str(Example.VASTLOOP)):
        for p in principles:
            if (ex, p.id) in used:
                out.append(Variable(score_variable(ex, p.name), "Integer", f"score {ex} voor {p.name}"))
    chosen = set(choices["code_id"]) if len(choices) else set()
    for p in principles:
        if p.id in chosen:
            out.append(
                Variable(choice_variable(p.name), "Boolean", f"koos '{p.name}' om mee aan de slag te gaan")
            )
    return out


def case_values(
    books: list[Codebook],
    interviews: pd.DataFrame,
    scores: pd.DataFrame,
    own_scores: pd.DataFrame,
    choices: pd.DataFrame,
    suggestions: pd.DataFrame,
    raw_suggestions: set[int],
    guids: Guids,
) -> CaseValues:
    """Variables: fixed ones first, then extra attributes, then scores and choices in codebook order."""
    out = CaseValues()
    variables = _fixed_variables(interviews) + _score_variables(books, scores, choices)
    if len(suggestions):
        variables.append(Variable(VAR_NIEUW, "Text", "suggestie(s) voor een nieuw leidend principe"))
    for r in own_scores.itertuples(index=False):
        name = coder_score_variable(str(r.coder), str(r.example), str(r.principle))
        variables.append(
            Variable(name, "Integer", f"eigen score van codeur {r.coder}: {r.example}, {r.principle}")
        )
        out.own[str(r.interview_id)].append((name, int(r.score)))
    unique: dict[str, Variable] = {}
    for v in variables:
        unique.setdefault(v.name, v)  # the first declaration of a name wins
    out.variables = list(unique.values())
    out.guid = {v.name: guids("variable", v.name) for v in out.variables}
    codes = {c.id: c for b in books for c in b.codes}
    for r in scores.itertuples(index=False):
        if (p := codes.get(r.code_id)) is not None:
            out.scores[r.interview_id].append((score_variable(str(r.example), p.name), int(r.score)))
    for r in choices.itertuples(index=False):
        if (p := codes.get(r.code_id)) is not None:
            out.choices[r.interview_id].append(choice_variable(p.name))
    for r in suggestions.itertuples(index=False):
        # Typed on a form with --no-pseudonymise: stays in the store.
        if r.suggestion_id not in raw_suggestions:
            out.suggestions[r.interview_id].append(str(r.text))
    return out


def write_variables(w: XmlWriter, values: CaseValues) -> None:
    if not values.variables:
        return
    w.open("Variables")
    for v in values.variables:
        w.open("Variable", {"guid": values.guid[v.name], "name": v.name, "typeOfVariable": v.type})
        if v.description:
            w.text("Description", v.description)
        w.close("Variable")
    w.close("Variables")


def _values_of(src: ExportedSource, values: CaseValues) -> list[tuple[str, str, Any]]:
    iv, iid = src.iv, src.id
    out: list[tuple[str, str, Any]] = [
        (VAR_OMGEVING, "TextValue", iv.omgeving),
        (VAR_ROL, "TextValue", iv.respondent_rol),
        (VAR_ORGANISATIE, "TextValue", iv.organisatie),
        (VAR_DATUM, "TextValue", iv.datum),
    ]
    for k, v in src.attrs.items():
        if k in values.guid and not pd.isna(v):
            out.append((k, "TextValue", str(v)))
    out += [(name, "IntegerValue", sc) for name, sc in values.scores.get(iid, [])]
    out += [(name, "BooleanValue", "true") for name in values.choices.get(iid, [])]
    out += [(name, "IntegerValue", sc) for name, sc in values.own.get(iid, [])]
    if values.suggestions.get(iid):
        out.append((VAR_NIEUW, "TextValue", "\n".join(values.suggestions[iid])))
    return out


def write_cases(w: XmlWriter, sources: list[ExportedSource], values: CaseValues, guids: Guids) -> int:
    """One Case per source, with its variable values and a reference to the source; returns the count."""
    w.open("Cases")
    for src in sources:
        iv = src.iv
        w.open("Case", {"guid": guids("case", src.id), "name": src.id})
        desc = ", ".join(x for x in (iv.omgeving, iv.respondent_rol, iv.organisatie) if x)
        if desc:
            w.text("Description", desc)
        for name, tag, val in _values_of(src, values):
            if val is None or val == "" or name not in values.guid:
                continue
            w.open("VariableValue")
            w.leaf("VariableRef", {"targetGUID": values.guid[name]})
            w.text(tag, str(val))
            w.close("VariableValue")
        w.leaf("SourceRef", {"targetGUID": src.guid})
        w.close("Case")
    w.close("Cases")
    return len(sources)
