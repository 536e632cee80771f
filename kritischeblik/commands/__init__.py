"""CLI subcommands: each module has ``register(subparsers, common)`` and handlers that call the library.

Handlers stay thin: parse arguments, call a store/analysis/export function, print with ``output.emit``.
"""
