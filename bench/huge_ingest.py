"""One very large transcript through `kb ingest`: wall time, CPU seconds and peak memory of the process tree.

    .venv/bin/python -m bench.huge_ingest                # 50 MB, as in issue #7
    .venv/bin/python -m bench.huge_ingest --mb 12 --workers 1

Memory is the peak proportional set size (PSS) summed over the `kb` process and its forked workers, which
share deduce's tables: RSS would count those shared pages once per process. CPU seconds include the workers.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.memory import tree_pss

ROOT = Path(__file__).resolve().parent.parent


def make_transcript(path: Path, megabytes: float, seed: int = 3) -> Path:
    from bench.generate import interview

    sample = interview(seed=seed, index=0, words=20_000)[1]
    per_word = len(sample.encode("utf-8")) / 20_000
    _iid, text = interview(seed=seed, index=0, words=int(megabytes * 1024**2 / per_word))
    path.write_text(text, encoding="utf-8")
    return path


def measure(argv: list[str], env: dict[str, str]) -> dict:
    start = time.perf_counter()
    proc = psutil.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_pss = peak_rss_main = 0
    cpu: dict[int, float] = {}
    while proc.poll() is None:
        for p in [proc, *proc.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                times = p.cpu_times()
                cpu[p.pid] = times.user + times.system  # the last reading of a worker stands when it ends
        with contextlib.suppress(psutil.Error):
            peak_rss_main = max(peak_rss_main, proc.memory_info().rss)
        peak_pss = max(peak_pss, tree_pss(proc))
        time.sleep(0.5)
    wall = time.perf_counter() - start
    err = proc.stderr.read()
    proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"kb ingest faalde ({proc.returncode}):\n{err[-2000:]}")
    return {
        "wall_s": wall,
        "cpu_s": sum(cpu.values()),
        "peak_pss_mb": peak_pss / 1024**2,
        "peak_rss_main_mb": peak_rss_main / 1024**2,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0, help="grootte van het transcript in MB (standaard 50)")
    ap.add_argument("--workers", type=int, help="KB_WORKERS voor de ingest (standaard: alle kernen)")
    args = ap.parse_args(argv)
    env = dict(os.environ)
    if args.workers:
        env["KB_WORKERS"] = str(args.workers)
    with tempfile.TemporaryDirectory(prefix="kb-huge-") as tmp:
        big = make_transcript(Path(tmp) / "groot.md", args.mb)
        project = Path(tmp) / "groot.kb"
        kb = [sys.executable, "-m", "kritischeblik"]
        subprocess.run([*kb, "init", "-p", str(project)], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        result = measure([*kb, "ingest", "-p", str(project), str(big)], env)
        size = big.stat().st_size / 1024**2
    load = os.getloadavg()[0]
    print(
        f"| {size:.1f} MB | {args.workers or 'alle'} | {result['wall_s']:.0f} | {result['cpu_s']:.0f} | "
        f"{result['peak_pss_mb']:.0f} | {result['peak_rss_main_mb']:.0f} | {os.cpu_count()} | {load:.1f} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
