"""Where a project lives: a SQLite file (the default, no server) or a PostgreSQL database named by a URL.

``postgresql://user@host[:port]/database`` (also ``postgres://``, ``postgresql+psycopg://`` and libpq's query
parameters such as ``?host=/socket/folder`` or ``?service=name``). The password never comes from the URL:
libpq reads it from ``PGPASSWORD``, ``~/.pgpass`` or a service file, so it is never on a command line, in
shell history or in a process list. A URL that holds one is refused before anything connects, and the
message shows the URL with the password masked. Everything this module prints or returns as text is the URL
without a password.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from .access import ProjectError

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_PASSWORD_KEYS = {"password", "passfile_password"}


@dataclass(frozen=True)
class DatabaseUrl:
    """A PostgreSQL project: the URL (never with a password) that SQLAlchemy connects with."""

    url: URL

    @property
    def name(self) -> str:
        """The database's name: what a file's name is for a SQLite project (titles, export names)."""
        return self.url.database or "postgresql"

    @property
    def stem(self) -> str:
        return self.name

    def __str__(self) -> str:
        shown = self.url.set(drivername="postgresql")
        return shown.render_as_string(hide_password=True)

    def __fspath__(self) -> str:
        # Never a file: code that treats a project as a path fails loudly instead of writing beside "it".
        raise TypeError("a PostgreSQL project has no file path")


ProjectLocation = Path | DatabaseUrl


def is_database_url(value: object) -> bool:
    return isinstance(value, str) and value.split(":", 1)[0].lower() in SCHEMES and "://" in value


def project_location(value: str | Path | DatabaseUrl) -> ProjectLocation:
    """A project file's path, or the PostgreSQL URL it names (refused with a password in it)."""
    if isinstance(value, DatabaseUrl | Path):
        return value
    if not is_database_url(value):
        return Path(value)
    try:
        url = make_url(value)
    except ArgumentError:
        raise ProjectError(
            "het projectadres is geen geldige PostgreSQL-URL; schrijf het als postgresql://gebruiker@server/database"
        ) from None
    if url.password is not None or _PASSWORD_KEYS & set(url.query):
        masked = url.set(query={k: v for k, v in url.query.items() if k not in _PASSWORD_KEYS})
        raise ProjectError(
            f"het projectadres {masked.render_as_string(hide_password=True)} bevat een wachtwoord; dat wordt "
            "nooit uit het adres gelezen (het zou dan in de geschiedenis van de shell en in de proceslijst staan). "
            "Zet het wachtwoord in PGPASSWORD, in ~/.pgpass of in een PostgreSQL-servicebestand en laat het uit "
            "het adres weg."
        )
    if not url.database and "service" not in url.query:
        raise ProjectError(
            f"het projectadres {url.render_as_string(hide_password=True)} noemt geen database; schrijf het als "
            "postgresql://gebruiker@server/database"
        )
    return DatabaseUrl(url.set(drivername="postgresql+psycopg"))
