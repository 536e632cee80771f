"""Fit and measure the zero-shot suggestions (kritischeblik/analysis/semantic.py) on hand-labelled gold.

A *split* is a folder of transcripts with its gold labels (``<folder>/gold/*.yaml``, or ``corpora/gold`` for
the demo corpus). The transcripts are ingested into a throwaway project as a user would (pseudonymised), the
gold quotes are mapped onto its segments, and every mapped segment is scored against every code.

    python -m bench.semantic_fit --fit corpora/heldout/dev demo       # writes semantic_calibration.json
    python -m bench.semantic_fit --report corpora/heldout/test        # prints, and --json writes, the scores

``--fit`` chooses the logistic regression's weights, the threshold and the number of codes per segment on the
given splits only (the dev split, plus the demo gold). ``--report`` never fits: it is what the README shows for
the test split. Reported per code kind: micro precision, recall and F1 of the suggestions kept, and the top-3
hit rate (the share of gold fragments with a code of that kind for which one of their codes of that kind is
among the three highest-ranked codes of that kind; for "(alle)" among the three highest of all codes), next to the lemma rules alone on the same fragments.
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

from kritischeblik.analysis import autocode, gold, semantic  # noqa: E402
from kritischeblik.analysis.semantic import Calibration  # noqa: E402
from kritischeblik.analysis.vectors import encode_texts  # noqa: E402
from kritischeblik.nlp import load_nlp  # noqa: E402
from kritischeblik.store.codebooks import all_codes  # noqa: E402
from kritischeblik.store.db import Project  # noqa: E402
from kritischeblik.store.segments import interview_texts, segments  # noqa: E402

CALIBRATION = ROOT / "kritischeblik" / "analysis" / semantic.CALIBRATION_FILE
KINDS = ("werkend_element", "belemmerend_element", "leidend_principe")
"""The kinds the issue sets targets for (vragen voor de toekomst are scored too, but rarely in gold)."""


@dataclass
class Split:
    name: str
    code_ids: list[str]
    kinds: list[str]
    fragments: list[gold.MappedFragment]
    rows: dict[int, int]
    """segment id -> row of the matrices"""
    X: np.ndarray
    """features: segments × codes × features"""
    P_rule: np.ndarray
    """the lemma rules' confidence per segment and code"""
    V: np.ndarray
    """the sentence vectors of the segments"""
    interviewer: set[int]
    """segments of interviewer turns: `kb code auto` suggests nothing there (by default), so neither do we"""


def _files(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.iterdir()) if p.suffix in {".md", ".docx", ".vtt"}]


def _gold_dir(folder: Path) -> Path:
    return ROOT / "corpora" / "gold" if folder.name == "demo" else folder / "gold"


def ingest_split(folder: Path, work: Path) -> Project:
    """The split's transcripts ingested as a user would (pseudonymised) into a new project under ``work``."""
    from kritischeblik.codebook import load_codebook
    from kritischeblik.services.ingest import IngestOptions, ingest_paths
    from kritischeblik.store.codebooks import save_codebook

    project = Project.create(work / f"{folder.name}-{len(list(work.iterdir()))}.kb")
    with project.write() as s:
        save_codebook(s, load_codebook("kritische-blik"), primary=True)
    ingest_paths(project, _files(folder), IngestOptions(skip_bad=True))
    return project


def load_split(spec: str, work: Path, encode: semantic.Encode = encode_texts) -> Split:
    """The split ``spec`` ingested under ``work`` and scored; ``encode``: the sentence encoder of the segments and
    prototypes (``bench/encoder_compare.py`` passes another one to compare encoders)."""
    folder = ROOT / "corpora" / "demo" if spec == "demo" else Path(spec)
    project = ingest_split(folder, work)
    with project.read() as s:
        segs, texts, codebook = segments(s), interview_texts(s), all_codes(s)
    project.close()
    mapped, unmatched = gold.map_fragments(gold.load_gold([_gold_dir(folder)]), texts, segs)
    for u in unmatched:
        print(
            f"  niet gevonden: {u.fragment.interview_id}: {u.fragment.quote[:60]!r} ({u.reason})",
            file=sys.stderr,
        )
    wanted = sorted({sid for m in mapped for sid in m.segment_ids})
    by_id = {x.id: x for x in segs}
    gold_segs = [by_id[i] for i in wanted]
    codes = semantic.semantic_codes(codebook)
    index = semantic.build_index(codes, encode)
    rule = autocode.suggest(gold_segs, codebook, load_nlp())
    # The context of a gold segment includes its neighbours, which are not gold themselves.
    near = {(x.interview_id, x.idx + d) for x in gold_segs for d in (-1, 1)}
    ctx = [x for x in segs if x.id in set(wanted) or (x.interview_id, x.idx) in near]
    segs_batch = semantic.batch(ctx, encode([x.text for x in ctx]))
    X_all, _ = semantic.batch_features(segs_batch, index, rule)
    R_all, _ = semantic.rule_matrix(rule, segs_batch.ids, index.code_ids)
    keep = [segs_batch.ids.index(sid) for sid in wanted]
    X, R = X_all[keep], R_all[keep]
    asked = {x.id for x in gold_segs if x.role == "interviewer"}
    return Split(
        spec,
        index.code_ids,
        index.kinds,
        mapped,
        {sid: i for i, sid in enumerate(wanted)},
        X,
        R,
        segs_batch.vectors[keep],
        asked,
    )


def _labels(split: Split) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Training pairs: features, label and kind index, one row per (single-segment fragment, code)."""
    col = {c: j for j, c in enumerate(split.code_ids)}
    xs, ys = [], []
    for m in split.fragments:
        if len(m.segment_ids) != 1 or m.segment_ids[0] in split.interviewer:
            continue
        y = np.zeros(len(split.code_ids))
        for c in m.fragment.codes:
            if c in col:
                y[col[c]] = 1
        xs.append(split.X[split.rows[m.segment_ids[0]]])
        ys.append(y)
    return np.concatenate(xs), np.concatenate(ys), np.tile(np.arange(len(split.code_ids)), len(xs))


def fit(splits: list[Split]) -> Calibration:
    from sklearn.linear_model import LogisticRegression

    kinds = sorted({k for s in splits for k in s.kinds})
    Xs, ys, ks = [], [], []
    for s in splits:
        X, y, code_idx = _labels(s)
        Xs.append(X)
        ys.append(y)
        ks.append(np.array([kinds.index(s.kinds[j]) for j in code_idx]))
    X, y, k = np.concatenate(Xs), np.concatenate(ys), np.concatenate(ks)
    onehot = np.eye(len(kinds))[k][:, 1:]  # the first kind is the base intercept
    model = LogisticRegression(C=1.0, max_iter=2000).fit(np.hstack([X, onehot]), y)
    coef = model.coef_[0]
    n = len(semantic.FEATURES)
    shifts = {kinds[0]: 0.0, **{kind: float(w) for kind, w in zip(kinds[1:], coef[n:], strict=True)}}
    base = Calibration(tuple(float(w) for w in coef[:n]), float(model.intercept_[0]), 0.5, 3, "", shifts)
    splits_kinds = kinds
    best_per = (-1.0, 3)
    for per_segment in (1, 2, 3):
        trial = Calibration(base.weights, base.intercept, 0.5, per_segment, "", shifts)
        f1 = max(_mean_f1(splits, trial, t) for t in np.arange(0.05, 0.95, 0.01))
        if f1 > best_per[0] + 1e-9:
            best_per = (f1, per_segment)
    per_segment = best_per[1]
    # one threshold per kind, each chosen for that kind's micro-F1
    thresholds: dict[str, float] = {}
    for kind in splits_kinds:
        scores = []
        for t in np.arange(0.05, 0.95, 0.01):
            trial = Calibration(base.weights, base.intercept, 0.5, per_segment, "", shifts, {kind: float(t)})
            scores.append((np.mean([evaluate(s, trial).get(kind, {}).get("f1", 0.0) for s in splits]), -t, t))
        thresholds[kind] = round(float(max(scores)[2]), 2)
    names = ", ".join(s.name for s in splits)
    pairs = int(len(y))
    return Calibration(
        base.weights, base.intercept, 0.5, per_segment, f"{names} ({pairs} paren)", shifts, thresholds
    )


def _mean_f1(splits: list[Split], calibration: Calibration, threshold: float) -> float:
    trial = Calibration(
        calibration.weights,
        calibration.intercept,
        float(threshold),
        calibration.per_segment,
        "",
        calibration.kind_intercepts,
    )
    return float(np.mean([evaluate(s, trial)[gold.ALL]["f1"] for s in splits]))


def _predicted(split: Split, P: np.ndarray, calibration: Calibration) -> dict[int, set[str]]:
    rows = sorted(split.rows.items(), key=lambda r: r[1])
    out: dict[int, set[str]] = {sid: set() for sid, _ in rows}
    for i, j in semantic.keep(P, split.kinds, calibration):
        if rows[i][0] not in split.interviewer:
            out[rows[i][0]].add(split.code_ids[j])
    return out


def _scores(split: Split, predicted: dict[int, set[str]], P: np.ndarray) -> dict:
    kinds = dict(zip(split.code_ids, split.kinds, strict=True))
    scored = [
        gold.MappedFragment(
            gold.GoldFragment(m.fragment.interview_id, m.fragment.quote, m.fragment.codes & set(kinds)),
            m.segment_ids,
        )
        for m in split.fragments
    ]
    report = gold.evaluate_suggestions(scored, predicted, kinds)
    out: dict = {}
    for kind in (*KINDS, gold.ALL):
        mi = report.micro.get(kind)
        hits = total = 0
        for m in scored:
            wanted = {c for c in m.fragment.codes if kind == gold.ALL or kinds[c] == kind}
            if not wanted:
                continue
            best = P[[split.rows[sid] for sid in m.segment_ids]].max(axis=0)
            cols = [j for j, k in enumerate(split.kinds) if kind == gold.ALL or k == kind]
            # a code with no score at all (the rules found nothing) is not ranked: ties are not hits
            top = {
                split.code_ids[cols[j]]
                for j in np.argsort(-best[cols], kind="stable")[:3]
                if best[cols[j]] > 0
            }
            total += 1
            hits += bool(wanted & top)
        out[kind] = {
            "precision": round(mi.precision, 3) if mi else 0.0,
            "recall": round(mi.recall, 3) if mi else 0.0,
            "f1": round(mi.f1, 3) if mi else 0.0,
            "support": mi.support if mi else 0,
            "top3": round(hits / total, 3) if total else 0.0,
            "fragments": total,
        }
    return out


def evaluate(split: Split, calibration: Calibration) -> dict:
    P = calibration.probability(split.X, split.kinds)
    return _scores(split, _predicted(split, P, calibration), P)


def evaluate_rules(split: Split) -> dict:
    every = Calibration((0.0,) * len(semantic.FEATURES), 0.0, 1e-9, len(split.code_ids))
    return _scores(split, _predicted(split, split.P_rule, every), split.P_rule)


def _table(title: str, rows: dict) -> str:
    lines = [title, f"{'soort':<22}{'P':>7}{'R':>7}{'F1':>7}{'top-3':>8}{'frag':>6}"]
    for kind, r in rows.items():
        lines.append(
            f"{kind:<22}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}{r['top3']:>8.3f}{r['fragments']:>6}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    what = ap.add_mutually_exclusive_group(required=True)
    what.add_argument("--fit", nargs="+", metavar="SPLIT", help="map met transcripten (+ gold/), of 'demo'")
    what.add_argument("--report", nargs="+", metavar="SPLIT")
    ap.add_argument("--json", type=Path, help="schrijf de scores van --report als JSON")
    ap.add_argument("--dry-run", action="store_true", help="bij --fit: niets wegschrijven")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        splits = [load_split(spec, Path(tmp)) for spec in (args.fit or args.report)]
    if args.fit:
        calibration = fit(splits)
        if not args.dry_run:
            CALIBRATION.write_text(calibration.to_json(), encoding="utf-8")
        print(calibration.to_json())
    else:
        calibration = semantic.shipped_calibration()
    results = {}
    for split in splits:
        ours, rules = evaluate(split, calibration), evaluate_rules(split)
        results[split.name] = {"betekenis": ours, "regels": rules, "calibration": calibration.fitted_on}
        print(_table(f"\n{split.name}: betekenis + regels", ours))
        print(_table(f"{split.name}: alleen regels", rules))
    if args.report and args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
