"""How far two careful human coders agree on the held-out dev split: the ceiling for the suggestions.

    python -m bench.human_agreement corpora/heldout/dev/gold corpora/heldout/dev/second --json bench/results-human-agreement.json

A second coder labelled the dev split's gold fragments from the codebook alone, without seeing the gold
(`corpora/heldout/dev/second/`). Reported per code kind, with the gold as reference: micro precision, recall and
F1 of the second coder's codes (the same measure as the suggestions' in ``bench/semantic_fit.py``), and Cohen's κ
per code over all fragments (scikit-learn), averaged over the codes of the kind. The suggestions' F1 on the
same fragments (leave one transcript out) is in ``bench/results-semantic-loto.json``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

KINDS = {"we-": "werkend_element", "be-": "belemmerend_element", "lp-": "leidend_principe"}


def kind_of(code: str) -> str | None:
    return next((kind for prefix, kind in KINDS.items() if code.startswith(prefix)), None)


def read_labels(folder: Path) -> dict[tuple[str, str], set[str]]:
    """(interview, quote) -> codes, from every ``*.yaml`` in ``folder`` (the gold format)."""
    out: dict[tuple[str, str], set[str]] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for fragment in data["fragments"]:
            out[(data["interview"], fragment["quote"])] = set(fragment.get("codes") or [])
    return out


def micro(reference: Iterable[set[str]], other: Iterable[set[str]], kind: str | None) -> dict:
    """Micro precision, recall and F1 of ``other`` against ``reference`` (paired per fragment), over the codes
    of ``kind`` (None: every code of the three kinds)."""
    tp = fp = fn = 0
    for ref, oth in zip(reference, other, strict=True):
        r = {c for c in ref if kind_of(c) and (kind is None or kind_of(c) == kind)}
        o = {c for c in oth if kind_of(c) and (kind is None or kind_of(c) == kind)}
        tp, fp, fn = tp + len(r & o), fp + len(o - r), fn + len(r - o)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def kappas(reference: list[set[str]], other: list[set[str]], codes: Iterable[str]) -> dict[str, float | None]:
    """Cohen's κ per code (present or not in each fragment); None where it is undefined (both coders constant
    and equal)."""
    from sklearn.metrics import cohen_kappa_score

    out: dict[str, float | None] = {}
    for code in sorted(codes):
        a = [code in r for r in reference]
        b = [code in o for o in other]
        # Undefined only when both coders gave every fragment the same answer (no variance to agree on).
        out[code] = None if set(a) == set(b) and len(set(a)) < 2 else float(cohen_kappa_score(a, b))
    return out


def compare(gold: Mapping[tuple[str, str], set[str]], second: Mapping[tuple[str, str], set[str]]) -> dict:
    keys = [k for k in gold if k in second]
    missing = [k for k in gold if k not in second]
    ref, oth = [gold[k] for k in keys], [second[k] for k in keys]
    codes = {c for s in [*ref, *oth] for c in s if kind_of(c)}
    per_code = kappas(ref, oth, codes)
    result: dict = {"fragments": len(keys), "not_labelled": len(missing), "kinds": {}}
    for kind in [*KINDS.values(), None]:
        scores = micro(ref, oth, kind)
        mine = [v for c, v in per_code.items() if v is not None and (kind is None or kind_of(c) == kind)]
        scores["mean_kappa"] = sum(mine) / len(mine) if mine else None
        result["kinds"][kind or "(alle)"] = scores
    result["kappa_per_code"] = per_code
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.human_agreement", description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("second", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    result = compare(read_labels(args.gold), read_labels(args.second))
    print(f"{result['fragments']} fragmenten ({result['not_labelled']} niet door de tweede codeur gelabeld)")
    print(f"{'soort':22s} {'P':>6s} {'R':>6s} {'F1':>6s} {'κ gem.':>7s}")
    for kind, s in result["kinds"].items():
        k = "–" if s["mean_kappa"] is None else f"{s['mean_kappa']:.3f}"
        print(f"{kind:22s} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {k:>7s}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
