"""How well do machine themes agree with a researcher's own grouping? (issue #13, point 5)

The references in ``corpora/heldout/groupings/`` were written by hand before any clustering ran on them:
the demo's new-principle suggestions, and the belemmerend gold fragments of six dev and six test
transcripts. For each, the adjusted Rand index (scikit-learn) of:

- *vandaag*: the round-1 method (TF-IDF of content lemmas, k-means, k by silhouette);
- *vrij*: free grouping on sentence vectors and lemmas (:func:`kritischeblik.analysis.theme_groups.free_grouping`),
  what the product does where no fragment is coded;
- *codes*: guided by the fragments' codes (:func:`...group_by_codes`), for coded fragments only; the codes
  are the gold codes, as a coder's decisions would be.

*Overig* counts as one group on both sides. ``belemmerend-test.yaml`` is reported, never tuned on.

    python -m bench.theme_agreement [--json bench/results-themes.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kritischeblik.analysis import theme_groups  # noqa: E402
from kritischeblik.analysis.fragments import Fragment  # noqa: E402
from kritischeblik.analysis.themes import cluster_fragments, tokens  # noqa: E402
from kritischeblik.analysis.vectors import encode_texts  # noqa: E402

GROUPINGS = ROOT / "corpora" / "heldout" / "groupings"
REFERENCES = {
    "demo-nieuwe-principes.yaml": None,
    "dev-nieuwe-principes.yaml": None,
    "belemmerend-dev.yaml": ROOT / "corpora" / "heldout" / "dev" / "gold",
    "belemmerend-test.yaml": ROOT / "corpora" / "heldout" / "test" / "gold",
}


def _gold_codes(gold_dir: Path | None, items: list[dict]) -> list[list[str]]:
    if gold_dir is None:
        return [[] for _ in items]
    codes: dict[tuple[str, str], list[str]] = {}
    for f in sorted(gold_dir.glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        for frag in data.get("fragments") or []:
            codes[(data["interview"], " ".join(str(frag["quote"]).split()))] = [
                c for c in frag.get("codes") or [] if str(c).startswith("be-")
            ]
    return [codes.get((it["interview"], " ".join(it["quote"].split())), []) for it in items]


def _lemmas(texts: list[str]) -> list[str]:
    from kritischeblik.nlp import lemmatize, load_nlp

    return lemmatize(load_nlp(), texts)


def _today(texts: list[str], lemmas: list[str]) -> np.ndarray:
    frags = [
        Fragment.segment(i + 1, t, lem, "x") for i, (t, lem) in enumerate(zip(texts, lemmas, strict=True))
    ]
    clustering = cluster_fragments(frags, "auto", vectors="tfidf")
    labels = np.full(len(texts), -1)
    for theme in clustering.themes:
        for f in theme.members:
            labels[f.fragment_id - 1] = theme.index
    return labels


def _ari(reference: list[str], labels: np.ndarray) -> float:
    from sklearn.metrics import adjusted_rand_score

    return round(float(adjusted_rand_score(reference, labels.tolist())), 3)


def measure(name: str) -> dict:
    items = yaml.safe_load((GROUPINGS / name).read_text(encoding="utf-8"))["items"]
    texts = [" ".join(it["quote"].split()) for it in items]
    reference = [str(it["theme"]) for it in items]
    X = encode_texts(texts)
    lemmas = _lemmas(texts)
    free = theme_groups.free_grouping(X, [tokens(lem) for lem in lemmas])
    out = {
        "fragmenten": len(texts),
        "eigen_thema's": len(set(reference)),
        "vandaag": _ari(reference, _today(texts, lemmas)),
        "vrij": _ari(reference, free.labels),
        "vrij_k": free.k,
        "vrij_overig": int((free.labels == theme_groups.OTHER).sum()),
    }
    codes = _gold_codes(REFERENCES[name], items)
    if any(codes):
        guided = theme_groups.group_by_codes(X, codes)
        out |= {"codes": _ari(reference, guided.labels), "codes_k": guided.k}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    results = {name: measure(name) for name in REFERENCES if (GROUPINGS / name).exists()}
    for name, r in results.items():
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in r.items()))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
