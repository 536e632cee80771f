"""Schema version 7: the history of fragments' member-check states (vertrouwelijk, ingetrokken, actief).

Frozen DDL: later schema changes go into new migrations, never here.
"""

VERSION = 7
DESCRIPTION = "geschiedenis van member checks per fragment"

STATEMENTS = [
    """
CREATE TABLE segment_events (
    id INTEGER NOT NULL,
    segment_id INTEGER NOT NULL,
    interview_id VARCHAR NOT NULL,
    old_state VARCHAR NOT NULL,
    new_state VARCHAR NOT NULL,
    reason TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    at VARCHAR NOT NULL,
    PRIMARY KEY (id)
)
    """,
    """
CREATE INDEX ix_segment_events_segment_id ON segment_events (segment_id)
    """,
]
