"""Pseudonymising one long piece against the same text in turns: CPU seconds of both, and their ratio.

A transcript without speaker markers (speech recognition output pasted as one block) reaches the pseudonymiser
as one piece. Its cost should grow with its length, as the turns' does, not with the square of it.

    .venv/bin/python -m bench.long_piece            # 0.5 MB
    .venv/bin/python -m bench.long_piece --mb 2
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.huge_ingest import make_transcript


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=0.5, help="grootte van de tekst in MB (standaard 0,5)")
    args = ap.parse_args(argv)
    from kritischeblik.ingest.pseudonymisation.pseudonymiser import get_pseudonymiser

    with tempfile.TemporaryDirectory(prefix="kb-long-") as tmp:
        text = make_transcript(Path(tmp) / "lang.md", args.mb).read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if line.strip()]
    blocks = [b for b in text.split("\n\n") if b.strip()]
    p = get_pseudonymiser()
    p.pseudonymise(lines[:5])  # deduce loaded before timing
    rows = []
    for label, pieces in (("regels", lines), ("blokken", blocks)):
        start = time.process_time()
        p.pseudonymise(pieces)
        rows.append((label, len(pieces), time.process_time() - start))
    print(f"| {args.mb} MB | stukken | CPU-s |\n|---|---:|---:|")
    for label, n, cpu in rows:
        print(f"| {label} | {n} | {cpu:.1f} |")
    print(f"\nverhouding blokken/regels: {rows[1][2] / rows[0][2]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
