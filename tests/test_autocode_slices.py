"""`auto_code` in slices of whole interviews (services/auto_slices.py, store/suggestion_slices.py): on the demo
project, small slices forced give exactly the rows of one slice over everything, no row lost or doubled; a
run restricted to one interview leaves the others' rows alone; stale suggestions outside every slice go."""

from __future__ import annotations

from collections import Counter

from kritischeblik.services import auto_slices, coding
from kritischeblik.store.segments import auto_layer, segment_runs, segments

ONE_SLICE = 10**9


def _rows(project) -> list[tuple]:
    with project.read() as s:
        return sorted(
            (r.segment_id, r.code_id, r.source, r.status, round(r.confidence or 0.0, 6), r.evidence)
            for r in auto_layer(s)
        )


def _clear(project) -> None:
    from kritischeblik.store.codings import save_suggestions

    with project.write() as s:
        save_suggestions(s, [], replace_source=["regel", "betekenis", "model"])


def test_cut_keeps_every_interview_once_in_order():
    runs = [("a", 5), ("b", 30), ("c", 2), ("d", 2), ("e", 9)]
    parts = auto_slices.cut(runs, 10)
    assert [iid for part in parts for iid in part] == ["a", "b", "c", "d", "e"]
    assert parts == [["a"], ["b"], ["c", "d"], ["e"]]
    assert auto_slices.cut(runs, ONE_SLICE) == [["a", "b", "c", "d", "e"]]
    assert auto_slices.cut([], 10) == []


def test_small_slices_give_the_rows_of_one_slice(demo_project):
    whole = coding.auto_code(demo_project, slice_segments=ONE_SLICE)
    expected = _rows(demo_project)
    assert expected and whole.counts["nieuw"] == len(expected)
    with demo_project.read() as s:
        runs = segment_runs(s, interviewers=False)
    assert len(auto_slices.cut(runs, 50)) == len(runs) > 2  # every interview its own slice
    _clear(demo_project)
    assert _rows(demo_project) == []
    sliced = coding.auto_code(demo_project, slice_segments=50)
    got = _rows(demo_project)
    assert got == expected
    assert Counter((r[0], r[1]) for r in got).most_common(1)[0][1] == 1
    assert sliced.counts == whole.counts and sliced.scope == whole.scope
    assert sorted((x.segment_id, x.code_id) for x in sliced.suggestions) == [(r[0], r[1]) for r in expected]
    again = coding.auto_code(demo_project, slice_segments=50)
    assert again.counts == {"nieuw": 0, "bijgewerkt": 0, "verwijderd": 0}
    assert _rows(demo_project) == expected


def test_a_restricted_run_leaves_other_interviews_and_removes_stale_rows(demo_project):
    from kritischeblik.model import Suggestion
    from kritischeblik.store.codings import save_suggestions

    coding.auto_code(demo_project, slice_segments=50)
    expected = _rows(demo_project)
    with demo_project.read() as s:
        rows = segments(s)
    first, second = sorted({x.interview_id for x in rows})[:2]
    # A stale suggestion on an interviewer segment of each interview: no slice covers those segments.
    asked = {
        iid: next(x.id for x in rows if x.interview_id == iid and x.role == "interviewer")
        for iid in (first, second)
    }
    with demo_project.write() as s:
        save_suggestions(s, [Suggestion(sid, "lp-eenvoud", 0.5, "oud", "regel") for sid in asked.values()])
    changed = {(r[0], r[1]) for r in expected if r[0] in {x.id for x in rows if x.interview_id == first}}
    result = coding.auto_code(demo_project, interview_ids=[first], slice_segments=10)
    assert result.counts == {"nieuw": 0, "bijgewerkt": 0, "verwijderd": 1}
    after = _rows(demo_project)
    assert (asked[first], "lp-eenvoud") not in {(r[0], r[1]) for r in after}
    assert (asked[second], "lp-eenvoud") in {(r[0], r[1]) for r in after}
    assert [r for r in after if r[0] != asked[second]] == expected
    assert {(x.segment_id, x.code_id) for x in result.suggestions} == changed
