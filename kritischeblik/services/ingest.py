"""Ingest a batch of transcripts and scoring forms into a project: validate all, then write once.

A batch with one bad file writes nothing (unless ``skip_bad``); re-ingesting an unchanged file is a no-op;
a changed file with a known id is refused unless ``replace``. Reading, pseudonymising and segmenting happen
before the one write transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..analysis.vectors import ENCODER, ENCODER_DIMS, encode_texts, load_encoder, sentence_vectors_available
from ..errors import Hint, InputError, KBError, Notice
from ..ingest.batch import case_twins, fewer_collections, prepare_all, read_transcripts
from ..ingest.forms import Form, FormRow, parse_form
from ..ingest.parse import RawTranscript
from ..ingest.pipeline import Prepared
from ..ingest.typed import pseudonymise_typed
from ..model import Codebook
from ..store import carry_over
from ..store.codebooks import primary_codebook
from ..store.db import Project
from ..store.interviews import (
    add_prepared,
    delete_interview,
    existing_hashes,
    interview_ids,
    mark_ingest,
    project_key,
    set_choices,
    set_score,
    set_suggestions,
    stored_choices,
    stored_suggestions,
)
from ..store.settings import sentence_vectors_on, structural_keys
from . import roles


class IngestError(KBError):
    """Problems in a batch; nothing was written. ``replaceable``: ids of interviews that exist with other
    content (the shells say how to replace them)."""

    def __init__(
        self, problems: Sequence[str | KBError], hint: Hint = Hint.SKIP_BAD, replaceable: Sequence[str] = ()
    ):
        self.problems = [str(p) for p in problems]
        n = len(problems)
        super().__init__(
            f"{n} {'probleem' if n == 1 else 'problemen'} gevonden; er is niets ingelezen:",
            hint=hint,
            details=problems,
            replaceable=list(replaceable),
        )


@dataclass
class IngestOptions:
    pseudonymise: bool = True
    replace: bool = False
    skip_bad: bool = False
    encoding: str | None = None
    unit: str = "sentence"
    lenient: bool = False  # a misspelled or repeated section heading is a warning, not an error


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str | KBError] = field(default_factory=list)
    """the bad files left out (``skip_bad``): a problem's text, or the error with a hint of its own"""
    forms: list[str] = field(default_factory=list)
    warnings: list[str | Notice] = field(default_factory=list)
    """texts, or notices with a hint (what a replace could not carry over); shells word the hints"""
    segments: int = 0
    entities: Counter = field(default_factory=Counter)
    without_vectors: int = 0
    """segments written without a sentence vector although the setting asks for them: those of a very large
    transcript, which is segmented while it is written (they can be built afterwards)"""

    def as_dict(self, word: Callable[[str | KBError | Notice], str] = str) -> dict:
        """The report as plain data; ``word`` turns a problem or warning into the shell's text (with its
        hint)."""
        return {
            "toegevoegd": self.added,
            "vervangen": self.replaced,
            "ongewijzigd": self.unchanged,
            "overgeslagen": [word(p) for p in self.skipped],
            "formulieren": self.forms,
            "waarschuwingen": [word(w) for w in self.warnings],
            "segmenten": self.segments,
            "gepseudonimiseerd": dict(self.entities),
            "zonder_zinsvector": self.without_vectors,
        }


@dataclass
class _Batch:
    """What a batch holds once every file is read and checked, before anything is written."""

    codebook: Codebook
    todo: list[RawTranscript]
    known: dict[str, str]
    """content hash per interview id already in the project"""
    forms: list[Form]
    structural: list[str]
    """front-matter keys kept as written"""
    vectors: bool = True
    """the project setting zinsvectoren: a sentence vector per segment, computed by the workers"""
    actor: str | None = None
    """who ingests (checked again in the write: with roles only a beheerder ingests)"""


def ingest_paths(
    project: Project,
    paths: Sequence[str | Path],
    options: IngestOptions | None = None,
    progress: Callable[[str], None] | None = None,
    nlp: Any = None,
    pseudonymiser: Any = None,
    actor: str | None = None,
) -> IngestReport:
    """Read, check, pseudonymise and segment every file, then write the whole batch in one transaction.
    ``actor``: who does it (with roles only a beheerder ingests)."""
    options = options or IngestOptions()
    project.check_writable()
    roles.check(project, roles.Action.INGEST, actor)
    say = progress or (lambda _msg: None)
    report = IngestReport()
    with fewer_collections():
        batch = _check_batch(project, paths, options, report)
        batch.actor = actor
        if options.pseudonymise and any(raw.duo for raw in batch.todo):
            # Interviewers become Onderzoeker N through the key outside the project: refuse before the slow work.
            with project.read() as s:
                project_key(s)
        if batch.todo and nlp is None:
            from ..nlp import load_nlp

            nlp = load_nlp()
        needs_pseudonymiser = batch.todo or any(r.suggestions for f in batch.forms for r in f.rows)
        if options.pseudonymise and pseudonymiser is None and needs_pseudonymiser:
            from ..ingest.pseudonymisation.pseudonymiser import get_pseudonymiser

            pseudonymiser = get_pseudonymiser(progress=say)
        prepared = _prepare(batch, options, nlp, pseudonymiser, report, say)
        suggestions = _form_suggestions(batch, options, pseudonymiser)
        _write(project, batch, prepared, suggestions, options, report, nlp)
    return report


def _check_batch(
    project: Project, paths: Sequence[str | Path], options: IngestOptions, report: IngestReport
) -> _Batch:
    """Read and check every file; raises :class:`IngestError` listing every problem (or, with ``skip_bad``,
    leaves the bad files out and lists them in the report)."""
    with project.read() as s:
        codebook = primary_codebook(s)
        structural = list(structural_keys(s))
        vectors = sentence_vectors_on(s)
    transcripts, form_paths, problems = read_transcripts(paths, codebook, options.encoding, options.lenient)
    by_id: dict[str, RawTranscript] = {}
    for raw in transcripts:
        if raw.id in by_id:
            problems.append(f"{raw.source}: id '{raw.id}' komt ook voor in {by_id[raw.id].source}")
        else:
            by_id[raw.id] = raw
    with project.read() as s:
        known = existing_hashes(s, list(by_id))
        all_ids = set(interview_ids(s))
    report.warnings.extend(case_twins(list(by_id.values()), all_ids))
    todo: list[RawTranscript] = []
    replaceable: list[str] = []
    for raw in by_id.values():
        old = known.get(raw.id)
        if old is None or (old != raw.content_hash and options.replace):
            todo.append(raw)
        elif old == raw.content_hash:
            report.unchanged.append(raw.id)
        else:
            replaceable.append(raw.id)
            problems.append(
                f"{raw.source}: interview '{raw.id}' bestaat al met andere inhoud (bij vervangen gaan coderingen, "
                "member checks en scores van codeurs mee naar fragmenten met dezelfde tekst; wat niet terug te "
                "vinden is, wordt gemeld)"
            )
    forms = _check_forms(form_paths, codebook, options, all_ids | set(by_id), problems, report)
    if problems:
        if not options.skip_bad:
            raise IngestError(problems, replaceable=replaceable)
        bad_sources = {str(p).split(":", 1)[0] for p in problems}
        report.skipped = problems
        todo = [r for r in todo if r.source not in bad_sources]
        forms = [f for f in forms if f.source not in bad_sources]
    return _Batch(codebook, todo, known, forms, structural, vectors and sentence_vectors_available())


def _check_forms(
    form_paths: list[Path],
    codebook: Codebook,
    options: IngestOptions,
    batch_ids: set[str],
    problems: list[str | KBError],
    report: IngestReport,
) -> list[Form]:
    forms: list[Form] = []
    for p in form_paths:
        try:
            form = parse_form(p, codebook, options.encoding)
        except InputError as e:
            problems.append(e)
            continue
        missing = [r for r in form.rows if r.interview_id not in batch_ids]
        if missing:
            folded = {i.casefold(): i for i in sorted(batch_ids)}
            problems.extend(
                f"{form.source}:{r.line}: onbekend interview '{r.interview_id}' "
                + (
                    f"(bedoel je '{folded[r.interview_id.casefold()]}'? hoofdletters tellen mee)"
                    if r.interview_id.casefold() in folded
                    else "(lees het transcript eerst in)"
                )
                for r in missing
            )
            continue
        report.warnings.extend(f"{form.source}: {note}" for note in form.notes)
        forms.append(form)
    return forms


def _prepare(
    batch: _Batch,
    options: IngestOptions,
    nlp: Any,
    pseudonymiser: Any,
    report: IngestReport,
    say: Callable[[str], None],
) -> list[Prepared]:
    """Pseudonymise, segment and lemmatise the new and changed transcripts (over forked workers)."""
    prepared: list[Prepared] = []
    if not batch.todo:
        return prepared
    pseudo = pseudonymiser if options.pseudonymise else None
    if batch.vectors:
        load_encoder()  # before the workers fork, so that they share its weights
    vectorise = _vectorise if batch.vectors else None
    items = prepare_all(batch.todo, batch.codebook, nlp, pseudo, options.unit, batch.structural, vectorise)
    try:
        _collect(items, batch, prepared, report, say)
    finally:
        _seen.clear()  # what the sequential path kept in this process
    return prepared


def _collect(
    items: Iterator[tuple[RawTranscript, Prepared]],
    batch: _Batch,
    prepared: list[Prepared],
    report: IngestReport,
    say: Callable[[str], None],
) -> None:
    for n, (raw, item) in enumerate(items, start=1):
        say(f"[{n}/{len(batch.todo)}] {raw.id}: verwerkt")
        # Only id and source are used from here on; the original texts can go.
        raw.turns = []
        if item.vectors is not None:
            item.encoder = ENCODER
        prepared.append(item)
        report.entities.update(item.entity_counts)
        report.warnings.extend(f"{raw.source}: {w}" for w in item.transcript.warnings)


_SEEN_LIMIT = 50_000
"""Texts whose vector a worker keeps (float16, 1 kB each) for the interviews it prepares next."""
_seen: dict[str, np.ndarray] = {}


def _vectorise(texts: list[str]) -> np.ndarray:
    """An interview's segment vectors, in a worker. A text is encoded once per worker: short turns ("Ja.",
    "Dat klopt.") come back in every interview. float16 on the way back: half the memory while the batch
    waits for its write (cosine to float32 above 0.99999); the store keeps int8."""
    todo = [t for t in dict.fromkeys(texts) if t not in _seen]
    if len(_seen) + len(todo) > _SEEN_LIMIT:
        _seen.clear()
    if todo:
        _seen.update(zip(todo, encode_texts(todo).astype(np.float16), strict=True))
    if not texts:
        return np.zeros((0, ENCODER_DIMS), dtype=np.float16)
    return np.vstack([_seen[t] for t in texts])


def _form_suggestions(
    batch: _Batch, options: IngestOptions, pseudonymiser: Any
) -> dict[tuple[int, int], list[str]]:
    """Suggestions typed on choice forms, pseudonymised as typed text (lettered placeholders)."""
    out: dict[tuple[int, int], list[str]] = {}
    for fi, form in enumerate(batch.forms):
        if form.kind != "choices":
            continue
        for ri, row in enumerate(form.rows):
            texts = row.suggestions or []
            if texts and options.pseudonymise:
                texts = [pseudonymise_typed(t, batch.codebook, pseudonymiser) for t in texts]
            out[(fi, ri)] = texts
    return out


def _write(
    project: Project,
    batch: _Batch,
    prepared: list[Prepared],
    suggestions: dict[tuple[int, int], list[str]],
    options: IngestOptions,
    report: IngestReport,
    nlp: Any,
) -> None:
    with project.write() as s:
        roles.require(s, roles.Action.INGEST, batch.actor)
        # Another ingest may have written these interviews since they were looked up (the same files ingested
        # twice at once): look again, now that this process holds the write lock.
        current = existing_hashes(s, [item.transcript.id for item in prepared])
        written: list[Prepared] = []
        for item in prepared:
            tid, source = item.transcript.id, item.transcript.source_name or item.transcript.id
            if current.get(tid) == batch.known.get(tid):
                written.append(item)
            elif current.get(tid) == item.transcript.content_hash:
                report.unchanged.append(tid)
                report.warnings.append(
                    f"{source}: '{tid}' is al ingelezen door een ander proces; niets gedaan"
                )
            elif current.get(tid) is None or options.replace:
                written.append(item)
            else:
                raise IngestError(
                    [
                        f"{source}: interview '{tid}' is intussen door een ander proces ingelezen met "
                        "andere inhoud"
                    ],
                    hint=Hint.REPLACE,
                    replaceable=[tid],
                )
        for item in written:
            tid = item.transcript.id
            carried = None
            if tid in current:
                carried = carry_over.snapshot(s, tid)
                delete_interview(s, tid)
                s.flush()
                report.replaced.append(tid)
            else:
                report.added.append(tid)
            n = add_prepared(s, item)
            report.segments += n
            if batch.vectors and item.vectors is None:
                report.without_vectors += n
            if carried is not None:
                report.warnings.extend(
                    replace(note, text=f"{tid}: {note.text}")
                    for note in carry_over.restore(s, carried).notes()
                )
        _write_forms(s, batch, suggestions, options, report)
        if prepared:
            from ..nlp import describe, pipeline_info

            mark_ingest(
                s, nlp_pipeline=describe(pipeline_info(nlp)), unpseudonymised=not options.pseudonymise
            )
        if not options.pseudonymise and any(suggestions.values()):
            mark_ingest(s, unpseudonymised=True)


def _write_forms(
    s: Any,
    batch: _Batch,
    suggestions: dict[tuple[int, int], list[str]],
    options: IngestOptions,
    report: IngestReport,
) -> None:
    """The scoring forms' scores, choices and suggestions, in the ingest's write transaction."""
    for fi, form in enumerate(batch.forms):
        for ri, row in enumerate(form.rows):
            for (example, code_id), score in row.scores.items():
                set_score(s, row.interview_id, example, code_id, score, source="formulier")
            report.warnings.extend(_overwritten(s, form.source, row, suggestions.get((fi, ri), [])))
            if row.choices is not None:
                set_choices(s, row.interview_id, row.choices, source="formulier")
            if row.suggestions is not None:
                set_suggestions(
                    s,
                    row.interview_id,
                    suggestions.get((fi, ri), []),
                    source="formulier",
                    pseudonymised=options.pseudonymise,
                )
        report.forms.append(
            # tests/test_hostile_ingest.py asserts "(choices, 1 interviews)": the plural waits for the lead
            f"{form.source} ({form.kind}, {len(form.rows)} interviews)"
        )


def _overwritten(session: Any, source: str, row: FormRow, new_suggestions: list[str]) -> list[str]:
    """Warnings for stored choices or suggestions a form row clears or replaces: there is no history of
    them, so the report is where the user sees it (the suggestions' text is not repeated: it may hold what
    pseudonymisation missed)."""
    where = f"{source}:{row.line}: {row.interview_id}"
    out = []
    if row.choices is not None:
        old = stored_choices(session, row.interview_id)
        if old and old != sorted(set(row.choices)):
            out.append(
                f"{where}: gekozen principes {'gewist' if not row.choices else 'vervangen'} "
                f"(eerder: {', '.join(old)})"
            )
    if row.suggestions is not None:
        old = stored_suggestions(session, row.interview_id)
        if old and old != new_suggestions:
            out.append(
                f"{where}: {len(old)} bestaande suggestie(s) voor een nieuw principe "
                f"{'gewist' if not new_suggestions else 'vervangen'}"
            )
    return out
