"""Use cases: one function per thing a user does, shared by the CLI, the TUI and the pandas API.

A service opens the project's transactions itself and keeps the use case's rules (who may decide, what
blind mode hides, which score is allowed). Slow work (NLP, matching, learning, pseudonymisation) is done
before the write transaction opens, so the write lock is held only for the short write at the end.
Services raise :class:`kritischeblik.errors.KBError` with Dutch messages and a ``hint`` key; they name no
command or flag (the shells add those).
"""
