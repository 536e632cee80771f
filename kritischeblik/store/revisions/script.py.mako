"""${message}

Revision ${up_revision} (schema version ${int(up_revision)}), after ${down_revision | comma,n}.
Frozen: later schema changes go into a new revision, never here.
"""

import sqlalchemy as sa
from alembic import op

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}
