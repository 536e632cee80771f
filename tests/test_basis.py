"""Honest basis (issue 13.6): every count, theme list, summary, export and session says what it rests on
(a coder's decisions, the consensus, or unreviewed machine suggestions) and how many interviews that covers;
the numbers are checked against a direct count over the project's rows, on the demo corpus."""

from __future__ import annotations

import json
import re
import zipfile

import openpyxl
import pytest
from conftest import sql_rows
from tui_support import suggested_demo_path, tui_project

from kritischeblik.cli import main
from kritischeblik.model import Action
from kritischeblik.services import coding, consensus, exports, sessions
from kritischeblik.services import themes as theme_service
from kritischeblik.store import coverage
from kritischeblik.store import sessions as session_store
from kritischeblik.store.db import Project

__all__ = ["suggested_demo_path", "tui_project"]

CODER = "Anna"
MACHINE = "k.name = 'auto' AND c.status = 'suggested'"
COVERED = re.compile(r"(\d+) van (\d+) interviews (gecodeerd|met suggesties, niet beoordeeld)")


def _count(path, layer_sql: str, *args: object) -> int:  # noqa: ANN001
    """Interviews with at least one coding of a layer, counted straight from the tables."""
    (n,) = sql_rows(
        path,
        "SELECT COUNT(DISTINCT s.interview_id) FROM codings c JOIN coders k ON k.id = c.coder_id "
        "JOIN segments s ON s.id = c.segment_id WHERE s.state != 'ingetrokken' AND " + layer_sql,
        *args,
    )[0]
    return n


def _interviews(path) -> int:  # noqa: ANN001
    return sql_rows(path, "SELECT COUNT(*) FROM interviews")[0][0]


def _suggestions_of_kind(path, kind: str) -> list[tuple[str, int, str]]:  # noqa: ANN001
    """(interview, segment, code) of machine suggestions for codes of ``kind``, one per interview."""
    rows = sql_rows(
        path,
        "SELECT s.interview_id, c.segment_id, c.code_id FROM codings c JOIN coders k ON k.id = c.coder_id "
        "JOIN segments s ON s.id = c.segment_id JOIN codes d ON d.id = c.code_id "
        "WHERE k.name = 'auto' AND d.kind = ? ORDER BY s.interview_id, s.idx",
        kind,
    )
    first: dict[str, tuple[str, int, str]] = {}
    for iid, sid, cid in rows:
        first.setdefault(iid, (iid, sid, cid))
    return list(first.values())


def _decide(project: Project, n_accept: int, n_reject: int) -> set[str]:
    """Anna accepts a belemmerend suggestion in ``n_accept`` interviews and rejects one in ``n_reject`` others
    (a rejection is a decision too: that interview counts as coded). Returns the interviews she decided in."""
    picks = _suggestions_of_kind(project.path, "belemmerend_element")[: n_accept + n_reject]
    assert len(picks) == n_accept + n_reject, "the demo has belemmerend suggestions in enough interviews"
    for i, (_iid, sid, cid) in enumerate(picks):
        coding.decide(project, sid, cid, CODER, Action.ACCEPT if i < n_accept else Action.REJECT)
    return {iid for iid, _sid, _cid in picks}


def _numbers(text: str) -> tuple[int, int]:
    found = COVERED.search(text)
    assert found, text
    return int(found.group(1)), int(found.group(2))


# -- the one query -----------------------------------------------------------------------------------
def test_coverage_counts_equal_a_direct_count_and_auto_never_switches_silently(tui_project):
    with Project.open(tui_project) as p:
        with p.read() as s:
            before = coverage.project_basis(s)
        machine = _count(tui_project, MACHINE)
        assert (before.layer, before.unreviewed) == ("suggesties", True)
        assert (before.coded, before.total) == (machine, _interviews(tui_project))
        assert "niet-beoordeelde machinesuggesties" in before.text()
        assert "met suggesties, niet beoordeeld" in before.text()
        assert "nog geen beslissingen van codeurs" in before.text()  # why auto chose the machine

        decided = _decide(p, 3, 1)
        with p.read() as s:
            mine = coverage.basis(s, "codeur", CODER, "codeur")
            now = coverage.project_basis(s)
        direct = _count(tui_project, "k.name = ? AND c.status IN ('accepted', 'rejected')", CODER)
        assert mine.coded == direct == len(decided) == 4
        assert f"beslissingen van codeur {CODER}" in mine.text() and f"4 van {mine.total}" in mine.text()
        assert now.layer == "codeurs" and "er is nog geen consensus" in now.text()
        assert not now.unreviewed

        iid, sid, cid = _suggestions_of_kind(tui_project, "belemmerend_element")[0]
        consensus.decide_consensus(p, sid, cid, keep=True, by=CODER)
        with p.read() as s:
            agreed = coverage.project_basis(s)
        assert agreed.layer == "consensus" and agreed.reason == ""
        assert agreed.coded == _count(
            tui_project, "k.name = 'consensus' AND c.status IN ('accepted', 'rejected')"
        )
        assert agreed.coded == 1 and "consensus" in agreed.text()


# -- the CLI ------------------------------------------------------------------------------------------
def test_cli_counts_state_their_basis(tui_project, capsys):
    with Project.open(tui_project) as p:
        decided = _decide(p, 2, 0)
    total = _interviews(tui_project)
    expected = f"{len(decided)} van {total} interviews gecodeerd"
    path = str(tui_project)
    for argv in (
        ["status"],
        ["matrix", "omgeving"],
        ["compare", "omgeving"],
    ):
        assert main([*argv, "-p", path]) == 0
        out = capsys.readouterr().out
        assert "gebaseerd op: beslissingen van alle codeurs samen" in out, argv
        assert expected in out and "er is nog geen consensus" in out, argv
    # machine formats keep stdout clean: the basis goes to stderr (csv) or into the document (json)
    assert main(["matrix", "omgeving", "-p", path, "--format", "csv"]) == 0
    cap = capsys.readouterr()
    assert expected not in cap.out and expected in cap.err
    assert main(["tally", "--table", "coderingen", "-p", path, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    based = doc["coderingen_gebaseerd_op"]
    machine = _count(tui_project, MACHINE)
    assert based["basis"] == "suggesties" and based["alleen_deze_codes"]
    assert (based["interviews_gecodeerd"], based["interviews_totaal"]) == (machine, total)
    # Anna coded belemmerende elementen only: the principle counts still rest on the machine, and say why
    assert main(["tally", "--table", "coderingen", "-p", path]) == 0
    out = capsys.readouterr().out
    assert "gebaseerd op: niet-beoordeelde machinesuggesties" in out
    assert "nog geen beslissingen van codeurs over deze codes" in out
    # a named coder
    assert main(["tally", "--table", "coderingen", "--coder", CODER, "-p", path]) == 0
    assert f"beslissingen van codeur {CODER}; {expected}" in capsys.readouterr().out


def test_themes_keep_their_basis_and_say_when_the_ground_moved(tui_project, capsys):
    path = str(tui_project)
    assert main(["themes", "--kind", "belemmerend", "-p", path]) == 0
    out = capsys.readouterr().out
    machine = _count(tui_project, MACHINE)
    assert f"niet-beoordeelde machinesuggesties; {machine} van" in out
    with Project.open(tui_project) as p:
        decided = _decide(p, 3, 0)
    # the stored themes still rest on the suggestions: the list says so, and that there are decisions now
    assert main(["themes", "show", "--kind", "belemmerend", "-p", path]) == 0
    out = capsys.readouterr().out
    assert "niet-beoordeelde machinesuggesties" in out
    assert "dit kan inmiddels rusten op beslissingen van alle codeurs samen; cluster opnieuw" in out
    assert main(["status", "-p", path, "--format", "json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert "machinesuggesties" in status["themas"]["belemmerend"]
    # re-clustering switches the basis: never silently
    assert main(["themes", "--kind", "belemmerend", "-p", path]) == 0
    cap = capsys.readouterr()
    assert f"{len(decided)} van {_interviews(tui_project)} interviews gecodeerd" in cap.out
    assert "Let op: de vorige thema's rustten op niet-beoordeelde machinesuggesties" in cap.err
    assert main(["themes", "show", "-p", path]) == 0
    assert "inmiddels" not in capsys.readouterr().out


# -- exports ------------------------------------------------------------------------------------------
def test_exports_state_basis_and_coverage(tui_project, tmp_path):
    with Project.open(tui_project) as p:
        decided = _decide(p, 3, 1)
        theme_service.recluster(p, "belemmerend", k=3)
        total = _interviews(tui_project)
        expected = f"{len(decided)} van {total} interviews gecodeerd"

        text = exports.summary(p, tmp_path / "s.md")
        assert f"beslissingen van alle codeurs samen; {expected}" in text

        exports.xlsx(p, tmp_path / "w.xlsx")
        wb = openpyxl.load_workbook(tmp_path / "w.xlsx")
        overview = dict(wb["Overzicht"].iter_rows(min_row=2, values_only=True))
        assert expected in overview["tellingen en matrices"]
        assert overview[f"dekking beslissingen van codeur {CODER}"] == expected
        machine = _count(tui_project, MACHINE)
        assert _numbers(overview["dekking niet-beoordeelde machinesuggesties"]) == (machine, total)
        sheet = list(wb["Thema's"].iter_rows(values_only=True))
        col = sheet[0].index("gebaseerd op")
        assert sheet[1:] and all(expected in row[col] for row in sheet[1:])

        exports.csv(p, tmp_path / "csv")
        readme = (tmp_path / "csv" / "README.md").read_text(encoding="utf-8")
        assert f"- beslissingen van codeur {CODER}: {expected}" in readme
        assert f"thema's belemmerend: gebaseerd op: beslissingen van alle codeurs samen; {expected}" in readme

        exports.qdpx(p, tmp_path / "p.qdpx")
        qde = zipfile.ZipFile(tmp_path / "p.qdpx").read("project.qde").decode("utf-8")
        assert f"Gebaseerd op: beslissingen van codeur {CODER}: {expected}." in qde
        assert "machinesuggesties:" not in qde  # suggestions are never exported, so not claimed either


def test_summary_on_suggestions_says_so_with_the_numbers(tui_project, tmp_path):
    with Project.open(tui_project) as p:
        text = exports.summary(p, tmp_path / "s.md")
    machine = _count(tui_project, MACHINE)
    assert "Een onderzoeker heeft ze nog niet gecontroleerd" in text
    assert _numbers(text.split("Gebaseerd op:")[1]) == (machine, _interviews(tui_project))


# -- sessions -----------------------------------------------------------------------------------------
def test_session_on_unreviewed_themes_warns_and_the_minutes_say_it(tui_project, tmp_path, capsys):
    with Project.open(tui_project) as p:
        offered = sessions.offered_basis(p, "belemmerende_elementen")
        assert offered.unreviewed and offered.layer == "suggesties"
        sid = sessions.create(p, "2020-01-24", ["Commissielid A"], "belemmerende_elementen")
        with p.read() as s:
            view = session_store.load_session(s, sid)
        assert view.basis == offered
        exports.session_minutes(p, sid, tmp_path / "verslag.md")
    minutes = (tmp_path / "verslag.md").read_text(encoding="utf-8")
    machine = _count(tui_project, MACHINE)
    line = next(x for x in minutes.splitlines() if x.startswith("- **Basis van de thema's:**"))
    assert "niet-beoordeelde machinesuggesties" in line
    assert _numbers(line) == (machine, _interviews(tui_project))
    assert "machinesuggesties die nog geen codeur heeft beoordeeld" in minutes
    assert main(["session", "show", str(sid), "-p", str(tui_project)]) == 0
    out = capsys.readouterr().out
    assert "niet-beoordeelde machinesuggesties" in out and "Let op" in out
    assert main(["session", "list", "-p", str(tui_project), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["basis"] == "niet-beoordeelde machinesuggesties"


def test_session_basis_follows_the_coders(tui_project, tmp_path):
    with Project.open(tui_project) as p:
        decided = _decide(p, 3, 0)
        # one theme per code: the coders' accepts mixed with suggestions nobody decided on
        mixed = sessions.offered_basis(p, "belemmerende_elementen")
        assert mixed.layer == "gemengd" and mixed.unreviewed and mixed.coded == len(decided)
        # themes clustered on the coders' decisions are reviewed ground
        theme_service.recluster(p, "belemmerend", k=2)
        reviewed = sessions.offered_basis(p, "belemmerende_elementen")
        assert reviewed.layer == "codeurs" and not reviewed.unreviewed
        sid = sessions.create(p, "2020-01-24", ["Commissielid A"], "belemmerende_elementen")
        exports.session_minutes(p, sid, tmp_path / "verslag.md")
    minutes = (tmp_path / "verslag.md").read_text(encoding="utf-8")
    assert f"beslissingen van alle codeurs samen; {len(decided)} van {_interviews(tui_project)}" in minutes
    assert "Let op" not in minutes


def test_old_sessions_say_their_basis_is_unknown(tui_project, tmp_path):
    with Project.open(tui_project) as p:
        with p.write() as s:  # as a session started before the basis was kept
            themes = session_store.code_themes(s, "werkende_elementen")
            sid = session_store.create_session(s, "2020-01-24", ["A"], "werkende_elementen", themes)
        exports.session_minutes(p, sid, tmp_path / "v.md")
    assert "**Basis van de thema's:** onbekend" in (tmp_path / "v.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("requested", ["consensus", "suggesties"])
def test_an_explicit_basis_gives_no_auto_reason(tui_project, requested):
    with Project.open(tui_project) as p, p.read() as s:
        found = coverage.basis(s, requested, requested=requested)
    assert found.reason == "" and found.layer == requested


def test_export_commands_print_the_basis_and_a_filter_narrows_the_coverage(tui_project, tmp_path, capsys):
    path = str(tui_project)
    wijk = sql_rows(tui_project, "SELECT COUNT(*) FROM interviews WHERE omgeving = 'wijk'")[0][0]
    machine = _count(
        tui_project, MACHINE + " AND s.interview_id IN (SELECT id FROM interviews WHERE omgeving = 'wijk')"
    )
    assert 0 < wijk < _interviews(tui_project)
    out = tmp_path / "wijk.md"
    assert main(["export", "samenvatting", str(out), "-p", path, "--filter", "omgeving=wijk"]) == 0
    printed = capsys.readouterr().out
    assert "Gebaseerd op: niet-beoordeelde machinesuggesties" in printed
    assert _numbers(printed) == (machine, wijk)
    assert _numbers(out.read_text(encoding="utf-8").split("Gebaseerd op:")[1]) == (machine, wijk)
    with Project.open(tui_project) as p:
        decided = _decide(p, 2, 0)
    assert main(["export", "xlsx", str(tmp_path / "w.xlsx"), "-p", path]) == 0
    printed = capsys.readouterr().out
    assert f"Codematrices gebaseerd op: beslissingen van alle codeurs samen; {len(decided)} van" in printed


def test_interview_list_states_the_coders_coverage(tui_project, capsys):
    with Project.open(tui_project) as p:
        decided = _decide(p, 2, 1)
    assert main(["interviews", "list", "--coder", CODER, "-p", str(tui_project)]) == 0
    out = capsys.readouterr().out
    assert f"gebaseerd op: beslissingen van codeur {CODER}; {len(decided)} van" in out
    assert _numbers(out) == (len(decided), _interviews(tui_project))


def test_themes_of_a_named_coder_stay_that_coders(tui_project):
    with Project.open(tui_project) as p:
        decided = _decide(p, 3, 0)
        done = theme_service.recluster(p, "belemmerend", k=2, coder=CODER)
        iid, sid, cid = _suggestions_of_kind(tui_project, "belemmerend_element")[0]
        consensus.decide_consensus(p, sid, cid, keep=True, by=CODER)
        with p.read() as s:
            found = coverage.theme_basis(s, "belemmerend")
    assert done.basis == found
    assert found.layer == "codeur" and found.coder == CODER and found.coded == len(decided)
    assert found.change == "" and "inmiddels" not in found.text()
