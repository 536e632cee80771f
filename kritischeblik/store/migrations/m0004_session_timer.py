"""Schema version 4: when a duidingssessie's reading time started, so a resumed session shows the time left.

Frozen DDL: later schema changes go into new migrations, never here.
"""

from sqlalchemy import Connection

VERSION = 4
DESCRIPTION = "start van de leestijd per duidingssessie"

STATEMENTS = [
    """
ALTER TABLE duiding_sessions ADD COLUMN reading_started_at VARCHAR
    """,
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.exec_driver_sql(statement)
