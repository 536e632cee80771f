"""Agreement statistics checked against independent implementations and published worked examples."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from kritischeblik.analysis.agreement import (
    ONE_CATEGORY,
    TOTAL,
    cohen_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from kritischeblik.analysis.agreement_counts import agreement_table, pooled_agreement

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers × 12 units,
# values 1–5, '*' (missing) as None. Published: nominal α = 0.743, ordinal 0.815, interval 0.849.
PAPER = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def _nan(data):
    return np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)


@pytest.mark.parametrize("level, published", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)])
def test_alpha_paper_example(level, published):
    ours = krippendorff_alpha(PAPER, level)
    reference = krippendorff.alpha(_nan(PAPER), level_of_measurement=level)
    assert round(ours.value, 3) == published
    assert ours.value == pytest.approx(reference, abs=1e-12)
    # 11 of the 12 units have two or more values; unit 12 (one value) is not pairable.
    assert ours.n_units == 11
    assert ours.n_pairable == 40


def test_alpha_paper_nominal_by_hand():
    # The paper's coincidence matrix: n = 40 pairable values, Σ o_cc = 32 (matching pairs), marginals
    # n_c = (9, 13, 10, 5, 3) for the values 1..5 (e.g. value 1: units 1 (3×), 6 (1×), 8 (3×), 11 (2×)).
    nc = np.array([9, 13, 10, 5, 3])
    n = 40
    expected = 1 - (n - 1) * (n - 32) / (n * n - (nc**2).sum())  # 1 - 39·8/1216
    assert krippendorff_alpha(PAPER, "nominal").value == pytest.approx(expected)
    assert percent_agreement(PAPER) == pytest.approx(32 / 40)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_matches_krippendorff_package_with_missing(seed, level):
    rng = np.random.default_rng(seed)
    coders, units = rng.integers(2, 6), rng.integers(5, 60)
    truth = rng.integers(1, 6, units)
    data = np.where(rng.random((coders, units)) < 0.7, truth, rng.integers(1, 6, (coders, units))).astype(
        float
    )
    data[rng.random((coders, units)) < 0.25] = np.nan
    listed = [[None if np.isnan(v) else int(v) for v in row] for row in data]
    ours = krippendorff_alpha(listed, level)
    reference = krippendorff.alpha(data, level_of_measurement=level)
    assert ours.value == pytest.approx(reference, abs=1e-9)
    assert krippendorff_alpha(data, level).value == pytest.approx(ours.value, abs=1e-12)  # numpy input path


@pytest.mark.parametrize("seed", range(10))
def test_kappa_matches_sklearn(seed):
    rng = np.random.default_rng(100 + seed)
    n, k = rng.integers(5, 200), rng.integers(2, 5)
    a = rng.integers(0, k, n)
    b = np.where(rng.random(n) < 0.6, a, rng.integers(0, k, n))
    ours = cohen_kappa(a.tolist(), b.tolist())
    assert ours.value == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert cohen_kappa(a, b).value == pytest.approx(ours.value, abs=1e-12)  # numpy input path
    assert ours.observed == pytest.approx(np.mean(a == b))


def test_kappa_chance_agreement_by_hand():
    # 10 segments, one yes/no code. A says yes on 4, B on 5; both yes 3, both no 4, A-only 1, B-only 2.
    a = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    b = [1, 1, 1, 0, 1, 1, 0, 0, 0, 0]
    po = (3 + 4) / 10
    pe = (4 / 10) * (5 / 10) + (6 / 10) * (5 / 10)  # p_A(ja)·p_B(ja) + p_A(nee)·p_B(nee) = 0.5
    result = cohen_kappa(a, b)
    assert result.observed == pytest.approx(po)
    assert result.expected == pytest.approx(pe)
    assert result.value == pytest.approx((po - pe) / (1 - pe))  # 0.4
    # The flawed variant pe = p(ja)·p(nee) with pooled marginals would give another number.
    p_yes = (4 + 5) / 20
    wrong = (po - p_yes * (1 - p_yes)) / (1 - p_yes * (1 - p_yes))
    assert abs(result.value - wrong) > 0.1


def test_undefined_statistics_are_flagged_not_numbers():
    same = cohen_kappa([0, 0, 0, 0], [0, 0, 0, 0])
    assert same.value is None and same.reason == ONE_CATEGORY and same.observed == 1.0
    assert cohen_kappa([None, 1], [0, None]).value is None
    assert krippendorff_alpha([[2, 2, 2], [2, 2, None]]).value is None
    assert krippendorff_alpha([[1, None, 3], [None, 2, None]]).value is None  # nothing pairable
    # One coder never uses the code, the other once: κ is defined (and not positive).
    k = cohen_kappa([1, 0, 0, 0], [0, 0, 0, 0])
    assert k.value is not None and k.value <= 0


def test_agreement_table_per_code_and_total():
    units = list(range(10))
    a_yes = {0, 1, 2, 3}
    b_yes = {0, 1, 2, 4, 5}
    positives = [(u, "A", "x") for u in a_yes] + [(u, "B", "x") for u in b_yes] + [(7, "A", "y")]
    df = agreement_table(units, ["A", "B"], positives, ["x", "y", "z"]).set_index("code")
    assert df.loc["x", "kappa"] == pytest.approx(0.4)
    assert df.loc["x", "% overeenstemming"] == pytest.approx(70.0)
    assert df.loc["x", "n A"] == 4 and df.loc["x", "n B"] == 5 and df.loc["x", "alle ja"] == 3
    assert pd_isna(df.loc["z", "kappa"]) and "geen enkele codeur" in df.loc["z", "opmerking"]
    # Total pools x and y (z was used by nobody): 20 unit×code pairs.
    va = [int(u in a_yes) for u in units] + [int(u == 7) for u in units]
    vb = [int(u in b_yes) for u in units] + [0] * 10
    assert df.loc[TOTAL, "eenheden"] == 20
    assert df.loc[TOTAL, "kappa"] == pytest.approx(cohen_kappa_score(va, vb))
    assert df.loc[TOTAL, "alpha"] == pytest.approx(
        krippendorff.alpha([va, vb], level_of_measurement="nominal")
    )
    assert pooled_agreement(units, ["A", "B"], positives, ["x", "y", "z"]) == pytest.approx(
        cohen_kappa_score(va, vb)
    )


def test_agreement_table_three_coders_uses_alpha_only():
    units = list(range(6))
    positives = [(0, "A", "x"), (0, "B", "x"), (0, "C", "x"), (1, "A", "x"), (2, "C", "x")]
    row = agreement_table(units, ["A", "B", "C"], positives, ["x"]).iloc[0]
    m = [[1, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], [1, 0, 1, 0, 0, 0]]
    assert pd_isna(row["kappa"]) and "twee codeurs" in row["opmerking"]
    assert row["alpha"] == pytest.approx(krippendorff.alpha(m, level_of_measurement="nominal"))


def pd_isna(v) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v))
