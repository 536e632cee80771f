"""Quality and speed of rule-based auto-coding on the demo corpus.

    .venv/bin/python bench/quality.py                 # builds a temporary demo project (~1-2 min, deduce)
    .venv/bin/python bench/quality.py -p demo.kb      # use an existing project with the demo corpus
    .venv/bin/python bench/quality.py --per-code      # also precision/recall per code

Quality: precision/recall/F1 of the rule-based suggestions on the hand-labelled gold fragments in
corpora/gold/ (definitions in kritischeblik/analysis/gold.py). Speed: the custom lemma-index matcher against
spaCy's PhraseMatcher(attr="LEMMA") and against the raw spaCy tokenizer on the same segment texts (issue #7:
auto-coding must take at most 2x the tokenizer's time).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kritischeblik.analysis import autocode, gold  # noqa: E402
from kritischeblik.commands.output import emit  # noqa: E402
from kritischeblik.nlp import load_nlp  # noqa: E402
from kritischeblik.store.codebooks import all_codes  # noqa: E402
from kritischeblik.store.db import Project  # noqa: E402
from kritischeblik.store.segments import interview_texts, segments  # noqa: E402


def build_demo(path: Path) -> Project:
    from kritischeblik.codebook import load_codebook
    from kritischeblik.ingest.service import IngestOptions, ingest_paths
    from kritischeblik.store.codebooks import save_codebook

    demo = ROOT / "corpora" / "demo"
    files = [p for p in sorted(demo.iterdir()) if p.suffix in {".md", ".docx", ".vtt", ".csv"}]
    project = Project.create(path)
    with project.write() as s:
        save_codebook(s, load_codebook("kritische-blik"), primary=True)
    print(f"demo-project bouwen in {path} ...", file=sys.stderr)
    ingest_paths(project, files, IngestOptions(skip_bad=True))
    return project


def best_of(fn, repeat: int = 5) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-p", "--project", type=Path, help="bestaand project met het demo-corpus")
    ap.add_argument("--gold", type=Path, default=ROOT / "corpora" / "gold")
    ap.add_argument("--per-code", action="store_true")
    ap.add_argument("--format", choices=["table", "csv", "json"], default="table")
    args = ap.parse_args(argv)

    tmp = None
    if args.project:
        project = Project.open(args.project)
    else:
        tmp = tempfile.TemporaryDirectory()
        project = build_demo(Path(tmp.name) / "demo.kb")
    nlp = load_nlp()
    with project.read() as s:
        segs = segments(s)
        texts = interview_texts(s)
        codebook = all_codes(s)
    project.close()

    # --- quality
    fragments = gold.load_gold([args.gold])
    mapped, unmatched = gold.map_fragments(fragments, texts, segs)
    wanted = {sid for m in mapped for sid in m.segment_ids}
    gold_segs = [x for x in segs if x.id in wanted]
    predicted: dict[int, set[str]] = {}
    for sug in autocode.suggest(gold_segs, codebook, nlp):
        predicted.setdefault(sug.segment_id, set()).add(sug.code_id)
    kinds = {c.id: c.kind for c in codebook.codes}
    report = gold.evaluate_suggestions(mapped, predicted, kinds, unmatched)
    n_files = len({f.source for f in fragments})
    print(
        f"Goudstandaard: {n_files} bestanden, {len(fragments)} fragmenten, {len(mapped)} gekoppeld, "
        f"{len(unmatched)} niet gevonden."
    )
    for u in unmatched:
        print(f"  niet gevonden: {u.fragment.interview_id}: {u.fragment.quote!r} ({u.reason})")
    emit(gold.report_rows(report), args.format, title="Regelgebaseerde suggesties op de gouden fragmenten")
    if args.per_code:
        rows = [
            {"code": c, "soort": kinds.get(c, "?"), "tp": v.tp, "fp": v.fp, "fn": v.fn,
             "p": round(v.precision, 3), "r": round(v.recall, 3), "f1": round(v.f1, 3)}
            for c, v in report.per_code.items()
        ]  # fmt: skip
        emit(rows, args.format, title="Per code")

    # --- speed
    seg_texts = [x.text for x in segs]
    n_chars = sum(map(len, seg_texts))
    t_tok = best_of(lambda: list(nlp.tokenizer.pipe(seg_texts, batch_size=256)))
    autocode._COMPILED.clear()
    t_compile = best_of(lambda: (autocode._COMPILED.clear(), autocode.compile_codebook(codebook, nlp)))
    matcher = autocode.compile_codebook(codebook, nlp)
    t_auto = best_of(lambda: autocode.suggest(segs, codebook, nlp, matcher=matcher))
    # Like for like with the PhraseMatcher: contiguous phrases only, no compounds or separable verbs.
    plain = autocode.compile_codebook(codebook, nlp, gap=0, compounds=False, separable=False)
    t_plain = best_of(lambda: autocode.suggest(segs, codebook, nlp, matcher=plain))
    pm = autocode.spacy_phrase_matcher(plain, nlp)
    t_pm = best_of(lambda: autocode.suggest_spacy(segs, plain, nlp, pm))
    t_pm_compile = best_of(lambda: autocode.spacy_phrase_matcher(plain, nlp))
    same = set(autocode.suggest_spacy(segs, plain, nlp, pm)) == {
        (x.segment_id, x.code_id) for x in autocode.suggest(segs, codebook, nlp, matcher=plain)
    }
    rows = [
        ("spaCy-tokenizer (referentie)", t_tok),
        ("autocode: codeboek compileren (eenmalig per proces)", t_compile),
        ("autocode: matchen + bewijs", t_auto),
        ("autocode: compileren + matchen", t_compile + t_auto),
        ("lemma-index, zelfde patronen: matchen + bewijs", t_plain),
        ("PhraseMatcher(LEMMA), zelfde patronen: compileren", t_pm_compile),
        ("PhraseMatcher(LEMMA), zelfde patronen: matchen", t_pm),
    ]
    rows = [{"stap": k, "seconden": round(v, 4), "x_tokenizer": round(v / t_tok, 2)} for k, v in rows]
    print(f"PhraseMatcher en lemma-index vinden dezelfde (segment, code)-paren: {'ja' if same else 'NEE'}")
    emit(rows, args.format, title=f"Snelheid op {len(segs)} segmenten, {n_chars} tekens (beste van 5)")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
