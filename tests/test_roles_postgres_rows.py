"""Row-level security on PostgreSQL for the rows a codeur may write only in part (issue 15, point 4): the
duidingssessies and everything hanging on them (themes, contributions, take-aways, history, basis,
leadership) and the member checks. anna (codeur) and lex (lezer) connect as themselves and try in raw SQL
what the services refuse; then the same writes through the services pass for those who may."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from roles_support import connect_as, login_url, refused, team
from tui_support import small_project_path

from kritischeblik.errors import KBError
from kritischeblik.services import coding, member_checks, sessions
from kritischeblik.store.db import Project
from kritischeblik.store.sessions import load_session

__all__ = ["small_project_path", "team"]

pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)

QUESTION = "werkende_elementen"
CONTRIBUTION = (
    "INSERT INTO duidingen (session_id, session_theme_id, kind, author, prompt, text, segment_ids, created_at) "
    "VALUES (%s, %s, %s, 'anna', '', 'x', '[]', 'nu')"
)
SESSION_THEME = "INSERT INTO session_themes (session_id, idx, label, segment_ids, status) VALUES (%s, 99, 'x', '[]', 'open')"


def _session(pg_server: Any, team: dict, login: str) -> tuple[int, int]:
    """A session led by ``login`` through the services, with one contribution; returns (session, theme)."""
    with Project.open(login_url(pg_server, team["db"], login)) as p:
        session_id = sessions.create(p, "2020-02-01", [login, "lex"], QUESTION, actor=login)
        with p.read() as s:
            theme = load_session(s, session_id).themes[0].id
        sessions.add_duiding(p, session_id, "lex", "herkenbaar", theme_id=theme, actor=login)
    return session_id, theme


@pytest.fixture
def led(team, pg_server) -> dict[str, Any]:
    """anna leads session A; bea leads B (one contribution edited, so B has a history); L was made by bea and
    lost its leader row (a session from before roles: only a beheerder writes it)."""
    a, a_theme = _session(pg_server, team, "anna")
    b, b_theme = _session(pg_server, team, "bea")
    with Project.open(login_url(pg_server, team["db"], "bea")) as p:
        with p.read() as s:
            contribution = load_session(s, b).duidingen[0].id
        sessions.edit_duiding(p, contribution, "lex", "herkenbaar, zei ze", by="bea", actor="bea")
    leaderless, l_theme = _session(pg_server, team, "bea")
    with connect_as(pg_server, team["db"], pg_server.user) as owner:  # commits at the end
        owner.execute("DELETE FROM meta WHERE key = %s", (f"session_leader:{leaderless}",))
    return {"A": (a, a_theme), "B": (b, b_theme), "L": (leaderless, l_theme)}


def _exists(conn: psycopg.Connection, key: str) -> bool:
    return conn.execute("SELECT 1 FROM meta WHERE key = %s", (key,)).fetchone() is not None


def test_a_codeur_writes_no_row_of_a_session_she_does_not_lead(team, led, pg_server):
    with connect_as(pg_server, team["db"], "anna") as conn:
        for name in ("B", "L"):
            sid, theme = led[name]
            assert refused(conn, CONTRIBUTION, sid, theme, "duiding"), name
            assert refused(conn, CONTRIBUTION, sid, None, "meenemen"), name  # "wat neem jij mee"
            assert refused(conn, "UPDATE duidingen SET text = 'x' WHERE session_id = %s", sid), name
            assert refused(conn, "DELETE FROM duidingen WHERE session_id = %s", sid), name
            assert refused(conn, SESSION_THEME, sid), name
            assert refused(conn, "UPDATE session_themes SET status = 'bevestigd' WHERE session_id = %s", sid)
            assert refused(conn, "DELETE FROM session_themes WHERE session_id = %s", sid), name
            assert refused(conn, "UPDATE duiding_sessions SET phase = 'gesloten' WHERE id = %s", sid), name
            assert refused(conn, "DELETE FROM duiding_sessions WHERE id = %s", sid), name
        # she cannot make herself the leader of a session without one
        assert refused(
            conn, "INSERT INTO meta (key, value) VALUES (%s, 'anna')", f"session_leader:{led['L'][0]}"
        )
        # in her own session she writes all of it
        sid, theme = led["A"]
        with conn.transaction(force_rollback=True):
            conn.execute(CONTRIBUTION, (sid, theme, "duiding"))
            conn.execute(CONTRIBUTION, (sid, None, "meenemen"))
            conn.execute(SESSION_THEME, (sid,))
            assert conn.execute("UPDATE duidingen SET text = 'y' WHERE session_id = %s", (sid,)).rowcount == 3
            assert conn.execute("UPDATE duiding_sessions SET phase = 'duiden' WHERE id = %s", (sid,)).rowcount
        # a session she starts in raw SQL is hers only with its leader row in the same transaction
        with conn.transaction(force_rollback=True):
            new = conn.execute(
                "INSERT INTO duiding_sessions (title, datum, question, participants, phase, reading_minutes, "
                "created_at, updated_at) VALUES ('', '2020-03-01', %s, '[\"anna\"]', 'leestijd', 15, 'nu', 'nu') "
                "RETURNING id",
                (QUESTION,),
            ).fetchone()[0]
            conn.execute("INSERT INTO meta (key, value) VALUES (%s, 'anna')", (f"session_leader:{new}",))
            conn.execute(SESSION_THEME, (new,))
            assert refused(
                conn, "INSERT INTO meta (key, value) VALUES (%s, 'bram')", f"session_leader:{new}x"
            )


def test_a_codeur_writes_the_history_and_basis_only_of_a_session_she_leads(team, led, pg_server):
    (a, _), (b, _), (leaderless, _) = led["A"], led["B"], led["L"]
    with connect_as(pg_server, team["db"], "anna") as conn:
        for key in (f"session_history:{b}", f"session_basis:{b}", f"session_basis:{leaderless}"):
            assert _exists(conn, key), key
            assert refused(conn, "UPDATE meta SET value = '[]' WHERE key = %s", key), key
            assert refused(conn, "DELETE FROM meta WHERE key = %s", key), key
        for key in (f"session_history:{leaderless}", f"session_history:{a + b + leaderless}"):
            assert not _exists(conn, key)
            assert refused(conn, "INSERT INTO meta (key, value) VALUES (%s, '[]')", key), key
        with conn.transaction(force_rollback=True):
            conn.execute("INSERT INTO meta (key, value) VALUES (%s, '[]')", (f"session_history:{a}",))
            assert (
                conn.execute("UPDATE meta SET value = value WHERE key = %s", (f"session_basis:{a}",)).rowcount
                == 1
            )
    with connect_as(pg_server, team["db"], "lex") as conn:
        for key in (f"session_history:{a}", f"session_basis:{a}", f"session_history:{b}"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction(force_rollback=True):
                conn.execute("UPDATE meta SET value = '[]' WHERE key = %s", (key,))


def test_the_leader_and_a_beheerder_still_write_sessions_through_the_services(team, led, pg_server):
    (a, a_theme), (leaderless, l_theme) = led["A"], led["L"]
    with Project.open(login_url(pg_server, team["db"], "anna")) as p:
        added = sessions.add_duiding(p, a, "lex", "iets", theme_id=a_theme, actor="anna")
        sessions.add_duiding(p, a, "lex", "neem ik mee", kind="meenemen", actor="anna")
        sessions.edit_duiding(p, added, "lex", "iets anders", by="anna", actor="anna")
        sessions.set_theme_status(p, a, a_theme, "bevestigd", actor="anna")
        sessions.add_participant(p, a, "wijkagent", actor="anna")
        sessions.set_phase(p, a, "gesloten", by="anna", actor="anna")
        sessions.set_phase(p, a, "afronding", by="anna", actor="anna")  # reopened: the history says so
        sessions.remove_duiding(p, added, by="anna", actor="anna")
        with p.read() as s:
            view = load_session(s, a)
        with pytest.raises(KBError, match="die je zelf leidt"):
            sessions.add_duiding(p, leaderless, "lex", "x", theme_id=l_theme, actor="anna")
    assert [d.text for d in view.takeaways()] == ["neem ik mee"]
    with Project.open(team["url"]) as p, p.read() as s:
        from kritischeblik.store.session_history import history

        assert [e.kind for e in history(s, a)] == ["bewerkt", "heropend", "verwijderd"]
    with Project.open(login_url(pg_server, team["db"], "bea")) as p:
        sessions.add_duiding(p, leaderless, "lex", "de beheerder neemt over", theme_id=l_theme, actor="bea")


def test_a_codeur_hides_fragments_only_of_interviews_she_codes(team, pg_server):
    """anna has not coded wijk-90 (bram has): the server refuses her member check there, as the service does;
    once she codes a fragment of it, both let her."""
    event = (
        "INSERT INTO segment_events (segment_id, interview_id, old_state, new_state, reason, changed_by, at) "
        "VALUES (%s, %s, 'actief', %s, 'gevraagd', 'anna', 'nu')"
    )
    hide = "UPDATE segments SET state = 'vertrouwelijk' WHERE id = %s"
    with connect_as(pg_server, team["db"], "anna") as conn:
        assert refused(conn, hide, team["seg"])
        assert refused(conn, event, team["seg"], "wijk-90", "vertrouwelijk")
    with Project.open(login_url(pg_server, team["db"], "anna")) as p:
        with pytest.raises(KBError, match="die je zelf codeert"):
            member_checks.set_states(p, [team["seg"]], "vertrouwelijk", by="anna", reason="x", actor="anna")
        coding.decide(p, team["other"], team["code"], "anna", "add")
    with connect_as(pg_server, team["db"], "anna") as conn:
        with conn.transaction(force_rollback=True):
            assert conn.execute(hide, (team["seg"],)).rowcount == 1
            conn.execute(event, (team["seg"], "wijk-90", "vertrouwelijk"))
        assert refused(conn, event, team["seg"], "wijk-90", "actief")  # putting back is a beheerder's
        assert refused(conn, event, team["seg"], "wijk-91", "ingetrokken")  # the fragment is not of wijk-91
    with (
        connect_as(pg_server, team["db"], "lex") as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
        conn.transaction(force_rollback=True),
    ):
        conn.execute(event, (team["seg"], "wijk-90", "vertrouwelijk"))
    with Project.open(login_url(pg_server, team["db"], "anna")) as p:
        member_checks.set_states(p, [team["seg"]], "ingetrokken", by="anna", reason="gevraagd", actor="anna")
    with connect_as(pg_server, team["db"], "bea") as conn, conn.transaction(force_rollback=True):
        assert conn.execute(event, (team["seg"], "wijk-90", "actief")).rowcount == 1


def test_a_beheerder_brings_layers_in_but_changes_no_one_elses(team, pg_server, tmp_path, small_project_path):
    """A merge brings carl's layer from a duo's project, and replacing the interview carries bram's and carl's
    codings and bram's score over to the new fragments: both insert rows in other people's layers, which the
    database lets a beheerder do. Changing or removing what bram decided it refuses her, also in raw SQL."""
    from conftest import sql_rows
    from roles_support import copy_small_project
    from tui_support import SMALL_TRANSCRIPT

    from kritischeblik.services import merge
    from kritischeblik.services.ingest import IngestOptions, ingest_paths
    from kritischeblik.store.segments import segments

    layers = (
        "SELECT c.name, count(*) FROM codings k JOIN coders c ON c.id = k.coder_id GROUP BY c.name ORDER BY 1"
    )
    scores = "SELECT c.name, s.score FROM coder_scores s JOIN coders c ON c.id = s.coder_id"
    changed = tmp_path / "wijk-90.md"
    changed.write_text(SMALL_TRANSCRIPT.replace("bleef liggen", "bleef lang liggen"), encoding="utf-8")
    duo = copy_small_project(small_project_path, tmp_path)
    with Project.open(duo) as p:
        with p.read() as s:
            fragment = segments(s, ["wijk-90"])[2].id
        coding.decide(p, fragment, team["code"], "carl", "add")
    bea = login_url(pg_server, team["db"], "bea")
    merge.merge(bea, [duo], actor="bea")
    assert ("carl", 1) in sql_rows(team["url"], layers)
    with Project.open(bea) as p:
        report = ingest_paths(p, [changed], IngestOptions(pseudonymise=False, replace=True), actor="bea")
    assert report.replaced == ["wijk-90"]
    assert [r for r in sql_rows(team["url"], layers) if r[0] != "auto"] == [("bram", 1), ("carl", 1)]
    assert sql_rows(team["url"], scores) == [("bram", 3)]
    with connect_as(pg_server, team["db"], "bea") as conn:
        for sql in (
            "UPDATE codings SET status = 'rejected' WHERE coder_id IN (SELECT id FROM coders WHERE name <> 'auto')",
            "DELETE FROM codings WHERE coder_id IN (SELECT id FROM coders WHERE name IN ('bram', 'carl'))",
            "UPDATE coder_scores SET score = 1",
            "DELETE FROM coder_scores",
        ):
            assert refused(conn, sql), sql
    with connect_as(pg_server, team["db"], "anna") as conn:  # a codeur adds nothing to another layer
        assert refused(
            conn,
            "INSERT INTO coder_scores (interview_id, example, code_id, coder_id, score, updated_at) "
            "SELECT 'wijk-90', 'vastloop', %s, id, 2, 'nu' FROM coders WHERE name = 'bram'",
            team["principle"],
        )


def test_names_and_histories_are_only_added_to_even_by_a_beheerder(team, pg_server):
    """Renaming bram's coder row would hand his layer to bea; a history that can be rewritten accounts for
    nothing. No use case changes or removes either; the server refuses it to everyone."""
    histories = (
        "UPDATE coders SET name = 'bea' WHERE name = 'bram'",
        "DELETE FROM coders WHERE name = 'bram'",
        "UPDATE coding_events SET coder = 'bea'",
        "DELETE FROM coding_events",
        "UPDATE score_events SET new_score = 1",
        "DELETE FROM score_events",
        "UPDATE segment_events SET reason = ''",
        "DELETE FROM segment_events",
    )
    from kritischeblik.store.segment_states import set_states

    with Project.open(team["url"]) as p, p.write() as s:  # one member-check event to be there
        set_states(s, [team["seg"]], "vertrouwelijk", "bea", "gevraagd")
    with connect_as(pg_server, team["db"], "lex") as conn:
        for table in ("coders", "coding_events", "score_events", "segment_events"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
    for login in ("bea", "anna"):
        with connect_as(pg_server, team["db"], login) as conn:
            for sql in histories:
                assert refused(conn, sql), (login, sql)
    with connect_as(pg_server, team["db"], "bea") as conn, conn.transaction(force_rollback=True):
        conn.execute("INSERT INTO coders (name, created_at) VALUES ('dirk', 'nu')")
        conn.execute(
            "INSERT INTO segment_events (segment_id, interview_id, old_state, new_state, reason, changed_by, at) "
            "VALUES (%s, 'wijk-90', 'vertrouwelijk', 'actief', 'terug', 'bea', 'nu')",
            (team["seg"],),
        )
