"""``python -m kritischeblik.ingest.pseudonymisation --warm``: build or load deduce's cache once (``make test``
does this before the parallel tests, so the workers do not all build it)."""

from __future__ import annotations

import argparse
import sys

from .pseudonymiser import get_pseudonymiser


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pseudonimisering: cache van deduce voorbereiden.")
    parser.add_argument("--warm", action="store_true", help="opzoekstructuren van deduce bouwen of laden")
    args = parser.parse_args(argv)
    if args.warm:
        pseudonymiser = get_pseudonymiser(progress=lambda msg: print(msg, file=sys.stderr, flush=True))
        print(f"deduce-cache klaar in {pseudonymiser.cache_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
