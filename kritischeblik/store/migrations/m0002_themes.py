"""Schema version 2: theme sets, themes and theme members (theme clustering with the user's edits).

Frozen DDL: later schema changes go into new migrations, never here.
"""

from sqlalchemy import Connection

VERSION = 2
DESCRIPTION = "thema's"

STATEMENTS = [
    """
CREATE TABLE theme_sets (
    id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    method VARCHAR NOT NULL,
    params JSON NOT NULL,
    seed INTEGER NOT NULL,
    created_at VARCHAR NOT NULL,
    PRIMARY KEY (id)
)
    """,
    """
CREATE INDEX ix_theme_sets_kind ON theme_sets (kind)
    """,
    """
CREATE TABLE themes (
    id INTEGER NOT NULL,
    set_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    label VARCHAR NOT NULL,
    user_label VARCHAR,
    terms JSON NOT NULL,
    status VARCHAR NOT NULL,
    merged_into INTEGER,
    parent_id INTEGER,
    edited BOOLEAN NOT NULL,
    updated_at VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(set_id) REFERENCES theme_sets (id) ON DELETE CASCADE
)
    """,
    """
CREATE INDEX ix_themes_set_id ON themes (set_id)
    """,
    """
CREATE TABLE theme_members (
    id INTEGER NOT NULL,
    theme_id INTEGER NOT NULL,
    segment_id INTEGER,
    suggestion_id INTEGER,
    rank INTEGER,
    moved_by_user BOOLEAN NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(theme_id) REFERENCES themes (id) ON DELETE CASCADE,
    FOREIGN KEY(segment_id) REFERENCES segments (id) ON DELETE CASCADE,
    FOREIGN KEY(suggestion_id) REFERENCES principle_suggestions (id) ON DELETE CASCADE
)
    """,
    """
CREATE INDEX ix_theme_members_segment_id ON theme_members (segment_id)
    """,
    """
CREATE INDEX ix_theme_members_suggestion_id ON theme_members (suggestion_id)
    """,
    """
CREATE INDEX ix_theme_members_theme_id ON theme_members (theme_id)
    """,
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.exec_driver_sql(statement)
