"""Schema version 1: interviews, turns, segments, codebooks, codes, coders, codings with history,
principle scores, choices and suggestions, researcher pseudonyms.

Frozen DDL: later schema changes go into new migrations, never here.
"""

from sqlalchemy import Connection

VERSION = 1
DESCRIPTION = "basisschema"

STATEMENTS = [
    """
CREATE TABLE codebooks (
    id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    version VARCHAR NOT NULL,
    description TEXT NOT NULL,
    language VARCHAR NOT NULL,
    scale_min INTEGER NOT NULL,
    scale_max INTEGER NOT NULL,
    kinds JSON NOT NULL,
    source TEXT NOT NULL,
    is_primary BOOLEAN NOT NULL,
    loaded_at VARCHAR NOT NULL,
    PRIMARY KEY (id)
)
    """,
    """
CREATE TABLE coders (
    id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    created_at VARCHAR NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (name)
)
    """,
    """
CREATE TABLE coding_events (
    id INTEGER NOT NULL,
    coding_id INTEGER,
    segment_id INTEGER NOT NULL,
    code_id VARCHAR NOT NULL,
    coder VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    old_status VARCHAR,
    new_status VARCHAR,
    memo TEXT NOT NULL,
    at VARCHAR NOT NULL,
    PRIMARY KEY (id)
)
    """,
    """
CREATE INDEX ix_coding_events_coding_id ON coding_events (coding_id)
    """,
    """
CREATE INDEX ix_coding_events_segment_id ON coding_events (segment_id)
    """,
    """
CREATE TABLE interviews (
    id VARCHAR NOT NULL,
    source_name VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    omgeving VARCHAR NOT NULL,
    duo JSON NOT NULL,
    respondent_rol VARCHAR NOT NULL,
    organisatie VARCHAR NOT NULL,
    datum VARCHAR NOT NULL,
    attributes JSON NOT NULL,
    text TEXT NOT NULL,
    pseudonymised BOOLEAN NOT NULL,
    blind BOOLEAN NOT NULL,
    warnings JSON NOT NULL,
    ingested_at VARCHAR NOT NULL,
    PRIMARY KEY (id)
)
    """,
    """
CREATE INDEX ix_interviews_content_hash ON interviews (content_hash)
    """,
    """
CREATE INDEX ix_interviews_omgeving ON interviews (omgeving)
    """,
    """
CREATE TABLE meta (
    "key" VARCHAR NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY ("key")
)
    """,
    """
CREATE TABLE researchers (
    id INTEGER NOT NULL,
    key_hash VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (key_hash),
    UNIQUE (label)
)
    """,
    """
CREATE TABLE codes (
    id VARCHAR NOT NULL,
    codebook_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    definition TEXT NOT NULL,
    when_to_use TEXT NOT NULL,
    when_not_to_use TEXT NOT NULL,
    keywords JSON NOT NULL,
    aliases JSON NOT NULL,
    parent_id VARCHAR,
    color VARCHAR,
    sort_order INTEGER NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(codebook_id) REFERENCES codebooks (id) ON DELETE CASCADE
)
    """,
    """
CREATE INDEX ix_codes_codebook_id ON codes (codebook_id)
    """,
    """
CREATE INDEX ix_codes_kind ON codes (kind)
    """,
    """
CREATE TABLE principle_suggestions (
    id INTEGER NOT NULL,
    interview_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    source VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE
)
    """,
    """
CREATE INDEX ix_principle_suggestions_interview_id ON principle_suggestions (interview_id)
    """,
    """
CREATE TABLE turns (
    id INTEGER NOT NULL,
    interview_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    section VARCHAR NOT NULL,
    speaker VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE
)
    """,
    """
CREATE INDEX ix_turns_interview_id ON turns (interview_id)
    """,
    """
CREATE TABLE principle_choices (
    id INTEGER NOT NULL,
    interview_id VARCHAR NOT NULL,
    code_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_choice UNIQUE (interview_id, code_id),
    FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE,
    FOREIGN KEY(code_id) REFERENCES codes (id)
)
    """,
    """
CREATE TABLE principle_scores (
    id INTEGER NOT NULL,
    interview_id VARCHAR NOT NULL,
    example VARCHAR NOT NULL,
    code_id VARCHAR NOT NULL,
    score INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_score UNIQUE (interview_id, example, code_id),
    FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE,
    FOREIGN KEY(code_id) REFERENCES codes (id)
)
    """,
    """
CREATE TABLE segments (
    id INTEGER NOT NULL,
    interview_id VARCHAR NOT NULL,
    turn_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    section VARCHAR NOT NULL,
    speaker VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    lemmas TEXT NOT NULL,
    state VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE,
    FOREIGN KEY(turn_id) REFERENCES turns (id) ON DELETE CASCADE
)
    """,
    """
CREATE INDEX ix_segments_interview_idx ON segments (interview_id, idx)
    """,
    """
CREATE INDEX ix_segments_turn_id ON segments (turn_id)
    """,
    """
CREATE TABLE codings (
    id INTEGER NOT NULL,
    segment_id INTEGER NOT NULL,
    code_id VARCHAR NOT NULL,
    coder_id INTEGER NOT NULL,
    status VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    confidence FLOAT,
    evidence TEXT NOT NULL,
    memo TEXT NOT NULL,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    revision INTEGER NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_coding UNIQUE (segment_id, code_id, coder_id),
    FOREIGN KEY(segment_id) REFERENCES segments (id) ON DELETE CASCADE,
    FOREIGN KEY(code_id) REFERENCES codes (id) ON DELETE CASCADE,
    FOREIGN KEY(coder_id) REFERENCES coders (id)
)
    """,
    """
CREATE INDEX ix_codings_code_id ON codings (code_id)
    """,
    """
CREATE INDEX ix_codings_coder_id ON codings (coder_id)
    """,
]


def upgrade(conn: Connection) -> None:
    for statement in STATEMENTS:
        conn.exec_driver_sql(statement)
