"""bench/human_agreement.py: the agreement between two coders, checked against independent computations."""

from __future__ import annotations

import random

import pytest

from bench.human_agreement import compare, kappas, micro

CODES = [
    "we-elkaar-kennen",
    "we-aanpakken",
    "be-systeemwereld",
    "lp-eenvoud",
    "lp-leefwereld-centraal",
    "vt-x",
]


def _labels(seed: int, n: int = 60) -> list[set[str]]:
    rng = random.Random(seed)
    return [{c for c in CODES if rng.random() < 0.25} for _ in range(n)]


@pytest.mark.parametrize("kind", [None, "werkend_element", "leidend_principe"])
def test_micro_f1_equals_scikit_learns(kind: str | None) -> None:
    from sklearn.metrics import f1_score, precision_score, recall_score
    from sklearn.preprocessing import MultiLabelBinarizer

    ref, other = _labels(1), _labels(2)
    prefix = {None: ("we-", "be-", "lp-"), "werkend_element": ("we-",), "leidend_principe": ("lp-",)}[kind]
    keep = [c for c in CODES if c.startswith(prefix)]  # vt- never counts
    mlb = MultiLabelBinarizer(classes=keep)
    y_true = mlb.fit_transform([{c for c in s if c in keep} for s in ref])
    y_pred = mlb.transform([{c for c in s if c in keep} for s in other])
    got = micro(ref, other, kind)
    assert got["f1"] == pytest.approx(f1_score(y_true, y_pred, average="micro"))
    assert got["precision"] == pytest.approx(precision_score(y_true, y_pred, average="micro"))
    assert got["recall"] == pytest.approx(recall_score(y_true, y_pred, average="micro"))


def test_kappa_by_hand_and_undefined() -> None:
    ref = [{"lp-eenvoud"}, {"lp-eenvoud"}, set(), set(), {"lp-eenvoud"}, set()]
    other = [{"lp-eenvoud"}, set(), set(), {"lp-eenvoud"}, {"lp-eenvoud"}, set()]
    # agreement 4/6; chance: both yes (3/6 * 3/6) + both no (3/6 * 3/6) = 1/2; kappa = (2/3 - 1/2) / (1/2)
    assert kappas(ref, other, ["lp-eenvoud"])["lp-eenvoud"] == pytest.approx(1 / 3)
    assert kappas(ref, other, ["we-aanpakken"])["we-aanpakken"] is None  # nobody used it


def test_compare_pairs_fragments_by_interview_and_quote() -> None:
    gold = {("a", "x"): {"we-aanpakken"}, ("a", "y"): set(), ("b", "x"): {"lp-eenvoud"}}
    second = {("a", "x"): {"we-aanpakken"}, ("b", "x"): {"lp-leefwereld-centraal"}}
    result = compare(gold, second)
    assert result["fragments"] == 2 and result["not_labelled"] == 1
    assert result["kinds"]["werkend_element"]["f1"] == 1.0
    assert result["kinds"]["leidend_principe"]["f1"] == 0.0
