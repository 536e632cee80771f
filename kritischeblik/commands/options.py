"""Command-line options shared by several commands (no ``register``: cli.py skips it)."""

from __future__ import annotations

import argparse

from ..model import BASES


def add_layer_options(p: argparse.ArgumentParser, coder_help: str) -> None:
    """``--coder`` and ``--basis``: which coding layer an analysis counts."""
    p.add_argument("--coder", help=coder_help)
    p.add_argument(
        "--basis",
        choices=BASES,
        default="auto",
        help="codeerlaag (auto: codeur indien gegeven, anders consensus, anders alle codeurs, anders suggesties)",
    )
