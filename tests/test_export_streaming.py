"""The streaming reads behind the large-project exports return what the whole-frame reads return."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from export_helpers import coded_copy

from kritischeblik.cli import main
from kritischeblik.store import reads, reads_bulk
from kritischeblik.store.db import Project


@pytest.fixture(scope="module")
def coded(demo_project_path, tmp_path_factory) -> Path:
    path = coded_copy(demo_project_path, tmp_path_factory.mktemp("stream") / "coded.kb")
    # Machine suggestions too, so the auto layer is there to be filtered.
    assert main(["code", "auto", "-p", str(path)]) == 0
    return path


def test_iter_codings_equals_codings_frame(coded):
    with Project.open(coded) as p, p.read() as s:
        for kwargs in ({}, {"coder": "Bram"}, {"coder": "auto"}, {"status": "accepted"}):
            frame = reads.codings(s, **kwargs)
            # A tiny batch size makes the stream cross many batch boundaries.
            rows = list(reads_bulk.iter_codings(s, batch_size=7, **kwargs))
            assert [r.coding_id for r in rows] == list(frame["coding_id"]), kwargs
            for col in ("segment_id", "code_id", "coder", "status", "memo", "omgeving", "respondent_rol"):
                assert [getattr(r, col) for r in rows] == [None if v != v else v for v in frame[col]], (
                    kwargs,
                    col,
                )
        segments = reads.segments(s).set_index("segment_id")
        rows = list(reads_bulk.iter_codings(s, batch_size=5))
        assert rows and all(r.text == segments.at[r.segment_id, "text"] for r in rows)
        assert all(r.state == segments.at[r.segment_id, "state"] for r in rows)
        assert all(r.text is None for r in reads_bulk.iter_codings(s, with_text=False))
        memos = list(reads_bulk.iter_codings(s, memo_only=True))
        assert memos and {r.coding_id for r in memos} == set(
            frame.loc[frame["memo"].fillna("") != "", "coding_id"]
        )


def test_coding_index_equals_codings_frame(coded):
    with Project.open(coded) as p, p.read() as s:
        frame = reads.codings(s, include_auto=True)
        index = reads_bulk.coding_index(s, include_auto=True, batch_size=11)
        assert n_auto(frame) > 0
    want = Counter(
        (
            r.segment_id,
            r.interview_id,
            r.segment_idx,
            r.code_id,
            r.coder,
            r.status,
            bool(str(r.memo or "").strip()),
        )
        for r in frame.itertuples(index=False)
    )
    got = Counter(
        tuple(r) for r in index[reads_bulk.CODING_INDEX_COLUMNS].astype(object).itertuples(index=False)
    )
    assert got == want


def n_auto(frame) -> int:  # noqa: ANN001
    return int((frame["coder"] == "auto").sum())


def test_segment_counts_against_sql(coded):
    con = sqlite3.connect(coded)
    want = dict(con.execute("SELECT state, count(*) FROM segments GROUP BY state"))
    con.close()
    with Project.open(coded) as p, p.read() as s:
        assert reads_bulk.segment_state_counts(s) == want
    assert want.get("ingetrokken") == 1


def test_overview_counts_against_sql(coded, tmp_path):
    out = tmp_path / "kb.xlsx"
    assert main(["export", "xlsx", "-p", str(coded), str(out)]) == 0
    overview = dict(openpyxl.load_workbook(out)["Overzicht"].iter_rows(min_row=2, values_only=True))
    con = sqlite3.connect(coded)
    q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    live = (
        "JOIN segments s ON s.id=c.segment_id JOIN coders k ON k.id=c.coder_id WHERE s.state!='ingetrokken'"
    )
    assert overview["fragmenten (segmenten)"] == q("SELECT count(*) FROM segments WHERE state!='ingetrokken'")
    assert (
        overview["waarvan vertrouwelijk"]
        == q("SELECT count(*) FROM segments WHERE state='vertrouwelijk'")
        == 1
    )
    assert (
        overview["machinesuggesties (laag auto)"]
        == q(f"SELECT count(*) FROM codings c {live} AND k.name='auto'")
        > 0
    )
    for who, status, n in con.execute(
        f"SELECT k.name, c.status, count(*) FROM codings c {live} AND k.name!='auto' GROUP BY 1, 2"
    ):
        assert overview[f"coderingen {who} ({status})"] == n
    assert overview["coderingen met memo"] == q(
        f"SELECT count(*) FROM codings c {live} AND k.name!='auto' AND trim(coalesce(c.memo, ''))!=''"
    )
    con.close()
