"""Schema version 3: duidingssessies (sessions, the themes they discussed, and the duidingen given).

Frozen DDL: later schema changes go into new migrations, never here.
"""

from sqlalchemy import Connection

VERSION = 3
DESCRIPTION = "duidingssessies"

STATEMENTS = [
    """
CREATE TABLE duiding_sessions (
    id INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    datum VARCHAR NOT NULL,
    question VARCHAR NOT NULL,
    participants JSON NOT NULL,
    phase VARCHAR NOT NULL,
    reading_minutes INTEGER NOT NULL,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    PRIMARY KEY (id)
)
    """,
    """
CREATE TABLE session_themes (
    id INTEGER NOT NULL,
    session_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    theme_id INTEGER,
    code_id VARCHAR,
    label VARCHAR NOT NULL,
    segment_ids JSON NOT NULL,
    status VARCHAR NOT NULL,
    merged_into INTEGER,
    PRIMARY KEY (id),
    FOREIGN KEY(session_id) REFERENCES duiding_sessions (id) ON DELETE CASCADE
)
    """,
    """
CREATE INDEX ix_session_themes_session_id ON session_themes (session_id)
    """,
    """
CREATE TABLE duidingen (
    id INTEGER NOT NULL,
    session_id INTEGER NOT NULL,
    session_theme_id INTEGER,
    kind VARCHAR NOT NULL,
    author VARCHAR NOT NULL,
    prompt VARCHAR NOT NULL,
    text TEXT NOT NULL,
    segment_ids JSON NOT NULL,
    created_at VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(session_id) REFERENCES duiding_sessions (id) ON DELETE CASCADE,
    FOREIGN KEY(session_theme_id) REFERENCES session_themes (id) ON DELETE CASCADE
)
    """,
    """
CREATE INDEX ix_duidingen_session_id ON duidingen (session_id)
    """,
    """
CREATE INDEX ix_duidingen_session_theme_id ON duidingen (session_theme_id)
    """,
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.exec_driver_sql(statement)
