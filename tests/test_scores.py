"""Tallies of scores, choices and suggestions, checked against independent computations."""

from __future__ import annotations

import math
import random
import statistics
from pathlib import Path

import pandas as pd
import pytest

from kritischeblik.analysis.scores import (
    ALL,
    choice_table,
    principle_coding_counts,
    principle_tallies,
    suggestion_table,
)
from kritischeblik.ingest.forms import parse_form
from kritischeblik.services.ingest import IngestOptions, ingest_paths
from kritischeblik.store import reads

pytestmark = pytest.mark.backends  # each test once on SQLite and once on PostgreSQL

DATA = Path(__file__).parent / "data"

# "Met welk principe ga je aan de slag?" — table in the report of De Kritische Blik (Gemeente Utrecht,
# January 2020); respondents could name more than one principle. tests/data/keuzes-2020.csv holds 75
# fictional respondents whose answers add up to these totals.
REPORT_2020 = [
    ("Leefwereld centraal", 23),
    ("Doen wat nodig is", 18),
    ("Uitgaan van mogelijkheden", 17),
    ("Eenvoud", 13),
    ("Ruimte voor de professional", 10),
    ("Zo nabij mogelijk", 8),
]


def _form_choices(codebook) -> pd.DataFrame:  # noqa: ANN001
    form = parse_form(DATA / "keuzes-2020.csv", codebook)
    rows = [(r.interview_id, cid) for r in form.rows for cid in (r.choices or [])]
    return pd.DataFrame(rows, columns=["interview_id", "code_id"])


def test_2020_report_table_from_parsed_form(codebook):
    table = choice_table(_form_choices(codebook), codebook.principles())
    assert list(zip(table["principe"], table["aantal"], strict=True)) == REPORT_2020
    assert list(table["rang"]) == [1, 2, 3, 4, 5, 6]
    # 75 respondents answered; shares are per respondent, so they add up to more than 1.
    for name, n in REPORT_2020:
        share = table.loc[table["principe"] == name, "aandeel_respondenten"].item()
        assert share == pytest.approx(n / 75)


def _minimal_transcript(iid: str) -> str:
    return (
        f"---\nid: {iid}\nomgeving: wijk\nduo: [Anna Jansen, Bert de Wit]\nrespondent_rol: professional\n---\n\n"
        "## Mooi voorbeeld\n\nAnna Jansen: Vertel eens.\nR: Het ging goed.\n\n"
        "## Vastloopmoment\n\nBert de Wit: En waar liep het vast?\nR: Bij de overdracht.\n"
    )


def test_2020_report_table_via_form_import(project, nlp, tmp_path):
    ids = [f"kb2020-{i:02d}" for i in range(1, 76)]
    files = []
    for iid in ids:
        f = tmp_path / f"{iid}.md"
        f.write_text(_minimal_transcript(iid), encoding="utf-8")
        files.append(f)
    ingest_paths(project, files, IngestOptions(pseudonymise=False), nlp=nlp)
    report = ingest_paths(project, [DATA / "keuzes-2020.csv"], IngestOptions(pseudonymise=False), nlp=nlp)
    assert report.forms and "75 interviews" in report.forms[0]
    with project.read() as s:
        choices = reads.choices(s)
        sugg = reads.suggestions(s)
        from kritischeblik.store.codebooks import primary_codebook

        cb = primary_codebook(s)
    table = choice_table(choices, cb.principles())
    assert list(zip(table["principe"], table["aantal"], strict=True)) == REPORT_2020
    assert choices["interview_id"].nunique() == 75
    # Every non-empty nieuw_principe cell became one suggestion.
    raw = pd.read_csv(DATA / "keuzes-2020.csv", keep_default_na=False)
    assert len(sugg) == (raw["nieuw_principe"].str.strip() != "").sum() == 48
    listed = suggestion_table(sugg)
    assert list(listed.columns) == ["suggestion_id", "interview_id", "omgeving", "tekst"]
    assert set(listed["tekst"]) == set(raw.loc[raw["nieuw_principe"] != "", "nieuw_principe"])


def test_choice_ties_follow_codebook_order(codebook):
    p = codebook.principles()
    # Eenvoud (last in the codebook) and Leefwereld (first) both twice; Zo nabij once; others never.
    df = pd.DataFrame(
        [("a", p[5].id), ("b", p[5].id), ("a", p[0].id), ("c", p[0].id), ("c", p[4].id), ("c", p[4].id)],
        columns=["interview_id", "code_id"],
    )
    table = choice_table(df, p)
    assert list(table["principe_id"]) == [p[0].id, p[5].id, p[4].id, p[1].id, p[2].id, p[3].id]
    assert list(table["aantal"]) == [2, 2, 1, 0, 0, 0]  # the duplicate (c, Zo nabij) counts once
    assert table["aandeel_respondenten"].iloc[0] == pytest.approx(2 / 3)


def _random_scores(codebook, seed: int = 7) -> pd.DataFrame:  # noqa: ANN001
    rnd = random.Random(seed)
    rows = []
    for i in range(40):
        omgeving = rnd.choice(["wijk", "school", "huishouden"])
        for example in ("mooi voorbeeld", "vastloopmoment"):
            for p in codebook.principles():
                if rnd.random() < 0.15:
                    continue  # not every principle scored every time
                rows.append((f"iv{i}", omgeving, example, p.id, rnd.randint(1, 5)))
    return pd.DataFrame(rows, columns=["interview_id", "omgeving", "example", "code_id", "score"])


def _check_against_statistics(tallies: pd.DataFrame, scores: pd.DataFrame, scale=(1, 5)) -> int:  # noqa: ANN001
    raw = list(scores[["omgeving", "example", "code_id", "score"]].itertuples(index=False, name=None))
    checked = 0
    for row in tallies.itertuples(index=False):
        values = [
            int(s)
            for o, e, c, s in raw
            if c == row.principe_id and e == row.voorbeeld and (row.omgeving == ALL or o == row.omgeving)
        ]
        assert row.n == len(values)
        if values:
            assert row.gemiddelde == pytest.approx(statistics.mean(values))
            assert row.mediaan == pytest.approx(statistics.median(values))
            assert (row.min, row.max) == (min(values), max(values))
            checked += 1
        else:
            assert math.isnan(row.gemiddelde) and math.isnan(row.mediaan)
        for v in range(scale[0], scale[1] + 1):
            assert getattr(row, f"score_{v}") == values.count(v)
    return checked


def test_tallies_match_plain_python_statistics(codebook):
    scores = _random_scores(codebook)
    tallies = principle_tallies(scores, codebook.principles(), (1, 5))
    # 6 principles × 2 examples × (3 omgevingen + alle)
    assert len(tallies) == 6 * 2 * 4
    assert _check_against_statistics(tallies, scores) == 48


def test_tallies_with_even_counts_and_empty_cells(codebook):
    p = codebook.principles()
    scores = pd.DataFrame(
        [
            ("a", "wijk", "vastloopmoment", p[0].id, 1),
            ("b", "wijk", "vastloopmoment", p[0].id, 4),
            ("c", "school", "vastloopmoment", p[0].id, 2),
        ],
        columns=["interview_id", "omgeving", "example", "code_id", "score"],
    )
    t = principle_tallies(scores, p, (1, 5))
    wijk = t[(t.principe_id == p[0].id) & (t.voorbeeld == "vastloopmoment") & (t.omgeving == "wijk")].iloc[0]
    assert (wijk.n, wijk.gemiddelde, wijk.mediaan) == (2, 2.5, 2.5)
    alle = t[(t.principe_id == p[0].id) & (t.voorbeeld == "vastloopmoment") & (t.omgeving == ALL)].iloc[0]
    assert (alle.n, alle.mediaan, alle.score_1, alle.score_2, alle.score_4) == (3, 2.0, 1, 1, 1)
    empty = t[(t.principe_id == p[1].id) & (t.omgeving == ALL)]
    assert (empty["n"] == 0).all() and empty["gemiddelde"].isna().all()
    # A seven-point scale gives seven distribution columns.
    assert [c for c in principle_tallies(scores, p, (1, 7)).columns if c.startswith("score_")] == [
        f"score_{v}" for v in range(1, 8)
    ]


def test_demo_tallies_match_statistics(demo_project):
    with demo_project.read() as s:
        scores = reads.scores(s)
        from kritischeblik.store.codebooks import primary_codebook

        cb = primary_codebook(s)
    assert len(scores) > 0
    tallies = principle_tallies(scores, cb.principles(), (cb.scale_min, cb.scale_max))
    assert _check_against_statistics(tallies, scores) > 0
    # The report's pattern holds in the demo corpus: good examples score higher than stuck ones.
    alle = tallies[tallies.omgeving == ALL].groupby("voorbeeld")["gemiddelde"].mean()
    assert alle["mooi voorbeeld"] > alle["vastloopmoment"]


def test_suggestion_table_grouped_by_theme():
    sugg = pd.DataFrame(
        {
            "suggestion_id": [1, 2, 3],
            "interview_id": ["a", "b", "c"],
            "omgeving": ["wijk"] * 3,
            "text": ["x", "y", "z"],
        }
    )
    themes = pd.DataFrame({"suggestion_id": [1, 2, 3], "thema_id": [2, 1, 2], "thema": ["B", "A", "B"]})
    out = suggestion_table(sugg, themes)
    assert list(out["suggestion_id"]) == [1, 3, 2]  # the larger theme first
    assert list(out["thema"]) == ["B", "B", "A"]


def test_principle_coding_counts_by_hand(codebook):
    p = codebook.principles()
    coded = pd.DataFrame(
        [
            (1, "a", "mooi voorbeeld", p[0].id),
            (2, "a", "vastloopmoment", p[0].id),
            (3, "b", "vastloopmoment", p[0].id),
            (4, "b", "inleiding", p[1].id),
        ],
        columns=["segment_id", "interview_id", "section", "code_id"],
    )
    out = principle_coding_counts(coded, p).set_index("principe_id")
    assert out.loc[
        p[0].id, ["mooi voorbeeld", "vastloopmoment", "overig", "totaal", "n_interviews"]
    ].tolist() == [
        1,
        2,
        0,
        3,
        2,
    ]
    assert out.loc[p[1].id, ["overig", "totaal", "n_interviews"]].tolist() == [1, 1, 1]
