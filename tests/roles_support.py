"""What the PostgreSQL role tests share (tests/test_roles_postgres.py, tests/test_roles_postgres_rows.py): the
small project on a throwaway server with a team of real logins (bea beheerder, anna and bram codeur, lex
lezer), connections as one of them, and the check that the server refused a raw SQL write."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from typing import Any

import psycopg
import pytest

from kritischeblik.model import Example, Role
from kritischeblik.services import coding, roles, scores
from kritischeblik.store.codebooks import all_codes
from kritischeblik.store.db import Project
from kritischeblik.store.project_copy import copy_project
from kritischeblik.store.segments import segments

TEAM = {"bea": Role.BEHEERDER, "anna": Role.CODEUR, "bram": Role.CODEUR, "lex": Role.LEZER}


def login_url(server: Any, database: str, login: str) -> str:
    """The project URL of ``database`` for ``login`` (the server trusts local connections)."""
    return server.url(database).replace(f"{server.user}@", f"{login}@", 1)


def connect_as(server: Any, database: str, login: str) -> psycopg.Connection:
    return psycopg.connect(host=server.socket_dir, port=server.port, user=login, dbname=database)


def make_logins(server: Any, logins: Iterable[str]) -> None:
    with server.admin() as conn:
        for login in logins:
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone():
                conn.execute(f'CREATE ROLE "{login}" LOGIN')


def copy_small_project(small_project_path: Any, tmp_path: Any) -> Any:
    """A private copy of the small project's file (checkpointed first, so the copy holds everything)."""
    source = tmp_path / "small.kb"
    with Project.open(small_project_path) as src, src.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(small_project_path, source)
    return source


@pytest.fixture
def team(backend, pg_server, small_project_path, tmp_path) -> Iterator[dict[str, Any]]:
    """The small project on PostgreSQL, owned by the server's administrator login; bram coded a fragment and
    scored an example before roles were set; then bea beheerder, anna and bram codeur, lex lezer."""
    database = pg_server.new_database()
    make_logins(pg_server, TEAM)
    source = copy_small_project(small_project_path, tmp_path)
    url = pg_server.url(database)
    with Project.open(source) as src:
        copy_project(src, url)
    with Project.open(url) as p:
        with p.read() as s:
            respondent = segments(s, ["wijk-90"])[1:]
            book = all_codes(s)
        principle = next(c.id for c in book.codes if c.kind == "leidend_principe")
        seg, code = respondent[0].id, book.codes[0].id
        coding.decide(p, seg, code, "bram", "add")
        scores.set_coder_score(p, "wijk-90", Example.MOOI, principle, 3, coder="bram")
        for login, role in TEAM.items():
            roles.set_role(p, login, role, actor=None)
    yield {
        "db": database,
        "url": url,
        "seg": seg,
        "code": code,
        "principle": principle,
        "other": respondent[1].id,
    }
    pg_server.drop_database(database)


def refused(conn: psycopg.Connection, sql: str, *args: object) -> bool:
    """Whether the server refuses ``sql`` (insufficient privilege or a row-level security violation) or it
    changes no row; always rolled back."""
    try:
        with conn.transaction(force_rollback=True):
            return conn.execute(sql, args).rowcount == 0
    except psycopg.errors.InsufficientPrivilege:
        return True


def bram_id(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT id FROM coders WHERE name = 'bram'").fetchone()[0]
