"""A project in a PostgreSQL database: the URL (never with a password), the commands, read-only that the
server enforces, one writer at a time without lost updates, and the schema check's refusal of foreign
objects. Runs against the throwaway server of tests/pg_server.py."""

from __future__ import annotations

import json
import threading

import psycopg
import pytest
from sqlalchemy import text

from kritischeblik.cli import main
from kritischeblik.store.db import Project, ProjectError
from kritischeblik.store.location import DatabaseUrl, project_location
from kritischeblik.store.schema import Meta
from kritischeblik.store.schema_versions import LATEST
from kritischeblik.store.stats import check_problems

SECRET = "geheim-Wachtwoord-42"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://anna:{SECRET}@db.example.org/studie",
        f"postgres://anna:{SECRET}@db.example.org:5433/studie",
        f"postgresql://anna@db.example.org/studie?password={SECRET}",
    ],
)
def test_a_url_with_a_password_is_refused_and_never_shown(url, capsys, monkeypatch):
    with pytest.raises(SystemExit) as stopped:
        main(["status", "-p", url])
    out, err = capsys.readouterr()
    assert stopped.value.code == 2
    assert "bevat een wachtwoord" in err and "PGPASSWORD" in err and ".pgpass" in err
    assert SECRET not in out + err and "Traceback" not in err
    monkeypatch.setenv("KB_PROJECT", url)
    assert main(["status"]) == 2
    out, err = capsys.readouterr()
    assert "bevat een wachtwoord" in err and SECRET not in out + err


def test_urls_and_files():
    assert isinstance(project_location("postgresql://anna@server/studie"), DatabaseUrl)
    assert (
        str(project_location("postgresql://anna@server:5433/studie"))
        == "postgresql://anna@server:5433/studie"
    )
    assert project_location("postgresql+psycopg://anna@server/studie").name == "studie"
    assert str(project_location("studie.kb")) == "studie.kb"
    with pytest.raises(ProjectError, match="noemt geen database"):
        project_location("postgresql://anna@server")


def test_init_status_and_check_on_postgresql(pg_server, capsys):
    url = pg_server.url(pg_server.new_database())
    assert main(["init", "-p", url]) == 0
    assert main(["status", "-p", url, "--format", "json"]) == 0
    out, _ = capsys.readouterr()
    status = json.loads(out[out.index("{") :])
    assert status["schemaversie"] == LATEST and status["project"] == str(project_location(url))
    assert main(["check", "-p", url]) == 0
    assert "Project is in orde" in capsys.readouterr().out
    # A second init into the same database is refused: it holds a project now.
    assert main(["init", "-p", url]) != 0
    assert "bevat al een project" in capsys.readouterr().err


def test_a_database_that_is_not_there_says_so(pg_server):
    with pytest.raises(ProjectError, match="kan geen verbinding maken"):
        Project.open(pg_server.url("bestaat_niet"))


def test_an_empty_database_is_not_a_project(pg_server):
    with pytest.raises(ProjectError, match="geen Kritische Blik-project"):
        Project.open(pg_server.url(pg_server.new_database()))


def test_read_only_is_enforced_by_the_server(pg_server, pg_template):
    url = pg_server.url(pg_server.new_database(pg_template))
    with Project.open(url, read_only=True) as project:
        with pytest.raises(ProjectError, match="alleen-lezen"), project.write() as s:
            s.add(Meta(key="x", value="y"))
        # Past the project's own refusal: the connection itself cannot write.
        with project.engine.connect() as conn, pytest.raises(Exception, match="read-only"):
            conn.execute(text("INSERT INTO meta (key, value) VALUES ('x', 'y')"))
    with Project.open(url) as project:
        assert project.get_meta("x") is None


@pytest.mark.backends
def test_writers_take_turns_and_lose_no_update(make_project, backend):
    """Eight threads each add one to a counter 25 times, each time reading it and writing it back in one
    write transaction: with one writer at a time every increment survives."""
    project = make_project()
    with project.write() as s:
        s.add(Meta(key="teller", value="0"))

    def bump() -> None:
        for _ in range(25):
            with project.write() as s:
                row = s.get(Meta, "teller")
                row.value = str(int(row.value) + 1)

    threads = [threading.Thread(target=bump) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert project.get_meta("teller") == "200"


def test_a_foreign_trigger_is_refused_and_reported(pg_server, pg_template, capsys):
    name = pg_server.new_database(pg_template)
    with psycopg.connect(
        host=pg_server.socket_dir, port=pg_server.port, user="postgres", dbname=name
    ) as conn:
        conn.execute(
            "CREATE FUNCTION leeg() RETURNS trigger AS $$ BEGIN NEW.text := ''; RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        conn.execute("CREATE TRIGGER wis BEFORE UPDATE ON interviews FOR EACH ROW EXECUTE FUNCTION leeg()")
        conn.execute("CREATE VIEW kijk AS SELECT id FROM interviews")
    url = pg_server.url(name)
    with pytest.raises(ProjectError, match="trigger 'wis' op tabel 'interviews'"):
        Project.open(url)
    assert main(["check", "-p", url]) == 1
    out = capsys.readouterr().out
    assert "schema: trigger 'wis'" in out and "view 'kijk'" in out and "beheerder" in out


def test_a_changed_default_is_refused(pg_server, pg_template):
    name = pg_server.new_database(pg_template)
    with psycopg.connect(
        host=pg_server.socket_dir, port=pg_server.port, user="postgres", dbname=name
    ) as conn:
        conn.execute("ALTER TABLE interviews ALTER COLUMN text SET DEFAULT md5(random()::text)")
    with pytest.raises(ProjectError, match="tabel 'interviews' wijkt af"):
        Project.open(pg_server.url(name))


def test_the_template_project_is_clean(pg_server, pg_template):
    with Project.open(pg_server.url(pg_server.new_database(pg_template))) as project, project.read() as s:
        assert check_problems(s) == []
        assert project.schema_version() == LATEST and project.is_database and project.files == []
