"""REFI-QDA export: the codebook as ``.qdc`` and the whole project as ``.qdpx`` (standard 1.5, schemas 1.0).

- GUIDs are uuid5 from a per-project namespace and stable keys (code id, interview id, positions, coder),
  so exporting twice gives the same GUIDs and other tools can match a re-import to what they already have.
- Sources are the pseudonymised transcripts as UTF-8 plain text in ``sources/<guid>.txt``; withdrawn
  fragments are replaced by ``Ingetrokken fragment.`` and interviews ingested without pseudonymisation are left
  out. Positions count code points from 0, end exclusive, in the text as written.
- One ``PlainTextSelection`` per coded fragment and coder (``creatingUser``), one ``Coding`` per code;
  memos become Notes referenced from the coding. Respondents are Cases with Variables (omgeving, rol,
  organisatie, extra attributes, principle scores and choices). Duidingssessies become project Notes.
- The XML is streamed (``XMLGenerator``) so a large project is never built as one tree in memory.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import XMLGenerator

import pandas as pd

from .. import __version__
from ..codebook import BUILTIN_KINDS
from ..errors import KBError
from ..model import Codebook, Example, Status
from ..safefiles import atomic_file, check_target, open_target
from ..store import keys, reads
from ..store.codebooks import load_codebooks
from ..store.db import Project
from ..store.exchange import unpseudonymised_ids, unpseudonymised_suggestion_ids
from ..store.segments import interview_texts
from .common import CONFIDENTIAL, WITHDRAWN, redact, xml_safe

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = f"Kritische Blik {__version__}"

# Variable names shared with the importer (refi_import) so a round trip restores them.
VAR_OMGEVING = "omgeving"
VAR_ROL = "rol"
VAR_ORGANISATIE = "organisatie"
VAR_DATUM = "datum"
VAR_NIEUW = "nieuw principe"
SCORE_PREFIX = "score "  # "score mooi voorbeeld: Leefwereld centraal"
CHOICE_PREFIX = "keuze: "  # "keuze: Leefwereld centraal"
CODER_SCORE_PREFIX = "codeurscore "  # "codeurscore Anna | vastloopmoment: Eenvoud" (a coder's own score)
ATTR_PREFIX = ""  # extra front-matter keys keep their own name
KIND_COLORS = {
    "leidend_principe": "#1F77B4",
    "werkend_element": "#2CA02C",
    "belemmerend_element": "#D62728",
    "commissie_werkend": "#98DF8A",
    "commissie_belemmerend": "#FF9896",
    "toekomstrichting": "#9467BD",
    "vraag_voor_de_toekomst": "#FF7F0E",
}


@dataclass
class ExportSummary:
    path: Path
    sources: int = 0
    codes: int = 0
    selections: int = 0
    codings: int = 0
    cases: int = 0
    notes: int = 0
    users: int = 0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "bestand": str(self.path),
            "bronnen": self.sources,
            "codes": self.codes,
            "selecties": self.selections,
            "coderingen": self.codings,
            "cases": self.cases,
            "notities": self.notes,
            "gebruikers": self.users,
            "waarschuwingen": self.warnings,
        }


# -- GUIDs -------------------------------------------------------------------------------------------
class Guids:
    """Stable GUIDs: uuid5 of a per-project namespace and a key that names the object."""

    def __init__(self, meta: dict[str, str]):
        # The namespace is the project's own non-secret uuid: stable for the project, the same on every
        # machine. Projects from before it existed got, as uuid, the namespace their GUIDs were made in.
        self.ns = uuid.UUID(meta[keys.UUID_META])

    def __call__(self, *key: object) -> str:
        return str(uuid.uuid5(self.ns, "\x1f".join(str(k) for k in key)))


# -- XML helpers ---------------------------------------------------------------------------------------
class _Writer:
    def __init__(self, out: IO[bytes], ns: str):
        # XMLGenerator would wrap a binary stream with write_through=True: one tiny write per tag. A buffered
        # text layer of our own batches them, which is what makes large exports fast.
        self.stream = io.TextIOWrapper(out, encoding="utf-8", newline="\n", write_through=False)
        self.stream._CHUNK_SIZE = 1 << 16
        self.g = XMLGenerator(self.stream, encoding="utf-8", short_empty_elements=True)
        self.ns = ns
        self.depth = 0

    def start_doc(self) -> None:
        self.g.startDocument()

    def end_doc(self) -> None:
        self.g.endDocument()
        self.stream.write("\n")
        self.stream.flush()
        self.stream.detach()  # the caller owns (and closes) the binary stream

    def open(self, tag: str, attrs: dict[str, Any] | None = None, root: bool = False) -> None:
        clean = {k: xml_safe(str(v)) for k, v in (attrs or {}).items() if v is not None and v != ""}
        if root:
            clean = {"xmlns": self.ns, **clean}
        self.g.characters("\n" + "  " * self.depth)
        self.g.startElement(tag, clean)
        self.depth += 1

    def close(self, tag: str, inline: bool = False) -> None:
        self.depth -= 1
        if not inline:
            self.g.characters("\n" + "  " * self.depth)
        self.g.endElement(tag)

    def leaf(self, tag: str, attrs: dict[str, Any] | None = None) -> None:
        self.open(tag, attrs)
        self.close(tag, inline=True)

    def text(self, tag: str, value: str, attrs: dict[str, Any] | None = None) -> None:
        self.open(tag, attrs)
        self.g.characters(xml_safe(value))
        self.close(tag, inline=True)


def _color(value: str | None, kind: str) -> str | None:
    import re

    if value and re.fullmatch(r"#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})", value.strip()):
        return value.strip().upper()
    return KIND_COLORS.get(kind)


def _kind_name(book: Codebook, kind: str) -> str:
    return book.kinds.get(kind) or BUILTIN_KINDS.get(kind) or kind


def _write_code(w: _Writer, code, kind: str, children: dict, guids: Guids, descriptions: bool) -> int:  # noqa: ANN001
    w.open("Code", {"guid": guids("code", code.id), "name": code.name, "isCodable": "true",
                    "color": _color(code.color, kind)})  # fmt: skip
    if descriptions and code.definition.strip():
        w.text("Description", " ".join(code.definition.split()))
    n = 1
    for child in children.get(code.id, []):
        n += _write_code(w, child, kind, children, guids, descriptions)
    w.close("Code")
    return n


def _write_codes(w: _Writer, books: list[Codebook], guids: Guids, descriptions: bool = True) -> int:
    """Codes hierarchically: (codebook when there are several) → a parent per kind → codes → sub-codes."""
    n = 0
    several = len(books) > 1
    for book in books:
        if several:
            w.open("Code", {"guid": guids("codebook", book.id), "name": f"{book.name} {book.version}".strip(),
                            "isCodable": "false"})  # fmt: skip
        children: dict[str | None, list] = defaultdict(list)
        ids = {c.id for c in book.codes}
        for c in book.codes:
            children[c.parent if c.parent in ids else None].append(c)
        for kind in dict.fromkeys(c.kind for c in children[None]):
            w.open("Code", {"guid": guids("kind", book.id, kind), "name": _kind_name(book, kind),
                            "isCodable": "false", "color": KIND_COLORS.get(kind)})  # fmt: skip
            for code in (c for c in children[None] if c.kind == kind):
                n += _write_code(w, code, kind, children, guids, descriptions)
            w.close("Code")
        if several:
            w.close("Code")
    return n


# -- codebook (.qdc) -----------------------------------------------------------------------------------
def export_qdc(project: Project, out: str | Path, force: bool = False) -> ExportSummary:
    check_target(out, force=force, protect=[project.path])  # refuse before any work
    guids = Guids(project.meta())
    with project.read() as s:
        books = load_codebooks(s)
    if not books:
        raise KBError("Dit project heeft geen codeboek om te exporteren.")
    summary = ExportSummary(Path(out))
    with open_target(out, "wb", force=force, protect=[project.path]) as fh:
        w = _Writer(fh, CODEBOOK_NS)
        w.start_doc()
        w.open("CodeBook", {"origin": ORIGIN}, root=True)
        w.open("Codes")
        summary.codes = _write_codes(w, books, guids)
        w.close("Codes")
        w.close("CodeBook")
        w.end_doc()
    return summary


# -- project (.qdpx) -----------------------------------------------------------------------------------
def score_variable(example: str, principle: str) -> str:
    return f"{SCORE_PREFIX}{example}: {principle}"


def choice_variable(principle: str) -> str:
    return f"{CHOICE_PREFIX}{principle}"


def coder_score_variable(coder: str, example: str, principle: str) -> str:
    return f"{CODER_SCORE_PREFIX}{coder} | {example}: {principle}"


@dataclass
class _Variable:
    name: str
    type: str
    description: str = ""


def _stamp(value: str | None) -> str | None:
    """xsd:dateTime or nothing: stored stamps are ISO 8601 with offset already; anything else is dropped."""
    import re

    if value and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", value):
        return value
    return None


def export_qdpx(
    project: Project, out: str | Path, coder: str | None = None, force: bool = False
) -> ExportSummary:
    """Write the project as a REFI-QDA ``.qdpx``; only accepted codings of human layers (or ``coder``)."""
    check_target(out, force=force, protect=[project.path])  # refuse before any work
    meta = project.meta()
    guids = Guids(meta)
    summary = ExportSummary(Path(out))
    with project.read() as s:
        books = load_codebooks(s)
        codings = reads.codings(s, coder=coder, status=str(Status.ACCEPTED), with_metadata=False)
        scores = reads.scores(s)
        own_scores = reads.coder_scores(s, coder)
        choices = reads.choices(s)
        suggestions = reads.suggestions(s)
        raw_suggestions = unpseudonymised_suggestion_ids(s)
        notes_sessions = _session_notes(s)
        interviews_meta = reads.interviews(s)
    if coder is not None and codings.empty:
        summary.warnings.append(f"geen geaccepteerde coderingen van codeur '{coder}'")

    codings = codings[codings["coder"] != "auto"]
    code_names = {c.id: c for b in books for c in b.codes}
    coders = sorted(set(codings["coder"]))
    by_interview: dict[str, pd.DataFrame] = {iid: g for iid, g in codings.groupby("interview_id", sort=False)}

    # Variables: fixed ones first, then extra attributes, then scores and choices in codebook order.
    attr_cols = [c for c in interviews_meta.columns if c.startswith("attr_")]
    principles = [c for b in books for c in b.codes if c.kind == "leidend_principe"]
    variables: list[_Variable] = [
        _Variable(VAR_OMGEVING, "Text", "wijk, school, huishouden of other"),
        _Variable(VAR_ROL, "Text", "rol van de respondent"),
        _Variable(VAR_ORGANISATIE, "Text", "organisatie van de respondent"),
        _Variable(VAR_DATUM, "Text", "datum van het interview (ISO)"),
        *(_Variable(c[len("attr_"):], "Text", "extra kenmerk uit de front matter") for c in attr_cols),
    ]
    used_scores = set(zip(scores["example"].astype(str), scores["code_id"], strict=True)) if len(scores) else set()
    for ex in (str(Example.MOOI), str(Example.VASTLOOP)):
        for p in principles:
            if (ex, p.id) in used_scores:
                variables.append(_Variable(score_variable(ex, p.name), "Integer", f"score {ex} voor {p.name}"))
    chosen = set(choices["code_id"]) if len(choices) else set()
    for p in principles:
        if p.id in chosen:
            variables.append(_Variable(choice_variable(p.name), "Boolean", f"koos '{p.name}' om mee aan de slag te gaan"))
    if len(suggestions):
        variables.append(_Variable(VAR_NIEUW, "Text", "suggestie(s) voor een nieuw leidend principe"))
    own_map: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for r in own_scores.itertuples(index=False):
        name = coder_score_variable(str(r.coder), str(r.example), str(r.principle))
        variables.append(_Variable(name, "Integer", f"eigen score van codeur {r.coder}: {r.example}, {r.principle}"))
        own_map[str(r.interview_id)].append((name, int(r.score)))
    variables = [v for i, v in enumerate(variables) if v.name not in {x.name for x in variables[:i]}]
    var_guid = {v.name: guids("variable", v.name) for v in variables}

    score_map: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for r in scores.itertuples(index=False):
        p = code_names.get(r.code_id)
        if p is not None:
            score_map[r.interview_id].append((score_variable(str(r.example), p.name), int(r.score)))
    choice_map: dict[str, list[str]] = defaultdict(list)
    for r in choices.itertuples(index=False):
        p = code_names.get(r.code_id)
        if p is not None:
            choice_map[r.interview_id].append(choice_variable(p.name))
    sugg_map: dict[str, list[str]] = defaultdict(list)
    for r in suggestions.itertuples(index=False):
        # Typed on a form with --no-pseudonymise: stays in the store.
        if r.suggestion_id not in raw_suggestions:
            sugg_map[r.interview_id].append(str(r.text))

    note_queue: list[tuple[str, str, str, str | None, str | None]] = []  # guid, name, text, user, created

    with (
        atomic_file(out, force=force, protect=[project.path]) as tmp,
        zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf,
    ):
        # Sources first (one file each), collecting what project.qde needs per source as we go.
        sources: list[dict[str, Any]] = []
        with project.read() as s:
            hidden = unpseudonymised_ids(s)
            for iv in interviews_meta.itertuples(index=False):
                if iv.interview_id in hidden:
                    summary.warnings.append(
                        f"{iv.interview_id}: niet gepseudonimiseerd ingelezen; niet geëxporteerd (lees opnieuw in "
                        "met pseudonimisering)"
                    )
                    continue
                full = interview_texts(s, [iv.interview_id]).get(iv.interview_id, "")
                segs = reads.segments(s, interview_ids=[iv.interview_id], include_withdrawn=True)
                withdrawn = segs[segs["state"] == WITHDRAWN]
                text, shift = redact(full, list(zip(withdrawn["char_start"], withdrawn["char_end"], strict=True)))
                sguid = guids("source", iv.interview_id)
                zf.writestr(f"sources/{sguid}.txt", text.encode("utf-8"))
                seg_pos = {
                    int(r.segment_id): (shift(int(r.char_start)), shift(int(r.char_end)), str(r.state), str(r.text))
                    for r in segs.itertuples(index=False)
                    if r.state != WITHDRAWN
                }
                attrs = {c[len("attr_"):]: getattr(iv, c) for c in attr_cols}
                sources.append(
                    {"id": iv.interview_id, "guid": sguid, "iv": iv, "attrs": attrs,
                     "selections": _selections(iv.interview_id, by_interview.get(iv.interview_id), seg_pos, guids,
                                               note_queue)}
                )  # fmt: skip
        summary.sources = len(sources)

        with zf.open("project.qde", "w") as fh:
            w = _Writer(fh, PROJECT_NS)
            w.start_doc()
            w.open("Project", {"name": meta.get("project_name") or project.path.stem, "origin": ORIGIN,
                               "creationDateTime": _stamp(meta.get("created_at"))}, root=True)  # fmt: skip
            if coders:
                w.open("Users")
                for name in coders:
                    w.leaf("User", {"guid": guids("user", name), "name": name})
                w.close("Users")
            summary.users = len(coders)
            w.open("CodeBook")
            w.open("Codes")
            summary.codes = _write_codes(w, books, guids)
            w.close("Codes")
            w.close("CodeBook")
            if variables:
                w.open("Variables")
                for v in variables:
                    w.open("Variable", {"guid": var_guid[v.name], "name": v.name, "typeOfVariable": v.type})
                    if v.description:
                        w.text("Description", v.description)
                    w.close("Variable")
                w.close("Variables")
            if sources:
                w.open("Cases")
                for src in sources:
                    iv = src["iv"]
                    iid = src["id"]
                    w.open("Case", {"guid": guids("case", iid), "name": iid})
                    desc = ", ".join(x for x in (iv.omgeving, iv.respondent_rol, iv.organisatie) if x)
                    if desc:
                        w.text("Description", desc)
                    values: list[tuple[str, str, Any]] = [
                        (VAR_OMGEVING, "TextValue", iv.omgeving),
                        (VAR_ROL, "TextValue", iv.respondent_rol),
                        (VAR_ORGANISATIE, "TextValue", iv.organisatie),
                        (VAR_DATUM, "TextValue", iv.datum),
                    ]
                    for k, v in src["attrs"].items():
                        if k in var_guid and not pd.isna(v):
                            values.append((k, "TextValue", str(v)))
                    values += [(name, "IntegerValue", sc) for name, sc in score_map.get(iid, [])]
                    values += [(name, "BooleanValue", "true") for name in choice_map.get(iid, [])]
                    values += [(name, "IntegerValue", sc) for name, sc in own_map.get(iid, [])]
                    if sugg_map.get(iid):
                        values.append((VAR_NIEUW, "TextValue", "\n".join(sugg_map[iid])))
                    for name, tag, val in values:
                        if val is None or val == "" or name not in var_guid:
                            continue
                        w.open("VariableValue")
                        w.leaf("VariableRef", {"targetGUID": var_guid[name]})
                        w.text(tag, str(val))
                        w.close("VariableValue")
                    w.leaf("SourceRef", {"targetGUID": src["guid"]})
                    w.close("Case")
                w.close("Cases")
                summary.cases = len(sources)
                w.open("Sources")
                for src in sources:
                    w.open("TextSource", {"guid": src["guid"], "name": src["id"],
                                          "plainTextPath": f"internal://{src['guid']}.txt"})  # fmt: skip
                    for sel in src["selections"]:
                        w.open("PlainTextSelection", {k: sel[k] for k in ("guid", "name", "startPosition",
                               "endPosition", "creatingUser", "creationDateTime")})  # fmt: skip
                        if sel["confidential"]:
                            w.text("Description", "vertrouwelijk fragment (na membercheck)")
                        for c in sel["codings"]:
                            w.open("Coding", {"guid": c["guid"], "creatingUser": sel["creatingUser"],
                                              "creationDateTime": c["created"]})  # fmt: skip
                            w.leaf("CodeRef", {"targetGUID": guids("code", c["code_id"])})
                            if c["note"]:
                                w.leaf("NoteRef", {"targetGUID": c["note"]})
                            w.close("Coding")
                            summary.codings += 1
                        w.close("PlainTextSelection")
                        summary.selections += 1
                    w.close("TextSource")
                w.close("Sources")
            project_notes = [(guids("session", sid), name, text, None, created) for sid, name, text, created in notes_sessions]
            all_notes = note_queue + project_notes
            if all_notes:
                w.open("Notes")
                for nguid, name, text, user, created in all_notes:
                    w.open("Note", {"guid": nguid, "name": name, "creatingUser": guids("user", user) if user else None,
                                    "creationDateTime": _stamp(created)})  # fmt: skip
                    w.text("PlainTextContent", text)
                    w.close("Note")
                w.close("Notes")
                summary.notes = len(all_notes)
            w.text(
                "Description",
                "Geëxporteerd uit Kritische Blik: gepseudonimiseerde interviews, coderingen per codeur, "
                "principescores als casevariabelen, memo's en duidingen als notities. Ingetrokken fragmenten "
                "zijn vervangen door 'Ingetrokken fragment.'",
            )
            for g, *_rest in project_notes:
                w.leaf("NoteRef", {"targetGUID": g})
            w.close("Project")
            w.end_doc()
    return summary


def _selections(
    interview_id: str,
    codings: pd.DataFrame | None,
    seg_pos: dict[int, tuple[int, int, str, str]],
    guids: Guids,
    note_queue: list,
) -> list[dict[str, Any]]:
    if codings is None or codings.empty:
        return []
    # Plain Python over the rows: pandas groupby per selection costs far more than the XML itself.
    groups: dict[tuple[int, str], list] = {}
    for r in codings.itertuples(index=False):
        groups.setdefault((int(r.segment_id), str(r.coder)), []).append(r)
    out: list[dict[str, Any]] = []
    for (segment_id, coder), rows in groups.items():
        pos = seg_pos.get(segment_id)
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
            "creationDateTime": _stamp(min(str(r.created_at) for r in rows)),
            "confidential": state == CONFIDENTIAL,
            "codings": [],
        }
        for r in rows:
            note = None
            if str(r.memo or "").strip():
                note = guids("note", *key, r.code_id)
                note_queue.append((note, f"Memo: {r.code_name} ({interview_id})", str(r.memo), coder, r.updated_at))
            sel["codings"].append(
                {"guid": guids("coding", *key, r.code_id), "code_id": r.code_id, "note": note,
                 "created": _stamp(r.created_at)}
            )  # fmt: skip
        out.append(sel)
    out.sort(key=lambda x: (x["startPosition"], x["endPosition"], x["creatingUser"]))
    return out


def _session_notes(session) -> list[tuple[int, str, str, str | None]]:  # noqa: ANN001
    """Duidingssessies as notes: (session id, title, text, created); the caller makes the GUIDs."""
    try:
        from ..store import sessions as store_sessions
    except ImportError:  # duidingssessies not in this version of the store
        return []
    return [_session_note(store_sessions.load_session(session, info["id"])) for info in store_sessions.list_sessions(session)]


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
