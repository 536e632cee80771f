"""The streamed CSV export writes byte for byte what the whole-frame reads give, across many batches."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from export_helpers import coded_copy
from sqlalchemy import select

from kritischeblik.cli import main
from kritischeblik.export import csv as csv_export
from kritischeblik.export.common import UNPSEUDONYMISED
from kritischeblik.store import reads
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Interview


@pytest.fixture(scope="module")
def coded(demo_project_path, tmp_path_factory) -> Path:
    path = coded_copy(demo_project_path, tmp_path_factory.mktemp("csv-stream") / "coded.kb")
    assert main(["code", "auto", "-p", str(path)]) == 0  # the auto layer: confidence and evidence filled
    con = sqlite3.connect(path)
    # One interview ingested without pseudonymisation: its text, evidence and memos must be masked.
    hidden = con.execute("SELECT id FROM interviews ORDER BY id LIMIT 1 OFFSET 1").fetchone()[0]
    con.execute("UPDATE interviews SET pseudonymised = 0 WHERE id = ?", (hidden,))
    con.commit()
    con.close()
    return path


def as_csv(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def expected(path: Path, coder: str | None) -> dict[str, bytes]:
    """segments.csv and codings.csv built from the whole-frame reads, masked here with pandas."""
    with Project.open(path) as p, p.read() as s:
        segs = reads.segments(s).drop(columns=["lemmas"])
        codings = reads.codings(s, coder=coder, include_auto=coder is None)
        hidden = {iv for iv, ok in s.execute(select(Interview.id, Interview.pseudonymised)) if not ok}
    assert len(hidden) == 1
    codings.insert(
        codings.columns.get_loc("section") + 1,
        "segment_state",
        codings["segment_id"].map(segs.set_index("segment_id")["state"]),
    )
    # Masked: the text, and every column that may name a person (speakers, interviewers, front matter).
    for df, cols in ((segs, ["text"]), (codings, ["evidence", "memo"])):
        people = [
            c
            for c in df.columns
            if c in ("speaker", "duo", "respondent_rol", "organisatie") or c.startswith("attr_")
        ]
        for col in cols + people:
            df[col] = df[col].astype(object)
            df.loc[df["interview_id"].isin(hidden), col] = UNPSEUDONYMISED
    return {
        "segments": as_csv(segs),
        "codings": as_csv(codings),
        "n_codings": len(codings),
        "n_segments": len(segs),
    }


@pytest.mark.parametrize("coder", [None, "Bram"])
def test_streamed_files_equal_whole_frames(coded, tmp_path, monkeypatch, coder):
    monkeypatch.setattr(csv_export, "BATCH_ROWS", 7)  # many batch boundaries, on the demo's ~1,900 segments
    out = tmp_path / "csv"
    assert main(["export", "csv", "-p", str(coded), str(out), *(["--coder", coder] if coder else [])]) == 0
    want = expected(coded, coder)
    assert want["n_segments"] > 100 * 7 and want["n_codings"] > 5 * 7
    assert (out / "segments.csv").read_bytes() == want["segments"]
    assert (out / "codings.csv").read_bytes() == want["codings"]
    text = (out / "codings.csv").read_text(encoding="utf-8")
    assert UNPSEUDONYMISED in (out / "segments.csv").read_text(encoding="utf-8")
    if coder is None:
        assert UNPSEUDONYMISED in text and "één cliënt" in text
        assert ",auto,suggested," in text  # the machine layer is in the full export
    else:
        assert {r for r in pd.read_csv(out / "codings.csv")["coder"]} == {coder}
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert f"## segments.csv ({want['n_segments']} rijen)" in readme
    assert f"## codings.csv ({want['n_codings']} rijen)" in readme


def test_interview_segment_counts(coded, tmp_path):
    out = tmp_path / "csv"
    assert main(["export", "csv", "-p", str(coded), str(out)]) == 0
    con = sqlite3.connect(coded)
    want = dict(
        con.execute("SELECT interview_id, count(*) FROM segments WHERE state != 'ingetrokken' GROUP BY 1")
    )
    n_interviews = con.execute("SELECT count(*) FROM interviews").fetchone()[0]
    con.close()
    got = pd.read_csv(out / "interviews.csv").set_index("interview_id")["n_segmenten"]
    assert len(got) == n_interviews and got.to_dict() == {i: want.get(i, 0) for i in got.index}


def test_unknown_coder_writes_nothing(coded, tmp_path):
    out = tmp_path / "csv"
    assert main(["export", "csv", "-p", str(coded), str(out), "--coder", "Niemand"]) != 0
    assert not out.exists()


def test_empty_project_has_headers(project, tmp_path):
    project.close()
    out = tmp_path / "csv"
    assert main(["export", "csv", "-p", str(project.path), str(out)]) == 0
    for name in ("segments", "codings"):
        header = (out / f"{name}.csv").read_text(encoding="utf-8")
        assert header.startswith("interview_id,omgeving,") and header.count("\n") == 1, name
    assert "segment_state" in (out / "codings.csv").read_text(encoding="utf-8")
