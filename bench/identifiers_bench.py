"""Speed of the structured-identifier finders (pseudonymisation.finders.identifiers.find_identifiers).

    .venv/bin/python -m bench.identifiers_bench                        # demo corpus + 75 generated interviews
    .venv/bin/python -m bench.identifiers_bench --generated 0          # demo corpus only
    .venv/bin/python -m bench.identifiers_bench --baseline 4cb725a     # then the finders of that commit

The pseudonymiser calls ``find_identifiers`` once per piece (turn, suggestion), so the corpus is timed both
per line (as in ingest) and per whole file. Prints seconds (best of ``--repeat``), characters per second,
microseconds per piece and the number of spans per category. No assertions: numbers only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "demo"


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _report(label: str, pieces: Sequence[str], finder: Callable[[str], list], repeat: int) -> None:
    seconds = _best(lambda: [finder(p) for p in pieces], repeat)
    chars = sum(map(len, pieces))
    cats = Counter(c for p in pieces for *_, c in finder(p))
    rate = chars / seconds / 1e6 if seconds else float("inf")
    per_piece = seconds / max(len(pieces), 1) * 1e6
    print(
        f"{label:44s} {len(pieces):7d} stukken {chars / 1e6:7.2f} M tekens  {seconds:7.3f} s  "
        f"{rate:6.2f} M tekens/s  {per_piece:6.1f} µs/stuk"
    )
    if cats:
        print("    " + ", ".join(f"{c} {n}" for c, n in sorted(cats.items())))


def _run_baseline(rev: str, argv: list[str]) -> None:
    """This bench on the package as it was at ``rev``: its ``kritischeblik/`` is extracted into a temporary
    folder and the bench runs there in a child process (two versions of one package cannot share a process)."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev, "kritischeblik"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([tmp, str(ROOT)])}
        print(f"--- {rev} ---", flush=True)
        subprocess.run([sys.executable, "-m", "bench.identifiers_bench", *argv], cwd=tmp, env=env, check=True)


def _finder() -> Callable[[str], list]:
    try:
        from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers
    except ImportError:  # a revision from before the pseudonymisation package (--baseline)
        from kritischeblik.ingest.identifiers import find_identifiers  # type: ignore[no-redef]
    return find_identifiers


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=75, help="aantal gegenereerde interviews (0 = geen)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--baseline", help="git-revisie om daarna ook te meten (vanaf dit pakket: find_identifiers)"
    )
    args = parser.parse_args(argv)

    finders: list[tuple[str, Callable[[str], list]]] = [("find_identifiers", _finder())]

    files = [p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.md"))]
    corpora = [
        ("demo, per regel", [line for text in files for line in text.splitlines() if line.strip()]),
        ("demo, per bestand", files),
    ]
    if args.generated:
        from bench.generate import interview

        generated = [interview(1, i)[1] for i in range(args.generated)]
        corpora.append(
            (
                f"{args.generated} gegenereerd, per regel",
                [line for text in generated for line in text.splitlines() if line.strip()],
            )
        )
    for name, finder in finders:
        print(name)
        for label, pieces in corpora:
            _report(f"  {label}", pieces, finder, args.repeat)
    if args.baseline:
        _run_baseline(args.baseline, ["--generated", str(args.generated), "--repeat", str(args.repeat)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
