"""Dutch spaCy pipeline loading, lemmatisation and sentence spans.

The trained ``nl_core_news_sm`` model is optional: installations without it (or
without internet access to fetch it) get a blank Dutch pipeline with a rule-based
sentencizer and a simplemma-backed lemmatizer, so that every feature that only
needs tokens, lemmas and sentences keeps working. Nothing is ever downloaded.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import os
import threading
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import simplemma
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import KBError

__all__ = [
    "ENV_VAR",
    "LEMMATIZER_FACTORY",
    "NLPError",
    "PipelineInfo",
    "SimplemmaLemmatizer",
    "clear_nlp_cache",
    "describe",
    "lemmatize",
    "load_nlp",
    "pipeline_info",
    "sentence_spans",
]

ENV_VAR = "NL_SPACY_MODEL"
LEMMATIZER_FACTORY = "kb_simplemma_lemmatizer"

# Module attribute rather than a literal so tests can force the blank path even on
# machines where the model happens to be installed.
_DEFAULT_MODEL = "nl_core_news_sm"

_SENT_FACTORIES = frozenset({"sentencizer", "senter", "parser", "beam_parser"})
_SPACY_LEMMA_FACTORIES = frozenset({"lemmatizer", "trainable_lemmatizer"})
# Embedding layers shared through listeners: trainable components that we keep
# need them to still run.
_EMBEDDING_FACTORIES = frozenset({"tok2vec", "transformer", "curated_transformer"})
# Components whose output no lemmatizer relies on (spaCy's rule lemmatizer only
# needs POS/morphology from the tagger, morphologizer and attribute_ruler).
_NOT_NEEDED_FOR_LEMMAS = frozenset(
    {
        "parser",
        "beam_parser",
        "ner",
        "beam_ner",
        "senter",
        "sentencizer",
        "entity_ruler",
        "entity_linker",
        "span_ruler",
        "span_finder",
        "spancat",
        "spancat_singlelabel",
        "textcat",
        "textcat_multilabel",
    }
)


class NLPError(KBError, ValueError):
    """A pipeline the user asked for explicitly could not be loaded.

    A KBError so the CLI reports it without a traceback; a ValueError because the
    cause is a bad setting, not a bug.
    """


# --------------------------------------------------------------------------- lemmatizer


@functools.lru_cache(maxsize=262_144)
def _simplemma_lemma(form: str) -> str:
    # Interview vocabularies are Zipfian: a small set of forms makes up most tokens,
    # so caching turns simplemma's per-call dictionary probing into a dict hit.
    return simplemma.lemmatize(form, lang="nl").lower()


class SimplemmaLemmatizer:
    """Sets ``token.lemma_`` from simplemma's Dutch dictionary.

    It holds no state, so it has nothing to serialise; a saved pipeline only
    records the factory name and gets a fresh instance on load.
    """

    def __init__(self, nlp: Language, name: str = LEMMATIZER_FACTORY) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        lemma_of = _simplemma_lemma
        for token in doc:
            if token.is_space or token.is_punct:
                # simplemma would only echo these back; skipping it saves the lookup
                # and guarantees punctuation is never "lemmatised" into a word.
                token.lemma_ = token.text.lower()
            else:
                token.lemma_ = lemma_of(token.text)
        return doc


@Language.factory(
    LEMMATIZER_FACTORY,
    assigns=["token.lemma"],
    requires=[],
    retokenizes=False,
)
def make_simplemma_lemmatizer(nlp: Language, name: str) -> SimplemmaLemmatizer:
    return SimplemmaLemmatizer(nlp, name)


# --------------------------------------------------------------------------- loading

_CACHE: dict[str, Language] = {}
_CACHE_LOCK = threading.Lock()


def clear_nlp_cache() -> None:
    """Forget every pipeline built by :func:`load_nlp` (mainly for tests)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _looks_like_path(spec: str) -> bool:
    return (
        "/" in spec
        or os.sep in spec
        or (os.altsep is not None and os.altsep in spec)
        or spec.startswith((".", "~"))
    )


def _resolve(model: str | os.PathLike[str] | None) -> tuple[str, str | None, str]:
    """Return (cache key, explicit spec or None, human-readable origin)."""
    if model is not None and str(model).strip():
        spec, origin = str(model).strip(), "argument"
    else:
        env = os.environ.get(ENV_VAR, "").strip()
        if not env:
            return "auto:", None, "automatisch"
        spec, origin = env, ENV_VAR
    path = Path(spec).expanduser()
    if path.exists() or _looks_like_path(spec):
        return f"path:{path.resolve()}", str(path), origin
    return f"package:{spec}", spec, origin


def _enabled_factories(nlp: Language) -> dict[str, str]:
    return {name: nlp.get_pipe_meta(name).factory for name in nlp.pipe_names}


def _has_lemmatizer(nlp: Language) -> bool:
    for name, factory in _enabled_factories(nlp).items():
        if name == "lemmatizer" or factory in _SPACY_LEMMA_FACTORIES or factory == LEMMATIZER_FACTORY:
            return True
    return False


def _has_sentences(nlp: Language) -> bool:
    for name, factory in _enabled_factories(nlp).items():
        if factory in _SENT_FACTORIES:
            return True
        if "token.is_sent_start" in nlp.get_pipe_meta(name).assigns:
            return True
    return False


def _complete(nlp: Language) -> Language:
    # A trained model without lemmatizer or sentence boundaries would make lemma-
    # and sentence-based features silently useless, so fill the gaps cheaply.
    if not _has_sentences(nlp):
        nlp.add_pipe("sentencizer", first=True)
    if not _has_lemmatizer(nlp):
        nlp.add_pipe(LEMMATIZER_FACTORY, last=True)
    return nlp


def _blank() -> Language:
    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(LEMMATIZER_FACTORY)
    return nlp


def _load_explicit(spec: str, key: str, origin: str) -> Language:
    where = "argument model" if origin == "argument" else f"omgevingsvariabele {ENV_VAR}"
    if key.startswith("path:"):
        if not Path(spec).exists():
            raise NLPError(f"spaCy-model '{spec}' (uit {where}) bestaat niet.")
    elif importlib.util.find_spec(spec) is None:
        raise NLPError(
            f"spaCy-model '{spec}' (uit {where}) is geen bestaande map en geen geïnstalleerd pakket."
        )
    try:
        nlp = spacy.load(spec)
    except Exception as exc:  # spaCy raises many unrelated types for a bad model
        raise NLPError(f"spaCy-model '{spec}' (uit {where}) kon niet worden geladen: {exc}") from exc
    return _complete(nlp)


def _load_auto() -> Language:
    if importlib.util.find_spec(_DEFAULT_MODEL) is not None:
        try:
            return _complete(spacy.load(_DEFAULT_MODEL))
        except Exception as exc:  # a broken optional model must not be fatal
            warnings.warn(
                f"{_DEFAULT_MODEL} is geïnstalleerd maar kon niet worden geladen ({exc}); "
                "de blanco pipeline met simplemma wordt gebruikt.",
                RuntimeWarning,
                stacklevel=3,
            )
    return _blank()


def load_nlp(model: str | os.PathLike[str] | None = None) -> Language:
    """Return the Dutch pipeline, built once per process per resolved model.

    Resolution order: ``model`` (package name or directory), then the
    ``NL_SPACY_MODEL`` environment variable, then ``nl_core_news_sm`` when it is
    importable, else a blank Dutch pipeline with sentencizer and simplemma
    lemmatizer. An explicitly requested model that cannot be loaded raises
    :class:`NLPError` instead of falling back, because the user's analysis would
    otherwise silently run with different lemmas than they asked for.
    """
    key, spec, origin = _resolve(model)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            return cached
        nlp = _load_auto() if spec is None else _load_explicit(spec, key, origin)
        _CACHE[key] = nlp
        return nlp


# --------------------------------------------------------------------------- description


@dataclass(frozen=True)
class PipelineInfo:
    kind: str  # "model" | "blank"
    name: str
    version: str
    spacy_version: str
    components: tuple[str, ...]
    has_pos: bool
    has_ner: bool
    lemmatizer: str  # "spacy" | "simplemma" ("none" only for pipelines not built by load_nlp)


def pipeline_info(nlp: Language) -> PipelineInfo:
    """Summarise what a pipeline can do, for reports and provenance records."""
    meta = nlp.meta
    factories = _enabled_factories(nlp)
    assigns = {name: set(nlp.get_pipe_meta(name).assigns) for name in nlp.pipe_names}
    has_pos = any({"token.pos", "token.tag"} & a for a in assigns.values())
    has_ner = any("doc.ents" in a or "token.ent_type" in a for a in assigns.values()) or any(
        f in {"ner", "beam_ner"} for f in factories.values()
    )
    if any(name == "lemmatizer" or f in _SPACY_LEMMA_FACTORIES for name, f in factories.items()):
        lemmatizer = "spacy"
    elif LEMMATIZER_FACTORY in factories.values():
        lemmatizer = "simplemma"
    else:
        lemmatizer = "none"
    meta_name = str(meta.get("name") or "pipeline")
    # Anything read from disk or a package counts as a model, even an untrained
    # one, because its contents are outside our control; only in-memory
    # spacy.blank() pipelines are "blank".
    kind = "model" if nlp.path is not None or meta_name != "pipeline" else "blank"
    return PipelineInfo(
        kind=kind,
        name=f"{meta.get('lang') or nlp.lang}_{meta_name}",
        version=str(meta.get("version") or "0.0.0"),
        spacy_version=spacy.about.__version__,
        components=tuple(nlp.pipe_names),
        has_pos=has_pos,
        has_ner=has_ner,
        lemmatizer=lemmatizer,
    )


def _simplemma_version() -> str:
    try:
        return importlib.metadata.version("simplemma")
    except importlib.metadata.PackageNotFoundError:
        return "onbekend"


_COMPONENT_LABELS = {"sentencizer": "sentencizer", LEMMATIZER_FACTORY: "simplemma-lemmatizer"}


def describe(info: PipelineInfo) -> str:
    """One-line Dutch description of a pipeline, e.g. for a methods section."""
    versions = f"spaCy {info.spacy_version}"
    if info.lemmatizer == "simplemma":
        versions += f", simplemma {_simplemma_version()}"
    if info.kind == "blank":
        lang = info.name.split("_", 1)[0]
        parts = [f"blanco {lang}-pipeline"]
        parts += [_COMPONENT_LABELS.get(c, c) for c in info.components]
        return f"{' + '.join(parts)} ({versions})"
    # For models only our additions are worth naming; trained components are
    # implied by the model name and version.
    parts = [f"model {info.name} {info.version}"]
    parts += [label for comp, label in _COMPONENT_LABELS.items() if comp in info.components]
    text = " + ".join(parts)
    missing = [label for label, present in (("POS", info.has_pos), ("NER", info.has_ner)) if not present]
    if missing:
        text += f"; geen {'/'.join(missing)}"
    return f"{text} ({versions})"


# --------------------------------------------------------------------------- processing


def _disabled_for_lemmas(nlp: Language) -> list[str]:
    factories = _enabled_factories(nlp)
    if any(f == LEMMATIZER_FACTORY for f in factories.values()) and not any(
        name == "lemmatizer" or f in _SPACY_LEMMA_FACTORIES for name, f in factories.items()
    ):
        # simplemma looks only at the token text, so nothing else has to run.
        return [name for name, f in factories.items() if f != LEMMATIZER_FACTORY]
    return [name for name, f in factories.items() if f in _NOT_NEEDED_FOR_LEMMAS]


def _disabled_for_sentences(nlp: Language) -> list[str] | None:
    """Components to switch off for sentence boundaries; None if none can set them."""
    factories = _enabled_factories(nlp)
    # Cheapest first: a rule-based sentencizer needs no other component at all.
    for wanted in (("sentencizer",), ("senter",), ("parser", "beam_parser")):
        keep = [name for name, f in factories.items() if f in wanted]
        if keep:
            if wanted != ("sentencizer",):
                keep += [name for name, f in factories.items() if f in _EMBEDDING_FACTORIES]
            return [name for name in factories if name not in keep]
    for name in factories:
        if "token.is_sent_start" in nlp.get_pipe_meta(name).assigns:
            return []
    return None


def lemmatize(nlp: Language, texts: Iterable[str], batch_size: int = 256) -> list[list[str]]:
    """Lemmas of the non-space, non-punctuation tokens of each text."""
    disable = _disabled_for_lemmas(nlp)
    return [
        [tok.lemma_ for tok in doc if not (tok.is_space or tok.is_punct)]
        for doc in nlp.pipe(texts, batch_size=batch_size, disable=disable)
    ]


def _pieces(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Split text longer than spaCy's max_length, preferably at a line break."""
    start = 0
    while len(text) - start > limit:
        cut = text.rfind("\n", start + 1, start + limit)
        if cut <= start:
            cut = text.rfind(" ", start + 1, start + limit)
        if cut <= start:
            cut = start + limit
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(nlp: Language, texts: Sequence[str], batch_size: int = 256) -> list[list[tuple[int, int]]]:
    """Character spans (start, end) of the sentences in each text.

    Spans are whitespace-trimmed, non-empty, ordered and non-overlapping; together
    they cover every non-whitespace character of the text.
    """
    disable = _disabled_for_sentences(nlp)
    limit = max(1, nlp.max_length)
    # Flatten to (text index, offset, piece) so that all texts share one nlp.pipe
    # call (batching is where spaCy's speed comes from), then regroup per text.
    jobs = [(i, offset, piece) for i, text in enumerate(texts) for offset, piece in _pieces(text, limit)]
    result: list[list[tuple[int, int]]] = [[] for _ in texts]
    docs = nlp.pipe((piece for _, _, piece in jobs), batch_size=batch_size, disable=disable or [])
    for (i, offset, piece), doc in zip(jobs, docs, strict=True):
        if disable is None or not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
            # No component can mark sentences: the whole piece is one sentence,
            # which keeps callers working rather than crashing on doc.sents.
            bounds: Iterable[tuple[int, int]] = [(0, len(piece))]
        else:
            bounds = ((sent.start_char, sent.end_char) for sent in doc.sents)
        spans = result[i]
        for s, e in bounds:
            s, e = _trimmed(piece, s, e)
            if s < e:
                spans.append((offset + s, offset + e))
    return result
