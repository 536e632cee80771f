"""Before/after: every pipeline stage of an older checkout against this tree, repeated and alternated.

    .venv/bin/python -m bench.before_after --before /work/wt/before --reps 3

Why a separate harness: on a shared machine the speed drifts by up to 30% within minutes (CPU steal), so one
run of each version cannot bound a stage at 10%. Here both versions run the same stages on the same generated
transcripts, in alternating order (before, after; after, before; ...), each stage in its own process via the
version's own ``bench.run --child``. The figure per stage is the minimum CPU time (user + system of the process
and its workers) over the repetitions: drift and neighbours only ever add time, so the minimum is the closest
estimate of each version's own cost. The median is reported beside it. Wall-clock seconds (what a user waits) are reported beside the CPU time,
also as the minimum over the repetitions: a version that spreads its work over both cores is no slower to
the user for burning more CPU, and one that waits is slower even at equal CPU.

This tree runs with sentence vectors off (the round-1 paths), so the comparison is of the same work.
Results: bench/results-before-after.md and .json, written only by a run of every stage (a partial run prints).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_MD = ROOT / "bench" / "results-before-after.md"
OUT_JSON = ROOT / "bench" / "results-before-after.json"
ALL_STAGES = ("ingest", "autocode", "tally", "cluster", "xlsx", "qdpx", "tui", "anchor_deduce")
STAGES = list(ALL_STAGES)
# The Pseudonymiser alone on the same texts (seconds of its loop, printed in the stage's status): ingest less
# this is the part of ingest that is not pseudonymisation, the part a refactor of the layers can change.
ANCHOR = "anchor_deduce"
REST = "ingest − pseudonymiser"
LIMIT = 1.10  # issue 12, point 11: no stage more than 10% slower


def _env(root: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(root)}


def _python(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=root, env=_env(root), check=True, capture_output=True, text=True
    )


def generate(root: Path, data: Path, n: int, words: int, seed: int) -> None:
    """The transcripts, written by the older version's generator: the newer code must read all it read."""
    code = (
        "from pathlib import Path; from bench.generate import generate; "
        f"generate(Path({str(data)!r}), n={n}, seed={seed}, words={words})"
    )
    _python(root, "-c", code)


def new_project(root: Path, project: Path, vectors_off: bool) -> None:
    _python(root, "-m", "kritischeblik", "init", "-p", str(project))
    if vectors_off:
        _python(root, "-m", "kritischeblik", "instellingen", "zinsvectoren", "uit", "-p", str(project))


def run_stage(root: Path, stage: str, project: Path, data: Path, work: Path) -> dict:
    result = work / f"{stage}.json"
    result.unlink(missing_ok=True)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--child", stage, "--project", str(project)]
        + ["--data", str(data), "--work", str(work), "--result", str(result)],
        cwd=root,
        env=_env(root),
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t0
    if not result.exists():
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"status": f"fout: {tail}", "cpu": None, "wall": wall}
    r = json.loads(result.read_text(encoding="utf-8"))
    cpu = r.get("cpu")
    if stage == ANCHOR and r["status"].startswith("ok "):
        cpu = float(r["status"].split()[1])  # the loop only, not the loading
    return {"status": r["status"][:60], "cpu": cpu, "wall": wall}


def one_pass(
    label: str, root: Path, data: Path, base: Path, rep: int, kept: Path | None = None
) -> dict[str, dict]:
    """The stages on a new project, or with ``kept`` on that project (ingested and auto-coded once)."""
    work = base / f"{label}-{rep}"
    work.mkdir(parents=True)
    project = kept or work / "bench.kb"
    if kept is None:
        new_project(root, project, vectors_off=(label == "after"))
    out = {}
    for stage in STAGES:
        m = run_stage(root, stage, project, data, work)
        out[stage] = m
        cpu = "?" if m["cpu"] is None else f"{m['cpu']:.2f}"
        print(f"  {rep} {label:6s} {stage:9s} {cpu:>7s} CPU-s  {m['wall']:6.2f} s  {m['status']}", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    return out


def keep_project(label: str, root: Path, data: Path, base: Path) -> Path:
    """A project of ``label``'s version, ingested and auto-coded (not timed): later stages repeat on it."""
    work = base / f"{label}-kept"
    work.mkdir(parents=True)
    project = work / "bench.kb"
    new_project(root, project, vectors_off=(label == "after"))
    for stage in ("ingest", "autocode"):
        run_stage(root, stage, project, data, work)
    return project


def _with_rest(one: dict[str, dict]) -> dict[str, dict]:
    ingest, anchor = one.get("ingest", {}).get("cpu"), one.get(ANCHOR, {}).get("cpu")
    rest = ingest - anchor if ingest is not None and anchor is not None else None
    return {**one, REST: {"status": "", "cpu": rest, "wall": 0.0}}


def _figures(values: list[float]) -> dict:
    return {
        "min": min(values) if values else None,
        "median": statistics.median(values) if values else None,
        "all": values,
    }


def summarise(runs: dict[str, list[dict[str, dict]]]) -> list[dict]:
    runs = {label: [_with_rest(one) for one in passes] for label, passes in runs.items()}
    rows = []
    for stage in [*STAGES, REST] if "ingest" in STAGES and ANCHOR in STAGES else STAGES:
        row: dict = {"stage": stage}
        for label in ("before", "after"):
            row[label] = _figures([r[stage]["cpu"] for r in runs[label] if r[stage]["cpu"] is not None])
            # The anchor's loop has no wall time of its own, and the rest of ingest is a difference of CPU.
            if stage not in (ANCHOR, REST):
                row[label]["wall"] = _figures(
                    [r[stage]["wall"] for r in runs[label] if r[stage]["cpu"] is not None]
                )
        b, a = row["before"]["min"], row["after"]["min"]
        row["ratio"] = (a / b) if a and b else None
        if "wall" in row["before"]:
            bw, aw = row["before"]["wall"]["min"], row["after"]["wall"]["min"]
            row["wall_ratio"] = (aw / bw) if aw and bw else None
        rows.append(row)
    return rows


def _cell(d: dict) -> str:
    return "?" if d["min"] is None else f"{d['min']:.2f} ({d['median']:.2f})"


def _ratio(value: float | None) -> str:
    return "?" if value is None else f"{value:.2f}" + (" **> 1.10**" if value > LIMIT else "")


def render(rows: list[dict], meta: dict) -> str:
    lines = [
        "# Before/after (issue 12, point 11)",
        "",
        f"- before: `{meta['before']}`; after: `{meta['after']}` (zinsvectoren uit)",
        f"- {meta['n']} interviews of ~{meta['words']} words, {meta['reps']} alternating repetitions, "
        f"{meta['cores']} cores, {meta['date']}",
        "- figures: minimum over the repetitions of CPU-s (user + system, process and workers) and of wall-clock "
        "seconds (the stage's process from start to end); medians in brackets",
        f"- {ANCHOR}: the Pseudonymiser's loop alone on the same texts; {REST}: the rest of ingest, per pass",
        "",
        "| stage | CPU before | CPU after | after / before | wall before | wall after | after / before |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        b, a = r["before"], r["after"]
        walls = (
            f"{_cell(b['wall'])} | {_cell(a['wall'])} | {_ratio(r.get('wall_ratio'))}"
            if "wall" in b
            else "| |"
        )
        lines.append(f"| {r['stage']} | {_cell(b)} | {_cell(a)} | {_ratio(r['ratio'])} | {walls} |")
    return "\n".join(lines) + "\n"


def _commit(root: Path) -> str:
    res = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True)
    return res.stdout.strip() or str(root)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.before_after", description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", type=Path, required=True, help="checkout van de oudere code")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--n", type=int, default=75)
    ap.add_argument("--words", type=int, default=8000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stages", default=",".join(STAGES), help="komma-gescheiden deelverzameling")
    ap.add_argument(
        "--kept",
        action="store_true",
        help="ingest en auto-code één keer per versie (niet gemeten); daarna alleen --stages herhalen "
        "(zonder ingest of autocode)",
    )
    args = ap.parse_args(argv)
    STAGES[:] = [s for s in args.stages.split(",") if s]
    if args.kept and {"ingest", "autocode"} & set(STAGES):
        ap.error("--kept herhaalt alleen latere stappen: laat ingest en autocode weg uit --stages")
    before = args.before.resolve()
    base = Path(tempfile.mkdtemp(prefix="kb-before-after-"))
    try:
        data = base / "data"
        generate(before, data, args.n, args.words, args.seed)
        runs: dict[str, list] = {"before": [], "after": []}
        roots = {"before": before, "after": ROOT}
        kept = {label: keep_project(label, roots[label], data, base) for label in roots} if args.kept else {}
        for rep in range(args.reps):
            order = ["before", "after"] if rep % 2 == 0 else ["after", "before"]
            for label in order:
                runs[label].append(one_pass(label, roots[label], data, base, rep, kept.get(label)))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    rows = summarise(runs)
    meta = {
        "before": _commit(before),
        "after": _commit(ROOT),
        "n": args.n,
        "words": args.words,
        "reps": args.reps,
        "cores": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }
    text = render(rows, meta)
    if set(STAGES) == set(ALL_STAGES) and not args.kept:
        OUT_MD.write_text(text, encoding="utf-8")
        OUT_JSON.write_text(json.dumps({"meta": meta, "rows": rows}, indent=1), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
