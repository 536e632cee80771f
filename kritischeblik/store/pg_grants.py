"""The roles of a PostgreSQL project, enforced by the server itself (issue 15): one group role per project
role, grants per table, and row-level security on the tables whose rows belong to a person.

Every project database has three group roles (NOLOGIN), named after the database so that two projects on one
server never share them: ``kb_<database>_lezer``, ``kb_<database>_codeur``, ``kb_<database>_beheerder``. A
person's login is made a member of exactly one of them (:func:`set_membership`, in the same transaction as
the ``role:<name>`` meta row that the services read). What each group may write follows the matrix in
``services/roles.py``, coarser where a grant cannot say more (the services check the rest):

- all groups: SELECT on every table, USAGE on the schema, SELECT on the sequences;
- lezer: nothing else;
- codeur: writes only in :data:`CODEUR_WRITES`, and row-level security narrows them: ``codings`` and
  ``coder_scores`` only where the layer's coder is the login (case-insensitive); ``coders`` only their own
  name; ``coding_events``/``score_events`` insert-only, under their own name; ``interviews.blind`` only
  switched on; ``segments.state`` (and ``segment_events``, insert-only) only away from actief and only in an
  interview where the login holds a coding of their own (as ``services/roles.require_member_check``); the
  session tables (``duiding_sessions``, ``session_themes``, ``duidingen`` with the take-aways) and a
  session's ``meta`` rows (history, basis) only of a session they lead; their own leader row only for a
  session made in the same transaction (``xmin``), so a session without a leader (from before roles) stays a
  beheerder's; never ``role:*`` or any other ``meta`` row, and no DELETE on ``meta``;
- beheerder: SELECT, INSERT, UPDATE and DELETE on every table (no TRUNCATE, which row-level security does not
  cover; not the version table, the owner's), but only their own layer and the shared layers ``auto`` and
  ``consensus`` of ``codings`` and only their own ``coder_scores`` are changed or removed: another person's
  rows may only be added (kb merge, the carry-over of a replaced interview), never changed.

All of it is one list of idempotent statements (:func:`statements`), applied by the login that owns the
tables (:func:`apply`: from ``kb rol zet`` and after every migration, so a later revision's tables are
covered; ALTER DEFAULT PRIVILEGES gives a new table the SELECT grants at once), or printed for a database
administrator (``kb rol sql``). Row-level security is ENABLEd, not FORCEd: it does not apply to the tables'
owner, the login that ran ``kb init`` and runs migrations, which must be able to repair anything; that login
is the project's administrator account, not a daily coder's login. Needs PostgreSQL 16 or newer.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, text

from ..model import Role
from .pg_policies import literal, policies, quote

GROUP_ROLES = (Role.LEZER, Role.CODEUR, Role.BEHEERDER)

CODEUR_WRITES: dict[str, str] = {
    "codings": "INSERT, UPDATE, DELETE",
    "coder_scores": "INSERT, UPDATE, DELETE",
    "coders": "INSERT",
    "coding_events": "INSERT",
    "score_events": "INSERT",
    "segment_events": "INSERT",
    "duiding_sessions": "INSERT, UPDATE, DELETE",
    "session_themes": "INSERT, UPDATE, DELETE",
    "duidingen": "INSERT, UPDATE, DELETE",
    "meta": "INSERT, UPDATE",
    "segments": "UPDATE (state)",
    "interviews": "UPDATE (blind)",
}
"""What a codeur may write at all (row-level security, ``pg_policies.policies``, narrows it by row)."""
BEHEERDER_WRITES = "SELECT, INSERT, UPDATE, DELETE"
"""What a beheerder may do on every table (row-level security keeps other people's layers out)."""
VERSION_TABLE = "alembic_version"

_MAX_NAME = 63  # PostgreSQL's identifier length (NAMEDATALEN - 1)


def group_name(database: str, role: Role | str) -> str:
    """The group role of ``role`` in ``database``; a long database name is shortened with a hash of it, so
    two projects never share a group."""
    name = f"kb_{database}_{role}"
    if len(name.encode()) <= _MAX_NAME:
        return name
    digest = hashlib.sha256(database.encode()).hexdigest()[:10]
    short = database.encode()[:30].decode(errors="ignore")
    return f"kb_{short}_{digest}_{role}"


def groups(database: str) -> dict[Role, str]:
    return {role: group_name(database, role) for role in GROUP_ROLES}


def _create_groups(g: dict[Role, str]) -> list[str]:
    return [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {literal(name)}) THEN "
        f"CREATE ROLE {quote(name)} NOLOGIN; END IF; END $$"
        for name in g.values()
    ]


def _drop_policies(schema: str, table: str) -> str:
    """Drop every policy of ours on ``table``, so the set-up replaces an older one (also a policy it no longer
    has) instead of adding to it: permissive policies are OR'ed, so a stale one would keep its rows open."""
    return (
        "DO $$ DECLARE p record; BEGIN FOR p IN SELECT policyname FROM pg_policies WHERE schemaname = "
        f"{literal(schema)} AND tablename = {literal(table)} AND policyname LIKE 'kb\\_%' LOOP "
        f"EXECUTE format('DROP POLICY %I ON %I.%I', p.policyname, {literal(schema)}, {literal(table)}); "
        "END LOOP; END $$"
    )


def statements(database: str, schema: str, tables: list[str], create_groups: bool = True) -> list[str]:
    """The whole set-up, idempotent and authoritative (it first takes back what an older set-up granted):
    groups (with ``create_groups``), grants, default privileges, policies. No group gets TRUNCATE, REFERENCES,
    TRIGGER or MAINTAIN: TRUNCATE passes row-level security by, and a beheerder would empty another person's
    layer with it; the schema's version table is the owner's, who migrates."""
    g = groups(database)
    everyone = ", ".join(quote(n) for n in g.values())
    codeur, beheerder = quote(g[Role.CODEUR]), quote(g[Role.BEHEERDER])
    sch = quote(schema)
    sql = _create_groups(g) if create_groups else []
    sql += [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {sch} FROM {everyone}",
        f"GRANT USAGE ON SCHEMA {sch} TO {everyone}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {sch} TO {everyone}",
        f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA {sch} TO {everyone}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {sch} TO {codeur}, {beheerder}",
        f"GRANT {BEHEERDER_WRITES} ON ALL TABLES IN SCHEMA {sch} TO {beheerder}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {sch} REVOKE ALL ON TABLES FROM {beheerder}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {sch} GRANT SELECT ON TABLES TO {everyone}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {sch} GRANT {BEHEERDER_WRITES} ON TABLES TO {beheerder}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {sch} GRANT SELECT, USAGE ON SEQUENCES TO {codeur}, {beheerder}",
    ]
    present = set(tables)
    if VERSION_TABLE in present:
        sql.append(f"REVOKE INSERT, UPDATE, DELETE ON {sch}.{quote(VERSION_TABLE)} FROM {beheerder}")
    for table, privileges in CODEUR_WRITES.items():
        if table in present:
            sql.append(f"GRANT {privileges} ON {sch}.{quote(table)} TO {codeur}")
    for table, table_policies in policies(g).items():
        if table not in present:
            continue
        qt = f"{sch}.{quote(table)}"
        sql.append(f"ALTER TABLE {qt} ENABLE ROW LEVEL SECURITY")
        sql.append(_drop_policies(schema, table))
        sql.append(f"CREATE POLICY kb_read ON {qt} FOR SELECT USING (true)")
        for name, command, roles, using, check in table_policies:
            clauses = (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")
            sql.append(f"CREATE POLICY {name} ON {qt} FOR {command} TO {roles}{clauses}")
    if "meta" in present:
        setup = sql[len(_create_groups(g)) if create_groups else 0 :]
        sql.append(f"COMMENT ON POLICY kb_read ON {sch}.{quote('meta')} IS {literal(_fingerprint(setup))}")
    return sql


def _fingerprint(setup: list[str]) -> str:
    return FINGERPRINT_PREFIX + hashlib.sha256("\n".join(setup).encode()).hexdigest()[:16]


FINGERPRINT_PREFIX = "kritischeblik rollen "
"""The comment on meta's ``kb_read`` policy: which set-up is in place (a digest of :func:`statements`), so an
older one is found (``outdated``) and replaced when the tables' owner opens the project."""

_FINGERPRINT = """
SELECT obj_description(p.oid, 'pg_policy') FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
WHERE c.relname = 'meta' AND c.relnamespace = current_schema()::regnamespace AND p.polname = 'kb_read'
"""


def outdated(conn: Connection) -> bool:
    """Whether this project's roles were set up (its policies are there) by another version of Kritische Blik
    than this one (their fingerprint differs, or they have none: set up before fingerprints); False without
    roles in the database. A change by hand that leaves the fingerprint alone is not seen."""
    row = conn.execute(text(_FINGERPRINT)).first()
    if row is None:
        return False
    database, schema = _database_and_schema(conn)
    expected = statements(database, schema, _tables(conn), create_groups=False)[-1]
    return row[0] is None or not expected.endswith(f" IS {literal(str(row[0]))}")


def membership_statements(database: str, login: str, role: Role | None) -> list[str]:
    """Make ``login`` a member of the group of ``role`` only (None: of none)."""
    sql = []
    for r, name in groups(database).items():
        if r == role:
            sql.append(f"GRANT {quote(name)} TO {quote(login)}")
        else:
            sql.append(f"REVOKE {quote(name)} FROM {quote(login)}")
    return sql


# -- on a connection ---------------------------------------------------------------------------------------


def _database_and_schema(conn: Connection) -> tuple[str, str]:
    row = conn.execute(text("SELECT current_database(), current_schema()")).one()
    return str(row[0]), str(row[1])


def _tables(conn: Connection) -> list[str]:
    query = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    return [str(r[0]) for r in conn.execute(text(query))]


def owns_tables(conn: Connection) -> bool:
    """Whether the login owns the project's tables (may grant on them and create policies)."""
    query = "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'meta'"
    return bool(conn.execute(text(query)).scalar())


def missing_groups(conn: Connection) -> list[str]:
    database, _ = _database_and_schema(conn)
    names = list(groups(database).values())
    found = set(
        conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:n)"), {"n": names}).scalars()
    )
    return [n for n in names if n not in found]


def may_create_roles(conn: Connection) -> bool:
    query = "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
    return bool(conn.execute(text(query)).scalar())


def login_exists(conn: Connection, login: str) -> bool:
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}).first() is not None


def apply(conn: Connection) -> None:
    """Run :func:`statements` (the caller owns the tables; the groups are made when missing and the login
    may create roles, else they must exist)."""
    database, schema = _database_and_schema(conn)
    create = bool(missing_groups(conn))
    for statement in statements(database, schema, _tables(conn), create_groups=create):
        conn.exec_driver_sql(statement.replace("%", "%%"))


def script(conn: Connection, members: list[tuple[str, Role]]) -> str:
    """The SQL a database administrator runs (as a superuser or a login with CREATEROLE that may act as the
    tables' owner) to set up the roles of this project, with the memberships of ``members`` (login, role).
    The tables' owner gets the ADMIN OPTION on the groups (without their rights), so it can give roles later
    without CREATEROLE."""
    database, schema = _database_and_schema(conn)
    owner = conn.execute(
        text("SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'meta'")
    ).scalar()
    lines = [f"-- Kritische Blik: rollen van project {database} (herhaalbaar; PostgreSQL 16 of nieuwer)"]
    lines += [s + ";" for s in statements(database, schema, _tables(conn))]
    if owner:
        lines += [
            f"GRANT {quote(name)} TO {quote(str(owner))} WITH ADMIN OPTION, INHERIT FALSE, SET FALSE;"
            for name in groups(database).values()
        ]
    for login, role in members:
        lines += [s + ";" for s in membership_statements(database, login, role)]
    return "\n".join(lines) + "\n"


_MEMBERSHIPS = """
SELECT g.rolname, gr.rolname, a.inherit_option OR a.set_option
FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
JOIN pg_roles gr ON gr.oid = a.grantor
WHERE m.rolname = :login AND g.rolname = ANY(:groups)
"""


def set_membership(conn: Connection, login: str, role: Role | None) -> None:
    """``login`` a member of ``role``'s group only. A membership can be granted more than once, by different
    grantors (the owner, an administrator), and a plain REVOKE takes back only the revoker's own grant, so
    every grant of another group is revoked by its grantor. Grants of the ADMIN OPTION alone (the owner's,
    from :func:`script`) are no membership and stay."""
    database, _ = _database_and_schema(conn)
    names = groups(database)
    target = names[role] if role is not None else None
    rows = conn.execute(text(_MEMBERSHIPS), {"login": login, "groups": list(names.values())}).all()
    for group, grantor, member in rows:
        if member and group != target:
            conn.exec_driver_sql(f"REVOKE {quote(group)} FROM {quote(login)} GRANTED BY {quote(grantor)}")
    if target is not None and not any(member and group == target for group, _g, member in rows):
        conn.exec_driver_sql(f"GRANT {quote(target)} TO {quote(login)} WITH INHERIT TRUE, SET TRUE")


def find_login(conn: Connection, name: str) -> str | None:
    """The server login ``name`` means: exactly, else the one login spelled so apart from case."""
    if login_exists(conn, name):
        return name
    query = "SELECT rolname FROM pg_roles WHERE rolcanlogin AND lower(rolname) = lower(:n)"
    found = list(conn.execute(text(query), {"n": name}).scalars())
    return str(found[0]) if len(found) == 1 else None


def enforce_role(conn: Connection, name: str, role: Role | None) -> None:
    """Groups, grants and policies in place (when this login owns the tables), then ``name``'s login in the
    group of ``role`` only. Refusals are KBErrors; the caller's transaction then rolls back."""
    from sqlalchemy.exc import DBAPIError

    from ..errors import Hint, KBError

    unchanged = "Er is niets gewijzigd."
    missing = missing_groups(conn)
    if missing and not may_create_roles(conn):
        raise KBError(
            "Dit PostgreSQL-project heeft nog geen databaserollen (codeur, lezer, beheerder) en je inlog mag "
            f"geen rollen maken (CREATEROLE). Een databasebeheerder zet ze klaar. {unchanged}",
            hint=Hint.ROLE_SQL,
        )
    if owns_tables(conn):
        apply(conn)
    elif missing:
        raise KBError(
            "Alleen de eigenaar van de tabellen van dit project (de inlog die het project maakte) kan de "
            f"databaserollen klaarzetten. {unchanged}",
            hint=Hint.ROLE_SQL,
        )
    login = find_login(conn, name)
    if login is None:
        if role is None:
            return  # nobody to take a group from
        raise KBError(
            f"Op de databaseserver bestaat geen inlog '{name}'. Op een PostgreSQL-project is een persoon een "
            f"inlog op de server; een databasebeheerder maakt die (CREATE ROLE ... LOGIN). {unchanged}",
            hint=Hint.ROLE_SQL,
        )
    try:
        with conn.begin_nested():
            set_membership(conn, login, role)
    except DBAPIError as e:
        if getattr(e.orig, "sqlstate", None) != "42501":
            raise
        raise KBError(
            "Je inlog mag geen leden toevoegen aan de databaserollen van dit project (daarvoor is de eigenaar "
            f"van het project of CREATEROLE nodig). {unchanged}",
            hint=Hint.ROLE_SQL,
        ) from None


def without_group(conn: Connection, members: list[tuple[str, Role]]) -> list[str]:
    """The names of ``members`` (name, role) who cannot use the project: no login of that name on the server,
    or a login that has neither the rights of its role's group nor the tables' (owner, superuser). Such a
    login reads nothing and writes nothing: every right on the tables is given to the groups."""
    database, _ = _database_and_schema(conn)
    names = groups(database)
    absent = set(missing_groups(conn))
    owner = conn.execute(
        text("SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'meta'")
    ).scalar()
    query = text(
        "SELECT (CAST(:g AS text) IS NOT NULL AND pg_has_role(:l, CAST(:g AS text), 'USAGE')) "
        "OR pg_has_role(:l, CAST(:o AS text), 'USAGE')"
    )
    left = []
    for name, role in members:
        login = find_login(conn, name)
        group = names[role] if names[role] not in absent else None
        if login is None or not conn.execute(query, {"l": login, "g": group, "o": owner}).scalar():
            left.append(name)
    return left


def sync(conn: Connection, members: list[tuple[str, Role]]) -> list[str]:
    """A project with roles that arrived in this database (``kb project copy``): its groups, grants and
    policies, and the memberships of ``members`` (name, role) whose login exists. Returns the names left
    without their group (no login on this server, or no right to make groups): they can write nothing, as
    the groups' rights are all there is for a login that does not own the tables."""
    from sqlalchemy.exc import DBAPIError

    if not members:
        return []
    if missing_groups(conn) and not may_create_roles(conn):
        return [name for name, _role in members]
    apply(conn)
    left: list[str] = []
    for name, role in members:
        login = find_login(conn, name)
        try:
            if login is None:
                raise LookupError(name)
            with conn.begin_nested():
                set_membership(conn, login, role)
        except (LookupError, DBAPIError):
            left.append(name)
    return left
