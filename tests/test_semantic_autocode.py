"""`auto_code` with stored sentence vectors on the demo project: suggestions by meaning in the machine layer,
evidence with the matched words and the nearest prototype, interviewer turns left alone, coders' decisions
untouched, and a project without vectors falls back to the lemma rules and says so."""

from __future__ import annotations

from collections import Counter

import pytest

from kritischeblik.analysis import autocode, semantic
from kritischeblik.cli import main
from kritischeblik.model import Action
from kritischeblik.services import coding
from kritischeblik.store import vectors as vector_store
from kritischeblik.store.codebooks import all_codes
from kritischeblik.store.segments import auto_layer, layer, segments


def test_meaning_suggestions_keep_to_the_calibration_and_show_their_prototype(demo_project):
    with demo_project.read() as s:
        rows = segments(s)
        codebook = all_codes(s)
    interviewer = {x.id for x in rows if x.role == "interviewer"}
    assert interviewer, "the demo has interviewer turns"
    result = coding.auto_code(demo_project)
    assert result.without_vectors == 0
    meaning = [x for x in result.suggestions if x.source == semantic.SOURCE]
    assert meaning and {x.code_id for x in meaning} <= {c.id for c in semantic.semantic_codes(codebook)}
    assert not {x.segment_id for x in result.suggestions} & interviewer
    cal = semantic.shipped_calibration()
    kinds = {c.id: c.kind for c in codebook.codes}
    per_kind = Counter((x.segment_id, kinds[x.code_id]) for x in meaning)
    assert max(per_kind.values()) <= cal.per_segment
    protos = {c.id: {p.text for p in semantic.prototypes(c) if not p.negative} for c in codebook.codes}
    for x in meaning:
        assert x.confidence >= cal.kind_thresholds.get(kinds[x.code_id], cal.threshold) - 1e-4
        quoted = x.evidence.split('lijkt op: "', 1)[1][:-1]
        assert quoted in protos[x.code_id]
    # a code compared by meaning has no separate keyword suggestion left beside the combined one
    compared = {c.id for c in semantic.semantic_codes(codebook)}
    assert not [x for x in result.suggestions if x.source == autocode.SOURCE and x.code_id in compared]
    with demo_project.read() as s:
        stored = {(r.segment_id, r.code_id): r.source for r in auto_layer(s)}
    assert {(x.segment_id, x.code_id): x.source for x in result.suggestions} == stored


def test_a_coders_decisions_are_never_touched(demo_project):
    first = coding.auto_code(demo_project)
    target = next(x for x in first.suggestions if x.source == semantic.SOURCE)
    coding.decide(demo_project, target.segment_id, target.code_id, "Anna", Action.REJECT)
    coding.decide(demo_project, target.segment_id, "lp-eenvoud", "Anna", Action.ADD)
    with demo_project.read() as s:
        before = sorted((r.segment_id, r.code_id, r.status, r.revision) for r in layer(s, "Anna"))
    coding.auto_code(demo_project)
    with demo_project.read() as s:
        after = sorted((r.segment_id, r.code_id, r.status, r.revision) for r in layer(s, "Anna"))
    assert after == before and len(before) == 2


def test_without_vectors_the_rules_still_suggest_and_the_cli_says_how_to_build_them(demo_project, capsys):
    with demo_project.write() as s:
        assert vector_store.delete_vectors(s) > 0
    result = coding.auto_code(demo_project)
    assert result.without_vectors == result.scope > 0
    assert result.suggestions and {x.source for x in result.suggestions} == {autocode.SOURCE}
    path = str(demo_project.path)
    demo_project.close()
    assert main(["code", "auto", "-p", path]) == 0
    err = capsys.readouterr().err
    assert f"{result.scope} van {result.scope} segmenten hebben geen zinsvector" in err
    assert "kb vectoren bouw" in err


@pytest.mark.parametrize("setting", ["uit"])
def test_vectors_turned_off_is_a_choice_not_a_warning(demo_project, capsys, setting):
    path = str(demo_project.path)
    demo_project.close()
    assert main(["instellingen", "zinsvectoren", setting, "-p", path]) == 0
    assert main(["code", "auto", "-p", path]) == 0
    assert "zinsvector" not in capsys.readouterr().err


def test_scoring_in_slices_of_interviews_equals_scoring_all_at_once(demo_project, monkeypatch):
    """The meaning step scores a large project in slices of whole interviews (services/semantic.py); every
    suggestion, confidence and evidence is the one a single pass over all segments gives, also after a
    coder's decisions (prototype update and rejections)."""
    from kritischeblik.services import semantic as meaning

    def run(size: int) -> list:
        monkeypatch.setattr(meaning, "CHUNK_SEGMENTS", size)
        return coding.auto_code(demo_project, coder="Anna").suggestions

    once = run(10**9)
    assert len(meaning._whole_interviews([x.interview_id for x in _scope(demo_project)], 7)) > 1
    assert run(7) == once
    decided = [x for x in once if x.source == semantic.SOURCE][:6]
    for k, x in enumerate(decided):
        coding.decide(
            demo_project, x.segment_id, x.code_id, "Anna", Action.ACCEPT if k % 2 else Action.REJECT
        )
    once = run(10**9)
    assert run(7) == once


def _scope(project) -> list:  # noqa: ANN001 - a Project
    with project.read() as s:
        return [x for x in segments(s) if x.role != "interviewer"]
