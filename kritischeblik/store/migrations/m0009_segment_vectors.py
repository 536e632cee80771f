"""Schema version 9: a sentence vector per segment, computed at ingest and reused by coding and themes.

The vector is int8 with one scale per row (512 bytes instead of 2,048 as float32; cosine to the float32
vector at least 0.9999 on the demo); ``encoder`` names the model, so vectors of another encoder count as
missing. Deleting a segment (a replaced or removed interview) deletes its vector.

Frozen DDL: later schema changes go into new migrations, never here.
"""

VERSION = 9
DESCRIPTION = "zinsvectoren per fragment"

STATEMENTS = [
    """
CREATE TABLE segment_vectors (
    segment_id INTEGER NOT NULL,
    encoder VARCHAR NOT NULL,
    scale FLOAT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (segment_id),
    FOREIGN KEY(segment_id) REFERENCES segments (id) ON DELETE CASCADE
)
    """,
]
