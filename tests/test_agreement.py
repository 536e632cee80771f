"""Agreement, disagreement review and consensus on a project coded by a simulated duo (see agreement_fixtures)."""

from __future__ import annotations

import json
import re

import agreement_fixtures as fx
import krippendorff
import pytest
from agreement_fixtures import BOTH, RULES, SHARED_REJECT, rule_hits, segments
from sklearn.metrics import cohen_kappa_score
from sqlalchemy import func, select

from kritischeblik.analysis.agreement import TOTAL
from kritischeblik.cli import main
from kritischeblik.commands.hints import cli_message
from kritischeblik.errors import KBError
from kritischeblik.services import agreement, consensus
from kritischeblik.store import agreement as ag
from kritischeblik.store import codings
from kritischeblik.store import disagreements as dis
from kritischeblik.store.schema import Coder, Coding, Segment

duo_project_path = fx.duo_project_path
duo_pg_template = fx.duo_pg_template
duo_project = fx.duo_project

pytestmark = pytest.mark.backends


def expected_vectors(session, interview_ids, code):
    """Independent reconstruction of each coder's 0/1 values from the rules, over all segments."""
    segs = segments(session, interview_ids)
    return (
        [int(rule_hits(s.text, code, "Anna")) for s in segs],
        [int(rule_hits(s.text, code, "Bram")) for s in segs],
    )


def layer_count(session, name):
    return session.scalar(select(func.count()).select_from(Coding).join(Coder).where(Coder.name == name))


def test_agreement_per_code_matches_independent_computation(duo_project):
    with duo_project.read() as s:
        df = agreement.agreement_frame(duo_project, ["Anna", "Bram"]).set_index("code")
        assert sorted(df.attrs["interviews"]) == sorted(BOTH)  # huishouden-02 was coded by Anna only
        n_units = len(segments(s, BOTH))
        pooled_a, pooled_b = [], []
        for code in RULES:
            a, b = expected_vectors(s, BOTH, code)
            assert sum(a) and sum(b), "the demo text should trigger every rule"
            row = df.loc[code]
            assert row["eenheden"] == n_units
            assert row["n Anna"] == sum(a) and row["n Bram"] == sum(b)
            assert row["kappa"] == pytest.approx(cohen_kappa_score(a, b))
            assert row["alpha"] == pytest.approx(krippendorff.alpha([a, b], level_of_measurement="nominal"))
            assert row["% overeenstemming"] == pytest.approx(
                100 * sum(x == y for x, y in zip(a, b, strict=True)) / n_units
            )
            pooled_a += a
            pooled_b += b
        # lp-eenvoud was only rejected: nobody applied it, so it is not in the default list of codes.
        assert SHARED_REJECT not in df.index
        assert df.loc[TOTAL, "eenheden"] == n_units * len(RULES)
        assert df.loc[TOTAL, "kappa"] == pytest.approx(cohen_kappa_score(pooled_a, pooled_b))
        assert df.loc["we-aanpakken", "naam"].startswith("We pakken aan")


def test_unit_interview_and_filters(duo_project):
    df = agreement.agreement_frame(
        duo_project,
        ["Anna", "Bram"],
        code_ids=["we-aanpakken", "lp-zo-nabij-mogelijk"],
        interview_ids=["wijk-02"],
        unit="interview",
    ).set_index("code")
    assert list(df.index) == ["we-aanpakken", "lp-zo-nabij-mogelijk", TOTAL]
    assert df.loc["we-aanpakken", "eenheden"] == 1
    # both coders applied it somewhere in wijk-02: one unit, full agreement, κ undefined (one category)
    assert df.loc["we-aanpakken", "% overeenstemming"] == 100
    assert df.loc["we-aanpakken", "kappa"] != df.loc["we-aanpakken", "kappa"]  # NaN: undefined
    assert "geen variatie" in df.loc["we-aanpakken", "opmerking"]
    # auto suggestions are not a coder's decision
    assert df.loc["lp-zo-nabij-mogelijk", "n Anna"] == 0
    assert "geen enkele codeur" in df.loc["lp-zo-nabij-mogelijk", "opmerking"]


def test_withdrawn_segments_are_not_units(duo_project):
    before = (
        agreement.agreement_frame(duo_project, ["Anna", "Bram"])
        .set_index("code")
        .loc["we-aanpakken", "eenheden"]
    )
    with duo_project.write() as s:
        seg = segments(s, ["wijk-02"])[3]
        seg.state = "ingetrokken"
    after = (
        agreement.agreement_frame(duo_project, ["Anna", "Bram"])
        .set_index("code")
        .loc["we-aanpakken", "eenheden"]
    )
    assert after == before - 1


def test_three_coders_alpha(duo_project):
    with duo_project.write() as s:
        segs = segments(s, BOTH)
        codings.decide(s, segs[0].id, SHARED_REJECT, "Carla", "reject")
        codings.decide(s, segs[len(segs) // 2].id, SHARED_REJECT, "Carla", "reject")
        for seg in segs:
            if "gewoon" in seg.text.lower():
                codings.decide(s, seg.id, "we-aanpakken", "Carla", "add")
    with duo_project.read() as s:
        row = agreement.agreement_frame(
            duo_project, ["Anna", "Bram", "Carla"], code_ids=["we-aanpakken"]
        ).iloc[0]
        a, b = expected_vectors(s, BOTH, "we-aanpakken")
        c = [int("gewoon" in seg.text.lower()) for seg in segments(s, BOTH)]
    assert row["kappa"] != row["kappa"]
    assert row["alpha"] == pytest.approx(krippendorff.alpha([a, b, c], level_of_measurement="nominal"))


def test_per_interview_agreement(duo_project):
    with duo_project.read() as s:
        result = agreement.per_interview_agreement(duo_project)
        assert result["huishouden-02"] is None  # one coder only
        for iid in BOTH:
            va, vb = [], []
            for code in RULES:
                a, b = expected_vectors(s, [iid], code)
                if sum(a) + sum(b):
                    va += a
                    vb += b
            assert result[iid] == pytest.approx(cohen_kappa_score(va, vb))


def test_optional_frame_for_exports(duo_project, project):
    assert (
        agreement.optional_agreement_frame(project) is None
    )  # no coders yet: the export leaves the sheet out
    df = agreement.optional_agreement_frame(duo_project)
    assert df is not None and df.iloc[-1]["code"] == TOTAL
    assert agreement.per_interview_agreement(duo_project, ["Anna", "Bram"])["huishouden-02"] is None


def test_errors_are_user_errors(duo_project):
    with pytest.raises(KBError, match="Onbekende codeur"):
        agreement.agreement_frame(duo_project, ["Anna", "Zoë"])
    with pytest.raises(KBError, match="minstens 2"):
        agreement.agreement_frame(duo_project, ["Anna"])
    with pytest.raises(KBError, match="Onbekende code"):
        agreement.agreement_frame(duo_project, ["Anna", "Bram"], code_ids=["bestaat-niet"])
    with pytest.raises(KBError, match="Onbekend interview"):
        agreement.agreement_frame(duo_project, ["Anna", "Bram"], interview_ids=["x"])
    with pytest.raises(KBError, match="machinesuggesties"):
        agreement.agreement_frame(duo_project, ["Anna", "auto"])


def expected_disagreements(session):
    out = set()
    for seg in segments(session, BOTH):
        for code in RULES:
            if rule_hits(seg.text, code, "Anna") != rule_hits(seg.text, code, "Bram"):
                out.add((seg.id, code))
    return out


def test_review_decide_and_consensus(duo_project):
    with duo_project.read() as s:
        items, skipped = dis.disagreements(s, ["Anna", "Bram"])
        expected = expected_disagreements(s)
        layers_before = {n: layer_count(s, n) for n in ("Anna", "Bram", "auto")}
    assert {(d.segment_id, d.code_id) for d in items} == expected and not skipped
    # the explicit "no" and the memo of each coder are shown side by side
    rejected = [d for d in items if d.status["Bram"] == "rejected"]
    assert rejected and all(d.memo["Bram"] == "geen systeemwereld" for d in rejected)
    assert all(d.memo["Anna"] == f"Anna: regel {d.code_id}" for d in rejected)

    first = items[0]
    row = consensus.decide_consensus(
        duo_project, first.segment_id, first.code_id, keep=False, by="Anna", memo="past niet"
    )
    assert row.status == "rejected" and row.memo == "past niet (besloten door Anna)"
    with duo_project.read() as s:
        hist = codings.history(s, first.segment_id, "consensus")
        assert hist[-1].memo == "past niet (besloten door Anna)" and hist[-1].new_status == "rejected"
        open_items, _ = dis.disagreements(s, ["Anna", "Bram"], only_open=True)
        assert len(open_items) == len(items) - 1

    # Pre-decide one segment both coders accepted: seeding must leave it alone.
    with duo_project.read() as s:
        agreed = sorted(
            (seg.id, code)
            for seg in segments(s, BOTH)
            for code in RULES
            if rule_hits(seg.text, code, "Anna") and rule_hits(seg.text, code, "Bram")
        )
    consensus.decide_consensus(duo_project, agreed[0][0], agreed[0][1], keep=False, by="Bram")
    counts = consensus.seed_consensus(duo_project, ["Anna", "Bram"])
    assert counts["geaccepteerd"] == len(agreed) - 1
    assert counts["afgewezen"] == len(BOTH)  # the shared explicit rejection of lp-eenvoud per interview
    assert counts["al_besloten"] == 1
    with duo_project.read() as s:
        assert codings.find(s, agreed[0][0], agreed[0][1], "consensus").status == "rejected"
        assert all(codings.find(s, sid, code, "consensus").status == "accepted" for sid, code in agreed[1:])
        assert {n: layer_count(s, n) for n in ("Anna", "Bram", "auto")} == layers_before
        # consensus is a layer like any other: it can be compared with a coder
        df = agreement.agreement_frame(duo_project, ["Anna", "consensus"]).set_index("code")
        assert df.loc[TOTAL, "eenheden"] > 0
    # seeding twice adds nothing
    again = consensus.seed_consensus(duo_project, ["Anna", "Bram"])
    assert (
        again["geaccepteerd"] == 0
        and again["al_besloten"] == counts["geaccepteerd"] + counts["afgewezen"] + 1
    )


def test_decide_refuses_non_persons(duo_project):
    with duo_project.read() as s:
        seg_id = segments(s, BOTH)[0].id
    for who in ("auto", "consensus", " "):
        with pytest.raises(KBError):
            consensus.decide_consensus(duo_project, seg_id, "we-aanpakken", True, who)
    with pytest.raises(KBError, match="Onbekend segment"):
        consensus.decide_consensus(duo_project, 10**9, "we-aanpakken", True, "Anna")


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_agreement_review_decide_consensus(duo_project, capsys):
    path = str(duo_project.path)
    code, out, _ = run(capsys, "agreement", "-p", path, "--coders", "Anna", "Bram", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["codeurs"] == ["Anna", "Bram"] and sorted(data["interviews"]) == sorted(BOTH)
    rows = {r["code"]: r for r in data["codes"]}
    with duo_project.read() as s:
        a, b = expected_vectors(s, BOTH, "be-systeemwereld")
        expected = expected_disagreements(s)
    assert rows["be-systeemwereld"]["kappa"] == pytest.approx(cohen_kappa_score(a, b))

    code, out, _ = run(capsys, "agreement", "-p", path, "--codes", "lp-eenvoud")
    assert code == 0 and "n.v.t." in out and "Anna, Bram" in out

    code, out, _ = run(
        capsys, "agreement", "review", "-p", path, "--coders", "Anna", "Bram", "--format", "json"
    )
    items = json.loads(out)
    assert {(i["segment"], i["code"]) for i in items} == expected
    code, out, _ = run(capsys, "agreement", "review", "-p", path, "--coders", "Anna", "Bram")
    assert (
        code == 0
        and (f"{len(expected)} verschillen" if len(expected) != 1 else "1 verschil") in out
        and "consensus" in out
    )

    seg, cid = items[0]["segment"], items[0]["code"]
    code, out, _ = run(
        capsys,
        "agreement",
        "decide",
        str(seg),
        cid,
        "--keep",
        "yes",
        "--by",
        "Anna",
        "--memo",
        "samen besproken",
        "-p",
        path,
    )
    assert code == 0 and "behouden" in out
    # options before the subcommand count too (argparse would otherwise reset them to the defaults)
    code, out, _ = run(
        capsys, "agreement", "-p", path, "--format", "json", "consensus", "--coders", "Anna", "Bram"
    )
    assert code == 0 and json.loads(out)["al_besloten"] == 0
    with duo_project.read() as s:
        c = codings.find(s, seg, cid, "consensus")
        assert c.status == "accepted" and "besloten door Anna" in c.memo
        assert s.get(Segment, seg) is not None

    code, _, err = run(capsys, "agreement", "-p", path, "--coders", "Anna", "Niemand")
    assert code == 2 and "Onbekende codeur" in err
    code, _, err = run(
        capsys, "agreement", "decide", str(seg), cid, "--keep", "no", "--by", "consensus", "-p", path
    )
    assert code == 2 and "geen persoon" in err


def test_coding_and_score_comparisons_pick_coders_alike(duo_project):
    """Coder selection is one function for codings and for scores; only who counts by default differs."""
    from kritischeblik.store import coder_scores as cs

    with duo_project.write() as s:
        cs.set_coder_score(s, "wijk-02", "mooi voorbeeld", "lp-eenvoud", 4, "Anna")
    with duo_project.read() as s:
        assert ag.resolve_coders(s, ["  Anna ", "Bram", "Anna"]) == ["Anna", "Bram"]
        assert cs.score_reliability_data(s, [" Anna", "Bram "]).coders == ["Anna", "Bram"]
        for pick in (ag.resolve_coders, cs.score_reliability_data):
            with pytest.raises(KBError, match="machinesuggesties"):
                pick(s, ["Anna", "auto"])
        with pytest.raises(KBError, match="bekende codeurs: Anna, Bram"):
            ag.resolve_coders(s, ["Anna", "Zoë"])
        with pytest.raises(KBError, match="codeurs met scores: Anna$"):
            cs.score_reliability_data(s, ["Anna", "Zoë"])
        # By default: every human coder with codings, but only Anna has scores.
        assert ag.resolve_coders(s, None) == ["Anna", "Bram"]
        # the hint is the shell's: the CLI's wording names the command
        with pytest.raises(KBError) as caught:
            cs.score_reliability_data(s, None)
        assert re.search(
            r"minstens 2 codeurs met scores .*\(gevonden: Anna\).*score-set", cli_message(caught.value)
        )
