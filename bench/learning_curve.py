"""Learning from the coder, simulated on the held-out gold: how many decisions until the suggestions for the
rest reach micro-F1 0.6, going through the transcripts in reading order or by uncertainty sampling.

A split (``corpora/heldout/dev`` or ``.../test``) is ingested into a throwaway project as a user would; the
gold quotes are mapped onto its segments (interviewer turns left out, as ``kb code auto`` does). The
simulated coder *visits* gold fragments in batches of ``--batch``; visiting one means deciding on it as the
gold says: every gold code is accepted (or added), every suggested code that is not in gold is rejected.
After each batch the not-yet-visited fragments are scored again with the prototype update and the learned
models (kritischeblik/analysis/learning_curve.Scorer, the same code as ``kb code auto --coder``) and their
micro-F1 over all codes compared by meaning is reported, per number of visited fragments (and decisions).

Orders: ``leesvolgorde`` (interviews and fragments in reading order), ``onzekerheid`` (the not-yet-visited
fragments whose most doubtful code is closest to its threshold, project-wide), ``onzekerheid-interview``
(the same within the current interview, interviews in order: what the TUI's key does).

    python -m bench.learning_curve corpora/heldout/dev                   # develop
    python -m bench.learning_curve --fit corpora/heldout/dev             # choose NEGATIVE_WEIGHT, min decisions
    python -m bench.learning_curve --vast corpora/heldout/dev corpora/heldout/test \\
        --json bench/results-learning.json      # the test split: reported once, never tuned on

Caveat: the units shrink and change as fragments are visited, and uncertainty sampling takes the doubtful
ones away first; ``--vast`` therefore also reports F1 on a fixed half of the interviews that is never
visited (the coder works on the other half), which compares the two orders on the same units.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.semantic_fit import _gold_dir, ingest_split  # noqa: E402
from kritischeblik.analysis import autocode, feedback, gold, semantic, semantic_examples  # noqa: E402
from kritischeblik.analysis.learn import Decision  # noqa: E402
from kritischeblik.analysis.learning_curve import Scorer  # noqa: E402
from kritischeblik.model import Status  # noqa: E402
from kritischeblik.nlp import load_nlp  # noqa: E402
from kritischeblik.store.codebooks import all_codes  # noqa: E402
from kritischeblik.store.segments import interview_texts, segments  # noqa: E402

TARGET = 0.6
MIN_UNITS = 20
"""a point on the not-yet-visited fragments needs at least this many of them (fewer make F1 noise)"""
ORDERS = ("leesvolgorde", "onzekerheid", "onzekerheid-interview")


@dataclass
class Pool:
    name: str
    segments: list
    vectors: dict[int, np.ndarray]
    fragments: list[gold.MappedFragment]
    """gold fragments on respondent segments, in reading order"""
    kinds: dict[str, str]
    index: semantic.PrototypeIndex
    rule: list


def load(spec: str, work: Path) -> Pool:
    from kritischeblik.analysis.vectors import ENCODER, encode_texts
    from kritischeblik.services.semantic import prototype_index
    from kritischeblik.store.vectors import load_vectors

    folder = Path(spec)
    project = ingest_split(folder, work)
    with project.read() as s:
        segs, texts, codebook = segments(s), interview_texts(s), all_codes(s)
        X, mask = load_vectors(s, [x.id for x in segs], ENCODER)
    project.close()
    if not mask.all():
        X[~mask] = encode_texts([x.text for x, ok in zip(segs, mask, strict=True) if not ok])
    vectors = {int(x.id): X[i] for i, x in enumerate(segs) if x.role != "interviewer"}
    segs = [x for x in segs if x.role != "interviewer"]
    mapped, unmatched = gold.map_fragments(gold.load_gold([_gold_dir(folder)]), texts, segs)
    print(f"{spec}: {len(mapped)} fragmenten, {len(unmatched)} niet gevonden", file=sys.stderr)
    index = prototype_index(codebook)
    # The shipped examples hold the dev gold: scoring dev with them would score fragments by themselves.
    own = [e for e in semantic_examples.shipped_examples() if e.source.split(":")[0] != folder.name]
    if len(own) < len(semantic_examples.shipped_examples()):
        index.examples = semantic_examples.model_for(own, encode_texts, index.code_ids)
    kinds = dict(zip(index.code_ids, index.kinds, strict=True))
    order = {x.id: i for i, x in enumerate(segs)}
    frags = sorted(
        (
            gold.MappedFragment(
                gold.GoldFragment(m.fragment.interview_id, m.fragment.quote, m.fragment.codes & set(kinds)),
                m.segment_ids,
            )
            for m in mapped
        ),
        key=lambda m: order[m.segment_ids[0]],
    )
    rule = autocode.suggest(segs, codebook, load_nlp(), code_ids=index.code_ids)
    return Pool(spec, segs, vectors, frags, kinds, index, rule)


def visit(fragment: gold.MappedFragment, suggested: set[str]) -> list[Decision]:
    """The simulated coder's decisions on one fragment: gold codes accepted, other suggestions rejected."""
    out = []
    for sid in fragment.segment_ids:
        out += [Decision(sid, c, Status.ACCEPTED) for c in sorted(fragment.fragment.codes)]
        out += [Decision(sid, c, Status.REJECTED) for c in sorted(suggested - fragment.fragment.codes)]
    return out


def _suggested(fragment: gold.MappedFragment, kept: dict[int, set[str]]) -> set[str]:
    return set().union(*(kept.get(sid, set()) for sid in fragment.segment_ids))


def _f1(units: list[gold.MappedFragment], kept: dict[int, set[str]], kinds: dict[str, str]) -> dict:
    report = gold.evaluate_suggestions(units, kept, kinds)
    mi = report.micro.get(gold.ALL)
    if mi is None:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "units": len(units)}
    return {
        "precision": round(mi.precision, 4),
        "recall": round(mi.recall, 4),
        "f1": round(mi.f1, 4),
        "units": len(units),
    }


def _next(order: str, todo: list[gold.MappedFragment], margin: dict[int, float], n: int) -> list:
    if order == "leesvolgorde":
        return todo[:n]
    doubt = [(min(margin[sid] for sid in f.segment_ids), i) for i, f in enumerate(todo)]
    if order == "onzekerheid-interview":
        out: list = []
        while len(out) < n and len(out) < len(todo):
            rest = [f for f in todo if f not in out]
            here = [f for f in rest if f.fragment.interview_id == rest[0].fragment.interview_id]
            pick = sorted(here, key=lambda f: min(margin[sid] for sid in f.segment_ids))
            out += pick[: n - len(out)]
        return out
    return [todo[i] for _, i in sorted(doubt)[:n]]


def simulate(
    pool: Pool,
    scorer: Scorer,
    order: str,
    batch: int,
    units: list[gold.MappedFragment] | None = None,
    fragments: list[gold.MappedFragment] | None = None,
    learn: bool = True,
) -> list[dict]:
    """The curve of one order: after every batch the micro-F1 on ``units`` (default: the fragments not yet
    visited) of what would be suggested after the decisions so far."""
    todo = list(fragments if fragments is not None else pool.fragments)
    decisions: list[Decision] = []
    prediction = scorer.predict([])
    visited, points = 0, []
    while True:
        scored = units if units is not None else todo
        points.append(
            {
                "fragmenten": visited,
                "beslissingen": len(decisions),
                **_f1(scored, prediction.kept, pool.kinds),
            }
        )
        if not todo or (units is None and len(todo) - batch < MIN_UNITS):
            return points
        row_margin = prediction.margin()
        margin = {sid: float(row_margin[i]) for sid, i in scorer.rows.items()}
        chosen = _next(order, todo, margin, batch)
        for f in chosen:
            decisions += visit(f, _suggested(f, prediction.kept))
        todo = [f for f in todo if f not in chosen]
        visited += len(chosen)
        if learn:
            prediction = scorer.predict(decisions)


def reached(points: list[dict], target: float = TARGET) -> dict:
    hit = next((p for p in points if p["f1"] >= target), None)
    best = max(points, key=lambda p: p["f1"])
    return {
        "doel_f1": target,
        "bereikt": hit is not None,
        "fragmenten": hit["fragmenten"] if hit else None,
        "beslissingen": hit["beslissingen"] if hit else None,
        "beste_f1": best["f1"],
        "beste_bij_fragmenten": best["fragmenten"],
        "gemiddelde_f1": round(float(np.mean([p["f1"] for p in points])), 4),
    }


def halves(pool: Pool) -> list[tuple[list, list]]:
    """(fragments to visit, fixed units) twice: the interviews split in two halves, each half once the
    coder's and once the fixed test units."""
    ids = sorted({f.fragment.interview_id for f in pool.fragments})
    first = set(ids[::2])
    a = [f for f in pool.fragments if f.fragment.interview_id in first]
    b = [f for f in pool.fragments if f.fragment.interview_id not in first]
    return [(a, b), (b, a)]


def run(pool: Pool, batch: int, fixed: bool, moving: bool = True, **scorer_options) -> dict:
    scorer = Scorer(pool.segments, pool.vectors, pool.index, pool.rule, **scorer_options)
    out: dict = {}
    if moving:
        out["zonder_leren"] = simulate(pool, scorer, "leesvolgorde", batch, learn=False)
        for order in ORDERS:
            out[order] = simulate(pool, scorer, order, batch)
    if fixed:
        for order in ("leesvolgorde", "onzekerheid"):
            runs = [simulate(pool, scorer, order, batch, units=u, fragments=f) for f, u in halves(pool)]
            n = min(len(r) for r in runs)
            out[f"{order} (vaste helft)"] = [
                {
                    "fragmenten": runs[0][i]["fragmenten"],
                    "beslissingen": round(float(np.mean([r[i]["beslissingen"] for r in runs])), 1),
                    **{
                        k: round(float(np.mean([r[i][k] for r in runs])), 4)
                        for k in ("precision", "recall", "f1")
                    },
                    "units": sum(r[i]["units"] for r in runs),
                }
                for i in range(n)
            ]
    return out


def summary(curves: dict) -> dict:
    return {name: reached(points) for name, points in curves.items()}


def _print(name: str, curves: dict) -> None:
    print(f"\n{name}")
    for order, points in curves.items():
        r = reached(points)
        where = (
            f"F1 {TARGET} na {r['fragmenten']} fragmenten ({r['beslissingen']} beslissingen)"
            if r["bereikt"]
            else (f"F1 {TARGET} niet bereikt")
        )
        print(
            f"  {order:<34} {where}; beste F1 {r['beste_f1']:.3f} (na {r['beste_bij_fragmenten']}), "
            f"gemiddeld {r['gemiddelde_f1']:.3f}"
        )
        print("    " + " ".join(f"{p['fragmenten']}:{p['f1']:.2f}" for p in points))


FIT_GRID = {"weight": (0.0, 4.0, 8.0, 16.0, 32.0), "minimum": (3, 8), "replace": (False, True)}


def fit(pool: Pool, batch: int) -> dict:
    """Mean F1 over the curve (reading order and uncertainty, fixed halves) per setting, on ``pool``."""
    results = []
    for weight in FIT_GRID["weight"]:
        feedback.NEGATIVE_WEIGHT = weight
        for minimum in FIT_GRID["minimum"]:
            for replace in FIT_GRID["replace"]:
                curves = run(pool, batch, True, False, min_pos=minimum, min_neg=minimum, replace=replace)
                score = float(np.mean([reached(curves[k])["gemiddelde_f1"] for k in curves if "vaste" in k]))
                results.append(
                    {"weight": weight, "minimum": minimum, "replace": replace, "mean_f1": round(score, 4)}
                )
                print(results[-1], file=sys.stderr)
    return {"grid": results, "best": max(results, key=lambda r: r["mean_f1"])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("splits", type=Path, nargs="+", help="map(pen) met transcripten en gold/")
    ap.add_argument("--batch", type=int, default=10, help="fragmenten per batch")
    ap.add_argument("--vast", action="store_true", help="ook F1 op een vaste, nooit bezochte helft")
    ap.add_argument("--fit", action="store_true", help="kies de instellingen op deze split (alleen dev)")
    ap.add_argument("--json", type=Path, help="schrijf de curves als JSON")
    args = ap.parse_args(argv)
    if args.fit and any("test" in p.name for p in args.splits):
        ap.error("--fit nooit op de test-split")
    data = {}
    for split in args.splits:
        with tempfile.TemporaryDirectory() as tmp:
            pool = load(str(split), Path(tmp))
        if args.fit:
            print(json.dumps(fit(pool, args.batch), indent=2))
            continue
        curves = run(pool, args.batch, args.vast)
        _print(str(split), curves)
        data[str(split)] = {
            "batch": args.batch,
            "negative_weight": feedback.NEGATIVE_WEIGHT,
            "samenvatting": summary(curves),
            "curves": curves,
        }
    if args.json and data:
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
