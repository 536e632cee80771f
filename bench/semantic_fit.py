"""Fit and measure the zero-shot suggestions (kritischeblik/analysis/semantic.py) on hand-labelled gold.

A *split* is a folder of transcripts with its gold labels (``<folder>/gold/*.yaml``, or ``corpora/gold`` for
the demo corpus). The transcripts are ingested into a throwaway project as a user would (pseudonymised), the
gold quotes are mapped onto its segments, and every mapped segment is scored against every code.

    python -m bench.semantic_fit --fit corpora/heldout/dev demo       # writes the calibration and the examples
    python -m bench.semantic_fit --loto corpora/heldout/dev demo      # leave-one-transcript-out on dev
    python -m bench.semantic_fit --report corpora/heldout/test        # prints, and --json writes, the scores

``--fit`` writes the labelled example set (``semantic_examples.json``: the gold segments of the given splits,
the dev split and the demo gold, see ``kritischeblik/analysis/semantic_examples.py``) and chooses the logistic
regression's weights, the threshold and the number of codes per segment on the same splits only. The
``example`` feature of a fragment is computed from the examples of the *other* transcripts, as it will be for
a new interview. ``--loto`` measures the whole fit by leaving each transcript of the first split out in turn
(calibration and examples fitted without it). ``--report`` never fits: it is what the README shows for the
test split (the shipped examples hold no test fragment; on the demo they hold the demo gold). Reported per code kind: micro precision, recall and F1 of the suggestions kept, and the top-3
hit rate (the share of gold fragments with a code of that kind for which one of their codes of that kind is
among the three highest-ranked codes of that kind; for "(alle)" among the three highest of all codes), next to the lemma rules alone on the same fragments.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kritischeblik.analysis import autocode, gold, semantic, semantic_examples  # noqa: E402
from kritischeblik.analysis.semantic import Calibration  # noqa: E402
from kritischeblik.analysis.vectors import encode_texts  # noqa: E402
from kritischeblik.nlp import load_nlp  # noqa: E402
from kritischeblik.store.codebooks import all_codes  # noqa: E402
from kritischeblik.store.db import Project  # noqa: E402
from kritischeblik.store.segments import interview_texts, segments  # noqa: E402

CALIBRATION = ROOT / "kritischeblik" / "analysis" / semantic.CALIBRATION_FILE
EXAMPLES = ROOT / "kritischeblik" / "analysis" / semantic_examples.EXAMPLES_FILE
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
    texts: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    """per row: split:interview, the unit an example is left out with"""
    E: np.ndarray | None = None
    """the examples' scores per row and code (semantic_examples), when set"""
    has: np.ndarray | None = None
    C: np.ndarray | None = None
    """the context vectors of the rows"""
    sections: list[str] = field(default_factory=list)
    neighbours: list[tuple[str, ...]] = field(default_factory=list)
    """per row the texts of the neighbours its context is made of"""


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
    # the same neighbours semantic.batch adds up: next to it in the same interview, turn and section
    place = {(x.interview_id, x.idx): x for x in ctx}

    def neighbours(x: object) -> tuple[str, ...]:
        near = [place.get((x.interview_id, x.idx + d)) for d in (-1, 1)]
        return tuple(
            y.text
            for y in near
            if y is not None
            and (y.speaker or "") == (x.speaker or "")
            and (y.section or "") == (x.section or "")
        )

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
        [x.text for x in gold_segs],
        [x.lemmas for x in gold_segs],
        [f"{folder.name}:{x.interview_id}" for x in gold_segs],
        C=segs_batch.context[keep],
        sections=[x.section for x in gold_segs],
        neighbours=[neighbours(x) for x in gold_segs],
    )


def _usable(split: Split, m: gold.MappedFragment) -> bool:
    return len(m.segment_ids) == 1 and m.segment_ids[0] not in split.interviewer


def _label_rows(split: Split) -> tuple[list[int], np.ndarray]:
    """The rows that are labelled examples (single-segment fragments outside interviewer turns) and their
    labels (rows × codes; a segment with two fragments carries both's codes)."""
    col = {c: j for j, c in enumerate(split.code_ids)}
    Y = np.zeros((len(split.rows), len(split.code_ids)))
    usable: set[int] = set()
    for m in split.fragments:
        for sid in m.segment_ids:
            for c in m.fragment.codes:
                if c in col:
                    Y[split.rows[sid], col[c]] = 1
        if _usable(split, m):
            usable.add(split.rows[m.segment_ids[0]])
    return sorted(usable), Y


def split_examples(split: Split) -> tuple[list[semantic_examples.Example], np.ndarray, np.ndarray]:
    """The split's labelled examples (every code of the gold, also those not compared by meaning), their
    sentence vectors and their context vectors."""
    rows, _ = _label_rows(split)
    codes: dict[int, set[str]] = {}
    for m in split.fragments:
        for sid in m.segment_ids:
            codes.setdefault(split.rows[sid], set()).update(m.fragment.codes)
    found = [
        semantic_examples.Example(
            split.texts[i],
            split.lemmas[i],
            tuple(sorted(codes[i])),
            split.sources[i],
            split.sections[i],
            split.neighbours[i],
        )
        for i in rows
    ]
    return found, split.V[rows], split.C[rows]


FOLDS = 8
"""The transcripts are dealt over this many folds; a row is scored by the examples of the other folds."""


def example_scores(splits: list[Split], exclude: frozenset[str] = frozenset()) -> None:
    """Set every split's ``E``: each row scored by the examples of other transcripts (those of the other
    folds, none of ``exclude``), as a new interview will be; ``has`` from all examples but ``exclude``. Folds
    rather than one model per transcript: a model is 26 logistic regressions."""
    pool = [split_examples(s) for s in splits]
    examples = [e for found, _, _ in pool for e in found]
    V = np.concatenate([v for _, v, _ in pool]) if pool else np.zeros((0, 1))
    C = np.concatenate([c for _, _, c in pool]) if pool else V
    sources = sorted({source for s in splits for source in s.sources} - exclude)
    fold = {source: i % FOLDS for i, source in enumerate(sources)}
    models: dict[str, semantic_examples.ExampleModel] = {}

    def model(drop: frozenset[str]) -> semantic_examples.ExampleModel:
        key = "|".join(sorted(drop))
        if key not in models:
            keep = [i for i, e in enumerate(examples) if e.source not in drop]
            chosen = [examples[i] for i in keep]
            models[key] = semantic_examples.fit(chosen, V[keep], splits[0].code_ids, C[keep])
        return models[key]

    has = model(exclude).has
    for s in splits:
        s.E, s.has = np.zeros((len(s.rows), len(s.code_ids)), np.float32), has
        where = np.array([fold.get(source, -1) for source in s.sources])
        for f in sorted(set(where.tolist())):
            rows = np.flatnonzero(where == f)
            # the excluded transcripts' rows (-1) are scored by the model without them, as a new interview
            drop = exclude | {source for source, g in fold.items() if g == f}
            s.E[rows] = model(drop).scores(
                s.V[rows],
                [s.lemmas[i] for i in rows],
                context=s.C[rows],
                sections=[s.sections[i] for i in rows],
            )


def shipped_example_scores(split: Split) -> None:
    """Set the split's ``E`` from the shipped example set (as `kb code auto` scores a project), less the
    split's own examples (the demo's are in it: they would score its fragments by themselves)."""
    own = Path(split.name).name
    examples = [e for e in semantic_examples.shipped_examples() if e.source.split(":")[0] != own]
    found = semantic_examples.model_for(examples, encode_texts, split.code_ids)
    split.E, split.has = semantic_examples.example_scores(
        found, split.V, split.lemmas, split.C, split.sections
    )


def _pairs(splits: list[Split], with_examples: bool) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    """Training pairs (one per usable row and code; with examples only the codes that have them): features
    (+ the example score), labels, the code's kind, and the kinds in order."""
    kinds = sorted({k for s in splits for k in s.kinds})
    Xs, ys, ks = [], [], []
    for s in splits:
        use = {s.rows[m.segment_ids[0]] for m in s.fragments if _usable(s, m)}
        rows = sorted(use)
        _, Y = _label_rows(s)
        cols = np.flatnonzero(s.has) if with_examples and s.has is not None else np.arange(len(s.code_ids))
        X = s.X[np.ix_(rows, cols)]
        if with_examples:
            X = np.concatenate([X, s.E[np.ix_(rows, cols)][:, :, None]], axis=-1)
        Xs.append(X.reshape(-1, X.shape[-1]))
        ys.append(Y[np.ix_(rows, cols)].reshape(-1))
        ks += [s.kinds[j] for j in cols] * len(rows)
    return np.concatenate(Xs), np.concatenate(ys), ks, kinds


def _regression(splits: list[Split], with_examples: bool) -> tuple[Calibration, int]:
    from sklearn.linear_model import LogisticRegression

    X, y, k, kinds = _pairs(splits, with_examples)
    onehot = np.eye(len(kinds))[[kinds.index(x) for x in k]][:, 1:]  # the first kind is the base intercept
    model = LogisticRegression(C=1.0, max_iter=2000).fit(np.hstack([X, onehot]), y)
    coef = model.coef_[0]
    n = len(semantic.FEATURES)
    extra = n + int(with_examples)
    shifts = {kinds[0]: 0.0, **{kind: float(w) for kind, w in zip(kinds[1:], coef[extra:], strict=True)}}
    weight = float(coef[n]) if with_examples else 0.0
    cal = Calibration(tuple(float(w) for w in coef[:n]), float(model.intercept_[0]), 0.5, 3, "", shifts)
    return (replace(cal, example_weight=weight) if with_examples else cal), len(y)


def fit(splits: list[Split], use_examples: bool = True) -> Calibration:
    """The calibration fitted on ``splits``; with ``use_examples`` (their ``E`` set by :func:`example_scores`)
    the example feature's, with the zero-shot calibration inside for codes without examples."""
    base, pairs = _regression(splits, with_examples=False)
    names = ", ".join(s.name for s in splits)
    fallback = _decide(splits, base, f"{names} ({pairs} paren)")
    if not use_examples:
        return fallback
    cal, pairs = _regression(splits, with_examples=True)
    cal = replace(cal, without_examples=fallback)
    # kinds whose codes all lack examples keep the zero-shot thresholds: their scores stay as they were
    has = splits[0].has if splits[0].has is not None else np.zeros(len(splits[0].code_ids), bool)
    fixed = {
        kind: t
        for kind, t in fallback.kind_thresholds.items()
        if not any(h for h, k in zip(has, splits[0].kinds, strict=True) if k == kind)
    }
    return _decide(splits, cal, f"{names} ({pairs} paren, met voorbeelden)", fixed)


def _decide(splits: list[Split], base: Calibration, fitted_on: str, fixed: dict | None = None) -> Calibration:
    """``base`` with the number of codes per segment and a threshold per kind chosen for micro-F1."""
    fixed = fixed or {}
    kinds = sorted({k for s in splits for k in s.kinds})
    best_per = (-1.0, 3)
    for per_segment in (1, 2, 3):
        trial = replace(base, per_segment=per_segment, kind_thresholds=dict(fixed))
        f1 = max(_mean_f1(splits, trial, t) for t in np.arange(0.05, 0.95, 0.01))
        if f1 > best_per[0] + 1e-9:
            best_per = (f1, per_segment)
    per_segment = best_per[1]
    # one threshold per kind, each chosen for that kind's micro-F1
    thresholds: dict[str, float] = dict(fixed)
    for kind in kinds:
        if kind in fixed:
            continue
        scores = []
        for t in np.arange(0.05, 0.95, 0.01):
            trial = replace(base, per_segment=per_segment, kind_thresholds={**fixed, kind: float(t)})
            scores.append((np.mean([evaluate(s, trial).get(kind, {}).get("f1", 0.0) for s in splits]), -t, t))
        thresholds[kind] = round(float(max(scores)[2]), 2)
    return replace(
        base, threshold=0.5, per_segment=per_segment, fitted_on=fitted_on, kind_thresholds=thresholds
    )


def _mean_f1(splits: list[Split], calibration: Calibration, threshold: float) -> float:
    trial = replace(calibration, threshold=float(threshold))
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


def probability(split: Split, calibration: Calibration) -> np.ndarray:
    """The calibrated confidence per row and code, as `kb code auto` computes it."""
    return semantic_examples.probability(calibration, split.X, split.kinds, split.E, split.has)


def evaluate(split: Split, calibration: Calibration) -> dict:
    P = probability(split, calibration)
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


def source_of(split: Split, m: gold.MappedFragment) -> str:
    return f"{Path(split.name).name}:{m.fragment.interview_id}"


def leave_one_out(splits: list[Split], use_examples: bool = True) -> dict:
    """Leave-one-transcript-out on ``splits[0]`` (the others are always in the fit): each transcript scored by
    a calibration and examples fitted without it; the pooled scores."""
    first = splits[0]
    P = np.zeros((len(first.rows), len(first.code_ids)))
    predicted: dict[int, set[str]] = {sid: set() for sid in first.rows}
    row_sid = {i: sid for sid, i in first.rows.items()}
    for held in sorted(set(first.sources)):
        if use_examples:
            example_scores(splits, frozenset({held}))
        rest = [m for m in first.fragments if source_of(first, m) != held]
        cal = fit([replace(first, fragments=rest), *splits[1:]], use_examples)
        rows = [i for i, source in enumerate(first.sources) if source == held]
        P[rows] = probability(first, cal)[rows]
        for i, j in semantic.keep(P[rows], first.kinds, cal):
            sid = row_sid[rows[i]]
            if sid not in first.interviewer:
                predicted[sid].add(first.code_ids[j])
    return _scores(first, predicted, P)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    what = ap.add_mutually_exclusive_group(required=True)
    what.add_argument("--fit", nargs="+", metavar="SPLIT", help="map met transcripten (+ gold/), of 'demo'")
    what.add_argument("--loto", nargs="+", metavar="SPLIT", help="laat elk transcript van de eerste map weg")
    what.add_argument("--report", nargs="+", metavar="SPLIT")
    ap.add_argument("--json", type=Path, help="schrijf de scores van --report of --loto als JSON")
    ap.add_argument("--dry-run", action="store_true", help="bij --fit: niets wegschrijven")
    ap.add_argument(
        "--zonder-voorbeelden", action="store_true", help="alleen de codeboekprototypes (ter vergelijking)"
    )
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        splits = [load_split(spec, Path(tmp)) for spec in (args.fit or args.report or args.loto)]
    with_examples = not args.zonder_voorbeelden
    if args.loto:
        scores = leave_one_out(splits, with_examples)
        print(_table(f"\n{splits[0].name}: leave-one-transcript-out", scores))
        if args.json:
            args.json.write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return 0
    if args.fit:
        found = [split_examples(s)[0] for s in splits]
        examples = [e for part in found for e in part]
        if with_examples:
            example_scores(splits)
        calibration = fit(splits, with_examples)
        if not args.dry_run:
            CALIBRATION.write_text(calibration.to_json(), encoding="utf-8")
            made_from = ", ".join(s.name for s in splits)
            text = semantic_examples.examples_to_json(examples if with_examples else [], made_from)
            EXAMPLES.write_text(text, encoding="utf-8")
            # a new process: this one holds the old examples in its caches
            subprocess.run([sys.executable, "-m", "bench.ship_encoded"], cwd=ROOT, check=True)
        print(calibration.to_json())
    else:
        calibration = semantic.shipped_calibration()
        for split in splits:
            shipped_example_scores(split)
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
