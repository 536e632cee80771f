"""Coder scores in the exports: the xlsx sheet "Scores per codeur", the score agreement in "Overeenstemming" and
coder_scores.csv. Scores are entered through the CLI; values are checked against SQL and the krippendorff package."""

from __future__ import annotations

import csv
import math
import random
import sqlite3
from pathlib import Path

import krippendorff
import numpy as np
import openpyxl
import pytest
from export_helpers import coded_copy

from kritischeblik.cli import main

EXAMPLES = ("mooi voorbeeld", "vastloopmoment")
CODERS = ("Anna", "Bram")


@pytest.fixture(scope="module")
def scored(demo_project_path, tmp_path_factory) -> Path:
    """The coded demo project plus coder scores of Anna and Bram (and a consensus score) on 8 interviews × 2
    examples × every principle; some units are scored by one coder only, Bram leans towards Anna's score."""
    path = coded_copy(demo_project_path, tmp_path_factory.mktemp("scores") / "scored.kb")
    con = sqlite3.connect(path)
    interviews = [r[0] for r in con.execute("SELECT id FROM interviews ORDER BY id")][::3][:8]
    principles = [
        r[0] for r in con.execute("SELECT id FROM codes WHERE kind='leidend_principe' ORDER BY sort_order")
    ]
    con.close()
    rng = random.Random(7)
    for iid in interviews:
        for ex in EXAMPLES:
            for p in principles:
                anna = rng.randint(1, 5)
                bram = min(5, max(1, anna + rng.choice((-1, 0, 0, 1))))
                for who, value in (("Anna", anna), ("Bram", bram)):
                    if rng.random() < 0.15:
                        continue  # not scored by this coder: a missing value, not a zero
                    assert (
                        main(
                            [
                                "agreement",
                                "score-set",
                                "-p",
                                str(path),
                                iid,
                                ex,
                                p,
                                str(value),
                                "--coder",
                                who,
                            ]
                        )
                        == 0
                    )
    # The consensus layer is exported as a column but left out of the agreement (as `kb agreement scores`).
    p = principles[0]
    assert (
        main(
            [
                "agreement",
                "score-set",
                "-p",
                str(path),
                interviews[0],
                EXAMPLES[0],
                p,
                "3",
                "--coder",
                "consensus",
            ]
        )
        == 0
    )
    return path


@pytest.fixture(scope="module")
def workbook(scored, tmp_path_factory):
    out = tmp_path_factory.mktemp("scores-xlsx") / "kb.xlsx"
    assert main(["export", "xlsx", "-p", str(scored), str(out)]) == 0
    return openpyxl.load_workbook(out)


def _store(path: Path) -> dict[tuple[str, str, str], dict[str, int]]:
    con = sqlite3.connect(path)
    out: dict[tuple[str, str, str], dict[str, int]] = {}
    for iid, ex, code, who, score in con.execute(
        "SELECT s.interview_id, s.example, s.code_id, c.name, s.score FROM coder_scores s JOIN coders c ON c.id=s.coder_id"
    ):
        out.setdefault((iid, ex, code), {})[who] = score
    con.close()
    return out


def _table_rows(ws, name: str) -> list[dict]:
    ref = ws.tables[name].ref
    rows = [[c.value for c in r] for r in ws[ref]]
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_scores_sheet_matches_store(scored, workbook):
    store = _store(scored)
    con = sqlite3.connect(scored)
    own = {
        (i, e, c): s
        for i, e, c, s in con.execute("SELECT interview_id, example, code_id, score FROM principle_scores")
    }
    omgeving = dict(con.execute("SELECT id, omgeving FROM interviews"))
    names = dict(con.execute("SELECT id, name FROM codes"))
    con.close()
    rows = _table_rows(workbook["Scores per codeur"], "ScoresPerCodeur")
    assert list(rows[0]) == [
        "interview",
        "omgeving",
        "voorbeeld",
        "principe_id",
        "principe",
        "Anna",
        "Bram",
        "consensus",
        "score respondent",
    ]
    assert len(rows) == len(store) > 60
    for r in rows:
        unit = (r["interview"], r["voorbeeld"], r["principe_id"])
        assert {c: r[c] for c in ("Anna", "Bram", "consensus") if r[c] is not None} == store[unit]
        assert r["score respondent"] == own.get(unit)
        assert (r["omgeving"], r["principe"]) == (omgeving[unit[0]], names[unit[2]])
    assert any(r["score respondent"] is not None for r in rows)
    assert any(r["Anna"] is None for r in rows) and any(r["Bram"] is None for r in rows)
    # Rows in interview, example and codebook order, scores stored as numbers.
    assert [r["interview"] for r in rows] == sorted(r["interview"] for r in rows)
    cell = workbook["Scores per codeur"].cell(row=2, column=6)
    assert cell.data_type == "n"


def _reference_matrix(store: dict, principle: str | None) -> np.ndarray:
    units = [u for u, s in store.items() if (principle is None or u[2] == principle) and set(s) & set(CODERS)]
    return np.array([[store[u].get(c, np.nan) for u in units] for c in CODERS], dtype=float)


def _exact(m: np.ndarray) -> float:
    both = ~np.isnan(m).any(axis=0)
    return 100.0 * float((m[0, both] == m[1, both]).mean())


def test_score_agreement_against_krippendorff(scored, workbook):
    store = _store(scored)
    ws = workbook["Overeenstemming"]
    # The agreement on the codings stays the first table; the scores' agreement is a second one below it.
    assert ws.tables["Overeenstemming"].ref.startswith("A1:")
    rows = _table_rows(ws, "OvereenstemmingScores")
    principles = sorted({u[2] for u in store})
    assert {r["principe"] for r in rows} == {*principles, "(totaal)"}
    for r in rows:
        m = _reference_matrix(store, None if r["principe"] == "(totaal)" else r["principe"])
        assert r["eenheden"] == m.shape[1]
        assert r["n Anna"] == int((~np.isnan(m[0])).sum()) and r["n Bram"] == int((~np.isnan(m[1])).sum())
        for level, col in (("ordinal", "alpha ordinaal"), ("interval", "alpha interval")):
            want = krippendorff.alpha(reliability_data=m, level_of_measurement=level)
            assert math.isclose(r[col], want, rel_tol=1e-9, abs_tol=1e-12), (r["principe"], level)
        assert math.isclose(r["% overeenstemming"], _exact(m), rel_tol=1e-9)
    title_row = ws.tables["OvereenstemmingScores"].ref.split(":")[0][1:]
    title = ws.cell(row=int(title_row) - 1, column=1).value
    assert "Anna, Bram" in title and "consensus" not in title


def test_workbook_without_coder_scores_says_so(demo_project, tmp_path):
    out = tmp_path / "leeg.xlsx"
    assert main(["export", "xlsx", "-p", str(demo_project.path), str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert "kb agreement score-set" in wb["Scores per codeur"]["A2"].value
    (note,) = _table_rows(wb["Overeenstemming"], "OvereenstemmingScores")
    assert "minstens 2 codeurs" in note["opmerking"]


def test_coder_scores_csv(scored, tmp_path):
    out = tmp_path / "csv"
    assert main(["export", "csv", "-p", str(scored), str(out)]) == 0
    with open(out / "coder_scores.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    store = _store(scored)
    assert len(rows) == sum(len(v) for v in store.values())
    got: dict = {}
    for r in rows:
        got.setdefault((r["interview_id"], r["example"], r["code_id"]), {})[r["coder"]] = int(r["score"])
    assert got == store
    assert {"omgeving", "principle", "updated_at"} <= set(rows[0])
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert f"## coder_scores.csv ({len(rows)} rijen)" in readme
    # --coder keeps one coder's scores, as it keeps one coder's codings.
    assert main(["export", "csv", "-p", str(scored), str(tmp_path / "anna"), "--coder", "Anna"]) == 0
    with open(tmp_path / "anna" / "coder_scores.csv", encoding="utf-8", newline="") as fh:
        anna = list(csv.DictReader(fh))
    assert {r["coder"] for r in anna} == {"Anna"} and len(anna) == sum("Anna" in v for v in store.values())
