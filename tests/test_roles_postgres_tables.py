"""Every table of a PostgreSQL project, per role (issue 15, point 4): what the server lets lex (lezer), anna
(codeur) and bea (beheerder) do to it at all, found by trying each command (and each column for UPDATE) and
compared with the matrix the issue asks for; which tables have row-level security. A table a later revision
adds falls under the defaults (everyone reads, only a beheerder writes). Then ``kb project copy`` telling how
many people with a role were left without a database group, and ``kb rol sql`` holding the policies."""

from __future__ import annotations

import json

import psycopg
import pytest
from roles_support import TEAM, connect_as, copy_small_project, login_url, make_logins, team
from tui_support import small_project_path

from kritischeblik.cli import main
from kritischeblik.model import Role
from kritischeblik.services import roles
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Base

__all__ = ["small_project_path", "team"]

pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)

READ = {"SELECT"}
WRITE = {"SELECT", "INSERT", "UPDATE", "DELETE"}
CODEUR = {
    "codings": WRITE,
    "coder_scores": WRITE,
    "duiding_sessions": WRITE,
    "session_themes": WRITE,
    "duidingen": WRITE,
    "meta": {"SELECT", "INSERT", "UPDATE"},
    "coders": {"SELECT", "INSERT"},
    "coding_events": {"SELECT", "INSERT"},
    "score_events": {"SELECT", "INSERT"},
    "segment_events": {"SELECT", "INSERT"},
    "segments": {"SELECT", "UPDATE(state)"},
    "interviews": {"SELECT", "UPDATE(blind)"},
}
"""What a codeur may do to a table at all (row-level security narrows it to their own rows); any other
table: read only."""
ROW_LEVEL = set(CODEUR)
"""The tables with row-level security: those a codeur writes, whose rows belong to a person or a session."""
VERSION_TABLE = "alembic_version"


def _allowed(conn: psycopg.Connection, table: str, columns: list[str]) -> set[str]:
    """What ``conn``'s login may do to ``table``: each command tried on no row (the privilege check comes
    first), always rolled back."""

    def may(sql: str) -> bool:
        try:
            with conn.transaction(force_rollback=True):
                conn.execute(sql)
        except psycopg.errors.InsufficientPrivilege:
            return False
        except psycopg.errors.FeatureNotSupported:  # TRUNCATE of a table other tables refer to
            return True
        return True

    found = {
        command
        for command, sql in (
            ("SELECT", f'SELECT 1 FROM "{table}" LIMIT 0'),
            ("INSERT", f'INSERT INTO "{table}" SELECT * FROM "{table}" WHERE false'),
            ("DELETE", f'DELETE FROM "{table}" WHERE false'),
            ("TRUNCATE", f'TRUNCATE "{table}"'),
        )
        if may(sql)
    }
    updatable = [c for c in columns if may(f'UPDATE "{table}" SET "{c}" = "{c}" WHERE false')]
    if updatable == columns:
        found.add("UPDATE")
    elif updatable:
        found.add(f"UPDATE({','.join(updatable)})")
    return found


def test_every_table_per_role(team, pg_server):
    with connect_as(pg_server, team["db"], pg_server.user) as owner:
        tables = {
            t: [
                c
                for (c,) in owner.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                    "AND table_name = %s ORDER BY ordinal_position",
                    (t,),
                )
            ]
            for (t,) in owner.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        }
        secured = {
            t
            for (t,) in owner.execute(
                "SELECT relname FROM pg_class WHERE relrowsecurity AND relnamespace = current_schema()::regnamespace"
            )
        }
    assert set(tables) == {t.name for t in Base.metadata.sorted_tables} | {VERSION_TABLE}
    assert secured == ROW_LEVEL
    for login, role in TEAM.items():
        with connect_as(pg_server, team["db"], login) as conn:
            for table, columns in tables.items():
                if role == Role.LEZER:
                    expected = READ
                elif role == Role.CODEUR:
                    expected = CODEUR.get(table, READ)
                else:
                    expected = READ if table == VERSION_TABLE else WRITE
                assert _allowed(conn, table, columns) == expected, (login, table)


def test_an_older_set_up_is_replaced_when_the_owner_opens_the_project(team, pg_server, capsys):
    """Roles set up by an earlier version (another fingerprint, a policy it had, a TRUNCATE it granted): a
    beheerder's ``kb check`` says so; the tables' owner opening the project replaces the set-up, stale policy
    and grant included (a stale permissive policy would stay OR'ed with the new ones)."""
    with connect_as(pg_server, team["db"], pg_server.user) as owner:
        owner.execute(f'CREATE POLICY kb_old ON duidingen FOR ALL TO "kb_{team["db"]}_codeur" USING (true)')
        owner.execute(f'GRANT TRUNCATE ON codings TO "kb_{team["db"]}_beheerder"')
        owner.execute("COMMENT ON POLICY kb_read ON meta IS 'kritischeblik rollen 0123456789abcdef'")
    bea = login_url(pg_server, team["db"], "bea")
    with Project.open(bea) as p:
        assert p.grants_outdated
    assert main(["check", "-p", bea]) != 0
    assert "rollen: de rechten en rijbeveiliging" in capsys.readouterr().out
    with Project.open(team["url"]) as p:
        assert not p.grants_outdated
    with connect_as(pg_server, team["db"], pg_server.user) as owner:
        names = {
            n for (n,) in owner.execute("SELECT policyname FROM pg_policies WHERE tablename = 'duidingen'")
        }
        assert names == {"kb_read", "kb_led", "kb_beheerder"}
    with connect_as(pg_server, team["db"], "bea") as conn:
        assert "TRUNCATE" not in _allowed(conn, "codings", ["memo"])
    assert main(["check", "-p", bea]) == 0, capsys.readouterr().out


def test_a_copy_tells_how_many_people_have_no_database_group(
    backend, pg_server, small_project_path, tmp_path, capsys
):
    """A SQLite project with roles for Bea, Anna and Zoë; only bea and anna are logins on the server: the copy
    says one person is left without a group, without naming her; ``kb rol toon`` names her."""
    make_logins(pg_server, ["anna", "bea"])
    source = copy_small_project(small_project_path, tmp_path)
    with Project.open(source) as p:
        roles.set_role(p, "Bea", Role.BEHEERDER, actor="Bea")
        for name in ("Anna", "Zoë"):
            roles.set_role(p, name, Role.CODEUR, actor="Bea")
    database = pg_server.new_database()
    url = pg_server.url(database)
    assert main(["project", "copy", str(source), url]) == 0
    out, err = capsys.readouterr()
    assert "1 persoon met een rol in dit project zit in de kopie in geen databasegroep" in err
    assert "kb rol toon -p" in err and "CREATE ROLE" in err and "kb rol sql" in err
    assert "Zoë" not in out + err
    assert main(["rol", "toon", "-p", url, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == [
        {"naam": "Anna", "rol": "codeur", "databasegroep": "ja"},
        {"naam": "Bea", "rol": "beheerder", "databasegroep": "ja"},
        {"naam": "Zoë", "rol": "codeur", "databasegroep": "nee"},
    ]
    assert "1 persoon zit in geen databasegroep" in err
    # once the login exists and the administrator ran the script, nobody is left out
    make_logins(pg_server, ["Zoë"])
    assert main(["rol", "sql", "-p", url]) == 0
    with psycopg.connect(
        host=pg_server.socket_dir, port=pg_server.port, user=pg_server.user, dbname=database, autocommit=True
    ) as admin:
        admin.execute(capsys.readouterr().out)
    with Project.open(url) as p:
        assert roles.without_database_group(p) == []
    pg_server.drop_database(database)


def test_a_copy_of_a_project_without_roles_says_nothing_more(
    backend, pg_server, small_project_path, tmp_path, capsys
):
    database = pg_server.new_database()
    source = copy_small_project(small_project_path, tmp_path)
    assert main(["project", "copy", str(source), pg_server.url(database)]) == 0
    assert "databasegroep" not in capsys.readouterr().err
    pg_server.drop_database(database)


def test_kb_rol_sql_holds_every_policy(team, pg_server, capsys):
    assert main(["rol", "sql", "-p", team["url"]]) == 0
    script = capsys.readouterr().out
    for table in sorted(ROW_LEVEL):
        assert f'ALTER TABLE "public"."{table}" ENABLE ROW LEVEL SECURITY;' in script
    for policy in ('kb_member_check ON "public"."segment_events" FOR INSERT', "kb_session_keys_update"):
        assert policy in script
    assert "pg_current_xact_id()::xid" in script and "TRUNCATE" not in script
    with connect_as(pg_server, team["db"], pg_server.user) as owner:
        policies = owner.execute("SELECT count(*) FROM pg_policies WHERE schemaname = 'public'").fetchone()[0]
    assert script.count("CREATE POLICY ") == policies
