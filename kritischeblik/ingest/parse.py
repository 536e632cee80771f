"""Parse a transcript in the Markdown protocol shape (see docs/transcript-format.md).

The parser keeps original names: its output lives only in memory until the pipeline pseudonymises it.
Structured sections (scores, keuze, nieuw principe) are parsed here, before pseudonymisation, so that
pseudonymisation can never alter them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import Hint, InputError, ScoreError
from ..model import OMGEVINGEN, Codebook, Example, Score
from .speakers import split_speaker
from .yaml_strict import MAX_BYTES, load_front_matter

NARRATIVE = {"mooi voorbeeld": "mooi voorbeeld", "vastloopmoment": "vastloopmoment"}
SCORE_HEADINGS = {"scores", "score", "scores per principe", "principescores"}
CHOICE_HEADINGS = {
    "keuze principe",
    "keuze principes",
    "keuze",
    "met welk principe ga je aan de slag",
    "met welk principe ga je aan de slag?",
}
SUGGESTION_HEADINGS = {
    "nieuw principe",
    "nieuwe principes",
    "nieuw leidend principe",
    "nieuw leidend principe?",
}
RESPONDENT_KEYS = re.compile(r"^respondent(_?\d+)?$|^respondenten$")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass
class RawTurn:
    speaker: str
    section: str
    text: str
    line: int


@dataclass
class RawTranscript:
    source: str
    id: str
    omgeving: str
    duo: list[str]
    respondents: list[str]
    respondent_rol: str
    organisatie: str
    datum: str
    attributes: dict[str, Any]
    turns: list[RawTurn]
    scores: list[Score] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    content_hash: str = ""


def split_front_matter(
    text: str, source: str, front_source: str | None = None
) -> tuple[dict[str, Any], str, int]:
    """Return (front matter, body, line number where the body starts).

    ``front_source`` names the sidecar file the front matter came from (see readers.SourceText): errors in
    it then name that file and its own line numbers."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise InputError(source, "front matter ontbreekt: het bestand moet beginnen met een regel '---'", 1)
    size = 0
    for i in range(1, len(lines)):
        if lines[i].strip() in {"---", "..."}:
            break
        size += len(lines[i]) + 1
        if size > MAX_BYTES:
            raise InputError(
                front_source or source, f"front matter is te groot (maximaal {MAX_BYTES // 1024} KB)", 1
            )
    else:
        raise InputError(source, "front matter wordt niet afgesloten met een regel '---'", 1)
    block = "\n".join(lines[1:i])
    # In the sidecar, line 1 is the front matter's first line; in a transcript, line 2 (after '---').
    data, key_lines = load_front_matter(block, front_source or source, 1 if front_source else 2)
    data["__lines__"] = key_lines
    return data, "\n".join(lines[i + 1 :]), i + 2


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip()


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [n.strip() for n in re.split(r"[;,&]| en ", value) if n.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [str(value).strip()]


def parse_transcript(
    text: str, source: str, codebook: Codebook, front_source: str | None = None, lenient: bool = False
) -> RawTranscript:
    """Parse Markdown protocol text; raises InputError naming the file and line on bad input.

    ``front_source``: the sidecar file the front matter came from, named in errors about it. ``lenient``:
    a misspelled or repeated section heading is a warning instead of an error."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(source, "leeg bestand: geen front matter en geen tekst")
    front, body, body_line = split_front_matter(text, source, front_source)
    key_lines: dict[str, int] = front.pop("__lines__")

    def fm_error(key: str, msg: str) -> InputError:
        return InputError(front_source or source, msg, key_lines.get(key, 1))

    iid = _as_text(front.get("id"))
    if not iid:
        raise fm_error("id", "front matter mist 'id' (een unieke code per interview, bv. wijk-03)")
    if not _ID_RE.match(iid):
        raise fm_error("id", f"ongeldige id '{iid}': gebruik letters, cijfers, '-', '_' of '.'")
    omgeving = _as_text(front.get("omgeving")).lower()
    if not omgeving:
        raise fm_error("omgeving", f"front matter mist 'omgeving' ({' | '.join(OMGEVINGEN)})")
    if omgeving not in OMGEVINGEN:
        raise fm_error("omgeving", f"onbekende omgeving '{omgeving}'; kies uit {', '.join(OMGEVINGEN)}")
    duo = _names(front.get("duo"))
    warnings: list[str] = []
    if not duo:
        raise fm_error("duo", "front matter mist 'duo': de namen van de twee interviewers, bv. [Anna, Bram]")
    if len(duo) != 2:
        warnings.append(f"duo heeft {len(duo)} interviewer(s) in plaats van 2")
    respondents: list[str] = []
    attributes: dict[str, Any] = {}
    for key, value in front.items():
        if key in {"id", "omgeving", "duo", "respondent_rol", "organisatie", "datum"}:
            continue
        if RESPONDENT_KEYS.match(str(key)):
            respondents.extend(_names(value))
            continue
        attributes[str(key)] = (
            _as_text(value) if not isinstance(value, (list, dict, int, float, bool)) else value
        )

    raw = RawTranscript(
        source=source,
        id=iid,
        omgeving=omgeving,
        duo=duo,
        respondents=respondents,
        respondent_rol=_as_text(front.get("respondent_rol")),
        organisatie=_as_text(front.get("organisatie")),
        datum=_as_text(front.get("datum")),
        attributes=attributes,
        turns=[],
        warnings=warnings,
    )
    _parse_body(raw, body, body_line, codebook, lenient)
    return raw


def _heading_key(title: str) -> str:
    return " ".join(title.strip().rstrip(":").lower().split())


def _heading_kind(title: str) -> tuple[str, str]:
    key = _heading_key(title)
    if key in NARRATIVE:
        return "narrative", NARRATIVE[key]
    if key in SCORE_HEADINGS:
        return "scores", key
    if key in CHOICE_HEADINGS or key.startswith("met welk principe"):
        return "choices", key
    if key in SUGGESTION_HEADINGS or key.startswith("nieuw"):
        return "suggestions", key
    return "narrative", key or "inleiding"


# How each section of the protocol is written, for "Bedoel je ...?" hints.
_CANONICAL = {
    "mooi voorbeeld": "Mooi voorbeeld",
    "vastloopmoment": "Vastloopmoment",
    "scores": "Scores",
    "choices": "Keuze principe",
    "suggestions": "Nieuw principe",
}
_KNOWN_HEADINGS = {
    **{k: _CANONICAL[v] for k, v in NARRATIVE.items()},
    **{k: _CANONICAL["scores"] for k in SCORE_HEADINGS},
    **{k: _CANONICAL["choices"] for k in CHOICE_HEADINGS},
    **{k: _CANONICAL["suggestions"] for k in SUGGESTION_HEADINGS},
}
_SPELLING_CUTOFF = 0.8  # "Vastlopmoment" 0.96, "Mooie voorbeelden" 0.9; "Voorbeeld" 0.78, "Inleiding" 0.45


def _protocol_section(kind: str, section: str) -> str | None:
    """The protocol section a heading opens (None for a free section such as '## Inleiding')."""
    if kind != "narrative":
        return kind
    return section if section in NARRATIVE.values() else None


def _misspelled(title: str) -> str | None:
    """The protocol heading a free heading looks like a misspelling of, or None."""
    key = _heading_key(title)
    close = difflib.get_close_matches(key, list(_KNOWN_HEADINGS), n=1, cutoff=_SPELLING_CUTOFF)
    if not close:  # "Vast loopmoment": the same letters with other spacing
        squeezed = {k.replace(" ", ""): k for k in _KNOWN_HEADINGS}
        close = [squeezed[key.replace(" ", "")]] if key.replace(" ", "") in squeezed else []
    return _KNOWN_HEADINGS[close[0]] if close else None


def _known_speakers(raw: RawTranscript) -> set[str]:
    known: set[str] = set()
    for name in [*raw.duo, *raw.respondents]:
        known.add(name.lower())
        known.add(name.split()[0].lower())
    return known


def _parse_body(
    raw: RawTranscript, body: str, first_line: int, codebook: Codebook, lenient: bool = False
) -> None:
    reader = _BodyReader(raw, codebook, lenient)
    for offset, line in enumerate(body.split("\n")):
        reader.read_line(line, first_line + offset)
    reader.finish()


class _BodyReader:
    """Reads the body line by line into ``raw``: a '## ' heading opens a section, and the section's kind
    says what its lines are (turns, scores, choices or suggestions)."""

    def __init__(self, raw: RawTranscript, codebook: Codebook, lenient: bool) -> None:
        self.raw, self.codebook, self.lenient = raw, codebook, lenient
        self.known = _known_speakers(raw)
        self.kind, self.section = "narrative", "inleiding"
        self.current: RawTurn | None = None
        self.suggestion_buf: list[str] = []
        self.seen_scores: dict[tuple[Example, str], int] = {}
        self.seen_sections: set[str] = set()
        self.protocol_lines: dict[str, tuple[str, int]] = {}  # protocol section -> (heading as written, line)
        self.free_lines: dict[str, int] = {}

    def read_line(self, line: str, lineno: int) -> None:
        stripped = line.strip()
        h = re.match(r"^(#{1,6})\s+(.*)$", stripped)
        if h:
            self.check_heading(h.group(2), lineno, h.group(1))
            if h.group(1) == "##":
                self.flush_suggestion()
                self.kind, self.section = _heading_kind(h.group(2))
                self.seen_sections.add(self.section)
                self.current = None
            # '#' titles and '###' sub-questions structure the page but carry no interview content.
            return
        if self.kind == "narrative":
            if stripped:
                self.narrative_line(stripped, lineno)
        elif self.kind == "scores":
            if stripped:
                _parse_score_line(self.raw, stripped, lineno, self.codebook, self.seen_scores)
        elif self.kind == "choices":
            if stripped:
                _parse_choice_line(self.raw, stripped, lineno, self.codebook)
        elif self.kind == "suggestions":
            self.suggestion_line(stripped)

    def narrative_line(self, stripped: str, lineno: int) -> None:
        """A speaker's line opens a turn; other text continues the open turn of this section."""
        sp = split_speaker(stripped, self.known)
        if sp:
            self.current = RawTurn(speaker=sp[0], section=self.section, text=sp[1].strip(), line=lineno)
            self.raw.turns.append(self.current)
        elif self.current is not None and self.current.section == self.section:
            self.current.text = f"{self.current.text}\n{stripped}" if self.current.text else stripped
        else:
            self.current = RawTurn(speaker="", section=self.section, text=stripped, line=lineno)
            self.raw.turns.append(self.current)

    def suggestion_line(self, stripped: str) -> None:
        """A list item or a blank line ends a suggestion; other lines continue it."""
        item = re.match(r"^([-*•]|\d+[.)])\s+(.*)$", stripped)
        if not stripped:
            self.flush_suggestion()
        elif item:
            self.flush_suggestion()
            self.suggestion_buf.append(item.group(2))
        else:
            self.suggestion_buf.append(stripped)

    def flush_suggestion(self) -> None:
        if self.suggestion_buf:
            self.raw.suggestions.append(" ".join(self.suggestion_buf).strip())
            self.suggestion_buf.clear()

    def problem(self, message: str, lineno: int) -> None:
        """A structural problem: an error, or with ``lenient`` a warning and the section read as written."""
        if not self.lenient:
            raise InputError(self.raw.source, message, lineno, hint=Hint.READ_LENIENT)
        self.raw.warnings.append(f"regel {lineno}: {message}")

    def check_heading(self, title: str, lineno: int, level: str) -> None:
        key = _heading_key(title)
        if level != "##":
            # '# Mooi voorbeeld' or '### Scores': the protocol section would silently not be opened.
            if key in _KNOWN_HEADINGS:
                self.problem(
                    f"kop '{level} {title.strip()}' heeft {len(level)} keer '#'; een sectie begint met "
                    f"'## {_KNOWN_HEADINGS[key]}'",
                    lineno,
                )
            return
        protocol = _protocol_section(*_heading_kind(title))
        if protocol is None:
            hint = _misspelled(title)
            if hint is not None:
                self.problem(f"onbekende sectiekop '## {title.strip()}'. Bedoel je '## {hint}'?", lineno)
            if key in self.free_lines:
                self.raw.warnings.append(
                    f"regel {lineno}: kop '## {title.strip()}' staat ook op regel {self.free_lines[key]}"
                )
            self.free_lines.setdefault(key, lineno)
            return
        if protocol in self.protocol_lines:
            first_title, first_lineno = self.protocol_lines[protocol]
            self.problem(
                f"sectie '## {_CANONICAL[protocol]}' staat twee keer in het bestand: regel {first_lineno} "
                f"('## {first_title}') en regel {lineno} ('## {title.strip()}'); voeg ze samen",
                lineno,
            )
        self.protocol_lines.setdefault(protocol, (title.strip(), lineno))

    def finish(self) -> None:
        """After the last line: the open suggestion, empty turns dropped, missing sections reported."""
        self.flush_suggestion()
        raw = self.raw
        raw.turns = [t for t in raw.turns if t.text.strip()]
        for needed in ("mooi voorbeeld", "vastloopmoment"):
            if needed not in self.seen_sections:
                raw.warnings.append(f"sectie '## {needed[0].upper()}{needed[1:]}' ontbreekt")
        if not raw.turns:
            raise InputError(
                raw.source, "geen interviewtekst gevonden (geen sprekersbeurten onder een ## kop)"
            )


def _strip_bullet(s: str) -> str:
    return re.sub(r"^([-*•]|\d+[.)])\s+", "", s).strip()


def _principle_or_error(raw: RawTranscript, name: str, lineno: int, codebook: Codebook) -> str:
    code = codebook.resolve_principle(name)
    if code:
        return code.id
    names = [c.name for c in codebook.principles()] + [a for c in codebook.principles() for a in c.aliases]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = (
        f" Bedoel je '{close[0]}'?"
        if close
        else f" Bekend: {', '.join(c.name for c in codebook.principles())}."
    )
    raise InputError(raw.source, f"onbekend leidend principe '{name}'.{hint}", lineno)


def _parse_score_line(
    raw: RawTranscript, line: str, lineno: int, codebook: Codebook, seen: dict[tuple[Example, str], int]
) -> None:
    cells = [c.strip() for c in _strip_bullet(line).strip("|").split("|")]
    if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
        return
    if len(cells) == 3 and cells[0].lower() == "voorbeeld":
        return
    if len(cells) != 3:
        raise InputError(
            raw.source,
            f"scoreregel moet de vorm 'voorbeeld | principe | score' hebben, niet '{line}'",
            lineno,
        )
    example = Example.parse(cells[0])
    if example is None:
        raise InputError(
            raw.source,
            f"onbekend voorbeeld '{cells[0]}': gebruik 'mooi voorbeeld' of 'vastloopmoment'",
            lineno,
        )
    code_id = _principle_or_error(raw, cells[1], lineno, codebook)
    try:
        score = codebook.score_scale.check(cells[2])
    except ScoreError as e:
        raise InputError(raw.source, str(e), lineno) from None
    if (example, code_id) in seen:
        raise InputError(
            raw.source,
            f"dubbele score voor {example} / {cells[1]} (ook op regel {seen[(example, code_id)]})",
            lineno,
        )
    seen[(example, code_id)] = lineno
    raw.scores.append(Score(example=example, code_id=code_id, score=score, line=lineno))


def _parse_choice_line(raw: RawTranscript, line: str, lineno: int, codebook: Codebook) -> None:
    item = _strip_bullet(line)
    parts = [p.strip() for p in re.split(r"[;,]", item) if p.strip()]
    resolved = [codebook.resolve_principle(p) for p in parts]
    if not parts or not all(resolved):
        # "Leefwereld centraal — omdat ..." : a principle followed by an explanation.
        head = re.split(r"\s+[—–-]\s+|:|\(", item, maxsplit=1)[0].strip()
        parts, resolved = [head], [codebook.resolve_principle(head)]
    for part, code in zip(parts, resolved, strict=True):
        code_id = code.id if code else _principle_or_error(raw, part, lineno, codebook)
        if code_id not in raw.choices:
            raw.choices.append(code_id)
