"""Code matrices and co-occurrence against hand counts on constructed data, and the kb matrix CLI."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from kritischeblik.analysis.matrices import code_matrix, cooccurrence, resolve_basis, select_codings
from kritischeblik.cli import main
from kritischeblik.commands.hints import cli_message
from kritischeblik.errors import KBError
from kritischeblik.store import codings as store_codings
from kritischeblik.store import reads
from kritischeblik.store.schema import Segment

INTERVIEWS = pd.DataFrame(
    {
        "interview_id": ["w1", "w2", "s1", "h1"],
        "omgeving": ["wijk", "wijk", "school", "huishouden"],
        "respondent_rol": ["huisarts", "wijkagent", "mentor", "huisarts"],
        "attr_golf": ["1", "2", "1", None],
    }
)

# (segment_id, interview_id, segment_idx, code_id, coder, status)
RAW = [
    (1, "w1", 0, "A", "anna", "accepted"),
    (1, "w1", 0, "B", "anna", "accepted"),
    (2, "w1", 1, "B", "anna", "accepted"),
    (4, "w1", 3, "C", "anna", "accepted"),
    (1, "w1", 0, "A", "bert", "accepted"),  # same segment and code by a second coder: counts once
    (10, "w2", 0, "A", "anna", "accepted"),
    (12, "w2", 2, "C", "anna", "accepted"),
    (20, "s1", 0, "B", "anna", "accepted"),
    (20, "s1", 0, "C", "anna", "accepted"),
    (21, "s1", 1, "A", "anna", "rejected"),  # rejected: not counted
    (22, "s1", 5, "A", "auto", "suggested"),  # machine suggestion: not counted when humans coded
]
# h1 has no codings at all but counts in the share denominators.


def coded_frame() -> pd.DataFrame:
    df = pd.DataFrame(
        RAW, columns=["segment_id", "interview_id", "segment_idx", "code_id", "coder", "status"]
    )
    df["code_name"] = df["code_id"].map({"A": "Code A", "B": "Code B", "C": "Code C"})
    return df


CODES = pd.DataFrame({"code_id": ["C", "B", "A", "D"], "name": ["Code C", "Code B", "Code A", "Code D"]})


def test_basis_selection_drops_rejected_and_duplicates():
    cod = coded_frame()
    assert resolve_basis(cod) == "codeurs"
    sel = select_codings(cod, "codeurs")
    assert sorted(zip(sel.segment_id, sel.code_id, strict=True)) == [
        (1, "A"),
        (1, "B"),
        (2, "B"),
        (4, "C"),
        (10, "A"),
        (12, "C"),
        (20, "B"),
        (20, "C"),
    ]
    assert sorted(select_codings(cod, "codeur", "bert").segment_id) == [1]
    assert list(select_codings(cod, "suggesties").segment_id) == [22]
    assert resolve_basis(cod[cod.coder == "auto"]) == "suggesties"
    with pytest.raises(KBError) as err:
        resolve_basis(cod, "codeur")
    assert re.search("--coder", cli_message(err.value))  # the flag is the CLI's wording of the hint


def test_code_by_omgeving_counts_and_shares_by_hand():
    coded = select_codings(coded_frame(), "codeurs")
    m = code_matrix(coded, INTERVIEWS, "omgeving", codes=CODES).set_index("code_id")
    assert list(m.columns) == ["code", "huishouden", "school", "wijk", "totaal"]
    assert list(m.index) == ["C", "B", "A"]  # codebook order; D never occurs and is dropped
    assert m.loc["A", ["huishouden", "school", "wijk", "totaal"]].tolist() == [0, 0, 2, 2]
    assert m.loc["B", ["huishouden", "school", "wijk", "totaal"]].tolist() == [0, 1, 2, 3]
    assert m.loc["C", ["huishouden", "school", "wijk", "totaal"]].tolist() == [0, 1, 2, 3]

    s = code_matrix(coded, INTERVIEWS, "omgeving", share=True, codes=CODES).set_index("code_id")
    assert s.loc["A", ["huishouden", "school", "wijk", "alle"]].tolist() == [0, 0, 1.0, 2 / 4]
    assert s.loc["B", ["huishouden", "school", "wijk", "alle"]].tolist() == [0, 1.0, 0.5, 2 / 4]
    assert s.loc["C", ["huishouden", "school", "wijk", "alle"]].tolist() == [0, 1.0, 1.0, 3 / 4]
    full = code_matrix(coded, INTERVIEWS, "omgeving", codes=CODES, drop_empty=False)
    assert full.set_index("code_id").loc["D", "totaal"] == 0


def test_code_by_role_interview_and_attribute():
    coded = select_codings(coded_frame(), "codeurs")
    rol = code_matrix(coded, INTERVIEWS, "rol").set_index("code_id")
    assert rol.loc["A", ["huisarts", "mentor", "wijkagent"]].tolist() == [1, 0, 1]
    iv = code_matrix(coded, INTERVIEWS, "interview", share=True).set_index("code_id")
    assert list(iv.columns) == ["code", "h1", "s1", "w1", "w2", "alle"]
    assert iv.loc["C", ["h1", "s1", "w1", "w2"]].tolist() == [0, 1, 1, 1]
    golf = code_matrix(coded, INTERVIEWS, "attr_golf").set_index("code_id")
    assert golf.loc["B", ["(geen)", "1", "2"]].tolist() == [0, 3, 0]
    with pytest.raises(KBError, match="Onbekende indeling"):
        code_matrix(coded, INTERVIEWS, "gemeente")


def test_cooccurrence_same_segment_by_hand():
    coded = select_codings(coded_frame(), "codeurs")
    m = cooccurrence(coded, window=0, codes=CODES).set_index("code_id")
    # Segments: 1 {A,B}, 2 {B}, 4 {C}, 10 {A}, 12 {C}, 20 {B,C}
    assert m.loc["A", "B"] == m.loc["B", "A"] == 1
    assert m.loc["B", "C"] == m.loc["C", "B"] == 1
    assert m.loc["A", "C"] == 0
    assert [m.loc[c, c] for c in ("A", "B", "C")] == [2, 3, 3]


def test_cooccurrence_window_by_hand():
    coded = select_codings(coded_frame(), "codeurs")
    m = cooccurrence(coded, window=2, codes=CODES).set_index("code_id")
    # Segment pairs at most 2 apart in one interview (w1: idx 0 {A,B}, 1 {B}, 3 {C}; w2: 0 {A}, 2 {C};
    # s1: 0 {B,C}):
    #  A-B: seg 1 itself, (1,2) → 2      A-C: (10,12) in w2 → 1 ((1,4) is 3 apart)
    #  B-C: seg 20 itself, (2,4) → 2
    assert (m.loc["A", "B"], m.loc["A", "C"], m.loc["B", "C"]) == (2, 1, 2)
    assert (m.loc["B", "A"], m.loc["C", "A"], m.loc["C", "B"]) == (2, 1, 2)
    assert [m.loc[c, c] for c in ("A", "B", "C")] == [2, 3, 3]
    wide = cooccurrence(coded, window=3, codes=CODES).set_index("code_id")
    assert wide.loc["A", "C"] == 2  # (1,4) now inside the window
    share = cooccurrence(coded, window=2, share=True, interviews=INTERVIEWS, codes=CODES).set_index("code_id")
    assert share.loc["A", "B"] == 1 / 4 and share.loc["A", "C"] == 1 / 4 and share.loc["B", "C"] == 2 / 4
    assert share.loc["C", "C"] == 3 / 4
    with pytest.raises(KBError):
        cooccurrence(coded, window=-1)


def test_cli_matrix_on_demo(demo_project, capsys):
    with demo_project.write() as s:
        segs = (
            s.query(Segment)
            .filter(Segment.interview_id.in_(["wijk-01", "school-01"]))
            .order_by(Segment.id)
            .all()
        )
        w = [x for x in segs if x.interview_id == "wijk-01"][:3]
        sc = [x for x in segs if x.interview_id == "school-01"][:1]
        for seg in w[:2]:
            store_codings.decide(s, seg.id, "be-gebrek-aan-daadkracht", "anna", "add")
        store_codings.decide(s, w[2].id, "be-systeemwereld", "anna", "add")
        store_codings.decide(s, sc[0].id, "be-gebrek-aan-daadkracht", "anna", "add")
        store_codings.decide(s, sc[0].id, "be-systeemwereld", "bert", "add")
    path = str(demo_project.path)
    assert main(["matrix", "omgeving", "-p", path, "--format", "json"]) == 0
    rows = {r["code_id"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(rows) == {"be-gebrek-aan-daadkracht", "be-systeemwereld"}
    assert (rows["be-gebrek-aan-daadkracht"]["wijk"], rows["be-gebrek-aan-daadkracht"]["school"]) == (2, 1)
    assert rows["be-systeemwereld"]["totaal"] == 2
    assert main(["matrix", "omgeving", "-p", path, "--coder", "anna", "--share", "--format", "json"]) == 0
    rows = {r["code_id"]: r for r in json.loads(capsys.readouterr().out)}
    with demo_project.read() as s:
        iv = reads.interviews(s)
    n_wijk = int((iv["omgeving"] == "wijk").sum())
    assert rows["be-systeemwereld"]["wijk"] == pytest.approx(1 / n_wijk)
    assert rows["be-systeemwereld"]["school"] == 0
    assert main(["matrix", "cooccurrence", "-p", path, "--window", "2"]) == 0
    out = capsys.readouterr().out
    assert "venster 2" in out and "Gebrek aan daadkracht" in out
    assert main(["matrix", "rol", "-p", path, "--coder", "nobody"]) == 2
    assert "nobody" in capsys.readouterr().err
