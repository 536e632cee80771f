"""Blind coding: while an interview is blind a coder sees only their own layer and the machine suggestions."""

from __future__ import annotations

import json

import agreement_fixtures as fx
import pytest
from agreement_fixtures import BOTH, segments

from kritischeblik.cli import main
from kritischeblik.errors import KBError
from kritischeblik.services import agreement, consensus
from kritischeblik.store import blind
from kritischeblik.store import disagreements as dis

pytestmark = pytest.mark.backends  # each test once on SQLite and once on PostgreSQL

duo_project_path = fx.duo_project_path
duo_pg_template = fx.duo_pg_template
duo_project = fx.duo_project


def layers(codings):
    return {c.coder for c in codings}


def test_visible_codings_follow_blind_flag(duo_project):
    with duo_project.read() as s:
        seg_id = segments(s, ["wijk-02"])[0].id
    consensus.decide_consensus(duo_project, seg_id, "lp-eenvoud", keep=False, by="Anna")
    with duo_project.write() as s:
        assert layers(blind.visible_codings(s, "wijk-02", "Anna")) == {"Anna", "Bram", "auto", "consensus"}
        assert blind.set_blind(s, ["wijk-02"], True) == ["wijk-02"]
    with duo_project.read() as s:
        assert blind.is_blind(s, "wijk-02") and not blind.is_blind(s, "school-01")
        assert layers(blind.visible_codings(s, "wijk-02", "Anna")) == {"Anna", "auto"}
        assert layers(blind.visible_codings(s, "wijk-02", "Bram")) == {"Bram", "auto"}
        assert layers(blind.visible_codings(s, "wijk-02", None)) == {"auto"}
        # other interviews are unaffected
        assert layers(blind.visible_codings(s, "school-01", "Anna")) == {"Anna", "Bram", "auto"}
        # own codings are all there, with their memos
        own = [c for c in blind.visible_codings(s, "wijk-02", "Bram") if c.coder == "Bram"]
        assert own and all(c.memo for c in own if c.status == "accepted")
        can_see = blind.visibility_filter(s, "Anna")
        assert can_see("wijk-02", "Anna") and can_see("wijk-02", "auto")
        assert not can_see("wijk-02", "Bram") and not can_see("wijk-02", "consensus")
        assert can_see("school-01", "Bram")


def test_blind_blocks_comparison_but_not_numbers(duo_project):
    with duo_project.write() as s:
        blind.set_blind(s, None, True)
    with duo_project.read() as s:
        items, skipped = dis.disagreements(s, ["Anna", "Bram"])
        assert items == [] and sorted(skipped) == sorted(BOTH)
        # agreement numbers reveal no codings and stay available
        assert agreement.agreement_frame(duo_project, ["Anna", "Bram"]).iloc[-1]["eenheden"] > 0
    with duo_project.read() as s:
        seg_id = segments(s, ["wijk-02"])[0].id
    with pytest.raises(KBError, match="blind"):
        consensus.decide_consensus(duo_project, seg_id, "we-aanpakken", True, "Anna")
    assert consensus.seed_consensus(duo_project, ["Anna", "Bram"])["geaccepteerd"] == 0
    consensus.set_blind(duo_project, ["wijk-02"], False)
    with duo_project.read() as s:
        items, skipped = dis.disagreements(s, ["Anna", "Bram"])
        assert skipped == ["school-01"] and items and {d.interview_id for d in items} == {"wijk-02"}


def test_cli_blind(duo_project, capsys):
    path = str(duo_project.path)
    assert main(["blind", "on", "wijk-02", "school-01", "-p", path]) == 0
    assert "Blind aan voor 2 interviews" in capsys.readouterr().out
    assert main(["blind", "status", "-p", path, "--format", "json"]) == 0
    status = {r["interview"]: r for r in json.loads(capsys.readouterr().out)}
    assert status["wijk-02"]["blind"] == "aan" and status["huishouden-02"]["blind"] == "uit"
    assert status["wijk-02"]["gecodeerd door"] == ["Anna", "Bram"]
    assert main(["agreement", "review", "-p", path, "--coders", "Anna", "Bram"]) == 0
    out = capsys.readouterr()
    assert "Geen verschillen" in out.out and "blind" in out.err
    assert main(["blind", "off", "--all", "-p", path]) == 0
    capsys.readouterr()
    with duo_project.read() as s:
        assert blind.blind_interviews(s) == set()
    assert main(["blind", "on", "bestaat-niet", "-p", path]) == 2
    assert "Onbekend interview" in capsys.readouterr().err
    assert main(["blind", "on", "-p", path]) == 2
    assert "--all" in capsys.readouterr().err


def test_code_list_hides_other_layers_of_blind_interviews(duo_project, capsys, monkeypatch):
    path = str(duo_project.path)
    monkeypatch.setenv("KB_CODER", "Anna")
    assert main(["blind", "on", "wijk-02", "-p", path]) == 0
    capsys.readouterr()
    assert main(["code", "list", "-p", path, "--format", "json"]) == 0
    out = capsys.readouterr()
    rows = json.loads(out.out)
    seen = {(r["interview"], r["codeur"]) for r in rows}
    assert ("wijk-02", "Anna") in seen and ("wijk-02", "auto") in seen
    assert ("wijk-02", "Bram") not in seen and ("school-01", "Bram") in seen
    assert "verborgen" in out.err
