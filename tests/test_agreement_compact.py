"""The store's agreement (pattern counts grouped in SQL) equals the list-based statistics on the same data.

The demo project is coded through the CLI by three coders with different habits; the reference reads units
and accepted codings straight from SQLite with pandas and feeds them to the list-based pure functions
(``agreement_table``, ``pooled_agreement``), which tests/test_agreement*.py check against scikit-learn and
the krippendorff package.
"""

from __future__ import annotations

import shutil
import sqlite3

import pandas as pd
import pytest
from export_helpers import checkpoint

from kritischeblik.analysis import agreement as stats
from kritischeblik.analysis import agreement_counts as counts
from kritischeblik.cli import main
from kritischeblik.services import agreement
from kritischeblik.store import agreement as ag
from kritischeblik.store import blind as store_blind
from kritischeblik.store.db import Project

CODES = ["we-aanpakken", "be-systeemwereld", "lp-leefwereld-centraal", "we-elkaar-kennen"]


def kb(*args: str) -> None:
    assert main(list(args)) == 0, args


@pytest.fixture(scope="module")
def coded(demo_project_path, tmp_path_factory):
    checkpoint(demo_project_path)
    path = tmp_path_factory.mktemp("agree") / "duo.kb"
    shutil.copy(demo_project_path, path)
    p = str(path)
    con = sqlite3.connect(path)
    ivs = [r[0] for r in con.execute("SELECT id FROM interviews ORDER BY id")][:5]
    segs = con.execute(
        "SELECT id, interview_id FROM segments WHERE role='respondent' AND interview_id IN (?,?,?,?,?) "
        "ORDER BY interview_id, idx",
        ivs,
    ).fetchall()
    con.close()
    segs = [r for iv in ivs for r in [r for r in segs if r[1] == iv][:30]]  # 30 per interview
    for n, (sid, iid) in enumerate(segs):
        code = CODES[n % len(CODES)]
        kb("code", "add", "-p", p, "--coder", "Anna", str(sid), code)
        if n % 3:  # Bram agrees two times out of three, else codes the next code
            kb(
                "code",
                "add",
                "-p",
                p,
                "--coder",
                "Bram",
                str(sid),
                code if n % 5 else CODES[(n + 1) % len(CODES)],
            )
        if n % 7 == 0:
            kb("code", "reject", "-p", p, "--coder", "Bram", str(sid), "lp-eenvoud")
        if iid in ivs[:2] and n % 2:  # a third coder on two interviews only
            kb("code", "add", "-p", p, "--coder", "Carla", str(sid), code)
    # A withdrawn fragment that was coded: neither a unit nor a coding any more.
    con = sqlite3.connect(path)
    con.execute("UPDATE segments SET state='ingetrokken' WHERE id=?", (segs[4][0],))
    con.commit()
    con.close()
    return path


def reference(path, coders, unit="segment", interviews=None):
    """(units, positives) read independently with pandas: units of the interviews every coder decided on."""
    con = sqlite3.connect(path)
    rows = pd.read_sql(
        "SELECT c.segment_id, s.interview_id, k.name AS coder, c.code_id, c.status, s.state FROM codings c "
        "JOIN segments s ON s.id = c.segment_id JOIN coders k ON k.id = c.coder_id",
        con,
    )
    segs = pd.read_sql("SELECT id, interview_id, state FROM segments", con)
    con.close()
    mine = rows[rows["coder"].isin(coders)]
    common = set.intersection(*(set(mine.loc[mine["coder"] == c, "interview_id"]) for c in coders))
    if interviews is not None:
        common &= set(interviews)
    live = mine[
        (mine["state"] != "ingetrokken") & mine["interview_id"].isin(common) & (mine["status"] == "accepted")
    ]
    if unit == "segment":
        units = segs.loc[segs["interview_id"].isin(common) & (segs["state"] != "ingetrokken"), "id"].tolist()
        positives = list(zip(live["segment_id"], live["coder"], live["code_id"], strict=True))
    else:
        units = sorted(common)
        positives = sorted(set(zip(live["interview_id"], live["coder"], live["code_id"], strict=True)))
    return units, positives


@pytest.mark.parametrize("coders", [["Anna", "Bram"], ["Anna", "Bram", "Carla"], ["Bram", "Anna"]])
@pytest.mark.parametrize("unit", ["segment", "interview"])
def test_frame_equals_list_based_table(coded, coders, unit):
    with Project.open(coded) as p:
        df = agreement.agreement_frame(p, coders, unit=unit)
    units, positives = reference(coded, coders, unit)
    codes = [c for c in df["code"] if c != stats.TOTAL]
    assert set(codes) == {code for _u, _c, code in positives} and len(codes) >= 4
    want = counts.agreement_table(units, coders, positives, codes)
    pd.testing.assert_frame_equal(df.drop(columns="naam"), want, check_exact=True)
    assert df.iloc[-1]["eenheden"] == len(units) * len(codes) and len(units) > 0


def test_frame_with_code_and_interview_filters(coded):
    with Project.open(coded) as p, p.read() as s:
        iv = ag.common_interviews(s, ["Anna", "Bram"])[:2]
        chosen = ["we-elkaar-kennen", "lp-eenvoud", "lp-zo-nabij-mogelijk"]  # rejected only, never used
        df = agreement.agreement_frame(p, ["Anna", "Bram"], code_ids=chosen, interview_ids=iv)
    units, positives = reference(coded, ["Anna", "Bram"], interviews=iv)
    want = counts.agreement_table(units, ["Anna", "Bram"], positives, chosen)
    pd.testing.assert_frame_equal(df.drop(columns="naam"), want, check_exact=True)
    assert "geen enkele codeur" in df.set_index("code").loc["lp-eenvoud", "opmerking"]


def test_per_interview_equals_list_based(coded):
    with Project.open(coded) as p, p.read() as s:
        got = agreement.per_interview_agreement(p)
        got_ab = agreement.per_interview_agreement(p, ["Anna", "Bram"], code_ids=CODES[:2])
        all_ids = store_blind.all_interview_ids(s)
    assert set(got) == set(all_ids)
    con = sqlite3.connect(coded)
    coded_by = (
        pd.read_sql(
            "SELECT DISTINCT s.interview_id, k.name AS coder FROM codings c JOIN segments s ON s.id = c.segment_id "
            "JOIN coders k ON k.id = c.coder_id WHERE k.name NOT IN ('auto', 'consensus')",
            con,
        )
        .groupby("interview_id")["coder"]
        .apply(sorted)
    )
    con.close()
    checked = 0
    for iid in all_ids:
        cs = [c for c in ("Anna", "Bram", "Carla") if c in coded_by.get(iid, [])]
        if len(cs) < 2:
            assert got[iid] is None and got_ab[iid] is None
            continue
        units, positives = reference(coded, cs, interviews=[iid])
        want = counts.pooled_agreement(units, cs, positives, sorted({c for _u, _c, c in positives}))
        assert got[iid] == want  # exactly: the same arithmetic on the same tallies
        units, positives = reference(coded, ["Anna", "Bram"], interviews=[iid])
        assert got_ab[iid] == counts.pooled_agreement(units, ["Anna", "Bram"], positives, CODES[:2])
        checked += 1
    assert checked == 5 and any(v is not None and v < 1 for v in got.values())
    assert {len(coded_by[i]) for i in coded_by.index} == {2, 3}  # both two- and three-coder interviews


@pytest.mark.parametrize("n_coders", [2, 3, 4])
def test_patterns_equal_matrices_on_constructed_data(n_coders):
    """Edge cases the demo does not reach: all yes, all no, one coder silent, four coders (α only)."""
    import numpy as np

    rng = np.random.default_rng(n_coders)
    coders = [f"C{i}" for i in range(n_coders)]
    units = list(range(300))
    cases = {
        "random": rng.random((n_coders, 300)) < 0.3,
        "all-yes": np.ones((n_coders, 300), bool),
        "silent": np.vstack([rng.random((n_coders - 1, 300)) < 0.5, np.zeros((1, 300), bool)]),
        "none": np.zeros((n_coders, 300), bool),
    }
    positives, patterns = [], {}
    for code, m in cases.items():
        masks = (m * (1 << np.arange(n_coders))[:, None]).sum(axis=0)
        patterns[code] = {
            int(k): int(v) for k, v in zip(*np.unique(masks, return_counts=True), strict=True) if k
        }
        positives += [(u, coders[i], code) for i, u in zip(*np.nonzero(m), strict=True)]
    want = counts.agreement_table(units, coders, positives, list(cases))
    got = counts.agreement_table_from_patterns(len(units), coders, patterns, list(cases))
    pd.testing.assert_frame_equal(got, want, check_exact=n_coders < 4, rtol=1e-12)
    pooled = counts.pooled_agreement_from_patterns(len(units), coders, patterns, list(cases))
    assert pooled == pytest.approx(counts.pooled_agreement(units, coders, positives, list(cases)), rel=1e-12)
    assert counts.pooled_agreement_from_patterns(0, coders, patterns, list(cases)) is None
    # Both ways share the arithmetic, so check it against the libraries on the same 0/1 matrices.
    import krippendorff
    from sklearn.metrics import cohen_kappa_score

    rows = got.set_index("code")
    for code, m in cases.items():
        row = rows.loc[code]
        if n_coders == 2 and not pd.isna(row["kappa"]):
            assert row["kappa"] == pytest.approx(cohen_kappa_score(m[0], m[1]), abs=1e-12)
        if not pd.isna(row["alpha"]):
            assert row["alpha"] == pytest.approx(
                krippendorff.alpha(m.astype(float), level_of_measurement="nominal")
            )
    assert pd.isna(rows.loc["none", "kappa"]) and pd.isna(rows.loc["all-yes", "alpha"])
    assert not pd.isna(rows.loc["random", "alpha"]) and (
        n_coders > 2 or not pd.isna(rows.loc["random", "kappa"])
    )
