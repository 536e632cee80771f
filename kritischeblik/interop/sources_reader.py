"""REFI-QDA text sources in: their text (inline or ``internal://`` in the archive), positions mapped to the
text as stored (newlines, BOM), speaker turns recovered, and an interview id made from the source's name."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from ..model import Turn
from .guids import norm_guid, unique_key, warn_repeated
from .report import ImportReport
from .xml_reader import child, children, local, text_of

LABEL_RE = re.compile(r"^(?P<sp>[^\W\d_][\w'’.\-]*(?: [\w'’.\-]+){0,3}):[ \t]+(?=\S)")
ROLE_WORDS = re.compile(r"^(I|R|I\d|R\d|Interviewer(?: \d+)?|Respondent(?: \d+)?|Verslag)$", re.IGNORECASE)


@dataclass
class Source:
    guid: str
    name: str
    text: str
    shift: Callable[[int], int]
    element: Element
    interview_id: str = ""
    shift_end: Callable[[int], int] | None = None
    """Where a selection's end lands, when it differs from ``shift`` (after pseudonymisation)."""
    turns: list[Turn] | None = None


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


def _role(speaker: str) -> str:
    low = speaker.lower()
    if low.startswith("interviewer") or low in {"i", "i1", "i2"}:
        return "interviewer"
    if low.startswith("respondent") or re.fullmatch(r"r\d?", low):
        return "respondent"
    return "verslag" if low == "verslag" else "onbekend"


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
        line_end = start + len(line.rstrip())
        m = LABEL_RE.match(line[lead:])
        # Inside a paragraph a "Word: ..." line only starts a new turn for a known speaker or role word, so
        # a continuation such as "Situatie: ..." stays in the turn it belongs to.
        if m and (current is None or m.group("sp") in speakers or ROLE_WORDS.match(m.group("sp"))):
            speaker = m.group("sp")
            speakers.add(speaker)
            begin = start + lead + m.end()
            current = Turn(speaker=speaker, role=_role(speaker), section=section, start=begin, end=line_end)
            turns.append(current)
        elif current is not None:
            current.end = line_end
        else:
            current = Turn(speaker="", role="onbekend", section=section, start=start + lead, end=line_end)
            turns.append(current)
    return turns


def interview_id(name: str, taken: set[str]) -> str:
    """An interview id made from a source's name, unique among ``taken`` (which it joins)."""
    base = re.sub(r"\.(txt|docx?|rtf|pdf|odt)$", "", name.strip(), flags=re.IGNORECASE)
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", base).strip("-.") or "bron"
    cid, n = base, 2
    while cid in taken:
        cid, n = f"{base}-{n}", n + 1
    taken.add(cid)
    return cid


def source_text(el: Element, files: dict[str, bytes], report: ImportReport, name: str) -> str | None:
    """The plain text of a source (or a note): inline, or from the archive; None (reported) when absent."""
    inline = child(el, "PlainTextContent")
    if inline is not None:
        return text_of(inline)
    path = el.get("plainTextPath") or ""
    if path.lower().startswith("internal://"):
        key = "sources/" + path[len("internal://") :].replace("\\", "/").lower()
        if key in files:
            return decode_text(files[key], name, report)
        report.not_carried.append(f"bron '{name}': {path} ontbreekt in het archief")
        return None
    if path:
        report.not_carried.append(
            f"bron '{name}': externe tekst {path} niet ingelezen (alleen internal:// wordt gelezen)"
        )
    elif el.get("richTextPath"):
        report.not_carried.append(
            f"bron '{name}': alleen opgemaakte tekst ({el.get('richTextPath')}), geen platte tekst"
        )
    else:
        report.not_carried.append(f"bron '{name}': geen tekst")
    return None


def _positions(raw: str) -> tuple[str, Callable[[int], int]]:
    if raw.startswith("\ufeff"):
        # A BOM inside the text shifts every position by one; strip it and shift back.
        body, inner = normalise_newlines(raw[1:])
        return body, (lambda p, _s=inner: _s(max(p - 1, 0)))
    return normalise_newlines(raw)


def read_sources(
    root: Element, files: dict[str, bytes], taken_ids: set[str], report: ImportReport
) -> tuple[dict[str, Source], dict[str, list[str]]]:
    """The text sources by key, and the names of the sources per GUID.

    Nothing we import refers to a source by GUID except a case: two sources with one GUID are both imported
    (the bug this replaces kept the last and dropped the other with its codings), and a case that names their
    GUID is not applied to either."""
    sources: dict[str, Source] = {}
    source_guids: dict[str, list[str]] = defaultdict(list)
    sources_el = child(root, "Sources")
    for el in list(sources_el) if sources_el is not None else []:
        tag = local(el.tag)
        name = el.get("name") or norm_guid(el.get("guid"))
        if tag != "TextSource":
            report.not_carried.append(f"bron '{name}': {tag} wordt niet ondersteund (alleen tekstbronnen)")
            continue
        raw = source_text(el, files, report, name)
        if raw is None:
            continue
        text, shift = _positions(raw)
        guid = norm_guid(el.get("guid"))
        key = unique_key(guid, sources)
        source_guids[guid].append(name)
        sources[key] = Source(key, name, text, shift, el, interview_id(name, taken_ids))
    _warn_shared(sources, source_guids, report)
    return sources, source_guids


def _warn_shared(
    sources: dict[str, Source], source_guids: dict[str, list[str]], report: ImportReport
) -> None:
    for guid, names in source_guids.items():
        if not guid:
            report.warnings.append(f"{len(names)} bron(nen) zonder GUID ({', '.join(names[:3])}); ingelezen")
        elif len(names) > 1:
            report.warnings.append(
                f"bron-GUID {guid} komt {len(names)} keer voor ({', '.join(repr(n) for n in names[:5])}); "
                "alle bronnen zijn ingelezen als aparte interviews"
            )
    selections = [x for src in sources.values() for x in children(src.element, "PlainTextSelection")]
    warn_repeated("selectie", (norm_guid(x.get("guid")) for x in selections), report.warnings)
    codings = (norm_guid(c.get("guid")) for x in selections for c in children(x, "Coding"))
    warn_repeated("codering", codings, report.warnings)
