"""Privacy recall of pseudonymisation on the demo corpus: which known names survive ingest.

    .venv/bin/python -m bench.privacy_recall [--names tests/data/demo-names-*.txt] [--files corpora/demo/*]
    .venv/bin/python -m bench.privacy_recall --labelled corpora/privacy/test [--out FILE] [--missed]

With ``--labelled DIR`` it measures against a labelled corpus instead (corpora/privacy/, format and rules
in bench/privacy_scoring.py): each transcript is ingested on its own into a fresh project through the real
``kb init`` / ``kb ingest``, every call of the pseudonymiser is recorded, and recall per category, precision
and the false positives are printed as Markdown (``--out`` writes them to a file too; ``--missed`` also
lists the mentions that were not caught, with context: use that on dev/, never tune on test/).

Ingests the demo corpus into a temporary project exactly as ``kb ingest`` does, then searches what the
store keeps (interviews.text, .organisatie, .attributes and principle_suggestions.text) for every entry of
the name lists (whole word, case-sensitive). Prints:

* leaked entries with their number of occurrences (the recall failures);
* replaced surfaces that are not (part of) a listed name, by category, with ``*`` before those that look
  like ordinary Dutch words (every word lowercase or known to simplemma): the precision failures;
* time spent inside ``Pseudonymiser.pseudonymise`` per interview (warm: deduce loaded beforehand).

This prints interview text of the demo corpus (invented people); never run it on real data.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "demo"
DATA = ROOT / "tests" / "data"
PLACEHOLDER = re.compile(r"\[([A-Z]+)-\d+\]")
NAME_CATEGORIES = {"PERSOON", "LOCATIE", "INSTELLING"}


class RecordingPseudonymiser:
    """Passes calls through and keeps (input pieces, output pieces, category per placeholder, seconds)."""

    def __init__(self, inner) -> None:  # noqa: ANN001
        self.inner = inner
        self.calls: list[tuple[list[str], list[str], float, dict]] = []

    def pseudonymise(
        self,
        pieces: Sequence[str],
        known_persons: Sequence[str] = (),
        protected_terms: Sequence[str] = (),
        **extra,  # noqa: ANN003 - whatever else the pipeline passes (mapper, ...) goes through unchanged
    ):
        pieces = list(pieces)
        t0 = time.perf_counter()
        result = self.inner.pseudonymise(
            pieces, known_persons=known_persons, protected_terms=protected_terms, **extra
        )
        kwargs = {"known_persons": list(known_persons), "protected_terms": list(protected_terms)}
        self.calls.append((pieces, list(result.pieces), time.perf_counter() - t0, kwargs))
        return result

    def __getattr__(self, name: str):  # noqa: ANN204 - other methods of the pseudonymiser, unrecorded
        return getattr(self.inner, name)


def replaced_surfaces(original: str, pseudo: str) -> list[tuple[str, str]]:
    """(category, original text) for every placeholder in ``pseudo``.

    The text between placeholders is copied verbatim, so a non-greedy match of the literal parts in order
    recovers what each placeholder stands for.
    """
    parts = PLACEHOLDER.split(pseudo)
    literals, cats = parts[0::2], parts[1::2]
    if not cats:
        return []
    pattern = "".join(re.escape(lit) + ("(.+?)" if i < len(cats) else "") for i, lit in enumerate(literals))
    m = re.fullmatch(pattern, original, re.DOTALL)
    if m is None:
        return [(c, "<niet te herleiden>") for c in cats]
    return list(zip(cats, m.groups(), strict=True))


def load_names(paths: Sequence[Path]) -> list[str]:
    names: list[str] = []
    for p in paths:
        names.extend(line.strip() for line in p.read_text(encoding="utf-8").splitlines() if line.strip())
    return names


def word_re(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)")


def stored_texts(project) -> list[str]:  # noqa: ANN001
    from sqlalchemy import select

    from kritischeblik.store.schema import Interview, PrincipleSuggestion

    texts: list[str] = []
    with project.read() as s:
        for iv in s.scalars(select(Interview)):
            texts.append(iv.text)
            texts.append(iv.organisatie or "")
            texts.extend(str(v) for v in (iv.attributes or {}).values())
        texts.extend(s.scalars(select(PrincipleSuggestion.text)))
    return texts


def _context(text: str, surface: str) -> str:
    at = max(text.find(surface), 0)
    return " ".join(text[max(at - 60, 0) : at + len(surface) + 40].split())


def looks_ordinary(surface: str) -> bool:
    import simplemma

    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", surface)
    if not words:
        return False
    return all(w.islower() or simplemma.is_known(w.lower(), lang="nl") for w in words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", nargs="*", type=Path, default=sorted(DATA.glob("demo-names-*.txt")))
    parser.add_argument("--files", nargs="*", type=Path, default=None)
    parser.add_argument(
        "--all", action="store_true", help="list every replaced non-name surface, not just the top"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timing: best of N runs per interview")
    parser.add_argument("--context", action="store_true", help="show where each leaked name occurs")
    parser.add_argument("--labelled", type=Path, help="labelled corpus folder, e.g. corpora/privacy/test")
    parser.add_argument("--out", type=Path, help="with --labelled: also write the Markdown report here")
    parser.add_argument("--missed", action="store_true", help="with --labelled: list missed mentions")
    parser.add_argument("--json", type=Path, help="with --labelled: the figures README quotes, as JSON")
    args = parser.parse_args(argv)
    if args.labelled:
        from bench.privacy_labelled import run_labelled

        text = run_labelled(args.labelled, show_missed=args.missed, json_out=args.json)
        print(text, end="")
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        return 0

    from kritischeblik.codebook import load_codebook
    from kritischeblik.ingest.pseudonymisation.pseudonymiser import get_pseudonymiser
    from kritischeblik.nlp import load_nlp
    from kritischeblik.services.ingest import ingest_paths
    from kritischeblik.store.codebooks import save_codebook
    from kritischeblik.store.db import Project

    # Sequential ingest: the recorder must see every call, and per-interview times must not include
    # the other worker's load on a 2-core machine.
    os.environ["KB_WORKERS"] = "1"
    files = args.files or sorted(p for p in DEMO.iterdir() if p.is_file())
    names = load_names(args.names)
    recorder = RecordingPseudonymiser(get_pseudonymiser())
    nlp = load_nlp()
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.create(Path(tmp) / "bench.kb")
        with project.write() as s:
            save_codebook(s, load_codebook("kritische-blik"), primary=True)
        t0 = time.perf_counter()
        ingest_paths(project, files, nlp=nlp, pseudonymiser=recorder)
        total = time.perf_counter() - t0
        texts = stored_texts(project)
        project.close()

    unique = list(dict.fromkeys(names))
    leaks = Counter()
    for name in unique:
        rx = word_re(name)
        n = sum(len(rx.findall(t)) for t in texts)
        if n:
            leaks[name] = n
    print(f"Naamlijsten: {len(names)} regels, {len(unique)} unieke namen; bestanden: {len(files)}")
    print(f"Gelekt: {len(leaks)} van {len(unique)} unieke namen ({sum(leaks.values())} keer)")
    for name, n in leaks.most_common():
        print(f"  {n:4d}  {name}")
        if args.context:
            rx = word_re(name)
            for t in texts:
                for m in rx.finditer(t):
                    snippet = " ".join(t[max(m.start() - 60, 0) : m.end() + 40].split())
                    print(f"          … {snippet} …")

    name_res = [word_re(n) for n in unique]
    other: Counter = Counter()
    example: dict[tuple[str, str], str] = {}
    for pieces, out, _, _ in recorder.calls:
        for original, pseudo in zip(pieces, out, strict=True):
            for cat, surface in replaced_surfaces(original, pseudo):
                surface = " ".join(surface.split())
                # A part of a listed name ("Boog" of "De Boog") is a hit too, not a false positive.
                inner = word_re(surface)
                if not any(rx.search(surface) for rx in name_res) and not any(
                    inner.search(n) for n in unique
                ):
                    other[(cat, surface)] += 1
                    example.setdefault((cat, surface), _context(original, surface))
    ordinary = {k: n for k, n in other.items() if k[0] in NAME_CATEGORIES and looks_ordinary(k[1])}
    print(f"\nVervangen, geen naam uit de lijsten: {len(other)} verschillende ({sum(other.values())} keer)")
    print(f"  waarvan gewone woorden (*): {len(ordinary)} verschillende ({sum(ordinary.values())} keer)")
    shown = (
        other.most_common()
        if args.all
        else sorted(other.items(), key=lambda kv: (kv[0] not in ordinary, -kv[1]))[:80]
    )
    for (cat, surface), n in shown:
        mark = "*" if (cat, surface) in ordinary else " "
        print(f"  {mark} {n:3d}  {cat:<14} {surface}")
        if args.context:
            print(f"          … {example[(cat, surface)]} …")

    # Warm timing: every recorded call again, best of --repeat, so the first call's lazy set-up and
    # scheduling noise do not count. Only interviews (calls with known names) are timed.
    inner = recorder.inner
    times, words = [], []
    for pieces, _, _, kwargs in recorder.calls:
        if not kwargs["known_persons"]:
            continue
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            inner.pseudonymise(pieces, **kwargs)
            best = min(best, time.perf_counter() - t0)
        times.append(best)
        words.append(sum(len(p.split()) for p in pieces))
    first = [t for pieces, _, t, kw in recorder.calls[1:] if kw["known_persons"]]
    if first:
        print(
            f"\nTijd in pseudonymise tijdens de ingest (eerste keer per interview, zonder de allereerste): "
            f"gemiddeld {sum(first) / len(first) * 1000:.0f} ms"
        )
    if times:
        per_1100 = sum(times) / sum(words) * 1100
        print(
            f"Tijd in pseudonymise (warm, beste van {args.repeat}): {len(times)} interviews, gemiddeld "
            f"{sum(times) / len(times) * 1000:.0f} ms ({sum(words) / len(words):.0f} woorden), max "
            f"{max(times) * 1000:.0f} ms; {per_1100 * 1000:.0f} ms per 1.100 woorden; hele ingest {total:.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
