"""Crash safety: SIGKILL a running `kb ingest` of many files; the project must open, pass `kb check` and
hold either none or all of the killed batch, with an earlier, separate ingest intact."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DEMO_DIR, ROOT

from bench.generate import generate
from kritischeblik.cli import main

pytestmark = pytest.mark.slow

N_FILES = 40


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> list[Path]:
    return generate(tmp_path_factory.mktemp("crash-data"), n=N_FILES, seed=7, words=1200)


@pytest.fixture(scope="module")
def earlier(tmp_path_factory, pseudonymiser) -> tuple[Path, dict]:
    """A project with an earlier, separate ingest whose content must survive the crash untouched."""
    path = tmp_path_factory.mktemp("crash") / "basis.kb"
    assert main(["init", "-p", str(path)]) == 0
    assert (
        main(["ingest", "-p", str(path), str(DEMO_DIR / "wijk-01.md"), str(DEMO_DIR / "school-02.md")]) == 0
    )
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path, _content(path, ["wijk-01", "school-02"])


def _content(path: Path, ids: list[str]) -> dict:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        marks = ",".join("?" * len(ids))
        return {
            "interviews": con.execute(
                f"SELECT id, content_hash, text FROM interviews WHERE id IN ({marks}) ORDER BY id", ids
            ).fetchall(),
            "segments": con.execute(
                f"SELECT id, text, char_start FROM segments WHERE interview_id IN ({marks}) ORDER BY id", ids
            ).fetchall(),
            "scores": con.execute(
                f"SELECT * FROM principle_scores WHERE interview_id IN ({marks}) ORDER BY id", ids
            ).fetchall(),
        }
    finally:
        con.close()


def _ids(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT id FROM interviews")}
    finally:
        con.close()


def _kill_ingest(project: Path, files: list[Path], trigger) -> list[str]:  # noqa: ANN001
    """Start `kb ingest`, read its progress lines from stderr, SIGKILL it when ``trigger(line)`` says so."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kritischeblik", "ingest", "-p", str(project), *map(str, files)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
        start_new_session=True,  # its own process group: the parallel workers can be cleaned up after
    )
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 240
        for line in proc.stderr:
            seen.append(line.rstrip())
            if trigger(line):
                os.kill(proc.pid, signal.SIGKILL)  # the ingest process itself, as the OOM killer would
                break
            assert time.monotonic() < deadline, "ingest kwam niet op gang"
        proc.wait(timeout=30)
    finally:
        # Leftover worker processes of the killed ingest (our own process group).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, f"ingest was al klaar voor de kill: {seen[-3:]}"
    return seen


def _progress(n: int):  # noqa: ANN202
    def trigger(line: str) -> bool:
        return line.startswith(f"[{n}/")

    return trigger


@pytest.mark.parametrize("when", ["preparing", "writing"])
def test_sigkill_during_ingest_leaves_a_consistent_project(capsys, earlier, batch, tmp_path, when):
    base, before = earlier
    project = tmp_path / "p.kb"
    project.write_bytes(base.read_bytes())
    # "preparing": a few files done; "writing": all prepared, the one write transaction is running.
    trigger = _progress(5) if when == "preparing" else _progress(N_FILES)
    _kill_ingest(project, batch, trigger)

    code = main(["check", "-p", str(project)])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "in orde" in out

    batch_ids = {p.stem for p in batch}
    present = _ids(project) & batch_ids
    # One transaction: none of the batch or all of it, never a part.
    assert present in (set(), batch_ids), (
        f"{len(present)} van {len(batch_ids)} interviews van de batch aanwezig"
    )
    if when == "preparing":
        assert present == set()
    assert _content(project, ["wijk-01", "school-02"]) == before
    assert _ids(project) - batch_ids == {"wijk-01", "school-02"}

    # The project stays usable: the same batch can be ingested again and completes.
    assert main(["ingest", "-p", str(project), *map(str, batch)]) == 0
    capsys.readouterr()
    assert _ids(project) >= batch_ids
