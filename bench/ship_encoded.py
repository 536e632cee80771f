"""Write the encodings a fresh install needs into the package (``kritischeblik/analysis/encoded/``).

``kb code auto`` compares segments with the codebook's prototypes and with a model of the labelled examples
(kritischeblik/services/semantic.py); both are encoded once and cached per user. Without shipped copies the
first run after an install encodes some 1,500 texts (about ten seconds). This script builds the cache files of
every shipped codebook and of the shipped examples in an empty cache and copies them into the package;
``bench/semantic_fit.py --fit`` runs it after writing new examples, and ``tests/test_shipped_encodings.py``
fails when they no longer match the codebooks or the examples.

    python -m bench.ship_encoded
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kritischeblik.analysis import semantic_examples  # noqa: E402
from kritischeblik.codebook import load_codebook, shipped_codebooks  # noqa: E402
from kritischeblik.services import semantic  # noqa: E402

FOLDER = ROOT / "kritischeblik" / "analysis" / semantic.SHIPPED_FOLDER


def main() -> int:
    # The old files go first: a shipped copy would otherwise answer instead of a fresh encoding.
    FOLDER.mkdir(exist_ok=True)
    for old in FOLDER.glob("*.np[yz]"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ[semantic.CACHE_ENV_VAR] = tmp
        for name in sorted(shipped_codebooks()):
            semantic.prototype_index(load_codebook(name))
        # The examples' own encodings and their neighbours' only feed their model (the .npz), shipped itself.
        examples = semantic_examples.shipped_examples()
        texts = {
            semantic.text_key([e.text for e in examples]),
            semantic.text_key([t for e in examples for t in e.context]),
        }
        made = sorted(f for f in (Path(tmp) / "prototypes").glob("*.np[yz]") if f.stem not in texts)
        for file in made:
            shutil.copyfile(file, FOLDER / file.name)
    size = sum((FOLDER / f.name).stat().st_size for f in made) / 1e6
    print(f"{len(made)} bestanden in {FOLDER.relative_to(ROOT)} ({size:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
