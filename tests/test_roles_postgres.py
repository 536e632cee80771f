"""The roles enforced by PostgreSQL itself (issue 15, point 4; ``store/pg_grants.py``): logins anna and bram
(codeur), lex (lezer) and bea (beheerder) connect as themselves and try the forbidden writes in raw SQL,
bypassing the services; then through the services and the CLI, where the refusal is a Dutch KBError and the
project is unchanged. The allowed writes succeed."""

from __future__ import annotations

import psycopg
import pytest
from conftest import dump_project
from roles_support import TEAM, bram_id, connect_as, copy_small_project, login_url, make_logins, refused, team
from test_schema_versions import next_version
from tui_support import small_project_path

from kritischeblik.cli import main
from kritischeblik.errors import KBError
from kritischeblik.model import Example, Role
from kritischeblik.services import coding, roles, scores
from kritischeblik.store import pg_grants
from kritischeblik.store.db import Project
from kritischeblik.store.project_copy import copy_project

__all__ = ["next_version", "small_project_path", "team"]

pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


def test_the_groups_are_per_database_and_memberships_follow_the_roles(team, pg_server):
    names = pg_grants.groups(team["db"])
    assert names[Role.CODEUR] == f"kb_{team['db']}_codeur"
    with pg_server.admin() as conn:
        member_of = dict(
            conn.execute(
                "SELECT m.rolname, g.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
                "JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = ANY(%s) AND m.rolname = ANY(%s)",
                (list(names.values()), list(TEAM)),
            ).fetchall()
        )
    assert member_of == {login: names[role] for login, role in TEAM.items()}
    assert main(["check", "-p", team["url"]]) == 0  # the schema check accepts the grants and policies
    long = "x" * 80
    assert len(pg_grants.group_name(long, Role.BEHEERDER)) <= 63
    assert pg_grants.group_name(long, Role.LEZER) != pg_grants.group_name(long + "y", Role.LEZER)


def test_a_lezer_writes_nothing_in_raw_sql(team, pg_server):
    with connect_as(pg_server, team["db"], "lex") as conn:
        assert conn.execute("SELECT count(*) FROM codings").fetchone()[0] >= 1  # reads
        for sql in (
            "UPDATE codings SET memo = 'x'",
            "DELETE FROM codings",
            "DELETE FROM coder_scores",
            "INSERT INTO coders (name, created_at) VALUES ('lex', 'nu')",
            "INSERT INTO meta (key, value) VALUES ('role:lex', '{}')",
            "UPDATE interviews SET blind = true",
            "UPDATE segments SET state = 'ingetrokken'",
            "INSERT INTO duidingen (session_id, kind, author, prompt, text, segment_ids, created_at) "
            "VALUES (1, 'duiding', 'lex', '', 'x', '[]', 'nu')",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction(force_rollback=True):
                conn.execute(sql)


def test_a_codeur_cannot_touch_another_layer_roles_or_ingest_in_raw_sql(team, pg_server):
    with connect_as(pg_server, team["db"], "anna") as conn:
        bram = bram_id(conn)
        assert refused(conn, "UPDATE codings SET memo = 'x' WHERE coder_id = %s", bram)
        assert refused(conn, "DELETE FROM codings WHERE coder_id = %s", bram)
        assert refused(conn, "UPDATE coder_scores SET score = 1 WHERE coder_id = %s", bram)
        assert refused(conn, "DELETE FROM coder_scores WHERE coder_id = %s", bram)
        insert_as_bram = (
            "INSERT INTO codings (segment_id, code_id, coder_id, status, source, evidence, memo, created_at, "
            "updated_at, revision) VALUES (%s, %s, %s, 'accepted', 'manual', '', '', 'nu', 'nu', 1)"
        )
        assert refused(conn, insert_as_bram, team["other"], team["code"], bram)
        assert refused(conn, "INSERT INTO coders (name, created_at) VALUES ('consensus', 'nu')")
        assert refused(conn, "INSERT INTO meta (key, value) VALUES ('role:anna2', '{}')")
        assert refused(conn, "UPDATE meta SET value = '{}' WHERE key = 'role:anna'")
        assert refused(conn, "DELETE FROM meta WHERE key LIKE 'role:%%'")
        assert refused(conn, "INSERT INTO meta (key, value) VALUES ('session_leader:99', 'bram')")
        assert refused(conn, "UPDATE interviews SET text = 'x'")
        assert refused(conn, "DELETE FROM interviews")
        assert refused(conn, "UPDATE segments SET text = 'x'")
        assert refused(conn, "DELETE FROM codes")
        # her own layer she writes
        with conn.transaction(force_rollback=True):
            conn.execute("INSERT INTO coders (name, created_at) VALUES ('anna', 'nu')")
            anna = conn.execute("SELECT id FROM coders WHERE name = 'anna'").fetchone()[0]
            conn.execute(insert_as_bram, (team["other"], team["code"], anna))
            assert conn.execute("UPDATE codings SET memo = 'x' WHERE coder_id = %s", (anna,)).rowcount == 1


def test_a_beheerder_writes_roles_and_ingest_tables_but_not_another_layer(team, pg_server):
    with connect_as(pg_server, team["db"], "bea") as conn:
        bram = bram_id(conn)
        assert refused(conn, "UPDATE codings SET memo = 'x' WHERE coder_id = %s", bram)
        with conn.transaction(force_rollback=True):
            conn.execute("INSERT INTO meta (key, value) VALUES ('role:nina', '{}')")
            assert conn.execute("UPDATE interviews SET organisatie = 'x'").rowcount == 1
            conn.execute("INSERT INTO coders (name, created_at) VALUES ('consensus', 'nu')")
            assert conn.execute("DELETE FROM codes WHERE false").rowcount == 0


def test_through_the_services_a_refusal_is_dutch_and_changes_nothing(team, pg_server, monkeypatch):
    before = dump_project(team["url"])
    with (
        Project.open(login_url(pg_server, team["db"], "lex")) as p,
        pytest.raises(KBError, match="Je bent lezer"),
    ):
        coding.decide(p, team["seg"], team["code"], "lex", "add")
    with Project.open(login_url(pg_server, team["db"], "anna")) as p:
        # the login is who acts: a name given by the shell that differs is refused, not believed
        with pytest.raises(KBError, match="ingelogd als 'anna'"):
            coding.decide(p, team["seg"], team["code"], "bram", "remove")
        with pytest.raises(KBError, match="ingelogd als 'anna'"):
            roles.set_role(p, "anna", Role.BEHEERDER, actor="bea")
        with pytest.raises(KBError, match="alleen een beheerder"):
            roles.set_role(p, "anna", Role.BEHEERDER, actor="anna")
        with pytest.raises(KBError, match="niet in die van een andere codeur"):
            scores.set_coder_score(
                p, "wijk-90", Example.MOOI, team["principle"], 1, coder="bram", actor="anna"
            )
        # without the services' check the server still refuses, in Dutch
        monkeypatch.setattr(roles, "require", lambda *a, **k: None)
        with pytest.raises(KBError, match="geen toestemming"):
            scores.set_coder_score(p, "wijk-90", Example.MOOI, team["principle"], 1, coder="bram")
    assert dump_project(team["url"]) == before


def test_anna_codes_her_own_layer_on_the_command_line(team, pg_server, capsys, monkeypatch):
    monkeypatch.delenv("KB_CODER", raising=False)
    anna = login_url(pg_server, team["db"], "anna")
    code = main(["code", "add", "-p", anna, str(team["other"]), team["code"], "--coder", "anna"])
    assert code == 0, capsys.readouterr().err
    with connect_as(pg_server, team["db"], "lex") as conn:
        layers = conn.execute(
            "SELECT c.name FROM codings k JOIN coders c ON c.id = k.coder_id WHERE k.segment_id = %s",
            (team["other"],),
        ).fetchall()
    assert ("anna",) in layers
    before = dump_project(team["url"])
    code = main(
        [
            "code",
            "add",
            "-p",
            login_url(pg_server, team["db"], "lex"),
            str(team["seg"]),
            team["code"],
            "--coder",
            "lex",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "Je bent lezer" in err and "Traceback" not in err
    assert dump_project(team["url"]) == before


def test_without_createrole_a_dutch_error_and_the_sql_for_the_administrator(backend, pg_server, capsys):
    """olga owns the project's database and made the project, but may not create roles: ``kb rol zet`` says
    so and changes nothing; the administrator runs ``kb rol sql``'s script; then olga manages the roles."""
    from conftest import new_project

    make_logins(pg_server, ["olga", "anna"])
    database = pg_server.new_database()
    with pg_server.admin() as conn:
        conn.execute(f'ALTER DATABASE "{database}" OWNER TO olga')
    olga = login_url(pg_server, database, "olga")
    new_project(olga).close()
    before = dump_project(olga)
    code = main(["rol", "zet", "-p", olga, "anna", "codeur"])
    err = capsys.readouterr().err
    assert code == 2 and "CREATEROLE" in err and "kb rol sql" in err and "Traceback" not in err
    assert dump_project(olga) == before
    assert main(["rol", "sql", "-p", olga]) == 0
    script = capsys.readouterr().out
    assert f'CREATE ROLE "kb_{database}_codeur" NOLOGIN' in script and "ENABLE ROW LEVEL SECURITY" in script
    with psycopg.connect(
        host=pg_server.socket_dir, port=pg_server.port, user=pg_server.user, dbname=database, autocommit=True
    ) as conn:
        conn.execute(script)
    code = main(["rol", "zet", "-p", olga, "anna", "codeur"])
    assert code == 0, capsys.readouterr().err
    with connect_as(pg_server, database, "anna") as conn:
        assert refused(conn, "INSERT INTO meta (key, value) VALUES ('role:anna2', '{}')")
        with conn.transaction(force_rollback=True):
            conn.execute("INSERT INTO coders (name, created_at) VALUES ('anna', 'nu')")
    # the server's administrator, made beheerder, makes anna lezer: olga's grant of codeur goes too
    assert main(["rol", "zet", "-p", olga, pg_server.user, "beheerder"]) == 0
    assert main(["rol", "zet", "-p", pg_server.url(database), "anna", "lezer"]) == 0, capsys.readouterr().err
    with connect_as(pg_server, database, "anna") as conn:
        assert refused(conn, "INSERT INTO coders (name, created_at) VALUES ('anna', 'nu')")
        assert conn.execute("SELECT count(*) FROM meta").fetchone()[0] > 0
    pg_server.drop_database(database)


def test_a_later_revisions_table_gets_the_same_grants(team, pg_server, request):
    """The next revision (a version 11 with a table ``notes``, as in test_schema_versions) migrates the project
    as its owner; the grants are applied again, so every role reads it and only a beheerder writes it."""
    request.getfixturevalue("next_version")
    with pytest.raises(KBError, match="kan alleen de eigenaar van het project"):
        Project.open(login_url(pg_server, team["db"], "bea"))
    with Project.open(team["url"]) as migrated:
        assert migrated.schema_version() == 11
    with connect_as(pg_server, team["db"], "lex") as conn:
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
        assert refused(conn, "INSERT INTO notes (text) VALUES ('x')")
    with connect_as(pg_server, team["db"], "anna") as conn:
        assert refused(conn, "INSERT INTO notes (text) VALUES ('x')")
    with connect_as(pg_server, team["db"], "bea") as conn, conn.transaction(force_rollback=True):
        conn.execute("INSERT INTO notes (text) VALUES ('x')")


def test_a_codeur_leads_her_own_session_and_cannot_take_over_another(team, pg_server):
    from kritischeblik.services import sessions

    with Project.open(login_url(pg_server, team["db"], "anna")) as p:
        session_id = sessions.create(p, "2020-02-01", ["anna", "lex"], "werkende_elementen", actor="anna")
        sessions.set_phase(p, session_id, "duiden", by="anna", actor="anna")
    leader = f"session_leader:{session_id}"
    with connect_as(pg_server, team["db"], "bram") as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = %s", (leader,)).fetchone() == ("anna",)
        assert refused(conn, "UPDATE meta SET value = 'bram' WHERE key = %s", leader)
        assert refused(conn, "DELETE FROM meta WHERE key = %s", leader)
        assert refused(conn, "UPDATE duiding_sessions SET phase = 'gesloten' WHERE id = %s", session_id)
        assert refused(conn, "DELETE FROM duiding_sessions WHERE id = %s", session_id)
        assert refused(conn, "UPDATE session_themes SET label = 'x' WHERE session_id = %s", session_id)
        duiding = (
            "INSERT INTO duidingen (session_id, kind, author, prompt, text, segment_ids, created_at) "
            "VALUES (%s, 'duiding', 'bram', '', 'x', '[]', 'nu')"
        )
        assert refused(conn, duiding, session_id)
    with connect_as(pg_server, team["db"], "anna") as conn, conn.transaction(force_rollback=True):
        conn.execute(duiding, (session_id,))
        assert conn.execute("DELETE FROM duiding_sessions WHERE id = %s", (session_id,)).rowcount == 1
    with connect_as(pg_server, team["db"], "lex") as conn:
        assert refused(conn, "UPDATE duiding_sessions SET phase = 'gesloten'")


def test_a_codeur_switches_blind_on_hides_fragments_and_writes_only_her_own_history(team, pg_server):
    with connect_as(pg_server, team["db"], "anna") as conn:
        assert refused(conn, "UPDATE interviews SET blind = false")
        assert refused(conn, "UPDATE segments SET state = 'actief' WHERE id = %s", team["seg"])
        assert refused(
            conn,
            "INSERT INTO coding_events (segment_id, code_id, coder, action, memo, at) "
            "VALUES (%s, %s, 'bram', 'add', '', 'nu')",
            team["seg"],
            team["code"],
        )
        assert refused(
            conn,
            "INSERT INTO score_events (interview_id, example, code_id, coder, source, at) "
            "VALUES ('wijk-90', 'mooi', %s, 'bram', 'codeur', 'nu')",
            team["principle"],
        )
        with conn.transaction(force_rollback=True):
            assert conn.execute("UPDATE interviews SET blind = true").rowcount == 1
            # a member check only in an interview she codes: her own coding there first
            anna = conn.execute("INSERT INTO coders (name, created_at) VALUES ('anna', 'nu') RETURNING id")
            conn.execute(
                "INSERT INTO codings (segment_id, code_id, coder_id, status, source, evidence, memo, created_at, "
                "updated_at, revision) VALUES (%s, %s, %s, 'accepted', 'manual', '', '', 'nu', 'nu', 1)",
                (team["other"], team["code"], anna.fetchone()[0]),
            )
            changed = conn.execute("UPDATE segments SET state = 'ingetrokken' WHERE id = %s", (team["seg"],))
            assert changed.rowcount == 1
            conn.execute(
                "INSERT INTO coding_events (segment_id, code_id, coder, action, memo, at) "
                "VALUES (%s, %s, 'anna', 'add', '', 'nu')",
                (team["seg"], team["code"]),
            )
    with connect_as(pg_server, team["db"], "bea") as conn, conn.transaction(force_rollback=True):
        assert (
            conn.execute("UPDATE segments SET state = 'actief' WHERE id = %s", (team["seg"],)).rowcount == 1
        )
        assert conn.execute("UPDATE interviews SET blind = false").rowcount == 1


def test_a_codeurs_allowed_writes_through_the_services_as_her_login(team, pg_server):
    """Coding, scoring, blind on and a member check (she coded the interview) all pass the database."""
    from kritischeblik.services import consensus, member_checks

    with Project.open(login_url(pg_server, team["db"], "anna")) as p:
        coding.decide(p, team["other"], team["code"], "anna", "add", memo="eigen laag")
        scores.set_coder_score(p, "wijk-90", Example.MOOI, team["principle"], 4, coder="anna")
        consensus.set_blind(p, ["wijk-90"], True, actor="anna")
        member_checks.set_states(
            p, [team["other"]], "vertrouwelijk", by="anna", reason="gevraagd", actor="anna"
        )
        with pytest.raises(KBError, match="alleen een beheerder"):
            consensus.set_blind(p, ["wijk-90"], False, actor="anna")
    with connect_as(pg_server, team["db"], "lex") as conn:
        assert conn.execute("SELECT blind FROM interviews WHERE id = 'wijk-90'").fetchone() == (True,)
        state = conn.execute("SELECT state FROM segments WHERE id = %s", (team["other"],)).fetchone()
        assert state == ("vertrouwelijk",)
        assert conn.execute(
            "SELECT s.score FROM coder_scores s JOIN coders c ON c.id = s.coder_id WHERE c.name = 'anna'"
        ).fetchall() == [(4,)]


def test_a_sqlite_project_with_roles_copied_to_postgresql_is_enforced_there(
    backend, pg_server, small_project_path, tmp_path
):
    """The roles come over as meta rows (spelled as on SQLite: 'Anna'); the copy makes the groups and puts
    the logins that exist in them; a name without a login gets nothing."""
    make_logins(pg_server, ["anna", "lex", "bea"])
    source = copy_small_project(small_project_path, tmp_path)
    with Project.open(source) as p:
        roles.set_role(p, "Bea", Role.BEHEERDER, actor="Bea")
        for name, role in (("Anna", Role.CODEUR), ("Lex", Role.LEZER), ("Zoë", Role.CODEUR)):
            roles.set_role(p, name, role, actor="Bea")
    database = pg_server.new_database()
    with Project.open(source) as src:
        copy_project(src, pg_server.url(database))
    with connect_as(pg_server, database, "lex") as conn:
        assert conn.execute("SELECT count(*) FROM segments").fetchone()[0] > 0
        assert refused(conn, "UPDATE segments SET state = 'ingetrokken'")
    with connect_as(pg_server, database, "anna") as conn:
        assert refused(conn, "INSERT INTO meta (key, value) VALUES ('role:anna2', '{}')")
    with connect_as(pg_server, database, "bea") as conn, conn.transaction(force_rollback=True):
        conn.execute("INSERT INTO meta (key, value) VALUES ('role:nina', '{}')")
    pg_server.drop_database(database)


def test_a_beheerder_who_does_not_own_the_tables_is_told_who_can_change_roles(team, pg_server, capsys):
    before = dump_project(team["url"])
    code = main(["rol", "zet", "-p", login_url(pg_server, team["db"], "bea"), "bram", "lezer"])
    err = capsys.readouterr().err
    assert code == 2 and "databaserollen" in err and "kb rol sql" in err and "Traceback" not in err
    assert dump_project(team["url"]) == before


def test_kb_rol_sql_on_a_sqlite_project_points_to_the_file_permissions(backend, small_project_path, capsys):
    assert main(["rol", "sql", "-p", str(small_project_path)]) == 2
    assert "SQLite-project" in capsys.readouterr().err
