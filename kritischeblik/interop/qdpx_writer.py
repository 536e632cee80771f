"""REFI-QDA project out: the whole project as a ``.qdpx`` (standard 1.5, schemas 1.0).

- GUIDs are stable (:class:`.guids.Guids`): exporting twice gives the same GUIDs.
- Sources are the pseudonymised transcripts as UTF-8 plain text in ``sources/<guid>.txt``; withdrawn
  fragments are replaced by ``Ingetrokken fragment.`` and interviews ingested without pseudonymisation are left
  out. Positions count code points from 0, end exclusive, in the text as written.
- One ``PlainTextSelection`` per coded fragment and coder (``creatingUser``), one ``Coding`` per code;
  memos become Notes referenced from the coding. Respondents are Cases with Variables (:mod:`.qdpx_cases`).
  Duidingssessies become project Notes.
- The XML is streamed, so a large project is never built as one tree in memory.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pandas as pd

from ..export.common import CONFIDENTIAL, WITHDRAWN, redact
from ..model import AUTO, BasisLayer, Codebook, Status
from ..store import coverage, reads
from ..store.codebooks import load_codebooks
from ..store.db import Project
from ..store.exchange import unpseudonymised_ids, unpseudonymised_suggestion_ids
from ..store.segments import interview_texts, segments
from .guids import Guids
from .qdc_writer import write_codes
from .qdpx_cases import (
    CaseValues,
    ExportedSource,
    attribute_columns,
    case_values,
    write_cases,
    write_variables,
)
from .vocabulary import ORIGIN, PROJECT_NS
from .xml_writer import ExportSummary, XmlWriter, stamp

DESCRIPTION = (
    "Geëxporteerd uit Kritische Blik: gepseudonimiseerde interviews, coderingen per codeur, "
    "principescores als casevariabelen, memo's en duidingen als notities. Ingetrokken fragmenten "
    "zijn vervangen door 'Ingetrokken fragment.'"
)
Note = tuple[str, str, str, str | None, str | None]
"""guid, name, text, coder (or None), created"""


@dataclass
class _Inputs:
    """Everything the export reads before it writes (one read transaction)."""

    books: list[Codebook]
    interviews: pd.DataFrame
    values: CaseValues
    coders: list[str]
    by_interview: dict[str, pd.DataFrame]
    sessions: list[tuple[int, str, str, str | None]]
    bases: list[str] = field(default_factory=list)
    """What each exported coder layer covers ("codeur Anna: 3 van 26 interviews gecodeerd")."""
    notes: list[Note] = field(default_factory=list)
    """Memos of the exported codings, collected while the sources are written."""


def _read(project: Project, coder: str | None, guids: Guids, summary: ExportSummary) -> _Inputs:
    with project.read() as s:
        books = load_codebooks(s)
        codings = reads.codings(s, coder=coder, status=str(Status.ACCEPTED), with_metadata=False)
        interviews = reads.interviews(s)
        values = case_values(
            books,
            interviews,
            reads.scores(s),
            reads.coder_scores(s, coder),
            reads.choices(s),
            reads.suggestions(s),
            unpseudonymised_suggestion_ids(s),
            guids,
        )
        sessions = _session_notes(s)
        # Only coders' decisions are exported, never machine suggestions: say what each layer covers.
        bases = [
            f"{b.label}: {b.coverage}"
            for b in coverage.layer_bases(s)
            if b.layer != BasisLayer.SUGGESTIES and (coder is None or b.coder == coder)
        ]
    if coder is not None and codings.empty:
        summary.warnings.append(f"geen geaccepteerde coderingen van codeur '{coder}'")
    codings = codings[codings["coder"] != AUTO]
    by_interview = {iid: g for iid, g in codings.groupby("interview_id", sort=False)}
    return _Inputs(books, interviews, values, sorted(set(codings["coder"])), by_interview, sessions, bases)


def export_qdpx(project: Project, out: str | Path | IO[bytes], coder: str | None = None) -> ExportSummary:
    """Write the project as a REFI-QDA ``.qdpx`` to the path or binary stream ``out``, as given (the caller
    chooses the file and makes writing it safe: :mod:`kritischeblik.safefiles`). Only accepted codings of
    human layers are exported, or of ``coder`` alone."""
    meta = project.meta()
    guids = Guids(meta)
    summary = ExportSummary()
    data = _read(project, coder, guids, summary)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        # Sources first (one file each), collecting what project.qde needs per source as we go.
        sources = _write_sources(zf, project, data, guids, summary)
        with zf.open("project.qde", "w") as fh:
            name = meta.get("project_name") or project.path.stem
            _write_project(
                XmlWriter(fh, PROJECT_NS), name, meta.get("created_at"), data, sources, guids, summary
            )
    return summary


def _write_sources(
    zf: zipfile.ZipFile, project: Project, data: _Inputs, guids: Guids, summary: ExportSummary
) -> list[ExportedSource]:
    sources: list[ExportedSource] = []
    attr_cols = attribute_columns(data.interviews)
    with project.read() as s:
        hidden = unpseudonymised_ids(s)
        for iv in data.interviews.itertuples(index=False):
            iid = iv.interview_id
            if iid in hidden:
                summary.warnings.append(
                    f"{iid}: niet gepseudonimiseerd ingelezen; niet geëxporteerd (lees opnieuw in "
                    "met pseudonimisering)"
                )
                continue
            full = interview_texts(s, [iid]).get(iid, "")
            # Plain rows, not a frame: iterating pandas string columns element by element cost a second at
            # 75 interviews.
            segs = segments(s, [iid], include_withdrawn=True)
            text, shift = redact(full, [(r.char_start, r.char_end) for r in segs if r.state == WITHDRAWN])
            sguid = guids("source", iid)
            zf.writestr(f"sources/{sguid}.txt", text.encode("utf-8"))
            positions = {
                r.id: (shift(r.char_start), shift(r.char_end), r.state, r.text)
                for r in segs
                if r.state != WITHDRAWN
            }
            attrs = {c[len("attr_") :]: getattr(iv, c) for c in attr_cols}
            selections = _selections(iid, data.by_interview.get(iid), positions, guids, data.notes)
            sources.append(ExportedSource(iid, sguid, iv, attrs, selections))
    summary.sources = len(sources)
    return sources


def _write_project(
    w: XmlWriter,
    name: str,
    created: str | None,
    data: _Inputs,
    sources: list[ExportedSource],
    guids: Guids,
    summary: ExportSummary,
) -> None:
    w.start_doc()
    w.open("Project", {"name": name, "origin": ORIGIN, "creationDateTime": stamp(created)}, root=True)
    if data.coders:
        w.open("Users")
        for coder in data.coders:
            w.leaf("User", {"guid": guids("user", coder), "name": coder})
        w.close("Users")
    summary.users = len(data.coders)
    w.open("CodeBook")
    w.open("Codes")
    summary.codes = write_codes(w, data.books, guids)
    w.close("Codes")
    w.close("CodeBook")
    write_variables(w, data.values)
    if sources:
        summary.cases = write_cases(w, sources, data.values, guids)
        _write_text_sources(w, sources, guids, summary)
    project_notes = [
        (guids("session", sid), title, text, None, created) for sid, title, text, created in data.sessions
    ]
    summary.notes = _write_notes(w, data.notes + project_notes, guids)
    based = (
        f" Gebaseerd op: {'; '.join(data.bases)}." if data.bases else " Nog geen beslissingen van codeurs."
    )
    w.text("Description", DESCRIPTION + based)
    for g, *_rest in project_notes:
        w.leaf("NoteRef", {"targetGUID": g})
    w.close("Project")
    w.end_doc()


def _write_text_sources(
    w: XmlWriter, sources: list[ExportedSource], guids: Guids, summary: ExportSummary
) -> None:
    w.open("Sources")
    for src in sources:
        w.open(
            "TextSource", {"guid": src.guid, "name": src.id, "plainTextPath": f"internal://{src.guid}.txt"}
        )
        for sel in src.selections:
            attrs = ("guid", "name", "startPosition", "endPosition", "creatingUser", "creationDateTime")
            w.open("PlainTextSelection", {k: sel[k] for k in attrs})
            if sel["confidential"]:
                w.text("Description", "vertrouwelijk fragment (na membercheck)")
            for c in sel["codings"]:
                w.open(
                    "Coding",
                    {
                        "guid": c["guid"],
                        "creatingUser": sel["creatingUser"],
                        "creationDateTime": c["created"],
                    },
                )
                w.leaf("CodeRef", {"targetGUID": guids("code", c["code_id"])})
                if c["note"]:
                    w.leaf("NoteRef", {"targetGUID": c["note"]})
                w.close("Coding")
                summary.codings += 1
            w.close("PlainTextSelection")
            summary.selections += 1
        w.close("TextSource")
    w.close("Sources")


def _write_notes(w: XmlWriter, notes: list[Note], guids: Guids) -> int:
    if not notes:
        return 0
    w.open("Notes")
    for nguid, name, text, user, created in notes:
        user_guid = guids("user", user) if user else None
        w.open(
            "Note",
            {"guid": nguid, "name": name, "creatingUser": user_guid, "creationDateTime": stamp(created)},
        )
        w.text("PlainTextContent", text)
        w.close("Note")
    w.close("Notes")
    return len(notes)


def _selections(
    interview_id: str,
    codings: pd.DataFrame | None,
    positions: dict[int, tuple[int, int, str, str]],
    guids: Guids,
    notes: list[Note],
) -> list[dict[str, Any]]:
    """One selection per (segment, coder) with a coding per code; memos are added to ``notes``."""
    if codings is None or codings.empty:
        return []
    # Plain Python over the rows: pandas groupby per selection costs far more than the XML itself.
    groups: dict[tuple[int, str], list] = {}
    for r in codings.itertuples(index=False):
        groups.setdefault((int(r.segment_id), str(r.coder)), []).append(r)
    out: list[dict[str, Any]] = []
    for (segment_id, coder), rows in groups.items():
        pos = positions.get(segment_id)
        if pos is None:  # withdrawn: never exported
            continue
        start, end, state, seg_text = pos
        key = (interview_id, start, end, coder)
        sel = {
            "guid": guids("selection", *key),
            "name": " ".join(seg_text.split())[:60],
            "startPosition": start,
            "endPosition": end,
            "creatingUser": guids("user", coder),
            "creationDateTime": stamp(min(str(r.created_at) for r in rows)),
            "confidential": state == CONFIDENTIAL,
            "codings": [],
        }
        for r in rows:
            note = None
            if str(r.memo or "").strip():
                note = guids("note", *key, r.code_id)
                notes.append(
                    (note, f"Memo: {r.code_name} ({interview_id})", str(r.memo), coder, r.updated_at)
                )
            coding = {"guid": guids("coding", *key, r.code_id), "code_id": r.code_id, "note": note}
            sel["codings"].append({**coding, "created": stamp(r.created_at)})
        out.append(sel)
    out.sort(key=lambda x: (x["startPosition"], x["endPosition"], x["creatingUser"]))
    return out


def _session_notes(session) -> list[tuple[int, str, str, str | None]]:  # noqa: ANN001
    """Duidingssessies as notes: (session id, title, text, created); the caller makes the GUIDs."""
    try:
        from ..store import sessions as store_sessions
    except ImportError:  # duidingssessies not in this version of the store
        return []
    return [
        _session_note(store_sessions.load_session(session, info["id"]))
        for info in store_sessions.list_sessions(session)
    ]


def _session_note(view) -> tuple[int, str, str, str | None]:  # noqa: ANN001
    lines = [f"{view.title} ({view.datum})", f"Vraag: {view.question_text}"]
    if view.participants:
        lines.append("Deelnemers: " + ", ".join(view.participants))
    for theme in view.themes:
        lines.append("")
        lines.append(f"Thema: {theme.label} [{theme.status}]")
        for d in view.duidingen_for(theme.id):
            lines.append(f"- {d.author}: {d.text}" + (f" ({d.prompt})" if d.prompt else ""))
    rest = view.duidingen_for(None)
    if rest:
        lines.append("")
        lines.append("Algemeen:")
        lines.extend(f"- {d.author}: {d.text}" for d in rest)
    take = view.takeaways()
    if take:
        lines.append("")
        lines.append("Wat neem jij mee naar je eigen werkpraktijk?")
        lines.extend(f"- {d.author}: {d.text}" for d in take)
    return (view.id, f"Duidingssessie: {view.title}", "\n".join(lines), None)
