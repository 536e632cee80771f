"""Ingest a batch of transcripts and scoring forms into a project: validate all, then write once.

A batch with one bad file writes nothing (unless ``skip_bad``); re-ingesting an unchanged file is a no-op;
a changed file with a known id is refused unless ``replace``. All writes happen in one transaction.
"""

from __future__ import annotations

import contextlib
import gc
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ..errors import InputError, KBError
from ..parallel import available_workers, can_fork, fork_imap
from ..store import carry_over
from ..store.codebooks import primary_codebook
from ..store.db import Project
from ..store.interviews import (
    add_prepared,
    delete_interview,
    existing_hashes,
    project_key,
    set_choices,
    set_score,
    set_suggestions,
    stored_choices,
    stored_suggestions,
)
from ..store.schema import Interview, Meta
from ..store.settings import structural_keys
from .forms import Form, FormRow, parse_form
from .parse import RawTranscript, parse_transcript
from .pipeline import Prepared, prepare
from .readers import FORM_SUFFIXES, TRANSCRIPT_SUFFIXES, read_source
from .typed import pseudonymise_typed


class IngestError(KBError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        n = len(problems)
        super().__init__(
            f"{n} probleem{'en' if n != 1 else ''} gevonden; er is niets ingelezen:\n  "
            + "\n  ".join(problems)
            + "\n(Herstel de bestanden, of gebruik --skip-bad om alleen de goede bestanden in te lezen.)"
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
    skipped: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    segments: int = 0
    entities: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict:
        return {
            "toegevoegd": self.added,
            "vervangen": self.replaced,
            "ongewijzigd": self.unchanged,
            "overgeslagen": self.skipped,
            "formulieren": self.forms,
            "waarschuwingen": self.warnings,
            "segmenten": self.segments,
            "gepseudonimiseerd": dict(self.entities),
        }


def ingest_paths(
    project: Project,
    paths: Sequence[str | Path],
    options: IngestOptions | None = None,
    progress: Callable[[str], None] | None = None,
    nlp=None,  # noqa: ANN001 - a spaCy Language; loaded on demand
    pseudonymiser=None,  # noqa: ANN001
) -> IngestReport:
    with _fewer_collections():
        return _ingest_paths(project, paths, options, progress, nlp, pseudonymiser)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Ingest allocates millions of small objects (tokens, spans, segments), most short-lived and without
    cycles; with the default thresholds the collector ran thousands of times, ~10% of a large ingest's CPU.
    Forked workers inherit the setting."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 10_000), max(old[1], 50), max(old[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _ingest_paths(
    project: Project,
    paths: Sequence[str | Path],
    options: IngestOptions | None,
    progress: Callable[[str], None] | None,
    nlp,  # noqa: ANN001
    pseudonymiser,  # noqa: ANN001
) -> IngestReport:
    options = options or IngestOptions()
    project.check_writable()
    say = progress or (lambda _msg: None)
    report = IngestReport()
    problems: list[str] = []

    with project.read() as s:
        codebook = primary_codebook(s)
        structural = structural_keys(s)

    transcripts: list[RawTranscript] = []
    form_paths: list[Path] = []
    for p in map(Path, paths):
        suffix = p.suffix.lower()
        if suffix in FORM_SUFFIXES:
            form_paths.append(p)
            continue
        if suffix not in TRANSCRIPT_SUFFIXES:
            problems.append(f"{p}: onbekend bestandstype '{suffix}'")
            continue
        try:
            src = read_source(p, options.encoding)
            raw = parse_transcript(src.text, src.source, codebook, src.front_source, options.lenient)
            raw.content_hash = src.content_hash
            raw.warnings.extend(src.notes)
            transcripts.append(raw)
            del src  # the whole file's text; only the parsed turns are needed from here on
        except InputError as e:
            problems.append(str(e))

    by_id: dict[str, RawTranscript] = {}
    for raw in transcripts:
        if raw.id in by_id:
            problems.append(f"{raw.source}: id '{raw.id}' komt ook voor in {by_id[raw.id].source}")
        else:
            by_id[raw.id] = raw

    with project.read() as s:
        known = existing_hashes(s, list(by_id))
        all_ids = set(s.scalars(select(Interview.id)))
    report.warnings.extend(_case_twins(list(by_id.values()), all_ids))
    todo: list[RawTranscript] = []
    for raw in by_id.values():
        old = known.get(raw.id)
        if old is None:
            todo.append(raw)
        elif old == raw.content_hash:
            report.unchanged.append(raw.id)
        elif options.replace:
            todo.append(raw)
        else:
            problems.append(
                f"{raw.source}: interview '{raw.id}' bestaat al met andere inhoud; gebruik --replace om het te "
                "vervangen (coderingen, member checks en scores van codeurs gaan mee naar fragmenten met dezelfde tekst; "
                "wat niet terug te vinden is, wordt gemeld)"
            )

    forms: list[Form] = []
    batch_ids = all_ids | set(by_id)
    for p in form_paths:
        try:
            form = parse_form(p, codebook, options.encoding)
        except InputError as e:
            problems.append(str(e))
            continue
        missing = [r for r in form.rows if r.interview_id not in batch_ids]
        if missing:
            folded = {i.casefold(): i for i in sorted(batch_ids)}
            problems.extend(
                f"{form.source}:{r.line}: onbekend interview '{r.interview_id}' "
                + (
                    f"(bedoelt u '{folded[r.interview_id.casefold()]}'? hoofdletters tellen mee)"
                    if r.interview_id.casefold() in folded
                    else "(lees het transcript eerst in)"
                )
                for r in missing
            )
            continue
        report.warnings.extend(f"{form.source}: {note}" for note in form.notes)
        forms.append(form)

    if problems:
        if not options.skip_bad:
            raise IngestError(problems)
        bad_sources = {p.split(":", 1)[0] for p in problems}
        report.skipped = problems
        todo = [r for r in todo if r.source not in bad_sources]
        forms = [f for f in forms if f.source not in bad_sources]

    if options.pseudonymise and any(raw.duo for raw in todo):
        # Interviewers become Onderzoeker N through the key outside the project: refuse before the slow work.
        with project.read() as s:
            project_key(s)

    prepared: list[Prepared] = []
    if todo:
        if nlp is None:
            from ..nlp import load_nlp

            nlp = load_nlp()
        if options.pseudonymise and pseudonymiser is None:
            from .pseudonymisation.pseudonymiser import get_pseudonymiser

            pseudonymiser = get_pseudonymiser(progress=say)
        pseudo = pseudonymiser if options.pseudonymise else None
        prepared_all = _prepare_all(todo, codebook, nlp, pseudo, options.unit, structural)
        for n, (raw, item) in enumerate(prepared_all, start=1):
            say(f"[{n}/{len(todo)}] {raw.id}: verwerkt")
            # Only id and source are used from here on; the original texts can go.
            raw.turns = []
            prepared.append(item)
            report.entities.update(item.entity_counts)
            report.warnings.extend(f"{raw.source}: {w}" for w in item.transcript.warnings)

    form_suggestions: dict[tuple[str, int], list[str]] = {}
    for fi, form in enumerate(forms):
        if form.kind != "choices":
            continue
        for ri, row in enumerate(form.rows):
            texts = row.suggestions or []
            if texts and options.pseudonymise:
                if pseudonymiser is None:
                    from .pseudonymisation.pseudonymiser import get_pseudonymiser

                    pseudonymiser = get_pseudonymiser(progress=say)
                # Typed on a form, not part of the transcript: lettered placeholders, as for any typed text.
                texts = [pseudonymise_typed(t, codebook, pseudonymiser) for t in texts]
            form_suggestions[(fi, ri)] = texts

    with project.write() as s:
        # Another ingest may have written these interviews since they were looked up above (the same files
        # ingested twice at once): look again, now that this process holds the write lock.
        current = existing_hashes(s, [item.transcript.id for item in prepared])
        written: list[Prepared] = []
        for item in prepared:
            tid, source = item.transcript.id, item.transcript.source_name or item.transcript.id
            if current.get(tid) == known.get(tid):
                written.append(item)
            elif current.get(tid) == item.transcript.content_hash:
                report.unchanged.append(tid)
                report.warnings.append(f"{source}: '{tid}' is al ingelezen door een ander proces; niets gedaan")
            elif current.get(tid) is None or options.replace:
                written.append(item)
            else:
                raise IngestError([f"{source}: interview '{tid}' is intussen door een ander proces ingelezen met "
                                   "andere inhoud; gebruik --replace om het te vervangen"])  # fmt: skip
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
            report.segments += add_prepared(s, item)
            if carried is not None:
                report.warnings.extend(f"{tid}: {note}" for note in carry_over.restore(s, carried).notes())
        for fi, form in enumerate(forms):
            for ri, row in enumerate(form.rows):
                for (example, code_id), score in row.scores.items():
                    set_score(s, row.interview_id, example, code_id, score, source="formulier")
                report.warnings.extend(_overwritten(s, form.source, row, form_suggestions.get((fi, ri), [])))
                if row.choices is not None:
                    set_choices(s, row.interview_id, row.choices, source="formulier")
                if row.suggestions is not None:
                    set_suggestions(s, row.interview_id, form_suggestions.get((fi, ri), []), source="formulier",
                                    pseudonymised=options.pseudonymise)  # fmt: skip
            report.forms.append(f"{form.source} ({form.kind}, {len(form.rows)} interviews)")
        if prepared:
            from ..nlp import describe, pipeline_info

            s.merge(Meta(key="nlp_pipeline", value=describe(pipeline_info(nlp))))
            if not options.pseudonymise:
                s.merge(Meta(key="unpseudonymised", value="1"))
        if not options.pseudonymise and any(form_suggestions.values()):
            s.merge(Meta(key="unpseudonymised", value="1"))
    return report


def _overwritten(session, source: str, row: FormRow, new_suggestions: list[str]) -> list[str]:  # noqa: ANN001
    """Warnings for stored choices or suggestions a form row clears or replaces: there is no history of
    them, so the report is where the user sees it (the suggestions' text is not repeated: it may hold what
    pseudonymisation missed)."""
    where = f"{source}:{row.line}: {row.interview_id}"
    out = []
    if row.choices is not None:
        old = stored_choices(session, row.interview_id)
        if old and old != sorted(set(row.choices)):
            out.append(f"{where}: gekozen principes {'gewist' if not row.choices else 'vervangen'} "
                       f"(eerder: {', '.join(old)})")  # fmt: skip
    if row.suggestions is not None:
        old = stored_suggestions(session, row.interview_id)
        if old and old != new_suggestions:
            out.append(f"{where}: {len(old)} bestaande suggestie(s) voor een nieuw principe "
                       f"{'gewist' if not new_suggestions else 'vervangen'}")  # fmt: skip
    return out


def _case_twins(batch: list[RawTranscript], project_ids: set[str]) -> list[str]:
    """Warnings for ids that differ from another only in upper/lower case (``WIJK-01`` and ``wijk-01``):
    allowed, since ids are case-sensitive, but almost always the same interview twice."""
    warnings = []
    first: dict[str, str] = {}
    for iid in sorted(project_ids):
        first.setdefault(iid.casefold(), iid)
    in_batch: dict[str, RawTranscript] = {}
    for raw in batch:
        folded = raw.id.casefold()
        other = in_batch.get(folded)
        if other is not None and other.id != raw.id:
            warnings.append(f"{raw.source}: id '{raw.id}' verschilt alleen in hoofdletters van '{other.id}' "
                            f"({other.source}); is dit hetzelfde interview?")  # fmt: skip
        elif folded in first and first[folded] != raw.id and raw.id not in project_ids:
            warnings.append(f"{raw.source}: id '{raw.id}' verschilt alleen in hoofdletters van '{first[folded]}' "
                            "dat al in het project staat; is dit hetzelfde interview?")  # fmt: skip
        in_batch.setdefault(folded, raw)
    return warnings


# -- parallel preparation ------------------------------------------------------------------------------------
# Pseudonymisation (deduce) is ~75% of ingest time and each interview is independent, so interviews are
# prepared in forked worker processes that inherit the loaded deduce and spaCy objects (see parallel.py).
# Results come back in input order; the database is written afterwards in one transaction by this process,
# exactly as in the sequential path. KB_WORKERS=1 turns it off.

MIN_PARALLEL = 4  # below this, forking costs more than it saves


def worker_count(n_items: int) -> int:
    if n_items < MIN_PARALLEL or not can_fork():
        return 1
    return max(1, min(available_workers(), n_items))


# A transcript this large (characters of turn text; a generated interview of 8,000 words has ~50k) is
# prepared in this process with lazy segments (see pipeline.prepare): a worker would have to send all of
# its segments back at once, and holding them costs ~15 bytes per character. Its own pseudonymisation and
# segmentation are spread over the cores instead.
LARGE_CHARS = 2_000_000


def _is_large(raw: RawTranscript) -> bool:
    return sum(len(t.text) for t in raw.turns) > LARGE_CHARS


def _prepare_all(
    todo: list[RawTranscript],
    codebook,  # noqa: ANN001
    nlp,  # noqa: ANN001
    pseudonymiser,  # noqa: ANN001
    unit: str,
    structural: Sequence[str],
) -> Iterator[tuple[RawTranscript, Prepared]]:
    large = [_is_large(raw) for raw in todo]
    small = [i for i, big in enumerate(large) if not big]

    def prepare_small(i: int) -> Prepared:
        return prepare(todo[i], codebook, nlp, pseudonymiser, unit=unit, structural_keys=structural)

    # All results are kept until the write anyway, so the workers may run as far ahead as they can.
    results = fork_imap(prepare_small, small, workers=worker_count(len(small)), ahead=len(small))
    try:
        for raw, big in zip(todo, large, strict=True):
            if big:
                # Input order is kept: large transcripts are prepared here, in between, while the workers go on.
                kw = {"lazy_segments": True, "workers": available_workers(), "structural_keys": structural}
                yield raw, prepare(raw, codebook, nlp, pseudonymiser, unit=unit, **kw)
            else:
                yield raw, next(results)
    finally:
        results.close()
