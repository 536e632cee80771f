"""``kb check --herstel``: rebuild a project that holds foreign or changed schema objects.

Dropping the objects one by one is not enough: a changed table keeps its changed definition, and a virtual
table whose module is missing cannot even be dropped. So the project is rebuilt: a new file gets exactly the
schema its migrations create, the rows of every table the project knows are copied into it (columns by name;
nothing from the old file's schema runs, ``trusted_schema`` is off), the result is checked and then written
into the project through SQLite's backup API. A backup of the old state, foreign objects included, is made
first and kept; tables the project did not create are not copied and stay in that backup.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine

from .access import ProjectError, read_only_reason, sqlite_uri
from .backup import BackupError, snapshot, validate
from .engines import BUSY_TIMEOUT_S
from .location import DatabaseUrl
from .migrations import NUMBERED_LATEST
from .schema_check import SchemaDeviation, deviations, expected_objects, read_objects, shown
from .schema_versions import LATEST, build


@dataclass
class RepairReport:
    project: Path
    found: list[SchemaDeviation] = field(default_factory=list)
    backup: Path | None = None
    copied: dict[str, int] = field(default_factory=dict)
    not_copied: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "project": str(self.project),
            "afwijkingen": [d.describe() for d in self.found],
            "back_up": str(self.backup) if self.backup else None,
            "rijen_overgenomen": self.copied,
            "niet_overgenomen": self.not_copied,
        }


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _version(con: sqlite3.Connection, path: Path) -> int:
    try:
        row = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        version = int(row[0]) if row else 0
    except (sqlite3.Error, ValueError) as e:
        raise ProjectError(f"{path}: schemaversie niet te lezen ({e}); herstel is niet mogelijk") from None
    if not 1 <= version <= LATEST:
        raise ProjectError(f"{path}: schemaversie {version} wordt niet ondersteund; herstel is niet mogelijk")
    return version


def _backup_name(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = path.with_name(f"{path.stem}.voor-herstel-{stamp}{path.suffix or '.kb'}")
    n = 2
    while out.exists():
        out = path.with_name(f"{path.stem}.voor-herstel-{stamp}-{n}{path.suffix or '.kb'}")
        n += 1
    return out


def repair(project: str | Path | DatabaseUrl) -> RepairReport:
    """Rebuild ``project`` with only its own schema objects; a backup of the old file is kept beside it."""
    if isinstance(project, DatabaseUrl):
        raise ProjectError(
            f"{project}: herstel bouwt een projectbestand opnieuw op; in een PostgreSQL-database verwijdert de "
            "beheerder van de server de objecten die het project niet heeft gemaakt (DROP TRIGGER, DROP VIEW, ...)"
        )
    path = Path(project)
    if not path.is_file():
        raise ProjectError(f"{path}: project bestaat niet")
    reason = read_only_reason(path)
    if reason is not None:
        raise reason.error(path)
    report = RepairReport(path)
    con = sqlite3.connect(sqlite_uri(path, "mode=ro"), uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        con.execute("PRAGMA trusted_schema=OFF")
        version = _version(con, path)
        objects = read_objects(con)
    except sqlite3.Error as e:
        raise ProjectError(f"{path}: kan project niet lezen ({e})") from None
    finally:
        con.close()
    report.found = deviations(objects, version)
    if not report.found:
        return report
    old_tables = {o.name for o in objects if o.type in {"table", "view"}}
    foreign_tables = [
        o.name
        for o in objects
        if o.type == "table"
        and (o.type, o.name) not in expected_objects(version)
        and not o.name.startswith("sqlite_")
    ]
    report.backup = _backup_name(path)
    snapshot(path, report.backup)
    tmp = path.with_name(path.name + ".herstel.tmp")
    try:
        _rebuild(tmp, report.backup, version, old_tables, report)
        validate(tmp)
    except BackupError as e:
        tmp.unlink(missing_ok=True)
        raise ProjectError(f"herstel mislukt, het project is ongewijzigd: {e}") from None
    except sqlite3.Error as e:
        tmp.unlink(missing_ok=True)
        raise ProjectError(
            f"herstel mislukt, het project is ongewijzigd ({e}). De gegevens staan ook in de back-up "
            f"{report.backup}; zie docs/privacy.md voor het handmatig verwijderen met sqlite3."
        ) from None
    report.not_copied.extend(
        f"tabel '{shown(t)}' (niet door Kritische Blik gemaakt; staat in de back-up)" for t in foreign_tables
    )
    _write_into(tmp, path)
    tmp.unlink(missing_ok=True)
    return report


def _rebuild(tmp: Path, source: Path, version: int, old_tables: set[str], report: RepairReport) -> None:
    """A new file at ``tmp`` with the migrations' schema and the rows of ``source``'s own tables."""
    tmp.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{tmp}")
    try:
        with engine.begin() as conn:
            build(conn, version)
            if version > NUMBERED_LATEST:  # the old file's own row comes over with the other rows
                conn.exec_driver_sql("DELETE FROM alembic_version")
    finally:
        engine.dispose()
    con = sqlite3.connect(sqlite_uri(tmp, "mode=rw"), uri=True, isolation_level=None)
    try:
        con.execute("PRAGMA trusted_schema=OFF")
        con.execute("PRAGMA foreign_keys=OFF")  # rows come in table by table; checked as a whole afterwards
        con.execute("ATTACH DATABASE ? AS old", (sqlite_uri(source, "mode=ro"),))
        con.execute("BEGIN")
        for (kind, table), _obj in sorted(expected_objects(version).items()):
            if kind != "table":
                continue
            if table not in old_tables:
                report.not_copied.append(f"tabel '{table}' ontbrak; is leeg aangemaakt")
                continue
            new_cols = [r[1] for r in con.execute(f"PRAGMA main.table_info({_q(table)})")]
            old_cols = {r[1] for r in con.execute(f"PRAGMA old.table_info({_q(table)})")}
            cols = [c for c in new_cols if c in old_cols]
            lost = [c for c in old_cols if c not in new_cols]
            if lost:
                report.not_copied.append(
                    f"tabel '{table}': kolommen {', '.join(map(shown, sorted(lost)))} niet overgenomen"
                )
            listed = ", ".join(map(_q, cols))
            con.execute(f"INSERT INTO main.{_q(table)} ({listed}) SELECT {listed} FROM old.{_q(table)}")
            report.copied[table] = con.execute(f"SELECT count(*) FROM main.{_q(table)}").fetchone()[0]
        con.execute("COMMIT")
        con.execute("DETACH DATABASE old")
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()


def _write_into(tmp: Path, project: Path) -> None:
    """Through the backup API, like restore: SQLite locks the project while its pages are replaced."""
    src = sqlite3.connect(sqlite_uri(tmp, "mode=ro"), uri=True)
    try:
        dst = sqlite3.connect(project, timeout=BUSY_TIMEOUT_S)
        try:
            dst.execute("PRAGMA trusted_schema=OFF")
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    except sqlite3.Error as e:
        raise ProjectError(
            f"{project}: herstel kon niet worden weggeschreven ({e}); het project is ongewijzigd"
        ) from None
    finally:
        src.close()
