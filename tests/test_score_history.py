"""Every change to a score after ingest is kept: form imports that overwrite a transcript's score, coders
changing and removing their own scores, and the CLI that shows it all."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from kritischeblik.cli import main
from kritischeblik.store import coder_scores as cs
from kritischeblik.store.schema import PrincipleScore
from kritischeblik.store.score_history import score_history

pytestmark = pytest.mark.backends  # each test once on SQLite and once on PostgreSQL

MOOI = "mooi voorbeeld"
P1 = "lp-leefwereld-centraal"


def _json(capsys, *args: str):  # noqa: ANN202
    capsys.readouterr()
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_form_overwriting_a_transcript_score_is_kept_in_the_history(demo_project, tmp_path, capsys):
    with demo_project.read() as s:
        row = s.scalars(
            select(PrincipleScore).where(PrincipleScore.source == "transcript").order_by(PrincipleScore.id)
        ).first()
        rid, iid, example, code_id, old = row.id, row.interview_id, row.example, row.code_id, row.score
        name = cs.primary_codebook(s).by_id()[code_id].name
        before = len(score_history(s))
    new = 1 if old != 1 else 2
    form = tmp_path / "scores.csv"
    form.write_text(f"interview_id,voorbeeld,{name}\n{iid},{example},{new}\n", encoding="utf-8")
    path = str(demo_project.path)
    assert main(["import", "form", "-p", path, str(form)]) == 0
    # the same form again changes nothing, so it adds nothing to the history
    assert main(["import", "form", "-p", path, str(form)]) == 0
    with demo_project.read() as s:
        assert s.scalar(select(PrincipleScore.score).where(PrincipleScore.id == rid)) == new
        added = score_history(s)[before:]
    assert [
        (c.interview_id, c.example, c.code_id, c.coder, c.old_score, c.new_score, c.source) for c in added
    ] == [(iid, example, code_id, None, old, new, "formulier")]
    shown = _json(capsys, "interviews", "history", iid, "--interview-scores", "-p", path, "--format", "json")
    assert {
        "interview": iid,
        "principe": code_id,
        "oud": old,
        "nieuw": new,
        "bron": "formulier",
    }.items() <= shown[-1].items()


def test_coder_score_changes_and_removal_are_kept(demo_project, capsys):
    path = str(demo_project.path)
    with demo_project.read() as s:
        iid = s.scalars(select(PrincipleScore.interview_id)).first()
    base = ["-p", path, "--format", "json"]
    for value in ("4", "4", "2"):  # setting the same value twice is one change, not two
        assert (
            main(
                ["agreement", "score-set", iid, MOOI, "Leefwereld centraal", value, "--coder", "Anna", *base]
            )
            == 0
        )
    assert (
        main(["agreement", "score-set", iid, MOOI, "Leefwereld centraal", "5", "--coder", "Bram", *base]) == 0
    )
    assert (
        main(["agreement", "score-remove", iid, MOOI, "Leefwereld centraal", "--coder", "Anna", *base]) == 0
    )
    with demo_project.read() as s:
        assert [(r["codeur"], r["score"]) for r in cs.coder_scores(s)] == [("Bram", 5)]
    anna = _json(capsys, "interviews", "history", "--coder", "Anna", *base)
    assert [(r["oud"], r["nieuw"], r["score van"], r["door"], r["principe"]) for r in anna] == [
        (None, 4, "Anna", "Anna", P1),
        (4, 2, "Anna", "Anna", P1),
        (2, None, "Anna", "Anna", P1),
    ]
    everything = _json(capsys, "interviews", "history", iid, *base)
    assert [r["score van"] for r in everything if r["bron"] == "cli"] == ["Anna", "Anna", "Bram", "Anna"]


def test_history_of_an_unknown_interview_is_a_clear_error(demo_project, capsys):
    assert main(["interviews", "history", "bestaat-niet", "-p", str(demo_project.path)]) != 0
    assert "Onbekend interview 'bestaat-niet'" in capsys.readouterr().err


def test_interviews_list_shows_every_interview_with_progress(demo_project, capsys):
    rows = _json(capsys, "interviews", "list", "-p", str(demo_project.path), "--format", "json")
    with demo_project.read() as s:
        from kritischeblik.store.schema import Interview

        ids = sorted(s.scalars(select(Interview.id)))
        omgevingen = {i.id: i.omgeving for i in s.scalars(select(Interview))}
    assert [r["interview"] for r in rows] == ids
    assert all(
        r["segmenten"] > 0 and r["segmenten"] == r["gecodeerd"] + r["suggesties"] + r["open"] for r in rows
    )
    wijk = _json(
        capsys, "interviews", "list", "--omgeving", "wijk", "-p", str(demo_project.path), "--format", "json"
    )
    assert [r["interview"] for r in wijk] == [i for i in ids if omgevingen[i] == "wijk"]
