"""A very large transcript: ingest works and peak memory stays bounded (measured in a subprocess).

deduce sees at most ~150k characters at once (chunks), a very large transcript's segments are produced while
they are written, and deduce's big lookup tries are kept compact; the tests below check that chunking and the
compact tries give exactly the results of the unchunked, original structures. The 1 MB ingest runs in the
normal suite (~15 s). The 50 MB case from issue #7 stays below 1.5 GB but takes 5–8 minutes on one core (deduce
alone needs ~3.5 of them), so it runs only with KB_HUGE_TESTS=1 (see bench/results-ingest.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from conftest import ROOT

from bench.generate import interview
from kritischeblik.cli import main
from kritischeblik.ingest import pseudonymise as pm
from kritischeblik.ingest.parse import parse_transcript

pytestmark = pytest.mark.slow

RSS_LIMIT = int(1.5 * 1024**3)


def _big_transcript(path: Path, megabytes: float) -> Path:
    # ~6.3 bytes per generated word.
    iid, text = interview(seed=3, index=0, words=int(megabytes * 1024**2 / 6.3))
    path.write_text(text, encoding="utf-8")
    return path


def _ingest_measured(project: Path, files: list[Path], timeout: float) -> tuple[int, int, str]:
    """(return code, peak RSS of the process tree in bytes, stderr tail)."""
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
        try:
            tree = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        except psutil.Error:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"ingest duurde langer dan {timeout:.0f} s")
        time.sleep(0.2)
    err = proc.stderr.read()
    proc.stderr.close()
    return proc.returncode, peak, err[-2000:]


@pytest.mark.parametrize(
    ("megabytes", "timeout"),
    [
        (1, 300),
        pytest.param(
            50, 3600,
            marks=pytest.mark.skipif(not os.environ.get("KB_HUGE_TESTS"), reason="50 MB duurt 5–8 min; KB_HUGE_TESTS=1"),
        ),
    ],
)  # fmt: skip
def test_large_transcript_ingests_with_bounded_memory(tmp_path, megabytes, timeout):
    big = _big_transcript(tmp_path / "groot.md", megabytes)
    assert big.stat().st_size > megabytes * 0.8 * 1024**2
    project = tmp_path / "groot.kb"
    assert main(["init", "-p", str(project)]) == 0
    code, peak, err = _ingest_measured(project, [big], timeout)
    assert code == 0, err
    assert peak < RSS_LIMIT, f"piekgeheugen {peak / 1024**2:.0f} MB"
    assert main(["check", "-p", str(project)]) == 0


def _demo_pieces(codebook) -> tuple[list[str], list[str]]:  # noqa: ANN001
    path = sorted((ROOT / "corpora" / "demo").glob("*.md"))[0]
    raw = parse_transcript(path.read_text(encoding="utf-8"), str(path), codebook)
    known = sorted({*raw.duo, *raw.respondents, *(t.speaker for t in raw.turns if t.speaker)}, key=len, reverse=True)
    return [t.text for t in raw.turns], known


@pytest.mark.parametrize("glue", ["\n", " "])
def test_chunked_deduce_gives_the_whole_interview_result(pseudonymiser, codebook, monkeypatch, glue):
    pieces, known = _demo_pieces(codebook)
    # One piece far longer than the chunk size below (cut at lines, or with " " at sentence ends), after
    # the turns themselves: its names must get the numbers they got in the turns.
    pieces = [*pieces, glue.join(pieces)]
    whole = pseudonymiser.pseudonymise(pieces, known_persons=known)
    monkeypatch.setattr(pm, "_CHUNK_CHARS", 1500)
    assert len(pm._split_long(pieces[-1], 1500)) > 3
    assert len(list(pm._chunks(pieces, 1500))) > 3
    chunked = pseudonymiser.pseudonymise(pieces, known_persons=known)
    assert chunked.pieces == whole.pieces
    assert chunked.counts == whole.counts
    assert whole.counts.get("PERSOON", 0) > 0


def test_long_piece_is_cut_at_boundaries_and_rejoins_exactly():
    text = ("Eerste zin hier. Tweede zin, met Jan de Boer erin! " * 40 + "\n") * 5 + "x" * 700
    parts = pm._split_long(text, 500)
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= 500 for _, p in parts)
    assert [o for o, _ in parts] == [sum(len(p) for _, p in parts[:i]) for i in range(len(parts))]
    # Cut after a line break or a sentence end where there is one; a run without spaces is cut hard.
    for _, p in parts[:-2]:
        assert p.endswith(("\n", ". ", "! ")), p[-20:]
    spans = [pm._Span(0, 3, "PERSOON", False), pm._Span(4, 11, "PERSOON", False)]
    assert [(s.start, s.end) for s in pm._join_cut_spans(spans, "Jan de Boer", [4])] == [(0, 11)]
    spans = [pm._Span(0, 3, "PERSOON", False), pm._Span(4, 11, "PERSOON", False)]
    assert len(pm._join_cut_spans(spans, "Jan de Boer", [9])) == 2  # no cut between them: two names


def test_compact_trie_answers_like_docdeids_trie(monkeypatch):
    from docdeid.ds import LookupTrie
    from docdeid.str import LowercaseString

    entries = [["Oude", "Gracht"], ["Oude", "Gracht", "West"], ["Kerk", "straat"], ["A"], ["Oude", "Haven", "Kade"]]
    original = LookupTrie(matching_pipeline=[LowercaseString()])
    for e in entries:
        original.add_item(e)
    structs = {"street": original, "other": LookupTrie()}
    monkeypatch.setattr(pm, "_COMPACT_MIN_NODES", 1)
    pm._compact(structs)
    compact = structs["street"]
    assert isinstance(compact, LookupTrie) and compact is not original
    queries = [
        ["oude", "gracht", "west", "x"], ["Oude", "Gracht"], ["Oude", "Gracht", "Oost"], ["oude"], ["Oude", "Haven"],
        ["oude", "haven", "kade"], ["kerk", "straat", "1"], ["a"], ["b"], [], ["x", "oude", "gracht"],
    ]
    for q in queries:
        for start in range(len(q) + 1):
            assert compact.longest_matching_prefix(q, start_i=start) == original.longest_matching_prefix(q, start_i=start)
        assert (q in compact) == (q in original)
    assert set(compact.children) == set(original.children)
    compact.add_item(["Nieuwe", "Gracht"])
    original.add_item(["Nieuwe", "Gracht"])
    for q in (["nieuwe", "gracht"], ["Nieuwe", "Gracht"], ["nieuwe"]):
        assert compact.longest_matching_prefix(q) == original.longest_matching_prefix(q)
        assert (q in compact) == (q in original)


def _stored(project) -> tuple[list, list, list]:  # noqa: ANN001
    from sqlalchemy import select

    from kritischeblik.store.schema import Interview, Segment, Turn

    with project.read() as s:
        interviews = list(s.execute(select(Interview.id, Interview.text).order_by(Interview.id)))
        turns = list(s.execute(select(Turn.interview_id, Turn.idx, Turn.speaker, Turn.char_start, Turn.char_end)
                               .order_by(Turn.interview_id, Turn.idx)))  # fmt: skip
        segs = list(
            s.execute(
                select(Segment.interview_id, Segment.idx, Turn.idx, Segment.char_start, Segment.char_end,
                       Segment.text, Segment.lemmas)  # fmt: skip
                .join(Turn, Turn.id == Segment.turn_id)
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

    from kritischeblik.ingest import service

    files = sorted((ROOT / "corpora" / "demo").glob("*.md"))[:9]
    chars = [sum(len(t.text) for t in parse_transcript(f.read_text(encoding="utf-8"), str(f), codebook).turns) for f in files]
    # The three longest count as large; the other six go to two workers (at least MIN_PARALLEL of them).
    threshold = sorted(chars)[-4]
    assert sum(c > threshold for c in chars) == 3 and sum(c <= threshold for c in chars) >= service.MIN_PARALLEL
    plain = new_project(tmp_path / "plain.kb")
    monkeypatch.setenv("KB_WORKERS", "1")
    expected = service.ingest_paths(plain, files, nlp=nlp, pseudonymiser=pseudonymiser)
    monkeypatch.setattr(service, "LARGE_CHARS", threshold)
    monkeypatch.setenv("KB_WORKERS", "2")
    streamed = new_project(tmp_path / "streamed.kb")
    got = service.ingest_paths(streamed, files, nlp=nlp, pseudonymiser=pseudonymiser)
    assert got.added == expected.added and len(got.added) == len(files)
    assert got.segments == expected.segments > 0
    assert _stored(streamed) == _stored(plain)
    interviews, turns, segs = _stored(streamed)
    text = dict(interviews)
    assert all(text[iid][a:b] == seg_text for iid, _i, _t, a, b, seg_text, _l in segs)
