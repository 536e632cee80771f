"""TUI speed on a large project: first paint of the Overzicht (goal < 1 s) and filter latency (< 100 ms) at 1,000,
and the event loop while re-clustering (goal: never blocked longer than 100 ms).

    .venv/bin/python -m bench.tui_bench --source demo.kb --n 1000
    .venv/bin/python -m bench.tui_bench --source demo.kb --n 1000 --alleen-clusteren
    .venv/bin/python -m bench.tui_bench --source demo.kb --n 1000 --alleen-eerste-beeld

Re-clustering (``measure_recluster``): the Thema's screen starts a clustering of ``belemmerend`` (as the key k
does) while a ticker on the event loop asks to be woken every 20 ms; the largest time between two wake-ups
is how long the loop was blocked at worst (plus the 20 ms asked for). The clustering itself runs in a thread
worker (tui/tasks.py), so its duration is what the screen would have frozen for on the event loop.

The large project is made by copying the source project's interviews (with their turns, segments and
machine suggestions) under new ids until there are ``--n`` interviews; the copy lives in a temp dir.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kritischeblik.store.db import Project


def enlarge(src: Path, dest: Path, n: int) -> int:
    with Project.open(src) as p, p.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(src, dest)
    db = sqlite3.connect(dest)
    ids = [r[0] for r in db.execute("SELECT id FROM interviews ORDER BY id")]
    base = len(ids)
    max_turn = db.execute("SELECT max(id) FROM turns").fetchone()[0] or 0
    max_seg = db.execute("SELECT max(id) FROM segments").fetchone()[0] or 0
    copies = 0
    total = base
    while total < n:
        copies += 1
        take = ids[: min(base, n - total)]
        marks = ",".join("?" * len(take))
        suffix = f"-k{copies}"
        t_off, s_off = max_turn * copies, max_seg * copies
        cols = [r[1] for r in db.execute("PRAGMA table_info(interviews)")]
        sel = ", ".join("id || ?" if c == "id" else c for c in cols)
        db.execute(
            f"INSERT INTO interviews ({', '.join(cols)}) SELECT {sel} FROM interviews WHERE id IN ({marks})",
            [suffix, *take],
        )
        db.execute(
            f"INSERT INTO turns (id, interview_id, idx, section, speaker, role, char_start, char_end) "
            f"SELECT id + ?, interview_id || ?, idx, section, speaker, role, char_start, char_end FROM turns "
            f"WHERE interview_id IN ({marks})",
            [t_off, suffix, *take],
        )
        db.execute(
            f"INSERT INTO segments (id, interview_id, turn_id, idx, section, speaker, role, char_start, char_end, text, "
            f"lemmas, state) SELECT id + ?, interview_id || ?, turn_id + ?, idx, section, speaker, role, char_start, "
            f"char_end, text, lemmas, state FROM segments WHERE interview_id IN ({marks})",
            [s_off, suffix, t_off, *take],
        )
        db.execute(
            f"INSERT INTO codings (segment_id, code_id, coder_id, status, source, confidence, evidence, memo, created_at, "
            f"updated_at, revision) SELECT c.segment_id + ?, c.code_id, c.coder_id, c.status, c.source, c.confidence, "
            f"c.evidence, c.memo, c.created_at, c.updated_at, c.revision FROM codings c JOIN segments s ON "
            f"s.id = c.segment_id WHERE s.interview_id IN ({marks})",
            [s_off, *take],
        )
        total += len(take)
    db.commit()
    db.close()
    return total


async def measure(
    path: Path, queries: list[str], t_start: float | None = None, cpu_start: float | None = None
) -> dict[str, float]:
    """Open the app headless at 120x40 and time the Overzicht.

    ``eerste_scherm_s`` is the moment the first frame showing interview rows is handed to the terminal
    driver (Textual's ``App._display``, wrapped here), ``eerste_scherm_cpu_s`` the CPU seconds of this process
    until then (less sensitive to other load on the machine); ``alles_geladen_s`` is when the texts, codes
    and agreement have been read and every row is in the table.
    """
    from textual.widgets import DataTable, Input

    from kritischeblik.tui.app import KBApp
    from kritischeblik.tui.screens.overview import OverviewScreen

    start = time.perf_counter() if t_start is None else t_start
    cpu = time.process_time() if cpu_start is None else cpu_start
    app = KBApp(path, coder="bench")
    out: dict[str, float] = {}
    display = app._display

    def timed_display(screen, renderable):  # noqa: ANN001, ANN202
        if (
            "eerste_scherm_s" not in out
            and renderable is not None
            and isinstance(screen, OverviewScreen)
            and screen.query_one("#interviews", DataTable).row_count
        ):
            out["eerste_scherm_s"] = time.perf_counter() - start
            out["eerste_scherm_cpu_s"] = time.process_time() - cpu
        return display(screen, renderable)

    app._display = timed_display
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        while not (
            isinstance(screen, OverviewScreen)
            and getattr(screen, "details_loaded", True)
            and screen.query_one("#interviews", DataTable).row_count == len(screen.shown)
        ):
            await pilot.pause(0.005)
            screen = app.screen
        out["alles_geladen_s"] = time.perf_counter() - start
        out["interviews"] = len(screen.rows)
        search = screen.query_one("#zoek", Input)
        timings = []
        for q in queries * 3:
            t0 = time.perf_counter()
            with search.prevent(Input.Changed):
                search.value = q
            screen.apply_filter()
            timings.append(time.perf_counter() - t0)
        out["filter_median_ms"] = statistics.median(timings) * 1000
        out["filter_max_ms"] = max(timings) * 1000
        t0 = time.perf_counter()
        screen.query_one("#f-omgeving").value = "wijk"
        await pilot.pause()
        out["filter_omgeving_incl_render_ms"] = (time.perf_counter() - t0) * 1000
    return out


async def measure_recluster(path: Path, kind: str = "belemmerend", tick_s: float = 0.02) -> dict[str, float]:
    """Re-cluster ``kind`` from the Thema's screen and record the event loop's largest gap between ticks."""
    from kritischeblik.tui.app import KBApp
    from kritischeblik.tui.screens.themes import ThemesScreen

    app = KBApp(path, coder="bench")
    out: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        while not isinstance(app.screen, ThemesScreen):
            await pilot.pause(0.01)
        screen = app.screen
        screen.kind = kind
        await pilot.pause(1.0)
        gaps: list[float] = []
        running = True

        during: list[bool] = []

        async def ticker() -> None:
            while running:
                t = time.perf_counter()
                await asyncio.sleep(tick_s)
                gaps.append(time.perf_counter() - t)
                during.append(app.long_task is not None)

        # The same ticker with nothing running first: what the machine (and Textual's own work) costs anyway.
        ticks = asyncio.create_task(ticker())
        await asyncio.sleep(3.0)
        idle, gaps[:], during[:] = list(gaps), [], []
        t0 = time.perf_counter()
        screen.action_cluster()
        assert app.long_task is not None, "er is niet geclusterd (bewerkingen? dan vraagt het scherm eerst)"
        while app.long_task is not None:
            await asyncio.sleep(0.05)
        out["herclusteren_s"] = time.perf_counter() - t0
        await asyncio.sleep(0.5)  # the new themes are painted after the task: that counts too
        running = False
        await ticks
        out["ticks"] = len(gaps)
        out["lus_max_gat_ms"] = max(gaps) * 1000
        out["lus_p99_gat_ms"] = _p99(gaps) * 1000
        out["lus_gaten_boven_100ms"] = sum(g > 0.1 for g in gaps)
        out["lus_max_gat_tijdens_taak_ms"] = max(g for g, d in zip(gaps, during, strict=True) if d) * 1000
        out["lus_max_gat_na_taak_ms"] = (
            max([g for g, d in zip(gaps, during, strict=True) if not d] or [0]) * 1000
        )
        out["lus_rust_max_gat_ms"] = max(idle) * 1000
        out["lus_rust_p99_gat_ms"] = _p99(idle) * 1000
        out["thema_s"] = len(screen.themes)
        out["fragmenten"] = int(screen.themes["omvang"].sum()) if len(screen.themes) else 0
    return out


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) > 1 else values[0]


def clear_themes(path: Path) -> None:
    """Remove saved theme sets, so every measurement re-clusters without asking (no edits to lose)."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys=ON")  # the themes and their members go with their set
    db.execute("DELETE FROM theme_sets")
    db.commit()
    db.close()


QUERIES = ["", "wijk", "samenwerking", "huisarts bellen", "zzz", "school-0"]


def cold(path: Path) -> float:
    """First paint in a fresh interpreter, imports included (what `kb tui` costs before the first frame)."""
    return cold_with_cpu(path)[0]


def cold_with_cpu(path: Path) -> tuple[float, float]:
    """(seconds, CPU seconds of the process since it started) until the first paint in a fresh interpreter."""
    code = (
        "import sys, time, asyncio; t = time.perf_counter(); import kritischeblik.cli; "
        "from bench.tui_bench import measure, QUERIES; "
        "r = asyncio.run(measure(__import__('pathlib').Path(sys.argv[1]), QUERIES[:1], t, 0.0)); "
        "print(r['eerste_scherm_s'], r['eerste_scherm_cpu_s'])"
    )
    res = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    wall, cpu = res.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, required=True, help="bestaand project om te vermenigvuldigen")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--herhaal", type=int, default=5, help="aantal metingen; de mediaan wordt getoond")
    ap.add_argument(
        "--alleen-clusteren", action="store_true", help="alleen de gebeurtenislus tijdens herclusteren"
    )
    ap.add_argument(
        "--alleen-eerste-beeld", action="store_true", help="alleen het eerste beeld in een nieuw proces"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "groot.kb"
        t0 = time.perf_counter()
        n = enlarge(args.source, path, args.n)
        print(f"project met {n} interviews gemaakt in {time.perf_counter() - t0:.1f} s")
        runs = []
        for _ in range(args.herhaal):
            if args.alleen_eerste_beeld:
                wall, cpu = cold_with_cpu(path)
                runs.append({"eerste_scherm_koud_s": wall, "eerste_scherm_koud_cpu_s": cpu})
                continue
            result = {} if args.alleen_clusteren else asyncio.run(measure(path, QUERIES))
            if not args.alleen_clusteren:
                result["eerste_scherm_koud_s"], result["eerste_scherm_koud_cpu_s"] = cold_with_cpu(path)
            clear_themes(path)
            result.update(asyncio.run(measure_recluster(path)))
            runs.append(result)
    print(f"mediaan van {len(runs)} metingen (lus_max_gat_ms: het grootste van alle metingen)")
    if "lus_max_gat_ms" in runs[0]:
        print(
            "lus_max_gat_ms per meting (tijdens / na de taak): "
            + ", ".join(
                f"{r['lus_max_gat_ms']:.0f} ({r['lus_max_gat_tijdens_taak_ms']:.0f}/"
                f"{r['lus_max_gat_na_taak_ms']:.0f})"
                for r in runs
            )
        )
    for k in runs[0]:
        v = max(r[k] for r in runs) if k == "lus_max_gat_ms" else statistics.median(r[k] for r in runs)
        print(f"{k:32s} {v:10.3f}" if k.endswith("_s") else f"{k:32s} {v:10.1f}")
    print("belasting (loadavg 1/5/15 min): " + " / ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
