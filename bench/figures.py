"""README's measured figures, generated from the runs that measured them (never typed by hand).

    .venv/bin/python -m bench.figures --check              # README agrees with the stored results? (exit 1 if not)
    .venv/bin/python -m bench.figures --write              # rewrite README's generated sections
    .venv/bin/python -m bench.figures --write --quality [-p demo/kritischeblik.kb]
                                                           # also re-measure the suggestion quality first

Sources, each written by the run that measured it:
- bench/results.json: `make bench` (bench/run.py), one entry per size (75; 1,000 with --sizes 75,1000);
- bench/results-privacy.json: `python -m bench.privacy_recall --labelled corpora/privacy/test --json …`;
- bench/results-quality.json: `--quality` here (rule-based suggestions on corpora/gold/, bench/quality.py);
- bench/results-semantic.json: `python -m bench.semantic_fit --report corpora/heldout/test demo --json …`;
- bench/results-themes.json: `python -m bench.theme_agreement --json …`;
- bench/results-before-after.json: `python -m bench.before_after --before <older checkout> --reps 3`.

README holds each section between `<!-- figures:NAME -->` and `<!-- /figures:NAME -->`. The speed and privacy
sections must equal their rendering exactly; the quality table is also recomputed by the tests on a freshly
built demo project and must agree within QUALITY_TOLERANCE.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SPEED_JSON = ROOT / "bench" / "results.json"
PRIVACY_JSON = ROOT / "bench" / "results-privacy.json"
QUALITY_JSON = ROOT / "bench" / "results-quality.json"
SEMANTIC_JSON = ROOT / "bench" / "results-semantic.json"
THEMES_JSON = ROOT / "bench" / "results-themes.json"
BEFORE_AFTER_JSON = ROOT / "bench" / "results-before-after.json"
# Rows of the before/after table that are no pipeline stage but explain one (bench/before_after.py).
DIAGNOSTIC_ROWS = {
    "anchor_deduce": "(ingest's Pseudonymiser loop alone, one process)",
    "ingest − pseudonymiser": "(ingest less that loop)",
}
# Precision/recall are shown with 2 decimals; a fresh run on another machine may round the other way.
QUALITY_TOLERANCE = 0.01
SECTION_RE = r"(<!-- figures:{name} -->\n)(.*?)(<!-- /figures:{name} -->)"

KIND_LABELS = {
    "leidend_principe": "leidende principes",
    "werkend_element": "werkende elementen",
    "belemmerend_element": "belemmerende elementen",
    "vraag_voor_de_toekomst": "vragen voor de toekomst",
    "(alle)": "all",
}


def _seconds(v: float | None) -> str:
    if v is None:
        return "–"
    return f"{v:.1f} s" if v < 100 else f"{v:,.0f} s"


def render_speed(results: dict) -> str:
    sizes = sorted(results, key=int)
    heads = [f"{int(n):,} interviews ({results[n]['words'] / 1000:,.0f}k words)" for n in sizes]
    rows: list[tuple[str, list[str], str]] = []

    def row(label: str, fmt, target: str = "") -> None:  # noqa: ANN001
        rows.append((label, [fmt(results[n]) for n in sizes], target))

    row("ingest (parse + segment + pseudonymise)", lambda r: _seconds(r["ingest_s"]))
    row(
        "whole pipeline (ingest, auto-code, tally, cluster, xlsx, qdpx)",
        lambda r: _seconds(r["pipeline_s"]),
        "< 30 s / < 6 min",
    )
    row(
        "highest peak memory (RSS of one process, or PSS of a process and its forked workers)",
        lambda r: "–" if r["peak_mb"] is None else f"{r['peak_mb']:,.0f} MB ({r['peak_stage']})",
        "< 2 GB",
    )
    row(
        "auto-coding ÷ bare tokenizer (same texts, CPU)",
        lambda r: "–" if r["autocode_x_tokenizer"] is None else f"{r['autocode_x_tokenizer']:.2f}×",
        "≤ 2×",
    )
    row(
        "TUI first paint / filter (median), 1,000 interviews",
        lambda r: (
            "–"
            if r["tui_first_paint_s"] is None
            else f"{r['tui_first_paint_s']:.2f} s / {r['tui_filter_median_s'] * 1000:.0f} ms"
        ),
        "< 1 s / < 100 ms",
    )
    row("measured on", lambda r: f"{r['date']}, {r['cores']} cores, load {r['loadavg_1min']}")
    lines = ["| | " + " | ".join(heads) + " | target |", "|---|" + "---|" * len(sizes) + "---|"]
    lines += [f"| {label} | " + " | ".join(cells) + f" | {target} |" for label, cells, target in rows]
    return "\n".join(lines) + "\n"


def render_quality(rows: list[dict]) -> str:
    lines = ["| code kind | micro precision | micro recall | micro F1 |", "|---|---|---|---|"]
    # Kinds without gold fragments (steun 0) have nothing to measure.
    for r in (r for r in rows if r["steun"]):
        label = KIND_LABELS.get(r["soort"], r["soort"])
        lines.append(f"| {label} | {r['micro_p']:.2f} | {r['micro_r']:.2f} | {r['micro_f1']:.2f} |")
    return "\n".join(lines) + "\n"


def render_privacy(p: dict) -> str:
    g = p["groups"]
    labels = [
        ("naam_bekend", "names known from the front matter", 1.0),
        ("naam_overig", "other person names", 0.97),
        (
            "gestructureerd",
            "structured identifiers (BSN, IBAN, plates, postcodes, addresses, phones, e-mail, "
            "dates of birth, case numbers, ages)",
            1.0,
        ),
    ]
    lines = [
        f"Measured on `{p['corpus']}`: {p['files']} fictional transcripts, {p['mentions']} identifying mentions.",
        "",
        "| | mentions | recall | target |",
        "|---|---:|---:|---|",
    ]
    for key, label, target in labels:
        recall = g[key]["recall"]
        met = "met" if recall >= target else "**not met**"
        lines.append(f"| {label} | {g[key]['mentions']} | {recall:.3f} | ≥ {target:g} ({met}) |")
    met = "met" if p["precision"] >= 0.9 else "**not met**"
    lines.append(
        f"| precision (replaced words that identify someone) | | {p['precision']:.3f} | ≥ 0.9 ({met}) |"
    )
    return "\n".join(lines) + "\n"


def render_semantic(r: dict) -> str:
    """Suggestions by meaning + rules against the rules alone, on the held-out test split."""
    split = next(k for k in r if "test" in k)
    ours, rules = r[split]["betekenis"], r[split]["regels"]
    lines = [
        f"Measured on `{split}` (never tuned on); calibration fitted on {r[split]['calibration']}.",
        "",
        "| code kind | fragments | P | R | F1 | top-3 | rules only: F1 | rules only: top-3 | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for kind in ("werkend_element", "belemmerend_element", "leidend_principe", "(alle)"):
        a, b = ours[kind], rules[kind]
        if kind == "(alle)":
            met = "met" if a["top3"] >= 0.8 else "**not met**"
            target = f"top-3 ≥ 0.8 ({met})"
        else:
            target = f"F1 ≥ 0.6 ({'met' if a['f1'] >= 0.6 else '**not met**'})"
        lines.append(
            f"| {KIND_LABELS[kind]} | {a['fragments']} | {a['precision']:.2f} | {a['recall']:.2f} | {a['f1']:.2f} "
            f"| {a['top3']:.2f} | {b['f1']:.2f} | {b['top3']:.2f} | {target} |"
        )
    return "\n".join(lines) + "\n"


def render_themes(r: dict) -> str:
    """Adjusted Rand index of machine themes against a researcher's own grouping."""
    names = {
        "demo-nieuwe-principes.yaml": "demo: new-principle suggestions",
        "dev-nieuwe-principes.yaml": "held-out dev and training: new-principle suggestions (tuned on)",
        "belemmerend-dev.yaml": "held-out dev: belemmerende fragments",
        "belemmerend-test.yaml": "held-out test: belemmerende fragments (never tuned on)",
    }
    lines = [
        "| grouped | fragments | own themes | round 1 (TF-IDF, k-means) | free, on meaning | guided by the codes |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key, label in names.items():
        if key not in r:
            continue
        x = r[key]
        guided = f"{x['codes']:.2f}" if "codes" in x else "–"
        own = x["eigen_thema's"]
        lines.append(
            f"| {label} | {x['fragmenten']} | {own} | {x['vandaag']:.2f} | {x['vrij']:.2f} | {guided} |"
        )
    return "\n".join(lines) + "\n"


def render_before_after(r: dict) -> str:
    """Every stage of this tree against an older commit: minimum CPU-s over alternating passes (issue 12), and the
    wall-clock ratio where the run measured it."""
    meta = r["meta"]
    walls = any("wall_ratio" in row for row in r["rows"])
    head = (
        f"| stage ({meta['n']} interviews, CPU-s) | `{meta['before']}` | `{meta['after']}` | after / before |"
    )
    lines = [
        head + (" wall: after / before |" if walls else ""),
        "|---|---:|---:|---:|" + ("---:|" if walls else ""),
    ]
    for row in r["rows"]:
        b, a, ratio = row["before"]["min"], row["after"]["min"], row["ratio"]
        if b is None or a is None or ratio is None:
            continue
        label = DIAGNOSTIC_ROWS.get(row["stage"], row["stage"])
        wall = row.get("wall_ratio")
        cell = (f" {wall:.2f} |" if wall is not None else " |") if walls else ""
        lines.append(f"| {label} | {b:.2f} | {a:.2f} | {ratio:.2f} |{cell}")
    last = f"| measured on | {meta['date']}, {meta['cores']} cores, {meta['reps']} passes each | | |"
    lines.append(last + (" |" if walls else ""))
    return "\n".join(lines) + "\n"


def _load(path: Path) -> dict | list:
    return json.loads(path.read_text(encoding="utf-8"))


def rendered() -> dict[str, str]:
    """Every generated section, from the stored results."""
    return {
        "speed": render_speed(_load(SPEED_JSON)),
        "privacy": render_privacy(_load(PRIVACY_JSON)),
        "quality": render_quality(_load(QUALITY_JSON)),
        "semantic": render_semantic(_load(SEMANTIC_JSON)),
        "themes": render_themes(_load(THEMES_JSON)),
        "before-after": render_before_after(_load(BEFORE_AFTER_JSON)),
    }


def section(text: str, name: str) -> str | None:
    m = re.search(SECTION_RE.format(name=name), text, flags=re.S)
    return m.group(2) if m else None


def replace_section(text: str, name: str, body: str) -> str:
    pattern = SECTION_RE.format(name=name)
    if not re.search(pattern, text, flags=re.S):
        raise SystemExit(f"README mist de markering <!-- figures:{name} -->")
    return re.sub(pattern, lambda m: m.group(1) + body + m.group(3), text, count=1, flags=re.S)


def quality_in_readme(text: str) -> dict[str, tuple[float, float, float]]:
    """The quality table as README shows it: label -> (precision, recall, F1)."""
    out = {}
    for line in (section(text, "quality") or "").splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        out[cells[0]] = tuple(float(c) for c in cells[1:4])
    return out


def quality_differences(text: str, rows: list[dict], tolerance: float = QUALITY_TOLERANCE) -> list[str]:
    """Where README's quality table differs from freshly computed rows by more than the tolerance."""
    shown = quality_in_readme(text)
    fresh = {
        KIND_LABELS.get(r["soort"], r["soort"]): (r["micro_p"], r["micro_r"], r["micro_f1"])
        for r in rows
        if r["steun"]
    }
    problems = [f"{label}: ontbreekt in README" for label in fresh.keys() - shown.keys()]
    problems += [f"{label}: staat in README maar niet in de meting" for label in shown.keys() - fresh.keys()]
    for label in fresh.keys() & shown.keys():
        for what, a, b in zip(("precisie", "recall", "F1"), shown[label], fresh[label], strict=True):
            if abs(a - b) > tolerance + 1e-9:  # README shows 2 decimals of the unrounded fresh value
                problems.append(f"{label} {what}: README {a:.2f}, gemeten {b:.2f}")
    return problems


def differences(text: str) -> list[str]:
    """Sections of README that differ from their rendering from the stored results."""
    out = []
    for name, body in rendered().items():
        shown = section(text, name)
        if shown is None:
            out.append(f"README mist de sectie {name}")
        elif shown != body:
            out.append(f"README-sectie {name} wijkt af van `python -m bench.figures --write`")
    return out


def measure_quality(project_path: Path | None) -> list[dict]:
    import tempfile

    from bench.quality import build_demo, project_quality
    from kritischeblik.store.db import Project

    if project_path is not None:
        with Project.open(project_path) as project:
            return project_quality(project)
    with tempfile.TemporaryDirectory() as tmp:
        project = build_demo(Path(tmp) / "demo.kb")
        try:
            return project_quality(project)
        finally:
            project.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.figures", description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write", action="store_true")
    ap.add_argument(
        "--quality", action="store_true", help="kwaliteit eerst opnieuw meten (bouwt een demo-project)"
    )
    ap.add_argument("-p", "--project", type=Path, help="met --quality: bestaand project met het demo-corpus")
    args = ap.parse_args(argv)
    if args.quality:
        rows = measure_quality(args.project)
        QUALITY_JSON.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    text = README.read_text(encoding="utf-8")
    if args.check:
        problems = differences(text)
        for p in problems:
            print(p, file=sys.stderr)
        return 1 if problems else 0
    for name, body in rendered().items():
        text = replace_section(text, name, body)
    README.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
