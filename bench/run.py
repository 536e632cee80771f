"""Benchmarks at scale: every pipeline stage timed separately, each in its own process (own peak RSS).

    make bench                                        # = .venv/bin/python -m bench.run (75 interviews, a few minutes)
    .venv/bin/python -m bench.run --sizes 75,1000     # 1,000 interviews (~8M words) takes much longer (tens of minutes)
    .venv/bin/python -m bench.run --quick             # 12 short interviews: checks that the harness works
    .venv/bin/python -m bench.run --profile           # also profile ingest with pyinstrument (bench/profile-ingest-N.txt)

Data come from bench/generate.py (seeded). Stages: ingest (parse + segment + pseudonymise + store), auto-code,
tally, cluster, xlsx export, qdpx export, TUI first paint / filter latency (if bench/tui_bench.py exists).
Anchors, measured in the same run on the same text: the spaCy pipeline (``nlp.pipe``) and the bare tokenizer over
all turn texts, and the project's Pseudonymiser alone on the same pieces. Each stage is reported as a ratio to its
anchor. A stage whose command does not exist yet is reported as "nog niet beschikbaar". Results are written to
bench/results.md (Markdown) with core count, date, Python and spaCy versions.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.memory import PeakTreeMemory
from bench.report import NOT_YET, Measure, fmt_mb, fmt_s, render, write_summary

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
# Machine-readable figures per size, merged over runs (a 75-only run keeps the last 1,000 run's entry):
# bench/figures.py renders README's performance table from it.
RESULTS_JSON = ROOT / "bench" / "results.json"


# ---------------------------------------------------------------------------------------------- child side


def _peak_rss() -> int:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def cli_has(*names: str) -> bool:
    """True if ``kb <names...>`` is a registered (sub)command."""
    import argparse as ap

    from kritischeblik.cli import build_parser

    parser = build_parser()
    for name in names:
        sub = next((a for a in parser._actions if isinstance(a, ap._SubParsersAction)), None)
        if sub is None or name not in sub.choices:
            return False
        parser = sub.choices[name]
    return True


def _kb(argv: list[str]) -> tuple[int, str]:
    """Run the CLI in-process; stdout is discarded (it can be large), stderr's last line kept for errors."""
    from kritischeblik.cli import main

    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            rc = main(argv)
        except SystemExit as e:  # argparse errors
            rc = int(e.code or 0)
    lines = [x for x in err.getvalue().splitlines() if x.strip()]
    return rc, (lines[-1] if lines else "")


def _turn_pieces(data: Path) -> list[list[str]]:
    """Per transcript: the turn texts and suggestions as parsed (before pseudonymisation)."""
    from kritischeblik.codebook import load_codebook
    from kritischeblik.ingest.parse import parse_transcript

    codebook = load_codebook("kritische-blik")
    out = []
    for path in sorted(data.glob("*.md")):
        raw = parse_transcript(path.read_text(encoding="utf-8"), str(path), codebook)
        out.append([t.text for t in raw.turns] + list(raw.suggestions))
    return out


def stage_ingest(p: Path, data: Path, work: Path) -> str:
    rc, err = _kb(["ingest", "-p", str(p), *map(str, sorted(data.glob("*.md")))])
    return "ok" if rc == 0 else f"fout: {err}"


def stage_autocode(p: Path, data: Path, work: Path) -> str:
    if cli_has("code", "auto"):
        rc, err = _kb(["code", "auto", "-p", str(p)])
        return "ok" if rc == 0 else f"fout: {err}"
    # Fallback while `kb code auto` is being written: the same library calls the command will make.
    try:
        from kritischeblik.analysis import autocode
    except ImportError:
        return NOT_YET
    from kritischeblik.store import codings
    from kritischeblik.store.codebooks import primary_codebook
    from kritischeblik.store.db import Project
    from kritischeblik.store.segments import segments

    with Project.open(p) as project:
        with project.read() as s:
            segs = segments(s)
            book = primary_codebook(s)
        found = autocode.suggest(segs, book)
        with project.write() as s:
            codings.save_suggestions(s, found, replace_source=autocode.SOURCE)
    return "ok (bibliotheek: kb code auto " + NOT_YET + ")"


def stage_tally(p: Path, data: Path, work: Path) -> str:
    if not cli_has("tally"):
        return NOT_YET
    rc, err = _kb(["tally", "-p", str(p), "--format", "json"])
    return "ok" if rc == 0 else f"fout: {err}"


def stage_cluster(p: Path, data: Path, work: Path) -> str:
    if not cli_has("themes"):
        return NOT_YET
    rc, err = _kb(
        [
            "themes",
            "-p",
            str(p),
            "--kind",
            "belemmerend",
            "--basis",
            "suggesties",
            "--k",
            "auto",
            "--seed",
            "1",
            "--force",
            "--format",
            "json",
        ]
    )
    return "ok" if rc == 0 else f"fout: {err}"


def stage_xlsx(p: Path, data: Path, work: Path) -> str:
    if not cli_has("export", "xlsx"):
        return NOT_YET
    rc, err = _kb(["export", "xlsx", "-p", str(p), str(work / "bench.xlsx")])
    return "ok" if rc == 0 else f"fout: {err}"


def stage_qdpx(p: Path, data: Path, work: Path) -> str:
    if not cli_has("export", "qdpx"):
        return NOT_YET
    rc, err = _kb(["export", "qdpx", "-p", str(p), str(work / "bench.qdpx")])
    return "ok" if rc == 0 else f"fout: {err}"


def stage_tui(p: Path, data: Path, work: Path) -> str:
    """First paint and filter latency through bench/tui_bench.py (the TUI colleague's helper), at 1,000
    interviews: smaller projects are enlarged by copying their interviews, as tui_bench does itself."""
    try:
        from bench import tui_bench  # provided by the TUI colleague
    except ImportError:
        return NOT_YET
    if not hasattr(tui_bench, "measure"):
        return NOT_YET + " (bench/tui_bench.py heeft geen measure())"
    import asyncio

    target = p
    if hasattr(tui_bench, "enlarge"):
        target = work / "tui-1000.kb"
        target.unlink(missing_ok=True)
        tui_bench.enlarge(p, target, max(1000, _interview_count(p)))
    res = asyncio.run(
        tui_bench.measure(target, ["", "wijk", "samenwerking", "huisarts bellen", "zzz", "school-0"])
    )
    result = {
        "interviews": res.get("interviews"),
        "first_paint_s": round(res["eerste_scherm_s"], 3) if "eerste_scherm_s" in res else None,
        "filter_s": round(res["filter_median_ms"] / 1000, 4) if "filter_median_ms" in res else None,
        "filter_max_s": round(res["filter_max_ms"] / 1000, 4) if "filter_max_ms" in res else None,
        "filter_omgeving_incl_render_s": round(res.get("filter_omgeving_incl_render_ms", 0) / 1000, 4),
    }
    return "ok " + json.dumps(result)


def _interview_count(p: Path) -> int:
    import sqlite3

    con = sqlite3.connect(p)
    try:
        return con.execute("SELECT count(*) FROM interviews").fetchone()[0]
    finally:
        con.close()


def anchor_spacy(p: Path, data: Path, work: Path) -> str:
    from kritischeblik.nlp import load_nlp

    nlp = load_nlp()
    texts = [t for pieces in _turn_pieces(data) for t in pieces]
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    return f"ok {time.perf_counter() - t0:.3f}"


def anchor_tokenizer(p: Path, data: Path, work: Path) -> str:
    from kritischeblik.nlp import load_nlp

    nlp = load_nlp()
    texts = [t for pieces in _turn_pieces(data) for t in pieces]
    t0 = time.perf_counter()
    for _ in nlp.tokenizer.pipe(texts, batch_size=256):
        pass
    return f"ok {time.perf_counter() - t0:.3f}"


def autocode_match(p: Path, data: Path, work: Path) -> str:
    """Auto-coding (matching + evidence on the stored lemmas, codebook compiled, segments loaded) and the bare
    tokenizer on the same segment texts, in this one process, in CPU seconds (bench/quality.py
    autocode_speed): status "ok AUTO tokenizer TOK ...", best of 5 warm passes."""
    try:
        from bench.quality import autocode_speed
    except ImportError:
        return NOT_YET
    from kritischeblik.store.codebooks import all_codes
    from kritischeblik.store.db import Project
    from kritischeblik.store.segments import segments

    with Project.open(p) as project, project.read() as s:
        segs = segments(s)
        book = all_codes(s)
    r = autocode_speed(segs, book)
    return (
        f"ok {r.autocode:.3f} tokenizer {r.tokenizer:.3f} (koud {r.autocode_cold:.3f} / {r.tokenizer_cold:.3f}; "
        f"{r.segments} segmenten)"
    )


def anchor_deduce(p: Path, data: Path, work: Path) -> str:
    from kritischeblik.ingest.pseudonymisation.pseudonymiser import get_pseudonymiser

    pseudo = get_pseudonymiser()
    pieces = _turn_pieces(data)
    t0 = time.perf_counter()
    for one in pieces:
        pseudo.pseudonymise(one)
    return f"ok {time.perf_counter() - t0:.3f}"


STAGES = {
    "ingest": stage_ingest,
    "autocode": stage_autocode,
    "tally": stage_tally,
    "cluster": stage_cluster,
    "xlsx": stage_xlsx,
    "qdpx": stage_qdpx,
    "tui": stage_tui,
    "autocode_match": autocode_match,
    "anchor_spacy": anchor_spacy,
    "anchor_tokenizer": anchor_tokenizer,
    "anchor_deduce": anchor_deduce,
}


def child(stage: str, project: Path, data: Path, work: Path, result: Path, profile: Path | None) -> None:
    t0 = time.perf_counter()
    profiler = None
    if profile is not None:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    try:
        status = STAGES[stage](project, data, work)
    except ModuleNotFoundError as e:
        # A command registered before its module exists (colleagues work in parallel).
        status = f"{NOT_YET} ({e.name})" if (e.name or "").startswith("kritischeblik") else f"fout: {e}"
    except Exception as e:  # a crash is a result too; report it instead of losing the rest of the run
        status = f"fout: {type(e).__name__}: {e}"
    elapsed = time.perf_counter() - t0
    if profiler is not None:
        profiler.stop()
        profile.write_text(profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    # Worker processes (parallel ingest) have their own peak; report the larger of the two as well.
    peak_kids = kids.ru_maxrss * 1024
    result.write_text(
        json.dumps(
            {
                "status": status,
                "seconds": elapsed,
                "peak_rss": _peak_rss(),
                "cpu": cpu,
                "peak_rss_workers": peak_kids,
            }
        ),
        encoding="utf-8",
    )


# --------------------------------------------------------------------------------------------- parent side


def run_stage(stage: str, project: Path, data: Path, work: Path, profile: Path | None = None) -> Measure:
    result = work / f"{stage}.json"
    result.unlink(missing_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "bench.run",
        "--child",
        stage,
        "--project",
        str(project),
        "--data",
        str(data),
        "--work",
        str(work),
        "--result",
        str(result),
    ]
    if profile is not None:
        cmd += ["--profile-out", str(profile)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakTreeMemory(proc.pid) as memory:
        _out, err = proc.communicate()
    wall = time.perf_counter() - t0
    if not result.exists():
        tail = (err.strip().splitlines() or ["?"])[-1]
        return Measure(stage, f"fout: proces stopte met code {proc.returncode}: {tail}", wall=wall)
    r = json.loads(result.read_text(encoding="utf-8"))
    return Measure(
        stage,
        r["status"],
        r["seconds"],
        wall,
        r["peak_rss"],
        r.get("cpu"),
        r.get("peak_rss_workers"),
        peak_tree=memory.peak or None,
    )


def bench_size(
    n: int, words: int, seed: int, base: Path, profile: bool, vectors: bool = True
) -> tuple[list[Measure], dict]:
    from bench.generate import generate

    data = base / f"data-{n}"
    work = base / f"work-{n}"
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    paths = generate(data, n=n, seed=seed, words=words)
    n_words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    info = {"n": n, "words": n_words, "generate_s": time.perf_counter() - t0}
    project = work / "bench.kb"
    subprocess.run(
        [sys.executable, "-m", "kritischeblik", "init", "-p", str(project)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    if not vectors:
        # The round-1 paths (lemma rules, TF-IDF themes): compares the refactor with the code before it
        # without the sentence vectors that came later.
        subprocess.run(
            [
                sys.executable,
                "-m",
                "kritischeblik",
                "instellingen",
                "zinsvectoren",
                "uit",
                "-p",
                str(project),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    measures: list[Measure] = []
    order = [
        "ingest",
        "autocode",
        "tally",
        "cluster",
        "xlsx",
        "qdpx",
        "tui",
        "autocode_match",
        "anchor_tokenizer",
        "anchor_spacy",
        "anchor_deduce",
    ]
    for stage in order:
        prof = ROOT / "bench" / f"profile-ingest-{n}.txt" if (profile and stage == "ingest") else None
        m = run_stage(stage, project, data, work, prof)
        print(
            f"  [{n}] {stage:17s} {fmt_s(m.seconds):>7s} s  {fmt_mb(m.peak_rss):>6s} MB  {m.status[:90]}",
            flush=True,
        )
        measures.append(m)
    if profile:
        # Profile run on a fresh project: the profiled ingest above is the measured one too, so say so.
        info["profile"] = f"bench/profile-ingest-{n}.txt"
    info["project_mb"] = project.stat().st_size / 1024**2 if project.exists() else None
    return measures, info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="75", help="aantallen interviews, komma-gescheiden (standaard 75)")
    ap.add_argument("--quick", action="store_true", help="12 korte interviews: alleen de harnas testen")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--words", type=int, default=8000, help="woorden per interview (standaard 8000)")
    ap.add_argument("--profile", action="store_true", help="ingest profileren met pyinstrument")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--keep", type=Path, help="werkmap bewaren op deze plek (anders tijdelijk)")
    ap.add_argument(
        "--zonder-vectoren", action="store_true", help="project met zinsvectoren uit (de paden van ronde 1)"
    )
    # child mode (internal)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--profile-out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.project, args.data, args.work, args.result, args.profile_out)
        return 0

    sizes = [12] if args.quick else [int(x) for x in args.sizes.split(",") if x.strip()]
    words = 1500 if args.quick else args.words
    base = args.keep or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    results = []
    try:
        for n in sizes:
            print(f"{n} interviews (~{words} woorden elk) in {base}", flush=True)
            results.append(
                bench_size(n, words, args.seed, base, args.profile, vectors=not args.zonder_vectoren)
            )
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    text = render(results)
    args.out.write_text(text, encoding="utf-8")
    if not args.quick and args.out == RESULTS and not args.zonder_vectoren:
        write_summary(RESULTS_JSON, results)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
