"""Zero-shot suggestions (analysis/semantic.py) on the real codebook and real demo sentences, with the real
sentence encoder; every number is recomputed here independently (plain loops, math.exp)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from kritischeblik.analysis import semantic
from kritischeblik.analysis.vectors import encode_texts
from kritischeblik.codebook import load_codebook
from kritischeblik.model import Suggestion

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def codebook():
    return load_codebook("kritische-blik")


@pytest.fixture(scope="module")
def index(codebook):
    return semantic.build_index(semantic.semantic_codes(codebook), encode_texts)


@dataclass
class Seg:
    id: int
    interview_id: str
    idx: int
    speaker: str
    section: str
    text: str


def _demo_sentences(n: int = 24) -> list[Seg]:
    """Respondent sentences from two demo transcripts, with their section, as the segmenter would see them."""
    out: list[Seg] = []
    for name in ("wijk-03.md", "school-02.md"):
        section = ""
        for line in (ROOT / "corpora" / "demo" / name).read_text(encoding="utf-8").splitlines():
            if line.startswith("## "):
                section = line[3:].strip().lower()
            m = re.match(r"^\*\*(.+?)\*\*:?\s*(.+)$", line) or re.match(
                r"^([A-Z][\w .-]{1,30}):\s+(.+)$", line
            )
            if m and section in ("mooi voorbeeld", "vastloopmoment"):
                for sentence in re.split(r"(?<=[.!?])\s+", m.group(2)):
                    if len(sentence.split()) >= 5:
                        out.append(Seg(len(out) + 1, name, len(out), m.group(1), section, sentence))
    assert len(out) >= n, "the demo transcripts changed shape"
    return out[:n]


def test_prototypes_hold_name_aliases_definition_examples_and_negatives(codebook):
    code = next(c for c in codebook.codes if c.id == "lp-leefwereld-centraal")
    protos = semantic.prototypes(code)
    positive = [p.text for p in protos if not p.negative]
    negative = [p.text for p in protos if p.negative]
    assert positive[0] == code.name and all(a in positive for a in code.aliases)
    assert all(p.code_id == code.id for p in protos)
    definition = " ".join(code.definition.split())
    assert all(
        s in definition
        or s in " ".join(code.when_to_use.split())
        or s in code.aliases
        or s == code.name
        or s in getattr(code, "examples", ())
        for s in positive
    )
    assert negative and all(s in " ".join(code.when_not_to_use.split()) for s in negative)
    assert len({(p.text, p.negative) for p in protos}) == len(protos)
    for example in getattr(code, "examples", ()) or ():
        assert example in positive


def test_similarities_name_the_nearest_prototype_of_each_code(index):
    segs = _demo_sentences()
    V = encode_texts([s.text for s in segs])
    sims = semantic.similarities(V, index)
    P = index.vectors
    for i in range(len(segs)):
        for j, code_id in enumerate(index.code_ids):
            best, best_k = -2.0, -1
            worst_neg = -1.0
            for k, proto in enumerate(index.prototypes):
                if proto.code_id != code_id:
                    continue
                cos = float(np.dot(V[i], P[k]) / (np.linalg.norm(V[i]) * np.linalg.norm(P[k])))
                if proto.negative:
                    worst_neg = max(worst_neg, cos)
                elif cos > best:
                    best, best_k = cos, k
            assert sims.positive[i, j] == pytest.approx(best, abs=1e-5)
            assert sims.negative[i, j] == pytest.approx(worst_neg, abs=1e-5)
            assert index.prototypes[sims.nearest[i, j]].text == index.prototypes[best_k].text
            mine = [P[k] for k, p in enumerate(index.prototypes) if p.code_id == code_id and not p.negative]
            mean = np.sum(mine, axis=0)
            centroid = float(np.dot(V[i], mean) / (np.linalg.norm(V[i]) * np.linalg.norm(mean)))
            assert sims.centroid[i, j] == pytest.approx(centroid, abs=1e-5)


def test_context_is_the_mean_of_the_neighbours_in_the_same_turn_and_section():
    segs = [
        Seg(1, "a", 0, "R", "mooi voorbeeld", "x"),
        Seg(2, "a", 1, "R", "mooi voorbeeld", "x"),
        Seg(3, "a", 2, "I", "mooi voorbeeld", "x"),
        Seg(4, "a", 3, "I", "vastloopmoment", "x"),
        Seg(5, "b", 4, "I", "vastloopmoment", "x"),
    ]
    rng = np.random.default_rng(1)
    V = rng.normal(size=(5, 8)).astype(np.float32)
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    b = semantic.batch(segs, V)

    def unit(v):
        return v / np.linalg.norm(v)

    assert np.allclose(b.context[0], unit(V[0] + V[1]), atol=1e-6)
    assert np.allclose(b.context[1], unit(V[0] + V[1]), atol=1e-6)  # the next one is another speaker
    assert np.allclose(b.context[2], V[2], atol=1e-6)  # same speaker next, but another section
    assert np.allclose(b.context[4], V[4], atol=1e-6)  # another interview
    fit = semantic.section_fit(b.sections, ["werkend_element", "belemmerend_element", "leidend_principe"])
    assert fit[0].tolist() == [1.0, -1.0, 0.0] and fit[3].tolist() == [-1.0, 1.0, 0.0]


def test_calibration_is_a_logistic_regression_and_survives_json():
    n = len(semantic.FEATURES)
    cal = semantic.Calibration(
        tuple((5 - i) / 8 for i in range(n)),
        -1.25,
        0.4,
        2,
        "test",
        {"leidend_principe": 0.75},
        {"werkend_element": 0.3},
    )
    again = semantic.Calibration.from_json(cal.to_json())
    assert again == cal
    X = np.random.default_rng(2).normal(size=(3, 2, n)).astype(np.float32)
    P = cal.probability(X, ["werkend_element", "leidend_principe"])
    for i in range(3):
        for j, shift in enumerate((0.0, 0.75)):
            z = sum(w * float(x) for w, x in zip(cal.weights, X[i, j], strict=True)) - 1.25 + shift
            assert P[i, j] == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-6)


def test_suggest_keeps_the_top_codes_of_each_kind_above_the_threshold_with_both_kinds_of_evidence(index):
    segs = _demo_sentences()
    b = semantic.batch(segs, encode_texts([s.text for s in segs]))
    code = index.code_ids[0]
    rule = [Suggestion(segs[0].id, code, 0.6, "keukentafel [keukentafel]", "regel")]
    cal = semantic.Calibration((4.0, 6.0, 0.5, 0.5, -2.0, 2.0, 0.5, 3.0, 0.5, 1.0, 2.0), -3.0, 0.3, 2)
    found = semantic.suggest(b, index, rule, cal)
    P, sims = semantic.score(b, index, rule, cal)
    by_segment: dict[int, list[Suggestion]] = {}
    for s in found:
        by_segment.setdefault(s.segment_id, []).append(s)
    for i, seg in enumerate(segs):
        mine = by_segment.get(seg.id, [])
        expected = set()
        for kind in set(index.kinds):
            of_kind = sorted(
                (j for j in range(len(index.code_ids)) if index.kinds[j] == kind), key=lambda j: -P[i, j]
            )
            expected |= {index.code_ids[j] for j in of_kind[:2] if P[i, j] >= 0.3}
        assert {s.code_id for s in mine} == expected and len(mine) == len(expected)
        for s in mine:
            j = index.code_ids.index(s.code_id)
            proto = index.prototypes[sims.nearest[i, j]]
            assert proto.code_id == s.code_id and not proto.negative
            assert f'lijkt op: "{proto.text}"' in s.evidence and s.source == semantic.SOURCE
    first = [s for s in found if s.segment_id == segs[0].id and s.code_id == code]
    if first:
        assert first[0].evidence.startswith("keukentafel [keukentafel] · lijkt op:")
    # the rule's confidence raises the code's probability for that segment, all else equal
    without, _ = semantic.score(b, index, [], cal)
    assert P[0, 0] > without[0, 0]


def test_shipped_calibration_loads_and_names_what_it_was_fitted_on():
    cal = semantic.shipped_calibration()
    assert len(cal.weights) == len(semantic.FEATURES)
    assert 0 < cal.threshold < 1 and cal.per_segment >= 1
    assert cal.fitted_on
