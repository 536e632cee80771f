"""The encodings shipped in the package (kritischeblik/analysis/encoded/) match the shipped codebooks and the
labelled examples: a fresh install then compares by meaning without encoding them first.

When this fails after a change to a codebook, the examples or analysis/semantic_examples.py, run
``python -m bench.ship_encoded`` (``bench/semantic_fit.py --fit`` does it too).
"""

from __future__ import annotations

import numpy as np
import pytest

from kritischeblik.analysis import semantic
from kritischeblik.codebook import load_codebook, shipped_codebooks
from kritischeblik.services import semantic as meaning


def _prototype_texts(name: str) -> list[list[str]]:
    """The texts the prototype index of a shipped codebook encodes (recorded, not encoded)."""
    asked: list[list[str]] = []

    def record(texts):  # noqa: ANN001, ANN202 - the encoder's signature
        asked.append(list(texts))
        return np.zeros((len(texts), 512), dtype=np.float32)

    semantic.build_index(semantic.semantic_codes(load_codebook(name)), record)
    return asked


@pytest.mark.parametrize("name", sorted(shipped_codebooks()))
def test_every_shipped_codebook_has_its_prototype_encodings(name):
    for texts in _prototype_texts(name):
        shipped = meaning._shipped(f"{meaning.text_key(texts)}.npy")
        assert shipped is not None, f"{name}: run python -m bench.ship_encoded"
        assert np.load(shipped).shape == (len(texts), 512)


def test_the_example_model_of_the_default_codebook_is_shipped_and_used(tmp_path, monkeypatch):
    codebook = load_codebook("kritische-blik")
    code_ids = tuple(c.id for c in semantic.semantic_codes(codebook))
    assert meaning._shipped(f"{meaning.example_key(code_ids)}.npz") is not None, (
        "run python -m bench.ship_encoded"
    )
    # An empty user cache and no encoder: the index and its example model come from the package alone.
    monkeypatch.setenv(meaning.CACHE_ENV_VAR, str(tmp_path))
    monkeypatch.setattr(meaning, "_INDEXES", {})
    monkeypatch.setattr(meaning, "_MODELS", {})

    def no_encoding(texts):  # noqa: ANN001, ANN202
        raise AssertionError("encoded although shipped")

    import kritischeblik.analysis.vectors as vectors

    monkeypatch.setattr(vectors, "encode_texts", no_encoding)
    index = meaning.prototype_index(codebook)
    assert index.examples is not None and list(index.examples.code_ids) == list(index.code_ids)
