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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpora" / "gold"
sys.path.insert(0, str(ROOT))

from kritischeblik.analysis import autocode, gold, keyword_matcher  # noqa: E402
from kritischeblik.commands.output import emit  # noqa: E402
from kritischeblik.nlp import load_nlp  # noqa: E402
from kritischeblik.store.codebooks import all_codes  # noqa: E402
from kritischeblik.store.db import Project  # noqa: E402
from kritischeblik.store.segments import interview_texts, segments  # noqa: E402


def build_demo(path: Path) -> Project:
    from kritischeblik.codebook import load_codebook
    from kritischeblik.services.ingest import IngestOptions, ingest_paths
    from kritischeblik.store.codebooks import save_codebook

    demo = ROOT / "corpora" / "demo"
    files = [p for p in sorted(demo.iterdir()) if p.suffix in {".md", ".docx", ".vtt", ".csv"}]
    project = Project.create(path)
    with project.write() as s:
        save_codebook(s, load_codebook("kritische-blik"), primary=True)
    print(f"demo-project bouwen in {path} ...", file=sys.stderr)
    ingest_paths(project, files, IngestOptions(skip_bad=True))
    return project


def gold_quality(segs: list, texts: dict, codebook, nlp, gold_dir: Path = GOLD) -> tuple:  # noqa: ANN001
    """Rule-based suggestions on the gold fragments: (fragments, mapped, unmatched, QualityReport)."""
    fragments = gold.load_gold([gold_dir])
    mapped, unmatched = gold.map_fragments(fragments, texts, segs)
    wanted = {sid for m in mapped for sid in m.segment_ids}
    gold_segs = [x for x in segs if x.id in wanted]
    predicted: dict[int, set[str]] = {}
    for sug in autocode.suggest(gold_segs, codebook, nlp):
        predicted.setdefault(sug.segment_id, set()).add(sug.code_id)
    kinds = {c.id: c.kind for c in codebook.codes}
    return fragments, mapped, unmatched, gold.evaluate_suggestions(mapped, predicted, kinds, unmatched)


def project_quality(project: Project, nlp=None) -> list[dict]:  # noqa: ANN001
    """The quality table's rows (gold.report_rows) for a project holding the demo corpus."""
    nlp = nlp or load_nlp()
    with project.read() as s:
        segs, texts, codebook = segments(s), interview_texts(s), all_codes(s)
    return gold.report_rows(gold_quality(segs, texts, codebook, nlp)[3])


def best_of(fn, repeat: int = 5) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


@dataclass
class AutocodeSpeed:
    """Auto-coding against the bare spaCy tokenizer on the same segment texts (issue #7: at most 2x).

    Both are CPU seconds (``time.process_time``: the machine is shared) in one process, after loading.
    *Tokenizer*: ``nlp.tokenizer.pipe`` over the texts of all segments, each Doc discarded.
    *Auto-coding*: :func:`autocode.suggest` on the same segments with the codebook already compiled:
    matching on the stored lemmas plus building the evidence (which re-tokenises the matched segments).
    *Cold*: the first pass of each on its own freshly loaded pipeline (empty tokenizer cache, fresh
    matcher), as in a ``kb code auto`` run; *warm*: best of ``repeat`` further passes, interleaved.
    """

    segments: int
    chars: int
    suggestions: int
    tokenizer_cold: float
    autocode_cold: float
    tokenizer: float
    autocode: float
    compile_cold: float

    @property
    def ratio(self) -> float:
        return self.autocode / self.tokenizer

    @property
    def ratio_cold(self) -> float:
        return self.autocode_cold / self.tokenizer_cold


def autocode_speed(segs: list, codebook, repeat: int = 5) -> AutocodeSpeed:  # noqa: ANN001 - Codebook
    from kritischeblik.nlp import clear_nlp_cache

    texts = [x.text for x in segs]

    def tokenize(nlp) -> None:  # noqa: ANN001
        for _ in nlp.tokenizer.pipe(texts, batch_size=256):
            pass

    def timed(fn) -> tuple[float, object]:  # noqa: ANN001
        t = time.process_time()
        out = fn()
        return time.process_time() - t, out

    clear_nlp_cache()
    nlp = load_nlp()
    keyword_matcher._COMPILED.clear()
    t_compile, matcher = timed(lambda: keyword_matcher.compile_codebook(codebook, nlp))
    t_auto_cold, found = timed(lambda: autocode.suggest(segs, codebook, nlp, matcher=matcher))
    clear_nlp_cache()
    nlp_tok = load_nlp()
    t_tok_cold, _ = timed(lambda: tokenize(nlp_tok))
    t_tok, t_auto = [], []
    for _ in range(repeat):
        t_tok.append(timed(lambda: tokenize(nlp))[0])
        t_auto.append(timed(lambda: autocode.suggest(segs, codebook, nlp, matcher=matcher))[0])
    return AutocodeSpeed(
        len(segs),
        sum(map(len, texts)),
        len(found),
        t_tok_cold,
        t_auto_cold,
        min(t_tok),
        min(t_auto),
        t_compile,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-p", "--project", type=Path, help="bestaand project met het demo-corpus")
    ap.add_argument("--gold", type=Path, default=GOLD)
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
    fragments, mapped, unmatched, report = gold_quality(segs, texts, codebook, nlp, args.gold)
    kinds = {c.id: c.kind for c in codebook.codes}
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
            {
                "code": c,
                "soort": kinds.get(c, "?"),
                "tp": v.tp,
                "fp": v.fp,
                "fn": v.fn,
                "p": round(v.precision, 3),
                "r": round(v.recall, 3),
                "f1": round(v.f1, 3),
            }
            for c, v in report.per_code.items()
        ]
        emit(rows, args.format, title="Per code")

    # --- speed
    speed = autocode_speed(segs, codebook)
    nlp = load_nlp()
    t_tok, t_auto = speed.tokenizer, speed.autocode
    # Compiling with the keyword lemmas already cached (in-process cache cleared; on-disk cache kept).
    t_compile = best_of(
        lambda: (keyword_matcher._COMPILED.clear(), keyword_matcher.compile_codebook(codebook, nlp))
    )
    # Like for like with the PhraseMatcher: contiguous phrases only, no compounds or separable verbs.
    plain = keyword_matcher.compile_codebook(codebook, nlp, gap=0, compounds=False, separable=False)
    t_plain = best_of(lambda: autocode.suggest(segs, codebook, nlp, matcher=plain))
    pm = autocode.spacy_phrase_matcher(plain, nlp)
    t_pm = best_of(lambda: autocode.suggest_spacy(segs, plain, nlp, pm))
    t_pm_compile = best_of(lambda: autocode.spacy_phrase_matcher(plain, nlp))
    same = set(autocode.suggest_spacy(segs, plain, nlp, pm)) == {
        (x.segment_id, x.code_id) for x in autocode.suggest(segs, codebook, nlp, matcher=plain)
    }
    rows = [
        ("spaCy-tokenizer (referentie)", t_tok),
        ("spaCy-tokenizer, eerste keer (lege cache)", speed.tokenizer_cold),
        ("autocode: codeboek compileren (eenmalig per proces)", t_compile),
        ("autocode: matchen + bewijs", t_auto),
        ("autocode: matchen + bewijs, eerste keer", speed.autocode_cold),
        ("autocode: compileren + matchen", t_compile + t_auto),
        ("lemma-index, zelfde patronen: matchen + bewijs", t_plain),
        ("PhraseMatcher(LEMMA), zelfde patronen: compileren", t_pm_compile),
        ("PhraseMatcher(LEMMA), zelfde patronen: matchen", t_pm),
    ]
    rows = [{"stap": k, "cpu_seconden": round(v, 4), "x_tokenizer": round(v / t_tok, 2)} for k, v in rows]
    print(f"PhraseMatcher en lemma-index vinden dezelfde (segment, code)-paren: {'ja' if same else 'NEE'}")
    emit(
        rows,
        args.format,
        title=f"Snelheid op {speed.segments} segmenten, {speed.chars} tekens "
        f"(CPU-seconden, beste van 5; 'eerste keer': eigen, vers geladen pipeline)",
    )
    verdict = "gehaald" if speed.ratio <= 2 else "NIET gehaald"
    print(
        f"Doel auto-coderen <= 2x de kale tokenizer (zelfde teksten): {speed.ratio:.2f}x "
        f"(eerste keer {speed.ratio_cold:.2f}x) - {verdict}"
    )
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
