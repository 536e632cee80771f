"""REFI-QDA import (``.qdpx`` project, ``.qdc`` codebook) into a new or existing project.

What comes in: codes (nested; matched to the project's codes by name or alias, the rest become a codebook
``refi-import``), text sources (as interviews, segmented into sentences), PlainTextSelections with their
codings (mapped to the segments they overlap), users (as coders), cases and variables (interview metadata,
principle scores and choices), notes on codings (as memos) and on sources (as an attribute). Everything else
is listed in the report, as the standard asks (REFI-QDA §7): nothing is dropped silently.

The archive is read in memory and never extracted: entries with absolute paths or ``..`` are refused
outright, as is anything that is not a ZIP. All writes happen in one transaction.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from ..errors import KBError
from ..model import OMGEVINGEN, Code, Codebook, Example, Transcript, Turn
from ..store.codebooks import all_codes, load_codebooks, save_codebook
from ..store.coder_scores import set_coder_score
from ..store.codings import AUTO, decide
from ..store.db import Project
from ..store.exchange import segment_spans
from ..store.interviews import add_prepared, interview_ids, set_choices, set_score, set_suggestions
from .refi import (
    CHOICE_PREFIX,
    CODER_SCORE_PREFIX,
    SCORE_PREFIX,
    VAR_DATUM,
    VAR_NIEUW,
    VAR_OMGEVING,
    VAR_ORGANISATIE,
    VAR_ROL,
)

IMPORT_CODEBOOK = "refi-import"
DEFAULT_CODER = "refi-import"
MAX_ENTRY_BYTES = 200 * 1024 * 1024
"""Refuse archives that unpack to absurd sizes (zip bombs) before reading them."""
_GUID_RE = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")
_LABEL_RE = re.compile(r"^(?P<sp>[^\W\d_][\w'’.\-]*(?: [\w'’.\-]+){0,3}):[ \t]+(?=\S)")


class RefiImportError(KBError):
    pass


@dataclass
class ImportReport:
    project: Path
    interviews: list[str] = field(default_factory=list)
    codes_matched: int = 0
    codes_new: int = 0
    coders: list[str] = field(default_factory=list)
    codings: int = 0
    selections: int = 0
    cases: int = 0
    variables: int = 0
    notes: int = 0
    not_carried: list[str] = field(default_factory=list)
    """Everything that could not be carried over (REFI-QDA §7)."""
    misaligned: list[str] = field(default_factory=list)
    """Selections whose bounds are not segment bounds: coded on every segment they overlap."""
    pseudonymised: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "project": str(self.project),
            "interviews": self.interviews,
            "codes_herkend": self.codes_matched,
            "codes_nieuw": self.codes_new,
            "codeurs": self.coders,
            "selecties": self.selections,
            "coderingen": self.codings,
            "cases": self.cases,
            "variabelen": self.variables,
            "notities": self.notes,
            "niet_overgenomen": self.not_carried,
            "niet_uitgelijnd": self.misaligned,
            "gepseudonimiseerd": self.pseudonymised,
        }


# -- parsing helpers -------------------------------------------------------------------------------------
def norm_guid(value: str | None) -> str:
    """GUIDs compare case-insensitively and with or without braces."""
    m = _GUID_RE.match((value or "").strip())
    return m.group(1).lower() if m else (value or "").strip().lower()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: Element, name: str) -> list[Element]:
    return [c for c in el if _local(c.tag) == name]


def _child(el: Element, name: str) -> Element | None:
    return next((c for c in el if _local(c.tag) == name), None)


def _text(el: Element | None) -> str:
    return "" if el is None else "".join(el.itertext())


def _parse_xml(data: bytes, source: str) -> Element:
    try:
        return SafeET.fromstring(data)
    except DefusedXmlException as e:
        raise RefiImportError(f"{source}: onveilige XML geweigerd ({type(e).__name__})") from None
    except SafeET.ParseError as e:
        raise RefiImportError(f"{source}: geen geldige XML ({e})") from None


def _safe_name(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return False
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return ".." not in parts


def read_archive(path: str | Path) -> tuple[Element, dict[str, bytes]]:
    """``project.qde`` and the ``sources/`` files of a .qdpx, in memory; refuses anything unsafe."""
    path = Path(path)
    if not path.is_file():
        raise RefiImportError(f"{path}: bestand bestaat niet")
    if not zipfile.is_zipfile(path):
        raise RefiImportError(f"{path}: geen .qdpx (geen ZIP-archief)")
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        raise RefiImportError(f"{path}: beschadigd ZIP-archief ({e})") from None
    with zf:
        infos = zf.infolist()
        bad = [i.filename for i in infos if not _safe_name(i.filename)]
        if bad:
            raise RefiImportError(
                f"{path}: onveilige paden in het archief ({', '.join(bad[:5])}); er is niets geïmporteerd"
            )
        if sum(i.file_size for i in infos) > MAX_ENTRY_BYTES:
            raise RefiImportError(f"{path}: archief pakt uit tot meer dan {MAX_ENTRY_BYTES // 2**20} MB; geweigerd")
        qde = [i for i in infos if i.filename.lower().endswith(".qde") and "/" not in i.filename.strip("/")]
        if not qde:
            qde = [i for i in infos if i.filename.lower().endswith(".qde")]
        if not qde:
            raise RefiImportError(f"{path}: geen project.qde in het archief")
        root = _parse_xml(zf.read(qde[0]), f"{path}:{qde[0].filename}")
        files = {
            i.filename.replace("\\", "/").lower(): zf.read(i)
            for i in infos
            if not i.is_dir() and i.filename.replace("\\", "/").lower().startswith("sources/")
        }
    if _local(root.tag) != "Project":
        raise RefiImportError(f"{path}: project.qde heeft geen <Project> als wortel")
    return root, files


def decode_text(data: bytes, name: str, report: ImportReport) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        report.not_carried.append(f"{name}: geen UTF-8; gelezen als cp1252 (controleer bijzondere tekens)")
        return data.decode("cp1252", errors="replace")


def normalise_newlines(text: str) -> tuple[str, Callable[[int], int]]:
    """CRLF and lone CR become LF; returns the new text and a map from old to new code-point positions."""
    if "\r" not in text:
        return text, lambda p: p
    removed = [m.start() for m in re.finditer("\r\n", text)]  # each CR of a CRLF disappears
    new = text.replace("\r\n", "\n").replace("\r", "\n")

    def shift(p: int) -> int:
        return p - bisect.bisect_left(removed, p)

    return new, shift


# -- codes ---------------------------------------------------------------------------------------------
@dataclass
class _RefiCode:
    guid: str
    name: str
    codable: bool
    color: str | None
    description: str
    parent: str | None
    group: str | None
    """Name of the nearest non-codable ancestor (the kind in our export)."""


def parse_codes(codes_el: Element | None) -> list[_RefiCode]:
    out: list[_RefiCode] = []

    def walk(el: Element, parent: str | None, group: str | None) -> None:
        for c in _children(el, "Code"):
            codable = (c.get("isCodable") or "true").strip().lower() in {"true", "1"}
            guid = norm_guid(c.get("guid"))
            rc = _RefiCode(guid, (c.get("name") or "").strip() or "(naamloos)", codable, c.get("color"),
                           " ".join(_text(_child(c, "Description")).split()), parent, group)  # fmt: skip
            out.append(rc)
            walk(c, guid if codable else parent, group if codable else rc.name)

    if codes_el is not None:
        walk(codes_el, None, None)
    return out


def _slug(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:40] or "code"


def _norm(s: str) -> str:
    return " ".join(s.strip().lower().split())


def map_codes(refi_codes: list[_RefiCode], existing: Codebook, report: ImportReport) -> tuple[dict[str, str], list[Code]]:
    """Match codes to the project's codes by name or alias; unknown ones become new codes.

    Returns guid → code id for every codable code, and the new codes (to add to the ``refi-import`` book).
    """
    by_name: dict[str, str] = {}
    for c in existing.codes:
        for n in (c.name, *c.aliases):
            by_name.setdefault(_norm(n), c.id)
    kinds_by_name = {_norm(v): k for k, v in existing.kinds.items()}
    from ..codebook import BUILTIN_KINDS

    kinds_by_name.update({_norm(v): k for k, v in BUILTIN_KINDS.items()})
    taken = {c.id for c in existing.codes}
    mapping: dict[str, str] = {}
    new_codes: list[Code] = []
    for rc in refi_codes:
        if not rc.codable:
            continue
        hit = by_name.get(_norm(rc.name))
        if hit is not None:
            mapping[rc.guid] = hit
            report.codes_matched += 1
            continue
        kind = kinds_by_name.get(_norm(rc.group or ""), _slug(rc.group).replace("-", "_") if rc.group else "overig")
        base = f"refi-{_slug(rc.name)}"
        cid, n = base, 2
        while cid in taken:
            cid, n = f"{base}-{n}", n + 1
        taken.add(cid)
        color = rc.color if rc.color and re.fullmatch(r"#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})", rc.color) else None
        new_codes.append(Code(id=cid, name=rc.name, kind=kind, definition=rc.description,
                              parent=mapping.get(rc.parent) if rc.parent else None, color=color))  # fmt: skip
        mapping[rc.guid] = cid
        by_name[_norm(rc.name)] = cid
        report.codes_new += 1
    return mapping, new_codes


# -- sources → interviews ----------------------------------------------------------------------------------
_ROLE_WORDS = re.compile(r"^(I|R|I\d|R\d|Interviewer(?: \d+)?|Respondent(?: \d+)?|Verslag)$", re.IGNORECASE)


def turns_from_text(text: str) -> list[Turn]:
    """Speaker turns of a plain-text source: our own export shape (``## Kop`` and ``Label: tekst`` per
    paragraph) is recovered exactly; other text becomes one turn per paragraph or per ``Naam:`` line."""
    turns: list[Turn] = []
    section = "inleiding"
    current: Turn | None = None
    speakers: set[str] = set()
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        h = re.match(r"^##\s+(.+)$", stripped)
        if h:
            title = h.group(1).strip()
            section = title[:1].lower() + title[1:]
            current = None
            continue
        lead = len(line) - len(line.lstrip())
        m = _LABEL_RE.match(line[lead:])
        # Inside a paragraph a "Word: ..." line only starts a new turn for a known speaker or role word, so
        # a continuation such as "Situatie: ..." stays in the turn it belongs to.
        if m and (current is None or m.group("sp") in speakers or _ROLE_WORDS.match(m.group("sp"))):
            speaker = m.group("sp")
            speakers.add(speaker)
            low = speaker.lower()
            role = ("interviewer" if low.startswith("interviewer") or low in {"i", "i1", "i2"} else
                    "respondent" if low.startswith("respondent") or re.fullmatch(r"r\d?", low) else
                    "verslag" if low == "verslag" else "onbekend")  # fmt: skip
            current = Turn(speaker=speaker, role=role, section=section, start=start + lead + m.end(),
                           end=start + len(line.rstrip()))  # fmt: skip
            turns.append(current)
        elif current is not None:
            current.end = start + len(line.rstrip())
        else:
            current = Turn(speaker="", role="onbekend", section=section, start=start + lead,
                           end=start + len(line.rstrip()))  # fmt: skip
            turns.append(current)
    return turns


@dataclass
class _Source:
    guid: str
    name: str
    text: str
    shift: Callable[[int], int]
    element: Element
    interview_id: str = ""
    shift_end: Callable[[int], int] | None = None
    """Where a selection's end lands, when it differs from ``shift`` (after pseudonymisation)."""
    turns: list[Turn] | None = None


def _interview_id(name: str, taken: set[str]) -> str:
    base = re.sub(r"\.(txt|docx?|rtf|pdf|odt)$", "", name.strip(), flags=re.IGNORECASE)
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", base).strip("-.") or "bron"
    cid, n = base, 2
    while cid in taken:
        cid, n = f"{base}-{n}", n + 1
    taken.add(cid)
    return cid


def _source_text(el: Element, files: dict[str, bytes], report: ImportReport, name: str) -> str | None:
    inline = _child(el, "PlainTextContent")
    if inline is not None:
        return _text(inline)
    path = el.get("plainTextPath") or ""
    if path.lower().startswith("internal://"):
        key = "sources/" + path[len("internal://"):].replace("\\", "/").lower()
        if key in files:
            return decode_text(files[key], name, report)
        report.not_carried.append(f"bron '{name}': {path} ontbreekt in het archief")
        return None
    if path:
        report.not_carried.append(f"bron '{name}': externe tekst {path} niet ingelezen (alleen internal:// wordt gelezen)")
    elif el.get("richTextPath"):
        report.not_carried.append(f"bron '{name}': alleen opgemaakte tekst ({el.get('richTextPath')}), geen platte tekst")
    else:
        report.not_carried.append(f"bron '{name}': geen tekst")
    return None


# -- variables ------------------------------------------------------------------------------------------
@dataclass
class _Meta:
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


def _variable_value(vv: Element) -> tuple[str, Any] | None:
    ref = _child(vv, "VariableRef")
    if ref is None:
        return None
    for tag in ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue"):
        v = _child(vv, tag)
        if v is not None:
            raw = _text(v).strip()
            if tag == "BooleanValue":
                return norm_guid(ref.get("targetGUID")), raw.lower() in {"true", "1"}
            if tag == "IntegerValue":
                try:
                    return norm_guid(ref.get("targetGUID")), int(raw)
                except ValueError:
                    return norm_guid(ref.get("targetGUID")), raw
            return norm_guid(ref.get("targetGUID")), raw
    return None


def _apply_variable(meta: _Meta, name: str, value: Any, principles: Codebook, report: ImportReport, where: str) -> None:
    low = _norm(name)
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
        ex_name, _, pname = name[len(SCORE_PREFIX):].partition(":")
        example = Example.parse(ex_name)
        p = principles.resolve_principle(pname)
        if example is None or p is None or not isinstance(value, int) or isinstance(value, bool):
            report.not_carried.append(f"{where}: variabele '{name}' = {value!r} niet als score herkend")
        elif not principles.scale_min <= value <= principles.scale_max:
            report.not_carried.append(f"{where}: score {value} voor '{name}' buiten de schaal")
        else:
            meta.scores.append((str(example), p.id, value))
    elif low.startswith(CODER_SCORE_PREFIX) and " | " in name:
        who, _, rest = name[len(CODER_SCORE_PREFIX):].partition(" | ")
        ex_name, _, pname = rest.partition(":")
        example, p = Example.parse(ex_name), principles.resolve_principle(pname)
        if not who.strip() or example is None or p is None or not isinstance(value, int) or isinstance(value, bool) \
                or not principles.scale_min <= value <= principles.scale_max:
            report.not_carried.append(f"{where}: variabele '{name}' = {value!r} niet als score van een codeur herkend")
        else:
            meta.coder_scores.append((who.strip(), str(example), p.id, value))
    elif low.startswith(CHOICE_PREFIX.strip()) and ":" in name:
        p = principles.resolve_principle(name.partition(":")[2])
        if p is None:
            report.not_carried.append(f"{where}: keuzevariabele '{name}' niet herkend")
        elif value is True or str(value).lower() in {"true", "1", "ja"}:
            meta.choices.append(p.id)
    else:
        meta.attributes[name] = value


# -- the import ----------------------------------------------------------------------------------------
def import_qdpx(
    project: Project,
    path: str | Path,
    nlp=None,  # noqa: ANN001
    unit: str = "sentence",
    pseudonymise: bool = True,
    pseudonymiser=None,  # noqa: ANN001
) -> ImportReport:
    root, files = read_archive(path)
    return import_project_element(project, root, files, nlp=nlp, unit=unit, pseudonymise=pseudonymise,
                                  pseudonymiser=pseudonymiser)  # fmt: skip


def import_project_element(project: Project, root: Element, files: dict[str, bytes], nlp=None,  # noqa: ANN001
                           unit: str = "sentence", pseudonymise: bool = True,
                           pseudonymiser=None) -> ImportReport:  # noqa: ANN001 # fmt: skip
    """``pseudonymise``: source texts, source names, memos and case variables go through the pseudonymiser
    (see :mod:`.refi_privacy`); without it they are stored as written and the interviews are marked
    unpseudonymised (``kb status``, masked in exports)."""
    from ..ingest.pipeline import Prepared, PreparedSegment
    from ..ingest.segmenting import segment_turns
    from ..nlp import lemmatize

    report = ImportReport(project=project.path, pseudonymised=pseudonymise)
    with project.read() as s:
        existing = all_codes(s)
        books = {b.id: b for b in load_codebooks(s)}
        taken_ids = set(interview_ids(s))

    # Users → coders
    users: dict[str, str] = {}
    users_el = _child(root, "Users")
    for u in _children(users_el, "User") if users_el is not None else []:
        name = " ".join((u.get("name") or u.get("id") or "").split()) or f"gebruiker-{norm_guid(u.get('guid'))[:8]}"
        if name == AUTO:
            name = "auto (import)"
        users[norm_guid(u.get("guid"))] = name
    default_user = users.get(norm_guid(root.get("creatingUserGUID")), DEFAULT_CODER)

    # Codes
    cb_el = _child(root, "CodeBook")
    refi_codes = parse_codes(_child(cb_el, "Codes") if cb_el is not None else None)
    code_map, new_codes = map_codes(refi_codes, existing, report)

    # Variables
    var_names: dict[str, str] = {}
    vars_el = _child(root, "Variables")
    for v in _children(vars_el, "Variable") if vars_el is not None else []:
        var_names[norm_guid(v.get("guid"))] = (v.get("name") or "").strip()
    report.variables = len(var_names)

    # Notes
    notes: dict[str, str] = {}
    notes_el = _child(root, "Notes")
    for n in _children(notes_el, "Note") if notes_el is not None else []:
        content = _text(_child(n, "PlainTextContent")).strip()
        if not content:
            content = _source_text(n, files, report, n.get("name") or "notitie") or ""
        notes[norm_guid(n.get("guid"))] = content.strip()
    used_notes: set[str] = set()

    # Sources
    sources: dict[str, _Source] = {}
    src_el = _child(root, "Sources")
    for el in list(src_el) if src_el is not None else []:
        tag = _local(el.tag)
        name = el.get("name") or norm_guid(el.get("guid"))
        if tag != "TextSource":
            report.not_carried.append(f"bron '{name}': {tag} wordt niet ondersteund (alleen tekstbronnen)")
            continue
        raw = _source_text(el, files, report, name)
        if raw is None:
            continue
        if raw.startswith("\ufeff"):
            # A BOM inside the text shifts every position by one; strip it and shift back.
            body, inner = normalise_newlines(raw[1:])
            text, shift = body, (lambda p, _s=inner: _s(max(p - 1, 0)))
        else:
            text, shift = normalise_newlines(raw)
        guid = norm_guid(el.get("guid"))
        sources[guid] = _Source(guid, name, text, shift, el, _interview_id(name, taken_ids))

    # Cases and source variables → interview metadata
    metas: dict[str, _Meta] = defaultdict(_Meta)
    cases_el = _child(root, "Cases")
    for case in _children(cases_el, "Case") if cases_el is not None else []:
        cname = case.get("name") or norm_guid(case.get("guid"))
        refs = [norm_guid(r.get("targetGUID")) for r in _children(case, "SourceRef")]
        refs = [r for r in refs if r in sources]
        if not refs:
            report.not_carried.append(f"case '{cname}': verwijst niet naar een geïmporteerde tekstbron")
            continue
        report.cases += 1
        if _children(case, "SelectionRef"):
            report.not_carried.append(f"case '{cname}': verwijzingen naar selecties niet overgenomen")
        if _children(case, "CodeRef"):
            report.not_carried.append(f"case '{cname}': codes op case-niveau niet overgenomen")
        for vv in _children(case, "VariableValue"):
            got = _variable_value(vv)
            if got is None:
                continue
            vname = var_names.get(got[0])
            if not vname:
                report.not_carried.append(f"case '{cname}': waarde voor onbekende variabele {got[0]}")
                continue
            for r in refs:
                _apply_variable(metas[r], vname, got[1], existing, report, f"case '{cname}'")
    for guid, src in sources.items():
        for vv in _children(src.element, "VariableValue"):
            got = _variable_value(vv)
            if got is not None and var_names.get(got[0]):
                _apply_variable(metas[guid], var_names[got[0]], got[1], existing, report, f"bron '{src.name}'")
        for ref in _children(src.element, "NoteRef"):
            g = norm_guid(ref.get("targetGUID"))
            if notes.get(g):
                metas[guid].notes.append(notes[g])
                used_notes.add(g)
        if _children(src.element, "Coding"):
            report.not_carried.append(f"bron '{src.name}': coderingen van de hele bron niet overgenomen (alleen selecties)")

    # Pseudonymise everything of a source that is interview data, before anything is stored.
    src_notes: dict[str, dict[str, str]] = {}
    if pseudonymise and sources:
        from .refi_privacy import pseudonymise_source

        if pseudonymiser is None:
            from ..ingest.pseudonymise import get_pseudonymiser

            pseudonymiser = get_pseudonymiser()
        for guid, src in sources.items():
            done = pseudonymise_source(pseudonymiser, existing, src.text, src.name, src.shift, metas[guid], notes,
                                       _note_refs(src.element))  # fmt: skip
            src.text, src.turns, src.shift, src.shift_end = done.text, done.turns, done.start, done.end
            src_notes[guid] = done.notes
            if done.name != src.name:  # the name may be the respondent's: so may the id made from it
                taken_ids.discard(src.interview_id)
                src.name, src.interview_id = done.name, _interview_id(done.name, taken_ids)

    # Prepare interviews (NLP work happens before the write transaction)
    if nlp is None and sources:
        from ..nlp import load_nlp

        nlp = load_nlp()
    prepared: list[tuple[_Source, Prepared]] = []
    for guid, src in sources.items():
        meta = metas[guid]
        omgeving = _norm(meta.omgeving) if _norm(meta.omgeving) in OMGEVINGEN else "other"
        attributes = dict(meta.attributes)
        if meta.omgeving and omgeving == "other" and _norm(meta.omgeving) != "other":
            attributes["omgeving_origineel"] = meta.omgeving
        if meta.notes:
            attributes["notities"] = "\n\n".join(meta.notes)
        attributes["refi_bron"] = src.name
        turns = src.turns if src.turns is not None else turns_from_text(src.text)
        spans = segment_turns(nlp, src.text, [(t.start, t.end) for t in turns], unit=unit)
        flat = [(ti, sp.start, sp.end) for ti, segs in enumerate(spans) for sp in segs]
        texts = [src.text[a:b] for _, a, b in flat]
        lemmas = lemmatize(nlp, texts)
        if not flat:
            report.not_carried.append(f"bron '{src.name}': lege tekst, niet geïmporteerd")
            continue
        transcript = Transcript(
            id=src.interview_id, omgeving=omgeving, duo=[], respondent_rol=meta.rol, organisatie=meta.organisatie,
            datum=meta.datum, attributes=attributes, text=src.text, turns=turns, source_name=src.name,
            content_hash=hashlib.sha256(src.text.encode("utf-8")).hexdigest(), pseudonymised=pseudonymise,
            warnings=["geïmporteerd uit REFI-QDA; tekst, memo's en kenmerken gepseudonimiseerd" if pseudonymise else
                      "geïmporteerd uit REFI-QDA zonder pseudonimisering (--no-pseudonymise); de tekst is overgenomen "
                      "zoals die was"],
        )  # fmt: skip
        segs = [PreparedSegment(turn_index=ti, start=a, end=b, text=t, lemmas=" ".join(lem))
                for (ti, a, b), t, lem in zip(flat, texts, lemmas, strict=True)]  # fmt: skip
        prepared.append((src, Prepared(transcript=transcript, duo_names=[], segments=segs)))

    # Write everything in one transaction
    with project.write() as s:
        if new_codes:
            prior = books.get(IMPORT_CODEBOOK)
            keep = [c for c in (prior.codes if prior else []) if c.id not in {n.id for n in new_codes}]
            save_codebook(s, Codebook(id=IMPORT_CODEBOOK, name="Geïmporteerd (REFI-QDA)", version="import",
                                      codes=[*keep, *new_codes], scale_min=existing.scale_min,
                                      scale_max=existing.scale_max,
                                      description="Codes uit een REFI-QDA-import die niet in het codeboek stonden."))  # fmt: skip
        for src, prep in prepared:
            add_prepared(s, prep)
            s.flush()
            iid = prep.transcript.id
            report.interviews.append(iid)
            meta = metas[src.guid]
            for example, code_id, value in meta.scores:
                set_score(s, iid, example, code_id, value, source="refi-import")
            if meta.choices:
                set_choices(s, iid, meta.choices, source="refi-import")
            if meta.suggestions:
                set_suggestions(s, iid, meta.suggestions, source="refi-import", pseudonymised=pseudonymise)
            for who, example, code_id, value in meta.coder_scores:
                set_coder_score(s, iid, example, code_id, value, who, source="refi-import")
            _import_selections(s, src, iid, code_map, users, default_user, src_notes.get(src.guid, notes), used_notes,
                               report)  # fmt: skip
        report.coders = sorted({*report.coders})
    report.notes = len(used_notes)
    unused = [g for g in notes if g not in used_notes]
    if unused:
        report.not_carried.append(
            f"{len(unused)} notitie(s) zonder koppeling aan een codering of bron (bijv. projectnotities of "
            "duidingen) niet overgenomen"
        )
    for tag, label in (("Sets", "sets"), ("Links", "links"), ("Graphs", "grafen")):
        el = _child(root, tag)
        if el is not None and len(el):
            report.not_carried.append(f"{len(el)} {label} niet overgenomen")
    return report


def _note_refs(source: Element) -> list[str]:
    """GUIDs of the notes on a source's selections and codings: they become memos of its codings."""
    return [norm_guid(r.get("targetGUID")) for sel in _children(source, "PlainTextSelection")
            for el in (sel, *_children(sel, "Coding")) for r in _children(el, "NoteRef")]  # fmt: skip


def _import_selections(s, src: _Source, iid: str, code_map: dict[str, str], users: dict[str, str],  # noqa: ANN001
                       default_user: str, notes: dict[str, str], used_notes: set[str],
                       report: ImportReport) -> None:  # fmt: skip
    spans = segment_spans(s, iid)
    starts = [a for _, a, _ in spans]
    coders: set[str] = set(report.coders)
    for sel in _children(src.element, "PlainTextSelection"):
        label = f"bron '{src.name}', selectie {sel.get('startPosition')}-{sel.get('endPosition')}"
        try:
            end = src.shift_end or src.shift
            a, b = src.shift(int(sel.get("startPosition", ""))), end(int(sel.get("endPosition", "")))
        except ValueError:
            report.not_carried.append(f"{label}: ongeldige posities")
            continue
        if not 0 <= a < b <= len(src.text):
            report.not_carried.append(f"{label}: posities buiten de tekst (lengte {len(src.text)})")
            continue
        # Whitespace at the edges of a selection is not a misalignment.
        while a < b and src.text[a].isspace():
            a += 1
        while b > a and src.text[b - 1].isspace():
            b -= 1
        i = max(bisect.bisect_right(starts, a) - 1, 0)
        hit = []
        while i < len(spans) and spans[i][1] < b:
            if spans[i][2] > a:
                hit.append(spans[i])
            i += 1
        if not hit:
            report.not_carried.append(f"{label}: valt buiten alle segmenten (alleen kopjes of sprekerslabels)")
            continue
        report.selections += 1
        if hit[0][1] != a or hit[-1][2] != b:
            excerpt = " ".join(src.text[a:b].split())[:50]
            report.misaligned.append(
                f"{label} ('{excerpt}') valt niet samen met segmentgrenzen; gecodeerd op {len(hit)} segment(en)"
            )
        sel_user = users.get(norm_guid(sel.get("creatingUser")))
        sel_notes = [notes[g] for g in (norm_guid(r.get("targetGUID")) for r in _children(sel, "NoteRef")) if g in notes]
        used_notes.update(norm_guid(r.get("targetGUID")) for r in _children(sel, "NoteRef"))
        codings = _children(sel, "Coding")
        if not codings:
            report.not_carried.append(f"{label}: selectie zonder codering")
        for coding in codings:
            ref = _child(coding, "CodeRef")
            code_id = code_map.get(norm_guid(ref.get("targetGUID") if ref is not None else ""))
            if code_id is None:
                report.not_carried.append(f"{label}: codering met onbekende of niet-codeerbare code")
                continue
            who = users.get(norm_guid(coding.get("creatingUser"))) or sel_user or default_user
            memo_parts = list(sel_notes)
            for r in _children(coding, "NoteRef"):
                g = norm_guid(r.get("targetGUID"))
                if notes.get(g):
                    memo_parts.append(notes[g])
                    used_notes.add(g)
            memo = "\n\n".join(dict.fromkeys(memo_parts)) or None
            for seg_id, _a, _b in hit:
                decide(s, seg_id, code_id, who, "add", memo=memo)
                report.codings += 1
            coders.add(who)
    report.coders = sorted(coders)


# -- codebook (.qdc) -----------------------------------------------------------------------------------
def import_qdc(project: Project, path: str | Path) -> ImportReport:
    path = Path(path)
    if not path.is_file():
        raise RefiImportError(f"{path}: bestand bestaat niet")
    if path.stat().st_size > MAX_ENTRY_BYTES:
        raise RefiImportError(f"{path}: te groot voor een codeboek")
    root = _parse_xml(path.read_bytes(), str(path))
    if _local(root.tag) != "CodeBook":
        raise RefiImportError(f"{path}: geen REFI-QDA-codeboek (wortel is <{_local(root.tag)}>)")
    report = ImportReport(project=project.path)
    with project.read() as s:
        existing = all_codes(s)
        books = {b.id: b for b in load_codebooks(s)}
    _map, new_codes = map_codes(parse_codes(_child(root, "Codes")), existing, report)
    sets = _child(root, "Sets")
    if sets is not None and len(sets):
        report.not_carried.append(f"{len(sets)} sets niet overgenomen")
    if new_codes:
        prior = books.get(IMPORT_CODEBOOK)
        keep = [c for c in (prior.codes if prior else []) if c.id not in {n.id for n in new_codes}]
        with project.write() as s:
            save_codebook(s, Codebook(id=IMPORT_CODEBOOK, name="Geïmporteerd (REFI-QDA)", version="import",
                                      codes=[*keep, *new_codes], scale_min=existing.scale_min,
                                      scale_max=existing.scale_max,
                                      description="Codes uit een REFI-QDA-import die niet in het codeboek stonden."))  # fmt: skip
    return report
