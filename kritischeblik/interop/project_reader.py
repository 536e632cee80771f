"""REFI-QDA project in: a ``.qdpx`` into a new or existing project.

What comes in: codes (nested; matched to the project's codes by name or alias, the rest become a codebook
``refi-import``), text sources (as interviews, segmented into sentences), PlainTextSelections with their
codings (mapped to the segments they overlap), users (as coders), cases and variables (interview metadata,
principle scores and choices), notes on codings (as memos) and on sources (as an attribute). Everything else
is listed in the report, as the standard asks (REFI-QDA §7): nothing is dropped silently.

The archive is checked against its own directory and read in memory, never extracted (:mod:`.qdpx_archive`).
The slow work (pseudonymisation, segmentation, lemmas) happens first; then all writes in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from ..model import OMGEVINGEN, Codebook, Transcript
from ..store.codebooks import all_codes
from ..store.coder_scores import set_coder_score
from ..store.codings import AUTO
from ..store.db import Project
from ..store.interviews import add_prepared, interview_ids, set_choices, set_score, set_suggestions
from .cases_reader import Meta, References, read_metadata
from .codebook_reader import map_codes, norm, parse_codes, save_import_codebook
from .guids import GuidMap, norm_guid
from .qdpx_archive import read_archive
from .report import ImportReport
from .selections_reader import import_selections, note_refs
from .sources_reader import Source, interview_id, read_sources, source_text, turns_from_text
from .xml_reader import child, children, text_of

DEFAULT_CODER = "refi-import"
SOURCE = "refi-import"
"""The ``source`` of scores, choices and suggestions that came from an import."""


def import_qdpx(
    project: Project,
    path: str | Path,
    nlp=None,  # noqa: ANN001
    unit: str = "sentence",
    pseudonymise: bool = True,
    pseudonymiser=None,  # noqa: ANN001
    guard: Callable[[Any], None] | None = None,
) -> ImportReport:
    root, files = read_archive(path)
    return import_project_element(
        project,
        root,
        files,
        nlp=nlp,
        unit=unit,
        pseudonymise=pseudonymise,
        pseudonymiser=pseudonymiser,
        guard=guard,
    )


def import_project_element(
    project: Project,
    root: Element,
    files: dict[str, bytes],
    nlp=None,  # noqa: ANN001
    unit: str = "sentence",
    pseudonymise: bool = True,
    pseudonymiser=None,  # noqa: ANN001
    guard: Callable[[Any], None] | None = None,
) -> ImportReport:
    """``pseudonymise``: source texts, source names, memos and case variables go through the pseudonymiser
    (see :mod:`.privacy`); without it they are stored as written and the interviews are marked
    unpseudonymised (``kb status``, masked in exports). ``guard(session)`` may refuse the import (who may
    write: the services' role check); it is asked before the slow work and again in the write."""
    project.check_writable()  # before the NLP work, not after it
    guard = guard or (lambda _s: None)
    report = ImportReport(project=project.path, pseudonymised=pseudonymise)
    with project.read() as s:
        guard(s)
        existing = all_codes(s)
        taken_ids = set(interview_ids(s))
    ctx, new_codes = _references(root, files, existing, report)
    sources, source_guids = read_sources(root, files, taken_ids, report)
    metas = read_metadata(root, sources, source_guids, ctx, existing, report)
    src_notes: dict[str, dict[str, str]] = {}
    if pseudonymise and sources:
        from .privacy import pseudonymise_sources

        if pseudonymiser is None:
            from ..ingest.pseudonymisation.pseudonymiser import get_pseudonymiser

            pseudonymiser = get_pseudonymiser()
        refs = {key: note_refs(src.element) for key, src in sources.items()}
        src_notes = pseudonymise_sources(pseudonymiser, existing, sources, metas, ctx.notes, refs, taken_ids)
    prepared = _prepare(sources, metas, nlp, unit, pseudonymise, report)
    with project.write() as s:
        guard(s)
        _write(s, prepared, metas, ctx, new_codes, existing, report, src_notes if pseudonymise else None)
    _report_unused(root, ctx, report)
    return report


def _references(
    root: Element, files: dict[str, bytes], existing: Codebook, report: ImportReport
) -> tuple[References, list[Any]]:
    """Users, codes, variables and notes by GUID. Every map reports a GUID two different elements share."""
    users: GuidMap[str] = GuidMap("gebruiker", report.warnings, report.not_carried)
    for u in children(child(root, "Users"), "User"):
        name = (
            " ".join((u.get("name") or u.get("id") or "").split())
            or f"gebruiker-{norm_guid(u.get('guid'))[:8]}"
        )
        if name == AUTO:
            name = "auto (import)"
        users.add(norm_guid(u.get("guid")), name, name)
    default_user = users.get(norm_guid(root.get("creatingUserGUID")), DEFAULT_CODER)
    code_map, new_codes = map_codes(parse_codes(child(child(root, "CodeBook"), "Codes")), existing, report)
    variables: GuidMap[str] = GuidMap("variabele", report.warnings, report.not_carried)
    for v in children(child(root, "Variables"), "Variable"):
        name = (v.get("name") or "").strip()
        variables.add(norm_guid(v.get("guid")), name, name)
    report.variables = len(variables)
    notes: GuidMap[str] = GuidMap("notitie", report.warnings, report.not_carried)
    for n in children(child(root, "Notes"), "Note"):
        content = text_of(child(n, "PlainTextContent")).strip()
        if not content:
            content = source_text(n, files, report, n.get("name") or "notitie") or ""
        notes.add(norm_guid(n.get("guid")), content.strip(), n.get("name") or norm_guid(n.get("guid")))
    return References(users, default_user, code_map, variables, notes), new_codes


def _attributes(src: Source, meta: Meta, omgeving: str) -> dict[str, Any]:
    attributes = dict(meta.attributes)
    if meta.omgeving and omgeving == "other" and norm(meta.omgeving) != "other":
        attributes["omgeving_origineel"] = meta.omgeving
    if meta.notes:
        attributes["notities"] = "\n\n".join(meta.notes)
    attributes["refi_bron"] = src.name
    return attributes


def _transcript(src: Source, meta: Meta, pseudonymise: bool) -> Transcript:
    omgeving = norm(meta.omgeving) if norm(meta.omgeving) in OMGEVINGEN else "other"
    turns = src.turns if src.turns is not None else turns_from_text(src.text)
    if pseudonymise:
        warning = "geïmporteerd uit REFI-QDA; tekst, memo's en kenmerken gepseudonimiseerd"
    else:
        warning = "geïmporteerd uit REFI-QDA zonder pseudonimisering (op verzoek); de tekst is overgenomen zoals die was"
    return Transcript(
        id=src.interview_id,
        omgeving=omgeving,
        duo=[],
        respondent_rol=meta.rol,
        organisatie=meta.organisatie,
        datum=meta.datum,
        attributes=_attributes(src, meta, omgeving),
        text=src.text,
        turns=turns,
        source_name=src.name,
        content_hash=hashlib.sha256(src.text.encode("utf-8")).hexdigest(),
        pseudonymised=pseudonymise,
        warnings=[warning],
    )


def _prepare(
    sources: dict[str, Source],
    metas: dict[str, Meta],
    nlp,  # noqa: ANN001
    unit: str,
    pseudonymise: bool,
    report: ImportReport,
) -> list[tuple[Source, Any]]:
    """Each source as a prepared interview (segments and lemmas): the NLP work, before the write."""
    from ..ingest.pipeline import Prepared, PreparedSegment
    from ..ingest.segmenting import segment_turns
    from ..nlp import lemmatize

    if nlp is None and sources:
        from ..nlp import load_nlp

        nlp = load_nlp()
    prepared: list[tuple[Source, Prepared]] = []
    for guid, src in sources.items():
        transcript = _transcript(src, metas[guid], pseudonymise)
        spans = segment_turns(nlp, src.text, [(t.start, t.end) for t in transcript.turns], unit=unit)
        flat = [(ti, sp.start, sp.end) for ti, segs in enumerate(spans) for sp in segs]
        texts = [src.text[a:b] for _, a, b in flat]
        lemmas = lemmatize(nlp, texts)
        if not flat:
            report.not_carried.append(f"bron '{src.name}': lege tekst, niet geïmporteerd")
            continue
        segs = [
            PreparedSegment(turn_index=ti, start=a, end=b, text=t, lemmas=" ".join(lem))
            for (ti, a, b), t, lem in zip(flat, texts, lemmas, strict=True)
        ]
        prepared.append((src, Prepared(transcript=transcript, duo_names=[], segments=segs)))
    return prepared


def _write(
    s,  # noqa: ANN001
    prepared: list[tuple[Source, Any]],
    metas: dict[str, Meta],
    ctx: References,
    new_codes: list[Any],
    existing: Codebook,
    report: ImportReport,
    src_notes: dict[str, dict[str, str]] | None,
) -> None:
    """Everything into the project, inside the caller's one write transaction."""
    # Read again under the write lock: another import may have added codes or interviews meanwhile.
    taken_now = set(interview_ids(s))
    for src, prep in prepared:
        if prep.transcript.id in taken_now:
            prep.transcript.id = interview_id(src.name, taken_now | {p.transcript.id for _, p in prepared})
    if new_codes:
        save_import_codebook(s, new_codes, existing)
    for src, prep in prepared:
        add_prepared(s, prep)
        s.flush()
        iid = prep.transcript.id
        report.interviews.append(iid)
        _write_meta(s, iid, metas[src.guid], report.pseudonymised)
        import_selections(
            s, src, iid, ctx, report, src_notes.get(src.guid) if src_notes is not None else None
        )
    report.coders = sorted({*report.coders})


def _write_meta(s, iid: str, meta: Meta, pseudonymised: bool) -> None:  # noqa: ANN001
    for example, code_id, value in meta.scores:
        set_score(s, iid, example, code_id, value, source=SOURCE)
    if meta.choices:
        set_choices(s, iid, meta.choices, source=SOURCE)
    if meta.suggestions:
        set_suggestions(s, iid, meta.suggestions, source=SOURCE, pseudonymised=pseudonymised)
    for who, example, code_id, value in meta.coder_scores:
        set_coder_score(s, iid, example, code_id, value, who, source=SOURCE)


def _report_unused(root: Element, ctx: References, report: ImportReport) -> None:
    """Notes nothing we import refers to, and the parts of a project we do not carry over."""
    report.notes = len(ctx.used_notes)
    unused = [g for g in ctx.notes if g not in ctx.used_notes]
    if unused:
        report.not_carried.append(
            f"{len(unused)} notitie(s) zonder koppeling aan een codering of bron (bijv. projectnotities of "
            "duidingen) niet overgenomen"
        )
    for tag, label in (("Sets", "sets"), ("Links", "links"), ("Graphs", "grafen")):
        el = child(root, tag)
        if el is not None and len(el):
            report.not_carried.append(f"{len(el)} {label} niet overgenomen")
