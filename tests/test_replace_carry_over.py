"""`kb ingest --replace` keeps what people made: codings, member checks (withdrawn stays withdrawn), theme
memberships, coders' scores and the blind flag move to the fragments with the same text; what no longer
exists is reported and kept in the history, never silently dropped."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import DEMO_DIR, sql_rows

from kritischeblik.cli import main

IID = "wijk-02"
CODE = "we-echt-in-gesprek"


def _kb(capsys, *args: object) -> tuple[int, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out + err


@pytest.fixture
def coded(tmp_path, capsys, pseudonymiser):
    """wijk-02 ingested, coded by Anna on four fragments (with memos), one fragment withdrawn, one
    confidential, a coder score, themes, blind on; and a second version of the file in which the first
    coded fragment and the withdrawn fragment were reworded."""
    project, source = tmp_path / "p.kb", tmp_path / f"{IID}.md"
    source.write_text((DEMO_DIR / f"{IID}.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["init", "-p", str(project)]) == 0
    assert _kb(capsys, "ingest", "-p", project, source)[0] == 0
    rows = sql_rows(
        project,
        "SELECT id, text FROM segments WHERE interview_id = ? AND role = 'respondent' "
        "AND length(text) > 50 AND text NOT LIKE '%[%' ORDER BY idx",
        IID,
    )
    chosen = rows[:6]
    original = source.read_text(encoding="utf-8")
    assert all(text in original for _, text in chosen), "testdata: zinnen moeten letterlijk in de bron staan"
    for n, (sid, _text) in enumerate(chosen[:4]):
        assert (
            _kb(capsys, "code", "add", sid, CODE, "-p", project, "--coder", "Anna", "--memo", f"memo {n}")[0]
            == 0
        )
    withdrawn, confidential = chosen[4], chosen[5]
    assert (
        _kb(capsys, "fragment", "withdraw", withdrawn[0], "-p", project, "--by", "Anna", "--reden", "mc")[0]
        == 0
    )
    assert _kb(capsys, "fragment", "confidential", confidential[0], "-p", project, "--by", "Anna")[0] == 0
    assert (
        _kb(
            capsys,
            "agreement",
            "score-set",
            IID,
            "vastloopmoment",
            "Eenvoud",
            "2",
            "-p",
            project,
            "--coder",
            "Anna",
        )[0]
        == 0
    )
    assert _kb(capsys, "code", "auto", "-p", project)[0] == 0
    assert _kb(capsys, "themes", "--kind", "belemmerend", "--k", "2", "-p", project)[0] == 0
    assert _kb(capsys, "blind", "on", IID, "-p", project)[0] == 0
    from kritischeblik.store import sessions
    from kritischeblik.store.db import Project

    with Project.open(project) as p, p.write() as s:
        themes = sessions.code_themes(s, "belemmerende_elementen")
        sid = sessions.create_session(s, "2020-01-20", ["Deelnemer A"], "belemmerende_elementen", themes)
        theme_id = sessions.load_session(s, sid).themes[0].id
        sessions.add_duiding(
            s,
            sid,
            "Deelnemer A",
            "Dit zien we vaker.",
            theme_id=theme_id,
            segment_ids=[chosen[0][0], chosen[1][0]],
        )
    return project, source, original, chosen


def _replace_with(capsys, project: Path, source: Path, text: str) -> str:
    source.write_text(text, encoding="utf-8")
    code, output = _kb(capsys, "ingest", "--replace", "-p", project, source)
    assert code == 0, output
    return output


def test_codings_states_scores_and_blind_follow_the_same_text(coded, capsys):
    project, source, original, chosen = coded
    reworded = chosen[0][1]
    members_before = sql_rows(
        project,
        "SELECT COUNT(*) FROM theme_members m JOIN segments s ON s.id = m.segment_id "
        "WHERE s.interview_id = ?",
        IID,
    )[0][0]
    assert members_before > 0
    output = _replace_with(
        capsys, project, source, original.replace(reworded, "Dit is een heel andere zin geworden.")
    )
    assert "overgenomen op fragmenten met dezelfde tekst: 3 codering(en), 2 member check(s)" in output
    assert "machinesuggestie(s) vervallen; maak ze opnieuw met 'kb code auto'" in output
    kept = sql_rows(
        project,
        "SELECT s.text, c.memo, c.status FROM codings c JOIN segments s ON s.id = c.segment_id "
        "JOIN coders k ON k.id = c.coder_id WHERE k.name = 'Anna' ORDER BY s.idx",
    )
    assert kept == [(text, f"memo {n}", "accepted") for n, (_, text) in enumerate(chosen[:4]) if n > 0]
    lost = sql_rows(project, "SELECT action, old_status, memo FROM coding_events WHERE action = 'vervallen'")
    assert len(lost) == 1 and lost[0][1] == "accepted" and reworded in lost[0][2] and "memo 0" in lost[0][2]
    states = dict(
        sql_rows(
            project, "SELECT text, state FROM segments WHERE interview_id = ? AND state != 'actief'", IID
        )
    )
    assert states == {chosen[4][1]: "ingetrokken", chosen[5][1]: "vertrouwelijk"}
    assert sql_rows(project, "SELECT score FROM coder_scores") == [(2,)]
    assert sql_rows(project, "SELECT blind FROM interviews WHERE id = ?", IID) == [(1,)]
    members_after = sql_rows(
        project,
        "SELECT COUNT(*) FROM theme_members m JOIN segments s ON s.id = m.segment_id "
        "WHERE s.interview_id = ?",
        IID,
    )[0][0]
    assert members_after >= members_before - 1
    # the duiding follows the kept fragment to its new id and lets go of the reworded one
    (links,) = sql_rows(project, "SELECT segment_ids FROM duidingen")[0]
    new_kept = sql_rows(
        project, "SELECT id FROM segments WHERE interview_id = ? AND text = ?", IID, chosen[1][1]
    )
    assert json.loads(links) == [new_kept[0][0]]
    assert main(["check", "-p", str(project)]) == 0


def test_check_reports_a_duiding_that_points_at_nothing(coded, capsys):
    project, *_ = coded
    con = sqlite3.connect(project)
    with con:
        con.execute("UPDATE duidingen SET segment_ids = '[987654]'")
    con.close()
    code, output = _kb(capsys, "check", "-p", project)
    assert code != 0 and "verwijst naar onbekende fragment(en) 987654" in output


def test_a_withdrawn_fragment_that_was_reworded_is_flagged_loudly(coded, capsys, tmp_path):
    project, source, original, chosen = coded
    output = _replace_with(
        capsys, project, source, original.replace(chosen[4][1], "Een herschreven zin, nu anders.")
    )
    assert "LET OP: 1 ingetrokken fragment(en) niet teruggevonden" in output
    assert "kb fragment withdraw" in output
    # the unchanged confidential fragment is still marked; nothing withdrawn reached an export
    assert main(["export", "csv", "-p", str(project), str(tmp_path / "csv")]) == 0
    assert chosen[5][1] in (tmp_path / "csv" / "segments.csv").read_text(encoding="utf-8")
    assert sql_rows(project, "SELECT COUNT(*) FROM segments WHERE state = 'vertrouwelijk'") == [(1,)]


def test_new_fragments_never_reuse_the_ids_that_histories_name(coded, capsys):
    """The replaced interview held the highest segment ids; SQLite would hand them out again, and the old
    fragments' decision history would then seem to be about the new ones."""
    project, source, original, chosen = coded
    old_ids = [r[0] for r in sql_rows(project, "SELECT id FROM segments WHERE interview_id = ?", IID)]
    _replace_with(
        capsys, project, source, original.replace(chosen[0][1], "Dit is een heel andere zin geworden.")
    )
    new_ids = [r[0] for r in sql_rows(project, "SELECT id FROM segments WHERE interview_id = ?", IID)]
    assert min(new_ids) > max(old_ids)
    named = {r[0] for r in sql_rows(project, "SELECT segment_id FROM coding_events")}
    assert named & set(old_ids) and not named & set(new_ids)  # the old history stays with the old fragments
