"""From a parsed transcript to what the store keeps: speaker roles, pseudonymised text, segments, lemmas.

Pure apart from the NLP pipeline and the pseudonymiser it is handed: no database, no printing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..model import Codebook, Transcript, Turn
from .parse import _CODE_SPEAKER, RawTranscript

SECTION_TITLES = {"mooi voorbeeld": "Mooi voorbeeld", "vastloopmoment": "Vastloopmoment"}


class PseudonymiserLike(Protocol):
    def pseudonymise(
        self, pieces: Sequence[str], known_persons: Sequence[str] = (), protected_terms: Sequence[str] = ()
    ): ...


@dataclass
class PreparedSegment:
    turn_index: int
    start: int
    end: int
    text: str
    lemmas: str


@dataclass
class Prepared:
    transcript: Transcript
    duo_names: list[str]
    """Original interviewer names: only used to derive project-wide pseudonyms, never stored."""
    segments: list[PreparedSegment] = field(default_factory=list)
    entity_counts: dict[str, int] = field(default_factory=dict)


def speaker_labels(raw: RawTranscript, pseudonymise: bool) -> dict[str, tuple[str, str]]:
    """Map each speaker as written to (label, role). Interviewers by duo order, respondents by appearance."""
    labels: dict[str, tuple[str, str]] = {}
    duo_keys = [(name.lower(), name.split()[0].lower()) for name in raw.duo]
    respondent_keys = [(name.lower(), name.split()[0].lower()) for name in raw.respondents]
    others: list[str] = []
    for turn in raw.turns:
        sp = turn.speaker
        if sp in labels or sp in others:
            continue
        key = sp.lower()
        code = _CODE_SPEAKER.match(sp)
        if not sp:
            labels[sp] = ("Verslag", "verslag")
        elif code:
            word = sp.upper()
            if word.startswith("I"):
                num = word[-1] if word[-1].isdigit() else ""
                labels[sp] = (f"Interviewer {num}".strip(), "interviewer")
            else:
                others.append(sp)
        elif any(key in keys for keys in duo_keys):
            idx = next(i for i, keys in enumerate(duo_keys) if key in keys)
            labels[sp] = (f"Interviewer {idx + 1}" if pseudonymise else sp, "interviewer")
        else:
            others.append(sp)
    # Listed respondents keep their front-matter order; unlisted speakers follow in order of appearance.
    appearance = {sp: i for i, sp in enumerate(others)}

    def order(sp: str) -> tuple[int, int]:
        key = sp.lower()
        for i, keys in enumerate(respondent_keys):
            if key in keys:
                return (0, i)
        return (1, appearance[sp])

    others.sort(key=order)
    numbered = len(others) > 1
    for n, sp in enumerate(others, start=1):
        code = _CODE_SPEAKER.match(sp)
        if code and sp.upper().startswith("R") and sp[-1].isdigit():
            label = f"Respondent {sp[-1]}"
        elif pseudonymise or code:
            label = f"Respondent {n}" if numbered else "Respondent"
        else:
            label = sp
        labels[sp] = (label, "respondent")
    return labels


def prepare(
    raw: RawTranscript,
    codebook: Codebook,
    nlp,  # noqa: ANN001 - a spaCy Language; typed loosely so this module imports without spaCy
    pseudonymiser: PseudonymiserLike | None,
    unit: str = "sentence",
) -> Prepared:
    from ..nlp import lemmatize
    from .segmenting import segment_turns

    pseudo = pseudonymiser is not None
    labels = speaker_labels(raw, pseudo)
    pieces = [t.text for t in raw.turns] + list(raw.suggestions)
    counts: dict[str, int] = {}
    if pseudonymiser is not None:
        speakers = [t.speaker for t in raw.turns if t.speaker and not _CODE_SPEAKER.match(t.speaker)]
        known = sorted({*raw.duo, *raw.respondents, *speakers}, key=len, reverse=True)
        result = pseudonymiser.pseudonymise(pieces, known_persons=known, protected_terms=protected_terms(codebook))
        pieces, counts = list(result.pieces), dict(result.counts)
    turn_texts = pieces[: len(raw.turns)]
    suggestions = pieces[len(raw.turns) :]

    # Assemble the stored text: readable as a plain-text source (REFI export) with turns at known offsets.
    parts: list[str] = []
    pos = 0
    turns: list[Turn] = []
    section = None
    for raw_turn, utterance in zip(raw.turns, turn_texts, strict=True):
        if raw_turn.section != section:
            section = raw_turn.section
            title = SECTION_TITLES.get(section, section[:1].upper() + section[1:])
            header = f"## {title}\n\n"
            parts.append(header)
            pos += len(header)
        label, role = labels[raw_turn.speaker]
        prefix = f"{label}: "
        parts.append(prefix)
        pos += len(prefix)
        start = pos
        parts.append(utterance)
        pos += len(utterance)
        turns.append(Turn(speaker=label, role=role, section=raw_turn.section, start=start, end=pos, line=raw_turn.line))
        parts.append("\n\n")
        pos += 2
    text = "".join(parts)

    spans = segment_turns(nlp, text, [(t.start, t.end) for t in turns], unit=unit)
    flat = [(ti, s.start, s.end) for ti, segs in enumerate(spans) for s in segs]
    seg_texts = [text[a:b] for _, a, b in flat]
    lemma_lists = lemmatize(nlp, seg_texts)
    segments = [
        PreparedSegment(turn_index=ti, start=a, end=b, text=t, lemmas=" ".join(lem))
        for (ti, a, b), t, lem in zip(flat, seg_texts, lemma_lists, strict=True)
    ]

    attributes = dict(raw.attributes)
    transcript = Transcript(
        id=raw.id,
        omgeving=raw.omgeving,
        duo=list(raw.duo) if not pseudo else [],
        respondent_rol=raw.respondent_rol,
        organisatie=raw.organisatie,
        datum=raw.datum,
        attributes=attributes,
        text=text,
        turns=turns,
        scores=list(raw.scores),
        choices=list(raw.choices),
        suggestions=[s.strip() for s in suggestions if s.strip()],
        source_name=raw.source.rsplit("/", 1)[-1],
        content_hash=raw.content_hash,
        pseudonymised=pseudo,
        warnings=list(raw.warnings),
    )
    return Prepared(transcript=transcript, duo_names=list(raw.duo), segments=segments, entity_counts=counts)


def protected_terms(codebook: Codebook) -> list[str]:
    """Codebook vocabulary plus the protocol's own words: never mistaken for names."""
    return [
        *codebook.protected_terms(),
        "Mooi voorbeeld",
        "Vastloopmoment",
        "Kritische Blik",
        "Interviewer",
        "Respondent",
        "Verslag",
    ]
