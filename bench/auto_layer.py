"""The machine layer ``auto`` of a project as plain rows, to check that a speed change suggests the same.

    .venv/bin/python -m bench.auto_layer dump P.kb before.tsv       # after `kb code auto -p P.kb`
    .venv/bin/python -m bench.auto_layer compare before.tsv after.tsv
    .venv/bin/python -m bench.auto_layer compare P1.kb P2.kb         # two projects directly

A row is (segment id, code id, source, status, confidence rounded to 1e-6, evidence), sorted; timestamps and
row ids are left out. ``compare`` prints how many rows each side has and the first differences, and exits 1
when they differ.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

Row = tuple[int, str, str, str, str, str]


def auto_rows(project: Path) -> list[Row]:
    """The ``auto`` layer's suggestions of a SQLite project, sorted."""
    con = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT c.segment_id, c.code_id, c.source, c.status, c.confidence, c.evidence FROM codings c "
            "JOIN coders k ON k.id = c.coder_id WHERE k.name = 'auto'"
        ).fetchall()
    finally:
        con.close()
    return sorted(
        (int(s), code, source, status, "" if conf is None else f"{conf:.6f}", evidence or "")
        for s, code, source, status, conf, evidence in rows
    )


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def write_rows(rows: list[Row], out: Path) -> None:
    out.write_text("".join("\t".join(_escape(str(v)) for v in r) + "\n" for r in rows), encoding="utf-8")


def read_rows(path: Path) -> list[tuple[str, ...]]:
    """Rows of a dump (as text), or of a project read directly."""
    if path.suffix == ".kb":
        return [tuple(_escape(str(v)) for v in r) for r in auto_rows(path)]
    return [tuple(line.split("\t")) for line in path.read_text(encoding="utf-8").splitlines()]


def compare(a: Path, b: Path, show: int = 10) -> bool:
    left, right = read_rows(a), read_rows(b)
    only_a = sorted(set(left) - set(right))
    only_b = sorted(set(right) - set(left))
    print(f"{a}: {len(left)} rijen; {b}: {len(right)} rijen")
    print(f"alleen links: {len(only_a)}; alleen rechts: {len(only_b)}")
    for r in only_a[:show]:
        print("  <", "\t".join(r)[:200])
    for r in only_b[:show]:
        print("  >", "\t".join(r)[:200])
    same = not only_a and not only_b and len(left) == len(right)
    print("gelijk" if same else "VERSCHILLEND")
    return same


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.auto_layer", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("project", type=Path)
    d.add_argument("out", type=Path)
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        rows = auto_rows(args.project)
        write_rows(rows, args.out)
        print(f"{len(rows)} rijen naar {args.out}")
        return 0
    return 0 if compare(args.a, args.b) else 1


if __name__ == "__main__":
    sys.exit(main())
