"""A very large transcript: ingest works and memory stays bounded (measured in a subprocess).

deduce sees at most ~150k characters at once (chunks), the pieces of a very large transcript are
pseudonymised in runs spread over the cores and its segments are produced by the workers while they are
written, and deduce's big lookup tries are kept compact. The tests below check that chunking, runs,
parallel workers and the compact tries give exactly the results of the plain, sequential path. The 50 MB
transcript of issue #7 takes 2–3 minutes on 2 cores (bench/results-ingest.md).
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from conftest import ROOT

from bench.huge_ingest import make_transcript
from bench.memory import tree_pss
from kritischeblik.cli import main
from kritischeblik.ingest.parse import parse_transcript
from kritischeblik.ingest.pseudonymisation import deduce_adapter as da
from kritischeblik.ingest.pseudonymisation import pseudonymiser as pm
from kritischeblik.ingest.pseudonymisation.spans import Span
from kritischeblik.parallel import fork_map

pytestmark = pytest.mark.slow

# Proportional set size of the whole process tree: forked workers share deduce's tables with the parent,
# and RSS would count those pages once per process.
MEMORY_LIMIT = int(1.5 * 1024**3)


def _ingest_measured(project: Path, files: list[Path], timeout: float) -> tuple[int, int, str]:
    """(return code, peak PSS of the process tree in bytes, stderr tail)."""
    proc = psutil.Popen(
        [sys.executable, "-m", "kritischeblik", "ingest", "-p", str(project), *map(str, files)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, tree_pss(proc))
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"ingest duurde langer dan {timeout:.0f} s")
        time.sleep(0.5)
    err = proc.stderr.read()
    proc.stderr.close()
    return proc.returncode, peak, err[-2000:]


@pytest.mark.runs_long
def test_fifty_megabyte_transcript_ingests_with_bounded_memory(tmp_path):
    big = make_transcript(tmp_path / "groot.md", 50)
    assert 48 * 1024**2 < big.stat().st_size < 53 * 1024**2
    project = tmp_path / "groot.kb"
    assert main(["init", "-p", str(project)]) == 0
    code, peak, err = _ingest_measured(project, [big], timeout=1800)
    assert code == 0, err
    assert peak < MEMORY_LIMIT, f"piekgeheugen {peak / 1024**2:.0f} MB"
    assert main(["check", "-p", str(project)]) == 0
    from kritischeblik.store.db import Project
    from kritischeblik.store.stats import project_counts

    with Project.open(project).read() as s:
        counts = project_counts(s)
    assert (
        counts["interviews"] == 1 and counts["beurten"] > 100_000 and counts["segmenten"] > counts["beurten"]
    )


def _demo_pieces(codebook) -> tuple[list[str], list[str]]:  # noqa: ANN001
    path = sorted((ROOT / "corpora" / "demo").glob("*.md"))[0]
    raw = parse_transcript(path.read_text(encoding="utf-8"), str(path), codebook)
    known = sorted(
        {*raw.duo, *raw.respondents, *(t.speaker for t in raw.turns if t.speaker)}, key=len, reverse=True
    )
    return [t.text for t in raw.turns], known


@pytest.mark.parametrize("glue", ["\n", " "])
def test_chunked_deduce_gives_the_whole_interview_result(pseudonymiser, codebook, monkeypatch, glue):
    pieces, known = _demo_pieces(codebook)
    # One piece far longer than the chunk size below (cut at lines, or with " " at sentence ends), after
    # the turns themselves: its names must get the numbers they got in the turns.
    pieces = [*pieces, glue.join(pieces)]
    whole = pseudonymiser.pseudonymise(pieces, known_persons=known)
    monkeypatch.setattr(da, "_CHUNK_CHARS", 1500)
    assert len(da._split_long(pieces[-1], 1500)) > 3
    assert len(list(da._chunks(pieces, 1500))) > 3
    chunked = pseudonymiser.pseudonymise(pieces, known_persons=known)
    assert chunked.pieces == whole.pieces
    assert chunked.counts == whole.counts
    assert whole.counts.get("PERSOON", 0) > 0


def test_runs_in_forked_workers_give_the_sequential_result(pseudonymiser, codebook, monkeypatch):
    """A very large interview is pseudonymised in runs of pieces, in parallel; facts gathered across runs
    (lowercase vocabulary, names and institutions found anywhere, placeholder numbers) must come out as if
    the interview had been one run."""
    pieces, known = _demo_pieces(codebook)
    whole = pseudonymiser.pseudonymise(pieces, known_persons=known)
    monkeypatch.setattr(pm, "_RUN_CHARS", 800)
    assert len(pm._runs(pieces, 800)) > 5
    parallel = pseudonymiser.pseudonymise(
        pieces, known_persons=known, mapper=lambda f, xs: fork_map(f, xs, workers=2)
    )
    assert parallel.pieces == whole.pieces
    assert parallel.counts == whole.counts
    # Names first met late in the interview are replaced where they occur earlier too.
    assert whole.counts.get("PERSOON", 0) > 1 and whole.pieces != pieces


def test_runs_cover_all_pieces_in_order():
    pieces = ["a" * 5, "b" * 7, "c" * 20, "", "d" * 3, "e" * 4]
    runs = pm._runs(pieces, 10)
    assert [i for r in runs for i in r] == list(range(len(pieces)))
    assert all(sum(len(pieces[i]) for i in r) <= 10 or len(r) == 1 for r in runs)
    assert pm._runs([], 10) == []


def test_long_piece_is_cut_at_boundaries_and_rejoins_exactly():
    text = ("Eerste zin hier. Tweede zin, met Jan de Boer erin! " * 40 + "\n") * 5 + "x" * 700
    parts = da._split_long(text, 500)
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= 500 for _, p in parts)
    assert [o for o, _ in parts] == [sum(len(p) for _, p in parts[:i]) for i in range(len(parts))]
    # Cut after a line break or a sentence end where there is one; a run without spaces is cut hard.
    for _, p in parts[:-2]:
        assert p.endswith(("\n", ". ", "! ")), p[-20:]
    spans = [Span(0, 3, "PERSOON", False), Span(4, 11, "PERSOON", False)]
    assert [(s.start, s.end) for s in da._join_cut_spans(spans, "Jan de Boer", [4])] == [(0, 11)]
    spans = [Span(0, 3, "PERSOON", False), Span(4, 11, "PERSOON", False)]
    assert len(da._join_cut_spans(spans, "Jan de Boer", [9])) == 2  # no cut between them: two names


def test_compact_trie_answers_like_docdeids_trie(monkeypatch):
    from docdeid.ds import LookupTrie
    from docdeid.str import LowercaseString

    entries = [
        ["Oude", "Gracht"],
        ["Oude", "Gracht", "West"],
        ["Kerk", "straat"],
        ["A"],
        ["Oude", "Haven", "Kade"],
    ]
    original = LookupTrie(matching_pipeline=[LowercaseString()])
    for e in entries:
        original.add_item(e)
    structs = {"street": original, "other": LookupTrie()}
    monkeypatch.setattr(da, "_COMPACT_MIN_NODES", 1)
    da._compact(structs)
    compact = structs["street"]
    assert isinstance(compact, LookupTrie) and compact is not original
    queries = [
        ["oude", "gracht", "west", "x"],
        ["Oude", "Gracht"],
        ["Oude", "Gracht", "Oost"],
        ["oude"],
        ["Oude", "Haven"],
        ["oude", "haven", "kade"],
        ["kerk", "straat", "1"],
        ["a"],
        ["b"],
        [],
        ["x", "oude", "gracht"],
    ]
    for q in queries:
        for start in range(len(q) + 1):
            assert compact.longest_matching_prefix(q, start_i=start) == original.longest_matching_prefix(
                q, start_i=start
            )
        assert (q in compact) == (q in original)
    assert set(compact.children) == set(original.children)
    compact.add_item(["Nieuwe", "Gracht"])
    original.add_item(["Nieuwe", "Gracht"])
    for q in (["nieuwe", "gracht"], ["Nieuwe", "Gracht"], ["nieuwe"]):
        assert compact.longest_matching_prefix(q) == original.longest_matching_prefix(q)
        assert (q in compact) == (q in original)


def _stored(project) -> tuple[list, list, list]:  # noqa: ANN001
    from sqlalchemy import select

    from kritischeblik.store.schema import Interview, Segment, TurnRow

    with project.read() as s:
        interviews = list(s.execute(select(Interview.id, Interview.text).order_by(Interview.id)))
        turns = list(
            s.execute(
                select(
                    TurnRow.interview_id, TurnRow.idx, TurnRow.speaker, TurnRow.char_start, TurnRow.char_end
                ).order_by(TurnRow.interview_id, TurnRow.idx)
            )
        )
        segs = list(
            s.execute(
                select(
                    Segment.interview_id,
                    Segment.idx,
                    TurnRow.idx,
                    Segment.char_start,
                    Segment.char_end,
                    Segment.text,
                    Segment.lemmas,
                )
                .join(TurnRow, TurnRow.id == Segment.turn_id)
                .order_by(Segment.interview_id, Segment.idx)
            )
        )
    return interviews, turns, segs


def test_large_transcripts_stream_their_segments_with_the_same_result(
    tmp_path, monkeypatch, nlp, pseudonymiser, codebook
):
    """Transcripts above LARGE_CHARS are prepared in the main process with lazy segments, in between the
    ones the workers prepare; what is stored, and the order of the report, must not change."""
    from conftest import new_project

    from kritischeblik.ingest import batch
    from kritischeblik.services import ingest as service

    files = sorted((ROOT / "corpora" / "demo").glob("*.md"))[:9]
    chars = [
        sum(len(t.text) for t in parse_transcript(f.read_text(encoding="utf-8"), str(f), codebook).turns)
        for f in files
    ]
    # The three longest count as large; the other six go to two workers (at least MIN_PARALLEL of them).
    threshold = sorted(chars)[-4]
    assert sum(c > threshold for c in chars) == 3 and sum(c <= threshold for c in chars) >= batch.MIN_PARALLEL
    plain = new_project(tmp_path / "plain.kb")
    monkeypatch.setenv("KB_WORKERS", "1")
    expected = service.ingest_paths(plain, files, nlp=nlp, pseudonymiser=pseudonymiser)
    monkeypatch.setattr(batch, "LARGE_CHARS", threshold)
    monkeypatch.setenv("KB_WORKERS", "2")
    streamed = new_project(tmp_path / "streamed.kb")
    got = service.ingest_paths(streamed, files, nlp=nlp, pseudonymiser=pseudonymiser)
    assert got.added == expected.added and len(got.added) == len(files)
    assert got.segments == expected.segments > 0
    assert _stored(streamed) == _stored(plain)
    interviews, turns, segs = _stored(streamed)
    text = dict(interviews)
    assert all(text[iid][a:b] == seg_text for iid, _i, _t, a, b, seg_text, _l in segs)


def test_a_long_turn_is_cut_for_deduce_and_every_name_in_it_replaced(pseudonymiser):
    """deduce extends names one token per pass, so a long run of name-like words took time growing with the
    cube of its length (and a RecursionError at 20,000 characters): a turn longer than ``_PIECE_CHARS`` is
    cut for deduce at sentence ends, and the names on either side of a cut are still found and linked."""
    names = ["Jan de Boer", "Fatima el Amrani", "Kees Jansen", "Sanne Visser"]
    text = " ".join(f"Gisteren sprak ik {n} over de hulp." for n in names * 40)
    assert len(text) > 2 * da._PIECE_CHARS
    parts = [p for chunk in da._chunks([text], da._CHUNK_CHARS) for _, _, p in chunk]
    assert len(parts) > 2 and all(len(p) <= da._PIECE_CHARS for p in parts)
    out = pseudonymiser.pseudonymise([text]).pieces[0]
    for word in ("Jan", "Boer", "Fatima", "Amrani", "Kees", "Jansen", "Sanne", "Visser"):
        assert word not in out
    # one placeholder per person, the same in every part
    assert len(set(re.findall(r"\[PERSOON-\d+\]", out))) == len(names)
