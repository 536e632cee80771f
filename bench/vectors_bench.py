"""Sentence-vector benchmark: what computing a vector per segment at ingest costs, next to its anchor.

    .venv/bin/python -m bench.vectors_bench                 # 75 generated interviews of ~8,000 words (make bench)
    .venv/bin/python -m bench.vectors_bench --n 12 --words 1500   # quick check of the harness

Measured in one run on the same generated interviews (bench/generate.py, seeded; pseudonymised as usual):
- ``kb ingest`` with the project setting zinsvectoren off and on (wall seconds, each in its own process, the
  workers the machine offers);
- the anchor: the raw encoder (``analysis.vectors.encode_texts``) on the same segment texts in one process,
  with 1 and with 2 threads (sentences per second, model loaded beforehand);
- ``kb vectoren bouw`` on the project ingested without vectors (the after-the-fact path);
- project growth from vectors: file size with minus without (after a checkpoint), per 1,000 segments.
Results go to bench/results-vectors.md. Speed goals live here, never in the unit tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KB = [sys.executable, "-m", "kritischeblik"]
RESULTS = ROOT / "bench" / "results-vectors.md"
TARGET_S = 60.0
"""Issue 13: ingest with vectors of 75 generated interviews within a minute on 2 cores."""


def _kb(*args: str) -> float:
    t = time.perf_counter()
    subprocess.run([*KB, *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def _size(project: Path) -> int:
    con = sqlite3.connect(project)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return project.stat().st_size


def _segments(project: Path) -> list[str]:
    con = sqlite3.connect(project)
    try:
        return [r[0] for r in con.execute("SELECT text FROM segments ORDER BY id")]
    finally:
        con.close()


def _anchor(texts: list[str]) -> dict[str, float]:
    from kritischeblik.analysis.vectors import encode_texts, load_encoder

    t = time.perf_counter()
    load_encoder()
    out = {"load_s": time.perf_counter() - t}
    for threads in (1, 2):
        t = time.perf_counter()
        encode_texts(texts, threads=threads)
        out[f"sentences_per_s_{threads}"] = len(texts) / (time.perf_counter() - t)
    return out


def run(n: int, words: int, seed: int, base: Path) -> dict:
    from bench.generate import generate

    files = [str(p) for p in generate(base / "data", n=n, seed=seed, words=words)]
    off, on = base / "zonder.kb", base / "met.kb"
    for project in (off, on):
        _kb("init", "-p", str(project))
    _kb("instellingen", "zinsvectoren", "uit", "-p", str(off))
    r: dict = {
        "n": n,
        "words": words,
        "cores": len(os.sched_getaffinity(0)),
        "load_before": os.getloadavg()[0],
    }
    r["ingest_without_s"] = _kb("ingest", "-p", str(off), *files)
    r["ingest_with_s"] = _kb("ingest", "-p", str(on), *files)
    texts = _segments(on)
    r["segments"] = len(texts)
    r["unique_texts"] = len(set(texts))
    r["growth_bytes"] = _size(on) - _size(off)
    r["growth_per_1000"] = r["growth_bytes"] / len(texts) * 1000
    r["build_s"] = _kb("vectoren", "bouw", "-p", str(off))
    r.update(_anchor(texts))
    r["load_after"] = os.getloadavg()[0]
    return r


def render(r: dict) -> str:
    extra = r["ingest_with_s"] - r["ingest_without_s"]
    encode_s = r["segments"] / r["sentences_per_s_2"]
    verdict = "gehaald" if r["ingest_with_s"] < TARGET_S else "NIET gehaald"
    return "\n".join(
        [
            "# Zinsvectoren: kosten bij inlezen",
            "",
            f"{time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, {r['cores']} kernen; "
            f"{r['n']} gegenereerde interviews van ~{r['words']} woorden, {r['segments']} fragmenten "
            f"({r['unique_texts']} verschillende teksten; het inlezen berekent een tekst één keer per werker, "
            "het anker en kb vectoren bouw elke keer). Belasting van de machine (1 min) voor en na: "
            f"{r['load_before']:.1f} / {r['load_after']:.1f}.",
            "",
            "| meting | waarde |",
            "|---|---|",
            f"| kb ingest, zinsvectoren uit | {r['ingest_without_s']:.1f} s |",
            f"| kb ingest, zinsvectoren aan | {r['ingest_with_s']:.1f} s ({verdict}: doel < {TARGET_S:.0f} s) |",
            f"| extra door zinsvectoren | {extra:.1f} s |",
            f"| anker: encoder alleen, 1 thread | {r['sentences_per_s_1']:.0f} zinnen/s |",
            f"| anker: encoder alleen, 2 threads | {r['sentences_per_s_2']:.0f} zinnen/s "
            f"({encode_s:.1f} s voor deze fragmenten; model laden {r['load_s']:.1f} s) |",
            f"| kb vectoren bouw (achteraf, zelfde fragmenten) | {r['build_s']:.1f} s |",
            f"| projectgroei door zinsvectoren | {r['growth_bytes'] / 1024**2:.1f} MB, "
            f"{r['growth_per_1000'] / 1024:.0f} kB per 1.000 fragmenten |",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.vectors_bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=75)
    ap.add_argument("--words", type=int, default=8000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kb-vectors-") as tmp:
        text = render(run(args.n, args.words, args.seed, Path(tmp)))
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
