"""Alembic's environment: always run on the connection (and inside the transaction) the caller gives.

``store/schema_versions.py`` passes it in ``config.attributes["connection"]``: a migration then runs inside
the project's own write transaction (on SQLite holding the write lock, on PostgreSQL the advisory lock), so a
failed revision leaves the project as it was on both engines (PostgreSQL's DDL is transactional).
"""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
