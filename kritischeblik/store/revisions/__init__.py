"""The Alembic environment of the project schema (both engines); see ``store/schema_versions.py``."""
