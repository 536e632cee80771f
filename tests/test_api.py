"""The pandas API (kritischeblik.open_project) and the read layer it rests on, on the demo corpus."""

from __future__ import annotations

import json

import pandas as pd

import kritischeblik
from kritischeblik.analysis.scores import ALL
from kritischeblik.cli import main
from kritischeblik.model import Suggestion
from kritischeblik.store import codings as store_codings
from kritischeblik.store.schema import Interview, Segment


def test_open_project_dataframes(demo_project):
    path = demo_project.path
    with kritischeblik.open_project(path) as p:
        segs = p.segments()
        ivs = p.interviews()
        scores = p.scores()
        tallies = p.tallies()
        choices = p.choices()
        raw_choices = p.choices(raw=True)
        sugg = p.suggestions()
    for col in (
        "segment_id",
        "interview_id",
        "omgeving",
        "respondent_rol",
        "duo",
        "speaker",
        "role",
        "section",
        "state",
        "text",
        "lemmas",
    ):
        assert col in segs.columns
    assert set(segs["state"]) <= {"actief", "vertrouwelijk"}
    # Front-matter extras become attr_ columns (wijk-01 has gemeente: Utrecht).
    assert "attr_gemeente" in segs.columns
    with demo_project.read() as s:
        n_segments = s.query(Segment).count()
        iv = s.get(Interview, "wijk-01")
        gemeente, duo = iv.attributes["gemeente"], ", ".join(iv.duo)
    assert len(segs) == n_segments
    assert set(segs.loc[segs.interview_id == "wijk-01", "attr_gemeente"]) == {gemeente}
    assert set(segs.loc[segs.interview_id == "wijk-01", "duo"]) == {duo}
    assert len(ivs) == segs["interview_id"].nunique()
    # tallies agree with the raw scores
    assert tallies[tallies.omgeving == ALL]["n"].sum() == len(scores)
    # choices table counts match the raw rows, one row per principle
    assert choices["aantal"].sum() == len(raw_choices.drop_duplicates(["interview_id", "code_id"]))
    assert len(choices) == 6 and list(choices["aantal"]) == sorted(choices["aantal"], reverse=True)
    assert len(sugg) > 0 and {"suggestion_id", "interview_id", "omgeving", "text"} <= set(sugg.columns)


def test_codings_filters_and_withdrawn(demo_project):
    with demo_project.write() as s:
        ids = [r.id for r in s.query(Segment).order_by(Segment.id).limit(4)]
        store_codings.decide(s, ids[0], "lp-eenvoud", "anna", "add")
        store_codings.decide(s, ids[1], "lp-eenvoud", "bert", "add")
        store_codings.decide(s, ids[2], "lp-eenvoud", "bert", "reject")
        store_codings.save_suggestions(s, [Suggestion(ids[3], "lp-eenvoud", 0.5, "eenvoud")])
    p = kritischeblik.open_project(demo_project.path)
    try:
        assert set(p.codings()["coder"]) == {"anna", "bert"}
        assert set(p.codings(include_auto=True)["coder"]) == {"anna", "bert", "auto"}
        assert list(p.codings(coder="anna")["segment_id"]) == [ids[0]]
        assert list(p.codings(coder="bert", status="accepted")["segment_id"]) == [ids[1]]
        row = p.codings(coder="anna").iloc[0]
        assert (row.code_name, row.code_kind, row.omgeving) == (
            "Eenvoud",
            "leidend_principe",
            p.segments().iloc[0].omgeving,
        )
        counts = p.principle_codings().set_index("principe_id")
        assert counts.loc["lp-eenvoud", "totaal"] == 2 and p.principle_codings().attrs["basis"] == "codeurs"
    finally:
        p.close()
    with demo_project.write() as s:
        s.get(Segment, ids[0]).state = "ingetrokken"
    with kritischeblik.open_project(demo_project.path) as p:
        assert ids[0] not in set(p.segments()["segment_id"])
        assert ids[0] not in set(p.codings()["segment_id"])
        assert ids[0] in set(p.segments(include_withdrawn=True)["segment_id"])


def test_themes_computed_when_none_stored_then_stored(demo_project):
    with kritischeblik.open_project(demo_project.path) as p:
        computed = p.themes("suggestie", k=3)
        assert len(computed) == 3 and computed["omvang"].sum() == len(p.suggestions())
        assert computed["methode"].str.contains("niet opgeslagen").all()
        assert len(p.themes("suggestie", compute=False)) == 0
    assert main(["themes", "-p", str(demo_project.path), "--kind", "suggestie", "--k", "3"]) == 0
    assert main(["themes", "rename", "1", "Eigen naam", "-p", str(demo_project.path)]) == 0
    with kritischeblik.open_project(demo_project.path) as p:
        stored = p.themes("suggestie")
        assert "Eigen naam" in set(stored["label"])
        assert list(stored.columns) == list(computed.columns)
        assert len(p.theme_fragments("suggestie")) == len(p.suggestions())


def test_tally_json_is_one_document_matching_the_api(demo_project, capsys):
    assert main(["tally", "-p", str(demo_project.path), "--format", "json", "--cluster", "--k", "3"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"scores", "keuzes", "suggesties", "coderingen"} <= set(doc)
    with kritischeblik.open_project(demo_project.path) as p:
        tallies = p.tallies()
        choices = p.choices()
    assert len(doc["scores"]) == len(tallies)
    for rec, row in zip(doc["scores"], tallies.itertuples(index=False), strict=True):
        assert (rec["principe_id"], rec["voorbeeld"], rec["omgeving"], rec["n"]) == (
            row.principe_id,
            row.voorbeeld,
            row.omgeving,
            row.n,
        )
        assert rec["gemiddelde"] == (None if pd.isna(row.gemiddelde) else row.gemiddelde)
    assert [(r["principe"], r["aantal"]) for r in doc["keuzes"]] == list(
        zip(choices["principe"], choices["aantal"], strict=True)
    )
    assert all(r["thema_id"] is not None for r in doc["suggesties"])
    assert main(["tally", "-p", str(demo_project.path)]) == 0
    out = capsys.readouterr().out
    assert "Met welk principe ga je aan de slag?" in out and "Leefwereld centraal" in out
