"""Pseudonymisation of what a REFI-QDA import brings in, before anything is stored.

Another tool's project holds interview data as written: source texts, the source's name (often the
respondent's), memos on codings and sources, and case variables (role, organisation, free-text attributes).
All of that goes through the same pseudonymiser as a transcript, per source in one call, so a person gets the
same placeholder in the text, its memos and its variables. Selections are character offsets into the original
text; they are carried through the replacements (:class:`~kritischeblik.ingest.offsets.OffsetMap`), so each
coding stays on the same words.

Not pseudonymised, by decision: code names and descriptions (the project's own codebook vocabulary, like a
YAML codebook: replacing "Tronto" or a principle's name would mangle definitions), user names (the coders' own
names, as everywhere in a project), variable names, dates (``datum``) and attribute values under structural
keys (:data:`STRUCTURAL_KEYS`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..ingest.offsets import OffsetMap
from ..model import Codebook, Turn
from .cases_reader import Meta
from .sources_reader import ROLE_WORDS, Source, interview_id, turns_from_text

STRUCTURAL_KEYS = frozenset({"id", "omgeving", "datum", "gemeente", "golf", "bijeenkomst", "refi_bron"})
"""Attribute keys whose values describe the study design, not a person; kept as written (the same default
allow-list as front matter)."""


@dataclass
class Pseudonymised:
    """What pseudonymisation changed for one source (the caller applies it)."""

    text: str
    name: str
    turns: list[Turn]
    start: Callable[[int], int]
    end: Callable[[int], int]
    notes: dict[str, str]
    """note guid → pseudonymised note text, for the memos of this source's codings"""


def _role_word(speaker: str) -> bool:
    return not speaker or bool(ROLE_WORDS.match(speaker))


def pseudonymise_source(
    pseudonymiser: Any,
    codebook: Codebook,
    text: str,
    name: str,
    shift: Callable[[int], int],
    meta: Meta,
    notes: dict[str, str],
    note_guids: list[str],
) -> Pseudonymised:
    """Pseudonymise one source and everything that belongs to it; ``meta``'s free text is replaced in place."""
    from ..ingest.pipeline import protected_terms

    turns = turns_from_text(text)
    speakers = list(dict.fromkeys(t.speaker for t in turns if not _role_word(t.speaker)))
    attr_keys = [
        k for k, v in meta.attributes.items() if isinstance(v, str) and k.lower() not in STRUCTURAL_KEYS
    ]
    used = [g for g in dict.fromkeys(note_guids) if notes.get(g)]
    pieces = [
        *(text, name, meta.omgeving, meta.rol, meta.organisatie),
        *(meta.attributes[k] for k in attr_keys),
        *meta.suggestions,
        *meta.notes,
        *(notes[g] for g in used),
        *speakers,
    ]
    known = sorted(speakers, key=len, reverse=True)
    result = pseudonymiser.pseudonymise(
        pieces, known_persons=known, protected_terms=protected_terms(codebook), with_replacements=True
    )
    out = iter(result.pieces)
    new_text, new_name = next(out), next(out)
    meta.omgeving, meta.rol, meta.organisatie = next(out), next(out), next(out)
    for k in attr_keys:
        meta.attributes[k] = next(out)
    meta.suggestions = [next(out) for _ in meta.suggestions]
    meta.notes = [next(out) for _ in meta.notes]
    new_notes = {g: next(out) for g in used}
    speaker_of = {sp: next(out) for sp in speakers}
    offsets = OffsetMap(result.replacements[0])
    new_turns = [
        Turn(
            speaker=speaker_of.get(t.speaker, t.speaker),
            role=t.role,
            section=t.section,
            start=offsets.start(t.start),
            end=offsets.end(t.end),
            line=t.line,
        )
        for t in turns
    ]
    return Pseudonymised(
        text=new_text,
        name=new_name,
        turns=new_turns,
        start=lambda p: offsets.start(shift(p)),
        end=lambda p: offsets.end(shift(p)),
        notes=new_notes,
    )


def pseudonymise_sources(
    pseudonymiser: Any,
    codebook: Codebook,
    sources: dict[str, Source],
    metas: dict[str, Meta],
    notes: dict[str, str],
    note_guids: dict[str, list[str]],
    taken_ids: set[str],
) -> dict[str, dict[str, str]]:
    """Pseudonymise every source in place (text, name, turns, positions, ``metas``); ``note_guids``: per
    source key the notes on its selections and codings. Returns per source key those notes pseudonymised."""
    src_notes: dict[str, dict[str, str]] = {}
    for guid, src in sources.items():
        done = pseudonymise_source(
            pseudonymiser, codebook, src.text, src.name, src.shift, metas[guid], notes, note_guids[guid]
        )
        src.text, src.turns, src.shift, src.shift_end = done.text, done.turns, done.start, done.end
        src_notes[guid] = done.notes
        if done.name != src.name:  # the name may be the respondent's: so may the id made from it
            taken_ids.discard(src.interview_id)
            src.name, src.interview_id = done.name, interview_id(done.name, taken_ids)
    return src_notes
