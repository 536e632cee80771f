"""REFI-QDA cases and variables in: interview metadata (omgeving, rol, organisatie, datum, attributes),
principle scores (the respondent's and coders' own), choices, suggestions, and notes on sources.

Variable names as :mod:`.vocabulary` writes them are recognised; any other variable becomes an attribute.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from ..model import Codebook, Example
from .codebook_reader import norm
from .guids import GuidMap, norm_guid, warn_repeated
from .report import ImportReport
from .sources_reader import Source
from .vocabulary import (
    CHOICE_PREFIX,
    CODER_SCORE_PREFIX,
    SCORE_PREFIX,
    VAR_DATUM,
    VAR_NIEUW,
    VAR_OMGEVING,
    VAR_ORGANISATIE,
    VAR_ROL,
)
from .xml_reader import child, children, text_of


@dataclass
class Meta:
    omgeving: str = ""
    rol: str = ""
    organisatie: str = ""
    datum: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    scores: list[tuple[str, str, int]] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    coder_scores: list[tuple[str, str, str, int]] = field(default_factory=list)  # coder, example, code, score


def variable_value(vv: Element) -> tuple[str, Any] | None:
    """(variable GUID, value) of a ``<VariableValue>``; None when it names no variable or holds no value."""
    ref = child(vv, "VariableRef")
    if ref is None:
        return None
    guid = norm_guid(ref.get("targetGUID"))
    for tag in ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue"):
        v = child(vv, tag)
        if v is None:
            continue
        raw = text_of(v).strip()
        if tag == "BooleanValue":
            return guid, raw.lower() in {"true", "1"}
        if tag == "IntegerValue":
            try:
                return guid, int(raw)
            except ValueError:
                return guid, raw
        return guid, raw
    return None


def _in_scale(value: Any, book: Codebook) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and book.scale_min <= value <= book.scale_max
    )


def _score(meta: Meta, name: str, value: Any, book: Codebook, report: ImportReport, where: str) -> None:
    ex_name, _, pname = name[len(SCORE_PREFIX) :].partition(":")
    example = Example.parse(ex_name)
    p = book.resolve_principle(pname)
    if example is None or p is None or not isinstance(value, int) or isinstance(value, bool):
        report.not_carried.append(f"{where}: variabele '{name}' = {value!r} niet als score herkend")
    elif not _in_scale(value, book):
        report.not_carried.append(f"{where}: score {value} voor '{name}' buiten de schaal")
    else:
        meta.scores.append((str(example), p.id, value))


def _coder_score(meta: Meta, name: str, value: Any, book: Codebook, report: ImportReport, where: str) -> None:
    who, _, rest = name[len(CODER_SCORE_PREFIX) :].partition(" | ")
    ex_name, _, pname = rest.partition(":")
    example, p = Example.parse(ex_name), book.resolve_principle(pname)
    if not who.strip() or example is None or p is None or not _in_scale(value, book):
        report.not_carried.append(
            f"{where}: variabele '{name}' = {value!r} niet als score van een codeur herkend"
        )
    else:
        meta.coder_scores.append((who.strip(), str(example), p.id, value))


def _choice(meta: Meta, name: str, value: Any, book: Codebook, report: ImportReport, where: str) -> None:
    p = book.resolve_principle(name.partition(":")[2])
    if p is None:
        report.not_carried.append(f"{where}: keuzevariabele '{name}' niet herkend")
    elif value is True or str(value).lower() in {"true", "1", "ja"}:
        meta.choices.append(p.id)


def apply_variable(
    meta: Meta, name: str, value: Any, book: Codebook, report: ImportReport, where: str
) -> None:
    """Put one variable's value where it belongs in ``meta``; what cannot be used is reported."""
    low = norm(name)
    if low == VAR_OMGEVING:
        meta.omgeving = str(value)
    elif low in {VAR_ROL, "respondent_rol", "functie"}:
        meta.rol = str(value)
    elif low == VAR_ORGANISATIE:
        meta.organisatie = str(value)
    elif low == VAR_DATUM:
        meta.datum = str(value)
    elif low == VAR_NIEUW:
        meta.suggestions.extend(x.strip() for x in str(value).split("\n") if x.strip())
    elif low.startswith(SCORE_PREFIX) and ":" in name:
        _score(meta, name, value, book, report, where)
    elif low.startswith(CODER_SCORE_PREFIX) and " | " in name:
        _coder_score(meta, name, value, book, report, where)
    elif low.startswith(CHOICE_PREFIX.strip()) and ":" in name:
        _choice(meta, name, value, book, report, where)
    else:
        meta.attributes[name] = value


@dataclass
class References:
    """What elements refer to by GUID: users, codes, variables and notes (each a :class:`GuidMap`)."""

    users: GuidMap[str]
    default_user: str
    codes: GuidMap[str]
    variables: GuidMap[str]
    notes: GuidMap[str]
    used_notes: set[str] = field(default_factory=set)


def _case_sources(
    case: Element,
    cname: str,
    sources: dict[str, Source],
    source_guids: dict[str, list[str]],
    report: ImportReport,
) -> list[str] | None:
    """The sources a case applies to; None when it names only sources that several share (reported)."""
    refs = [norm_guid(r.get("targetGUID")) for r in children(case, "SourceRef")]
    shared = [r for r in refs if len(source_guids.get(r, ())) > 1]
    for r in shared:
        report.not_carried.append(
            f"case '{cname}': verwijst naar bron-GUID {r}, die {len(source_guids[r])} bronnen hebben; niet toegepast"
        )
    refs = [r for r in refs if r and r in sources and len(source_guids[r]) == 1]
    if not refs and shared:
        return None
    if not refs:
        report.not_carried.append(f"case '{cname}': verwijst niet naar een geïmporteerde tekstbron")
        return None
    return refs


def _apply_case(
    case: Element,
    refs: list[str],
    metas: dict[str, Meta],
    book: Codebook,
    ctx: References,
    report: ImportReport,
) -> None:
    cname = case.get("name") or norm_guid(case.get("guid"))
    if children(case, "SelectionRef"):
        report.not_carried.append(f"case '{cname}': verwijzingen naar selecties niet overgenomen")
    if children(case, "CodeRef"):
        report.not_carried.append(f"case '{cname}': codes op case-niveau niet overgenomen")
    for vv in children(case, "VariableValue"):
        got = variable_value(vv)
        if got is None:
            report.not_carried.append(f"case '{cname}': variabelewaarde zonder variabele of zonder waarde")
            continue
        vname = ctx.variables.get(got[0])
        if not vname:
            why = ctx.variables.why_not(got[0]) or "variabele zonder naam"
            report.not_carried.append(f"case '{cname}': waarde niet overgenomen ({why})")
            continue
        for r in refs:
            apply_variable(metas[r], vname, got[1], book, report, f"case '{cname}'")


def _apply_source(src: Source, meta: Meta, book: Codebook, ctx: References, report: ImportReport) -> None:
    """Variables and notes on the source element itself; what we do not carry over is reported."""
    for vv in children(src.element, "VariableValue"):
        got = variable_value(vv)
        if got is not None and ctx.variables.get(got[0]):
            apply_variable(meta, ctx.variables[got[0]], got[1], book, report, f"bron '{src.name}'")
        else:
            why = (
                "zonder variabele of waarde"
                if got is None
                else ctx.variables.why_not(got[0]) or "zonder naam"
            )
            report.not_carried.append(f"bron '{src.name}': variabelewaarde niet overgenomen ({why})")
    for ref in children(src.element, "NoteRef"):
        g = norm_guid(ref.get("targetGUID"))
        if ctx.notes.get(g):
            meta.notes.append(ctx.notes[g])
            ctx.used_notes.add(g)
        elif g not in ctx.notes:
            report.not_carried.append(f"bron '{src.name}': notitie niet overgenomen ({ctx.notes.why_not(g)})")
    if text_of(child(src.element, "Description")).strip():
        report.not_carried.append(f"bron '{src.name}': beschrijving niet overgenomen")
    if children(src.element, "Coding"):
        report.not_carried.append(
            f"bron '{src.name}': coderingen van de hele bron niet overgenomen (alleen selecties)"
        )


def read_metadata(
    root: Element,
    sources: dict[str, Source],
    source_guids: dict[str, list[str]],
    ctx: References,
    book: Codebook,
    report: ImportReport,
) -> dict[str, Meta]:
    """Cases and source variables → interview metadata, per source key."""
    metas: dict[str, Meta] = defaultdict(Meta)
    cases = children(child(root, "Cases"), "Case")
    warn_repeated("case", (norm_guid(c.get("guid")) for c in cases), report.warnings)
    for case in cases:
        cname = case.get("name") or norm_guid(case.get("guid"))
        refs = _case_sources(case, cname, sources, source_guids, report)
        if refs is None:
            continue
        report.cases += 1
        _apply_case(case, refs, metas, book, ctx, report)
    for guid, src in sources.items():
        _apply_source(src, metas[guid], book, ctx, report)
    return metas
