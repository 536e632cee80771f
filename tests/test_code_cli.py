"""`kb code ...` round trip on a small project through kritischeblik.cli.main."""

from __future__ import annotations

import csv
import io
import json

import pytest
from code_fixtures import TRANSCRIPT

from kritischeblik.cli import main
from kritischeblik.store import codings
from kritischeblik.store.db import Project

# Coding decisions, conflicts and auto-coding through the CLI, on a project file and in a PostgreSQL database.
pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.backends]


@pytest.fixture
def kb(make_project, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("KB_CODER", raising=False)
    path = make_project(empty=True)
    src = tmp_path / "test-01.md"
    src.write_text(TRANSCRIPT, encoding="utf-8")

    def run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "-p", str(path)])
        out = capsys.readouterr()
        return code, out.out, out.err

    assert run("init")[0] == 0
    # These tests pin the lemma rules; the meaning layer (sentence vectors) has tests of its own.
    assert run("instellingen", "zinsvectoren", "uit")[0] == 0
    assert run("ingest", "--no-pseudonymise", str(src))[0] == 0
    run.location = path
    return run


def as_json(out: str) -> list[dict]:
    return json.loads(out)


def test_round_trip(kb, monkeypatch):
    code, out, _ = kb("code", "auto", "--format", "json")
    assert code == 0
    counts = {r["code"]: r for r in as_json(out)}
    assert counts["be-discontinuiteit"]["regel"] == 1  # "wachtlijst"
    assert counts["be-gebrek-aan-daadkracht"]["regel"] == 2  # "aan zet"; "wachtte op elkaar" (next sentence)

    code, out, _ = kb("code", "list", "--status", "suggested", "--format", "json")
    listed = as_json(out)
    assert {r["codeur"] for r in listed} == {"auto"}
    wait = next(r for r in listed if r["code"] == "be-discontinuiteit")
    assert "wachtlijst" in wait["tekst"] and "wachtlijst [wachtlijst]" in wait["bewijs"]
    assert wait["interview"] == "test-01" and wait["spreker"] == "Sandra"  # not pseudonymised in this test
    # interviewer questions are not auto-coded by default ("... het verschil maakte?" would match)
    assert {r["spreker"] for r in listed} == {"Sandra"}
    kb("code", "auto", "--interviewers")
    _, out, _ = kb("code", "list", "--code", "cw-mensen-maken-verschil", "--format", "json")
    assert [r["spreker"] for r in as_json(out)] == ["Marieke de Vries"]
    kb("code", "auto")
    _, out, _ = kb("code", "list", "--code", "cw-mensen-maken-verschil", "--format", "json")
    assert as_json(out) == []
    seg = str(wait["segment"])

    code, out, _ = kb(
        "code", "accept", seg, "be-discontinuiteit", "--coder", "Anna", "--memo", "lange wachtlijst"
    )
    assert code == 0 and "geaccepteerd door Anna (versie 1)" in out

    # re-running auto leaves the decision and its history alone
    assert kb("code", "auto")[0] == 0
    _, out, _ = kb("code", "list", "--coder", "Anna", "--format", "json")
    (mine,) = as_json(out)
    assert (mine["status"], mine["memo"], mine["segment"]) == ("accepted", "lange wachtlijst", int(seg))

    monkeypatch.setenv("KB_CODER", "Anna")
    assert kb("code", "reject", seg, "be-discontinuiteit")[0] == 0
    assert kb("code", "memo", seg, "be-discontinuiteit", "toch niet: gaat over de school")[0] == 0
    assert kb("code", "add", seg, "lp-eenvoud", "--coder", "Bob")[0] == 0
    assert kb("code", "remove", seg, "lp-eenvoud", "--coder", "Bob")[0] == 0

    _, out, _ = kb("code", "history", "--segment", seg, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["codeur"], r["actie"], r["oud"], r["nieuw"]) for r in rows] == [
        ("Anna", "accept", "", "accepted"),
        ("Anna", "reject", "accepted", "rejected"),
        ("Anna", "memo", "rejected", "rejected"),
        ("Bob", "add", "", "accepted"),
        ("Bob", "remove", "accepted", ""),
    ]
    assert all(r["wanneer"] for r in rows)

    _, out, _ = kb("code", "history", "--coder", "Bob", "--format", "json")
    assert [r["actie"] for r in as_json(out)] == ["add", "remove"]

    _, out, _ = kb("code", "list", "--coder", "Anna", "--status", "rejected")
    assert "be-discontinuiteit" in out and "toch niet" in out


def test_conflict_on_stale_revision(kb):
    kb("code", "auto")
    _, out, _ = kb("code", "list", "--code", "be-discontinuiteit", "--format", "json")
    seg = str(as_json(out)[0]["segment"])
    assert kb("code", "accept", seg, "be-discontinuiteit", "--coder", "Anna", "--versie", "0")[0] == 0
    code, _, err = kb("code", "reject", seg, "be-discontinuiteit", "--coder", "Anna", "--versie", "0")
    assert code != 0 and "Conflict" in err and "versie 1" in err
    assert kb("code", "reject", seg, "be-discontinuiteit", "--coder", "Anna", "--versie", "1")[0] == 0


def test_conflict_error_from_store(project):
    # decide() on the store level raises ConflictError (the CLI maps it to an error message above).
    from kritischeblik.store.schema import Interview, Segment, TurnRow

    with project.write() as s:
        s.add(Interview(id="x", content_hash="h", omgeving="wijk", text="Een zin.", ingested_at="nu"))
        s.flush()
        t = TurnRow(
            interview_id="x",
            idx=0,
            section="mooi voorbeeld",
            speaker="R",
            role="respondent",
            char_start=0,
            char_end=8,
        )
        s.add(t)
        s.flush()
        sg = Segment(
            interview_id="x",
            turn_id=t.id,
            idx=0,
            section="mooi voorbeeld",
            speaker="R",
            role="respondent",
            char_start=0,
            char_end=8,
            text="Een zin.",
            lemmas="een zin",
        )
        s.add(sg)
        s.flush()
        sid = sg.id
        codings.decide(s, sid, "lp-eenvoud", "Anna", "add")
    with pytest.raises(codings.ConflictError), project.write() as s:
        codings.decide(s, sid, "lp-eenvoud", "Anna", "reject", expected_revision=0)
    with project.read() as s:
        assert codings.find(s, sid, "lp-eenvoud", "Anna").status == "accepted"


def test_coder_required(kb):
    kb("code", "auto")
    code, _, err = kb("code", "accept", "1", "lp-eenvoud")
    assert code == 2 and "--coder" in err and "KB_CODER" in err
    code, _, err = kb("code", "evaluate")
    assert code == 2 and "KB_CODER" in err
    code, _, err = kb("code", "accept", "1", "lp-eenvoud", "--coder", "auto")
    assert code == 2 and "gereserveerd" in err


def test_auto_filters_keep_other_suggestions(kb):
    kb("code", "auto")
    _, out, _ = kb("code", "list", "--status", "suggested", "--format", "json")
    before = {(r["segment"], r["code"]) for r in as_json(out)}
    assert len({c for _, c in before}) >= 2
    # recompute one code only: the other codes' suggestions must survive
    code, _, _ = kb("code", "auto", "--codes", "be-discontinuiteit")
    assert code == 0
    _, out, _ = kb("code", "list", "--status", "suggested", "--format", "json")
    assert {(r["segment"], r["code"]) for r in as_json(out)} == before
    code, _, err = kb("code", "auto", "--codes", "bestaat-niet")
    assert code == 2 and "bestaat-niet" in err
    code, _, err = kb("code", "auto", "--interview", "nope")
    assert code == 2 and "nope" in err


def test_auto_with_learned_model_and_evaluate(kb):
    path = kb.location
    kb("code", "auto")
    with Project.open(path) as p, p.read() as s:
        from kritischeblik.store.segments import segments

        segs = segments(s)
    # too few decisions for a model: cold start still works, evaluate says why
    assert kb("code", "auto", "--coder", "Anna")[0] == 0
    wait = next(x for x in segs if "wachtlijst" in x.text)
    kb("code", "accept", str(wait.id), "be-discontinuiteit", "--coder", "Anna")
    code, out, _ = kb("code", "evaluate", "--coder", "Anna", "--format", "json")
    assert code == 0
    (row,) = as_json(out)
    assert row["code"] == "be-discontinuiteit" and row["beslissingen"] == 1 and row["f1"] is None
    assert "te weinig" in row["opmerking"]
    # with a threshold of one decision each, a model is trained and ranks the code
    others = [x for x in segs if x.id != wait.id and x.role == "respondent"]
    kb("code", "add", str(others[0].id), "lp-eenvoud", "--coder", "Anna")
    code, out, _ = kb(
        "code", "auto", "--coder", "Anna", "--min-positief", "1", "--min-negatief", "1", "--format", "json"
    )
    assert code == 0
    rows = {r["code"]: r for r in as_json(out)}
    assert rows["be-discontinuiteit"]["model_op"] == "1+/1-"
    assert rows["be-discontinuiteit"]["model"] >= 1
    _, out, _ = kb("code", "list", "--code", "be-discontinuiteit", "--coder", "auto", "--format", "json")
    sources = {r["segment"]: r["bron"] for r in as_json(out)}
    assert sources[wait.id] == "model"


def test_rule_based_auto_coding_skips_heavy_imports(kb, tmp_path):
    # scikit-learn and pandas take about a second to import and rule-based suggestions need neither
    # (bench/results.md: process time of 'kb code auto'). Run in a fresh interpreter to see its imports.
    import subprocess
    import sys

    kb("code", "auto")  # first run: fills the auto layer; the checked run below updates it in place
    code = (
        "import sys; from kritischeblik.cli import main\n"
        f"assert main(['code', 'auto', '-p', {str(kb.location)!r}, '--format', 'json']) == 0\n"
        "print(sorted(m for m in ('sklearn', 'pandas', 'scipy') if m in sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip().splitlines()[-1] == "[]"
    assert {r["code"] for r in json.loads(out.stdout)} >= {"be-discontinuiteit", "be-gebrek-aan-daadkracht"}
