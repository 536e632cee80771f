"""The bench report: measures per stage, the Markdown tables with targets, and the JSON summary that
bench/figures.py turns into README's performance table. Split from bench/run.py, which runs the stages."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
from dataclasses import dataclass, field
from pathlib import Path

NOT_YET = "nog niet beschikbaar"


# Targets from issue #7 (seconds / bytes).
TARGET_PIPELINE_75_S = 30.0
TARGET_PIPELINE_1000_S = 360.0
TARGET_RSS_1000 = 2 * 1024**3
TARGET_AUTOCODE_X_TOKENIZER = 2.0
TARGET_TUI_PAINT_S = 1.0
TARGET_TUI_FILTER_S = 0.1


@dataclass
class Measure:
    stage: str
    status: str
    seconds: float | None = None  # time inside the stage (after interpreter start-up)
    wall: float | None = None  # whole process, including imports
    peak_rss: int | None = None
    cpu: float | None = None  # user + system seconds, this process and its workers: less sensitive to load
    peak_rss_workers: int | None = None
    peak_tree: int | None = None  # peak PSS summed over the process and its workers (bench/memory.py)
    extra: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status.startswith("ok")

    @property
    def inner(self) -> float | None:
        """For anchors the timed loop alone (model/deduce loading excluded); else the stage time."""
        if self.stage.startswith(("anchor", "autocode_match")) and self.ok and len(self.status.split()) > 1:
            return float(self.status.split()[1])
        return self.seconds


def same_text_tokenizer(m: Measure | None) -> float | None:
    """The tokenizer time autocode_match measured on its own segment texts, if it reports one."""
    parts = m.status.split() if (m is not None and m.ok) else []
    return float(parts[3]) if len(parts) > 3 and parts[2] == "tokenizer" else None


def fmt_s(v: float | None) -> str:
    return "–" if v is None else (f"{v:.2f}" if v < 100 else f"{v:.0f}")


def fmt_mb(v: int | None) -> str:
    return "–" if v is None else f"{v / 1024**2:.0f}"


ANCHOR_OF = {
    "ingest": ("anchor_deduce+anchor_spacy", "deduce + spaCy-pipeline"),
    "autocode": ("anchor_tokenizer", "spaCy-tokenizer"),
    "autocode_match": ("anchor_tokenizer", "spaCy-tokenizer"),
    "tally": ("anchor_tokenizer", "spaCy-tokenizer"),
    "cluster": ("anchor_tokenizer", "spaCy-tokenizer"),
    "xlsx": ("anchor_tokenizer", "spaCy-tokenizer"),
    "qdpx": ("anchor_tokenizer", "spaCy-tokenizer"),
}


def anchor_seconds(measures: dict[str, Measure], key: str) -> float | None:
    total = 0.0
    for part in key.split("+"):
        m = measures.get(part)
        if m is None or not m.ok or m.inner is None:
            return None
        total += m.inner
    return total


def render(all_results: list[tuple[list[Measure], dict]]) -> str:
    import spacy

    lines = [
        "# Benchmarkresultaten",
        "",
        f"- datum: {dt.datetime.now().isoformat(timespec='minutes')}",
        f"- machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, spaCy {spacy.__version__}",
        "- gegenereerd met `python -m bench.generate` (seed 1); opnieuw: `make bench` of "
        "`.venv/bin/python -m bench.run --sizes 75,1000` (1000 interviews duurt veel langer)",
        "- *s (stap)*: tijd binnen het proces na het opstarten; *s (proces)*: inclusief Python-start en imports; "
        "*CPU-s*: user+system van het proces en zijn werkers (minder gevoelig voor andere last op de machine); "
        "*piek-RSS*: maximum resident set van het eigen proces van de stap; *piek-PSS boom*: hoogste som van de "
        "PSS van het proces en zijn werkers (gedeelde pagina's één keer geteld; wat de machine echt nodig heeft, "
        f"elke 0,25 s bemonsterd). Systeembelasting (loadavg) bij het afronden: "
        f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1/5/15 min).",
        "- Ankers in dezelfde run op dezelfde tekst (alle beurten en suggesties): spaCy `nlp.pipe`, de kale "
        "tokenizer, en de Pseudonymiser alleen (zonder laden).",
        "",
    ]
    for measures, info in all_results:
        by = {m.stage: m for m in measures}
        lines += [f"## {info['n']} interviews ({info['words']:,} woorden)".replace(",", "."), ""]
        lines += [
            "| stap | status | s (stap) | s (proces) | CPU-s | piek-RSS MB | piek-PSS boom MB | anker | × anker |",
            "|---|---|---:|---:|---:|---:|---:|---|---:|",
        ]
        for m in measures:
            anchor_key, anchor_name = ANCHOR_OF.get(m.stage, ("", ""))
            a = anchor_seconds(by, anchor_key) if anchor_key else None
            if m.stage == "autocode_match":
                a = same_text_tokenizer(m) or a
            ratio = f"{m.inner / a:.1f}" if (a and m.ok and m.inner is not None) else "–"
            secs = m.inner
            rss_workers = (
                f" (+werkers ≤{fmt_mb(m.peak_rss_workers)} elk)"
                if (m.peak_rss_workers or 0) > 50 * 2**20
                else ""
            )
            status = m.status if len(m.status) < 80 else m.status[:77] + "…"
            lines.append(
                f"| {m.stage} | {status.replace('|', '/')} | {fmt_s(secs)} | {fmt_s(m.wall)} | {fmt_s(m.cpu)} | "
                f"{fmt_mb(m.peak_rss)}{rss_workers} | {fmt_mb(m.peak_tree)} | {anchor_name or '–'} | {ratio} |"
            )
        pipeline = [by[s] for s in ("ingest", "autocode", "tally", "cluster", "xlsx", "qdpx") if s in by]
        done = [m for m in pipeline if m.ok]
        total = sum(m.wall or 0 for m in done)
        peak = max((max(m.peak_rss or 0, m.peak_tree or 0) for m in done), default=0)
        lines += [
            "",
            f"Hele pijplijn ({', '.join(m.stage for m in done)}): {total:.1f} s (processen samen), "
            f"hoogste piek (RSS van één proces of PSS van een procesboom) {fmt_mb(peak)} MB; "
            f"projectbestand {info.get('project_mb') or 0:.0f} MB.",
        ]
        missing = [m.stage for m in pipeline if not m.ok]
        if missing:
            lines.append(f"Niet gemeten (ontbreekt of faalde): {', '.join(missing)}.")
        lines += ["", "Doelen:", ""]
        lines += _targets(info["n"], by, total, peak, bool(missing))
        if info.get("profile"):
            lines += ["", f"Profiel van de ingest: `{info['profile']}` (pyinstrument)."]
        lines.append("")
    return "\n".join(lines)


def _verdict(ok: bool | None) -> str:
    return "niet gemeten" if ok is None else ("gehaald" if ok else "NIET gehaald")


def _targets(n: int, by: dict[str, Measure], total: float, peak: int, incomplete: bool) -> list[str]:
    out = []
    cores = os.cpu_count()
    if n == 75:
        out.append(
            f"- hele pijplijn 75 interviews < 30 s op 2 cores: {total:.1f} s op {cores} cores — "
            f"{_verdict(None if incomplete else total < TARGET_PIPELINE_75_S)}"
        )
    if n >= 1000:
        out.append(
            f"- hele pijplijn 1.000 interviews < 6 min: {total:.0f} s — "
            f"{_verdict(None if incomplete else total < TARGET_PIPELINE_1000_S)}"
        )
        out.append(
            f"- piekgeheugen < 2 GB (grootste van piek-RSS en piek-PSS van de procesboom, per stap): "
            f"{fmt_mb(peak)} MB — {_verdict(peak < TARGET_RSS_1000)}"
        )
    auto = by.get("autocode_match")
    tok = same_text_tokenizer(auto) or anchor_seconds(by, "anchor_tokenizer")
    if auto and auto.ok and tok:
        x = auto.inner / tok
        out.append(
            f"- auto-coderen ≤ 2× de kale tokenizer (zelfde segmentteksten, zelfde proces, CPU-s): matchen + "
            f"bewijs {x:.2f}× (zonder laden/compileren/opslaan; de hele stap 'autocode' staat in de tabel) — "
            f"{_verdict(x <= TARGET_AUTOCODE_X_TOKENIZER)}"
        )
    else:
        out.append("- auto-coderen ≤ 2× de kale tokenizer: niet gemeten")
    tui = by.get("tui")
    if tui and tui.ok and tui.status.startswith("ok {"):
        res = json.loads(tui.status[3:])
        paint, filt = res.get("first_paint_s"), res.get("filter_s")
        where = f"bij {res.get('interviews')} interviews"
        out.append(
            f"- TUI eerste beeld < 1 s {where}: {paint} s — "
            f"{_verdict(paint is not None and paint < TARGET_TUI_PAINT_S)}"
        )
        out.append(
            f"- TUI filteren < 100 ms {where}: mediaan {filt} s, max {res.get('filter_max_s')} s, "
            f"omgevingsfilter incl. tekenen {res.get('filter_omgeving_incl_render_s')} s — "
            f"{_verdict(filt is not None and filt < TARGET_TUI_FILTER_S)}"
        )
    else:
        out.append(
            f"- TUI eerste beeld < 1 s / filteren < 100 ms: niet gemeten ({tui.status if tui else NOT_YET})"
        )
    return out


def summarise(measures: list[Measure], info: dict) -> dict:
    """The figures README quotes for one size, computed the same way as the Markdown report."""
    by = {m.stage: m for m in measures}
    done = [by[s] for s in ("ingest", "autocode", "tally", "cluster", "xlsx", "qdpx") if s in by and by[s].ok]
    peak_stage = max(done, key=lambda m: max(m.peak_rss or 0, m.peak_tree or 0), default=None)
    auto = by.get("autocode_match")
    tok = same_text_tokenizer(auto) or anchor_seconds(by, "anchor_tokenizer")
    tui = by.get("tui")
    tui_res = json.loads(tui.status[3:]) if tui and tui.ok and tui.status.startswith("ok {") else {}
    ingest = by.get("ingest")
    return {
        "date": dt.date.today().isoformat(),
        "cores": os.cpu_count(),
        "loadavg_1min": round(os.getloadavg()[0], 1),
        "interviews": info["n"],
        "words": info["words"],
        "complete": len(done) == 6,
        "ingest_s": ingest.inner if ingest and ingest.ok else None,
        "pipeline_s": sum(m.wall or 0 for m in done),
        "peak_mb": max(max(m.peak_rss or 0, m.peak_tree or 0) for m in done) / 1024**2 if done else None,
        "peak_stage": peak_stage.stage if peak_stage else None,
        "autocode_x_tokenizer": auto.inner / tok if (auto and auto.ok and tok) else None,
        "tui_interviews": tui_res.get("interviews"),
        "tui_first_paint_s": tui_res.get("first_paint_s"),
        "tui_filter_median_s": tui_res.get("filter_s"),
    }


def write_summary(path: Path, results: list[tuple[list[Measure], dict]]) -> None:
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for measures, info in results:
        old[str(info["n"])] = summarise(measures, info)
    ordered = dict(sorted(old.items(), key=lambda kv: int(kv[0])))
    path.write_text(json.dumps(ordered, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
