"""Coder scores per (interview, example, principle) and agreement on them, checked against the krippendorff package."""

from __future__ import annotations

import json
import math

import krippendorff
import numpy as np
import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from kritischeblik.analysis.agreement import TOTAL
from kritischeblik.cli import main
from kritischeblik.errors import KBError
from kritischeblik.services import agreement
from kritischeblik.store import coder_scores as cs
from kritischeblik.store.codings import coder
from kritischeblik.store.schema import CoderScore, Interview

pytestmark = pytest.mark.backends  # each test once on SQLite and once on PostgreSQL

MOOI, VAST = "mooi voorbeeld", "vastloopmoment"
P1, P2 = "lp-leefwereld-centraal", "lp-doen-wat-nodig-is"
INTERVIEWS = ["int-a", "int-b", "int-c"]
# Units in the order the store lists them: interview, then example (mooi first), then codebook order.
UNITS = [(i, ex, p) for i in INTERVIEWS for ex in (MOOI, VAST) for p in (P1, P2)]
NAN = np.nan
# Scores of three coders on the 12 units; NaN = not scored by that coder.
SCORES = {
    "Anna": [5, 4, 3, 2, 4, 4, 1, 2, 5, 3, 2, NAN],
    "Bram": [4, 4, 3, 1, 5, 3, 1, 3, 5, 2, NAN, 4],
    "Cato": [5, 3, 2, 2, 4, 4, 2, 2, NAN, 3, 2, 5],
}


def _add_interviews(project) -> None:  # noqa: ANN001
    with project.write() as s:
        for iid in INTERVIEWS:
            s.add(
                Interview(id=iid, content_hash=iid, omgeving="wijk", text="tekst", ingested_at="2026-01-01")
            )


@pytest.fixture
def scored(project):
    """A project with three interviews and the SCORES of all three coders, entered through the store."""
    _add_interviews(project)
    with project.write() as s:
        for name, values in SCORES.items():
            for (iid, ex, p), v in zip(UNITS, values, strict=True):
                if not math.isnan(v):
                    cs.set_coder_score(s, iid, ex, p, int(v), name)
    return project


def _reference(coders: list[str], level: str, cols: list[int] | None = None) -> float:
    m = np.array([SCORES[c] for c in coders], dtype=float)
    if cols is not None:
        m = m[:, cols]
    return float(krippendorff.alpha(reliability_data=m, level_of_measurement=level))


def _exact_agreement(coders: list[str]) -> float:
    """Mean pairwise share of equal values, each unit weighted by its number of values (Krippendorff's pairing)."""
    agree = total = 0.0
    for j in range(len(UNITS)):
        vals = [SCORES[c][j] for c in coders if not math.isnan(SCORES[c][j])]
        m = len(vals)
        if m < 2:
            continue
        pairs = [(a, b) for i, a in enumerate(vals) for k, b in enumerate(vals) if i != k]
        agree += sum(a == b for a, b in pairs) / (m - 1)
        total += m
    return 100.0 * agree / total


def _cli_json(capsys, path, *args: str) -> dict:  # noqa: ANN001
    capsys.readouterr()
    assert main(["agreement", "scores", "-p", str(path), "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_two_coders_via_cli_match_krippendorff_package(project, capsys):
    _add_interviews(project)
    path = project.path
    project.close()
    for name in ("Anna", "Bram"):
        for (iid, ex, p), v in zip(UNITS, SCORES[name], strict=True):
            if not math.isnan(v):
                assert (
                    main(
                        ["agreement", "score-set", "-p", str(path), iid, ex, p, str(int(v)), "--coder", name]
                    )
                    == 0
                )
    out = _cli_json(capsys, path)
    assert out["codeurs"] == ["Anna", "Bram"]
    assert out["eenheden"] == len(UNITS)
    total = next(r for r in out["principes"] if r["principe"] == TOTAL)
    assert total["vergelijkbaar"] == len(UNITS) - 2  # Anna and Bram each left one unit open
    assert total["alpha ordinaal"] == pytest.approx(_reference(["Anna", "Bram"], "ordinal"))
    assert total["alpha interval"] == pytest.approx(_reference(["Anna", "Bram"], "interval"))
    assert total["alpha nominaal"] == pytest.approx(_reference(["Anna", "Bram"], "nominal"))
    assert total["% overeenstemming"] == pytest.approx(_exact_agreement(["Anna", "Bram"]))
    # Two coders: exact agreement is simply the share of units both scored with the same value.
    both = [
        (a, b)
        for a, b in zip(SCORES["Anna"], SCORES["Bram"], strict=True)
        if not (math.isnan(a) or math.isnan(b))
    ]
    assert total["% overeenstemming"] == pytest.approx(100.0 * sum(a == b for a, b in both) / len(both))
    p1 = next(r for r in out["principes"] if r["principe"] == P1)
    cols = [j for j, u in enumerate(UNITS) if u[2] == P1]
    assert p1["alpha ordinaal"] == pytest.approx(_reference(["Anna", "Bram"], "ordinal", cols))
    assert p1["alpha interval"] == pytest.approx(_reference(["Anna", "Bram"], "interval", cols))


def test_three_coders_from_store_match_krippendorff_package(scored):
    data, rows = agreement.score_agreement_rows(scored)
    assert data.coders == ["Anna", "Bram", "Cato"]
    assert data.units == UNITS
    np.testing.assert_array_equal(data.matrix, np.array([SCORES[c] for c in data.coders]))
    total = rows[-1]
    assert total["principe"] == TOTAL
    for level, col in (
        ("ordinal", "alpha ordinaal"),
        ("interval", "alpha interval"),
        ("nominal", "alpha nominaal"),
    ):
        assert total[col] == pytest.approx(_reference(data.coders, level)), level
    assert total["% overeenstemming"] == pytest.approx(_exact_agreement(data.coders))
    assert total["n Cato"] == 11
    assert [r["principe"] for r in rows[:-1]] == [P1, P2]
    for r in rows[:-1]:
        cols = [j for j, u in enumerate(UNITS) if u[2] == r["principe"]]
        assert r["alpha ordinaal"] == pytest.approx(_reference(data.coders, "ordinal", cols))


def test_coder_and_interview_selection(scored, capsys):
    path = scored.path
    scored.close()
    out = _cli_json(capsys, path, "--coders", "Bram", "Cato", "--interview", "int-a", "int-b")
    cols = [j for j, u in enumerate(UNITS) if u[0] in ("int-a", "int-b")]
    total = out["principes"][-1]
    assert out["codeurs"] == ["Bram", "Cato"]
    assert total["eenheden"] == len(cols)
    assert total["alpha ordinaal"] == pytest.approx(_reference(["Bram", "Cato"], "ordinal", cols))
    capsys.readouterr()
    assert (
        main(
            ["agreement", "scores", "-p", str(path), "--units", "--format", "csv", "--coders", "Anna", "Bram"]
        )
        == 0
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "interview,voorbeeld,principe,Anna,Bram"
    assert len(lines) == 1 + len(UNITS)
    assert lines[-1] == "int-c,vastloopmoment,lp-doen-wat-nodig-is,,4"


def test_undefined_statistics_are_flagged_not_faked(project, capsys):
    _add_interviews(project)
    with project.write() as s:
        # Both coders give the same score everywhere: no variation, so α is undefined, agreement is 100 %.
        for name in ("Anna", "Bram"):
            cs.set_coder_score(s, "int-a", MOOI, P1, 3, name)
            cs.set_coder_score(s, "int-b", MOOI, P1, 3, name)
        cs.set_coder_score(s, "int-c", MOOI, P2, 4, "Anna")  # only one coder: not pairable
    _, rows = agreement.score_agreement_rows(project)
    p1, p2, total = rows
    assert (
        p1["alpha ordinaal"] is None and p1["alpha interval"] is None and "geen variatie" in p1["opmerking"]
    )
    assert p1["% overeenstemming"] == 100.0
    assert (
        p2["vergelijkbaar"] == 0
        and p2["% overeenstemming"] is None
        and "te weinig paarbare" in p2["opmerking"]
    )
    assert total["alpha ordinaal"] is None and total["eenheden"] == 3
    path = project.path
    project.close()
    capsys.readouterr()
    assert main(["agreement", "scores", "-p", str(path)]) == 0
    table = capsys.readouterr().out
    assert "geen variatie" in table and "alpha ordinaal" in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("int-a", MOOI, P1, "0"), "buiten de schaal 1–5"),
        (("int-a", MOOI, P1, "6"), "buiten de schaal 1–5"),
        (("int-a", MOOI, P1, "veel"), "geen score"),
        (("int-a", MOOI, "we-aanpakken", "3"), "Onbekend leidend principe"),  # a code, but no principle
        (("int-a", MOOI, "bestaat niet", "3"), "Onbekend leidend principe"),
        (("int-a", "slecht voorbeeld", P1, "3"), "Onbekend voorbeeld"),
        (("int-x", MOOI, P1, "3"), "Onbekend interview"),
    ],
)
def test_invalid_scores_are_refused(project, args, message):
    _add_interviews(project)
    with pytest.raises(KBError, match=message), project.write() as s:
        cs.set_coder_score(s, *args, coder="Anna")
    with project.read() as s:
        assert s.scalar(select(func.count()).select_from(CoderScore)) == 0


def test_cli_errors_are_messages_not_tracebacks(project, capsys):
    _add_interviews(project)
    path = project.path
    project.close()
    assert main(["agreement", "score-set", "-p", str(path), "int-a", MOOI, P1, "9", "--coder", "Anna"]) != 0
    assert "buiten de schaal" in capsys.readouterr().err
    assert main(["agreement", "score-set", "-p", str(path), "int-a", MOOI, P1, "3", "--coder", "auto"]) != 0
    assert "geen persoon" in capsys.readouterr().err
    assert main(["agreement", "scores", "-p", str(path)]) != 0  # nobody scored yet
    assert "minstens 2 codeurs" in capsys.readouterr().err
    assert main(["agreement", "scores", "-p", str(path), "--coders", "Anna", "Onbekend"]) != 0
    assert "Onbekende codeur" in capsys.readouterr().err


def test_one_score_per_coder_setting_again_updates(project):
    _add_interviews(project)
    with project.write() as s:
        cs.set_coder_score(s, "int-a", "mooi", "Leefwereld centraal", 2, "Anna")  # by name, example alias
        cs.set_coder_score(s, "int-a", MOOI, "De leefwereld centraal", 4, "Anna")  # by alias: same unit
        cs.set_coder_score(s, "int-a", MOOI, P1, 1, "Bram")
        cs.set_coder_score(s, "int-a", VAST, P1, 5, "Anna")
    with project.read() as s:
        rows = {(r["voorbeeld"], r["codeur"]): r["score"] for r in cs.coder_scores(s)}
    assert rows == {(MOOI, "Anna"): 4, (MOOI, "Bram"): 1, (VAST, "Anna"): 5}
    # The database itself refuses a second row for the same coder and unit.
    with pytest.raises(IntegrityError), project.write() as s:
        anna = coder(s, "Anna", create=False)
        s.add(
            CoderScore(
                interview_id="int-a", example=MOOI, code_id=P1, coder_id=anna.id, score=3, updated_at="x"
            )
        )
    with project.write() as s:
        assert cs.remove_coder_score(s, "int-a", MOOI, P1, "Anna") is True
        assert cs.remove_coder_score(s, "int-a", MOOI, P1, "Anna") is False
    with project.write() as s:
        s.execute(delete(Interview).where(Interview.id == "int-a"))  # scores go with their interview
    with project.read() as s:
        assert s.scalar(select(func.count()).select_from(CoderScore)) == 0
