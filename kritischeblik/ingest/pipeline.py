"""From a parsed transcript to what the store keeps: speaker roles, pseudonymised text, segments, lemmas.

Pure apart from the NLP pipeline and the pseudonymiser it is handed: no database, no printing.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..model import STRUCTURAL_KEYS, Codebook, Transcript, Turn
from ..parallel import fork_imap
from . import frontmatter
from .parse import RawTranscript
from .speakers import CODE_SPEAKER

SECTION_TITLES = {"mooi voorbeeld": "Mooi voorbeeld", "vastloopmoment": "Vastloopmoment"}


class PseudonymiserLike(Protocol):
    def pseudonymise(
        self, pieces: Sequence[str], known_persons: Sequence[str] = (), protected_terms: Sequence[str] = ()
    ): ...


@dataclass(slots=True)
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
    segments: list[PreparedSegment] | Iterator[PreparedSegment] = field(default_factory=list)
    """A list, or with ``prepare(..., lazy_segments=True)`` an iterator to be consumed once."""
    entity_counts: dict[str, int] = field(default_factory=dict)
    vectors: Any = None
    """A sentence vector per segment (a float matrix, rows in segment order), when the caller asked
    :func:`.batch.prepare_all` for them; None otherwise."""
    encoder: str = ""
    """The name of the encoder that made ``vectors``."""


def speaker_labels(raw: RawTranscript, pseudonymise: bool) -> dict[str, tuple[str, str]]:
    """Map each speaker as written to (label, role).

    Interviewers are numbered by duo order, respondents by front-matter order and then by appearance.
    "Sandra" and "Sandra Kok" are one person: a speaker written as a first name joins the full name.
    """
    labels: dict[str, tuple[str, str]] = {}
    duo_keys = [(name.lower(), name.split()[0].lower()) for name in raw.duo]
    people: list[list[str]] = [[n.lower(), n.split()[0].lower()] for n in raw.respondents]
    listed = len(people)
    person_of: dict[str, int] = {}
    first_seen: dict[int, int] = {}
    for pos, turn in enumerate(raw.turns):
        sp = turn.speaker
        if sp in labels or sp in person_of:
            continue
        key = sp.lower()
        code = CODE_SPEAKER.match(sp)
        if not sp:
            labels[sp] = ("Verslag", "verslag")
        elif code and sp.upper().startswith("I"):
            num = sp[-1] if sp[-1].isdigit() else ""
            labels[sp] = (f"Interviewer {num}".strip(), "interviewer")
        elif code:
            # I/R style: R1/R2 name respondents by number; a bare R is the (first) respondent.
            idx = int(sp[-1]) - 1 if sp[-1].isdigit() else 0
            while len(people) <= idx:
                people.append([f"\0r{len(people)}"])
            person_of[sp] = idx
        elif any(key in keys for keys in duo_keys):
            idx = next(i for i, keys in enumerate(duo_keys) if key in keys)
            labels[sp] = (f"Interviewer {idx + 1}" if pseudonymise else sp, "interviewer")
        else:
            first = key.split()[0]
            idx = next(
                (
                    i
                    for i, keys in enumerate(people)
                    if key in keys or (first == keys[-1] and (" " not in key or " " not in keys[0]))
                ),
                None,
            )
            if idx is None:
                people.append([key, first])
                idx = len(people) - 1
            person_of[sp] = idx
        if sp in person_of:
            first_seen.setdefault(person_of[sp], pos)
    # Listed respondents keep their front-matter order; others follow in order of appearance.
    used = sorted(first_seen, key=lambda i: (i >= listed, i if i < listed else first_seen[i]))
    number = {idx: n for n, idx in enumerate(used, start=1)}
    numbered = len(used) > 1
    for sp, idx in person_of.items():
        if pseudonymise or CODE_SPEAKER.match(sp):
            label = f"Respondent {number[idx]}" if numbered else "Respondent"
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
    lazy_segments: bool = False,
    workers: int = 1,
    structural_keys: Collection[str] = STRUCTURAL_KEYS,
) -> Prepared:
    """``lazy_segments``: segments come as an iterator that segments and lemmatises the text turn batch by
    turn batch while it is consumed (once), so a very large transcript never holds all segments at once.
    ``workers`` > 1: pseudonymisation and segmentation of this one transcript are spread over that many
    forked processes (worth it only for a very large transcript); the result is the same.
    ``structural_keys``: front-matter keys whose values are kept as written (the project's allow-list);
    every other value is pseudonymised with the text (see :mod:`.frontmatter`)."""
    pseudo = pseudonymiser is not None
    labels = speaker_labels(raw, pseudo)
    turn_texts, suggestions, fields, counts = _pseudonymised_texts(
        raw, codebook, pseudonymiser, workers, structural_keys
    )
    attributes = {k: v for k, v in fields.items() if k not in ("respondent_rol", "organisatie", "datum")}
    text, turns = _stored_text(raw, turn_texts, labels)
    del turn_texts
    found = _segments(nlp, text, turns, unit, workers)
    segments: list[PreparedSegment] | Iterator[PreparedSegment] = found if lazy_segments else list(found)

    transcript = Transcript(
        id=raw.id,
        omgeving=raw.omgeving,
        duo=list(raw.duo) if not pseudo else [],
        respondent_rol=_text(fields["respondent_rol"]),
        organisatie=_text(fields["organisatie"]),
        datum=_text(fields["datum"]),
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


def _pseudonymised_texts(
    raw: RawTranscript,
    codebook: Codebook,
    pseudonymiser: PseudonymiserLike | None,
    workers: int,
    structural_keys: Collection[str],
) -> tuple[list[str], list[str], dict[str, Any], dict[str, int]]:
    """(turn texts, suggestions, front-matter fields, counts of what was found), pseudonymised together.

    One call for all pieces, so a person named in the front matter is recognised in the turns too. Without
    a pseudonymiser everything comes back as written and the counts are empty."""
    fields: dict[str, Any] = {
        "respondent_rol": raw.respondent_rol,
        "organisatie": raw.organisatie,
        "datum": raw.datum,
    }
    fields.update(raw.attributes)
    lists = getattr(pseudonymiser, "name_lists", None)
    front = frontmatter.plan(fields, structural_keys, lists) if pseudonymiser is not None else None
    pieces = [t.text for t in raw.turns] + list(raw.suggestions) + (front.pieces if front is not None else [])
    counts: dict[str, int] = {}
    if pseudonymiser is not None:
        speakers = [t.speaker for t in raw.turns if t.speaker and not CODE_SPEAKER.match(t.speaker)]
        persons = front.persons if front is not None else []
        known = sorted({*raw.duo, *raw.respondents, *speakers, *persons}, key=len, reverse=True)
        # Results are taken run by run, so only a few runs' results wait in memory at any time.
        extra = {"mapper": functools.partial(fork_imap, workers=workers)} if workers > 1 else {}
        result = pseudonymiser.pseudonymise(
            pieces, known_persons=known, protected_terms=protected_terms(codebook), **extra
        )
        pieces, counts = list(result.pieces), dict(result.counts)
        del result
    n_turns, n_sugg = len(raw.turns), len(raw.suggestions)
    if front is not None:
        fields = front.rebuild(pieces[n_turns + n_sugg :])
    return pieces[:n_turns], pieces[n_turns : n_turns + n_sugg], fields, counts


def _stored_text(
    raw: RawTranscript, turn_texts: list[str], labels: dict[str, tuple[str, str]]
) -> tuple[str, list[Turn]]:
    """The text the store keeps, with its turns at known offsets: a section heading where the section
    changes, then "label: utterance" per turn, so it reads as a plain-text source (REFI export)."""
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
        turns.append(
            Turn(speaker=label, role=role, section=raw_turn.section, start=start, end=pos, line=raw_turn.line)
        )
        parts.append("\n\n")
        pos += 2
    return "".join(parts), turns


def _text(value: object) -> str:
    return "" if value is None else str(value)


# Turns segmented and lemmatised per call; results are the same for any batch size (turns are independent).
_SEGMENT_BATCH = 2000


def _segments(nlp, text: str, turns: list[Turn], unit: str, workers: int = 1) -> Iterator[PreparedSegment]:  # noqa: ANN001
    from ..nlp import lemmatize
    from .segmenting import segment_turns

    def batch(lo: int) -> list[PreparedSegment]:
        spans = segment_turns(
            nlp, text, [(t.start, t.end) for t in turns[lo : lo + _SEGMENT_BATCH]], unit=unit
        )
        flat = [(lo + ti, s.start, s.end) for ti, segs in enumerate(spans) for s in segs]
        seg_texts = [text[a:b] for _, a, b in flat]
        lemma_lists = lemmatize(nlp, seg_texts)
        return [
            PreparedSegment(turn_index=ti, start=a, end=b, text=t, lemmas=" ".join(lem))
            for (ti, a, b), t, lem in zip(flat, seg_texts, lemma_lists, strict=True)
        ]

    # Batches are computed ahead by the workers only as far as the consumer (the database writer) keeps up.
    for segments in fork_imap(batch, range(0, len(turns), _SEGMENT_BATCH), workers=workers):
        yield from segments


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
