"""Schema version 6: an append-only history of score changes (interview scores and coder scores), so that
an overwritten or removed score can always be traced back.

Frozen DDL: later schema changes go into new migrations, never here.
"""

VERSION = 6
DESCRIPTION = "geschiedenis van scores"

STATEMENTS = [
    """
CREATE TABLE score_events (
    id INTEGER NOT NULL,
    interview_id VARCHAR NOT NULL,
    example VARCHAR NOT NULL,
    code_id VARCHAR NOT NULL,
    coder VARCHAR,
    old_score INTEGER,
    new_score INTEGER,
    source VARCHAR NOT NULL,
    changed_by VARCHAR,
    at VARCHAR NOT NULL,
    PRIMARY KEY (id)
)
    """,
    """
CREATE INDEX ix_score_events_interview_id ON score_events (interview_id)
    """,
]
