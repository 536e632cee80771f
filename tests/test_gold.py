"""Gold-standard machinery: loading, mapping quotes to segments, micro/macro scoring; a run on the demo project."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from kritischeblik.analysis import autocode, gold
from kritischeblik.errors import InputError

GOLD_DIR = Path(__file__).resolve().parent.parent / "corpora" / "gold"


def test_scoring_on_a_hand_built_example():
    units = [
        ({"a", "b"}, {"a"}),
        ({"a"}, {"a", "c"}),
        (set(), {"b"}),
        ({"c"}, set()),
        (set(), set()),
    ]
    kinds = {"a": "k1", "b": "k1", "c": "k2"}
    r = gold.score_units(units, kinds)
    assert r.n_units == 5
    assert (r.per_code["a"].tp, r.per_code["a"].fp, r.per_code["a"].fn) == (2, 0, 0)
    assert (r.per_code["b"].tp, r.per_code["b"].fp, r.per_code["b"].fn) == (0, 1, 1)
    assert (r.per_code["c"].tp, r.per_code["c"].fp, r.per_code["c"].fn) == (0, 1, 1)
    assert r.per_code["a"].f1 == 1.0 and r.per_code["b"].precision == 0.0
    everything = r.micro[gold.ALL]
    assert (everything.tp, everything.fp, everything.fn, everything.support) == (2, 2, 2, 4)
    assert (everything.precision, everything.recall, everything.f1) == (0.5, 0.5, 0.5)
    assert r.micro["k1"].precision == pytest.approx(2 / 3) and r.micro["k1"].recall == pytest.approx(2 / 3)
    assert r.micro["k2"].f1 == 0.0
    assert r.macro[gold.ALL] == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert r.macro["k1"] == pytest.approx((0.5, 0.5, 0.5))
    assert r.groups["k1"] == ["a", "b"]
    rows = {row["soort"]: row for row in gold.report_rows(r)}
    assert rows[gold.ALL]["codes"] == 3 and rows["k1"]["steun"] == 3


def test_scoring_agrees_with_scikit_learn():
    from sklearn.metrics import precision_recall_fscore_support
    from sklearn.preprocessing import MultiLabelBinarizer

    rng = random.Random(7)
    codes = [f"c{i}" for i in range(8)]
    units = [
        (set(rng.sample(codes, rng.randint(0, 3))), set(rng.sample(codes, rng.randint(0, 3))))
        for _ in range(60)
    ]
    r = gold.score_units(units, {c: "k" for c in codes})
    mlb = MultiLabelBinarizer().fit([g | p for g, p in units])
    y_true = mlb.transform([g for g, _ in units])
    y_pred = mlb.transform([p for _, p in units])
    for avg in ("micro", "macro"):
        p, rec, f, _ = precision_recall_fscore_support(y_true, y_pred, average=avg, zero_division=0)
        ours = r.micro[gold.ALL] if avg == "micro" else None
        got = (ours.precision, ours.recall, ours.f1) if ours else r.macro[gold.ALL]
        assert got == pytest.approx((p, rec, f))


@dataclass
class Seg:
    id: int
    interview_id: str
    char_start: int
    char_end: int


def test_quotes_map_to_overlapping_segments():
    text = "Eerste zin hier. Hij zei: “we\nkennen elkaar” al lang. Tweede deel volgt. Laatste."
    segs = [Seg(1, "i1", 0, 16), Seg(2, "i1", 17, 53), Seg(3, "i1", 54, 72), Seg(4, "i1", 73, 81)]
    frags = [
        gold.GoldFragment(
            "i1", 'zei: "we kennen elkaar"', frozenset({"x"})
        ),  # line break, typographic quotes
        gold.GoldFragment("i1", "al lang. Tweede deel", frozenset()),  # spans two segments
        gold.GoldFragment("i1", "staat er niet", frozenset()),
        gold.GoldFragment("i2", "Eerste", frozenset()),
    ]
    mapped, unmatched = gold.map_fragments(frags, {"i1": text}, segs)
    assert [m.segment_ids for m in mapped] == [(2,), (2, 3)]
    assert [u.fragment.quote for u in unmatched] == ["staat er niet", "Eerste"]
    assert "niet gevonden" in unmatched[0].reason and "i2" in unmatched[1].reason
    report = gold.evaluate_suggestions(mapped, {2: {"x"}, 3: {"y"}}, {"x": "k", "y": "k"}, unmatched)
    # the second fragment gets the union of its segments' codes: x and y, both false positives
    assert (report.per_code["x"].tp, report.per_code["x"].fp) == (1, 1)
    assert report.per_code["y"].fp == 1 and len(report.unmatched) == 2


def test_load_gold_checks_the_format(tmp_path):
    good = tmp_path / "a.yaml"
    good.write_text(
        'interview: a\nfragments:\n  - quote: "x y"\n    codes: [c1, c2]\n  - quote: "z"\n    codes: []\n'
    )
    frags = gold.load_gold([tmp_path])
    assert [(f.interview_id, f.quote, f.codes) for f in frags] == [
        ("a", "x y", frozenset({"c1", "c2"})),
        ("a", "z", frozenset()),
    ]
    bad = tmp_path / "b.yaml"
    bad.write_text("interview: b\nfragments:\n  - codes: [c1]\n")
    with pytest.raises(InputError, match="quote"):
        gold.load_gold([bad])


def test_gold_files_use_known_codes(codebook):
    known = {c.id for c in codebook.codes}
    frags = gold.load_gold([GOLD_DIR])
    assert frags
    assert set().union(*(f.codes for f in frags)) <= known


@pytest.mark.slow
def test_rule_quality_on_demo_project(demo_project, nlp):
    from kritischeblik.store.codebooks import all_codes
    from kritischeblik.store.segments import interview_texts, segments

    with demo_project.read() as s:
        segs, texts, cb = segments(s), interview_texts(s), all_codes(s)
    frags = gold.load_gold([GOLD_DIR])
    mapped, unmatched = gold.map_fragments(frags, texts, segs)
    # quotes contain no names, so pseudonymisation must not stop them from being found
    assert len(unmatched) <= len(frags) // 20, [(u.fragment.quote, u.reason) for u in unmatched]
    by_id = {x.id: x for x in segs}
    for m in mapped:
        joined = " ".join(" ".join(by_id[i].text.split()) for i in m.segment_ids)
        first_word = m.fragment.quote.split()[0].strip("\"'“”")
        assert first_word in joined
    wanted = {i for m in mapped for i in m.segment_ids}
    predicted: dict[int, set[str]] = {}
    for sug in autocode.suggest([x for x in segs if x.id in wanted], cb, nlp):
        predicted.setdefault(sug.segment_id, set()).add(sug.code_id)
    kinds = {c.id: c.kind for c in cb.codes}
    report = gold.evaluate_suggestions(mapped, predicted, kinds, unmatched)
    assert report.n_units == len(mapped)
    # the pooled counts must equal an independent count over the units
    tp = sum(
        len(m.fragment.codes & set().union(*(predicted.get(i, set()) for i in m.segment_ids))) for m in mapped
    )
    assert report.micro[gold.ALL].tp == tp
    assert report.micro[gold.ALL].support == sum(len(m.fragment.codes) for m in mapped)
    assert set(report.micro) >= {gold.ALL, "leidend_principe"}
