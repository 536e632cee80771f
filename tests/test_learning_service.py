"""Learning from the coder through the services and the CLI on the demo project (with stored sentence
vectors): a decision moves the next `auto_code(coder=...)` at once, and `kb code evaluate --leercurve`
replays the decisions in the order they were taken."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kritischeblik.analysis import semantic
from kritischeblik.cli import main
from kritischeblik.model import Action, Status
from kritischeblik.services import coding, consensus
from kritischeblik.store.segments import segments

pytestmark = pytest.mark.backends  # each test once on SQLite and once on PostgreSQL

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _by_key(result) -> dict:
    return {(x.segment_id, x.code_id): x for x in result.suggestions}


def test_a_rejection_lowers_and_an_accept_keeps_the_code_at_the_next_run(demo_project):
    first = _by_key(coding.auto_code(demo_project, coder="Anna"))
    meaning = sorted((x for x in first.values() if x.source == semantic.SOURCE), key=lambda x: -x.confidence)
    # A rejection moves the log-odds; near certainty (0.999) even a large move is a small step in probability,
    # so the most confident suggestion below 0.95 is rejected.
    rejected = next(x for x in meaning if x.confidence < 0.95)
    accepted = next(x for x in meaning if x.segment_id != rejected.segment_id)
    coding.decide(demo_project, rejected.segment_id, rejected.code_id, "Anna", Action.REJECT)
    coding.decide(demo_project, accepted.segment_id, accepted.code_id, "Anna", Action.ACCEPT)
    again = _by_key(coding.auto_code(demo_project, coder="Anna"))
    after = again.get((rejected.segment_id, rejected.code_id))
    assert after is None or after.confidence < rejected.confidence - 0.05
    kept = again[(accepted.segment_id, accepted.code_id)]
    assert kept.confidence >= accepted.confidence
    assert "eerder gecodeerd fragment" in kept.evidence
    # without the coder the machine layer is the zero-shot one again
    plain = _by_key(coding.auto_code(demo_project))
    assert plain[(rejected.segment_id, rejected.code_id)].confidence == pytest.approx(rejected.confidence)


def test_decisions_on_a_blind_interview_do_not_become_prototypes(demo_project):
    first = coding.auto_code(demo_project, coder="Anna")
    target = next(x for x in first.suggestions if x.source == semantic.SOURCE)
    coding.decide(demo_project, target.segment_id, target.code_id, "Anna", Action.ACCEPT)
    with demo_project.read() as s:
        iid = next(x.interview_id for x in segments(s) if x.id == target.segment_id)
    consensus.set_blind(demo_project, [iid], True)
    again = coding.auto_code(demo_project, coder="Anna")
    assert not [x for x in again.suggestions if "eerder gecodeerd fragment" in x.evidence]
    consensus.set_blind(demo_project, [iid], False)
    again = coding.auto_code(demo_project, coder="Anna")
    assert [x for x in again.suggestions if "eerder gecodeerd fragment" in x.evidence]


def _decide_many(project, coder: str, n: int) -> list[tuple[int, str, str]]:
    """``n`` decisions on machine suggestions in reading order: every third rejected, the rest accepted."""
    result = coding.auto_code(project)
    picked = sorted(result.suggestions, key=lambda x: (x.segment_id, x.code_id))[:n]
    done = []
    for i, x in enumerate(picked):
        action = Action.REJECT if i % 3 == 2 else Action.ACCEPT
        coding.decide(project, x.segment_id, x.code_id, coder, action)
        done.append(
            (x.segment_id, x.code_id, Status.REJECTED if action == Action.REJECT else Status.ACCEPTED)
        )
    return done


def test_the_learning_curve_tests_each_step_on_the_later_decisions(demo_project, capsys):
    done = _decide_many(demo_project, "Bert", 30)
    path = str(demo_project.path)
    demo_project.close()
    assert (
        main(
            [
                "code",
                "evaluate",
                "-p",
                path,
                "--coder",
                "Bert",
                "--leercurve",
                "--stappen",
                "10",
                "20",
                "--format",
                "json",
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert {r["beslissingen"] for r in rows} == {10, 20}
    for n in (10, 20):
        first: dict[int, int] = {}
        for i, (sid, _, _) in enumerate(done):
            first.setdefault(sid, i)
        later = {sid for sid, i in first.items() if i >= n}
        micro = next(r for r in rows if r["beslissingen"] == n and r["code"] == "(alle)")
        assert micro["getoetst"] == len(later)
        # tp + fn: every accepted code on a later segment, whatever was predicted
        accepted = {(sid, c) for sid, c, status in done if sid in later and status == Status.ACCEPTED}
        per_code = [r for r in rows if r["beslissingen"] == n and r["code"] != "(alle)"]
        assert micro["tp"] + micro["fn"] == sum(r["tp"] + r["fn"] for r in per_code)
        assert micro["tp"] + micro["fn"] <= len(accepted)
        for r in per_code:
            tp, fp, fn = r["tp"], r["fp"], r["fn"]
            assert r["precisie"] == pytest.approx(tp / (tp + fp) if tp + fp else 0.0)
            assert r["recall"] == pytest.approx(tp / (tp + fn) if tp + fn else 0.0)


def test_the_learning_curve_in_table_and_csv_and_without_decisions(demo_project, capsys):
    _decide_many(demo_project, "Cor", 15)
    path = str(demo_project.path)
    demo_project.close()
    assert main(["code", "evaluate", "-p", path, "--coder", "Cor", "--leercurve"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Leercurve van Cor (15 beslissingen)") and "alle codes (micro)" in out
    assert main(["code", "evaluate", "-p", path, "--coder", "Cor", "--leercurve", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {r["beslissingen"] for r in rows} == {"10"}
    assert list(rows[0]) == [
        "beslissingen",
        "getoetst",
        "code",
        "naam",
        "tp",
        "fp",
        "fn",
        "precisie",
        "recall",
        "f1",
    ]
    assert main(["code", "evaluate", "-p", path, "--coder", "Nobody", "--leercurve"]) != 0
    assert "nog geen beslissingen" in capsys.readouterr().err
