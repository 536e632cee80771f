"""REFI-QDA import (``.qdpx`` project, ``.qdc`` codebook) into a new or existing project.

What comes in: codes (nested; matched to the project's codes by name or alias, the rest become a codebook
``refi-import``), text sources (as interviews, segmented into sentences), PlainTextSelections with their
codings (mapped to the segments they overlap), users (as coders), cases and variables (interview metadata,
principle scores and choices), notes on codings (as memos) and on sources (as an attribute). Everything else
is listed in the report, as the standard asks (REFI-QDA §7): nothing is dropped silently.

The archive is checked against its own directory and read in memory, never extracted (``refi_archive.py``:
size, ratio and member limits, corrupt members, unsafe paths). All writes happen in one transaction.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from ..model import OMGEVINGEN, Code, Codebook, Example, Transcript, Turn
from ..store.codebooks import all_codes, load_codebooks, save_codebook
from ..store.coder_scores import set_coder_score
from ..store.codings import AUTO, decide
from ..store.codings import find as find_coding
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
from .refi_archive import MAX_QDC_BYTES, RefiImportError, read_archive
from .refi_archive import parse_xml as _parse_xml
from .refi_guids import GuidMap, norm_guid, unique_key, warn_repeated

IMPORT_CODEBOOK = "refi-import"
DEFAULT_CODER = "refi-import"
_LABEL_RE = re.compile(r"^(?P<sp>[^\W\d_][\w'’.\-]*(?: [\w'’.\-]+){0,3}):[ \t]+(?=\S)")


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
    warnings: list[str] = field(default_factory=list)
    """Carried over, but worth a look (duplicate GUIDs, merged codes, elements without a GUID)."""
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
            "waarschuwingen": self.warnings,
            "niet_uitgelijnd": self.misaligned,
            "alles_overgenomen": not self.not_carried,
            "gepseudonimiseerd": self.pseudonymised,
        }

    def verdict(self) -> str:
        """The closing line of the report: it only says everything was carried over when that is true."""
        if self.not_carried:
            n = len(self.not_carried)
            return f"Let op: {n} {'onderdeel is' if n == 1 else 'onderdelen zijn'} niet overgenomen (zie hierboven)."
        if self.warnings:
            return f"Overgenomen, met {len(self.warnings)} waarschuwing(en); zie hierboven."
        return "Alles is overgenomen."


# -- parsing helpers -------------------------------------------------------------------------------------
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: Element, name: str) -> list[Element]:
    return [c for c in el if _local(c.tag) == name]


def _child(el: Element, name: str) -> Element | None:
    return next((c for c in el if _local(c.tag) == name), None)


def _text(el: Element | None) -> str:
    return "" if el is None else "".join(el.itertext())


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
    mapping: GuidMap[str] = GuidMap("code", report.warnings, report.not_carried)
    new_codes: list[Code] = []
    for rc in refi_codes:
        if not rc.codable:
            continue
        hit = by_name.get(_norm(rc.name))
        if hit is not None:
            if hit in {c.id for c in new_codes} and mapping.get(rc.guid) != hit:
                report.warnings.append(f"code '{rc.name}' komt meer dan eens voor; samengevoegd tot één code")
            mapping.add(rc.guid, hit, rc.name)
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
        mapping.add(rc.guid, cid, rc.name)
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

    project.check_writable()  # before the NLP work, not after it
    report = ImportReport(project=project.path, pseudonymised=pseudonymise)
    with project.read() as s:
        existing = all_codes(s)
        books = {b.id: b for b in load_codebooks(s)}
        taken_ids = set(interview_ids(s))

    # Users → coders. Every GUID map below reports a GUID that two different elements share (refi_guids).
    users: GuidMap[str] = GuidMap("gebruiker", report.warnings, report.not_carried)
    users_el = _child(root, "Users")
    for u in _children(users_el, "User") if users_el is not None else []:
        name = " ".join((u.get("name") or u.get("id") or "").split()) or f"gebruiker-{norm_guid(u.get('guid'))[:8]}"
        if name == AUTO:
            name = "auto (import)"
        users.add(norm_guid(u.get("guid")), name, name)
    default_user = users.get(norm_guid(root.get("creatingUserGUID")), DEFAULT_CODER)

    # Codes
    cb_el = _child(root, "CodeBook")
    refi_codes = parse_codes(_child(cb_el, "Codes") if cb_el is not None else None)
    code_map, new_codes = map_codes(refi_codes, existing, report)

    # Variables
    var_names: GuidMap[str] = GuidMap("variabele", report.warnings, report.not_carried)
    vars_el = _child(root, "Variables")
    for v in _children(vars_el, "Variable") if vars_el is not None else []:
        var_names.add(norm_guid(v.get("guid")), (v.get("name") or "").strip(), (v.get("name") or "").strip())
    report.variables = len(var_names)

    # Notes
    notes: GuidMap[str] = GuidMap("notitie", report.warnings, report.not_carried)
    notes_el = _child(root, "Notes")
    for n in _children(notes_el, "Note") if notes_el is not None else []:
        content = _text(_child(n, "PlainTextContent")).strip()
        if not content:
            content = _source_text(n, files, report, n.get("name") or "notitie") or ""
        notes.add(norm_guid(n.get("guid")), content.strip(), n.get("name") or norm_guid(n.get("guid")))
    used_notes: set[str] = set()

    # Sources. Nothing we import refers to a source by GUID except a case: two sources with one GUID are both
    # imported (the bug this replaces kept the last and dropped the other with its codings), and a case that
    # names their GUID is not applied to either.
    sources: dict[str, _Source] = {}
    source_guids: dict[str, list[str]] = defaultdict(list)
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
        key = unique_key(guid, sources)
        source_guids[guid].append(name)
        sources[key] = _Source(key, name, text, shift, el, _interview_id(name, taken_ids))
    for guid, names in source_guids.items():
        if not guid:
            report.warnings.append(f"{len(names)} bron(nen) zonder GUID ({', '.join(names[:3])}); ingelezen")
        elif len(names) > 1:
            report.warnings.append(
                f"bron-GUID {guid} komt {len(names)} keer voor ({', '.join(repr(n) for n in names[:5])}); "
                "alle bronnen zijn ingelezen als aparte interviews"
            )
    selections = [x for src in sources.values() for x in _children(src.element, "PlainTextSelection")]
    warn_repeated("selectie", (norm_guid(x.get("guid")) for x in selections), report.warnings)
    warn_repeated("codering", (norm_guid(c.get("guid")) for x in selections for c in _children(x, "Coding")),
                  report.warnings)  # fmt: skip

    # Cases and source variables → interview metadata
    metas: dict[str, _Meta] = defaultdict(_Meta)
    cases_el = _child(root, "Cases")
    warn_repeated("case", (norm_guid(c.get("guid")) for c in _children(cases_el, "Case")) if cases_el is not None
                  else (), report.warnings)  # fmt: skip
    for case in _children(cases_el, "Case") if cases_el is not None else []:
        cname = case.get("name") or norm_guid(case.get("guid"))
        refs = [norm_guid(r.get("targetGUID")) for r in _children(case, "SourceRef")]
        shared = [r for r in refs if len(source_guids.get(r, ())) > 1]
        for r in shared:
            report.not_carried.append(
                f"case '{cname}': verwijst naar bron-GUID {r}, die {len(source_guids[r])} bronnen hebben; niet toegepast"
            )
        refs = [r for r in refs if r and r in sources and len(source_guids[r]) == 1]
        if not refs and shared:
            continue
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
                report.not_carried.append(f"case '{cname}': variabelewaarde zonder variabele of zonder waarde")
                continue
            vname = var_names.get(got[0])
            if not vname:
                why = var_names.why_not(got[0]) or "variabele zonder naam"
                report.not_carried.append(f"case '{cname}': waarde niet overgenomen ({why})")
                continue
            for r in refs:
                _apply_variable(metas[r], vname, got[1], existing, report, f"case '{cname}'")
    for guid, src in sources.items():
        for vv in _children(src.element, "VariableValue"):
            got = _variable_value(vv)
            if got is not None and var_names.get(got[0]):
                _apply_variable(metas[guid], var_names[got[0]], got[1], existing, report, f"bron '{src.name}'")
            else:
                why = "zonder variabele of waarde" if got is None else var_names.why_not(got[0]) or "zonder naam"
                report.not_carried.append(f"bron '{src.name}': variabelewaarde niet overgenomen ({why})")
        for ref in _children(src.element, "NoteRef"):
            g = norm_guid(ref.get("targetGUID"))
            if notes.get(g):
                metas[guid].notes.append(notes[g])
                used_notes.add(g)
            elif g not in notes:
                report.not_carried.append(f"bron '{src.name}': notitie niet overgenomen ({notes.why_not(g)})")
        if _child(src.element, "Description") is not None and _text(_child(src.element, "Description")).strip():
            report.not_carried.append(f"bron '{src.name}': beschrijving niet overgenomen")
        if _children(src.element, "Coding"):
            report.not_carried.append(f"bron '{src.name}': coderingen van de hele bron niet overgenomen (alleen selecties)")

    # Pseudonymise everything of a source that is interview data, before anything is stored.
    src_notes: dict[str, dict[str, str]] = {}
    if pseudonymise and sources:
        from .refi_privacy import pseudonymise_source

        if pseudonymiser is None:
            from ..ingest.pseudonymisation.pseudonymiser import get_pseudonymiser

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
        # Read again under the write lock: another import may have added codes or interviews meanwhile.
        books = {b.id: b for b in load_codebooks(s)}
        taken_now = set(interview_ids(s))
        for src, prep in prepared:
            if prep.transcript.id in taken_now:
                prep.transcript.id = _interview_id(src.name, taken_now | {p.transcript.id for _, p in prepared})
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
            _import_selections(s, src, iid, code_map, users, default_user, notes, used_notes, report,
                               src_notes.get(src.guid) if pseudonymise else None)  # fmt: skip
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


def _import_selections(s, src: _Source, iid: str, code_map: GuidMap[str], users: GuidMap[str],  # noqa: ANN001
                       default_user: str, notes: GuidMap[str], used_notes: set[str],
                       report: ImportReport, pseudo_notes: dict[str, str] | None) -> None:  # fmt: skip
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
        sel_user = norm_guid(sel.get("creatingUser"))
        sel_notes = _note_texts(sel, notes, used_notes, report, label, pseudo_notes)
        codings = _children(sel, "Coding")
        if not codings:
            report.not_carried.append(f"{label}: selectie zonder codering")
        for coding in codings:
            ref = _child(coding, "CodeRef")
            code_guid = norm_guid(ref.get("targetGUID") if ref is not None else "")
            code_id = code_map.get(code_guid)
            if code_id is None:
                why = code_map.ambiguous and code_guid in code_map.ambiguous and code_map.why_not(code_guid)
                report.not_carried.append(f"{label}: codering met {why or 'onbekende of niet-codeerbare code'}")
                continue
            who, why = default_user, None
            for g in (norm_guid(coding.get("creatingUser")), sel_user):
                if g in users or g in users.ambiguous:
                    who, why = users.get(g, default_user), users.why_not(g)
                    break
            if why is not None:
                report.not_carried.append(f"{label}: codering niet overgenomen ({why})")
                continue
            memo_parts = sel_notes + _note_texts(coding, notes, used_notes, report, label, pseudo_notes)
            for seg_id, _a, _b in hit:
                # Two selections can land on one segment with the same code and coder: one coding, both memos.
                prior = find_coding(s, seg_id, code_id, who)
                parts = [prior.memo] if prior is not None and prior.memo else []
                memo = "\n\n".join(dict.fromkeys([*parts, *memo_parts])) or None
                decide(s, seg_id, code_id, who, "add", memo=memo)
                report.codings += prior is None
            coders.add(who)
    report.coders = sorted(coders)


def _note_texts(el: Element, notes: GuidMap[str], used: set[str], report: ImportReport, label: str,
                pseudo: dict[str, str] | None) -> list[str]:  # fmt: skip
    """The texts of the notes ``el`` refers to; a reference that resolves to nothing is reported.

    ``pseudo``: the pseudonymised texts of the source's notes; a note missing there is never written raw."""
    texts: list[str] = []
    for r in _children(el, "NoteRef"):
        g = norm_guid(r.get("targetGUID"))
        if g in notes:
            used.add(g)
            text = notes[g] if pseudo is None else pseudo.get(g, "")
            if text:
                texts.append(text)
        else:
            report.not_carried.append(f"{label}: notitie niet overgenomen ({notes.why_not(g)})")
    return texts


# -- codebook (.qdc) -----------------------------------------------------------------------------------
def import_qdc(project: Project, path: str | Path) -> ImportReport:
    path = Path(path)
    if not path.is_file():
        raise RefiImportError(f"{path}: bestand bestaat niet")
    if path.stat().st_size > MAX_QDC_BYTES:
        raise RefiImportError(f"{path}: te groot voor een codeboek (meer dan {MAX_QDC_BYTES // 2**20} MB)")
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
