"""Names written in lowercase or capitals: the demo corpus as a speech recogniser or a caps-lock typist writes it.

    .venv/bin/python -m bench.name_case [--case lower|upper|both] [--show N]

Every demo transcript (Markdown) is parsed as ``kb ingest`` does; its turns are then written all in lowercase
(or all in capitals) and pseudonymised with the front matter's names as given. Prints per case:

* person names of the demo name lists (tests/data/demo-names-*.txt, persons only, as in tests/test_privacy.py)
  that survive, case-insensitively, whole word: the recall failures;
* replaced words that are no (part of a) listed name: the precision failures, with a few examples.

This prints interview text of the demo corpus (invented people); never run it on real data.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=["lower", "upper", "both"], default="both")
    parser.add_argument("--show", type=int, default=25)
    args = parser.parse_args(argv)

    from test_privacy import _names  # the person/other split of the demo name lists

    from bench.privacy_recall import replaced_surfaces
    from kritischeblik.codebook import load_codebook
    from kritischeblik.ingest.parse import parse_transcript
    from kritischeblik.ingest.pipeline import protected_terms
    from kritischeblik.ingest.pseudonymisation.pseudonymiser import get_pseudonymiser

    persons, others = _names()
    all_names = {n.lower() for n in persons + others}
    name_words = {w for n in all_names for w in re.findall(r"[^\W\d_]+", n)}
    codebook = load_codebook("kritische-blik")
    terms = protected_terms(codebook)
    pseudo = get_pseudonymiser()
    files = sorted((ROOT / "corpora" / "demo").glob("*.md"))
    cases = ["lower", "upper"] if args.case == "both" else [args.case]
    for case in cases:
        leaks: Counter = Counter()
        wrong: Counter = Counter()
        example: dict[str, str] = {}
        replaced = 0
        for f in files:
            raw = parse_transcript(f.read_text(encoding="utf-8"), str(f), codebook)
            pieces = [getattr(t.text, case)() for t in raw.turns]
            known = [*raw.duo, *raw.respondents]
            out = pseudo.pseudonymise(pieces, known_persons=known, protected_terms=terms).pieces
            text = "\n".join(out)
            for name in persons:
                n = len(re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE))
                if n:
                    leaks[name] += n
            for original, pseudo_text in zip(pieces, out, strict=True):
                for cat, surface in replaced_surfaces(original, pseudo_text):
                    if cat not in {"PERSOON", "LOCATIE", "INSTELLING"}:
                        continue
                    replaced += 1
                    words = re.findall(r"[^\W\d_]+", surface.lower())
                    if not any(w in name_words for w in words):
                        wrong[surface] += 1
                        at = original.find(surface)
                        example.setdefault(
                            surface, " ".join(original[max(at - 50, 0) : at + len(surface) + 30].split())
                        )
        print(f"== alles in {'kleine letters' if case == 'lower' else 'hoofdletters'} ==")
        print(f"Personen uit de lijsten gelekt: {len(leaks)} van {len(persons)} ({sum(leaks.values())} keer)")
        for name, n in leaks.most_common(args.show):
            print(f"  {n:4d}  {name}")
        total_wrong = sum(wrong.values())
        precision = 1 - total_wrong / replaced if replaced else 1.0
        print(
            f"Vervangen (namen, plaatsen, instellingen): {replaced}; geen naam uit de lijsten: {len(wrong)} "
            f"verschillende, {total_wrong} keer; precisie {precision:.3f}"
        )
        for surface, n in wrong.most_common(args.show):
            print(f"  {n:4d}  {surface:<24} … {example[surface]} …")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
