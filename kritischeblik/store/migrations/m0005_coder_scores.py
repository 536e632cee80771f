"""Schema version 5: coder scores — each coder's own score per interview, example and leidend principe, so
that agreement on principle scores (Krippendorff's α, ordinal/interval) can be computed.

Frozen DDL: later schema changes go into new migrations, never here.
"""

from sqlalchemy import Connection

VERSION = 5
DESCRIPTION = "scores per codeur"

STATEMENTS = [
    """
CREATE TABLE coder_scores (
    id INTEGER NOT NULL,
    interview_id VARCHAR NOT NULL,
    example VARCHAR NOT NULL,
    code_id VARCHAR NOT NULL,
    coder_id INTEGER NOT NULL,
    score INTEGER NOT NULL,
    updated_at VARCHAR NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_coder_score UNIQUE (interview_id, example, code_id, coder_id),
    FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE,
    FOREIGN KEY(code_id) REFERENCES codes (id),
    FOREIGN KEY(coder_id) REFERENCES coders (id)
)
    """,
    """
CREATE INDEX ix_coder_scores_coder_id ON coder_scores (coder_id)
    """,
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.exec_driver_sql(statement)
