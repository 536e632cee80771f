"""CSV export: row counts against the store, UTF-8 with one header row, data dictionary, privacy."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from export_helpers import WITHDRAWN_MARK, coded_copy

from kritischeblik.cli import main


@pytest.fixture(scope="module")
def coded(demo_project_path, tmp_path_factory) -> Path:
    return coded_copy(demo_project_path, tmp_path_factory.mktemp("csv") / "coded.kb")


@pytest.fixture(scope="module")
def out_dir(coded, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("csv-out") / "export"
    assert main(["export", "csv", "-p", str(coded), str(out)]) == 0
    return out


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_row_counts_match_store(coded, out_dir):
    con = sqlite3.connect(coded)
    q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    want = {
        "interviews": q("SELECT count(*) FROM interviews"),
        "segments": q("SELECT count(*) FROM segments WHERE state != 'ingetrokken'"),
        "codings": q(
            "SELECT count(*) FROM codings c JOIN segments s ON s.id=c.segment_id WHERE s.state != 'ingetrokken'"
        ),
        "scores": q("SELECT count(*) FROM principle_scores"),
        "choices": q("SELECT count(*) FROM principle_choices"),
        "suggestions": q("SELECT count(*) FROM principle_suggestions"),
        "codes": q("SELECT count(*) FROM codes"),
    }
    con.close()
    for name, n in want.items():
        assert len(_read(out_dir / f"{name}.csv")) == n, name
    assert want["codings"] > 50 and want["segments"] > 1000


def test_utf8_one_header_and_numbers(out_dir):
    raw = (out_dir / "codings.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert "één cliënt" in text
    header = text.split("\n", 1)[0].split(",")
    assert header.count("coding_id") == 1 and "interview_id" in header
    scores = _read(out_dir / "scores.csv")
    assert all(r["score"].isdigit() for r in scores)


def test_data_dictionary_documents_every_column(out_dir):
    readme = (out_dir / "README.md").read_text(encoding="utf-8")
    for path in out_dir.glob("*.csv"):
        with open(path, encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        assert f"## {path.name}" in readme
        for col in header:
            line = next(ln for ln in readme.splitlines() if ln.startswith(f"| `{col}` |"))
            assert line.rstrip(" |").split("|")[-1].strip(), f"{path.name}: {col} has no description"


def test_withdrawn_absent_confidential_marked(out_dir):
    for path in out_dir.iterdir():
        text = path.read_text(encoding="utf-8")
        assert WITHDRAWN_MARK not in text and "memo bij ingetrokken" not in text, path.name
    segs = _read(out_dir / "segments.csv")
    assert sum(r["state"] == "vertrouwelijk" for r in segs) == 1
    codings = _read(out_dir / "codings.csv")
    assert {r["segment_state"] for r in codings} <= {"actief", "vertrouwelijk"}
