"""Tests for kritischeblik.nlp: pipeline resolution, lemmas and sentence spans."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import kritischeblik.nlp as kbnlp
from kritischeblik.errors import KBError
from kritischeblik.nlp import (
    ENV_VAR,
    LEMMATIZER_FACTORY,
    NLPError,
    clear_nlp_cache,
    describe,
    lemmatize,
    load_nlp,
    pipeline_info,
    sentence_spans,
)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch):
    """No env override, no cached pipelines, and the trained model treated as absent.

    Forcing the model name to something uninstallable keeps the blank-path tests
    meaningful on machines where nl_core_news_sm does happen to be installed.
    """
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr(kbnlp, "_DEFAULT_MODEL", "kb_test_geen_model_xyz")
    clear_nlp_cache()
    yield monkeypatch
    clear_nlp_cache()


@pytest.fixture(scope="module")
def blank_nlp() -> spacy.language.Language:
    return kbnlp._blank()


def _save(nlp: spacy.language.Language, path: Path) -> Path:
    nlp.to_disk(path)
    return path


def _sentencizer_pipeline(with_lemmatizer: bool) -> spacy.language.Language:
    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    if with_lemmatizer:
        nlp.add_pipe(LEMMATIZER_FACTORY)
    return nlp


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    prev_end = 0
    covered = set()
    for s, e in spans:
        assert prev_end <= s < e <= len(text)
        piece = text[s:e]
        assert piece == piece.strip()
        covered.update(range(s, e))
        prev_end = e
    assert {i for i, c in enumerate(text) if not c.isspace()} <= covered


# --------------------------------------------------------------------------- blank path


def test_blank_pipeline_when_nothing_configured(clean_env):
    nlp = load_nlp()
    info = pipeline_info(nlp)
    assert info.kind == "blank"
    assert info.components == ("sentencizer", LEMMATIZER_FACTORY)
    assert info.lemmatizer == "simplemma"
    assert not info.has_pos and not info.has_ner
    assert info.spacy_version == spacy.about.__version__
    simplemma_version = importlib.metadata.version("simplemma")
    assert describe(info) == (
        f"blanco nl-pipeline + sentencizer + simplemma-lemmatizer "
        f"(spaCy {spacy.about.__version__}, simplemma {simplemma_version})"
    )


def test_pipeline_is_cached_per_process(clean_env):
    assert load_nlp() is load_nlp()
    clear_nlp_cache()
    assert load_nlp() is not None


def test_empty_env_var_counts_as_unset(clean_env):
    clean_env.setenv(ENV_VAR, "   ")
    assert pipeline_info(load_nlp()).kind == "blank"


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("samenwerkten", "samenwerken"),
        ("kinderen", "kind"),
        ("Kinderen", "kind"),
        ("liepen", "lopen"),
        ("huizen", "huis"),
        ("hulpverleners", "hulpverlener"),
        ("was", "zijn"),
    ],
)
def test_blank_lemmas(blank_nlp, word, lemma):
    assert lemmatize(blank_nlp, [word]) == [[lemma]]


def test_default_pipeline_lemmas(clean_env):
    result = lemmatize(load_nlp(), ["samenwerkten", "kinderen", "liepen"])
    assert result == [["samenwerken"], ["kind"], ["lopen"]]


def test_lemmatize_skips_space_and_punct_and_keeps_text_order(blank_nlp):
    result = lemmatize(blank_nlp, ["De Kinderen liepen,  snel!\n", "", "…?!"])
    assert result == [["de", "kind", "lopen", "snel"], [], []]


def test_lemmatize_accepts_generator(blank_nlp):
    texts = (t for t in ["Wij samenwerkten.", "Zij liepen."])
    assert lemmatize(blank_nlp, texts, batch_size=1) == [["wij", "samenwerken"], ["zij", "lopen"]]


def test_punctuation_and_space_tokens_keep_lowercased_text(blank_nlp):
    doc = blank_nlp("Ja!  [PERSOON-1]")
    lemmas = {tok.text: tok.lemma_ for tok in doc}
    assert lemmas["!"] == "!"
    assert lemmas["["] == "["
    assert lemmas[" "] == " "


def test_sentence_spans_blank(clean_env):
    text = "  Ik belde [PERSOON-1] op. Zij kwam meteen.\n"
    spans = sentence_spans(load_nlp(), [text, "", "   \n ", "Ja"])
    assert [[text[s:e] for s, e in spans[0]]] == [["Ik belde [PERSOON-1] op.", "Zij kwam meteen."]]
    assert spans[1:] == [[], [], [(0, 2)]]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=6),
            st.sampled_from([" ", "  ", "\n", "\t", ". ", "?! ", "...", "Ja.", "dhr.", "Wij gingen."]),
        ),
        max_size=25,
    ).map("".join)
)
def test_sentence_spans_invariants(blank_nlp, text):
    (spans,) = sentence_spans(blank_nlp, [text])
    _check_spans(text, spans)


def test_sentence_spans_splits_texts_longer_than_max_length():
    nlp = kbnlp._blank()
    nlp.max_length = 40
    text = "Dit is een zin.\nNog een zin hier. " * 20 + "x" * 100
    (spans,) = sentence_spans(nlp, [text])
    _check_spans(text, spans)
    assert text[spans[0][0] : spans[0][1]] == "Dit is een zin."


def test_sentence_spans_without_sentence_component_degrades_to_whole_text():
    nlp = spacy.blank("nl")
    assert sentence_spans(nlp, ["  Een. Twee.  ", " "]) == [[(2, 12)], []]


# --------------------------------------------------------------------------- model path


def test_saved_pipeline_from_env_var(clean_env, tmp_path):
    path = _save(_sentencizer_pipeline(with_lemmatizer=True), tmp_path / "model")
    clean_env.setenv(ENV_VAR, str(path))
    nlp = load_nlp()
    info = pipeline_info(nlp)
    assert info.kind == "model"
    assert info.components == ("sentencizer", LEMMATIZER_FACTORY)
    assert info.lemmatizer == "simplemma"
    assert describe(info).startswith(
        "model nl_pipeline 0.0.0 + sentencizer + simplemma-lemmatizer; geen POS/NER"
    )

    text = "De kinderen liepen weg. Daarna samenwerkten zij."
    spans = sentence_spans(nlp, [text])[0]
    assert [text[s:e] for s, e in spans] == ["De kinderen liepen weg.", "Daarna samenwerkten zij."]
    assert lemmatize(nlp, [text]) == [["de", "kind", "lopen", "weg", "daarna", "samenwerken", "zij"]]
    assert load_nlp() is nlp


def test_saved_pipeline_without_lemmatizer_gets_simplemma(clean_env, tmp_path):
    path = _save(_sentencizer_pipeline(with_lemmatizer=False), tmp_path / "zonder_lemma")
    clean_env.setenv(ENV_VAR, str(path))
    info = pipeline_info(load_nlp())
    assert info.kind == "model"
    assert info.components == ("sentencizer", LEMMATIZER_FACTORY)
    assert info.lemmatizer == "simplemma"
    assert lemmatize(load_nlp(), ["kinderen"]) == [["kind"]]


def test_saved_bare_pipeline_gets_sentencizer_and_lemmatizer(clean_env, tmp_path):
    path = _save(spacy.blank("nl"), tmp_path / "kaal")
    clean_env.setenv(ENV_VAR, str(path))
    nlp = load_nlp()
    assert set(nlp.pipe_names) == {"sentencizer", LEMMATIZER_FACTORY}
    assert sentence_spans(nlp, ["Een zin. Nog een."]) == [[(0, 8), (9, 17)]]


def test_explicit_argument_beats_env_var(clean_env, tmp_path):
    env_path = _save(spacy.blank("nl"), tmp_path / "env")
    arg_path = _save(_sentencizer_pipeline(with_lemmatizer=True), tmp_path / "arg")
    clean_env.setenv(ENV_VAR, str(env_path))
    nlp_arg = load_nlp(str(arg_path))
    assert Path(nlp_arg.path) == arg_path
    assert load_nlp(arg_path) is nlp_arg  # PathLike and str resolve to the same cache entry
    assert load_nlp() is not nlp_arg


def test_invalid_env_path_raises_with_path(clean_env, tmp_path):
    missing = tmp_path / "bestaat" / "niet"
    clean_env.setenv(ENV_VAR, str(missing))
    with pytest.raises(NLPError) as excinfo:
        load_nlp()
    assert str(missing) in str(excinfo.value)
    assert ENV_VAR in str(excinfo.value)
    assert isinstance(excinfo.value, ValueError)
    assert isinstance(excinfo.value, KBError)


def test_directory_that_is_not_a_pipeline_raises(clean_env, tmp_path):
    junk = tmp_path / "geen_model"
    junk.mkdir()
    (junk / "notities.txt").write_text("geen spaCy hier", encoding="utf-8")
    with pytest.raises(NLPError, match="geen_model"):
        load_nlp(str(junk))


def test_unknown_package_name_raises(clean_env):
    with pytest.raises(NLPError, match="kb_onbekend_pakket"):
        load_nlp("kb_onbekend_pakket")


def test_trained_style_pipeline_info_and_component_selection():
    # Untrained components are enough to check the metadata logic; they are never run.
    nlp = spacy.blank("nl")
    for name in ("tok2vec", "tagger", "parser"):
        nlp.add_pipe(name)
    nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    nlp.add_pipe("ner")
    info = pipeline_info(nlp)
    assert info.has_pos and info.has_ner
    assert info.lemmatizer == "spacy"
    # The rule lemmatizer needs POS, so the tagger must keep running for lemmas.
    assert kbnlp._disabled_for_lemmas(nlp) == ["parser", "ner"]
    # Sentences come from the parser, which listens to the shared tok2vec.
    assert kbnlp._disabled_for_sentences(nlp) == ["tagger", "lemmatizer", "ner"]
    kbnlp._complete(nlp)
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser", "lemmatizer", "ner"]
