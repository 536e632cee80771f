"""Schema version 8: the key for researcher pseudonyms leaves the project; suggestions record pseudonymisation.

Up to version 7 the key (meta ``pseudonym_salt``) sat in the project file, so anyone with the file or a backup
could confirm a guessed interviewer name behind ``Onderzoeker N``. This migration writes the key to the user's
key folder first (:mod:`kritischeblik.store.keys`) and only then removes it from meta, in the transaction that
bumps the version: when the key file cannot be written, the migration fails and the project stays as it was.
The project's uuid is derived from the old key the way its REFI-QDA GUID namespace was, so exported GUIDs do
not change. ``SCRUB``: the file is vacuumed afterwards, so the deleted key leaves no trace in free pages.
``redact_backup``: the copy of the project written before migrating loses the key the same way.

``principle_suggestions.pseudonymised``: a suggestion read from a form with ``--no-pseudonymise`` is stored as
typed, and must show in ``kb status`` and be masked in exports like an unpseudonymised interview.

Not frozen DDL alone: the key handling calls :mod:`kritischeblik.store.keys`, which must keep reading and
writing the key files this migration writes.
"""

from __future__ import annotations

from sqlalchemy import Connection

from .. import keys

VERSION = 8
DESCRIPTION = "sleutel voor onderzoekerspseudoniemen buiten het project; pseudonimisering per suggestie"
SCRUB = True


def upgrade(conn: Connection) -> None:
    conn.exec_driver_sql(
        "ALTER TABLE principle_suggestions ADD COLUMN pseudonymised BOOLEAN NOT NULL DEFAULT 1"
    )
    meta = dict(conn.exec_driver_sql("SELECT key, value FROM meta").all())
    if "schema_version" not in meta:
        return  # a new project (Project.create): its key and uuid are made there
    salt = meta.get("pseudonym_salt")
    if salt is None and keys.UUID_META in meta:
        return
    _move_key_out(conn, salt)


def redact_backup(conn: Connection) -> None:
    """The copy made before this migration holds no key either (docs/privacy.md): the key goes to the key
    folder as in ``upgrade``, and the copy keeps the uuid and check value that find it there, so it opens
    (and migrates) with this version just like the project."""
    salt = dict(conn.exec_driver_sql("SELECT key, value FROM meta").all()).get("pseudonym_salt")
    if salt is not None:
        _move_key_out(conn, salt)


def _move_key_out(conn: Connection, salt: str | None) -> None:
    key = salt if salt is not None else keys.new_key()
    project_uuid = keys.legacy_uuid(salt) if salt is not None else keys.legacy_uuid(keys.new_key())
    keys.save(project_uuid, key)  # raises (and so rolls back) when the key folder is not writable
    conn.exec_driver_sql("PRAGMA secure_delete=ON")
    conn.exec_driver_sql("DELETE FROM meta WHERE key = 'pseudonym_salt'")
    conn.exec_driver_sql(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?), (?, ?)",
        (keys.UUID_META, project_uuid, keys.CHECK_META, keys.check_value(key)),
    )
